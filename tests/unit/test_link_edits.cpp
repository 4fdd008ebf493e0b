// A link's type or lag, or a project's own fields, set against the portfolio a server holds
// (operations::set_dependency_in_place, edit_project_in_place): each writes exactly what
// edit_dependency or edit_project writes (the row, its change-log rows), refuses what they refuse,
// and its schedule equals a full pass on the database read again. On SQLite here, on PostgreSQL
// under unit.postgres.
#include <doctest/doctest.h>

#include <algorithm>

#include "database_folder.h"
#include "domain/error.h"
#include "graph/network.h"
#include "operations/edits.h"
#include "operations/in_place_edits.h"
#include "operations/links.h"
#include "operations/project_writes.h"
#include "operations/queries.h"

using namespace tiendo;
using operations::EditKind;

namespace {

class LinkFolder : public testing::DatabaseFolder {
 public:
  LinkFolder() : DatabaseFolder("link-edits") {
    auto& database = *this->database;
    for (const char* code : {"W-1", "W-2"}) {
      operations::edit_project(database, staff, EditKind::Add,
                               {{"code", code},
                                {"name", std::string("Điện gió ") + code},
                                {"technology", "wind_onshore"},
                                {"province", code == std::string("W-1") ? "Trà Vinh" : "Cà Mau"},
                                {"capacity_mw", "48"}});
      operations::edit_milestone(database, staff, EditKind::Add,
                                 std::string(code) + ":construction_start",
                                 {{"planned", "2020-03"}, {"duration_days", "200"}}, as_of);
      operations::edit_milestone(database, staff, EditKind::Add, std::string(code) + ":cod",
                                 {{"planned", "2020-12"}}, as_of);
      operations::edit_dependency(database, staff, EditKind::Add,
                                  std::string(code) + ":construction_start",
                                  std::string(code) + ":cod", std::nullopt, "30", as_of);
    }
    // W-2's COD waits for W-1's: a link across projects and provinces.
    operations::edit_dependency(database, staff, EditKind::Add, "W-1:cod", "W-2:cod", "FF", "10",
                                as_of);
  }
  static inline const store::ChangeContext staff{"ann", "", ""};
  static inline const Date as_of = *Date::from_ymd(2020, 12, 31);
};

Account account(const std::string& name, Role role, std::vector<std::string> provinces) {
  Account result;
  result.name = name;
  result.role = role;
  result.provinces = std::move(provinces);
  return result;
}

void require_same_schedule(const analysis::Schedule& a, const analysis::Schedule& b) {
  REQUIRE(a.milestones.size() == b.milestones.size());
  for (std::size_t m = 0; m < a.milestones.size(); ++m) {
    CHECK(a.milestones[m].early_start == b.milestones[m].early_start);
    CHECK(a.milestones[m].early_finish == b.milestones[m].early_finish);
    CHECK(a.milestones[m].late_finish == b.milestones[m].late_finish);
    CHECK(a.milestones[m].total_float == b.milestones[m].total_float);
    CHECK(a.milestones[m].driver_dependency == b.milestones[m].driver_dependency);
  }
}

}  // namespace

TEST_CASE("a link's lag set in place writes what edit_dependency writes, and its schedule") {
  LinkFolder slow, fast;
  const auto& staff = LinkFolder::staff;
  const Date as_of = LinkFolder::as_of;
  auto made = operations::edit_dependency(*slow.database, staff, EditKind::Set, "W-1:cod",
                                          "W-2:cod", "FS", "45", as_of);

  auto scheduled = operations::load_scheduled(*fast.database, as_of);
  auto stamp = fast.database->stamp();
  auto edit = operations::set_dependency_in_place(
      *fast.database, staff, scheduled.portfolio, *scheduled.network, scheduled.schedule, {},
      stamp, "W-1:cod", "W-2:cod", "FS", "45", as_of);
  REQUIRE(edit.written);
  CHECK(edit.result.from == made.from);
  CHECK(edit.result.to == made.to);
  CHECK(edit.result.type == made.type);
  CHECK(edit.result.lag_days == made.lag_days);
  CHECK(edit.stamp == fast.database->stamp());
  CHECK(edit.value.lag_days == 45);

  // The same rows in both databases, and the same change-log row.
  auto reloaded = operations::load_scheduled(*fast.database, as_of);
  CHECK(reloaded.portfolio.dependencies == slow.database->load().dependencies);
  CHECK(scheduled.portfolio.dependencies == reloaded.portfolio.dependencies);
  auto slow_row = slow.database->history("W-2", 1).front();
  auto fast_row = fast.database->history("W-2", 1).front();
  CHECK(fast_row.entity == "dependency:W-1:cod->W-2:cod");
  CHECK(fast_row.entity == slow_row.entity);
  CHECK(fast_row.field == slow_row.field);
  CHECK(fast_row.old_value == slow_row.old_value);
  CHECK(fast_row.new_value == slow_row.new_value);
  CHECK(fast_row.project_code == slow_row.project_code);
  CHECK(fast_row.actor == "ann");
  CHECK(*fast_row.old_value == "FF 10");
  // The schedule brought up to date equals the full pass on what the database holds now.
  require_same_schedule(scheduled.schedule, reloaded.schedule);
  // Its version moved: the link's latest change-log row.
  auto version = operations::dependency_versions(
      *fast.database, reloaded.portfolio,
      {*reloaded.portfolio.find_dependency(
          reloaded.portfolio.milestone_by_reference("W-1:cod"),
          reloaded.portfolio.milestone_by_reference("W-2:cod"))})
                     .front();
  CHECK(version == fast_row.id);

  // Against the stamp the database has left: nothing written, the link put back.
  auto rows = fast.database->history("", 1000).size();
  auto stale = operations::set_dependency_in_place(
      *fast.database, staff, scheduled.portfolio, *scheduled.network, scheduled.schedule, {},
      stamp, "W-1:cod", "W-2:cod", std::nullopt, "5", as_of);
  CHECK_FALSE(stale.written);
  CHECK(scheduled.portfolio.dependencies == reloaded.portfolio.dependencies);
  CHECK(fast.database->history("", 1000).size() == rows);

  // Refusals, each as edit_dependency refuses: nothing written, the link put back.
  stamp = fast.database->stamp();
  auto refused = [&](const std::optional<std::string>& type, const std::optional<std::string>& lag,
                     const Account* who, std::optional<std::int64_t> expected,
                     const std::string& from = "W-1:cod") {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    try {
      operations::set_dependency_in_place(*fast.database, staff, portfolio, *reloaded.network,
                                          schedule, {}, stamp, from, "W-2:cod", type, lag, as_of,
                                          who, expected);
    } catch (...) {
      CHECK(portfolio.dependencies == reloaded.portfolio.dependencies);
      CHECK(fast.database->history("", 1000).size() == rows);
      throw;
    }
  };
  CHECK_THROWS_AS(refused("XX", std::nullopt, nullptr, std::nullopt), InvalidInput);
  CHECK_THROWS_AS(refused(std::nullopt, "many", nullptr, std::nullopt), InvalidInput);
  CHECK_THROWS_AS(refused(std::nullopt, std::nullopt, nullptr, std::nullopt), InvalidInput);
  CHECK_THROWS_AS(refused(std::nullopt, "3", nullptr, std::nullopt, "W-1:construction_start"),
                  NotFound);
  CHECK_THROWS_AS(refused(std::nullopt, "3", nullptr, version - 1), VersionConflict);
  // The link bounds W-2 (Cà Mau): an editor of Trà Vinh alone may not change it.
  Account elsewhere = account("hoa", Role::Editor, {"Trà Vinh"});
  CHECK_THROWS_AS(refused(std::nullopt, "3", &elsewhere, std::nullopt), Forbidden);
  // With the account of W-2's province and the current version: written.
  Account here = account("bich", Role::Editor, {"Cà Mau"});
  Portfolio portfolio = reloaded.portfolio;
  analysis::Schedule schedule = reloaded.schedule;
  auto again = operations::set_dependency_in_place(
      *fast.database, staff, portfolio, *reloaded.network, schedule, {}, stamp, "W-1:cod",
      "W-2:cod", "SS", std::nullopt, as_of, &here, version);
  REQUIRE(again.written);
  CHECK(again.value.type == LinkType::StartToStart);
  CHECK(again.value.lag_days == 45);
  require_same_schedule(schedule, operations::load_scheduled(*fast.database, as_of).schedule);
}

TEST_CASE("a link set in place brings a schedule up to date with milestones changed before") {
  // As the workspace's spare copy does: it catches up with an earlier write's milestones, told
  // with the link's own change.
  LinkFolder folder;
  auto& database = *folder.database;
  const Date as_of = LinkFolder::as_of;
  auto scheduled = operations::load_scheduled(database, as_of);
  analysis::Schedule old_schedule = scheduled.schedule;
  operations::edit_milestone(database, LinkFolder::staff, EditKind::Set, "W-1:construction_start",
                             {{"forecast", "2020-09"}}, as_of);
  Portfolio portfolio = database.load();
  std::int32_t changed = portfolio.milestone_by_reference("W-1:construction_start");
  auto edit = operations::set_dependency_in_place(
      database, LinkFolder::staff, portfolio, *scheduled.network, old_schedule,
      std::vector<std::int32_t>{changed}, database.stamp(), "W-1:cod", "W-2:cod", std::nullopt,
      "20", as_of);
  REQUIRE(edit.written);
  require_same_schedule(old_schedule, operations::load_scheduled(database, as_of).schedule);
}

TEST_CASE("a project's fields set in place write what edit_project writes") {
  LinkFolder slow, fast;
  const auto& staff = LinkFolder::staff;
  const Date as_of = LinkFolder::as_of;
  const Fields fields{{"code", "W-2"}, {"investor", "EVN"}, {"capacity_mw", "50.5"},
                      {"stage", "construction"}, {"target_cod", "2021-06-30"}};
  operations::edit_project(*slow.database, staff, EditKind::Set, fields);
  auto scheduled = operations::load_scheduled(*fast.database, as_of);
  auto stamp = fast.database->stamp();
  auto edit = operations::edit_project_in_place(*fast.database, staff, scheduled.portfolio,
                                                *scheduled.network, scheduled.schedule, {},
                                                stamp, fields, as_of);
  REQUIRE(edit.written);
  CHECK_FALSE(edit.unbounded);
  CHECK(edit.value.investor == "EVN");
  CHECK(edit.stamp == fast.database->stamp());
  auto reloaded = operations::load_scheduled(*fast.database, as_of);
  CHECK(reloaded.portfolio.projects == slow.database->load().projects);
  CHECK(scheduled.portfolio.projects == reloaded.portfolio.projects);
  auto slow_rows = slow.database->history("W-2", 4);
  auto fast_rows = fast.database->history("W-2", 4);
  REQUIRE(fast_rows.size() == slow_rows.size());
  for (std::size_t i = 0; i < fast_rows.size(); ++i) {
    CHECK(fast_rows[i].entity == slow_rows[i].entity);
    CHECK(fast_rows[i].field == slow_rows[i].field);
    CHECK(fast_rows[i].old_value == slow_rows[i].old_value);
    CHECK(fast_rows[i].new_value == slow_rows[i].new_value);
  }
  require_same_schedule(scheduled.schedule, reloaded.schedule);
  auto version = operations::project_version(*fast.database, "W-2");
  CHECK(version == std::max(fast_rows.front().id, fast_rows.back().id));

  // Against the stamp the database has left: nothing written, the project put back.
  auto rows = fast.database->history("", 1000).size();
  Fields other{{"code", "W-2"}, {"investor", "PV Power"}};
  auto stale = operations::edit_project_in_place(*fast.database, staff, scheduled.portfolio,
                                                 *scheduled.network, scheduled.schedule, {},
                                                 stamp, other, as_of);
  CHECK_FALSE(stale.written);
  CHECK(scheduled.portfolio.projects == reloaded.portfolio.projects);
  CHECK(fast.database->history("", 1000).size() == rows);

  // A parent or a calendar is not bounded by the project: nothing written, the caller writes it
  // in full.
  stamp = fast.database->stamp();
  for (const Fields& unbounded : {Fields{{"code", "W-2"}, {"parent", "W-1"}},
                                  Fields{{"code", "W-2"}, {"calendar", "vn-mon-fri"}}}) {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    auto made = operations::edit_project_in_place(*fast.database, staff, portfolio,
                                                  *reloaded.network, schedule, {}, stamp,
                                                  unbounded, as_of);
    CHECK_FALSE(made.written);
    CHECK(made.unbounded);
    CHECK(portfolio.projects == reloaded.portfolio.projects);
    CHECK(fast.database->history("", 1000).size() == rows);
  }

  // Refusals, each as edit_project refuses: nothing written, the project put back.
  auto refused = [&](const Fields& given, const Account* who,
                     std::optional<std::int64_t> expected) {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    try {
      operations::edit_project_in_place(*fast.database, staff, portfolio, *reloaded.network,
                                        schedule, {}, stamp, given, as_of, who, expected);
    } catch (...) {
      CHECK(portfolio.projects == reloaded.portfolio.projects);
      CHECK(fast.database->history("", 1000).size() == rows);
      throw;
    }
  };
  CHECK_THROWS_AS(refused({{"code", "W-2"}}, nullptr, std::nullopt), InvalidInput);
  CHECK_THROWS_AS(refused({{"code", "W-2"}, {"capacity_mw", "many"}}, nullptr, std::nullopt),
                  InvalidInput);
  CHECK_THROWS_AS(refused({{"code", "W-9"}, {"investor", "X"}}, nullptr, std::nullopt), NotFound);
  CHECK_THROWS_AS(refused(other, nullptr, version - 1), VersionConflict);
  Account elsewhere = account("hoa", Role::Editor, {"Trà Vinh"});
  CHECK_THROWS_AS(refused(other, &elsewhere, std::nullopt), Forbidden);
  // Moving it into a province outside the account's: refused too.
  Account here = account("bich", Role::Editor, {"Cà Mau"});
  CHECK_THROWS_AS(refused({{"code", "W-2"}, {"province", "Trà Vinh"}}, &here, std::nullopt),
                  Forbidden);
  Portfolio portfolio = reloaded.portfolio;
  analysis::Schedule schedule = reloaded.schedule;
  auto again = operations::edit_project_in_place(*fast.database, staff, portfolio,
                                                 *reloaded.network, schedule, {}, stamp, other,
                                                 as_of, &here, version);
  CHECK(again.written);
  CHECK(fast.database->load().projects == portfolio.projects);
}

namespace {

// The change-log rows of two databases, newest first, as far as a write decides them.
void require_same_rows(store::Database& slow, store::Database& fast, std::size_t count) {
  auto slow_rows = slow.history("", count);
  auto fast_rows = fast.history("", count);
  REQUIRE(slow_rows.size() == fast_rows.size());
  for (std::size_t i = 0; i < slow_rows.size(); ++i) {
    CHECK(fast_rows[i].entity == slow_rows[i].entity);
    CHECK(fast_rows[i].field == slow_rows[i].field);
    CHECK(fast_rows[i].old_value == slow_rows[i].old_value);
    CHECK(fast_rows[i].new_value == slow_rows[i].new_value);
    CHECK(fast_rows[i].project_code == slow_rows[i].project_code);
    CHECK(fast_rows[i].reason == slow_rows[i].reason);
    CHECK(fast_rows[i].actor == slow_rows[i].actor);
  }
  // One write: its rows share a write id.
  CHECK(fast_rows.front().write_id > 0);
}

}  // namespace

TEST_CASE("a link added or removed in place writes what edit_dependency and remove_dependency write") {
  LinkFolder slow, fast;
  const auto& staff = LinkFolder::staff;
  const Date as_of = LinkFolder::as_of;
  auto scheduled = operations::load_scheduled(*fast.database, as_of);

  // Added: W-1's construction start drives W-2's.
  auto made = operations::edit_dependency(*slow.database, staff, EditKind::Add,
                                          "W-1:construction_start", "W-2:construction_start",
                                          "SS", "15", as_of);
  auto added = operations::add_dependency_in_place(
      *fast.database, staff, scheduled.portfolio, scheduled.schedule, {}, fast.database->stamp(),
      "W-1:construction_start", "W-2:construction_start", "SS", "15", as_of);
  REQUIRE(added.written);
  CHECK(added.result.from == made.from);
  CHECK(added.result.to == made.to);
  CHECK(added.result.type == made.type);
  CHECK(added.result.lag_days == made.lag_days);
  CHECK(added.stamp == fast.database->stamp());
  auto reloaded = operations::load_scheduled(*fast.database, as_of);
  CHECK(reloaded.portfolio.dependencies == slow.database->load().dependencies);
  CHECK(scheduled.portfolio.dependencies == reloaded.portfolio.dependencies);
  require_same_rows(*slow.database, *fast.database, 3);
  require_same_schedule(scheduled.schedule, reloaded.schedule);
  CHECK(added.network->milestone_count() == reloaded.network->milestone_count());

  // Refused as edit_dependency refuses: a link that exists, a cycle, a bad lag, out of scope;
  // nothing written and the portfolio's links as they were.
  const auto rows = fast.database->history("", 1000).size();
  auto stamp = fast.database->stamp();
  auto refused = [&](const std::string& from, const std::string& to,
                     const std::optional<std::string>& lag, const Account* who) {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    try {
      operations::add_dependency_in_place(*fast.database, staff, portfolio, schedule, {}, stamp,
                                          from, to, std::nullopt, lag, as_of, who);
    } catch (...) {
      CHECK(portfolio.dependencies == reloaded.portfolio.dependencies);
      CHECK(fast.database->history("", 1000).size() == rows);
      throw;
    }
  };
  CHECK_THROWS_AS(refused("W-1:cod", "W-2:cod", std::nullopt, nullptr), Conflict);
  std::string cycle;
  try {
    refused("W-2:cod", "W-1:construction_start", std::nullopt, nullptr);
  } catch (const CycleError& error) {
    cycle = error.what();
  }
  std::string full_cycle;
  try {
    operations::edit_dependency(*slow.database, staff, EditKind::Add, "W-2:cod",
                                "W-1:construction_start", std::nullopt, std::nullopt, as_of);
  } catch (const CycleError& error) {
    full_cycle = error.what();
  }
  CHECK_FALSE(cycle.empty());
  CHECK(cycle == full_cycle);
  CHECK_THROWS_AS(refused("W-2:construction_start", "W-1:cod", "many", nullptr), InvalidInput);
  Account elsewhere = account("hoa", Role::Editor, {"Cà Mau"});
  CHECK_THROWS_AS(refused("W-2:construction_start", "W-1:cod", std::nullopt, &elsewhere),
                  Forbidden);
  // Against a stamp the database has left: nothing written.
  {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    auto stale = operations::add_dependency_in_place(
        *fast.database, staff, portfolio, schedule, {}, store::Database::Stamp{}, "W-2:construction_start",
        "W-1:cod", std::nullopt, std::nullopt, as_of);
    CHECK_FALSE(stale.written);
    CHECK(portfolio.dependencies == reloaded.portfolio.dependencies);
  }

  // Removed: the link W-1:cod -> W-2:cod, which drives W-2's COD, with a reason and a version.
  operations::remove_dependency(*slow.database, store::ChangeContext{"ann", "nhập nhầm", ""},
                                "W-1:cod", "W-2:cod");
  auto version = operations::dependency_versions(
                     *fast.database, reloaded.portfolio,
                     {*reloaded.portfolio.find_dependency(
                         reloaded.portfolio.milestone_by_reference("W-1:cod"),
                         reloaded.portfolio.milestone_by_reference("W-2:cod"))})
                     .front();
  {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    CHECK_THROWS_AS(operations::remove_dependency_in_place(
                        *fast.database, store::ChangeContext{"ann", "nhập nhầm", ""}, portfolio,
                        schedule, {}, stamp, "W-1:cod", "W-2:cod", as_of, nullptr, version - 1),
                    VersionConflict);
    CHECK(fast.database->history("", 1000).size() == rows);
  }
  auto removed = operations::remove_dependency_in_place(
      *fast.database, store::ChangeContext{"ann", "nhập nhầm", ""}, scheduled.portfolio,
      scheduled.schedule, {}, stamp, "W-1:cod", "W-2:cod", as_of, nullptr, version);
  REQUIRE(removed.written);
  CHECK(removed.renumbering.size() == reloaded.portfolio.dependencies.size());
  reloaded = operations::load_scheduled(*fast.database, as_of);
  CHECK(reloaded.portfolio.dependencies == slow.database->load().dependencies);
  CHECK(scheduled.portfolio.dependencies == reloaded.portfolio.dependencies);
  require_same_rows(*slow.database, *fast.database, 3);
  CHECK(fast.database->history("", 1).front().field == "removed");
  require_same_schedule(scheduled.schedule, reloaded.schedule);
  CHECK_THROWS_AS(operations::remove_dependency_in_place(
                      *fast.database, staff, scheduled.portfolio, scheduled.schedule, {},
                      fast.database->stamp(), "W-1:cod", "W-2:cod", as_of),
                  NotFound);
}

TEST_CASE("a status set in place writes what set_project_status writes") {
  LinkFolder slow, fast;
  const Date as_of = LinkFolder::as_of;
  const store::ChangeContext context{"ann", "grid:chờ đấu nối", "công văn 12"};
  const Date when = *Date::from_ymd(2020, 11, 2);
  operations::set_project_status(*slow.database, context, "W-2", ProjectStatus::Suspended, when);
  auto scheduled = operations::load_scheduled(*fast.database, as_of);
  auto edit = operations::set_project_status_in_place(
      *fast.database, context, scheduled.portfolio, *scheduled.network, scheduled.schedule, {},
      fast.database->stamp(), "W-2", ProjectStatus::Suspended, when, as_of);
  REQUIRE(edit.written);
  CHECK(edit.stamp == fast.database->stamp());
  auto reloaded = fast.database->load();
  REQUIRE(reloaded.status_events.size() == slow.database->load().status_events.size());
  REQUIRE(scheduled.portfolio.status_events.size() == reloaded.status_events.size());
  const auto& kept = scheduled.portfolio.status_events.back();
  const auto& read = reloaded.status_events.back();
  CHECK(kept.project == read.project);
  CHECK(kept.status == read.status);
  CHECK(kept.date == read.date);
  CHECK(kept.reason == read.reason);
  CHECK(kept.source == read.source);
  require_same_rows(*slow.database, *fast.database, 2);

  // Refused as set_project_status refuses; nothing written, no event kept.
  const auto rows = fast.database->history("", 1000).size();
  Account elsewhere = account("hoa", Role::Editor, {"Trà Vinh"});
  const auto events = scheduled.portfolio.status_events.size();
  CHECK_THROWS_AS(operations::set_project_status_in_place(
                      *fast.database, context, scheduled.portfolio, *scheduled.network,
                      scheduled.schedule, {}, fast.database->stamp(), "W-2",
                      ProjectStatus::Active, when, as_of, &elsewhere),
                  Forbidden);
  CHECK_THROWS_AS(operations::set_project_status_in_place(
                      *fast.database, context, scheduled.portfolio, *scheduled.network,
                      scheduled.schedule, {}, fast.database->stamp(), "W-9",
                      ProjectStatus::Active, when, as_of),
                  NotFound);
  CHECK(scheduled.portfolio.status_events.size() == events);
  CHECK(fast.database->history("", 1000).size() == rows);
}

TEST_CASE("a milestone added in place writes what edit_milestone (Add) writes, and its schedule") {
  LinkFolder slow, fast;
  const Date as_of = LinkFolder::as_of;
  const store::ChangeContext context{"ann", "grid:chờ đấu nối 110 kV", "công văn 7"};
  const Fields fields{{"name", "Đóng điện đường dây"},
                      {"planned", "2020-09-15"},
                      {"forecast", "2021-02-01"},
                      {"duration_days", "20"},
                      {"reason", "grid:chờ đấu nối 110 kV"}};
  // Added to W-1, the first project: W-2's milestones and the links into them move up one.
  operations::edit_milestone(*slow.database, context, EditKind::Add, "W-1:energisation", fields,
                             as_of);
  auto scheduled = operations::load_scheduled(*fast.database, as_of);
  const auto count = scheduled.portfolio.milestones.size();
  auto edit = operations::add_milestone_in_place(
      *fast.database, context, scheduled.portfolio, *scheduled.network, scheduled.schedule, {},
      fast.database->stamp(), "W-1:energisation", fields, as_of);
  REQUIRE(edit.written);
  CHECK(count == 4);
  CHECK(edit.milestone == 2);
  CHECK(edit.stamp == fast.database->stamp());
  // Where a reload puts it, with the same values as the full write's; the links follow.
  auto reloaded = operations::load_scheduled(*fast.database, as_of);
  CHECK(reloaded.portfolio.milestones == slow.database->load().milestones);
  CHECK(scheduled.portfolio.milestones == reloaded.portfolio.milestones);
  CHECK(scheduled.portfolio.dependencies == reloaded.portfolio.dependencies);
  for (std::int32_t p = 0; p < 2; ++p) {
    auto kept = scheduled.portfolio.milestones_of(p), read = reloaded.portfolio.milestones_of(p);
    CHECK(std::vector<std::int32_t>(kept.begin(), kept.end()) ==
          std::vector<std::int32_t>(read.begin(), read.end()));
  }
  CHECK(scheduled.portfolio.find_dependency(scheduled.portfolio.milestone_by_reference("W-1:cod"),
                                            scheduled.portfolio.milestone_by_reference("W-2:cod")));
  require_same_rows(*slow.database, *fast.database, 2);
  require_same_schedule(scheduled.schedule, reloaded.schedule);
  CHECK(scheduled.schedule.milestones[2].early_finish == Date::from_ymd(2021, 2, 1)->days());
  REQUIRE(edit.network->milestone_count() == reloaded.network->milestone_count());
  CHECK(edit.network->incoming(edit.milestone).empty());
  CHECK(edit.network->outgoing(edit.milestone).empty());

  // Refused as edit_milestone refuses, with the same messages; nothing written and the portfolio
  // as it was.
  const auto rows = fast.database->history("", 1000).size();
  const auto stamp = fast.database->stamp();
  auto refusal = [&](const std::string& reference, const Fields& given, const Account* who) {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    std::string in_place, in_full;
    try {
      operations::add_milestone_in_place(*fast.database, context, portfolio, *reloaded.network,
                                         schedule, {}, stamp, reference, given, as_of,
                                         operations::Guard{who, std::nullopt});
    } catch (const Error& error) {
      in_place = error.what();
    }
    try {
      operations::edit_milestone(*slow.database, context, EditKind::Add, reference, given, as_of,
                                 operations::Guard{who, std::nullopt});
    } catch (const Error& error) {
      in_full = error.what();
    }
    CHECK(portfolio.milestones == reloaded.portfolio.milestones);
    CHECK(portfolio.find_milestone("W-1", "late") == std::nullopt);
    CHECK(fast.database->history("", 1000).size() == rows);
    CHECK(in_place == in_full);
    return in_place;
  };
  CHECK(refusal("W-1:energisation", fields, nullptr).find("exists already") != std::string::npos);
  CHECK(refusal("W-1:late", {{"planned", "2020-13-40"}}, nullptr).find("planned") !=
        std::string::npos);
  CHECK(refusal("W-9:cod", {{"planned", "2020-10-01"}}, nullptr).find("W-9") != std::string::npos);
  Account elsewhere = account("hoa", Role::Editor, {"Cà Mau"});
  CHECK_FALSE(refusal("W-1:late", {{"planned", "2020-10-01"}}, &elsewhere).empty());
  // Against a stamp the database has left: nothing written, the portfolio as it was.
  {
    Portfolio portfolio = reloaded.portfolio;
    analysis::Schedule schedule = reloaded.schedule;
    auto stale = operations::add_milestone_in_place(
        *fast.database, context, portfolio, *reloaded.network, schedule, {},
        store::Database::Stamp{}, "W-1:late", {{"planned", "2020-10-01"}}, as_of);
    CHECK_FALSE(stale.written);
    CHECK(portfolio.milestones == reloaded.portfolio.milestones);
  }
}

TEST_CASE("a baseline saved in place holds what save_baseline saves") {
  LinkFolder slow, fast;
  const store::ChangeContext context{"ann", "", ""};
  CHECK(operations::save_baseline(*slow.database, context, "Quý 4/2020") == 4);
  auto portfolio = fast.database->load();
  auto saved = operations::save_baseline_in_place(*fast.database, context, portfolio,
                                                  fast.database->stamp(), "Quý 4/2020");
  REQUIRE(saved.written);
  CHECK(saved.milestones == 4);
  CHECK(saved.stamp == fast.database->stamp());
  CHECK(saved.dates == fast.database->baseline("Quý 4/2020"));
  CHECK(saved.dates == slow.database->baseline("Quý 4/2020"));
  require_same_rows(*slow.database, *fast.database, 1);
  // The same refusals: a name taken, an empty one; and nothing against a stamp left behind.
  const auto rows = fast.database->history("", 1000).size();
  CHECK_THROWS_AS(operations::save_baseline_in_place(*fast.database, context, portfolio,
                                                     fast.database->stamp(), "Quý 4/2020"),
                  Conflict);
  CHECK_THROWS_AS(operations::save_baseline_in_place(*fast.database, context, portfolio,
                                                     fast.database->stamp(), ""),
                  InvalidInput);
  CHECK_FALSE(operations::save_baseline_in_place(*fast.database, context, portfolio,
                                                 store::Database::Stamp{}, "Quý 1/2021")
                  .written);
  CHECK(fast.database->history("", 1000).size() == rows);
  CHECK(fast.database->baselines().size() == 1);
}

TEST_CASE("a milestone removed in place writes what remove_milestone writes, and its schedule") {
  LinkFolder slow, fast;
  const Date as_of = LinkFolder::as_of;
  const store::ChangeContext context{"ann", "other:nhập nhầm", ""};
  // W-1's COD: its link from W-1's construction start and its link to W-2's COD go with it, and
  // W-2's milestones move down one.
  auto made = operations::remove_milestone(*slow.database, context, "W-1:cod");
  auto scheduled = operations::load_scheduled(*fast.database, as_of);
  {
    // Refused as remove_milestone refuses: no reason, out of scope (the link into W-2, in Cà
    // Mau, goes with it), a version left behind; nothing written, nothing taken out.
    const auto rows = fast.database->history("", 1000).size();
    Portfolio portfolio = scheduled.portfolio;
    analysis::Schedule schedule = scheduled.schedule;
    CHECK_THROWS_AS(operations::remove_milestone_in_place(
                        *fast.database, store::ChangeContext{"ann", "", ""}, portfolio, schedule,
                        {}, fast.database->stamp(), "W-1:cod", as_of),
                    InvalidInput);
    Account tra_vinh = account("hoa", Role::Editor, {"Trà Vinh"});
    CHECK_THROWS_AS(operations::remove_milestone_in_place(
                        *fast.database, context, portfolio, schedule, {}, fast.database->stamp(),
                        "W-1:cod", as_of, operations::Guard{&tra_vinh, std::nullopt}),
                    Forbidden);
    CHECK_THROWS_AS(operations::remove_milestone_in_place(
                        *fast.database, context, portfolio, schedule, {}, fast.database->stamp(),
                        "W-1:cod", as_of, operations::Guard{nullptr, 999999}),
                    VersionConflict);
    CHECK_THROWS_AS(
        operations::remove_milestone_in_place(*fast.database, context, portfolio, schedule, {},
                                              fast.database->stamp(), "W-1:nothing", as_of),
        NotFound);
    CHECK(portfolio.milestones == scheduled.portfolio.milestones);
    CHECK(portfolio.dependencies == scheduled.portfolio.dependencies);
    CHECK(fast.database->history("", 1000).size() == rows);
    CHECK_FALSE(operations::remove_milestone_in_place(*fast.database, context, portfolio, schedule,
                                                      {}, store::Database::Stamp{}, "W-1:cod",
                                                      as_of)
                    .written);
  }
  auto removed = operations::remove_milestone_in_place(*fast.database, context, scheduled.portfolio,
                                                       scheduled.schedule, {},
                                                       fast.database->stamp(), "W-1:cod", as_of);
  REQUIRE(removed.written);
  CHECK(removed.result.reference == made.reference);
  CHECK(removed.result.links_removed == made.links_removed);
  CHECK(removed.result.links_removed == 2);
  CHECK(removed.milestone == 1);
  CHECK(removed.stamp == fast.database->stamp());
  auto reloaded = operations::load_scheduled(*fast.database, as_of);
  CHECK(reloaded.portfolio.milestones == slow.database->load().milestones);
  CHECK(scheduled.portfolio.milestones == reloaded.portfolio.milestones);
  CHECK(scheduled.portfolio.dependencies == reloaded.portfolio.dependencies);
  require_same_rows(*slow.database, *fast.database, 3);
  require_same_schedule(scheduled.schedule, reloaded.schedule);
  CHECK(removed.network->milestone_count() == reloaded.network->milestone_count());
}
