// The operations against a real SQLite file: what a user can do, with every rule, called as the
// command line calls them and as the web workspace will — and a refused edit writes nothing.
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
#include "operations/listings.h"
#include "operations/project_pages.h"
#include "operations/projects.h"
#include "operations/queries.h"

using namespace tiendo;
using operations::EditKind;

namespace {

// The test's own folder and database (database_folder.h).
class Workspace : public testing::DatabaseFolder {
 public:
  Workspace() : DatabaseFolder("operations") {}
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

TEST_CASE("operations: listings pick out one project and refuse a code that names none") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-2"));
  CHECK(operations::load_portfolio(database).projects.size() == 2);
  auto everything = operations::select_project(database, "");
  CHECK(everything.portfolio.projects.size() == 2);
  CHECK_FALSE(everything.project);
  auto second = operations::select_project(database, "W-2");
  REQUIRE(second.project);
  CHECK(second.portfolio.projects[static_cast<std::size_t>(*second.project)].code == "W-2");
  CHECK_THROWS_AS(operations::select_project(database, "W-9"), NotFound);
  auto shown = operations::load_project(database, "W-1");
  CHECK(shown.portfolio.projects[static_cast<std::size_t>(shown.project)].code == "W-1");
  CHECK_THROWS_AS(operations::load_project(database, "W-9"), NotFound);
  CHECK_THROWS_AS(operations::load_project(database, ""), NotFound);

  // A project stands on the rung its milestones done by a date reach, and a side state in force
  // then goes with it.
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:construction_start",
                             {{"actual", "2020-03-15"}}, as_of);
  operations::set_project_status(database, staff, "W-2", ProjectStatus::Suspended,
                                 *Date::from_ymd(2020, 6, 1));
  auto portfolio = operations::load_portfolio(database);
  auto first = static_cast<std::size_t>(*portfolio.find_project("W-1"));
  auto other = static_cast<std::size_t>(*portfolio.find_project("W-2"));
  auto now = operations::project_standings(portfolio, as_of);
  REQUIRE(now.size() == 2);
  CHECK(now[first].stage == Stage::Construction);
  CHECK_FALSE(now[first].status);
  CHECK(now[other].status == ProjectStatus::Suspended);
  auto before = operations::project_standings(portfolio, *Date::from_ymd(2020, 1, 1));
  CHECK(before[first].stage == portfolio.projects[first].stage);
  CHECK_FALSE(before[other].status);
}

TEST_CASE("operations: baselines are listed, the latest is chosen, and changes since it found") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:cod", {{"planned", "2021-06-30"}},
                             as_of);
  CHECK(operations::list_baselines(database).empty());
  auto none = operations::choose_baseline(database, "");
  CHECK(none.name.empty());
  CHECK_FALSE(none.dates);
  CHECK_THROWS_AS(operations::baseline_dates(database, "2020-Q3"), NotFound);
  CHECK_THROWS_AS(operations::choose_baseline(database, "2020-Q3"), NotFound);

  operations::save_baseline(database, staff, "2020-Q3");
  operations::edit_milestone(database, staff, EditKind::Set, "W-1:cod", {{"planned", "2021-09-30"}},
                             as_of);
  operations::save_baseline(database, staff, "2020-Q4");
  auto saved = operations::list_baselines(database);
  REQUIRE(saved.size() == 2);
  CHECK(saved[0].name == "2020-Q3");
  CHECK(saved[1].milestones == 1);
  auto latest = operations::choose_baseline(database, "");
  CHECK(latest.name == "2020-Q4");
  REQUIRE(latest.dates);
  CHECK(latest.dates->at("W-1:cod")->iso() == "2021-09-30");
  auto named = operations::choose_baseline(database, "2020-Q3");
  REQUIRE(named.dates);
  CHECK(named.dates->at("W-1:cod")->iso() == "2021-06-30");

  // Against the latest baseline nothing moved; against the older one the COD did, and a
  // milestone added since is new.
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:construction_start",
                             {{"planned", "2021-01-31"}}, as_of);
  auto scheduled = operations::load_scheduled(database, as_of);
  auto cod = scheduled.portfolio.milestone_by_reference("W-1:cod");
  auto start = scheduled.portfolio.milestone_by_reference("W-1:construction_start");
  auto since_latest = operations::baseline_changes(scheduled, *latest.dates);
  REQUIRE(since_latest.size() == 1);
  CHECK(since_latest[0].milestone == start);
  CHECK_FALSE(since_latest[0].in_baseline);
  CHECK_FALSE(since_latest[0].slip_days);
  auto since_older = operations::baseline_changes(scheduled, *named.dates);
  REQUIRE(since_older.size() == 2);
  const auto& moved = since_older[0].milestone == cod ? since_older[0] : since_older[1];
  CHECK(moved.milestone == cod);
  CHECK(moved.in_baseline);
  CHECK(moved.baseline_planned->iso() == "2021-06-30");
  auto early_finish = scheduled.schedule.milestones[static_cast<std::size_t>(cod)].early_finish;
  CHECK(moved.slip_days == early_finish - Date::from_ymd(2021, 6, 30)->days());

  store::BaselineDates dates{{"A:cod", *Date::from_ymd(2021, 1, 1)}, {"A:start", std::nullopt}};
  auto day = Date::from_ymd(2021, 1, 11)->days();
  CHECK(operations::baseline_slip(dates, "A:cod", day) == 10);
  CHECK_FALSE(operations::baseline_slip(dates, "A:start", day));
  CHECK_FALSE(operations::baseline_slip(dates, "B:cod", day));
}

TEST_CASE("operations: the schedule and the periodic report come with what they were asked for") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-2"));
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:cod", {{"planned", "2021-06-30"}},
                             as_of);
  auto everything = operations::query_schedule(database, as_of, "", "");
  CHECK_FALSE(everything.project);
  CHECK_FALSE(everything.baseline);
  CHECK(everything.scheduled.schedule.milestones.size() == 1);
  CHECK_THROWS_AS(operations::query_schedule(database, as_of, "W-9", ""), NotFound);
  CHECK_THROWS_AS(operations::query_schedule(database, as_of, "W-1", "2020-Q4"), NotFound);

  Date from = *Date::from_ymd(2020, 1, 1);
  auto unsaved = operations::query_periodic_report(database, from, as_of, std::nullopt, "");
  CHECK(unsaved.baseline.name.empty());
  CHECK_FALSE(unsaved.baseline.dates);
  CHECK(unsaved.report.from == from);
  CHECK(unsaved.report.to == as_of);
  CHECK(unsaved.scheduled.schedule.as_of == as_of);

  operations::save_baseline(database, staff, "2020-Q4");
  auto one = operations::query_schedule(database, as_of, "W-2", "2020-Q4");
  REQUIRE(one.project);
  CHECK(one.scheduled.portfolio.projects[static_cast<std::size_t>(*one.project)].code == "W-2");
  REQUIRE(one.baseline);
  CHECK(one.baseline->count("W-1:cod") == 1);
  auto against = operations::query_periodic_report(database, from, as_of, std::nullopt, "");
  CHECK(against.baseline.name == "2020-Q4");
  CHECK(against.baseline.dates);
  CHECK_THROWS_AS(operations::query_periodic_report(database, from, as_of, std::nullopt, "none"),
                  NotFound);
}

TEST_CASE("operations: a database built by the demo is known by its mark") {
  Workspace workspace;
  auto& database = *workspace.database;
  CHECK_FALSE(operations::is_demo_database(database));
  operations::mark_as_demo(database, staff);
  CHECK(operations::is_demo_database(database));
}

Account account(const std::string& name, Role role, std::vector<std::string> provinces) {
  Account result;
  result.name = name;
  result.role = role;
  result.provinces = std::move(provinces);
  return result;
}

TEST_CASE("operations: an edit in memory writes one row, and none when the database moved") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:construction_start",
                             {{"planned", "2020-03"}}, as_of);
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:cod", {{"planned", "2020-12"}},
                             as_of);
  operations::edit_dependency(database, staff, EditKind::Add, "W-1:construction_start", "W-1:cod",
                              std::nullopt, "30", as_of);
  auto scheduled = operations::load_scheduled(database, as_of);
  auto stamp = database.stamp();
  auto history_before = database.history("W-1", 1000).size();

  auto edited = operations::edit_milestone_in_memory(
      database, staff, scheduled.portfolio, *scheduled.network, stamp, "W-1:construction_start",
      {{"forecast", "2021-06"}}, as_of);
  REQUIRE(edited);
  // The portfolio returned and the database agree, and so does the schedule a full load makes.
  auto reloaded = operations::load_scheduled(database, as_of);
  auto index = static_cast<std::size_t>(*reloaded.portfolio.find_milestone("W-1", "cod"));
  CHECK(edited->portfolio.milestones[index] == reloaded.portfolio.milestones[index]);
  CHECK(edited->schedule.milestones[index].early_finish ==
        reloaded.schedule.milestones[index].early_finish);
  CHECK(database.history("W-1", 1000).size() == history_before + 1);
  CHECK(edited->stamp == database.stamp());
  CHECK_FALSE(edited->stamp == stamp);

  // Against the old stamp nothing is written: the caller must make the edit the slow way.
  auto stale =
      operations::edit_milestone_in_memory(database, staff, scheduled.portfolio, *scheduled.network,
                                           stamp, "W-1:cod", {{"forecast", "2022-01"}}, as_of);
  CHECK_FALSE(stale);
  CHECK(database.history("W-1", 1000).size() == history_before + 1);

  // A bad date, a version seen before the last change, an account outside the province: refused.
  CHECK_THROWS_AS(operations::edit_milestone_in_memory(database, staff, edited->portfolio,
                                                       *scheduled.network, edited->stamp, "W-1:cod",
                                                       {{"forecast", "2021-02-30"}}, as_of),
                  InvalidInput);
  auto version = operations::milestone_version(database, "W-1:construction_start");
  CHECK(version > 0);
  CHECK_THROWS_AS(operations::edit_milestone_in_memory(
                      database, staff, edited->portfolio, *scheduled.network, edited->stamp,
                      "W-1:construction_start", {{"forecast", "2021-07"}}, as_of,
                      operations::Guard{nullptr, version - 1}),
                  VersionConflict);
  Account elsewhere = account("bich", Role::Editor, {"Cần Thơ"});
  CHECK_THROWS_AS(
      operations::edit_milestone_in_memory(database, staff, edited->portfolio, *scheduled.network,
                                           edited->stamp, "W-1:cod", {{"forecast", "2021-07"}},
                                           as_of, operations::Guard{&elsewhere, std::nullopt}),
      Forbidden);
  Account here = account("hoa", Role::Editor, {"Trà Vinh"});
  CHECK(operations::edit_milestone_in_memory(database, staff, edited->portfolio, *scheduled.network,
                                             edited->stamp, "W-1:cod", {{"forecast", "2021-08"}},
                                             as_of, operations::Guard{&here, std::nullopt}));
  CHECK(database.history("W-1", 1000).size() == history_before + 2);
}

TEST_CASE("operations: a batch made in place is put back when nothing is written") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:construction_start",
                             {{"planned", "2020-03"}}, as_of);
  operations::edit_milestone(database, staff, EditKind::Add, "W-1:cod", {{"planned", "2020-12"}},
                             as_of);
  auto scheduled = operations::load_scheduled(database, as_of);
  const Portfolio original = scheduled.portfolio;
  auto stamp = database.stamp();
  std::vector<operations::MilestoneEdit> edits{
      {staff, "W-1:construction_start", {{"forecast", "2021-06"}}, {}},
      {staff, "W-1:cod", {{"forecast", "2021-02-30"}}, {}},  // refused: no such day
      {staff, "W-1:cod", {{"forecast", "2022-01"}}, {}},
  };

  // Written: the portfolio holds the two accepted edits, and `changes` lists them in order with
  // their final values, which is what a second copy applies to catch up.
  Portfolio portfolio = original;
  auto made = operations::edit_milestones_in_place(database, portfolio, *scheduled.network, stamp,
                                                   edits, as_of);
  REQUIRE(made.written);
  CHECK_FALSE(made.errors[0]);
  CHECK(made.errors[1]);
  CHECK_FALSE(made.errors[2]);
  auto reloaded = database.load();
  CHECK(portfolio.milestones == reloaded.milestones);
  REQUIRE(made.changes.size() == 2);
  Portfolio follower = original;
  for (const auto& change : made.changes)
    follower.milestones[static_cast<std::size_t>(change.milestone)] = change.value;
  CHECK(follower.milestones == reloaded.milestones);

  // Against a stamp the database has left: nothing written, and the portfolio as it was.
  Portfolio unchanged = reloaded;
  auto stale = operations::edit_milestones_in_place(database, unchanged, *scheduled.network, stamp,
                                                    edits, as_of);
  CHECK_FALSE(stale.written);
  CHECK(stale.changes.empty());
  CHECK(unchanged.milestones == reloaded.milestones);
  CHECK(database.load().milestones == reloaded.milestones);
}

TEST_CASE("operations: an import touching a project outside the account's provinces is refused") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, staff, EditKind::Add, wind_farm("W-1"));
  Account editor = account("hoa", Role::Editor, {"Trà Vinh"});
  auto own = workspace.write("own.csv", "project,key,planned\nW-1,cod,2022\n");
  auto moved = workspace.write("moved.csv",
                               "code,name,technology,province\n"
                               "W-1,Điện gió W-1,wind_onshore,Cà Mau\n");
  auto other = workspace.write("other.csv",
                               "code,name,technology,province\n"
                               "X-1,Điện gió X,wind_onshore,Bạc Liêu\n");
  auto rows = database.history("", 1000).size();
  // Moving one's own project out of one's provinces, and adding one elsewhere: both refused.
  CHECK_THROWS_AS(operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                                           {moved}, false, as_of, &editor),
                  Forbidden);
  CHECK_THROWS_AS(operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                                           {other}, false, as_of, &editor),
                  Forbidden);
  CHECK(database.history("", 1000).size() == rows);
  auto result = operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                                         {own}, false, as_of, &editor);
  CHECK(result.summary.milestones_added == 1);
  Account viewer = account("xem", Role::Viewer, {});
  CHECK_THROWS_AS(operations::import_files(database, staff, operations::ImportFormat::TiendoCsv,
                                           {own}, false, as_of, &viewer),
                  Forbidden);
}

TEST_CASE("operations: projects are found by words without accents, a page at a time") {
  Portfolio portfolio;
  for (int i = 0; i < 120; ++i) {
    Project project;
    project.code = "P-" + std::to_string(i);
    project.name =
        i % 2 ? "Thủy điện Hòa Bình " + std::to_string(i) : "Điện gió " + std::to_string(i);
    project.technology = i % 2 ? Technology::Hydro : Technology::WindOnshore;
    project.province = i % 2 ? "Hòa Bình" : "Trà Vinh";
    portfolio.projects.push_back(project);
  }
  operations::ProjectIndex index(portfolio);
  operations::ProjectsQuery query;
  query.text = "HOA binh";
  query.limit = 25;
  auto page = operations::find_projects(portfolio, index, as_of, query);
  CHECK(page.total == 60);
  REQUIRE(page.rows.size() == 25);
  CHECK(portfolio.projects[static_cast<std::size_t>(page.rows[0].project)].code == "P-1");
  query.offset = 50;
  page = operations::find_projects(portfolio, index, as_of, query);
  CHECK(page.total == 60);
  CHECK(page.rows.size() == 10);
  query.text = "thuy dien 101";
  query.offset = 0;
  CHECK(operations::find_projects(portfolio, index, as_of, query).total == 1);
  query.text = "";
  query.stage = "nonsense";
  CHECK_THROWS_AS(operations::find_projects(portfolio, index, as_of, query), InvalidInput);
}

TEST_CASE("operations: the pipeline from the slice of done gate milestones equals the full one") {
  Workspace workspace;
  auto& database = *workspace.database;
  std::string seed = std::string(TIENDO_SOURCE_DIR) + "/fixtures/seed/";
  operations::import_files(
      database, staff, operations::ImportFormat::TiendoCsv,
      {seed + "projects.csv", seed + "milestones.csv", seed + "dependencies.csv"}, false, as_of);
  // The seed has parents with children, grid works and projects at five stages, so leaves and
  // gates both come into it.
  operations::PipelineRequest request;
  for (std::string by : {"stage", "province,stage", "technology,stage,province", "investor",
                         "technology_group", "cod_year,stage"}) {
    for (Date date : {*Date::from_ymd(2018, 12, 31), *Date::from_ymd(2020, 9, 30), as_of,
                      *Date::from_ymd(2030, 1, 1)}) {
      request.by = by;
      auto query = operations::parse_pipeline_request(request);
      auto full = operations::load_scheduled(database, date);
      auto sliced = operations::load_for_pipeline(database, date, query);
      if (by.find("cod_year") == std::string::npos) {
        // Only projects and done gate milestones were read.
        CHECK(sliced.portfolio.dependencies.empty());
        CHECK(sliced.portfolio.milestones.size() < full.portfolio.milestones.size());
      }
      auto expected = operations::pipeline_of(full, full.schedule, query);
      auto answer = operations::pipeline_of(sliced, sliced.schedule, query);
      INFO(by, " at ", date.iso());
      CHECK(answer.total.projects == expected.total.projects);
      CHECK(answer.total.mw == expected.total.mw);
      REQUIRE(answer.rows.size() == expected.rows.size());
      for (std::size_t i = 0; i < answer.rows.size(); ++i) {
        CHECK(answer.rows[i].keys == expected.rows[i].keys);
        CHECK(answer.rows[i].projects == expected.rows[i].projects);
        CHECK(answer.rows[i].mw == expected.rows[i].mw);
        CHECK(answer.rows[i].mwp == expected.rows[i].mwp);
      }
      CHECK(answer.warnings == expected.warnings);
    }
  }
}

TEST_CASE("operations: a department's pipeline holds the projects its alerts are counted for") {
  // A legacy province's department (Trà Vinh, part of Vĩnh Long since 2025) and the current
  // unit's: each sees the projects recorded in its provinces, as their alerts are scoped.
  Workspace workspace;
  auto& database = *workspace.database;
  auto add_in = [&](const std::string& code, const std::string& province) {
    auto fields = wind_farm(code);
    for (auto& field : fields)
      if (field.name == "province")
        field.value = province;
    operations::edit_project(database, staff, EditKind::Add, fields);
  };
  add_in("W-1", "Trà Vinh");
  add_in("W-2", "Bến Tre");
  add_in("W-3", "Sóc Trăng");
  auto scheduled = operations::load_scheduled(database, as_of);
  const auto& registry = ProvinceRegistry::builtin();
  auto projects_in = [&](const std::string& province) {
    std::vector<ProvinceFilter> filters{ProvinceFilter::parse(province, registry, false)};
    auto result = operations::pipeline_within(scheduled, scheduled.schedule,
                                              {analysis::GroupField::Stage}, filters);
    std::int64_t within = 0;
    for (const auto& project : scheduled.portfolio.projects)
      within += operations::within(filters, project.province);
    CHECK(result.total.projects == within);
    return result.total.projects;
  };
  CHECK(projects_in("Trà Vinh") == 1);
  CHECK(projects_in("Bến Tre") == 1);
  CHECK(projects_in("Vĩnh Long") == 2);
  CHECK(projects_in("Cần Thơ") == 1);
  CHECK(projects_in("Hà Nội") == 0);
}
