// Delay alerts computed directly, where a golden test cannot fix the clock: the stale kind reads
// the change log's dates, which the CLI writes at the moment of the change.
#include <doctest/doctest.h>

#include "analysis/alerts.h"
#include "graph/network.h"

using namespace tiendo;

namespace {

Date day(int year, int month, int day_of_month) { return *Date::from_ymd(year, month, day_of_month); }

std::int32_t add_project(Portfolio& portfolio, const std::string& code, Stage stage) {
  Project project;
  project.code = code;
  project.name = code;
  project.technology = Technology::WindOnshore;
  project.province = "Trà Vinh";
  project.capacity = Capacity::from_watts(48'000'000);
  project.stage = stage;
  return portfolio.add_project(project);
}

std::vector<analysis::Alert> of_kind(const std::vector<analysis::Alert>& alerts,
                                     analysis::AlertKind kind) {
  std::vector<analysis::Alert> result;
  for (const auto& alert : alerts)
    if (alert.kind == kind) result.push_back(alert);
  return result;
}

}  // namespace

TEST_CASE("stale: a project not operating with no change for the threshold or longer") {
  Portfolio portfolio;
  add_project(portfolio, "FRESH", Stage::Approved);
  add_project(portfolio, "STALE", Stage::Approved);
  add_project(portfolio, "RUNNING", Stage::Operating);
  auto cancelled = add_project(portfolio, "CANCELLED", Stage::Approved);
  portfolio.status_events.push_back(
      StatusEvent{cancelled, ProjectStatus::Cancelled, day(2020, 2, 1), "thu hồi", ""});
  // As of 2020-07-01: 2020-01-04 is 179 days back (Jan 27 + Feb 29 + Mar 31 + Apr 30 + May 31 +
  // Jun 30 + 1), 2020-01-01 is 182 days back.
  std::map<std::string, Date> last_change = {{"FRESH", day(2020, 1, 4)},
                                             {"STALE", day(2020, 1, 1)},
                                             {"RUNNING", day(2019, 1, 1)},
                                             {"CANCELLED", day(2019, 1, 1)}};
  graph::MilestoneNetwork network(portfolio);
  auto schedule = analysis::compute_schedule(portfolio, network, day(2020, 7, 1));
  analysis::AlertInputs inputs;
  inputs.last_change = &last_change;
  auto stale = of_kind(analysis::compute_alerts(portfolio, network, schedule, inputs),
                       analysis::AlertKind::Stale);
  REQUIRE(stale.size() == 1);
  CHECK(portfolio.projects[static_cast<std::size_t>(stale[0].project)].code == "STALE");
  CHECK(stale[0].days == 182);
  CHECK(stale[0].severity == analysis::Severity::Critical);
  CHECK(stale[0].milestone == -1);

  inputs.thresholds.stale_days = 179;
  auto lower = of_kind(analysis::compute_alerts(portfolio, network, schedule, inputs),
                       analysis::AlertKind::Stale);
  REQUIRE(lower.size() == 2);
  CHECK(lower[0].days == 182);
  CHECK(lower[1].days == 179);
  CHECK(lower[1].severity == analysis::Severity::Warning);
}

TEST_CASE("severity boundaries follow the thresholds") {
  analysis::AlertThresholds thresholds;
  CHECK(thresholds.severity(29) == analysis::Severity::Info);
  CHECK(thresholds.severity(30) == analysis::Severity::Warning);
  CHECK(thresholds.severity(179) == analysis::Severity::Warning);
  CHECK(thresholds.severity(180) == analysis::Severity::Critical);
  thresholds.warning_days = 10;
  CHECK(thresholds.severity(10) == analysis::Severity::Warning);
}

TEST_CASE("a suspended project raises no delay alerts while suspended") {
  Portfolio portfolio;
  auto project = add_project(portfolio, "PAUSED", Stage::Approved);
  Milestone cod;
  cod.project = project;
  cod.key = "cod";
  cod.planned = day(2020, 1, 31);
  portfolio.add_milestone(cod);
  graph::MilestoneNetwork network(portfolio);
  auto schedule = analysis::compute_schedule(portfolio, network, day(2020, 3, 1));
  // Overdue 30 days (Feb 29 + 1) and a COD slip of the same 30 days.
  auto before = analysis::compute_alerts(portfolio, network, schedule, {});
  REQUIRE(before.size() == 2);
  CHECK(before[0].days == 30);
  portfolio.status_events.push_back(
      StatusEvent{project, ProjectStatus::Suspended, day(2020, 2, 15), "chờ vốn", ""});
  CHECK(analysis::compute_alerts(portfolio, network, schedule, {}).empty());
}
