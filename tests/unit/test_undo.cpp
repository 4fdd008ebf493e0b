// Undoing a change, or the whole write it came with, and the history's filters: what the history
// page and its undo button stand on (operations/undo.h, operations/change_log.h).
#include <doctest/doctest.h>

#include <chrono>

#include "database_folder.h"
#include "domain/error.h"
#include "operations/change_log.h"
#include "operations/edits.h"
#include "operations/import.h"
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

Account account(std::string name, Role role) {
  Account result;
  result.name = std::move(name);
  result.role = role;
  return result;
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

TEST_CASE("undo: a link added is removed again; a creation is refused, naming why") {
  Workspace workspace;
  auto& database = *workspace.database;
  two_wind_farms(workspace);
  operations::edit_dependency(database, ann, EditKind::Add, "W-1:cod", "W-2:cod", std::nullopt, "0",
                              as_of);
  auto link = latest(database, "dependency:W-1:cod->W-2:cod", "created");
  operations::undo_change(database, admin_undo, link.id, UndoScope::Change, as_of);
  CHECK(database.load().dependencies.empty());
  auto created = latest(database, "project:W-1", "created_with_plan");
  try {
    operations::undo_change(database, admin_undo, created.id, UndoScope::Change, as_of);
    FAIL("a creation was undone");
  } catch (const operations::UndoRefused& refusal) {
    CHECK(refusal.reason() == operations::UndoRefusal::NotUndoable);
  }
  CHECK(database.load().projects.size() == 2);
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
