#pragma once
// Words shown to people, in English or Vietnamese. JSON never uses these; it uses stable keys.
#include <string>
#include <string_view>

#include "analysis/alerts.h"
#include "analysis/schedule.h"
#include "domain/portfolio.h"
#include "report/format.h"

namespace tiendo::report {

std::string_view driver_label(analysis::DriverKind kind, Language language);
// "TV-LINE:grid_line_energized (FS +30)" for a predecessor, else the label of the bound.
std::string describe_driver(const Portfolio& portfolio, const analysis::MilestoneSchedule& entry,
                            Language language);
// The whole chain, one step a line, newest first, as `explain` prints it.
std::string describe_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           std::int32_t milestone, Language language);
// The chain in one line, for alerts: "A:cod ← B:grid_line_energized ← planned 2020-06".
std::string summarise_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                            std::int32_t milestone, Language language);

std::string_view severity_label(analysis::Severity severity, Language language);
std::string_view alert_kind_label(analysis::AlertKind kind, Language language);
// "Chậm 214 ngày so với kế hoạch (COD 07/2019 → 02/2020)" and its English twin.
std::string alert_message(const Portfolio& portfolio, const analysis::Alert& alert,
                          Language language);

}  // namespace tiendo::report
