// Importing a later update of a contractor's schedule (issue 31): the differences applied as
// edits in one write, each change-log row naming the file and its data date; activities the later
// file lost removed; the department's own milestones and links kept; --baseline saved in the same
// write; nothing written when the later file is bad, on a dry run or out of the caller's scope.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "database_folder.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "operations/contractor_import.h"
#include "operations/edits.h"
#include "operations/undo.h"

using namespace tiendo;

namespace {

class Workspace : public testing::DatabaseFolder {
 public:
  Workspace() : DatabaseFolder("contractor-update") {}
};

std::string fixture(const std::string& name) {
  return (std::filesystem::path(TIENDO_SOURCE_DIR) / "fixtures" / name).string();
}

std::string test_data(const std::string& name) {
  return (std::filesystem::path(TIENDO_SOURCE_DIR) / "tests" / "cli" / "data" / name).string();
}

operations::ContractorImportOptions wind_farm() {
  operations::ContractorImportOptions options;
  options.province = "Bạc Liêu";
  options.technology = "wind_nearshore";
  options.cod_activity = "COD";
  options.file_name = "synthetic-vn-1258.xer";
  return options;
}

// The later file needs neither province nor technology: the project has them.
operations::ContractorImportOptions later() {
  operations::ContractorImportOptions options;
  options.file_name = "synthetic-vn-1258-update.xer";
  return options;
}

const store::ChangeContext ann{"ann", "", ""};
const Date as_of = *Date::from_ymd(2027, 2, 1);

Account account(std::string name, Role role, std::vector<std::string> provinces = {}) {
  Account result;
  result.name = std::move(name);
  result.role = role;
  result.provinces = std::move(provinces);
  return result;
}

const Milestone& milestone(const Portfolio& portfolio, std::string_view key) {
  auto found = portfolio.find_milestone("DG-BACLIEU-3", key);
  REQUIRE(found);
  return portfolio.milestones[static_cast<std::size_t>(*found)];
}

std::optional<Dependency> link(const Portfolio& portfolio, std::string_view from,
                               std::string_view to) {
  auto a = portfolio.find_milestone("DG-BACLIEU-3", from);
  auto b = portfolio.find_milestone("DG-BACLIEU-3", to);
  if (!a || !b)
    return std::nullopt;
  auto found = portfolio.find_dependency(*a, *b);
  if (!found)
    return std::nullopt;
  return portfolio.dependencies[static_cast<std::size_t>(*found)];
}

// The first import, and a milestone with a link the department adds by hand.
void first_import(store::Database& database) {
  operations::import_contractor_schedule(database, ann, fixture("p6/synthetic-vn-1258.xer"),
                                         wind_farm(), false, *Date::from_ymd(2027, 1, 4));
  operations::edit_milestone(database, ann, operations::EditKind::Add,
                             "DG-BACLIEU-3:department_check",
                             {{"name", "Kiểm tra của Sở"}, {"planned", "2027-02-20"}},
                             *Date::from_ymd(2027, 1, 4));
  database.modify(ann, [](Portfolio& portfolio) {
    Dependency dependency;
    dependency.from = *portfolio.find_milestone("DG-BACLIEU-3", "xd_120");
    dependency.to = *portfolio.find_milestone("DG-BACLIEU-3", "department_check");
    portfolio.add_dependency(dependency);
  });
}

std::size_t change_rows(store::Database& database) {
  return database.history("", 100000).size();
}

}  // namespace

TEST_CASE("contractor update: a milestone's source tells the contractor's from the department's") {
  Milestone imported;
  imported.key = "pcs_140";
  imported.source = "plan.xer TASK PCS-140";
  CHECK(operations::contractor_activity_of(imported) == "PCS-140");
  imported.key = "cod";
  imported.source = "plan 2027-01.xer TASK A1570";
  CHECK(operations::contractor_activity_of(imported) == "A1570");
  Milestone own;
  own.key = "department_check";
  own.source = "Công văn 12/SCT";
  CHECK_FALSE(operations::contractor_activity_of(own));
  own.source = "plan.xer TASK PCS-140";  // Another key than its activity's.
  CHECK_FALSE(operations::contractor_activity_of(own));
}

TEST_CASE("contractor update: the later file's differences, pure") {
  Portfolio portfolio;
  std::vector<std::string> notes;
  operations::apply_contractor_schedule(portfolio, io::read_xer(fixture("p6/synthetic-vn-1258.xer")),
                                        wind_farm(), notes);
  REQUIRE(portfolio.milestones.size() == 5);
  const auto xd_100_before = milestone(portfolio, "xd_100");
  CHECK_FALSE(xd_100_before.actual);

  notes.clear();
  std::vector<std::string> added, updated;
  operations::apply_contractor_schedule(
      portfolio, io::read_xer(fixture("p6/synthetic-vn-1258-update.xer")), later(), notes, &added,
      &updated);
  CHECK(added.empty());
  CHECK(updated == std::vector<std::string>{"DG-BACLIEU-3"});
  CHECK(portfolio.projects.size() == 1);
  CHECK(portfolio.projects[0].data_date == Date::from_ymd(2027, 2, 1));
  // An actual finish, a changed duration, a constraint moved; the COD keeps its key without
  // --cod (its source names the activity).
  CHECK(milestone(portfolio, "xd_100").actual == Date::from_ymd(2027, 1, 8));
  CHECK(milestone(portfolio, "xd_120").duration_minutes == 200 * 60);
  CHECK(milestone(portfolio, "xd_120").duration_days == 25);
  CHECK(milestone(portfolio, "cod").finish_on_or_before != std::nullopt);
  CHECK(milestone(portfolio, "cod").source == "synthetic-vn-1258.xer TASK COD");
  // The removed activity is gone with its links, the new one is there with the file's name as
  // its source.
  CHECK_FALSE(portfolio.find_milestone("DG-BACLIEU-3", "dn_110"));
  CHECK(milestone(portfolio, "dn_115").source == "synthetic-vn-1258-update.xer TASK ĐN-115");
  CHECK(std::count_if(notes.begin(), notes.end(), [](const std::string& line) {
          return line == "synthetic-vn-1258-update.xer: DG-BACLIEU-3:dn_110 is no longer in the "
                         "file; removed";
        }) == 1);
  // The changed relationship, the new ones.
  auto changed = link(portfolio, "xd_120", "cod");
  REQUIRE(changed);
  CHECK(changed->type == LinkType::FinishToStart);
  CHECK(changed->lag_minutes == 8 * 60);
  CHECK(link(portfolio, "xd_100", "dn_115"));
  CHECK(link(portfolio, "dn_115", "cod"));
  CHECK(portfolio.dependencies.size() == 5);
}

TEST_CASE("contractor update: one write, each row naming the file and its data date") {
  Workspace workspace;
  auto& database = *workspace.database;
  first_import(database);
  const std::size_t rows_before = change_rows(database);

  auto options = later();
  options.baseline = "nhà thầu 01/2027";
  auto result = operations::import_contractor_schedule(
      database, ann, fixture("p6/synthetic-vn-1258-update.xer"), options, false, as_of);
  CHECK(result.updated == std::vector<std::string>{"DG-BACLIEU-3"});
  CHECK(result.summary.milestones_added == 1);
  CHECK(result.summary.milestones_removed == 1);
  CHECK(result.summary.dependencies_added == 2);
  CHECK(result.summary.dependencies_changed == 1);

  auto rows = database.history("DG-BACLIEU-3", 100000);
  const std::size_t written = change_rows(database) - rows_before;
  // Every row of the write has one moment; all name the file and its data date.
  std::vector<store::ChangeRecord> update_rows;
  for (const auto& row : database.history("", 100000))
    if (row.source == "synthetic-vn-1258-update.xer (data date 2027-02-01)")
      update_rows.push_back(row);
  CHECK(update_rows.size() + 1 == written);  // And the baseline's own row.
  auto has = [&](std::string_view entity, std::string_view field, std::optional<std::string> old_value,
                 std::optional<std::string> new_value) {
    return std::any_of(update_rows.begin(), update_rows.end(), [&](const store::ChangeRecord& row) {
      return row.entity == entity && row.field == field && row.old_value == old_value &&
             row.new_value == new_value;
    });
  };
  CHECK(has("milestone:DG-BACLIEU-3:xd_100", "actual", std::nullopt, "2027-01-08"));
  CHECK(has("milestone:DG-BACLIEU-3:xd_120", "duration_days", "20", "25"));
  CHECK(has("milestone:DG-BACLIEU-3:xd_120", "duration_minutes", "9600", "12000"));
  CHECK(has("milestone:DG-BACLIEU-3:cod", "finish_on_or_before", "2027-03-31T17:00",
            "2027-04-15T17:00"));
  CHECK(has("project:DG-BACLIEU-3", "data_date", "2027-01-04", "2027-02-01"));
  CHECK(has("dependency:DG-BACLIEU-3:xd_120->DG-BACLIEU-3:cod", "type_lag", "FF 0 0", "FS 1 480"));
  const bool removed_logged =
      std::any_of(update_rows.begin(), update_rows.end(), [](const store::ChangeRecord& row) {
        return row.entity == "milestone:DG-BACLIEU-3:dn_110" && row.field == "removed" &&
               row.old_value && !row.new_value;
      });
  CHECK(removed_logged);
  // An unchanged activity writes nothing.
  for (const auto& row : update_rows)
    CHECK(row.entity != "milestone:DG-BACLIEU-3:ms_000");
  (void)rows;

  // The department's own milestone and its link stay.
  auto portfolio = database.load();
  CHECK(portfolio.find_milestone("DG-BACLIEU-3", "department_check"));
  CHECK(link(portfolio, "xd_120", "department_check"));
  // The baseline holds the plan as it was before the update.
  auto baselines = database.baselines();
  REQUIRE(baselines.size() == 1);
  CHECK(baselines[0].name == "nhà thầu 01/2027");
  auto dates = database.baseline("nhà thầu 01/2027");
  CHECK(dates.contains("DG-BACLIEU-3:dn_110"));
  CHECK_FALSE(dates.contains("DG-BACLIEU-3:dn_115"));

  // The same file again changes nothing.
  const std::size_t rows_after = change_rows(database);
  auto again = operations::import_contractor_schedule(
      database, ann, fixture("p6/synthetic-vn-1258-update.xer"), later(), false, as_of);
  CHECK(again.summary.change_log_rows == 0);
  CHECK(change_rows(database) == rows_after);
}

TEST_CASE("contractor update: a dry run lists the differences and writes nothing") {
  Workspace workspace;
  auto& database = *workspace.database;
  first_import(database);
  const std::size_t rows_before = change_rows(database);
  auto options = later();
  options.baseline = "never saved";
  auto result = operations::import_contractor_schedule(
      database, ann, fixture("p6/synthetic-vn-1258-update.xer"), options, true, as_of);
  CHECK(change_rows(database) == rows_before);
  CHECK(database.baselines().empty());
  CHECK(database.load().find_milestone("DG-BACLIEU-3", "dn_110"));
  auto listed = [&](std::string_view entity, std::string_view field) {
    return std::any_of(result.differences.begin(), result.differences.end(),
                       [&](const operations::ContractorDifference& difference) {
                         return difference.entity == entity && difference.field == field;
                       });
  };
  CHECK(listed("milestone:DG-BACLIEU-3:xd_100", "actual"));
  CHECK(listed("milestone:DG-BACLIEU-3:dn_110", "removed"));
  CHECK(listed("milestone:DG-BACLIEU-3:dn_115", "created"));
  CHECK(listed("dependency:DG-BACLIEU-3:xd_120->DG-BACLIEU-3:cod", "type_lag"));
  CHECK(listed("dependency:DG-BACLIEU-3:dn_110->DG-BACLIEU-3:cod", "removed"));
  CHECK(listed("project:DG-BACLIEU-3", "data_date"));
  CHECK_FALSE(listed("milestone:DG-BACLIEU-3:ms_000", "name"));
  CHECK_FALSE(listed("milestone:DG-BACLIEU-3:department_check", "removed"));
}

TEST_CASE("contractor update: a bad later file writes nothing, its baseline neither") {
  Workspace workspace;
  auto& database = *workspace.database;
  first_import(database);
  const std::size_t rows_before = change_rows(database);
  auto options = later();
  options.baseline = "before the cycle";
  CHECK_THROWS_AS(operations::import_contractor_schedule(
                      database, ann, test_data("xer/update_cycle.xer"), options, false, as_of),
                  InvalidInput);
  CHECK(change_rows(database) == rows_before);
  CHECK(database.baselines().empty());
  auto portfolio = database.load();
  CHECK(portfolio.find_milestone("DG-BACLIEU-3", "dn_110"));
  CHECK_FALSE(portfolio.find_milestone("DG-BACLIEU-3", "dn_115"));
}

TEST_CASE("contractor update: roles and scope as for any import") {
  Workspace workspace;
  auto& database = *workspace.database;
  first_import(database);
  const std::size_t rows_before = change_rows(database);
  const std::string file = fixture("p6/synthetic-vn-1258-update.xer");
  auto elsewhere = account("lan", Role::Editor, {"Lạng Sơn"});
  CHECK_THROWS_AS(operations::import_contractor_schedule(database, ann, file, later(), false,
                                                         as_of, &elsewhere),
                  Forbidden);
  auto viewer = account("vy", Role::Viewer, {"Bạc Liêu"});
  CHECK_THROWS_AS(
      operations::import_contractor_schedule(database, ann, file, later(), false, as_of, &viewer),
      Forbidden);
  // A baseline is of the whole portfolio: an administrator's.
  auto editor = account("binh", Role::Editor, {"Bạc Liêu"});
  auto options = later();
  options.baseline = "editor's";
  CHECK_THROWS_AS(
      operations::import_contractor_schedule(database, ann, file, options, false, as_of, &editor),
      Forbidden);
  CHECK(change_rows(database) == rows_before);
  CHECK(database.baselines().empty());
  // Within her province, without a baseline, the editor's update is written.
  auto result =
      operations::import_contractor_schedule(database, ann, file, later(), false, as_of, &editor);
  CHECK(result.summary.milestones_removed == 1);
}

TEST_CASE("contractor update: a file does not update a project it did not make, nor a hand key") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::edit_project(database, ann, operations::EditKind::Add,
                           {{"code", "DG-BACLIEU-3"},
                            {"name", "Điện gió Bạc Liêu 3"},
                            {"technology", "wind_nearshore"},
                            {"province", "Bạc Liêu"}});
  CHECK_THROWS_WITH_AS(
      operations::import_contractor_schedule(database, ann, fixture("p6/synthetic-vn-1258.xer"),
                                             wind_farm(), false, as_of),
      doctest::Contains("was not imported from a contractor's schedule"), InvalidInput);

  Workspace second;
  auto& other = *second.database;
  first_import(other);
  // The department adds by hand the key a later activity folds to: refused, both named.
  operations::edit_milestone(other, ann, operations::EditKind::Add, "DG-BACLIEU-3:dn_115",
                             {{"name", "Của Sở"}}, as_of);
  CHECK_THROWS_WITH_AS(
      operations::import_contractor_schedule(
          other, ann, fixture("p6/synthetic-vn-1258-update.xer"), later(), false, as_of),
      doctest::Contains("folds to the key dn_115 of a milestone of DG-BACLIEU-3 that was not "
                        "imported"),
      InvalidInput);
}

TEST_CASE("contractor update: an MS Project file's later update") {
  Workspace workspace;
  auto& database = *workspace.database;
  operations::ContractorImportOptions first;
  first.province = "Quảng Trị";
  first.technology = "wind_onshore";
  first.code = "HL-9";
  // The fixture's one elapsed lag ("1 ed") in working days instead, as the later file has it, so
  // that the update changes only what the test names.
  std::ifstream original(fixture("msproject/huong-linh-9.xml"));
  std::string text((std::istreambuf_iterator<char>(original)), std::istreambuf_iterator<char>());
  for (auto at = text.find("<LagFormat>8</LagFormat>"); at != std::string::npos;
       at = text.find("<LagFormat>8</LagFormat>"))
    text.replace(at, 24, "<LagFormat>7</LagFormat>");
  operations::import_contractor_schedule(database, ann,
                                         workspace.write("huong-linh-9.xml", text), first,
                                         false, *Date::from_ymd(2026, 3, 2));
  auto before = database.load();
  auto find = [](const Portfolio& portfolio, std::string_view key) {
    return portfolio.find_milestone("HL-9", key);
  };
  REQUIRE(find(before, "7"));
  operations::ContractorImportOptions update;
  update.code = "HL-9";
  auto result = operations::import_contractor_schedule(
      database, ann, fixture("msproject/huong-linh-9-update.xml"), update, false,
      *Date::from_ymd(2026, 4, 1));
  CHECK(result.updated == std::vector<std::string>{"HL-9"});
  CHECK(result.summary.milestones_removed == 1);
  CHECK(result.summary.milestones_added == 1);
  auto after = database.load();
  CHECK_FALSE(find(after, "7"));
  REQUIRE(find(after, "9"));
  REQUIRE(find(after, "3"));
  CHECK(after.milestones[static_cast<std::size_t>(*find(after, "3"))].actual ==
        Date::from_ymd(2026, 3, 10));
  CHECK(after.milestones[static_cast<std::size_t>(*find(after, "5"))].duration_minutes == 96 * 60);
  auto link_5_6 = after.find_dependency(*find(after, "5"), *find(after, "6"));
  REQUIRE(link_5_6);
  CHECK(after.dependencies[static_cast<std::size_t>(*link_5_6)].type == LinkType::FinishToStart);
  bool sourced = false;
  for (const auto& row : database.history("HL-9", 1000))
    sourced = sourced || row.source.ends_with("huong-linh-9-update.xml (data date 2026-04-01)");
  CHECK(sourced);
}

TEST_CASE("contractor update: undoing the whole update puts the earlier file's schedule back") {
  // Everything an imported milestone holds (its exact minutes, calendar, constraints, finish
  // event) and the project's data date are logged as the CSV columns they are, so the undo of
  // the whole write restores them, with the removed activity and its links.
  Workspace workspace;
  auto& database = *workspace.database;
  first_import(database);
  auto texts = [](const Portfolio& portfolio) {
    std::vector<std::string> lines;
    for (const auto& project : portfolio.projects)
      lines.push_back(fmt::format("{}", fmt::join(project_cells(project), "|")));
    for (const auto& milestone : portfolio.milestones)
      lines.push_back(fmt::format("{}", fmt::join(milestone_cells(portfolio, milestone), "|")));
    for (const auto& dependency : portfolio.dependencies)
      lines.push_back(fmt::format("{}", fmt::join(dependency_cells(portfolio, dependency), "|")));
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  const auto before = texts(database.load());
  operations::import_contractor_schedule(database, ann, fixture("p6/synthetic-vn-1258-update.xer"),
                                         later(), false, as_of);
  REQUIRE(texts(database.load()) != before);
  const auto rows = database.history("DG-BACLIEU-3", 1);
  REQUIRE(rows.size() == 1);
  operations::undo_change(database, {"root", "nhập nhầm tệp", ""}, rows.front().id,
                          operations::UndoScope::Write, as_of);
  const auto after = texts(database.load());
  std::vector<std::string> differing;
  std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                std::back_inserter(differing));
  CAPTURE(fmt::format("{}", fmt::join(differing, "\n")));
  CHECK(differing.empty());
}

TEST_CASE("contractor update: a baseline name taken refuses the update; the department's forecast and reason stay") {
  Workspace workspace;
  auto& database = *workspace.database;
  first_import(database);
  operations::edit_milestone(database, ann, operations::EditKind::Set, "DG-BACLIEU-3:xd_120",
                             {{"forecast", "2027-03-10"}, {"reason", "weather:mưa bão"}},
                             *Date::from_ymd(2027, 1, 4));
  operations::save_baseline(database, ann, "tháng 1");
  const std::size_t rows_before = change_rows(database);
  auto options = later();
  options.baseline = "tháng 1";
  CHECK_THROWS_AS(operations::import_contractor_schedule(
                      database, ann, fixture("p6/synthetic-vn-1258-update.xer"), options, false,
                      as_of),
                  Conflict);
  CHECK(change_rows(database) == rows_before);
  CHECK(database.load().find_milestone("DG-BACLIEU-3", "dn_110"));

  operations::import_contractor_schedule(database, ann, fixture("p6/synthetic-vn-1258-update.xer"),
                                         later(), false, as_of);
  auto portfolio = database.load();
  const Milestone& xd_120 = milestone(portfolio, "xd_120");
  CHECK(xd_120.forecast == Date::from_ymd(2027, 3, 10));
  CHECK(xd_120.reason == "weather:mưa bão");
  CHECK(xd_120.duration_minutes == 200 * 60);
}
