#include "operations/listings.h"

#include <fmt/format.h>

#include "analysis/pipeline.h"
#include "domain/error.h"
#include "graph/network.h"
#include "operations/forecast.h"

namespace tiendo::operations {
namespace {

// The setting `tiendo demo` leaves in the databases it builds, and the value it sets.
constexpr const char* demo_setting = "demo";
constexpr const char* demo_value = "yes";

std::int32_t require_project(const Portfolio& portfolio, const std::string& project_code) {
  auto project = portfolio.find_project(project_code);
  if (!project)
    throw NotFound(message("project '{}' not found", project_code));
  return *project;
}

// An empty code asks for no project in particular: the listing is of every project.
std::optional<std::int32_t> find_project(const Portfolio& portfolio,
                                         const std::string& project_code) {
  if (project_code.empty())
    return std::nullopt;
  return require_project(portfolio, project_code);
}

}  // namespace

Portfolio load_portfolio(store::Database& database, store::Database::Detail detail) {
  return database.load(detail);
}

ProjectSelection select_project(store::Database& database, const std::string& project_code) {
  ProjectSelection selection;
  selection.portfolio = database.load();
  selection.project = find_project(selection.portfolio, project_code);
  return selection;
}

LoadedProject load_project(store::Database& database, const std::string& project_code) {
  LoadedProject loaded;
  loaded.portfolio = database.load();
  loaded.project = require_project(loaded.portfolio, project_code);
  return loaded;
}

std::vector<ProjectStanding> project_standings(const Portfolio& portfolio, Date as_of) {
  auto by_project = analysis::milestones_by_project(portfolio);
  auto statuses = analysis::statuses_as_of(portfolio, as_of);
  std::vector<ProjectStanding> standings;
  standings.reserve(portfolio.projects.size());
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    auto index = static_cast<std::int32_t>(p);
    standings.push_back(
        ProjectStanding{analysis::stage_as_of(portfolio, index, as_of, by_project), statuses[p]});
  }
  return standings;
}

std::vector<store::BaselineSummary> list_baselines(store::Database& database) {
  return database.baselines();
}

store::BaselineDates baseline_dates(store::Database& database, const std::string& name) {
  return database.baseline(name);
}

ChosenBaseline choose_baseline(store::Database& database, const std::string& name) {
  ChosenBaseline chosen;
  chosen.name = name;
  if (chosen.name.empty()) {
    auto saved = database.baselines();
    if (!saved.empty())
      chosen.name = saved.back().name;
  }
  if (!chosen.name.empty())
    chosen.dates = database.baseline(chosen.name);
  return chosen;
}

std::optional<std::int32_t> baseline_slip(const store::BaselineDates& baseline,
                                          const std::string& reference, std::int32_t early_finish) {
  auto found = baseline.find(reference);
  if (found == baseline.end() || !found->second)
    return std::nullopt;
  return early_finish - found->second->days();
}

std::vector<BaselineChange> baseline_changes(const ScheduledPortfolio& scheduled,
                                             const store::BaselineDates& baseline) {
  const Portfolio& portfolio = scheduled.portfolio;
  std::vector<BaselineChange> changes;
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    BaselineChange change;
    change.milestone = static_cast<std::int32_t>(m);
    std::string reference = portfolio.reference(change.milestone);
    auto found = baseline.find(reference);
    change.in_baseline = found != baseline.end();
    if (change.in_baseline)
      change.baseline_planned = found->second;
    change.slip_days =
        baseline_slip(baseline, reference, scheduled.schedule.milestones[m].early_finish);
    // A milestone the baseline held with the same plan, still forecast on its planned day, has
    // not moved; listing it would bury the ones that have.
    bool unchanged = change.in_baseline && identical(change.baseline_planned, milestone.planned) &&
                     (!change.slip_days || *change.slip_days == 0);
    if (!unchanged)
      changes.push_back(std::move(change));
  }
  return changes;
}

ScheduleAnswer query_schedule(store::Database& database, Date as_of,
                              const std::string& project_code, const std::string& baseline_name) {
  ScheduleAnswer answer;
  answer.scheduled = load_scheduled(database, as_of, store::Database::Detail::Lean);
  answer.project = find_project(answer.scheduled.portfolio, project_code);
  if (!baseline_name.empty())
    answer.baseline = database.baseline(baseline_name);
  return answer;
}

PeriodicReportAnswer query_periodic_report(store::Database& database, Date from, Date to,
                                           const std::optional<ProvinceFilter>& province,
                                           const std::string& baseline_name) {
  PeriodicReportAnswer answer;
  answer.scheduled = load_scheduled(database, to);
  answer.report = analysis::compute_periodic_report(
      answer.scheduled.portfolio, *answer.scheduled.network, answer.scheduled.schedule, from,
      province, ProvinceRegistry::builtin());
  answer.baseline = choose_baseline(database, baseline_name);
  answer.forecast =
      chart_forecast(answer.scheduled.portfolio, *answer.scheduled.network, to, province,
                     report_forecast_draws(answer.scheduled.portfolio.milestones.size()));
  return answer;
}

bool is_demo_database(store::Database& database) {
  return database.setting(demo_setting) == demo_value;
}

void mark_as_demo(store::Database& database, const store::ChangeContext& context) {
  database.set_setting(demo_setting, demo_value, context);
}

}  // namespace tiendo::operations
