// P6's scheduling rules for an imported project (issue 31, docs/schedule.md "Projects imported
// from P6"), each on a small network worked by hand on vn-mon-fri (08:00-12:00, 13:00-17:00):
// as late as possible, retained logic through a finished activity, a lag counted from an actual
// finish, the remaining work of a started activity waiting for its predecessors; and the flag kept
// by the store, on SQLite and on PostgreSQL.
#include <doctest/doctest.h>

#include <string>

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
