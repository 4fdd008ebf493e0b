// The store against real SQLite files in a temporary directory: the schema, one transaction per
// change with its change-log rows, nothing written when a change fails, and a portfolio that comes
// back from the file exactly as it went in.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/edit.h"
#include "domain/error.h"
#include "engines.h"
#include "store/database.h"

using namespace tiendo;
using tiendo::store::ChangeContext;
using tiendo::store::Database;
using tiendo::store::OpenMode;

namespace {

// A directory of its own per test, removed afterwards, so tests never see each other's files.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    static std::atomic<int> counter{0};
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    m_path = std::filesystem::temp_directory_path() /
             ("tiendo-unit-" + std::to_string(::getpid()) + "-" + std::to_string(stamp) + "-" +
              std::to_string(counter++));
    std::filesystem::create_directories(m_path);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  std::string file(const std::string& name) const { return (m_path / name).string(); }
  // The test's database: a file here, or a new PostgreSQL database in the PostgreSQL run.
  const std::string& database() {
    if (m_database.empty())
      m_database = testing::database_location(file("tiendo.db"));
    return m_database;
  }

 private:
  std::filesystem::path m_path;
  std::string m_database;
};

// Raw SQLite (or psql, on PostgreSQL), to look at the database as another program would and to
// forge what tiendo never writes.
class RawConnection {
 public:
  explicit RawConnection(const std::string& location) {
    if (tiendo::store::is_postgres_uri(location)) {
      m_uri = location;
      return;
    }
    if (sqlite3_open(location.c_str(), &m_handle) != SQLITE_OK)
      throw std::runtime_error("cannot open " + location);
  }
  ~RawConnection() {
    if (m_handle)
      sqlite3_close(m_handle);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void exec(const std::string& sql) {
    if (!m_uri.empty()) {
      testing::psql_value(m_uri, sql);
      return;
    }
    char* message = nullptr;
    if (sqlite3_exec(m_handle, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "?";
      sqlite3_free(message);
      throw std::runtime_error(text);
    }
  }
  // The first column of the first row as text ("" for none or NULL).
  std::string text(const std::string& sql) {
    if (!m_uri.empty())
      return testing::psql_value(m_uri, sql);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(m_handle));
    std::string result;
    if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0))
      result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    return result;
  }
  long long number(const std::string& sql) { return std::stoll(text(sql)); }

 private:
  sqlite3* m_handle = nullptr;
  std::string m_uri;
};

ChangeContext staff() {
  return ChangeContext{"nguyen.van.a", "", ""};
}

Project wind_farm(const std::string& code) {
  Project project;
  project.code = code;
  project.name = "Điện gió " + code;
  project.technology = Technology::WindOnshore;
  project.province = "Sóc Trăng";
  project.capacity = Capacity::parse_megawatts("30");
  project.stage = Stage::Approved;
  return project;
}

// A portfolio that uses every field: diacritics, a parent, dates at each precision, capacities
// that a double would not hold exactly, a phase, a delay reason, a cross-project dependency and a
// status event.
Portfolio full_portfolio() {
  Portfolio portfolio;
  Project plant = wind_farm("ST-LONGPHU");
  plant.name = "Nhà máy điện gió Long Phú";
  plant.capacity = Capacity::parse_megawatts("1435.2");
  plant.stage = Stage::InPlan;
  portfolio.add_project(plant);

  Project phase;
  phase.code = "ST-LONGPHU-1";
  phase.name = "Điện gió Long Phú 1, giai đoạn 1 — “Đầm Dơi”";
  phase.technology = Technology::SolarFloating;
  phase.province = "Sóc Trăng";
  phase.capacity = Capacity::parse_megawatts("1000.000001");
  phase.capacity_peak = Capacity::parse_megawatts("1200.123456");
  phase.investor = "Công ty CP Năng lượng Đồng Bằng";
  phase.parent = "ST-LONGPHU";
  phase.stage = Stage::Construction;
  phase.target_cod = Date::parse("12/2021");
  phase.latitude = 9.611234567;
  phase.longitude = 106.123456789;
  phase.site = "ấp Mỹ Thanh,\nxã Trung Bình";
  phase.source = "QĐ 123/QĐ-UBND ngày 12/03/2020";
  auto phase_index = portfolio.add_project(phase);

  Project line;
  line.code = "TV-LINE-110";
  line.name = "Đường dây 110 kV Trà Vinh";
  line.technology = Technology::Grid;
  line.province = "Trà Vinh";
  line.stage = Stage::Permitted;
  line.target_cod = Date::parse("2021");
  auto line_index = portfolio.add_project(line);

  Milestone start;
  start.project = phase_index;
  start.key = "construction_start";
  start.name = "Khởi công";
  start.duration_days = 400;
  start.planned = Date::parse("03/2020");
  start.actual_start = Date::parse("15/06/2020");
  start.forecast = Date::parse("2021-07-20");
  start.reason = "site_clearance:vướng bồi thường";
  start.source = "Báo cáo số 45/BC-SCT";
  auto start_index = portfolio.add_milestone(start);

  Milestone cod;
  cod.project = phase_index;
  cod.key = "cod";
  cod.planned = Date::parse("2021");
  cod.actual = Date::parse("2021-10-31");
  auto cod_index = portfolio.add_milestone(cod);

  Milestone energized;
  energized.project = line_index;
  energized.key = "grid_line_energized";
  energized.planned = Date::parse("2021-09-30");
  auto energized_index = portfolio.add_milestone(energized);

  portfolio.add_dependency(Dependency{start_index, cod_index, LinkType::FinishToFinish, -5});
  portfolio.add_dependency(Dependency{energized_index, cod_index, LinkType::FinishToStart, 0});
  portfolio.status_events.push_back(StatusEvent{phase_index, ProjectStatus::Suspended,
                                                Date::parse("04/2021"), "financing:chờ vốn vay",
                                                "CV 7/SCT"});
  return portfolio;
}

std::vector<std::vector<std::string>> project_rows(const Portfolio& portfolio) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& project : portfolio.projects)
    rows.push_back(project_cells(project));
  return rows;
}

std::vector<std::vector<std::string>> milestone_rows(const Portfolio& portfolio) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& milestone : portfolio.milestones)
    rows.push_back(milestone_cells(portfolio, milestone));
  return rows;
}

std::vector<std::vector<std::string>> dependency_rows(const Portfolio& portfolio) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& dependency : portfolio.dependencies)
    rows.push_back(dependency_cells(portfolio, dependency));
  return rows;
}

}  // namespace

TEST_CASE("store: init creates the schema at the current version, in WAL mode") {
  TemporaryDirectory directory;
  std::string path = directory.file("tiendo.db");
  {
    auto database = Database::open(path, OpenMode::CreateOrMigrate);
    CHECK(Database::latest_schema_version() == 13);
    CHECK(database.schema_version() == Database::latest_schema_version());
    auto portfolio = database.load();
    CHECK(portfolio.projects.empty());
    CHECK(portfolio.milestones.empty());
    CHECK(database.history("", 100).empty());
  }
  RawConnection raw(path);
  CHECK(raw.number("PRAGMA user_version") == 13);
  CHECK(raw.text("PRAGMA journal_mode") == "wal");
  CHECK(raw.number("PRAGMA page_size") == 16384);
  CHECK(raw.number("SELECT count(*) FROM province") == 63);
  CHECK(raw.text("SELECT current_name FROM province WHERE legacy_name = 'Sóc Trăng'") == "Cần Thơ");
  for (const char* table : {"project", "milestone", "dependency", "status_event", "baseline",
                            "baseline_milestone", "change_log", "setting", "account",
                            "account_province", "api_token", "session", "login_failure"}) {
    CAPTURE(table);
    CHECK(raw.number(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                 "name = '") +
                     table + "'") == 1);
  }
  // Opening again neither migrates nor duplicates the reference data.
  {
    auto database = Database::open(path, OpenMode::CreateOrMigrate);
    CHECK(database.schema_version() == 13);
  }
  CHECK(raw.number("SELECT count(*) FROM province") == 63);
}

TEST_CASE("store: a change log from before write ids keeps its writes, told by actor and second") {
  TemporaryDirectory directory;
  {
    auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
    database.modify(staff(), [](Portfolio& portfolio) {
      portfolio.add_project(wind_farm("ST-1"));
      portfolio.add_project(wind_farm("ST-2"));
    });
  }
  {
    // Back to schema version 10, as a tiendo before write ids left it, with rows logged then:
    // two by bob in one second, one by bob in the next, one by carol in the first.
    RawConnection raw(directory.database());
    raw.exec("DROP INDEX change_log_write");
    raw.exec("ALTER TABLE change_log DROP COLUMN write_id");
    // Version 12's and 13's columns go too, as the migrations after 11 add them again.
    raw.exec("ALTER TABLE milestone DROP COLUMN as_late_as_possible");
    raw.exec("ALTER TABLE dependency DROP COLUMN lag_calendar");
    raw.exec(testing::on_postgres() ? "UPDATE tiendo_schema_version SET version = 10"
                                    : "PRAGMA user_version = 10");
    for (const char* row : {"'2021-01-01T00:00:00Z', 'bob', 'ST-1', 'name'",
                            "'2021-01-01T00:00:00Z', 'bob', 'ST-2', 'name'",
                            "'2021-01-01T00:00:01Z', 'bob', 'ST-1', 'investor'",
                            "'2021-01-01T00:00:00Z', 'carol', 'ST-2', 'investor'"})
      raw.exec(std::string("INSERT INTO change_log (at_utc, actor, project_code, field, entity, "
                           "old_value, new_value) SELECT ") +
               row + ", 'project:' || 'x', NULL, 'y'");
  }
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  CHECK(database.schema_version() == 13);
  store::ChangeFilter filter;
  filter.limit = 100;
  auto rows = database.changes(filter).changes;
  std::reverse(rows.begin(), rows.end());
  REQUIRE(rows.size() == 6);
  auto write_of = [&](std::size_t row) {
    std::vector<std::int64_t> ids;
    for (const auto& change : database.changes_written_with(rows[row].id))
      ids.push_back(change.id);
    return ids;
  };
  // The two projects' creations were one write; so were bob's two rows of one second.
  CHECK(write_of(0) == std::vector<std::int64_t>{rows[0].id, rows[1].id});
  CHECK(write_of(1) == write_of(0));
  CHECK(write_of(2) == std::vector<std::int64_t>{rows[2].id, rows[3].id});
  CHECK(write_of(4) == std::vector<std::int64_t>{rows[4].id});
  CHECK(write_of(5) == std::vector<std::int64_t>{rows[5].id});
  // A write after the migration is one of its own, even by bob in the same second as another.
  database.modify(ChangeContext{"bob", "", ""},
                  [](Portfolio& portfolio) { portfolio.projects[0].investor = "A"; });
  database.modify(ChangeContext{"bob", "", ""},
                  [](Portfolio& portfolio) { portfolio.projects[1].investor = "B"; });
  rows = database.changes(filter).changes;
  REQUIRE(rows.size() == 8);
  CHECK(database.changes_written_with(rows[0].id).size() == 1);
  CHECK(database.changes_written_with(rows[1].id).size() == 1);
  CHECK(rows[0].write_id != rows[1].write_id);
}

TEST_CASE("store: a missing file is NotFound unless asked to create it") {
  TemporaryDirectory directory;
  std::string path = directory.file("missing.db");
  CHECK_THROWS_AS(Database::open(path, OpenMode::MustExist), NotFound);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("store: a database from a newer tiendo is refused with Conflict and left alone") {
  TemporaryDirectory directory;
  std::string path = directory.file("newer.db");
  { Database::open(path, OpenMode::CreateOrMigrate); }
  {
    RawConnection raw(path);
    raw.exec("PRAGMA user_version = 99");
  }
  try {
    Database::open(path, OpenMode::MustExist);
    FAIL("a newer database was opened");
  } catch (const Conflict& error) {
    std::string message = error.what();
    CHECK(message.find(path) != std::string::npos);
    CHECK(message.find("newer tiendo") != std::string::npos);
    CHECK(message.find("99") != std::string::npos);
    CHECK(error.exit_code() == ExitCode::Conflict);
  }
  CHECK_THROWS_AS(Database::open(path, OpenMode::CreateOrMigrate), Conflict);
  RawConnection raw(path);
  CHECK(raw.number("PRAGMA user_version") == 99);
}

TEST_CASE("store: a SQLite file with tables of its own is not taken for a tiendo database") {
  TemporaryDirectory directory;
  std::string path = directory.file("other.db");
  {
    RawConnection raw(path);
    raw.exec("CREATE TABLE customers (id INTEGER)");
  }
  CHECK_THROWS_AS(Database::open(path, OpenMode::CreateOrMigrate), InvalidInput);
  RawConnection raw(path);
  CHECK(raw.number("PRAGMA user_version") == 0);
  CHECK(raw.number("SELECT count(*) FROM sqlite_master WHERE name = 'project'") == 0);
}

TEST_CASE("store: modify writes the changes and their change-log rows together") {
  TemporaryDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  auto summary = database.modify(ChangeContext{"nguyen.van.a", "nhập dữ liệu", "QĐ 1/QĐ-UBND"},
                                 [](Portfolio& portfolio) {
                                   auto project = portfolio.add_project(wind_farm("ST-1"));
                                   Milestone cod;
                                   cod.project = project;
                                   cod.key = "cod";
                                   cod.planned = Date::parse("2021-10-31");
                                   portfolio.add_milestone(cod);
                                 });
  CHECK(summary.projects_added == 1);
  CHECK(summary.milestones_added == 1);
  CHECK(summary.projects_changed == 0);
  CHECK(summary.change_log_rows == 2);

  auto history = database.history("ST-1", 100);
  REQUIRE(history.size() == 2);
  CHECK(history[0].entity == "project:ST-1");
  CHECK(history[0].field == "created");
  CHECK(history[0].actor == "nguyen.van.a");
  CHECK(history[0].reason == "nhập dữ liệu");
  CHECK(history[0].source == "QĐ 1/QĐ-UBND");
  CHECK_FALSE(history[0].old_value.has_value());
  REQUIRE(history[0].new_value.has_value());
  CHECK(history[0].new_value->find("code=ST-1; name=Điện gió ST-1; technology=wind_onshore; "
                                   "province=Sóc Trăng; capacity_mw=30") == 0);
  CHECK(history[1].entity == "milestone:ST-1:cod");
  CHECK(history[1].field == "created");
  // Both rows belong to one command, so they carry one timestamp, in UTC.
  CHECK(history[0].at_utc == history[1].at_utc);
  CHECK(history[0].at_utc.size() == 20);
  CHECK(history[0].at_utc.back() == 'Z');

  // A change of one field logs that field alone, with its old and new text.
  summary = database.modify(staff(), [](Portfolio& portfolio) {
    portfolio.projects[0].capacity = Capacity::parse_megawatts("49.5");
    portfolio.milestones[0].forecast = Date::parse("03/2022");
  });
  CHECK(summary.projects_changed == 1);
  CHECK(summary.milestones_changed == 1);
  CHECK(summary.change_log_rows == 2);
  history = database.history("ST-1", 100);
  REQUIRE(history.size() == 4);
  CHECK(history[2].field == "capacity_mw");
  CHECK(history[2].old_value == std::optional<std::string>("30"));
  CHECK(history[2].new_value == std::optional<std::string>("49.5"));
  CHECK(history[3].entity == "milestone:ST-1:cod");
  CHECK(history[3].field == "forecast");
  CHECK_FALSE(history[3].old_value.has_value());
  CHECK(history[3].new_value == std::optional<std::string>("2022-03"));

  // A change that changes nothing writes nothing.
  summary = database.modify(staff(), [](Portfolio&) {});
  CHECK(summary.change_log_rows == 0);
  CHECK(database.history("", 100).size() == 4);
  // The latest entries come first when fewer are asked for.
  auto latest = database.history("", 1);
  REQUIRE(latest.size() == 1);
  CHECK(latest[0].field == "forecast");

  auto loaded = database.load();
  CHECK(loaded.projects[0].capacity->watts() == 49'500'000);
  CHECK(loaded.milestones[0].forecast->identical(Date::parse("2022-03")));
}

// New rows are written a hundred at a time with ids given by the store; counts that are not
// multiples of a hundred, rows added after rows that exist, and updates between inserts must all
// come back whole and in order.
TEST_CASE("store: rows written in batches come back whole, with their change-log rows") {
  TemporaryDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  auto add_projects = [](Portfolio& portfolio, int first, int count) {
    for (int p = first; p < first + count; ++p) {
      auto project = portfolio.add_project(wind_farm(fmt::format("W-{:03d}", p)));
      for (int m = 0; m < 3; ++m) {
        Milestone milestone;
        milestone.project = project;
        milestone.key = fmt::format("works_{}", m);
        milestone.duration_days = p + m;
        milestone.planned = Date::from_ymd(2020, 1 + m, 1 + p % 28);
        portfolio.add_milestone(milestone);
      }
      auto base = static_cast<std::int32_t>(portfolio.milestones.size()) - 3;
      portfolio.add_dependency(Dependency{base, base + 1, LinkType::FinishToStart, p});
      portfolio.add_dependency(Dependency{base + 1, base + 2, LinkType::StartToStart, -p});
    }
  };
  auto summary =
      database.modify(staff(), [&](Portfolio& portfolio) { add_projects(portfolio, 0, 101); });
  CHECK(summary.projects_added == 101);
  CHECK(summary.milestones_added == 303);
  CHECK(summary.dependencies_added == 202);
  CHECK(summary.change_log_rows == 101 + 303 + 202);
  summary = database.modify(staff(), [&](Portfolio& portfolio) {
    portfolio.projects[50].name = "Điện gió đổi tên";
    portfolio.milestones[7].planned = Date::parse("2030");
    add_projects(portfolio, 101, 150);
  });
  CHECK(summary.projects_added == 150);
  CHECK(summary.projects_changed == 1);
  CHECK(summary.milestones_changed == 1);
  CHECK(summary.change_log_rows == 2 + 150 + 450 + 300);

  auto loaded = database.load();
  REQUIRE(loaded.projects.size() == 251);
  REQUIRE(loaded.milestones.size() == 753);
  REQUIRE(loaded.dependencies.size() == 502);
  Portfolio expected;
  add_projects(expected, 0, 251);
  expected.projects[50].name = "Điện gió đổi tên";
  expected.milestones[7].planned = Date::parse("2030");
  for (std::size_t p = 0; p < expected.projects.size(); ++p)
    CHECK(project_cells(loaded.projects[p]) == project_cells(expected.projects[p]));
  for (std::size_t m = 0; m < expected.milestones.size(); ++m)
    CHECK(milestone_cells(loaded, loaded.milestones[m]) ==
          milestone_cells(expected, expected.milestones[m]));
  for (std::size_t d = 0; d < expected.dependencies.size(); ++d)
    CHECK(dependency_cells(loaded, loaded.dependencies[d]) ==
          dependency_cells(expected, expected.dependencies[d]));
  // Both commands more than doubled the tables, so their secondary indexes were dropped and
  // made again after the inserts; they are all there, and a dry run leaves them too.
  database.modify(
      staff(), [&](Portfolio& portfolio) { add_projects(portfolio, 251, 600); }, true);
  RawConnection raw(directory.database());
  if (testing::on_postgres()) {
    CHECK(raw.text("SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE "
                   "tablename IN ('project', 'dependency', 'change_log') AND indexname NOT LIKE "
                   "'%_pkey' AND indexname NOT LIKE '%_key'") ==
          "change_log_project_at change_log_write dependency_to project_parent");
    // The first command filled empty tables, whose primary and unique keys went too: they are
    // back, each checked (a key made again checks every row; none is left NOT VALID).
    CHECK(raw.text("SELECT string_agg(conname || ':' || convalidated, ' ' ORDER BY conname) FROM "
                   "pg_constraint WHERE conrelid IN ('milestone'::regclass, "
                   "'dependency'::regclass)") ==
          "dependency_check:true dependency_from_milestone_id_fkey:true "
          "dependency_from_milestone_id_to_milestone_id_key:true dependency_pkey:true "
          "dependency_to_milestone_id_fkey:true dependency_type_check:true "
          "milestone_duration_days_check:true milestone_pkey:true "
          "milestone_project_id_fkey:true milestone_project_id_key_key:true");
  } else {
    CHECK(raw.text("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE "
                   "type = 'index' AND sql IS NOT NULL AND tbl_name IN ('project', 'dependency', "
                   "'change_log') ORDER BY name)") ==
          "change_log_project_at change_log_write dependency_to project_parent");
    CHECK(raw.text("PRAGMA integrity_check") == "ok");
  }
  CHECK(raw.number("SELECT count(*) FROM project") == 251);
  auto history = database.history("W-250", 100);
  REQUIRE(history.size() == 6);
  CHECK(history[0].entity == "project:W-250");
  CHECK(history[5].entity == "dependency:W-250:works_1->W-250:works_2");
  CHECK(history[5].new_value == std::optional<std::string>("SS -250"));
}

TEST_CASE("store: a modify that throws leaves the file as it was") {
  TemporaryDirectory directory;
  std::string path = directory.database();
  auto database = Database::open(path, OpenMode::CreateOrMigrate);
  database.modify(staff(), [](Portfolio& portfolio) { portfolio.add_project(wind_farm("ST-1")); });
  auto before = database.load();
  auto history_before = database.history("", 1000);

  CHECK_THROWS_AS(database.modify(staff(),
                                  [](Portfolio& portfolio) {
                                    portfolio.projects[0].name = "đổi tên";
                                    portfolio.add_project(wind_farm("ST-2"));
                                    throw InvalidInput("projects.csv:3: capacity_mw: '-1': no");
                                  }),
                  InvalidInput);

  // A failure inside SQLite half way through the writes rolls back the rows already written: the
  // second project repeats the first one's code, which the schema refuses.
  CHECK_THROWS(database.modify(staff(), [](Portfolio& portfolio) {
    portfolio.projects[0].name = "đổi tên";
    portfolio.add_project(wind_farm("ST-3"));
    portfolio.add_project(wind_farm("ST-3"));
  }));

  auto after = database.load();
  CHECK(project_rows(after) == project_rows(before));
  CHECK(database.history("", 1000).size() == history_before.size());
  // The connection is usable after the rollback, and so is the file from another connection.
  database.modify(staff(), [](Portfolio& portfolio) { portfolio.add_project(wind_farm("ST-4")); });
  RawConnection raw(path);
  CHECK(raw.number("SELECT count(*) FROM project") == 2);
  CHECK(raw.number("SELECT count(*) FROM change_log") ==
        static_cast<long long>(history_before.size()) + 1);
  CHECK(raw.text("SELECT name FROM project WHERE code = 'ST-1'") == "Điện gió ST-1");
}

TEST_CASE("store: a dry run computes the summary and writes nothing") {
  TemporaryDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  auto summary = database.modify(
      staff(), [](Portfolio& portfolio) { portfolio.add_project(wind_farm("ST-1")); }, true);
  CHECK(summary.projects_added == 1);
  CHECK(summary.change_log_rows == 1);
  CHECK(database.load().projects.empty());
  CHECK(database.history("", 10).empty());
}

TEST_CASE("store: a portfolio with every field loads back exactly") {
  TemporaryDirectory directory;
  std::string path = directory.database();
  Portfolio original = full_portfolio();
  {
    auto database = Database::open(path, OpenMode::CreateOrMigrate);
    auto summary = database.modify(staff(), [&](Portfolio& portfolio) { portfolio = original; });
    CHECK(summary.projects_added == 3);
    CHECK(summary.milestones_added == 3);
    CHECK(summary.dependencies_added == 2);
    CHECK(summary.status_events_added == 1);
  }
  auto database = Database::open(path);
  Portfolio loaded = database.load();

  // Projects come back ordered by code; these codes are already in that order.
  CHECK(project_rows(loaded) == project_rows(original));
  CHECK(milestone_rows(loaded) == milestone_rows(original));
  CHECK(dependency_rows(loaded) == dependency_rows(original));

  REQUIRE(loaded.projects.size() == 3);
  const Project& phase = loaded.projects[1];
  CHECK(phase.name == "Điện gió Long Phú 1, giai đoạn 1 — “Đầm Dơi”");
  CHECK(phase.capacity->watts() == 1'000'000'001);
  CHECK(phase.capacity_peak->watts() == 1'200'123'456);
  CHECK(loaded.projects[0].capacity->watts() == 1'435'200'000);
  CHECK_FALSE(loaded.projects[2].capacity.has_value());
  CHECK(phase.parent == "ST-LONGPHU");
  CHECK(phase.technology == Technology::SolarFloating);
  CHECK(phase.stage == Stage::Construction);
  CHECK(phase.target_cod->identical(Date::parse("2021-12")));
  CHECK(loaded.projects[2].target_cod->identical(Date::parse("2021")));
  // Coordinates are stored as 8-byte floats, so they come back bit for bit.
  CHECK(phase.latitude == 9.611234567);
  CHECK(phase.longitude == 106.123456789);
  CHECK_FALSE(loaded.projects[0].latitude.has_value());
  CHECK(phase.site == "ấp Mỹ Thanh,\nxã Trung Bình");

  auto start = loaded.find_milestone("ST-LONGPHU-1", "construction_start");
  REQUIRE(start.has_value());
  const Milestone& milestone = loaded.milestones[static_cast<std::size_t>(*start)];
  CHECK(milestone.duration_days == 400);
  CHECK(milestone.planned->identical(Date::parse("2020-03")));
  CHECK(milestone.planned->iso_day() == "2020-03-31");
  CHECK(milestone.actual_start->identical(Date::parse("2020-06-15")));
  CHECK_FALSE(milestone.actual.has_value());
  CHECK(milestone.forecast->identical(Date::parse("2021-07-20")));
  CHECK(milestone.reason == "site_clearance:vướng bồi thường");
  CHECK(milestone.source == "Báo cáo số 45/BC-SCT");
  auto cod = loaded.find_milestone("ST-LONGPHU-1", "cod");
  REQUIRE(cod.has_value());
  CHECK(loaded.milestones[static_cast<std::size_t>(*cod)].planned->precision() ==
        DatePrecision::Year);

  REQUIRE(loaded.dependencies.size() == 2);
  CHECK(loaded.dependencies[0].type == LinkType::FinishToFinish);
  CHECK(loaded.dependencies[0].lag_days == -5);
  CHECK(loaded.reference(loaded.dependencies[1].from) == "TV-LINE-110:grid_line_energized");

  REQUIRE(loaded.status_events.size() == 1);
  const StatusEvent& event = loaded.status_events[0];
  CHECK(loaded.projects[static_cast<std::size_t>(event.project)].code == "ST-LONGPHU-1");
  CHECK(event.status == ProjectStatus::Suspended);
  CHECK(event.date.identical(Date::parse("04/2021")));
  CHECK(event.reason == "financing:chờ vốn vay");
  CHECK(event.source == "CV 7/SCT");

  // The same portfolio written again changes nothing and logs nothing.
  auto summary = database.modify(staff(), [](Portfolio&) {});
  CHECK(summary.change_log_rows == 0);
}

TEST_CASE("store: values that look like SQL are stored as text, never run") {
  TemporaryDirectory directory;
  std::string path = directory.database();
  const std::string attack = "x'); DROP TABLE project; --";
  auto database = Database::open(path, OpenMode::CreateOrMigrate);
  database.modify(ChangeContext{attack, attack, attack}, [&](Portfolio& portfolio) {
    Project project = wind_farm("ST-1");
    project.name = attack;
    project.investor = "Robert'); DROP TABLE change_log;--";
    project.site = "\"; DELETE FROM milestone; --";
    project.source = attack;
    auto index = portfolio.add_project(project);
    Milestone cod;
    cod.project = index;
    cod.key = "cod";
    cod.name = attack;
    cod.reason = "other:" + attack;
    portfolio.add_milestone(cod);
  });
  auto loaded = database.load();
  REQUIRE(loaded.projects.size() == 1);
  CHECK(loaded.projects[0].name == attack);
  CHECK(loaded.projects[0].investor == "Robert'); DROP TABLE change_log;--");
  CHECK(loaded.projects[0].site == "\"; DELETE FROM milestone; --");
  REQUIRE(loaded.milestones.size() == 1);
  CHECK(loaded.milestones[0].name == attack);
  CHECK(loaded.milestones[0].reason == "other:" + attack);

  auto history = database.history("ST-1", 10);
  REQUIRE(history.size() == 2);
  CHECK(history[0].actor == attack);
  CHECK(history[0].reason == attack);
  // Looking up a code that is an attack finds nothing and harms nothing.
  CHECK(database.history(attack, 10).empty());
  CHECK_FALSE(database.setting(attack).has_value());
  database.set_setting(attack, attack, staff());
  CHECK(database.setting(attack) == std::optional<std::string>(attack));
  CHECK_THROWS_AS(database.baseline(attack), NotFound);

  RawConnection raw(path);
  CHECK(raw.number("SELECT count(*) FROM project") == 1);
  CHECK(raw.number("SELECT count(*) FROM milestone") == 1);
  // The project with its plan (one milestone) is one row; the setting is the other.
  CHECK(raw.number("SELECT count(*) FROM change_log") == 2);
}

TEST_CASE("store: the change log is append-only") {
  TemporaryDirectory directory;
  std::string path = directory.database();
  {
    auto database = Database::open(path, OpenMode::CreateOrMigrate);
    database.modify(staff(),
                    [](Portfolio& portfolio) { portfolio.add_project(wind_farm("ST-1")); });
  }
  RawConnection raw(path);
  CHECK_THROWS(raw.exec("UPDATE change_log SET actor = 'someone else'"));
  CHECK_THROWS(raw.exec("DELETE FROM change_log"));
  CHECK(raw.text("SELECT actor FROM change_log") == "nguyen.van.a");
}

TEST_CASE("store: baselines are saved once and read back by reference") {
  TemporaryDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  database.modify(staff(), [](Portfolio& portfolio) { portfolio = full_portfolio(); });
  auto portfolio = database.load();
  database.save_baseline("ke-hoach-2020", "nguyen.van.a", portfolio);
  CHECK_THROWS_AS(database.save_baseline("ke-hoach-2020", "nguyen.van.a", portfolio), Conflict);
  auto summaries = database.baselines();
  REQUIRE(summaries.size() == 1);
  CHECK(summaries[0].name == "ke-hoach-2020");
  CHECK(summaries[0].milestones == 3);
  auto dates = database.baseline("ke-hoach-2020");
  REQUIRE(dates.count("ST-LONGPHU-1:construction_start") == 1);
  CHECK(dates["ST-LONGPHU-1:construction_start"]->identical(Date::parse("2020-03")));
  CHECK(dates["TV-LINE-110:grid_line_energized"]->identical(Date::parse("2021-09-30")));
  CHECK_THROWS_AS(database.baseline("no-such"), NotFound);

  // Saving a baseline and changing a setting are logged like every other change.
  database.set_setting("demo", "yes", staff());
  database.set_setting("demo", "yes", staff());  // Unchanged: not logged again.
  auto latest = database.history("", 2);
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].entity == "baseline:ke-hoach-2020");
  CHECK(latest[0].field == "created");
  CHECK(latest[0].actor == "nguyen.van.a");
  CHECK(latest[0].new_value == std::optional<std::string>("3 milestones"));
  CHECK(latest[1].entity == "setting:demo");
  CHECK_FALSE(latest[1].old_value.has_value());
  CHECK(latest[1].new_value == std::optional<std::string>("yes"));
}

TEST_CASE("store: a backup is a complete database and never overwrites a file") {
  TemporaryDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  database.modify(staff(), [](Portfolio& portfolio) { portfolio = full_portfolio(); });
  std::string copy = directory.file("copy.db");
  database.backup_to(copy);
  CHECK_THROWS_AS(database.backup_to(copy), InvalidInput);
  // A dangling link as the target: refused, and nothing is made where it points.
  std::filesystem::create_symlink(directory.file("elsewhere.db"), directory.file("link.db"));
  CHECK_THROWS_AS(database.backup_to(directory.file("link.db")), InvalidInput);
  CHECK_FALSE(std::filesystem::exists(directory.file("elsewhere.db")));
  auto restored = Database::open(copy);
  CHECK(restored.schema_version() == 13);
  auto original = database.load();
  auto loaded = restored.load();
  CHECK(project_rows(loaded) == project_rows(original));
  CHECK(milestone_rows(loaded) == milestone_rows(original));
  CHECK(restored.history("", 100).size() == database.history("", 100).size());
  if (testing::on_postgres()) {
    // The file copied onto the shared server: into an empty database only, whole.
    std::string shared = testing::database_location(directory.file("shared.db"));
    restored.backup_to(shared);
    CHECK_THROWS_AS(restored.backup_to(shared), InvalidInput);
    CHECK_THROWS_AS(restored.backup_to(directory.database()), InvalidInput);
    auto moved = Database::open(shared);
    CHECK(project_rows(moved.load()) == project_rows(original));
    CHECK(milestone_rows(moved.load()) == milestone_rows(original));
    auto moved_history = moved.history("", 100);
    auto original_history = database.history("", 100);
    REQUIRE(moved_history.size() == original_history.size());
    for (std::size_t i = 0; i < moved_history.size(); ++i) {
      CHECK(moved_history[i].id == original_history[i].id);
      CHECK(moved_history[i].entity == original_history[i].entity);
      CHECK(moved_history[i].new_value == original_history[i].new_value);
    }
    // Rows made after the copy take new ids, after the copied ones.
    moved.set_setting("after", "copy", staff());
    CHECK(moved.history("", 1).front().id == original_history.back().id + 1);
  }
}

TEST_CASE("store: PostgreSQL: an empty database must be initialized, a wrong one is refused" *
          doctest::skip(!testing::on_postgres())) {
  TemporaryDirectory directory;
  std::string empty = testing::database_location(directory.file("empty.db"));
  CHECK_THROWS_AS(Database::open(empty, OpenMode::MustExist), NotFound);
  // A database with tables of its own is not taken for tiendo's.
  CHECK(testing::run_psql(empty, "CREATE TABLE people (name text)"));
  CHECK_THROWS_AS(Database::open(empty, OpenMode::CreateOrMigrate), InvalidInput);
  CHECK(testing::psql_value(empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") ==
        "1");
  // A server that does not answer: one line naming it (never the password), exit 5.
  try {
    Database::open("postgresql://tiendo:secret-word@127.0.0.1:1/nowhere");
    FAIL("opened a database on port 1");
  } catch (const Error& error) {
    std::string message = error.what();
    CHECK(message.find("postgresql://tiendo@127.0.0.1:1/nowhere") != std::string::npos);
    CHECK(message.find("secret-word") == std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(error.exit_code() == ExitCode::Internal);
  }
}

TEST_CASE("store: the day of each project's latest change, and no removal of projects") {
  TemporaryDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  database.modify(staff(), [](Portfolio& portfolio) {
    portfolio.add_project(wind_farm("ST-1"));
    portfolio.add_project(wind_farm("ST-2"));
  });
  // The change log's timestamps are UTC, so the day to expect is today in UTC.
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  Date today_utc = Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
  auto last_change = database.last_change_by_project();
  REQUIRE(last_change.size() == 2);
  CHECK(last_change.at("ST-1") == today_utc);
  CHECK(last_change.at("ST-2") == today_utc);

  // Projects and milestones are never deleted by a change: the history would lose its subject.
  CHECK_THROWS_AS(
      database.modify(staff(), [](Portfolio& portfolio) { portfolio.projects.pop_back(); }), Error);
  CHECK(database.load().projects.size() == 2);
}

namespace {

// The history lines as text, for comparing whole lines at once.
std::vector<std::string> history_lines(const std::vector<tiendo::store::ChangeRecord>& records) {
  std::vector<std::string> lines;
  for (const auto& record : records)
    lines.push_back(record.at_utc + "|" + record.actor + "|" + record.project_code + "|" +
                    record.entity + "|" + record.field + "|" + record.old_value.value_or("-") +
                    "|" + record.new_value.value_or("-") + "|" + record.reason + "|" +
                    record.source);
  return lines;
}

Milestone plan_milestone(std::int32_t project, const std::string& key, const std::string& planned,
                         const std::string& source) {
  Milestone milestone;
  milestone.project = project;
  milestone.key = key;
  milestone.planned = Date::parse(planned);
  milestone.source = source;
  return milestone;
}

}  // namespace

TEST_CASE("store: a project created with its plan is one change-log row, shown as it was then") {
  TemporaryDirectory directory;
  std::string path = directory.database();
  auto database = Database::open(path, OpenMode::CreateOrMigrate);
  database.modify(staff(), [](Portfolio& portfolio) {
    Project first = wind_farm("ST-A");
    first.source = "QĐ 1/QĐ-UBND";
    auto a = portfolio.add_project(first);
    auto b = portfolio.add_project(wind_farm("ST-B"));
    auto a1 = portfolio.add_milestone(plan_milestone(a, "approval", "2020-01-15", "CV 7"));
    auto a2 = portfolio.add_milestone(plan_milestone(a, "cod", "2022-06", ""));
    auto b1 = portfolio.add_milestone(plan_milestone(b, "cod", "2023", "CV 9"));
    portfolio.add_dependency({a1, a2, LinkType::FinishToStart, 0});
    portfolio.add_dependency({a1, b1, LinkType::FinishToFinish, 2});
  });
  RawConnection raw(path);
  CHECK(raw.number("SELECT count(*) FROM change_log") == 2);
  auto created = history_lines(database.history("", 100));
  REQUIRE(created.size() == 7);
  auto at = database.history("", 1).front().at_utc;
  auto prefix = at + "|nguyen.van.a|";
  CHECK(created[0] == prefix +
                          "ST-A|project:ST-A|created|-|code=ST-A; name=Điện gió ST-A; "
                          "technology=wind_onshore; province=Sóc Trăng; capacity_mw=30; "
                          "stage=approved; source=QĐ 1/QĐ-UBND||QĐ 1/QĐ-UBND");
  CHECK(created[1] == prefix +
                          "ST-A|milestone:ST-A:approval|created|-|project=ST-A; key=approval; "
                          "duration_days=0; planned=2020-01-15; source=CV 7||CV 7");
  CHECK(created[2] == prefix +
                          "ST-A|milestone:ST-A:cod|created|-|project=ST-A; key=cod; "
                          "duration_days=0; planned=2022-06||");
  CHECK(created[3] == prefix + "ST-A|dependency:ST-A:approval->ST-A:cod|created|-|FS 0||");
  CHECK(created[4].starts_with(prefix + "ST-B|project:ST-B|created|-|code=ST-B;"));
  CHECK(created[6] == prefix + "ST-B|dependency:ST-A:approval->ST-B:cod|created|-|FF 2||");

  // Every later change, each kind the log knows, leaves those lines as they were.
  database.modify(ChangeContext{"tran.thi.b", "điều chỉnh", ""}, [](Portfolio& portfolio) {
    auto& a = portfolio.projects[static_cast<std::size_t>(*portfolio.find_project("ST-A"))];
    a.capacity = Capacity::parse_megawatts("45.5");
    a.source = "QĐ 2/QĐ-UBND";
    auto approval = *portfolio.find_milestone("ST-A", "approval");
    auto cod = *portfolio.find_milestone("ST-A", "cod");
    auto& milestone = portfolio.milestones[static_cast<std::size_t>(approval)];
    milestone.actual = Date::parse("2020-03-01");
    milestone.source = "CV 8";
    portfolio.remove_dependency(
        static_cast<std::size_t>(*portfolio.find_dependency(approval, cod)));
    auto other = *portfolio.find_milestone("ST-B", "cod");
    portfolio.dependencies[static_cast<std::size_t>(*portfolio.find_dependency(approval, other))]
        .lag_days = 9;
    auto added = portfolio.add_milestone(
        plan_milestone(*portfolio.find_project("ST-A"), "grid_connection", "2022-03", ""));
    portfolio.add_dependency({added, cod, LinkType::FinishToStart, 0});
  });
  database.modify(staff(), [](Portfolio& portfolio) {
    auto approval = *portfolio.find_milestone("ST-A", "approval");
    auto cod = *portfolio.find_milestone("ST-A", "cod");
    portfolio.add_dependency({approval, cod, LinkType::StartToStart, 3});
  });
  auto later = history_lines(database.history("", 100));
  REQUIRE(later.size() > created.size());
  CHECK(std::vector<std::string>(later.begin(), later.begin() + 7) == created);
  // ... and the project's own history holds its lines, in the same order.
  auto own = history_lines(database.history("ST-A", 100));
  REQUIRE(own.size() >= 4);
  CHECK(std::vector<std::string>(own.begin(), own.begin() + 4) ==
        std::vector<std::string>(created.begin(), created.begin() + 4));
  // A limit keeps the latest lines, counting each line a packed row stands for.
  CHECK(history_lines(database.history("", 3)) ==
        std::vector<std::string>(later.end() - 3, later.end()));
  std::vector<std::string> of_b;
  for (const auto& line : later)
    if (line.find("|ST-B|") != std::string::npos)
      of_b.push_back(line);
  REQUIRE(of_b.size() >= 2);
  CHECK(history_lines(database.history("ST-B", 2)) ==
        std::vector<std::string>(of_b.end() - 2, of_b.end()));

  // An entity's latest change: the creation line while nothing changed it since.
  auto cod = database.last_change("ST-A", "milestone:ST-A:cod");
  REQUIRE(cod.has_value());
  CHECK(cod->field == "created");
  CHECK(history_lines({*cod}).front() == created[2]);
  auto approval = database.last_change("ST-A", "milestone:ST-A:approval");
  REQUIRE(approval.has_value());
  CHECK(approval->actor == "tran.thi.b");
  auto project = database.last_change("ST-B", "project:ST-B");
  REQUIRE(project.has_value());
  CHECK(project->field == "created");
  auto changes = database.last_changes("ST-A");
  CHECK(changes.at("milestone:ST-A:cod").field == "created");
  CHECK(changes.at("milestone:ST-A:approval").actor == "tran.thi.b");
  CHECK(changes.at("milestone:ST-A:grid_connection").field == "created");
  CHECK(changes.at("dependency:ST-A:approval->ST-A:cod").new_value ==
        std::optional<std::string>("SS 3"));

  // A command's own reason and source go to every line it stands for.
  database.modify(ChangeContext{"le.van.c", "quy hoạch", "QĐ 500/QĐ-TTg"},
                  [](Portfolio& portfolio) {
                    auto c = portfolio.add_project(wind_farm("ST-C"));
                    portfolio.add_milestone(plan_milestone(c, "cod", "2030", "CV 1"));
                  });
  auto third = database.history("ST-C", 10);
  REQUIRE(third.size() == 2);
  for (const auto& line : third) {
    CHECK(line.reason == "quy hoạch");
    CHECK(line.source == "QĐ 500/QĐ-TTg");
  }
}

TEST_CASE("store: a staged change has its projects and milestones written while it goes on") {
  TemporaryDirectory directory;
  std::string path = directory.database();
  auto database = Database::open(path, OpenMode::CreateOrMigrate);
  // Enough milestones to more than double an empty table, so that keys and indexes are dropped
  // and made again around the writes.
  auto plan = [](Portfolio& portfolio, int count) {
    for (int p = 0; p < count; ++p) {
      auto index = portfolio.add_project(wind_farm(fmt::format("ST-{:03}", p)));
      portfolio.add_milestone(plan_milestone(index, "approval", "2020-01-15", ""));
      portfolio.add_milestone(plan_milestone(index, "cod", "2022-06", ""));
    }
  };
  auto link_all = [](Portfolio& portfolio) {
    for (std::size_t m = 0; m + 1 < portfolio.milestones.size(); m += 2)
      portfolio.add_dependency({static_cast<std::int32_t>(m), static_cast<std::int32_t>(m + 1),
                                LinkType::FinishToStart, 0});
  };

  // A change that fails after calling its milestones final leaves nothing, though they were
  // being written meanwhile.
  CHECK_THROWS_AS(
      database.modify_in_stages(staff(),
                                [&](Portfolio& portfolio, const auto& milestones_final) {
                                  plan(portfolio, 300);
                                  milestones_final();
                                  link_all(portfolio);
                                  throw InvalidInput("dependencies.csv:9: a cycle");
                                }),
      InvalidInput);
  RawConnection raw(path);
  CHECK(raw.number("SELECT count(*) FROM project") == 0);
  CHECK(raw.number("SELECT count(*) FROM milestone") == 0);
  CHECK(raw.number("SELECT count(*) FROM change_log") == 0);

  // Done right, everything is written, as an unstaged change writes it.
  auto summary =
      database.modify_in_stages(staff(), [&](Portfolio& portfolio, const auto& milestones_final) {
        plan(portfolio, 300);
        milestones_final();
        link_all(portfolio);
      });
  CHECK(summary.projects_added == 300);
  CHECK(summary.milestones_added == 600);
  CHECK(summary.dependencies_added == 300);
  CHECK(summary.change_log_rows == 1200);
  Portfolio expected;
  plan(expected, 300);
  link_all(expected);
  auto loaded = database.load();
  CHECK(project_rows(loaded) == project_rows(expected));
  CHECK(milestone_rows(loaded) == milestone_rows(expected));
  CHECK(dependency_rows(loaded) == dependency_rows(expected));
  CHECK(raw.number("SELECT count(*) FROM change_log") == 300);
  CHECK(database.history("ST-007", 10).size() == 4);

  // The whole history expands its 300 packed rows in one read of everything; each project's own
  // history expands its row alone. Both give the same lines, later changes included.
  database.modify(ChangeContext{"tran.thi.b", "", ""}, [](Portfolio& portfolio) {
    auto cod = *portfolio.find_milestone("ST-007", "cod");
    portfolio.milestones[static_cast<std::size_t>(cod)].forecast = Date::parse("2023-01");
    auto approval = *portfolio.find_milestone("ST-009", "approval");
    portfolio.remove_dependency(static_cast<std::size_t>(
        *portfolio.find_dependency(approval, *portfolio.find_milestone("ST-009", "cod"))));
  });
  auto everything = database.history("", 100'000);
  CHECK(everything.size() == 1202);
  std::map<std::string, std::vector<std::string>> by_project;
  for (const auto& record : everything)
    by_project[record.project_code].push_back(history_lines({record}).front());
  for (int p : {0, 7, 9, 299}) {
    auto code = fmt::format("ST-{:03}", p);
    auto own = history_lines(database.history(code, 100));
    REQUIRE_FALSE(own.empty());
    CHECK(by_project[code] == own);
  }
  auto nine = history_lines(database.history("ST-009", 100));
  REQUIRE(nine.size() == 5);
  CHECK(nine[3].find("|dependency:ST-009:approval->ST-009:cod|created|-|FS 0|") !=
        std::string::npos);
  CHECK(nine[4].find("|dependency:ST-009:approval->ST-009:cod|removed|FS 0|-|") !=
        std::string::npos);
}
