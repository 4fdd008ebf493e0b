// P6's scheduling rules for an imported project (issue 31, docs/schedule.md "Projects imported
// from P6"), each on a small network worked by hand on vn-mon-fri (08:00-12:00, 13:00-17:00):
// as late as possible, retained logic through a finished activity, a lag counted from an actual
// finish, the remaining work of a started activity waiting for its predecessors; the file's
// options: a lag on the successor's, the project's or a 24-hour calendar, progress override and
// actual dates; and the flag kept by the store, on SQLite and on PostgreSQL.
#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <utility>

#include "analysis/incremental_schedule.h"
#include "analysis/schedule.h"
#include "database_folder.h"
#include "graph/network.h"

using namespace tiendo;

namespace {

struct P6Network {
  Portfolio portfolio;
  explicit P6Network(const std::string& rules = "p6") {
    Project project;
    project.code = "EPC-1";
    project.name = "EPC";
    project.province = "Trà Vinh";
    project.calendar = "vn-mon-fri";
    project.schedule_rules = rules;
    portfolio.add_project(project);
  }
  std::int32_t add(const std::string& key, std::int32_t days) {
    Milestone milestone;
    milestone.project = 0;
    milestone.key = key;
    milestone.duration_days = days;
    return portfolio.add_milestone(milestone);
  }
  Milestone& operator[](std::int32_t m) {
    return portfolio.milestones[static_cast<std::size_t>(m)];
  }
  void link(std::int32_t from, std::int32_t to, LinkType type = LinkType::FinishToStart,
            std::int32_t lag_days = 0) {
    portfolio.add_dependency({from, to, type, lag_days});
  }
  analysis::Schedule schedule(const char* as_of) const {
    graph::MilestoneNetwork network(portfolio);
    return analysis::compute_schedule(portfolio, network, Date::parse(as_of));
  }
};

std::string start(const analysis::Schedule& schedule, std::int32_t m) {
  return Date::from_days(schedule.milestones[static_cast<std::size_t>(m)].early_start).iso_day();
}
std::string finish(const analysis::Schedule& schedule, std::int32_t m) {
  return Date::from_days(schedule.milestones[static_cast<std::size_t>(m)].early_finish).iso_day();
}

}  // namespace

TEST_CASE("p6 rules: as late as possible uses up the free float, successors unmoved") {
  // As of Monday 01/03/2027. B (10 days) runs 01/03-12/03 and holds C to Monday 15/03. A (2 days,
  // as late as possible) could run 01/03-02/03; it moves to Thursday 11/03-Friday 12/03 17:00, and
  // the start event S before it (as late as possible too) moves with it to Thursday 11/03. The
  // finish event F (as late as possible) sits where work before C would end, Friday 12/03 17:00,
  // not Monday morning. E (as late as possible, no successor) stays where the pass put it.
  P6Network network;
  auto s = network.add("s", 0);
  auto a = network.add("a", 2);
  auto b = network.add("b", 10);
  auto f = network.add("f", 0);
  auto c = network.add("c", 1);
  auto e = network.add("e", 3);
  network[f].finish_event = true;
  for (auto m : {s, a, f, e})
    network[m].as_late_as_possible = true;
  network.link(s, a);
  network.link(a, c);
  network.link(b, c);
  network.link(f, c);
  auto schedule = network.schedule("2027-03-01");
  CHECK(start(schedule, a) == "2027-03-11");
  CHECK(finish(schedule, a) == "2027-03-12");
  CHECK(start(schedule, s) == "2027-03-11");
  CHECK(finish(schedule, f) == "2027-03-12");
  CHECK(start(schedule, c) == "2027-03-15");
  CHECK(start(schedule, e) == "2027-03-01");
  CHECK(finish(schedule, e) == "2027-03-03");
  // Its float is what is left after the move: none.
  CHECK(*schedule.milestones[static_cast<std::size_t>(a)].total_float == 0);
  // Without the flag, A runs as early as it can.
  network[a].as_late_as_possible = false;
  auto early = network.schedule("2027-03-01");
  CHECK(finish(early, a) == "2027-03-02");
  CHECK(start(early, c) == "2027-03-15");
  // An edit elsewhere recomputes the whole schedule where some milestone is as late as
  // possible: A follows its successor C, upstream of the change.
  network[a].as_late_as_possible = true;
  graph::MilestoneNetwork graph(network.portfolio);
  network[b].duration_days = 15;
  analysis::ScheduleChange change;
  change.milestones = {b};
  auto update = analysis::update_schedule(schedule, network.portfolio, graph,
                                          Date::parse("2027-03-01"), change);
  CHECK(update.path == analysis::ScheduleUpdatePath::Full);
  CHECK(finish(schedule, a) == "2027-03-19");
}

TEST_CASE("p6 rules: a finished activity keeps its successors behind its unfinished predecessors") {
  // As of Monday 01/03/2027. P started on 22/02 with 5 days left: it finishes Friday 05/03. D is
  // finished (26/02) although P, finish-to-finish before it, is not (out of sequence). P6 keeps the
  // logic: D's successor S waits for P's finish and starts Monday 08/03. D's printed dates stay
  // its actual ones. On tiendo's own rules D is history and S starts on the as-of date.
  for (const std::string rules : {"p6", ""}) {
    CAPTURE(rules);
    P6Network network(rules);
    auto p = network.add("p", 5);
    auto d = network.add("d", 3);
    auto s = network.add("s", 3);
    network[p].actual_start = Date::parse("2027-02-22");
    network[d].actual_start = Date::parse("2027-02-24");
    network[d].actual = Date::parse("2027-02-26");
    network.link(p, d, LinkType::FinishToFinish);
    network.link(d, s);
    auto schedule = network.schedule("2027-03-01");
    CHECK(finish(schedule, d) == "2027-02-26");
    CHECK(start(schedule, d) == "2027-02-24");
    CHECK(start(schedule, s) == (rules == "p6" ? "2027-03-08" : "2027-03-01"));
  }
}

TEST_CASE("p6 rules: a lag after a finished activity counts from its actual finish") {
  // D finished Wednesday 24/02/2027 at 17:00; a lag of 3 days ends Monday 01/03 17:00, so S
  // starts Tuesday 02/03 (from the data date the lag would end Wednesday 03/03).
  P6Network network;
  auto d = network.add("d", 2);
  auto s = network.add("s", 1);
  network[d].actual_start = Date::parse("2027-02-23");
  network[d].actual = Date::parse("2027-02-24");
  network.link(d, s, LinkType::FinishToStart, 3);
  auto schedule = network.schedule("2027-03-01");
  CHECK(start(schedule, s) == "2027-03-02");
}

TEST_CASE("p6 rules: a started activity's remaining work waits for its predecessors") {
  // R started 22/02/2027 with 2 days left, though Q, finish-to-start before it, has not started
  // (3 days, 01/03-03/03). P6 resumes R after Q: Thursday 04/03 to Friday 05/03. Without such a
  // predecessor R finishes on the data date plus its remaining work, Tuesday 02/03.
  P6Network network;
  auto q = network.add("q", 3);
  auto r = network.add("r", 2);
  auto alone = network.add("alone", 2);
  network[r].actual_start = Date::parse("2027-02-22");
  network[alone].actual_start = Date::parse("2027-02-22");
  network.link(q, r);
  auto schedule = network.schedule("2027-03-01");
  CHECK(finish(schedule, q) == "2027-03-03");
  CHECK(start(schedule, r) == "2027-02-22");
  CHECK(finish(schedule, r) == "2027-03-05");
  CHECK(finish(schedule, alone) == "2027-03-02");
}

TEST_CASE("p6 rules: a lag counts on the calendar the file's options name") {
  // The project is on vn-mon-fri. P (1 day) is on vn-mon-sat and runs Friday 05/03/2027 08:00 to
  // 17:00; S (1 day) is on a seven-day calendar (every day 08:00-12:00, 13:00-17:00); E (an
  // event) follows S. P -> S is finish-to-start with a lag of 16 working hours, counted from
  // Friday 17:00 on
  //  - the predecessor's calendar (Mon-Sat): Saturday 06/03 and Monday 08/03, done Monday 17:00,
  //    so S starts Tuesday 09/03 08:00;
  //  - the successor's (seven days): Saturday 06/03 and Sunday 07/03: S starts Monday 08/03;
  //  - the project's default (Mon-Fri): Monday 08/03 and Tuesday 09/03: S starts Wednesday 10/03;
  //  - a 24-hour calendar: Saturday 06/03 09:00, a working instant of S's: S starts then and
  //    its 8 hours end Sunday 07/03 09:00.
  // The backward pass moves the lag back on the same calendar: P has no float, but for
  //  - the project's calendar: P finishing on Saturday 06/03 17:00 (its calendar works
  //    Saturdays) would still have the 16 Mon-Fri hours end on Tuesday 17:00: one day;
  //  - the 24-hour one: E (on the project's Mon-Fri) waits for Monday 08:00 anyway, so S may run
  //    Sunday 08:00-17:00 and P finish Saturday 16:00, 16 clock hours before: one day.
  for (auto [rules, expected, expected_finish, p_float] :
       {std::tuple{std::string("p6"), "2027-03-09", "2027-03-09", 0},
        std::tuple{std::string("p6 lag=successor"), "2027-03-08", "2027-03-08", 0},
        std::tuple{std::string("p6 lag=project"), "2027-03-10", "2027-03-10", 1},
        std::tuple{std::string("p6 lag=24_hour"), "2027-03-06", "2027-03-07", 1}}) {
    CAPTURE(rules);
    P6Network network(rules);
    CalendarDefinition seven;
    seven.name = "seven-days";
    for (auto& day : seven.weekdays)
      day = parse_day_periods("weekdays", "08:00-12:00,13:00-17:00");
    network.portfolio.calendars.push_back(seven);
    auto p = network.add("p", 1);
    auto s = network.add("s", 1);
    auto e = network.add("e", 0);
    network[p].calendar = "vn-mon-sat";
    network[s].calendar = "seven-days";
    network.link(p, s);
    network.portfolio.dependencies.back().lag_minutes = 16 * 60;
    network.link(s, e);
    auto schedule = network.schedule("2027-03-05");
    CHECK(finish(schedule, p) == "2027-03-05");
    CHECK(start(schedule, s) == expected);
    CHECK(finish(schedule, s) == expected_finish);
    CHECK(*schedule.milestones[static_cast<std::size_t>(p)].total_float == p_float);
    CHECK(*schedule.milestones[static_cast<std::size_t>(s)].total_float == 0);
    // A lag given in days counts that calendar's days: 2 days of the 24-hour calendar are 48
    // hours, Friday 17:00 to Sunday 17:00, so S starts Monday 08/03 there; on the others they
    // are 16 hours, as above.
    network.portfolio.dependencies[0].lag_minutes = std::nullopt;
    network.portfolio.dependencies[0].lag_days = 2;
    auto in_days = network.schedule("2027-03-05");
    CHECK(start(in_days, s) == (rules == "p6 lag=24_hour" ? "2027-03-08" : expected));
    // An incremental update after a change upstream equals the full pass.
    graph::MilestoneNetwork graph(network.portfolio);
    network[p].duration_days = 2;
    analysis::ScheduleChange change;
    change.milestones = {p};
    analysis::update_schedule(in_days, network.portfolio, graph, Date::parse("2027-03-05"),
                              change);
    auto full = network.schedule("2027-03-05");
    for (auto m : {p, s, e}) {
      const auto index = static_cast<std::size_t>(m);
      CHECK(in_days.milestones[index].early_start == full.milestones[index].early_start);
      CHECK(in_days.milestones[index].early_finish == full.milestones[index].early_finish);
      CHECK(in_days.milestones[index].late_finish == full.milestones[index].late_finish);
    }
  }
}

TEST_CASE("p6 rules: progress override and actual dates let progress out of sequence go on") {
  // The two networks above whose dates retained logic holds back, as of Monday 01/03/2027.
  // R started 22/02 with 2 days left though Q (3 days, 01/03-03/03, finish-to-start) has not
  // started: retained logic resumes R after Q (Thursday 04/03-Friday 05/03); progress override
  // ignores R's predecessors, so R finishes on the data date plus its 2 days, Tuesday 02/03.
  // D finished 26/02 although P (5 days left, to Friday 05/03, finish-to-finish before it) has
  // not: retained logic keeps D's successor T behind P's finish (Monday 08/03); progress
  // override lets D pass on its actual dates only, so T starts on the data date, Monday 01/03.
  // P6's "actual dates" schedules both as progress override does (docs/schedule.md).
  for (auto [rules, r_finish, t_start] :
       {std::tuple{std::string("p6"), "2027-03-05", "2027-03-08"},
        std::tuple{std::string("p6 out_of_sequence=progress_override"), "2027-03-02",
                   "2027-03-01"},
        std::tuple{std::string("p6 out_of_sequence=actual_dates"), "2027-03-02", "2027-03-01"},
        std::tuple{std::string("p6 lag=successor out_of_sequence=progress_override"),
                   "2027-03-02", "2027-03-01"}}) {
    CAPTURE(rules);
    P6Network network(rules);
    auto q = network.add("q", 3);
    auto r = network.add("r", 2);
    auto p = network.add("p", 5);
    auto d = network.add("d", 3);
    auto t = network.add("t", 3);
    network[r].actual_start = Date::parse("2027-02-22");
    network[p].actual_start = Date::parse("2027-02-22");
    network[d].actual_start = Date::parse("2027-02-24");
    network[d].actual = Date::parse("2027-02-26");
    network.link(q, r);
    network.link(p, d, LinkType::FinishToFinish);
    network.link(d, t);
    auto schedule = network.schedule("2027-03-01");
    CHECK(finish(schedule, q) == "2027-03-03");
    CHECK(start(schedule, r) == "2027-02-22");
    CHECK(finish(schedule, r) == r_finish);
    CHECK(finish(schedule, p) == "2027-03-05");
    CHECK(finish(schedule, d) == "2027-02-26");
    CHECK(start(schedule, t) == t_start);
    // Progress override ignores an in-progress activity's finish-to-finish predecessors too: R
    // with Q finish-to-finish before it still finishes Tuesday 02/03.
    network.portfolio.dependencies[0].type = LinkType::FinishToFinish;
    auto finish_to_finish = network.schedule("2027-03-01");
    CHECK(finish(finish_to_finish, r) ==
          (rules == "p6" ? "2027-03-03" : "2027-03-02"));
  }
}

TEST_CASE("p6 rules: the store keeps a milestone placed as late as possible") {
  testing::DatabaseFolder folder("p6-rules");
  auto& database = *folder.database;
  store::ChangeContext context;
  context.actor = "tester";
  database.modify(context, [](Portfolio& portfolio) {
    P6Network network;
    auto a = network.add("a", 2);
    network.add("b", 2);
    network[a].as_late_as_possible = true;
    portfolio = network.portfolio;
  });
  auto loaded = database.load();
  REQUIRE(loaded.milestones.size() == 2);
  CHECK(loaded.milestones[0].as_late_as_possible);
  CHECK_FALSE(loaded.milestones[1].as_late_as_possible);
  // Changed alone, it is written.
  database.modify(context, [](Portfolio& portfolio) {
    portfolio.milestones[0].as_late_as_possible = false;
    portfolio.milestones[1].as_late_as_possible = true;
  });
  loaded = database.load();
  CHECK_FALSE(loaded.milestones[0].as_late_as_possible);
  CHECK(loaded.milestones[1].as_late_as_possible);
}
