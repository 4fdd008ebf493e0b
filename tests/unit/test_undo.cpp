// Undoing a change, or the whole write it came with, and the history's filters: what the history
// page and its undo button stand on (operations/undo.h, operations/change_log.h).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "database_folder.h"
#include "domain/error.h"
#include "operations/change_log.h"
#include "operations/edits.h"
#include "operations/import.h"
#include "operations/links.h"
#include "operations/project_writes.h"
#include "operations/scope.h"
#include "operations/undo.h"

using namespace tiendo;
using operations::EditKind;
using operations::UndoScope;

namespace {

class Workspace : public testing::DatabaseFolder {
 public:
  Workspace() : DatabaseFolder("undo") {}
};

const store::ChangeContext ann{"ann", "", ""};
const store::ChangeContext admin_undo{"root", "nhập nhầm", ""};
const Date as_of = *Date::from_ymd(2020, 12, 31);

Account account(std::string name, Role role, std::vector<std::string> provinces = {}) {
  Account result;
  result.name = std::move(name);
  result.role = role;
  result.provinces = std::move(provinces);
  return result;
}

// ann's import (two_wind_farms) is hers to undo in both provinces it touches.
Account ann_editor() {
  return account("ann", Role::Editor, {"Trà Vinh", "Ninh Thuận"});
}

// Waits for the start of the next second, so that what follows most likely falls in one second.
void next_second() {
  auto start = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  while (std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) == start)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

std::int64_t change_log_size(store::Database& database) {
  store::ChangeFilter filter;
  filter.limit = 1;
  return database.changes(filter).total;
}

std::string planned(store::Database& database, const std::string& code, const std::string& key) {
  auto portfolio = database.load();
  auto index = portfolio.find_milestone(code, key);
  REQUIRE(index);
  const auto& milestone = portfolio.milestones[static_cast<std::size_t>(*index)];
  return milestone.planned ? milestone.planned->iso() : "";
}

// The latest row of the change log for one entity and field.
store::ChangeRecord latest(store::Database& database, const std::string& entity,
                           const std::string& field) {
  store::ChangeFilter filter;
  filter.limit = 1000;
  for (const auto& row : database.changes(filter).changes)
    if (row.entity == entity && row.field == field)
      return row;
  FAIL("no such row: " << entity << " " << field);
  return {};
}

void two_wind_farms(Workspace& workspace) {
  auto& database = *workspace.database;
  auto projects = workspace.write("projects.csv",
                                  "code,name,technology,province\n"
                                  "W-1,Điện gió 1,wind_onshore,Trà Vinh\n"
                                  "W-2,Điện gió 2,wind_onshore,Ninh Thuận\n");
  auto milestones =
      workspace.write("milestones.csv", "project,key,planned\nW-1,cod,2020-06\nW-2,cod,2020-09\n");
  operations::import_files(database, ann, operations::ImportFormat::TiendoCsv,
                           {projects, milestones}, false, as_of);
}

}  // namespace

TEST_CASE("undo: a changed field gets its old value back as a new change, and only once") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::edit_milestone(database, store::ChangeContext{"bob", "", ""}, EditKind::Set,
                             "W-1:cod", {{"planned", "2020-11"}}, as_of);
  auto change = latest(database, "milestone:W-1:cod", "planned");
  CHECK(change.old_value == "2020-06");
  auto root = account("root", Role::Admin);
  auto result =
      operations::undo_change(database, admin_undo, change.id, UndoScope::Change, as_of, &root);
  CHECK(result.rows_undone == 1);
  CHECK(planned(database, "W-1", "cod") == "2020-06");
  auto undoing = latest(database, "milestone:W-1:cod", "planned");
  CHECK(undoing.id > change.id);
  CHECK(undoing.actor == "root");
  CHECK(undoing.reason == "nhập nhầm");
  CHECK(undoing.old_value == "2020-11");
  CHECK(undoing.new_value == "2020-06");
  // The undoing built on the change: undoing it again is refused, naming the undoing.
  try {
    operations::undo_change(database, admin_undo, change.id, UndoScope::Change, as_of, &root);
    FAIL("undone twice");
  } catch (const operations::UndoRefused& refusal) {
    CHECK(refusal.reason() == operations::UndoRefusal::BuiltUpon);
    CHECK(refusal.later().id == undoing.id);
  }
  // Only an administrator undoes; a reason is required.
  auto editor = account("bob", Role::Editor);
  CHECK_THROWS_AS(
      operations::undo_change(database, admin_undo, undoing.id, UndoScope::Change, as_of, &editor),
      Forbidden);
  CHECK_THROWS_AS(operations::undo_change(database, store::ChangeContext{"root", "", ""},
                                          undoing.id, UndoScope::Change, as_of, &root),
                  InvalidInput);
  CHECK_THROWS_AS(
      operations::undo_change(database, admin_undo, 99999, UndoScope::Change, as_of, &root),
      NotFound);
}

TEST_CASE("undo: a whole import, every row of it; refused whole when a later change built on it") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::edit_dependency(database, ann, EditKind::Add, "W-1:cod", "W-2:cod", std::nullopt, "0",
                              as_of);
  // A second import by another user moves both CODs and a link's lag.
  auto moved =
      workspace.write("moved.csv", "project,key,planned\nW-1,cod,2020-08\nW-2,cod,2020-12\n");
  auto lag = workspace.write("dependencies.csv", "from,to,type,lag_days\nW-1:cod,W-2:cod,FS,10\n");
  store::ChangeContext carol{"carol", "", ""};
  operations::import_files(database, carol, operations::ImportFormat::TiendoCsv, {moved, lag},
                           false, as_of);
  auto import_row = latest(database, "milestone:W-2:cod", "planned");
  CHECK(import_row.actor == "carol");
  CHECK(operations::rows_to_undo(database, import_row.id, UndoScope::Write).size() == 3);

  SUBCASE("undone whole") {
    auto result =
        operations::undo_change(database, admin_undo, import_row.id, UndoScope::Write, as_of);
    CHECK(result.rows_undone == 3);
    CHECK(planned(database, "W-1", "cod") == "2020-06");
    CHECK(planned(database, "W-2", "cod") == "2020-09");
    auto portfolio = database.load();
    REQUIRE(portfolio.dependencies.size() == 1);
    CHECK(portfolio.dependencies.front().lag_days == 0);
  }
  SUBCASE("refused when built upon, and nothing written") {
    operations::edit_milestone(database, ann, EditKind::Set, "W-1:cod", {{"planned", "2020-10"}},
                               as_of);
    auto later = latest(database, "milestone:W-1:cod", "planned");
    try {
      operations::undo_change(database, admin_undo, import_row.id, UndoScope::Write, as_of);
      FAIL("an import built upon was undone");
    } catch (const operations::UndoRefused& refusal) {
      CHECK(refusal.reason() == operations::UndoRefusal::BuiltUpon);
      CHECK(refusal.later().id == later.id);
      CHECK(refusal.change().entity == "milestone:W-1:cod");
    }
    CHECK(planned(database, "W-1", "cod") == "2020-10");
    CHECK(planned(database, "W-2", "cod") == "2020-12");
    // The row nobody built on can still be undone alone.
    operations::undo_change(database, admin_undo, import_row.id, UndoScope::Change, as_of);
    CHECK(planned(database, "W-2", "cod") == "2020-09");
  }
}

TEST_CASE("undo: two writes by one user in the same second are two writes, undone apart") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  auto import_row = latest(database, "project:W-2", "created_with_plan");
  // ann moves both CODs in two writes within one second (tried again, on a loaded machine, until
  // they fall in one).
  store::ChangeRecord first, second;
  for (int attempt = 0; attempt < 20; ++attempt) {
    next_second();
    std::string day = fmt::format("2020-10-{:02}", attempt + 1);
    operations::edit_milestone(database, ann, EditKind::Set, "W-1:cod", {{"planned", day}},
                               as_of);
    operations::edit_milestone(database, ann, EditKind::Set, "W-2:cod", {{"planned", day}},
                               as_of);
    first = latest(database, "milestone:W-1:cod", "planned");
    second = latest(database, "milestone:W-2:cod", "planned");
    if (first.at_utc == second.at_utc)
      break;
  }
  REQUIRE(first.at_utc == second.at_utc);
  CHECK(first.actor == second.actor);
  CHECK(first.write_id != second.write_id);
  CHECK(operations::rows_to_undo(database, first.id, UndoScope::Write).size() == 1);
  CHECK(operations::rows_to_undo(database, second.id, UndoScope::Write).size() == 1);
  // Her import is still one write: both projects with their milestones.
  auto import_rows = operations::rows_to_undo(database, import_row.id, UndoScope::Write);
  CHECK(import_rows.size() == 2);
  auto editor = ann_editor();
  const store::ChangeContext ann_undo{"ann", "nhầm dự án", ""};
  auto result =
      operations::undo_change(database, ann_undo, second.id, UndoScope::Write, as_of, &editor);
  CHECK(result.rows_undone == 1);
  CHECK(planned(database, "W-2", "cod") == second.old_value);
  CHECK(planned(database, "W-1", "cod") == first.new_value);
}

TEST_CASE("undo: a link added is removed again") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::edit_dependency(database, ann, EditKind::Add, "W-1:cod", "W-2:cod", std::nullopt, "0",
                              as_of);
  auto link = latest(database, "dependency:W-1:cod->W-2:cod", "created");
  operations::undo_change(database, admin_undo, link.id, UndoScope::Change, as_of);
  CHECK(database.load().dependencies.empty());
}

TEST_CASE("undo: a project's creation removes it with its milestones, and undoing that makes it "
          "again") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  auto created = latest(database, "project:W-1", "created_with_plan");
  auto editor = ann_editor();
  const store::ChangeContext ann_undo{"ann", "nhập nhầm", ""};
  auto result = operations::undo_change(database, ann_undo, created.id, UndoScope::Change, as_of,
                                        &editor);
  CHECK(result.summary.projects_removed == 1);
  CHECK(result.summary.milestones_removed == 1);
  auto portfolio = database.load();
  REQUIRE(portfolio.projects.size() == 1);
  CHECK(portfolio.projects.front().code == "W-2");
  CHECK(portfolio.milestones.size() == 1);
  // Logged as new rows, every value kept: the removal of the milestone and of the project.
  auto removed = latest(database, "project:W-1", "removed");
  CHECK(removed.id > created.id);
  CHECK(removed.actor == "ann");
  CHECK(removed.reason == "nhập nhầm");
  CHECK(removed.old_value->find("province=Trà Vinh") != std::string::npos);
  auto milestone_removed = latest(database, "milestone:W-1:cod", "removed");
  CHECK(milestone_removed.old_value->find("planned=2020-06") != std::string::npos);
  // The creation row itself is still there: the log is never rewritten.
  CHECK(database.change(created.id));

  // Undoing the undo (its whole write) makes the project and its milestone again.
  operations::undo_change(database, ann_undo, removed.id, UndoScope::Write, as_of, &editor);
  portfolio = database.load();
  REQUIRE(portfolio.find_project("W-1"));
  CHECK(portfolio.projects[static_cast<std::size_t>(*portfolio.find_project("W-1"))].name ==
        "Điện gió 1");
  CHECK(planned(database, "W-1", "cod") == "2020-06");
}

TEST_CASE("undo: a creation is refused when built upon, linked to or a parent, naming why") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  auto created = latest(database, "project:W-1", "created_with_plan");
  auto before = change_log_size(database);

  SUBCASE("a later change of its milestone") {
    operations::edit_milestone(database, store::ChangeContext{"bob", "", ""}, EditKind::Set,
                               "W-1:cod", {{"planned", "2020-07"}}, as_of);
    auto later = latest(database, "milestone:W-1:cod", "planned");
    try {
      operations::undo_change(database, admin_undo, created.id, UndoScope::Change, as_of);
      FAIL("a creation built upon was undone");
    } catch (const operations::UndoRefused& refusal) {
      CHECK(refusal.reason() == operations::UndoRefusal::BuiltUpon);
      CHECK(refusal.later().id == later.id);
    }
    CHECK(database.load().projects.size() == 2);
    CHECK(change_log_size(database) == before + 1);
  }
  SUBCASE("another project links to it") {
    operations::edit_dependency(database, ann, EditKind::Add, "W-1:cod", "W-2:cod", std::nullopt,
                                "0", as_of);
    try {
      operations::undo_change(database, admin_undo, created.id, UndoScope::Change, as_of);
      FAIL("a creation linked to was undone");
    } catch (const operations::StillLinked& refusal) {
      REQUIRE(refusal.links().size() == 1);
      CHECK(refusal.links().front().project == "W-2");
      CHECK(refusal.links().front().how == "W-1:cod -> W-2:cod");
    }
    CHECK(database.load().projects.size() == 2);
  }
  SUBCASE("another project names it as its parent") {
    operations::edit_project(database, ann, EditKind::Set, {{"code", "W-2"}, {"parent", "W-1"}});
    try {
      operations::undo_change(database, admin_undo, created.id, UndoScope::Change, as_of);
      FAIL("a parent's creation was undone");
    } catch (const operations::StillLinked& refusal) {
      REQUIRE(refusal.links().size() == 1);
      CHECK(refusal.links().front().project == "W-2");
      CHECK(refusal.links().front().how.empty());
    }
    CHECK(database.load().projects.size() == 2);
  }
}

TEST_CASE("undo: only one's own changes, and only within one's provinces; nothing written else") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  auto created = latest(database, "project:W-1", "created_with_plan");
  auto before = change_log_size(database);
  const store::ChangeContext undo{"x", "nhập nhầm", ""};
  // Another editor of the same province: not her change.
  auto eve = account("eve", Role::Editor, {"Trà Vinh"});
  CHECK_THROWS_AS(
      operations::undo_change(database, undo, created.id, UndoScope::Write, as_of, &eve),
      Forbidden);
  // A viewer: never.
  auto vy = account("ann", Role::Viewer);
  CHECK_THROWS_AS(operations::undo_change(database, undo, created.id, UndoScope::Change, as_of, &vy),
                  Forbidden);
  // Her own import, but one of its projects lies outside her provinces now.
  auto narrowed = account("ann", Role::Editor, {"Ninh Thuận"});
  try {
    operations::undo_change(database, undo, created.id, UndoScope::Write, as_of, &narrowed);
    FAIL("an undo outside the caller's provinces was made");
  } catch (const operations::OutOfScope& refusal) {
    CHECK(refusal.code() == "W-1");
  }
  CHECK(database.load().projects.size() == 2);
  CHECK(change_log_size(database) == before);
}

TEST_CASE("undo: a whole import that created projects, milestones and links goes whole") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  auto projects = workspace.write("more.csv",
                                  "code,name,technology,province,parent\n"
                                  "S-1,Điện mặt trời 1,solar_farm,Trà Vinh,S-3\n"
                                  "S-2,Điện mặt trời 2,solar_farm,Trà Vinh,\n"
                                  "S-3,Điện mặt trời 3,solar_farm,Trà Vinh,\n");
  auto milestones = workspace.write("more_milestones.csv",
                                    "project,key,planned\nS-1,cod,2021-06\nS-2,cod,2021-09\n"
                                    "S-3,cod,2021-10\nW-1,financial_close,2019-12\n");
  auto links = workspace.write("more_links.csv",
                               "from,to,type,lag_days\nS-1:cod,S-2:cod,FS,0\n"
                               "S-2:cod,S-3:cod,FS,0\nW-1:financial_close,W-1:cod,FS,0\n");
  store::ChangeContext carol{"carol", "", ""};
  operations::import_files(database, carol, operations::ImportFormat::TiendoCsv,
                           {projects, milestones, links}, false, as_of);
  auto import_row = latest(database, "project:S-2", "created_with_plan");
  CHECK(database.load().projects.size() == 5);

  SUBCASE("undone whole, in one transaction") {
    auto carol_editor = account("carol", Role::Editor, {"Trà Vinh"});
    auto result = operations::undo_change(database, store::ChangeContext{"carol", "sai tệp", ""},
                                          import_row.id, UndoScope::Write, as_of, &carol_editor);
    CHECK(result.summary.projects_removed == 3);
    CHECK(result.summary.milestones_removed == 4);
    auto portfolio = database.load();
    CHECK(portfolio.projects.size() == 2);
    CHECK(portfolio.milestones.size() == 2);
    CHECK(portfolio.dependencies.empty());
    // One write: undoing the undo makes all of it again.
    auto undoing = latest(database, "project:S-1", "removed");
    CHECK(operations::rows_to_undo(database, undoing.id, UndoScope::Write).size() ==
          result.summary.change_log_rows);
    operations::undo_change(database, admin_undo, undoing.id, UndoScope::Write, as_of);
    portfolio = database.load();
    CHECK(portfolio.projects.size() == 5);
    CHECK(portfolio.milestones.size() == 6);
    CHECK(portfolio.dependencies.size() == 3);
    CHECK(planned(database, "S-3", "cod") == "2021-10");
    CHECK(portfolio.projects[static_cast<std::size_t>(*portfolio.find_project("S-1"))].parent ==
          "S-3");
  }
  SUBCASE("one project's creation alone is refused while the others of the import link to it") {
    CHECK_THROWS_AS(operations::undo_change(database, admin_undo, import_row.id, UndoScope::Change,
                                            as_of),
                    operations::StillLinked);
  }
  SUBCASE("nothing undone when one part was built upon") {
    operations::edit_milestone(database, ann, EditKind::Set, "S-3:cod", {{"planned", "2021-11"}},
                               as_of);
    CHECK_THROWS_AS(
        operations::undo_change(database, admin_undo, import_row.id, UndoScope::Write, as_of),
        operations::UndoRefused);
    CHECK(database.load().projects.size() == 5);
  }
}

TEST_CASE("undo: a project removed is made again with its milestones, links and status") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::edit_milestone(database, ann, EditKind::Add, "W-1:financial_close",
                             {{"planned", "2019-12"}, {"reason", "financing:thiếu vốn"}}, as_of);
  operations::edit_dependency(database, ann, EditKind::Add, "W-1:financial_close", "W-1:cod",
                              std::nullopt, "5", as_of);
  operations::set_project_status(database, store::ChangeContext{"ann", "chờ giấy phép", ""}, "W-1",
                                 ProjectStatus::Suspended, *Date::from_ymd(2020, 3, 1));
  operations::edit_project(database, ann, EditKind::Set, {{"code", "W-1"}, {"investor", "PV"}});
  operations::remove_project(database, store::ChangeContext{"ann", "nhập nhầm", ""}, "W-1");
  CHECK(!database.load().find_project("W-1"));
  auto removal = latest(database, "project:W-1", "removed");

  SUBCASE("made again whole") {
    auto editor = ann_editor();
    operations::undo_change(database, store::ChangeContext{"ann", "xoá nhầm", ""}, removal.id,
                            UndoScope::Write, as_of, &editor);
    auto portfolio = database.load();
    auto index = portfolio.find_project("W-1");
    REQUIRE(index);
    const auto& project = portfolio.projects[static_cast<std::size_t>(*index)];
    CHECK(project.investor == "PV");
    CHECK(project.province == "Trà Vinh");
    CHECK(planned(database, "W-1", "financial_close") == "2019-12");
    auto close = portfolio.find_milestone("W-1", "financial_close");
    CHECK(portfolio.milestones[static_cast<std::size_t>(*close)].reason == "financing:thiếu vốn");
    REQUIRE(portfolio.dependencies.size() == 1);
    CHECK(portfolio.dependencies.front().lag_days == 5);
    REQUIRE(portfolio.status_events.size() == 1);
    CHECK(portfolio.status_events.front().status == ProjectStatus::Suspended);
    CHECK(portfolio.status_events.front().reason == "chờ giấy phép");
  }
  SUBCASE("refused when the code is taken again meanwhile") {
    operations::edit_project(database, store::ChangeContext{"bob", "", ""}, EditKind::Add,
                             {{"code", "W-1"},
                              {"name", "Khác"},
                              {"technology", "solar_farm"},
                              {"province", "Trà Vinh"}});
    try {
      operations::undo_change(database, admin_undo, removal.id, UndoScope::Write, as_of);
      FAIL("a removal was undone over a project made again");
    } catch (const operations::UndoRefused& refusal) {
      CHECK(refusal.reason() == operations::UndoRefusal::BuiltUpon);
      CHECK(refusal.later().actor == "bob");
    }
    auto portfolio = database.load();
    CHECK(portfolio.projects[static_cast<std::size_t>(*portfolio.find_project("W-1"))].name ==
          "Khác");
  }
}

TEST_CASE("undo: a milestone removed comes back with its links; a milestone added goes again") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::edit_milestone(database, ann, EditKind::Add, "W-1:financial_close",
                             {{"planned", "2019-12"}}, as_of);
  auto added = latest(database, "milestone:W-1:financial_close", "created");
  operations::edit_dependency(database, ann, EditKind::Add, "W-1:financial_close", "W-1:cod",
                              std::nullopt, "0", as_of);
  // Built upon by the link added since.
  CHECK_THROWS_AS(
      operations::undo_change(database, admin_undo, added.id, UndoScope::Change, as_of),
      operations::UndoRefused);
  operations::remove_milestone(database, store::ChangeContext{"ann", "nhầm", ""},
                               "W-1:financial_close");
  CHECK(database.load().dependencies.empty());
  auto removal = latest(database, "milestone:W-1:financial_close", "removed");
  operations::undo_change(database, admin_undo, removal.id, UndoScope::Write, as_of);
  auto portfolio = database.load();
  CHECK(planned(database, "W-1", "financial_close") == "2019-12");
  CHECK(portfolio.dependencies.size() == 1);

  // A milestone added and nothing built on it since: it goes again.
  operations::edit_milestone(database, ann, EditKind::Add, "W-2:grid_connection",
                             {{"planned", "2020-08"}}, as_of);
  auto grid = latest(database, "milestone:W-2:grid_connection", "created");
  auto editor = ann_editor();
  operations::undo_change(database, store::ChangeContext{"ann", "nhầm", ""}, grid.id,
                          UndoScope::Change, as_of, &editor);
  CHECK(!database.load().find_milestone("W-2", "grid_connection"));
}

TEST_CASE("undo: a status set is taken back, the previous status back; refused when built upon") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::set_project_status(database, store::ChangeContext{"ann", "chờ", ""}, "W-1",
                                 ProjectStatus::Suspended, *Date::from_ymd(2020, 3, 1));
  auto status = latest(database, "project:W-1", "status");
  auto editor = ann_editor();

  SUBCASE("taken back") {
    operations::undo_change(database, store::ChangeContext{"ann", "nhầm", ""}, status.id,
                            UndoScope::Change, as_of, &editor);
    CHECK(database.load().status_events.empty());
    auto undoing = latest(database, "project:W-1", "status");
    CHECK(undoing.old_value == "suspended 2020-03-01");
    CHECK(!undoing.new_value);
    // And the undoing undone: the event is back with the reason it was given.
    operations::undo_change(database, admin_undo, undoing.id, UndoScope::Change, as_of);
    auto portfolio = database.load();
    REQUIRE(portfolio.status_events.size() == 1);
    CHECK(portfolio.status_events.front().reason == "chờ");
  }
  SUBCASE("refused when a later status built on it") {
    operations::set_project_status(database, store::ChangeContext{"bob", "", ""}, "W-1",
                                   ProjectStatus::Active, *Date::from_ymd(2020, 5, 1));
    CHECK_THROWS_AS(operations::undo_change(database, store::ChangeContext{"ann", "nhầm", ""},
                                            status.id, UndoScope::Change, as_of, &editor),
                    operations::UndoRefused);
    CHECK(database.load().status_events.size() == 2);
  }
}

TEST_CASE("history: filters by project, user, province and Vietnam-local days, paged") {
  CHECK(operations::vietnam_day_start_utc(*Date::from_ymd(2026, 12, 7)) == "2026-12-06T17:00:00Z");
  CHECK(operations::vietnam_day_start_utc(*Date::from_ymd(2027, 1, 1)) == "2026-12-31T17:00:00Z");
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::edit_milestone(database, store::ChangeContext{"bob", "", ""}, EditKind::Set,
                             "W-2:cod", {{"planned", "2020-11"}, {"source", "EVN"}}, as_of);
  auto portfolio = database.load();
  auto root = account("root", Role::Admin);
  auto viewer = account("vy", Role::Viewer);
  operations::HistoryQuery all;
  auto everything = operations::history_page(database, portfolio, all, root);
  CHECK(everything.total == 4);  // two projects created with their plan, two fields of W-2:cod
  CHECK(everything.changes.front().actor == "bob");  // newest first

  operations::HistoryQuery by_bob;
  by_bob.actor = "bob";
  CHECK(operations::history_page(database, portfolio, by_bob, root).total == 2);

  operations::HistoryQuery in_tra_vinh;
  in_tra_vinh.province = "Trà Vinh";
  auto tra_vinh = operations::history_page(database, portfolio, in_tra_vinh, viewer);
  REQUIRE(tra_vinh.total == 1);
  CHECK(tra_vinh.changes.front().project_code == "W-1");

  operations::HistoryQuery paged;
  paged.limit = 3;
  paged.offset = 3;
  auto second = operations::history_page(database, portfolio, paged, root);
  CHECK(second.total == 4);
  CHECK(second.changes.size() == 1);

  // Today in Vietnam (UTC+7) from the clock the rows were written by: inclusive both ends; the
  // day before holds nothing.
  auto now = std::chrono::system_clock::now() + std::chrono::hours(7);
  auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  Date today = Date::from_days(static_cast<std::int32_t>(days));
  operations::HistoryQuery today_only;
  today_only.since = today;
  today_only.until = today;
  CHECK(operations::history_page(database, portfolio, today_only, root).total == 4);
  operations::HistoryQuery yesterday;
  yesterday.until = today.plus_days(-1);
  CHECK(operations::history_page(database, portfolio, yesterday, root).total == 0);
  operations::HistoryQuery backwards;
  backwards.since = today;
  backwards.until = today.plus_days(-1);
  CHECK_THROWS_AS(operations::history_page(database, portfolio, backwards, root), InvalidInput);
  operations::HistoryQuery unknown;
  unknown.project_code = "NOPE";
  CHECK_THROWS_AS(operations::history_page(database, portfolio, unknown, root), NotFound);
}
