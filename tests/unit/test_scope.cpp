// The scope rule of every write (operations/scope.h): an editor changes only the figures of
// projects within their provinces — a project's own rows, a parent it names or leaves, the
// successor of a link — on every face, and a refused write writes nothing.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "database_folder.h"
#include "domain/error.h"
#include "engines.h"
#include "operations/edits.h"
#include "operations/import.h"
#include "operations/scope.h"

using namespace tiendo;
using operations::EditKind;

namespace {

// The test's own folder and database (database_folder.h).
class Folder : public testing::DatabaseFolder {
 public:
  Folder() : DatabaseFolder("scope") {}
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

// A Sóc Trăng plant ST-PLANT and a Lạng Sơn farm LS-FARM, each with construction_start and cod,
// written by the command line (no account).
void seed(store::Database& database) {
  operations::edit_project(database, staff, EditKind::Add, project("ST-PLANT", "Sóc Trăng"));
  operations::edit_project(database, staff, EditKind::Add, project("LS-FARM", "Lạng Sơn"));
  operations::edit_project(database, staff, EditKind::Add, project("LS-OTHER", "Lạng Sơn"));
  for (const char* code : {"ST-PLANT", "LS-FARM", "LS-OTHER"}) {
    operations::edit_milestone(database, staff, EditKind::Add,
                               std::string(code) + ":construction_start", {{"planned", "2020-03"}},
                               as_of);
    operations::edit_milestone(database, staff, EditKind::Add, std::string(code) + ":cod",
                               {{"planned", "2021-12"}}, as_of);
  }
}

operations::ImportResult import_as(store::Database& database, const Account& account,
                                   const std::string& file, bool dry_run = false) {
  return operations::import_files(database, staff, operations::ImportFormat::TiendoCsv, {file},
                                  dry_run, as_of, &account);
}

}  // namespace

TEST_CASE("scope: an import naming a foreign parent is refused and writes nothing") {
  Folder folder;
  auto& database = *folder.database;
  seed(database);
  Account editor = editor_of("Lạng Sơn");
  auto rows = database.history("", 10000).size();
  auto foreign = folder.write("foreign.csv",
                              "code,name,technology,province,parent\n"
                              "LS-NEW,Tổ máy mới,wind_onshore,Lạng Sơn,ST-PLANT\n");
  for (bool dry_run : {true, false}) {
    try {
      import_as(database, editor, foreign, dry_run);
      FAIL("the import was allowed");
    } catch (const Forbidden& error) {
      std::string message = error.what();
      CHECK(message.find("'ST-PLANT' in Sóc Trăng") != std::string::npos);
      CHECK(message.find("which 'LS-NEW' would name as its parent") != std::string::npos);
    }
  }
  CHECK(database.history("", 10000).size() == rows);
  CHECK_FALSE(database.load().find_project("LS-NEW"));
  // Naming a parent of one's own province is allowed.
  auto own = folder.write("own.csv",
                          "code,name,technology,province,parent\n"
                          "LS-NEW,Tổ máy mới,wind_onshore,Lạng Sơn,LS-OTHER\n");
  CHECK(import_as(database, editor, own).summary.projects_added == 1);
  // The same rule for a project edit made for an account.
  CHECK_THROWS_AS(
      operations::edit_project(database, staff, EditKind::Set,
                               {{"code", "LS-FARM"}, {"parent", "ST-PLANT"}}, nullptr, &editor),
      Forbidden);
  CHECK(database.load().projects[*database.load().find_project("LS-FARM")].parent.empty());
}

TEST_CASE("scope: leaving a foreign parent is refused; leaving one's own is allowed") {
  Folder folder;
  auto& database = *folder.database;
  seed(database);
  // Made by the command line, which acts for whoever may open the file.
  operations::edit_project(database, staff, EditKind::Set,
                           {{"code", "LS-FARM"}, {"parent", "ST-PLANT"}});
  Account editor = editor_of("Lạng Sơn");
  auto rows = database.history("", 10000).size();
  for (const char* parent : {"", "LS-OTHER"}) {
    auto leave = folder.write("leave.csv", std::string("code,name,technology,province,parent\n"
                                                       "LS-FARM,Dự án LS-FARM,wind_onshore,"
                                                       "Lạng Sơn,") +
                                               parent + "\n");
    try {
      import_as(database, editor, leave);
      FAIL("the import was allowed");
    } catch (const Forbidden& error) {
      CHECK(std::string(error.what()).find("the parent 'LS-FARM' would leave") !=
            std::string::npos);
    }
    CHECK_THROWS_AS(
        operations::edit_project(database, staff, EditKind::Set,
                                 {{"code", "LS-FARM"}, {"parent", parent}}, nullptr, &editor),
        Forbidden);
  }
  CHECK(database.history("", 10000).size() == rows);
  // An editor of Sóc Trăng may not change LS-FARM's own row either.
  Account south = editor_of("Sóc Trăng");
  CHECK_THROWS_AS(operations::edit_project(database, staff, EditKind::Set,
                                           {{"code", "LS-FARM"}, {"parent", ""}}, nullptr, &south),
                  Forbidden);
  // Within one's provinces a parent changes freely.
  operations::edit_project(database, staff, EditKind::Set,
                           {{"code", "LS-FARM"}, {"parent", "LS-OTHER"}});
  auto back = folder.write("back.csv",
                           "code,name,technology,province,parent\n"
                           "LS-FARM,Dự án LS-FARM,wind_onshore,Lạng Sơn,\n");
  CHECK(import_as(database, editor, back).summary.projects_changed == 1);
}

TEST_CASE("scope: a link is the business of its successor's province, not its predecessor's") {
  Folder folder;
  auto& database = *folder.database;
  seed(database);
  Account editor = editor_of("Lạng Sơn");
  auto rows = database.history("", 10000).size();
  // Into a foreign milestone: refused, by import and by the edit alike.
  auto into_foreign =
      folder.write("into.csv", "from,to,type,lag_days\nLS-FARM:cod,ST-PLANT:cod,FS,0\n");
  CHECK_THROWS_AS(import_as(database, editor, into_foreign), Forbidden);
  CHECK_THROWS_AS(
      operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:cod", "ST-PLANT:cod",
                                  std::nullopt, std::nullopt, as_of, &editor),
      Forbidden);
  CHECK(database.history("", 10000).size() == rows);
  // From a foreign milestone into one's own: allowed (a late Sóc Trăng plant delays a Lạng Sơn
  // farm, which is the point).
  auto from_foreign =
      folder.write("from.csv", "from,to,type,lag_days\nST-PLANT:cod,LS-FARM:cod,FS,0\n");
  CHECK(import_as(database, editor, from_foreign).summary.dependencies_added == 1);
  operations::edit_dependency(database, staff, EditKind::Add, "ST-PLANT:construction_start",
                              "LS-OTHER:cod", std::nullopt, "10", as_of, &editor);
  operations::edit_dependency(database, staff, EditKind::Set, "ST-PLANT:construction_start",
                              "LS-OTHER:cod", std::nullopt, "20", as_of, &editor);
  operations::remove_dependency(database, staff, "ST-PLANT:construction_start", "LS-OTHER:cod",
                                &editor);

  // A link into the foreign plant made by the command line: the editor may neither change its lag
  // (by import or edit) nor remove it.
  operations::edit_dependency(database, staff, EditKind::Add, "LS-OTHER:construction_start",
                              "ST-PLANT:construction_start", std::nullopt, std::nullopt, as_of);
  rows = database.history("", 10000).size();
  auto change = folder.write(
      "change.csv",
      "from,to,type,lag_days\nLS-OTHER:construction_start,ST-PLANT:construction_start,FS,30\n");
  CHECK_THROWS_AS(import_as(database, editor, change), Forbidden);
  CHECK_THROWS_AS(operations::edit_dependency(
                      database, staff, EditKind::Set, "LS-OTHER:construction_start",
                      "ST-PLANT:construction_start", std::nullopt, "30", as_of, &editor),
                  Forbidden);
  try {
    operations::remove_dependency(database, staff, "LS-OTHER:construction_start",
                                  "ST-PLANT:construction_start", &editor);
    FAIL("the removal was allowed");
  } catch (const Forbidden& error) {
    CHECK(std::string(error.what())
              .find("the successor of the link "
                    "LS-OTHER:construction_start -> "
                    "ST-PLANT:construction_start") != std::string::npos);
  }
  CHECK(database.history("", 10000).size() == rows);
  // Its Sóc Trăng editor may.
  Account south = editor_of("Sóc Trăng");
  CHECK(import_as(database, south, change).summary.dependencies_changed == 1);
  operations::remove_dependency(database, staff, "LS-OTHER:construction_start",
                                "ST-PLANT:construction_start", &south);
}

TEST_CASE("scope: links are compared by their ends, so a removal moving the others touches none") {
  Portfolio before;
  for (const char* province : {"Lạng Sơn", "Sóc Trăng"}) {
    Project added;
    added.code = province == std::string("Lạng Sơn") ? "LS" : "ST";
    added.province = province;
    auto index = before.add_project(added);
    for (const char* key : {"construction_start", "cod"}) {
      Milestone milestone;
      milestone.project = index;
      milestone.key = key;
      before.add_milestone(milestone);
    }
  }
  // LS:construction_start -> LS:cod, then LS:cod -> ST:cod.
  before.add_dependency(Dependency{0, 1});
  before.add_dependency(Dependency{1, 3});
  Portfolio after = before;
  after.remove_dependency(0);  // The foreign link moves to position 0, unchanged.
  Account editor = editor_of("Lạng Sơn");
  auto touched = operations::touched_between(before, after);
  CHECK(touched.size() == 1);
  CHECK_NOTHROW(touched.check(editor));
  // Removing the link into Sóc Trăng itself is refused; adding back the own one is not.
  Portfolio removed = before;
  removed.remove_dependency(1);
  CHECK_THROWS_AS(operations::touched_between(before, removed).check(editor), Forbidden);
  CHECK_NOTHROW(operations::touched_between(after, before).check(editor));
  // An admin may change anything; a viewer or a disabled editor nothing.
  Account viewer = editor;
  viewer.role = Role::Viewer;
  CHECK_THROWS_AS(touched.check(viewer), Forbidden);
  Account disabled = editor;
  disabled.disabled = true;
  CHECK_THROWS_AS(touched.check(disabled), Forbidden);
}
