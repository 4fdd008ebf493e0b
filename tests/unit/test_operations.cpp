// The operations against a real SQLite file: what a user can do, with every rule, called as the
// command line calls them and as the web workspace will — and a refused edit writes nothing.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "domain/error.h"
#include "operations/edits.h"
#include "operations/import.h"
#include "operations/queries.h"

using namespace tiendo;
using operations::EditKind;

namespace {

class Workspace {
 public:
  Workspace() {
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    m_path = std::filesystem::temp_directory_path() /
             ("tiendo-operations-" + std::to_string(::getpid()) + "-" + std::to_string(stamp));
    std::filesystem::create_directories(m_path);
    database = std::make_unique<store::Database>(
        store::Database::open((m_path / "test.db").string(), store::OpenMode::CreateOrMigrate));
  }
  ~Workspace() {
    database.reset();
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  std::string write(const std::string& name, const std::string& text) const {
    auto path = (m_path / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::unique_ptr<store::Database> database;

 private:
  std::filesystem::path m_path;
};

const store::ChangeContext staff{"ann", "", ""};
const Date as_of = *Date::from_ymd(2020, 12, 31);

Fields wind_farm(const std::string& code) {
  return {{"code", code},
          {"name", "Điện gió " + code},
          {"technology", "wind_onshore"},
          {"province", "Trà Vinh"},
          {"capacity_mw", "48"}};
}

}  // namespace

TEST_CASE("operations: add and set keep their rule, and a refused edit writes nothing") {
  Workspace workspace;
  auto& database = *workspace.database;
  auto added = operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  CHECK(added.summary.projects_added == 1);
  CHECK_THROWS_AS(operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1")),
                  Conflict);
  CHECK_THROWS_AS(operations::edit_project(database, staff, EditKind::Set,
                                           {{"code", "W-9"}, {"capacity_mw", "1"}}),
                  NotFound);
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:construction_start",
                             {{"planned", "2020-03"}}, as_of);
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:cod", {{"planned", "2020-12"}},
                             as_of);
  auto link = operations::edit_dependency(database, staff, EditKind::Add, "W-1:construction_start",
                                          "W-1:cod", std::nullopt, "30", as_of);
  CHECK(link.lag_days == 30);
  CHECK(link.type == LinkType::FinishToStart);
  auto before = database.history("W-1", 1000).size();
  // A cycle, a bad date and a text with a control character: each refused, nothing written.
  CHECK_THROWS_AS(
      operations::edit_dependency(database, staff, EditKind::Add, "W-1:cod",
                                  "W-1:construction_start", std::nullopt, std::nullopt, as_of),
      CycleError);
  CHECK_THROWS_AS(operations::edit_milestone(database, staff, EditKind::Set, "W-1:cod",
                                             {{"forecast", "2019-02-30"}}, as_of),
                  InvalidInput);
  CHECK_THROWS_AS(
      operations::edit_milestone(database, store::ChangeContext{"ann\x1b[2J", "", ""},
                                 EditKind::Set, "W-1:cod", {{"forecast", "2021"}}, as_of),
      InvalidInput);
  CHECK(database.history("W-1", 1000).size() == before);
  operations::complete_milestone(database, store::ChangeContext{"ann", "weather:mưa bão", ""},
                                 "W-1:construction_start", "15/04/2020", as_of);
  auto portfolio = database.load();
  auto index = portfolio.find_milestone("W-1", "construction_start");
  REQUIRE(index);
  CHECK(portfolio.milestones[static_cast<std::size_t>(*index)].actual->iso() == "2020-04-15");
  CHECK(portfolio.milestones[static_cast<std::size_t>(*index)].reason == "weather:mưa bão");
  CHECK(operations::save_baseline(database, staff, "2020-Q4") == 2);
}

TEST_CASE("operations: an import is all or nothing and names the row of a cycle") {
  Workspace workspace;
  auto& database = *workspace.database;
  auto projects = workspace.write("projects.csv",
                                  "code,name,technology,province\n"
                                  "A,Dự án A,coal,Thái Bình\n"
                                  "B,Dự án B,coal,unknown\n");
  auto milestones =
      workspace.write("milestones.csv", "project,key,planned\nA,cod,2021\nB,cod,2022\n");
  auto cycle = workspace.write("dependencies.csv", "from,to\nA:cod,B:cod\nB:cod,A:cod\n");
  try {
    operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                             {projects, milestones, cycle}, false, as_of);
    FAIL("a cycle was imported");
  } catch (const CycleError& error) {
    CHECK(std::string(error.what())
              .ends_with("dependencies.csv:3: to: 'A:cod': closes a dependency cycle: A:cod -> "
                         "B:cod -> A:cod"));
  }
  CHECK(database.load().projects.empty());
  auto dry = operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                                      {projects, milestones}, true, as_of);
  CHECK(dry.summary.projects_added == 2);
  CHECK(database.load().projects.empty());
  operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                           {projects, milestones}, false, as_of);
  CHECK(database.load().projects.size() == 2);
}

TEST_CASE("operations: queries answer from the store's own thresholds and history") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:cod", {{"planned", "2020-06-30"}},
                             as_of);
  auto thresholds =
      operations::set_alert_thresholds(database, staff, {"warning=10", "critical=200"});
  CHECK(thresholds.warning_days == 10);
  CHECK_THROWS_AS(operations::set_alert_thresholds(database, staff, {"warning=300"}), InvalidInput);
  auto answer = operations::query_alerts(database, as_of, operations::AlertsQuery{});
  REQUIRE(answer.alerts.size() == 2);  // overdue and cod_slip, 184 days: a warning at these
  for (const auto& alert : answer.alerts)
    CHECK(alert.severity == analysis::Severity::Warning);
  operations::AlertsQuery critical;
  critical.minimum = analysis::Severity::Critical;
  CHECK(operations::query_alerts(database, as_of, critical).alerts.empty());
  auto impact = operations::query_impact(database, as_of, "W-1:cod", 30);
  REQUIRE(impact.impact.projects.size() == 1);
  CHECK(impact.impact.projects[0].cod_after - impact.impact.projects[0].cod_before == 30);
  CHECK_THROWS_AS(operations::query_history(database, "NONE", 10), NotFound);
  CHECK(operations::query_history(database, "W-1", 10).size() >= 2);
}
