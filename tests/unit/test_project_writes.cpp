// The writes of a whole project (operations/project_writes.h): its version, its removal (refused
// while other projects link to it, kept in the change log), the reserved code `new`, and the
// scope rule on each; a refused write writes nothing.
#include <doctest/doctest.h>

#include <algorithm>

#include "database_folder.h"
#include "domain/error.h"
#include "operations/edits.h"
#include "operations/import.h"
#include "operations/project_writes.h"
#include "operations/scope.h"

using namespace tiendo;
using operations::EditKind;

namespace {

class Folder : public testing::DatabaseFolder {
 public:
  Folder() : DatabaseFolder("project-writes") {}
};

const store::ChangeContext staff{"ann", "", ""};
const Date as_of = *Date::from_ymd(2020, 12, 31);

Account editor_of(const std::string& province) {
  Account account;
  account.name = "hoa";
  account.role = Role::Editor;
  account.provinces = {province};
  return account;
}

Fields project(const std::string& code, const std::string& province,
               const std::string& parent = "") {
  Fields fields{{"code", code},
                {"name", "Dự án " + code},
                {"technology", "wind_onshore"},
                {"province", province}};
  if (!parent.empty())
    fields.push_back({"parent", parent});
  return fields;
}

void add_milestones(store::Database& database, const std::string& code) {
  operations::edit_milestone(database, staff, EditKind::Add, code + ":construction_start",
                             {{"planned", "2020-03"}}, as_of);
  operations::edit_milestone(database, staff, EditKind::Add, code + ":cod",
                             {{"planned", "2021-12"}}, as_of);
  operations::edit_dependency(database, staff, EditKind::Add, code + ":construction_start",
                              code + ":cod", std::nullopt, std::nullopt, as_of);
}

std::size_t log_rows(store::Database& database) {
  return database.history("", 100000).size();
}

}  // namespace

TEST_CASE("project writes: the code 'new' is refused everywhere a project is created") {
  Folder folder;
  auto& database = *folder.database;
  try {
    operations::edit_project(database, staff, EditKind::Add, project("new", "Sóc Trăng"));
    FAIL("the reserved code was accepted");
  } catch (const InvalidInput& error) {
    REQUIRE(error.problems().size() == 1);
    CHECK(error.problems()[0].starts_with("code: 'new': reserved"));
  }
  auto file = folder.write("projects.csv",
                           "code,name,technology,province\nnew,Dự án mới,solar_farm,Sóc Trăng\n");
  CHECK_THROWS_AS(operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                                           {file}, false, as_of),
                  InvalidInput);
  CHECK(database.load().projects.empty());
  // Another code with the same letters in capitals is a code like any other.
  operations::edit_project(database, staff, EditKind::Add, project("NEW-1", "Sóc Trăng"));
  CHECK(database.load().projects.size() == 1);
}

TEST_CASE("project writes: a project's version is its latest own change-log row") {
  Folder folder;
  auto& database = *folder.database;
  CHECK(operations::project_version(database, "ST-A") == 0);
  operations::edit_project(database, staff, EditKind::Add, project("ST-A", "Sóc Trăng"));
  auto created = operations::project_version(database, "ST-A");
  CHECK(created > 0);
  // A milestone's change is the milestone's version, not the project's.
  add_milestones(database, "ST-A");
  CHECK(operations::project_version(database, "ST-A") == created);
  operations::edit_project(database, {"bao", "", ""}, EditKind::Set,
                           {{"code", "ST-A"}, {"investor", "PV Power"}}, nullptr, nullptr, created);
  auto changed = operations::project_version(database, "ST-A");
  CHECK(changed > created);
  // An edit against the version before is refused, naming who changed it; nothing is written.
  auto rows = log_rows(database);
  try {
    operations::edit_project(database, staff, EditKind::Set,
                             {{"code", "ST-A"}, {"investor", "EVN"}}, nullptr, nullptr, created);
    FAIL("a stale edit was written");
  } catch (const VersionConflict& conflict) {
    CHECK(conflict.changed_by() == "bao");
    CHECK(conflict.version() == changed);
  }
  CHECK(log_rows(database) == rows);
  CHECK(database.load().projects[0].investor == "PV Power");
  // A status event is the project's too.
  operations::set_project_status(database, {"ann", "financing:thiếu vốn", ""}, "ST-A",
                                 ProjectStatus::Suspended, as_of);
  CHECK(operations::project_version(database, "ST-A") > changed);
}

TEST_CASE("project writes: removal takes the project's rows and the change log keeps them") {
  Folder folder;
  auto& database = *folder.database;
  operations::edit_project(database, staff, EditKind::Add, project("ST-A", "Sóc Trăng"));
  operations::edit_project(database, staff, EditKind::Add, project("ST-B", "Sóc Trăng"));
  add_milestones(database, "ST-A");
  add_milestones(database, "ST-B");
  operations::set_project_status(database, {"ann", "other:nhập nhầm", ""}, "ST-A",
                                 ProjectStatus::Cancelled, as_of);
  // A reason is required.
  CHECK_THROWS_AS(operations::remove_project(database, {"ann", " ", ""}, "ST-A"), InvalidInput);
  CHECK_THROWS_AS(operations::remove_project(database, {"ann", "nhập nhầm", ""}, "ST-GHOST"),
                  NotFound);
  auto removed = operations::remove_project(database, {"ann", "nhập nhầm", ""}, "ST-A");
  CHECK(removed.milestones == 2);
  CHECK(removed.dependencies == 1);
  CHECK(removed.status_events == 1);
  CHECK(removed.change_log_rows == 5);
  auto portfolio = database.load();
  REQUIRE(portfolio.projects.size() == 1);
  CHECK(portfolio.projects[0].code == "ST-B");
  CHECK(portfolio.milestones.size() == 2);
  CHECK(portfolio.dependencies.size() == 1);
  CHECK(portfolio.status_events.empty());
  // Every removed row is in the change log with its values and the reason.
  auto history = database.history("ST-A", 100);
  auto removal = std::find_if(history.begin(), history.end(), [](const auto& record) {
    return record.entity == "project:ST-A" && record.field == "removed";
  });
  REQUIRE(removal != history.end());
  CHECK(removal->reason == "nhập nhầm");
  CHECK(removal->old_value->find("name=Dự án ST-A") != std::string::npos);
  CHECK(std::count_if(history.begin(), history.end(), [](const auto& record) {
          return record.field == "removed" && record.entity.starts_with("milestone:ST-A:");
        }) == 2);
  CHECK(std::any_of(history.begin(), history.end(), [](const auto& record) {
    return record.field == "removed" &&
           record.entity == "dependency:ST-A:construction_start->ST-A:cod";
  }));
  // The code can be used again; the new project's versions are its own.
  operations::edit_project(database, staff, EditKind::Add, project("ST-A", "Sóc Trăng"));
  auto again = operations::project_version(database, "ST-A");
  CHECK(again > removal->id);
  CHECK(operations::milestone_version(database, "ST-A:cod") == 0);
  operations::edit_project(database, staff, EditKind::Set,
                           {{"code", "ST-A"}, {"site", "Vĩnh Châu"}}, nullptr, nullptr, again);
}

TEST_CASE("project writes: removal is refused while other projects link to it") {
  Folder folder;
  auto& database = *folder.database;
  operations::edit_project(database, staff, EditKind::Add, project("ST-LINE", "Sóc Trăng"));
  operations::edit_project(database, staff, EditKind::Add, project("ST-FARM", "Sóc Trăng"));
  operations::edit_project(database, staff, EditKind::Add,
                           project("ST-PHASE", "Sóc Trăng", "ST-LINE"));
  add_milestones(database, "ST-LINE");
  add_milestones(database, "ST-FARM");
  operations::edit_dependency(database, staff, EditKind::Add, "ST-LINE:cod", "ST-FARM:cod",
                              std::nullopt, std::nullopt, as_of);
  auto rows = log_rows(database);
  try {
    operations::remove_project(database, {"ann", "nhập nhầm", ""}, "ST-LINE");
    FAIL("a linked project was removed");
  } catch (const operations::StillLinked& error) {
    REQUIRE(error.links().size() == 2);
    CHECK(error.links()[0].project == "ST-PHASE");
    CHECK(error.links()[1].project == "ST-FARM");
    CHECK(error.links()[1].how == "ST-LINE:cod -> ST-FARM:cod");
    CHECK(std::string(error.what()).find("ST-PHASE") != std::string::npos);
  }
  // The other end of the link is refused just the same.
  CHECK_THROWS_AS(operations::remove_project(database, {"ann", "nhập nhầm", ""}, "ST-FARM"),
                  operations::StillLinked);
  CHECK(log_rows(database) == rows);
  CHECK(database.load().projects.size() == 3);
}

TEST_CASE("project writes: scope of removal, creation and moves") {
  Folder folder;
  auto& database = *folder.database;
  operations::edit_project(database, staff, EditKind::Add, project("LS-PARK", "Lạng Sơn"));
  operations::edit_project(database, staff, EditKind::Add, project("ST-A", "Sóc Trăng"));
  operations::edit_project(database, staff, EditKind::Add,
                           project("ST-CHILD", "Sóc Trăng", "LS-PARK"));
  auto rows = log_rows(database);
  Account can_tho = editor_of("Cần Thơ");
  // Outside the editor's provinces: refused, nothing written.
  CHECK_THROWS_AS(
      operations::remove_project(database, {"hoa", "nhập nhầm", ""}, "LS-PARK", &can_tho),
      operations::OutOfScope);
  // Its own project, whose parent lies outside: the parent it leaves is touched too.
  try {
    operations::remove_project(database, {"hoa", "nhập nhầm", ""}, "ST-CHILD", &can_tho);
    FAIL("a removal changing a foreign parent was written");
  } catch (const operations::OutOfScope& error) {
    CHECK(error.code() == "LS-PARK");
    CHECK(error.reason() == operations::TouchReason::ParentLeft);
  }
  // Creating a project in another province, or naming a foreign parent.
  CHECK_THROWS_AS(operations::edit_project(database, staff, EditKind::Add,
                                           project("LS-NEW", "Lạng Sơn"), nullptr, &can_tho),
                  operations::OutOfScope);
  CHECK_THROWS_AS(
      operations::edit_project(database, staff, EditKind::Add,
                               project("ST-NEW", "Sóc Trăng", "LS-PARK"), nullptr, &can_tho),
      operations::OutOfScope);
  // Moving its own project out of its provinces.
  CHECK_THROWS_AS(operations::edit_project(database, staff, EditKind::Set,
                                           {{"code", "ST-A"}, {"province", "Lạng Sơn"}}, nullptr,
                                           &can_tho, operations::project_version(database, "ST-A")),
                  operations::OutOfScope);
  CHECK(log_rows(database) == rows);
  // Within its provinces: written.
  operations::remove_project(database, {"hoa", "nhập nhầm", ""}, "ST-A", &can_tho);
  CHECK(database.load().projects.size() == 2);
}
