// Importing a contractor's P6 schedule (issue 31): keys folded from activity IDs, skipped kinds,
// exact minutes, calendars; and the goal: tiendo's schedule of a real P6 export, as of its data
// date, gives the early dates P6 wrote for every activity P6 had not started.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>

#include "analysis/forward_pass.h"
#include "analysis/schedule.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/contractor_schedule.h"
#include "io/mspdi_reader.h"
#include "operations/contractor_import.h"

using namespace tiendo;

namespace {

std::string fixture(const std::string& name) {
  return (std::filesystem::path(TIENDO_SOURCE_DIR) / "fixtures" / name).string();
}

operations::ContractorImportOptions wind_farm() {
  return {.province = "Bạc Liêu", .technology = "wind_nearshore", .capacity_mw = {}, .code = {},
          .cod_activity = {}, .baseline = {}, .file_name = {}};
}

struct Reproduced {
  std::size_t compared = 0;
  std::size_t matched = 0;
  std::size_t finished = 0;
  std::size_t finished_kept = 0;
};

// Imports `file`, schedules it as of its data date and compares day by day.
Reproduced reproduce(const std::string& file) {
  auto schedule = io::read_xer(fixture(file));
  Portfolio portfolio;
  std::vector<std::string> notes;
  operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes);
  const auto& contractor = schedule.projects.at(0);
  const Date as_of = Date::from_days(analysis::calendar_time::day_of(*contractor.data_date));
  graph::MilestoneNetwork network(portfolio);
  auto computed = analysis::compute_schedule(portfolio, network, as_of);
  Reproduced result;
  std::size_t shown = 0;
  for (const auto& activity : contractor.activities) {
    auto key = operations::fold_activity_key(activity.id);
    auto milestone = portfolio.find_milestone(portfolio.projects.at(0).code, key);
    if (!milestone)
      continue;  // Skipped kinds.
    const auto& entry = computed.milestones[static_cast<std::size_t>(*milestone)];
    if (activity.finished) {
      ++result.finished;
      result.finished_kept += entry.early_finish ==
                              analysis::calendar_time::day_of(*activity.actual_finish);
      continue;
    }
    if (activity.started || !activity.early_start || !activity.early_finish)
      continue;
    ++result.compared;
    bool same = entry.early_start == analysis::calendar_time::day_of(*activity.early_start) &&
                entry.early_finish == analysis::calendar_time::day_of(*activity.early_finish);
    result.matched += same;
    if (!same && shown++ < 15)
      MESSAGE(activity.id << " P6 " << Date::from_days(analysis::calendar_time::day_of(*activity.early_start)).iso_day()
                          << " .. " << Date::from_days(analysis::calendar_time::day_of(*activity.early_finish)).iso_day()
                          << " tiendo " << Date::from_days(entry.early_start).iso_day() << " .. "
                          << Date::from_days(entry.early_finish).iso_day());
  }
  return result;
}

double share_of(const Reproduced& result) {
  return result.compared ? 100.0 * static_cast<double>(result.matched) /
                               static_cast<double>(result.compared)
                         : 0;
}

}  // namespace

TEST_CASE("contractor import: activity IDs fold to keys") {
  CHECK(operations::fold_activity_key("PCS-140") == "pcs_140");
  CHECK(operations::fold_activity_key("1570") == "1570");
  CHECK(operations::fold_activity_key("ĐN-110") == "dn_110");
  CHECK(operations::fold_activity_key("  A..B  ") == "a_b");
}

TEST_CASE("contractor import: the synthetic Vietnamese file, exactly in minutes") {
  auto schedule = io::read_xer(fixture("p6/synthetic-vn-1258.xer"));
  Portfolio portfolio;
  std::vector<std::string> notes;
  operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes);
  REQUIRE(portfolio.projects.size() == 1);
  const auto& project = portfolio.projects[0];
  CHECK(project.code == "DG-BACLIEU-3");
  CHECK(project.name == "Điện gió Bạc Liêu 3");
  CHECK(project.schedule_rules == "p6");
  CHECK(project.data_date == Date::parse("2027-01-04"));
  CHECK(project.calendar == "dg-baclieu-3-10");
  // Five milestones: the LOE and the WBS summary are skipped, each with a line.
  CHECK(portfolio.milestones.size() == 5);
  CHECK(notes.size() == 2);
  auto concrete = portfolio.find_milestone(project.code, "xd_100");
  REQUIRE(concrete);
  CHECK(portfolio.milestones[static_cast<std::size_t>(*concrete)].duration_minutes == 120 * 60);
  CHECK(portfolio.milestones[static_cast<std::size_t>(*concrete)].duration_days == 15);
  CHECK(portfolio.dependencies.size() == 5);
  bool lag_found = false;
  for (const auto& dependency : portfolio.dependencies)
    lag_found = lag_found || dependency.lag_minutes == 16 * 60;
  CHECK(lag_found);
}

TEST_CASE("contractor import: notes name what tiendo reads otherwise than the file was computed") {
  auto schedule = io::read_xer(fixture("p6/synthetic-vn-1258.xer"));
  schedule.projects[0].out_of_sequence = io::OutOfSequence::ProgressOverride;
  schedule.projects[0].activities[0].constraint = io::ConstraintKind::Other;
  schedule.projects[0].activities[0].constraint_text = "CS_MANDSTART";
  schedule.projects[0].activities[1].constraint = io::ConstraintKind::Other;
  schedule.projects[0].activities[1].constraint_text = "CS_ALAP";
  Portfolio portfolio;
  std::vector<std::string> notes;
  operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes);
  auto noted = [&](const std::string& text) {
    return std::any_of(notes.begin(), notes.end(), [&](const std::string& note) {
      return note.find(text) != std::string::npos;
    });
  };
  // The scheduling options are honoured now: kept with the project's rules, and said as such.
  CHECK(noted("DG-BACLIEU-3 schedules out-of-sequence progress by progress override, as tiendo "
              "does for it"));
  CHECK(!noted("tiendo reads it by retained logic"));
  CHECK(portfolio.projects[0].schedule_rules == "p6 out_of_sequence=progress_override");
  // As late as possible is honoured; only the mandatory start is counted.
  CHECK(noted("1 activities of DG-BACLIEU-3 carry constraints that tiendo does not honour"));
  CHECK(portfolio.milestones[1].as_late_as_possible);
}

TEST_CASE("contractor import: a file's lag calendar is kept with the project's rules and said") {
  for (auto [lag, rules, said] :
       {std::tuple{io::LagCalendar::Successor, "p6 lag=successor", "the successor's calendar"},
        std::tuple{io::LagCalendar::Project, "p6 lag=project", "the project's default calendar"},
        std::tuple{io::LagCalendar::TwentyFourHour, "p6 lag=24_hour", "a 24-hour calendar"}}) {
    auto schedule = io::read_xer(fixture("p6/synthetic-vn-1258.xer"));
    schedule.projects[0].lag_calendar = lag;
    schedule.projects[0].out_of_sequence = io::OutOfSequence::ActualDates;
    Portfolio portfolio;
    std::vector<std::string> notes;
    operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes);
    CAPTURE(rules);
    CHECK(portfolio.projects[0].schedule_rules ==
          std::string(rules) + " out_of_sequence=actual_dates");
    CHECK(std::any_of(notes.begin(), notes.end(), [&](const std::string& note) {
      return note.find(fmt::format("DG-BACLIEU-3 counts lags on {}, as tiendo does for it",
                                   said)) != std::string::npos;
    }));
    CHECK(std::none_of(notes.begin(), notes.end(), [](const std::string& note) {
      return note.find("tiendo counts them on the predecessor's") != std::string::npos;
    }));
  }
}

TEST_CASE("contractor import: two activity IDs folding to one key are refused, both named") {
  auto schedule = io::read_xer(fixture("p6/synthetic-vn-1258.xer"));
  schedule.projects[0].activities[2].id = "XD 100";
  Portfolio portfolio;
  std::vector<std::string> notes;
  CHECK_THROWS_WITH_AS(
      operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes),
      doctest::Contains("activity IDs 'XD-100' and 'XD 100' both fold to the milestone key xd_100"),
      InvalidInput);
}

TEST_CASE("p6 goal: a real export's early dates reproduced for activities not started") {
  // HS2's contract schedule: 3,994 activities on four calendars, 381 of them as late as possible,
  // finished activities whose successors wait for unfinished predecessors (retained logic) and
  // lags of a year counted from an actual finish.
  auto result = reproduce("external/p6/pyp6xer-sp10-cost-loaded.xer");
  MESSAGE("pyp6xer-sp10-cost-loaded.xer: " << result.matched << " of " << result.compared
                                          << " not-started activities reproduced ("
                                          << share_of(result) << "%); finished kept "
                                          << result.finished_kept << " of " << result.finished);
  CHECK(result.compared > 3000);
  CHECK(result.finished_kept == result.finished);
  // Every one, to the day (the issue asks for 98%; the closing note of issue 31 gives the share).
  CHECK(result.matched == result.compared);
}

TEST_CASE("p6 goal: the one real export with another option than P6's defaults") {
  // MPXJ's SuccessorCalendar.xer counts lags on the successor's calendar (rcal_Successor): the
  // project keeps that option with its rules, and its one activity, finished, keeps its actual
  // dates. It has no activity P6 had not started, so no early dates to compare.
  auto schedule = io::read_xer(fixture("external/p6/mpxj-SuccessorCalendar.xer"));
  Portfolio portfolio;
  std::vector<std::string> notes;
  operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes);
  CHECK(portfolio.projects.at(0).schedule_rules == "p6 lag=successor");
  auto result = reproduce("external/p6/mpxj-SuccessorCalendar.xer");
  MESSAGE("mpxj-SuccessorCalendar.xer: finished kept " << result.finished_kept << " of "
                                                       << result.finished);
  CHECK(result.compared == 0);
  CHECK(result.finished == 1);
  CHECK(result.finished_kept == 1);
}

TEST_CASE("p6 goal: P6 22.12 exports of a 7-day-week building schedule, reproduced whole") {
  // Two exports of one model (exupery, MIT): MDL4D with mandatory "start on" constraints on its
  // tasks, MDL4RA without; 24-hour, 7-day and worker calendars, SS and FF links, lags.
  for (const std::string file :
       {"external/p6/exupery-MDL4D.xer", "external/p6/exupery-MDL4RA.xer"}) {
    CAPTURE(file);
    auto result = reproduce(file);
    MESSAGE(file << ": " << result.matched << " of " << result.compared
                 << " not-started activities reproduced (" << share_of(result) << "%)");
    CHECK(result.compared > 50);
    CHECK(result.matched == result.compared);
  }
}

TEST_CASE("contractor import: an MS Project file's problems name its elements, not P6's tables") {
  auto schedule = io::read_mspdi(fixture("external/msproject/mpxj-mspdirelations.xml"));
  auto& activities = schedule.projects[0].activities;
  activities[1].id = activities[0].id + ".";  // Folds to the first one's key.
  // Each attempt on a portfolio of its own: a refused one may have added the project already.
  Portfolio portfolio;
  std::vector<std::string> notes;
  CHECK_THROWS_WITH_AS(
      operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes),
      doctest::Contains(fmt::format("element Task UID {} (line {}) and element Task UID {} (line "
                                    "{}): activity IDs",
                                    activities[0].internal_id, activities[0].row,
                                    activities[1].internal_id, activities[1].row).c_str()),
      InvalidInput);
  activities[1].id = "!!!";  // Folds to nothing.
  portfolio = Portfolio{};
  CHECK_THROWS_WITH_AS(
      operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes),
      doctest::Contains(fmt::format("element Task UID {} (line {}), field ID: '!!!' does not fold",
                                    activities[1].internal_id, activities[1].row).c_str()),
      InvalidInput);
  // An elapsed lag is imported as a link on the 24-hour clock, its minutes the clock's; its
  // milestones' sources name MS Project's tasks (a file without a data date: the project's
  // source is the file alone).
  schedule = io::read_mspdi(fixture("external/msproject/mpxj-mspdirelations.xml"));
  auto& link = schedule.projects[0].relationships.at(0);
  link.lag_elapsed = true;
  link.lag_minutes = 1440;
  portfolio = Portfolio{};
  operations::apply_contractor_schedule(portfolio, schedule, wind_farm(), notes);
  REQUIRE(!portfolio.dependencies.empty());
  CHECK(portfolio.dependencies[0].lag_calendar == LagCalendarRule::TwentyFourHour);
  CHECK(portfolio.dependencies[0].lag_minutes == 1440);
  CHECK(portfolio.dependencies[0].lag_days == 1);
  REQUIRE(portfolio.projects.size() == 1);
  CHECK(portfolio.projects[0].source.ends_with("mpxj-mspdirelations.xml"));
  REQUIRE(!portfolio.milestones.empty());
  CHECK(portfolio.milestones[0].source.find(" Task ") != std::string::npos);
}
