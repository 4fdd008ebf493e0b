#pragma once
// A synthetic portfolio of realistic shape for benchmarks and load tests (`tiendo generate`): the
// seeds' technology mix, the milestone templates of fixtures/templates.csv widened to 10-30
// milestones per project with approvals and construction work packages, plants split into phases,
// 110/220 kV lines that gate the plants behind them, and progress simulated up to a fixed date so
// that some milestones are done, some planned and some overdue. Every row says it is synthetic.
#include <cstdint>

#include "domain/date.h"
#include "domain/portfolio.h"
#include "io/templates.h"

namespace tiendo::io {

struct SyntheticOptions {
  std::size_t projects = 1000;  // Rows in projects.csv, parents and phases included.
  std::uint64_t seed = 1;
  // Progress is simulated up to this date: what finished before it is done.
  Date progress_date = *Date::from_ymd(2026, 6, 30);
};

// Deterministic: the same options and templates give the same portfolio on every machine.
Portfolio generate_portfolio(const SyntheticOptions& options,
                             const std::vector<TemplateStep>& templates);

}  // namespace tiendo::io
