// Milestones removed with their links, and links added, changed and removed with versions
// (operations/links.h): the rules of the web's and the command line's writes alike.
#include <doctest/doctest.h>

#include "database_folder.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "operations/edits.h"
#include "operations/import.h"
#include "operations/links.h"
#include "operations/scope.h"

using namespace tiendo;
using operations::EditKind;

namespace {

class Folder : public testing::DatabaseFolder {
 public:
  Folder() : DatabaseFolder("links") {}
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

void add_project(store::Database& database, const std::string& code, const std::string& province) {
  operations::edit_project(database, staff, EditKind::Add,
                           {{"code", code},
                            {"name", "Dự án " + code},
                            {"technology", "wind_onshore"},
                            {"province", province}});
  for (const char* key : {"construction_start", "cod"})
    operations::edit_milestone(database, staff, EditKind::Add, code + ":" + key,
                               {{"planned", "2021-06"}}, as_of);
}

std::size_t log_rows(store::Database& database) {
  return database.history("", 100000).size();
}

}  // namespace

TEST_CASE("links: removing a milestone takes its links, and the change log keeps them all") {
  Folder folder;
  auto& database = *folder.database;
  add_project(database, "LS-FARM", "Lạng Sơn");
  operations::edit_milestone(database, staff, EditKind::Add, "LS-FARM:site_clearance",
                             {{"planned", "2020-06"}}, as_of);
  operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:site_clearance",
                              "LS-FARM:construction_start", std::nullopt, "10", as_of);
  operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:construction_start",
                              "LS-FARM:cod", std::nullopt, std::nullopt, as_of);
  auto before = log_rows(database);

  // A reason is required; nothing is written without one.
  CHECK_THROWS_AS(operations::remove_milestone(database, staff, "LS-FARM:site_clearance"),
                  InvalidInput);
  CHECK(log_rows(database) == before);
  CHECK_THROWS_AS(
      operations::remove_milestone(database, {"ann", "entered twice", ""}, "LS-FARM:nothing"),
      NotFound);

  auto removed = operations::remove_milestone(database, {"ann", "entered twice", ""},
                                              "LS-FARM:site_clearance");
  CHECK(removed.reference == "LS-FARM:site_clearance");
  CHECK(removed.links_removed == 1);
  auto portfolio = database.load();
  CHECK_FALSE(portfolio.find_milestone("LS-FARM", "site_clearance"));
  CHECK(portfolio.find_milestone("LS-FARM", "cod"));
  CHECK(portfolio.dependencies.size() == 1);
  // One row for the link, one for the milestone with its last values, each with the reason.
  auto history = database.history("LS-FARM", 2);
  REQUIRE(history.size() == 2);
  bool milestone_row = false, link_row = false;
  for (const auto& row : history) {
    CHECK(row.reason == "entered twice");
    CHECK(row.actor == "ann");
    CHECK(row.field == "removed");
    if (row.entity == "milestone:LS-FARM:site_clearance") {
      milestone_row = true;
      REQUIRE(row.old_value);
      CHECK(row.old_value->find("2020-06") != std::string::npos);
    }
    if (row.entity == "dependency:LS-FARM:site_clearance->LS-FARM:construction_start") {
      link_row = true;
      CHECK(row.old_value == std::optional<std::string>("FS 10"));
    }
  }
  CHECK(milestone_row);
  CHECK(link_row);
  // The key can be used again, and the database still loads and schedules.
  operations::edit_milestone(database, staff, EditKind::Add, "LS-FARM:site_clearance",
                             {{"planned", "2020-07"}}, as_of);
  CHECK(database.load().milestones.size() == 3);
}

TEST_CASE("links: a milestone goes only when every link's successor lies in scope") {
  Folder folder;
  auto& database = *folder.database;
  add_project(database, "LS-FARM", "Lạng Sơn");
  add_project(database, "ST-PLANT", "Sóc Trăng");
  // Out of the Lạng Sơn farm into the Sóc Trăng plant: the link bounds the plant's dates.
  operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:cod",
                              "ST-PLANT:construction_start", std::nullopt, std::nullopt, as_of);
  Account lang_son = editor_of("Lạng Sơn");
  auto before = log_rows(database);
  try {
    operations::remove_milestone(database, {"hoa", "mistake", ""}, "LS-FARM:cod",
                                 operations::Guard{&lang_son, std::nullopt});
    FAIL("the removal was allowed");
  } catch (const operations::OutOfScope& error) {
    CHECK(error.code() == "ST-PLANT");
    CHECK(error.reason() == operations::TouchReason::LinkSuccessor);
  }
  CHECK(log_rows(database) == before);
  CHECK(database.load().find_milestone("LS-FARM", "cod"));
  // Its own project out of scope: refused too.
  Account soc_trang = editor_of("Sóc Trăng");
  CHECK_THROWS_AS(operations::remove_milestone(database, {"hoa", "mistake", ""}, "LS-FARM:cod",
                                               operations::Guard{&soc_trang, std::nullopt}),
                  Forbidden);
  // The Sóc Trăng plant's milestone with a link from Lạng Sơn into it: its own editor may.
  operations::remove_milestone(database, {"hoa", "mistake", ""}, "ST-PLANT:construction_start",
                               operations::Guard{&soc_trang, std::nullopt});
  CHECK(database.load().dependencies.empty());
}

TEST_CASE("links: a stale version refuses a removal and names who changed it") {
  Folder folder;
  auto& database = *folder.database;
  add_project(database, "LS-FARM", "Lạng Sơn");
  auto version = operations::milestone_version(database, "LS-FARM:cod");
  operations::edit_milestone(database, {"binh", "", ""}, EditKind::Set, "LS-FARM:cod",
                             {{"forecast", "2021-09"}}, as_of);
  Account editor = editor_of("Lạng Sơn");
  try {
    operations::remove_milestone(database, {"hoa", "mistake", ""}, "LS-FARM:cod",
                                 operations::Guard{&editor, version});
    FAIL("the removal was allowed");
  } catch (const VersionConflict& conflict) {
    CHECK(conflict.changed_by() == "binh");
  }
  operations::remove_milestone(
      database, {"hoa", "mistake", ""}, "LS-FARM:cod",
      operations::Guard{&editor, operations::milestone_version(database, "LS-FARM:cod")});
  CHECK_FALSE(database.load().find_milestone("LS-FARM", "cod"));
}

TEST_CASE("links: a link that exists is a conflict; versions follow the change log") {
  Folder folder;
  auto& database = *folder.database;
  add_project(database, "LS-FARM", "Lạng Sơn");
  operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:construction_start",
                              "LS-FARM:cod", std::nullopt, std::nullopt, as_of);
  auto before = log_rows(database);
  CHECK_THROWS_AS(
      operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:construction_start",
                                  "LS-FARM:cod", std::nullopt, "5", as_of),
      Conflict);
  CHECK(log_rows(database) == before);

  auto portfolio = database.load();
  auto versions = operations::dependency_versions(database, portfolio, {0});
  REQUIRE(versions.size() == 1);
  CHECK(versions[0] > 0);
  CHECK(versions[0] == database
                           .last_change("LS-FARM", operations::link_entity(
                                                       "LS-FARM:construction_start", "LS-FARM:cod"))
                           ->id);
  // A change made against that version passes and moves it; one made against the old refuses.
  operations::edit_dependency(database, {"binh", "", ""}, EditKind::Set,
                              "LS-FARM:construction_start", "LS-FARM:cod", std::nullopt, "7", as_of,
                              nullptr, versions[0]);
  auto moved = operations::dependency_versions(database, database.load(), {0});
  CHECK(moved[0] > versions[0]);
  before = log_rows(database);
  try {
    operations::edit_dependency(database, staff, EditKind::Set, "LS-FARM:construction_start",
                                "LS-FARM:cod", "SS", std::nullopt, as_of, nullptr, versions[0]);
    FAIL("the change was allowed");
  } catch (const VersionConflict& conflict) {
    CHECK(conflict.changed_by() == "binh");
  }
  CHECK_THROWS_AS(operations::remove_dependency(database, staff, "LS-FARM:construction_start",
                                                "LS-FARM:cod", nullptr, versions[0]),
                  VersionConflict);
  CHECK(log_rows(database) == before);
  operations::remove_dependency(database, staff, "LS-FARM:construction_start", "LS-FARM:cod",
                                nullptr, moved[0]);
  CHECK(database.load().dependencies.empty());
}

TEST_CASE("links: a cycle names its members, for a face to word in its language") {
  Folder folder;
  auto& database = *folder.database;
  add_project(database, "LS-FARM", "Lạng Sơn");
  operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:construction_start",
                              "LS-FARM:cod", std::nullopt, std::nullopt, as_of);
  try {
    operations::edit_dependency(database, staff, EditKind::Add, "LS-FARM:cod",
                                "LS-FARM:construction_start", std::nullopt, std::nullopt, as_of);
    FAIL("the cycle was allowed");
  } catch (const CycleError& error) {
    CHECK(error.member_count() == 2);
    REQUIRE(error.first_members().size() == 2);
    CHECK((error.first_members()[0] == "LS-FARM:cod" ||
           error.first_members()[0] == "LS-FARM:construction_start"));
  }
}

TEST_CASE("links: the key 'new' is reserved for every face") {
  Folder folder;
  auto& database = *folder.database;
  add_project(database, "LS-FARM", "Lạng Sơn");
  try {
    operations::edit_milestone(database, staff, EditKind::Add, "LS-FARM:new",
                               {{"planned", "2021-01"}}, as_of);
    FAIL("the key 'new' was taken");
  } catch (const InvalidInput& error) {
    CHECK(std::string(error.what()) ==
          "key: 'new': 'new' is reserved (it names the page that adds a milestone); choose "
          "another key");
  }
  // An import goes through the same rule.
  Portfolio portfolio = database.load();
  ProblemList problems;
  apply_milestone(portfolio, {{"project", "LS-FARM"}, {"key", "new"}}, InputLocation{"m.csv", 2},
                  problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems.lines().front().find("'new' is reserved") != std::string::npos);
}

TEST_CASE("links: a milestone created with its project's plan keeps its creation in the history") {
  Folder folder;
  auto& database = *folder.database;
  // One command creates the project with its plan: one packed row of the change log.
  auto projects = folder.write("projects.csv",
                               "code,name,technology,province\n"
                               "LS-FARM,Điện gió Lạng Sơn,wind_onshore,Lạng Sơn\n");
  auto milestones = folder.write("milestones.csv",
                                 "project,key,planned,source\n"
                                 "LS-FARM,site_clearance,2020-06,QĐ 1; name=x\n"
                                 "LS-FARM,cod,2021-12,\n");
  operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                           {projects, milestones}, false, as_of);
  operations::edit_milestone(database, staff, EditKind::Set, "LS-FARM:site_clearance",
                             {{"planned", "2020-09"}}, as_of);
  operations::remove_milestone(database, {"ann", "entered twice", ""}, "LS-FARM:site_clearance");
  auto history = database.history("LS-FARM", 100);
  std::optional<store::ChangeRecord> created;
  for (const auto& row : history)
    if (row.entity == "milestone:LS-FARM:site_clearance" && row.field == "created")
      created = row;
  REQUIRE(created);
  // As it was created: the plan's date before the later change, its source whole.
  CHECK(created->new_value ==
        std::optional<std::string>(
            "project=LS-FARM; key=site_clearance; duration_days=0; planned=2020-06; "
            "source=QĐ 1; name=x"));
}
