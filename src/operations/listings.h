#pragma once
// What a user can look at without changing anything: the portfolio or one project in it, the
// saved baselines, the schedule beside a baseline, the periodic report's figures. Each reads the
// store here, so the command line and the web list the same rows and refuse the same unknown
// names with the same NotFound.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/forecast.h"
#include "analysis/periodic.h"
#include "domain/province.h"
#include "domain/stage.h"
#include "operations/queries.h"
#include "store/database.h"

namespace tiendo::operations {

// The whole portfolio as stored. Lean leaves out what only listings show (see
// store::Database::Detail).
Portfolio load_portfolio(store::Database& database,
                         store::Database::Detail detail = store::Database::Detail::Full);

// The portfolio with one project picked out of it.
struct ProjectSelection {
  Portfolio portfolio;
  std::optional<std::int32_t> project;  // None when no project code was given.
};

// The portfolio and the index of the project `project_code` names; NotFound when it names none.
// An empty code picks no project, for the listings of everything.
ProjectSelection select_project(store::Database& database, const std::string& project_code);

// The portfolio with the project a user asked to see.
struct LoadedProject {
  Portfolio portfolio;
  std::int32_t project = 0;
};

// The portfolio and the index of the project `project_code` names; NotFound when it names none,
// an empty code included, as the code here is the question itself.
LoadedProject load_project(store::Database& database, const std::string& project_code);

// Each project's stage and side state on `as_of`, in the order of portfolio.projects (the GEM and
// EIA-860 status codes are read from these).
std::vector<ProjectStanding> project_standings(const Portfolio& portfolio, Date as_of);

// The saved baselines, oldest first.
std::vector<store::BaselineSummary> list_baselines(store::Database& database);

// The planned dates a baseline saved, by "CODE:key"; NotFound when there is no such baseline.
store::BaselineDates baseline_dates(store::Database& database, const std::string& name);

// A baseline to compare against: the one named, or the latest saved when no name is given.
struct ChosenBaseline {
  std::string name;                           // Empty when none was named and none is saved.
  std::optional<store::BaselineDates> dates;  // Present exactly when name is not empty.
};

ChosenBaseline choose_baseline(store::Database& database, const std::string& name);

// Days by which a milestone now finishing on `early_finish` (days since the epoch) is later than
// the baseline planned it; none when the baseline does not hold the milestone or gave it no date.
std::optional<std::int32_t> baseline_slip(const store::BaselineDates& baseline,
                                          const std::string& reference, std::int32_t early_finish);

// One milestone that differs from a baseline: new since it was saved, planned differently now, or
// forecast to finish on another day than the baseline planned.
struct BaselineChange {
  std::int32_t milestone = 0;
  bool in_baseline = false;
  std::optional<Date> baseline_planned;
  std::optional<std::int32_t> slip_days;  // Early finish minus the baseline's planned date.
};

// The milestones of the scheduled portfolio that differ from the baseline, in portfolio order.
std::vector<BaselineChange> baseline_changes(const ScheduledPortfolio& scheduled,
                                             const store::BaselineDates& baseline);

struct ScheduleAnswer {
  ScheduledPortfolio scheduled;
  std::optional<std::int32_t> project;           // The project asked for, if any.
  std::optional<store::BaselineDates> baseline;  // The baseline asked for, if any.
};

// The schedule at `as_of` (lean: names and sources are not shown), with the project and the
// baseline named, when they are; NotFound for either name when it names nothing.
ScheduleAnswer query_schedule(store::Database& database, Date as_of,
                              const std::string& project_code, const std::string& baseline_name);

struct PeriodicReportAnswer {
  ScheduledPortfolio scheduled;  // Scheduled at the last day of the period.
  analysis::PeriodicReport report;
  ChosenBaseline baseline;            // For the Gantt strips; none when no baseline is saved.
  analysis::ForecastResult forecast;  // MW online by year, drawn from the end of the period.
};

// Everything the periodic report of `from` to `to` shows, for a province or the whole portfolio,
// against the baseline named (the latest saved when the name is empty).
PeriodicReportAnswer query_periodic_report(store::Database& database, Date from, Date to,
                                           const std::optional<ProvinceFilter>& province,
                                           const std::string& baseline_name);

// Whether `tiendo demo` built this database; only such a database may be rebuilt without --force.
bool is_demo_database(store::Database& database);
// Marks a database as built by `tiendo demo`, so that the next demo may rebuild it.
void mark_as_demo(store::Database& database, const store::ChangeContext& context);

}  // namespace tiendo::operations
