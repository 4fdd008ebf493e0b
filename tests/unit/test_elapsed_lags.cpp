// A link's own lag calendar (issue 31): MS Project's elapsed lags ("3ed", "12eh") count on a
// continuous 24-hour, 7-day clock whatever the calendars and whatever the project's rules; the
// forward pass, the backward pass and the incremental schedule honour it, the store (SQLite and
// PostgreSQL), the CSV round trip, the change log and undo keep it, and an MS Project file's
// elapsed lags are imported as such rather than refused. Dates worked by hand on vn-mon-fri
// (08:00-12:00, 13:00-17:00) and on the hand-written huong-linh-9.xml.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "analysis/incremental_schedule.h"
#include "analysis/schedule.h"
#include "database_folder.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/mspdi_reader.h"
#include "io/tiendo_csv.h"
#include "operations/contractor_import.h"
#include "operations/undo.h"
#include "report/labels.h"

using namespace tiendo;

namespace {

std::string fixture(const std::string& name) {
  return (std::filesystem::path(TIENDO_SOURCE_DIR) / "fixtures" / name).string();
}

// One project on vn-mon-fri: A (1 day) -> B (1 day) -> E (an event), A -> B finish-to-start.
struct Network {
  Portfolio portfolio;
  std::int32_t a = 0, b = 0, e = 0;
  explicit Network(const std::string& rules) {
    Project project;
    project.code = "EPC-2";
    project.name = "EPC";
    project.province = "Trà Vinh";
    project.calendar = "vn-mon-fri";
    project.schedule_rules = rules;
    portfolio.add_project(project);
    a = add("a", 1);
    b = add("b", 1);
    e = add("e", 0);
    portfolio.add_dependency({a, b, LinkType::FinishToStart, 0});
    portfolio.add_dependency({b, e, LinkType::FinishToStart, 0});
  }
  std::int32_t add(const std::string& key, std::int32_t days) {
    Milestone milestone;
    milestone.project = 0;
    milestone.key = key;
    milestone.duration_days = days;
    return portfolio.add_milestone(milestone);
  }
  analysis::Schedule schedule(const char* as_of) const {
    graph::MilestoneNetwork network(portfolio);
    return analysis::compute_schedule(portfolio, network, Date::parse(as_of));
  }
};

std::string start(const analysis::Schedule& schedule, std::int32_t m) {
  return Date::from_days(schedule.milestones[static_cast<std::size_t>(m)].early_start).iso_day();
}

}  // namespace

TEST_CASE("elapsed lags: a link's own 24-hour lag calendar comes before its project's rules") {
  // A runs Wednesday 03/03/2027 08:00-17:00. A -> B has a lag of 3 days:
  //  - in working days of vn-mon-fri (any rule: every milestone is on it), Thursday, Friday and
  //    Monday, done Monday 08/03 17:00, so B starts Tuesday 09/03;
  //  - elapsed, 72 clock hours from Wednesday 17:00: Saturday 06/03 17:00, so B starts at its
  //    next working instant, Monday 08/03 08:00, and ends there at 17:00.
  // 12 elapsed hours (720 minutes) end Thursday 05:00: B starts Thursday 04/03 08:00.
  for (const std::string rules : {"", "p6", "p6 lag=successor", "p6 lag=project"}) {
    CAPTURE(rules);
    Network network(rules);
    auto& link = network.portfolio.dependencies[0];
    link.lag_days = 3;
    CHECK(start(network.schedule("2027-03-03"), network.b) == "2027-03-09");
    link.lag_calendar = LagCalendarRule::TwentyFourHour;
    auto elapsed = network.schedule("2027-03-03");
    CHECK(start(elapsed, network.a) == "2027-03-03");
    CHECK(start(elapsed, network.b) == "2027-03-08");
    CHECK(start(elapsed, network.e) == "2027-03-09");
    // The backward pass moves the lag back on the same clock: B's late start Monday 08:00 less
    // 72 hours is Friday 08:00, so A may finish as late as Thursday 17:00: one day of float
    // (on working days it would have none).
    CHECK(*elapsed.milestones[static_cast<std::size_t>(network.a)].total_float == 1);
    CHECK(*elapsed.milestones[static_cast<std::size_t>(network.b)].total_float == 0);
    link.lag_minutes = 720;
    auto hours = network.schedule("2027-03-03");
    CHECK(start(hours, network.b) == "2027-03-04");
    // An incremental update after a change upstream of the lag equals the full pass.
    link.lag_minutes = std::nullopt;
    auto updated = network.schedule("2027-03-03");
    graph::MilestoneNetwork graph(network.portfolio);
    network.portfolio.milestones[static_cast<std::size_t>(network.a)].duration_days = 2;
    analysis::ScheduleChange change;
    change.milestones = {network.a};
    analysis::update_schedule(updated, network.portfolio, graph, Date::parse("2027-03-03"), change);
    auto full = network.schedule("2027-03-03");
    CHECK(start(full, network.b) == "2027-03-08");  // Thursday 17:00 + 72 h: Sunday 17:00.
    for (auto m : {network.a, network.b, network.e}) {
      const auto index = static_cast<std::size_t>(m);
      CHECK(updated.milestones[index].early_start == full.milestones[index].early_start);
      CHECK(updated.milestones[index].early_finish == full.milestones[index].early_finish);
      CHECK(updated.milestones[index].late_finish == full.milestones[index].late_finish);
    }
  }
}

TEST_CASE("elapsed lags: a project on whole days with a link on the 24-hour clock") {
  // Without a calendar every minute works: an elapsed lag is the same lag, and the instant pass
  // the link asks for gives the day pass's dates.
  Network network("");
  network.portfolio.projects[0].calendar.clear();
  network.portfolio.dependencies[0].lag_days = 3;
  auto days = network.schedule("2027-03-03");
  network.portfolio.dependencies[0].lag_calendar = LagCalendarRule::TwentyFourHour;
  auto clock = network.schedule("2027-03-03");
  for (auto m : {network.a, network.b, network.e}) {
    const auto index = static_cast<std::size_t>(m);
    CHECK(days.milestones[index].early_start == clock.milestones[index].early_start);
    CHECK(days.milestones[index].early_finish == clock.milestones[index].early_finish);
    CHECK(days.milestones[index].late_finish == clock.milestones[index].late_finish);
  }
}

TEST_CASE("elapsed lags: the store, the CSV and the change log keep a link's lag calendar") {
  testing::DatabaseFolder folder("elapsed-lags");
  auto& database = *folder.database;
  store::ChangeContext context;
  context.actor = "tester";
  context.reason = "thử hoàn tác";
  database.modify(context, [](Portfolio& portfolio) {
    Network network("p6");
    network.portfolio.dependencies[0].lag_days = 3;
    network.portfolio.dependencies[0].lag_minutes = 4320;
    network.portfolio.dependencies[0].lag_calendar = LagCalendarRule::TwentyFourHour;
    portfolio = network.portfolio;
  });
  auto loaded = database.load();
  REQUIRE(loaded.dependencies.size() == 2);
  CHECK(loaded.dependencies[0].lag_calendar == LagCalendarRule::TwentyFourHour);
  CHECK(loaded.dependencies[0].lag_minutes == 4320);
  CHECK_FALSE(loaded.dependencies[1].lag_calendar);
  // The CSV writes the column only when a link has one, and reads it back.
  std::ostringstream csv;
  io::write_dependencies_csv(csv, loaded);
  CHECK(csv.str().starts_with("from,to,type,lag_days,lag_minutes,lag_calendar\n"));
  CHECK(csv.str().find("EPC-2:a,EPC-2:b,FS,3,4320,24_hour") != std::string::npos);
  // Changed alone, it is written and logged after the minutes: "FS 3 4320" -> "FS 3 4320
  // 24_hour" is how undo finds it again.
  database.modify(context, [](Portfolio& portfolio) {
    portfolio.dependencies[0].lag_calendar = std::nullopt;
    portfolio.dependencies[1].lag_calendar = LagCalendarRule::Successor;
  });
  loaded = database.load();
  CHECK_FALSE(loaded.dependencies[0].lag_calendar);
  CHECK(loaded.dependencies[1].lag_calendar == LagCalendarRule::Successor);
  std::optional<store::ChangeRecord> logged;
  for (const auto& record : database.history("EPC-2", 100))
    if (record.entity == "dependency:EPC-2:a->EPC-2:b" && record.field == "type_lag")
      logged = record;
  REQUIRE(logged);
  CHECK(logged->old_value == "FS 3 4320 24_hour");
  CHECK(logged->new_value == "FS 3 4320");
  // Undo puts the link's lag calendar back from that text; undoing the undo takes it away.
  operations::undo_change(database, context, logged->id, operations::UndoScope::Change,
                          Date::parse("2027-03-03"));
  loaded = database.load();
  CHECK(loaded.dependencies[0].lag_calendar == LagCalendarRule::TwentyFourHour);
  CHECK(loaded.dependencies[0].lag_minutes == 4320);
  CHECK(loaded.dependencies[1].lag_calendar == LagCalendarRule::Successor);
  // The text the change log writes, and what a link file's row makes of a bad word.
  Dependency link{0, 1, LinkType::StartToStart, -1};
  CHECK(dependency_change_text(link) == "SS -1");
  link.lag_calendar = LagCalendarRule::TwentyFourHour;
  CHECK(dependency_change_text(link) == "SS -1 24_hour");
  // The history reads it in words, never the code.
  CHECK(report::link_text("FF 1 1440 24_hour", report::Language::Vietnamese)
            .ends_with(", độ trễ 1 ngày theo đồng hồ 24 giờ"));
  CHECK(report::link_text("FF 1 1440 24_hour", report::Language::English)
            .ends_with(", lag 1 days on the 24-hour clock"));
  CHECK(report::link_text("FF 1 1440", report::Language::English).ends_with(", lag 1 days"));
}

TEST_CASE("elapsed lags: an MS Project file's elapsed lag is imported and scheduled on the clock") {
  // huong-linh-9.xml (hand-written, fixtures/msproject: its dates are plausible, not computed by
  // MS Project): energising (UID 7, an event) finishes no earlier than one elapsed day ("1ed",
  // LinkLag 14400, LagFormat 8) after the turbine erection (UID 6) finishes. tiendo's schedule
  // as of the status date has the erection done Monday 06/04/2026 17:00 on the site's
  // Monday-Saturday calendar (07:30-11:30, 13:00-17:00); 24 clock hours later is Tuesday 17:00,
  // so the event waits for Wednesday 08/04 07:30. Counted as 1,440 working minutes (three days
  // of eight hours: Tuesday, Wednesday, Thursday) it would wait until Friday 10/04.
  auto schedule = io::read_mspdi(fixture("msproject/huong-linh-9.xml"));
  Portfolio portfolio;
  std::vector<std::string> notes;
  operations::ContractorImportOptions options;
  options.province = "Quảng Trị";
  options.technology = "wind_onshore";
  operations::apply_contractor_schedule(portfolio, schedule, options, notes);
  REQUIRE(portfolio.projects.size() == 1);
  // MS Project counts lags on the successor's calendar (docs/schedule.md).
  CHECK(portfolio.projects[0].schedule_rules == "p6 lag=successor");
  const auto code = portfolio.projects[0].code;
  auto erection = portfolio.find_milestone(code, "6");
  auto energising = portfolio.find_milestone(code, "7");
  REQUIRE(erection);
  REQUIRE(energising);
  auto found = portfolio.find_dependency(*erection, *energising);
  REQUIRE(found);
  const auto& link = portfolio.dependencies[static_cast<std::size_t>(*found)];
  CHECK(link.lag_calendar == LagCalendarRule::TwentyFourHour);
  CHECK(link.lag_minutes == 1440);
  CHECK(link.lag_days == 1);
  // Other links keep their project's rule.
  for (const auto& other : portfolio.dependencies)
    if (&other != &link)
      CHECK_FALSE(other.lag_calendar);
  graph::MilestoneNetwork network(portfolio);
  auto dates = analysis::compute_schedule(portfolio, network, Date::parse("2026-03-02"));
  CHECK(Date::from_days(dates.milestones[static_cast<std::size_t>(*erection)].early_finish)
            .iso_day() == "2026-04-06");
  CHECK(start(dates, *energising) == "2026-04-08");
  auto working = portfolio;
  working.dependencies[static_cast<std::size_t>(*found)].lag_calendar = std::nullopt;
  graph::MilestoneNetwork working_network(working);
  CHECK(start(analysis::compute_schedule(working, working_network, Date::parse("2026-03-02")),
              *energising) == "2026-04-10");
}

TEST_CASE("elapsed lags: an elapsed percentage lag is refused with its element and line") {
  std::ifstream original(fixture("msproject/huong-linh-9.xml"));
  std::string text((std::istreambuf_iterator<char>(original)), std::istreambuf_iterator<char>());
  const std::string percent = "<LagFormat>19</LagFormat>";
  auto at = text.find(percent);
  REQUIRE(at != std::string::npos);
  const auto line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
  text.replace(at, percent.size(), "<LagFormat>20</LagFormat>");
  testing::DatabaseFolder folder("elapsed-percent");
  auto path = folder.write("percent.xml", text);
  CHECK_THROWS_WITH_AS(io::read_mspdi(path),
                       doctest::Contains(fmt::format("element PredecessorLink (line {}), field "
                                                     "LagFormat: '20' is an elapsed percentage lag",
                                                     line)
                                             .c_str()),
                       InvalidInput);
}
