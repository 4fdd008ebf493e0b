#include "store/database.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <thread>
#include <unordered_map>

#include "domain/edit.h"
#include "domain/error.h"
#include "domain/progress.h"
#include "domain/province.h"
#include "io/output_path.h"
#include "store/connection.h"
#include "store/creation_log.h"
#include "store/embedded.h"
#include "store/postgres/connection.h"
#include "store/sqlite/connection.h"

namespace tiendo::store {

bool is_postgres_uri(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string printable_location(const std::string& location) {
  return is_postgres_uri(location) ? postgres::printable_uri(location) : location;
}

namespace {

std::string now_utc() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

// A prepared statement of the connection, used as `query->step()`.
class Query {
 public:
  Query(Connection& connection, std::string_view sql) : m_statement(connection.prepare(sql)) {}
  Statement* operator->() { return m_statement.get(); }
  Statement& operator*() { return *m_statement; }

 private:
  std::unique_ptr<Statement> m_statement;
};

std::int64_t single_integer(Connection& connection, std::string_view sql) {
  Query query(connection, sql);
  if (!query->step())
    return 0;
  return query->integer(0);
}

// A consistent snapshot held until the end of the scope.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& connection) : m_connection(connection) {
    m_connection.begin(TransactionKind::Read);
  }
  ~ReadTransaction() {
    try {
      m_connection.commit();
    } catch (...) {
      // Nothing was written; the engine ends the transaction when the connection closes.
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& m_connection;
};

// RAII write transaction, taken before anything is read, so the portfolio a command changes is
// the one it writes back.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& connection) : m_connection(connection) {
    m_connection.begin(TransactionKind::Write);
    m_connection.write_id().reset();
  }
  ~WriteTransaction() {
    if (!m_finished) {
      try {
        m_connection.rollback();
      } catch (...) {
        // A failed rollback leaves the engine to roll back when the connection closes.
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    m_finished = true;
    m_connection.commit();
  }
  void rollback() {
    m_finished = true;
    m_connection.rollback();
  }

 private:
  Connection& m_connection;
  bool m_finished = false;
};

void bind_text(Query& statement, int index, const std::string& text) {
  if (text.empty())
    statement->bind_null(index);
  else
    statement->bind(index, std::string_view(text));
}

void bind_date(Query& statement, int index, const std::optional<Date>& date) {
  if (date)
    statement->bind(index, std::string_view(date->iso()));
  else
    statement->bind_null(index);
}

void bind_capacity(Query& statement, int index, const std::optional<Capacity>& value) {
  if (value)
    statement->bind(index, static_cast<std::int64_t>(value->watts()));
  else
    statement->bind_null(index);
}

void bind_double(Query& statement, int index, const std::optional<double>& value) {
  if (value)
    statement->bind(index, *value);
  else
    statement->bind_null(index);
}

template <typename Integer>
void bind_optional_integer(Query& statement, int index, const std::optional<Integer>& value) {
  if (value)
    statement->bind(index, static_cast<std::int64_t>(*value));
  else
    statement->bind_null(index);
}

std::string column_text(Query& statement, int index) {
  return statement->text(index);
}

std::optional<Date> column_date(Query& statement, int index) {
  if (statement->is_null(index))
    return std::nullopt;
  return Date::parse(statement->text(index));
}

std::optional<Capacity> column_capacity(Query& statement, int index) {
  if (statement->is_null(index))
    return std::nullopt;
  return Capacity::from_watts(statement->integer(index));
}

std::optional<double> column_double(Query& statement, int index) {
  if (statement->is_null(index))
    return std::nullopt;
  return statement->real(index);
}

std::optional<std::string> column_optional(Query& statement, int index) {
  if (statement->is_null(index))
    return std::nullopt;
  return statement->text(index);
}

template <typename T>
T parse_stored(std::optional<T> value, std::string_view what, const std::string& text) {
  if (!value)
    throw Error(fmt::format("database holds an unknown {} '{}'", what, text));
  return *value;
}

// A link's own lag calendar as stored: '' for its project's rule.
std::optional<LagCalendarRule> stored_lag_calendar(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  return parse_stored(parse_lag_calendar(text), "lag calendar", text);
}

std::string lag_calendar_column(const Dependency& dependency) {
  return dependency.lag_calendar ? std::string(lag_calendar_text(*dependency.lag_calendar)) : "";
}

// The columns of a project as read_project takes them, its parent by code.
const char* const project_select =
    "SELECT p.id, p.code, p.name, p.technology, p.province, p.capacity_watts, "
    "p.capacity_watts_peak, p.investor, parent.code, p.stage, p.target_cod, p.latitude, "
    "p.longitude, p.site, p.source, p.calendar, p.schedule_rules, p.data_date FROM project p "
    "LEFT JOIN project parent ON "
    "parent.id = p.parent_id";

// A project from a row of project_select; without `full`, no site and no source.
Project read_project(Query& query, bool full) {
  Project project;
  project.code = column_text(query, 1);
  project.name = column_text(query, 2);
  std::string technology = column_text(query, 3);
  project.technology = parse_stored(parse_technology(technology), "technology", technology);
  project.province = column_text(query, 4);
  project.capacity = column_capacity(query, 5);
  project.capacity_peak = column_capacity(query, 6);
  project.investor = column_text(query, 7);
  project.parent = column_text(query, 8);
  std::string stage = column_text(query, 9);
  project.stage = parse_stored(parse_stage(stage), "stage", stage);
  project.target_cod = column_date(query, 10);
  project.latitude = column_double(query, 11);
  project.longitude = column_double(query, 12);
  if (full) {
    project.site = column_text(query, 13);
    project.source = column_text(query, 14);
  }
  // Read in every detail: the schedule counts on it.
  project.calendar = column_text(query, 15);
  project.schedule_rules = column_text(query, 16);
  project.data_date = column_date(query, 17);
  return project;
}

// The columns of a milestone as read_milestone takes them.
const char* const milestone_select =
    "SELECT id, project_id, key, duration_days, planned, actual_start, actual, forecast, reason, "
    "name, source, duration_minutes, calendar, start_on_or_after, finish_on_or_before, "
    "finish_event, as_late_as_possible FROM milestone";

// A milestone from a row of milestone_select (its project left for the caller to set); without
// `full`, no name and no source, which the lean select leaves out.
Milestone read_milestone(Query& query, bool full) {
  Milestone milestone;
  milestone.key = column_text(query, 2);
  milestone.duration_days = static_cast<int>(query->integer(3));
  milestone.planned = column_date(query, 4);
  milestone.actual_start = column_date(query, 5);
  milestone.actual = column_date(query, 6);
  milestone.forecast = column_date(query, 7);
  milestone.reason = column_text(query, 8);
  if (full) {
    milestone.name = column_text(query, 9);
    milestone.source = column_text(query, 10);
  }
  // What an imported schedule adds, read in every detail: the schedule counts on it.
  const int exact = full ? 11 : 9;
  if (!query->is_null(exact))
    milestone.duration_minutes = static_cast<std::int32_t>(query->integer(exact));
  milestone.calendar = column_text(query, exact + 1);
  if (!query->is_null(exact + 2))
    milestone.start_on_or_after = query->integer(exact + 2);
  if (!query->is_null(exact + 3))
    milestone.finish_on_or_before = query->integer(exact + 3);
  milestone.finish_event = query->integer(exact + 4) != 0;
  milestone.as_late_as_possible = query->integer(exact + 5) != 0;
  return milestone;
}

// A portfolio with the database ids of its rows, so a changed copy can be written back.
struct LoadedPortfolio {
  Portfolio portfolio;
  std::vector<std::int64_t> project_ids;
  std::vector<std::int64_t> milestone_ids;
  std::vector<std::int64_t> dependency_ids;
};

}  // namespace

struct Database::Impl {
  explicit Impl(std::unique_ptr<Connection> opened) : connection(std::move(opened)) {}
  std::unique_ptr<Connection> connection;

  // With `done_keys`, only the milestones done with one of these keys and no dependencies.
  LoadedPortfolio load(Database::Detail detail = Database::Detail::Full,
                       const std::vector<std::string>* done_keys = nullptr);

 private:
  void load_all_milestones(Portfolio& portfolio, LoadedPortfolio& loaded,
                           const std::unordered_map<std::int64_t, std::int32_t>& project_index,
                           std::vector<std::int32_t>& milestone_index, std::size_t milestone_count,
                           bool full);
  void load_done_slice(Portfolio& portfolio, LoadedPortfolio& loaded,
                       const std::unordered_map<std::int64_t, std::int32_t>& project_index,
                       const std::vector<std::string>& done_keys);
};

Database::Database(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

int Database::latest_schema_version() {
  return static_cast<int>(embedded::migrations().size());
}

int Database::schema_version() {
  return m_impl->connection->schema_version();
}

const std::string& Database::location() const {
  return m_impl->connection->location();
}

bool Database::is_postgres() const {
  return m_impl->connection->is_postgres();
}

namespace {

// Brings the database to the latest schema version inside the caller's write transaction: every
// step in the one transaction, so a failure leaves the database as it was.
void migrate(Connection& connection) {
  const std::string& shown = connection.location();
  int latest = static_cast<int>(connection.migrations().size());
  // Another process may have migrated while this one waited for the lock.
  int version = connection.schema_version();
  if (version >= latest)
    return;
  if (version == 0 && connection.foreign_tables() != 0)
    throw InvalidInput(fmt::format("{}: not a tiendo database (it has tables of its own)", shown));
  for (int step = version; step < latest; ++step) {
    try {
      connection.execute(connection.migrations()[static_cast<std::size_t>(step)]);
    } catch (const std::exception& error) {
      throw Conflict(
          fmt::format("{}: migration to schema version {} failed ({}); the database "
                      "is unchanged at version {}",
                      shown, step + 1, error.what(), version));
    }
  }
  if (version == 0) {
    Query insert(connection,
                 "INSERT INTO province (legacy_name, legacy_slug, current_name, "
                 "current_slug, centrally_run) VALUES (?, ?, ?, ?, ?)");
    for (const auto& province : ProvinceRegistry::builtin().provinces()) {
      insert->bind(1, province.legacy_name);
      insert->bind(2, province.legacy_slug);
      insert->bind(3, province.current_name);
      insert->bind(4, province.current_slug);
      insert->bind(5, std::int64_t{province.centrally_run ? 1 : 0});
      insert->execute();
      insert->reset();
    }
  }
  connection.set_schema_version(latest);
}

}  // namespace

bool Database::exists(const std::string& location) {
  if (!is_postgres_uri(location))
    return std::filesystem::exists(location);
  return postgres::open(location)->schema_version() > 0;
}

void Database::remove(const std::string& location) {
  if (!is_postgres_uri(location)) {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(location + suffix);
    return;
  }
  auto connection = postgres::open(location);
  WriteTransaction transaction(*connection);
  postgres::drop_schema(*connection);
  transaction.commit();
}

FileLock Database::lock_alone(const std::string& location) {
  if (is_postgres_uri(location))
    return {};
  return FileLock::take(location, location, FileUse::Exclusive);
}

Database::Restored Database::restore(const std::string& backup, const std::string& location) {
  if (is_postgres_uri(location))
    throw InvalidInput(fmt::format(
        "restore: --db {}: a PostgreSQL database; restore replaces a database file (copy a file "
        "into an empty PostgreSQL database with `tiendo --db FILE backup URI`)",
        printable_location(location)));
  auto [version, projects] = sqlite::restore(backup, location, latest_schema_version());
  return Restored{version, projects};
}

bool Database::file_replaced() {
  return m_impl->connection->file_replaced();
}

namespace {

// Where SQLite keeps a database file's -wal and -shm: beside the file a link leads to.
std::string wal_base(const std::string& location) {
  std::error_code error;
  auto real = std::filesystem::weakly_canonical(location, error);
  return error ? location : real.string();
}

}  // namespace

void Database::checkpoint() {
  m_impl->connection->checkpoint();
}

Database::FileSet Database::files_at(const std::string& location) {
  FileSet files;
  if (is_postgres_uri(location))
    return files;
  std::string base = wal_base(location);
  struct stat status {};
  if (::stat(location.c_str(), &status) == 0) {
    files.device = status.st_dev;
    files.inode = status.st_ino;
  }
  if (::lstat((base + "-wal").c_str(), &status) == 0) {
    files.wal_device = status.st_dev;
    files.wal_inode = status.st_ino;
  }
  if (::lstat((base + "-shm").c_str(), &status) == 0) {
    files.shm_device = status.st_dev;
    files.shm_inode = status.st_ino;
  }
  return files;
}

void Database::remove_stale_wal_files(const std::string& location, const FileSet& stale) {
  if (is_postgres_uri(location))
    return;
  std::string base = wal_base(location);
  auto remove_if = [](const std::string& path, std::uint64_t device, std::uint64_t inode) {
    struct stat status {};
    if (inode != 0 && ::lstat(path.c_str(), &status) == 0 && status.st_dev == device &&
        status.st_ino == inode)
      ::unlink(path.c_str());
  };
  remove_if(base + "-wal", stale.wal_device, stale.wal_inode);
  remove_if(base + "-shm", stale.shm_device, stale.shm_inode);
}

Database Database::open(const std::string& location, OpenMode mode) {
  const bool postgres = is_postgres_uri(location);
  std::unique_ptr<Connection> opened =
      postgres ? postgres::open(location) : sqlite::open(location, mode == OpenMode::MustExist);
  Connection& connection = *opened;
  Database database(std::make_unique<Impl>(std::move(opened)));
  const std::string& shown = connection.location();
  int version = connection.schema_version();
  int latest = latest_schema_version();
  if (version > latest)
    throw Conflict(fmt::format(
        "{}: written by a newer tiendo (schema version {}, this tiendo knows up to {}); "
        "upgrade tiendo to open it",
        shown, version, latest));
  if (version == 0 && mode == OpenMode::MustExist && postgres)
    throw NotFound(
        fmt::format("no tiendo database at '{}' (run `tiendo init --db {}`)", shown, shown));
  if (version < latest) {
    if (version == 0 && !postgres)
      sqlite::prepare_new_file(connection);
    WriteTransaction transaction(connection);
    migrate(connection);
    transaction.commit();
  }
  return database;
}

void Database::Impl::load_all_milestones(
    Portfolio& portfolio, LoadedPortfolio& loaded,
    const std::unordered_map<std::int64_t, std::int32_t>& project_index,
    std::vector<std::int32_t>& milestone_index, std::size_t milestone_count, bool full) {
  // Read in storage order (no sort in SQLite). Each project's milestones must sit together in
  // the order they were entered; an import writes them so, and then the rows are taken as read.
  // Otherwise a counting sort by project groups them.
  std::string sql = full ? std::string(milestone_select) + " ORDER BY id"
                         : "SELECT id, project_id, key, duration_days, planned, actual_start, "
                           "actual, forecast, reason, duration_minutes, calendar, "
                           "start_on_or_after, finish_on_or_before, finish_event, "
                           "as_late_as_possible FROM milestone "
                           "ORDER BY id";
  Query query(*connection, sql);
  std::vector<Milestone> read;
  std::vector<std::int64_t> read_ids;
  read.reserve(milestone_count);
  read_ids.reserve(milestone_count);
  bool grouped = true;
  while (query->step()) {
    Milestone milestone = read_milestone(query, full);
    milestone.project = project_index.at(query->integer(1));
    if (!read.empty() && milestone.project < read.back().project)
      grouped = false;
    read_ids.push_back(query->integer(0));
    read.push_back(std::move(milestone));
  }
  if (grouped) {
    portfolio.milestones = std::move(read);
    portfolio.reindex();
    loaded.milestone_ids = std::move(read_ids);
    for (std::size_t i = 0; i < loaded.milestone_ids.size(); ++i)
      milestone_index[static_cast<std::size_t>(loaded.milestone_ids[i])] =
          static_cast<std::int32_t>(i);
    return;
  }
  std::vector<std::size_t> start(portfolio.projects.size() + 1, 0);
  for (const auto& milestone : read)
    ++start[static_cast<std::size_t>(milestone.project) + 1];
  for (std::size_t p = 1; p < start.size(); ++p)
    start[p] += start[p - 1];
  std::vector<std::size_t> order(read.size());
  for (std::size_t i = 0; i < read.size(); ++i)
    order[start[static_cast<std::size_t>(read[i].project)]++] = i;
  for (std::size_t i : order) {
    auto index = portfolio.add_milestone(std::move(read[i]));
    milestone_index[static_cast<std::size_t>(read_ids[i])] = index;
    loaded.milestone_ids.push_back(read_ids[i]);
  }
}

void Database::Impl::load_done_slice(
    Portfolio& portfolio, LoadedPortfolio& loaded,
    const std::unordered_map<std::int64_t, std::int32_t>& project_index,
    const std::vector<std::string>& done_keys) {
  // Only what the slice's rule reads, so that the index milestone_done answers alone, read in
  // the index's order into rows of a few bytes (a whole Milestone is some two hundred, and on a
  // small machine touching that much fresh memory costs more than the query).
  std::string sql = "SELECT id, project_id, key, actual FROM milestone";
  sql += " WHERE actual IS NOT NULL AND key IN (";
  for (std::size_t i = 0; i < done_keys.size(); ++i)
    sql += i == 0 ? "?" : ", ?";
  sql += ")";
  Query query(*connection, sql);
  for (std::size_t i = 0; i < done_keys.size(); ++i)
    query->bind(static_cast<int>(i) + 1, done_keys[i]);
  struct DoneRow {
    std::int64_t id;
    std::int32_t project;
    std::int32_t key;  // Index into done_keys.
    Date actual;
  };
  std::vector<DoneRow> rows;
  // The rows have not been counted; about one milestone in four is a done gate.
  rows.reserve(portfolio.projects.size() * 5);
  while (query->step()) {
    std::string key = column_text(query, 2);
    auto found = std::find(done_keys.begin(), done_keys.end(), key);
    auto actual = column_date(query, 3);
    if (found == done_keys.end() || !actual)
      throw Error(fmt::format("internal: the milestone slice read key '{}'", key));
    rows.push_back({query->integer(0), project_index.at(query->integer(1)),
                    static_cast<std::int32_t>(found - done_keys.begin()), *actual});
  }
  // Each project's milestones together (a counting sort: a comparison sort of a national slice
  // costs more than reading it), each project's few in id order, as the whole load gives them.
  std::vector<std::size_t> start(portfolio.projects.size() + 1, 0);
  for (const auto& row : rows)
    ++start[static_cast<std::size_t>(row.project) + 1];
  for (std::size_t p = 1; p < start.size(); ++p)
    start[p] += start[p - 1];
  std::vector<DoneRow> sorted(rows.size());
  {
    auto next = start;
    for (const auto& row : rows)
      sorted[next[static_cast<std::size_t>(row.project)]++] = row;
  }
  for (std::size_t p = 0; p + 1 < start.size(); ++p)
    std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(start[p]),
              sorted.begin() + static_cast<std::ptrdiff_t>(start[p + 1]),
              [](const DoneRow& a, const DoneRow& b) { return a.id < b.id; });
  portfolio.reserve(0, sorted.size(), 0);
  loaded.milestone_ids.reserve(sorted.size());
  for (const auto& row : sorted) {
    Milestone milestone;
    milestone.project = row.project;
    milestone.key = done_keys[static_cast<std::size_t>(row.key)];
    milestone.actual = row.actual;
    portfolio.add_milestone(std::move(milestone));
    loaded.milestone_ids.push_back(row.id);
  }
}

LoadedPortfolio Database::Impl::load(Database::Detail detail,
                                     const std::vector<std::string>* done_keys) {
  LoadedPortfolio loaded;
  Portfolio& portfolio = loaded.portfolio;
  const bool full = detail == Database::Detail::Full;
  std::unordered_map<std::int64_t, std::int32_t> project_index;
  // Milestone ids are dense (a row is deleted only when a milestone entered by mistake is
  // removed), so a plain array maps them to indices at a fraction of a hash map's memory.
  std::vector<std::int32_t> milestone_index;
  std::size_t milestone_count = 0;
  {
    // Sizing every container once keeps a 300,000-milestone load from reallocating as it grows.
    // A slice counts no milestones (a count reads a whole index) and maps no milestone ids, as it
    // reads no dependency.
    Query counts(*connection, done_keys
                                  ? "SELECT (SELECT count(*) FROM project), 0, 0, -1"
                                  : "SELECT (SELECT count(*) FROM project), (SELECT count(*) FROM "
                                    "milestone), (SELECT count(*) FROM dependency), (SELECT "
                                    "coalesce(max(id), 0) FROM milestone)");
    counts->step();
    auto size = [&](int column) { return static_cast<std::size_t>(counts->integer(column)); };
    portfolio.reserve(size(0), size(1), size(2));
    milestone_count = size(1);
    project_index.reserve(size(0));
    milestone_index.assign(static_cast<std::size_t>(counts->integer(3) + 1), -1);
    loaded.project_ids.reserve(size(0));
    loaded.milestone_ids.reserve(size(1));
    loaded.dependency_ids.reserve(size(2));
  }
  {
    Query query(*connection, std::string(project_select) + " ORDER BY p.code" +
                                 std::string(connection->byte_order()));
    while (query->step()) {
      Project project = read_project(query, full);
      std::int64_t id = query->integer(0);
      project_index[id] = portfolio.add_project(std::move(project));
      loaded.project_ids.push_back(id);
    }
  }
  {
    if (done_keys)
      load_done_slice(portfolio, loaded, project_index, *done_keys);
    else
      load_all_milestones(portfolio, loaded, project_index, milestone_index, milestone_count, full);
  }
  if (!done_keys) {
    Query query(*connection,
                "SELECT id, from_milestone_id, to_milestone_id, type, lag_days, lag_minutes, "
                "lag_calendar FROM dependency ORDER BY id");
    while (query->step()) {
      Dependency dependency;
      dependency.from = milestone_index.at(static_cast<std::size_t>(query->integer(1)));
      dependency.to = milestone_index.at(static_cast<std::size_t>(query->integer(2)));
      std::string type = column_text(query, 3);
      dependency.type = parse_stored(parse_link_type(type), "dependency type", type);
      dependency.lag_days = static_cast<int>(query->integer(4));
      if (!query->is_null(5))
        dependency.lag_minutes = static_cast<std::int32_t>(query->integer(5));
      dependency.lag_calendar = stored_lag_calendar(column_text(query, 6));
      portfolio.add_dependency(dependency);
      loaded.dependency_ids.push_back(query->integer(0));
    }
  }
  {
    Query query(*connection,
                "SELECT project_id, status, date, reason, source FROM status_event "
                "ORDER BY id");
    while (query->step()) {
      StatusEvent event;
      event.project = project_index.at(query->integer(0));
      std::string status = column_text(query, 1);
      event.status = parse_stored(parse_status(status), "status", status);
      event.date = Date::parse(column_text(query, 2));
      event.reason = column_text(query, 3);
      event.source = column_text(query, 4);
      portfolio.status_events.push_back(std::move(event));
    }
  }
  {
    Query query(*connection,
                std::string("SELECT name, weekdays, holidays, exceptions FROM calendar ORDER BY name") +
                    std::string(connection->byte_order()));
    while (query->step()) {
      CalendarDefinition calendar;
      calendar.name = column_text(query, 0);
      calendar.weekdays = parse_weekdays("calendar.weekdays", column_text(query, 1));
      std::string holidays = column_text(query, 2);
      calendar.holidays = parse_stored(parse_holiday_rule(holidays), "holiday rule", holidays);
      calendar.exceptions = parse_exceptions("calendar.exceptions", column_text(query, 3));
      portfolio.calendars.push_back(std::move(calendar));
    }
  }
  return loaded;
}

Portfolio Database::load(Detail detail) {
  // One snapshot for the four tables, so a writer committing meanwhile is seen whole or not at all.
  std::optional<ReadTransaction> snapshot;
  if (!m_impl->connection->in_transaction())
    snapshot.emplace(*m_impl->connection);
  return m_impl->load(detail).portfolio;
}

Portfolio Database::load_done_milestones(const std::vector<std::string>& milestone_keys) {
  std::optional<ReadTransaction> snapshot;
  if (!m_impl->connection->in_transaction())
    snapshot.emplace(*m_impl->connection);
  return m_impl->load(Detail::Lean, &milestone_keys).portfolio;
}

namespace {

// Rows for one table, inserted many at a time. A national import adds a million rows, and the
// engine's work per statement (opening cursors, checking foreign keys, a round trip to a server)
// is then paid once per batch rather than once per row; the values wait in cells that are reused
// from batch to batch.
class BatchInsert {
 public:
  BatchInsert(Connection& connection, std::string_view table, std::vector<std::string_view> columns)
      : m_connection(connection),
        m_table(table),
        m_columns(std::move(columns)),
        m_rows_per_batch(connection.rows_per_insert(m_columns.size())),
        m_cells(m_rows_per_batch * m_columns.size()) {}

  void add_null() { next().kind = Cell::Null; }
  void add(std::int64_t number) {
    auto& cell = next();
    cell.kind = Cell::Integer;
    cell.integer = number;
  }
  void add(double number) {
    auto& cell = next();
    cell.kind = Cell::Real;
    cell.real = number;
  }
  void add(std::string_view text) {
    auto& cell = next();
    cell.kind = Cell::Text;
    cell.text.assign(text);
  }
  // An empty text is stored as NULL, as the single-row writes do.
  void add_text_or_null(std::string_view text) {
    if (text.empty())
      add_null();
    else
      add(text);
  }
  void add(const std::optional<std::string>& text) {
    if (text)
      add(std::string_view(*text));
    else
      add_null();
  }
  void add(const std::optional<Date>& date) {
    if (date)
      add(std::string_view(date->iso()));
    else
      add_null();
  }
  void add(const std::optional<Capacity>& capacity) {
    if (capacity)
      add(static_cast<std::int64_t>(capacity->watts()));
    else
      add_null();
  }
  void add(const std::optional<double>& number) {
    if (number)
      add(*number);
    else
      add_null();
  }
  // Ends a row; a full batch is written at once.
  void end_row() {
    ++m_rows;
    if (m_rows == m_rows_per_batch)
      flush();
  }
  // Writes the rows that wait; called before anything reads the table.
  void flush() {
    if (m_rows == 0)
      return;
    m_connection.insert_rows(m_table, m_columns, m_cells, m_rows);
    m_rows = 0;
    m_column = 0;
  }

 private:
  Cell& next() {
    if (m_column == m_columns.size())
      m_column = 0;
    return m_cells[m_rows * m_columns.size() + m_column++];
  }

  Connection& m_connection;
  std::string m_table;
  std::vector<std::string_view> m_columns;
  std::size_t m_rows_per_batch;
  std::vector<Cell> m_cells;
  std::size_t m_rows = 0;
  std::size_t m_column = 0;
};

template <typename Integer>
void add_optional_integer(BatchInsert& insert, const std::optional<Integer>& value) {
  if (value)
    insert.add(static_cast<std::int64_t>(*value));
  else
    insert.add_null();
}

// The milestone table's insert, every column a milestone row has: modify adds new milestones
// through it in batches, insert_milestone one.
BatchInsert milestone_insert(Connection& connection) {
  return BatchInsert(
      connection, "milestone",
      {"id", "project_id", "key", "name", "duration_days", "planned", "actual_start", "actual",
       "forecast", "reason", "source", "duration_minutes", "calendar", "start_on_or_after",
       "finish_on_or_before", "finish_event", "as_late_as_possible"});
}

void add_milestone_row(BatchInsert& insert, std::int64_t id, std::int64_t project_id,
                       const Milestone& milestone) {
  insert.add(id);
  insert.add(project_id);
  insert.add(std::string_view(milestone.key));
  insert.add_text_or_null(milestone.name);
  insert.add(static_cast<std::int64_t>(milestone.duration_days));
  insert.add(milestone.planned);
  insert.add(milestone.actual_start);
  insert.add(milestone.actual);
  insert.add(milestone.forecast);
  insert.add_text_or_null(milestone.reason);
  insert.add_text_or_null(milestone.source);
  add_optional_integer(insert, milestone.duration_minutes);
  insert.add_text_or_null(milestone.calendar);
  add_optional_integer(insert, milestone.start_on_or_after);
  add_optional_integer(insert, milestone.finish_on_or_before);
  insert.add(std::int64_t{milestone.finish_event ? 1 : 0});
  insert.add(std::int64_t{milestone.as_late_as_possible ? 1 : 0});
  insert.end_row();
}

// The change-log rows of one command, written in batches; every row carries the command's
// time, actor, and its reason and source when given, else the row's own, and the id of the write
// transaction it belongs to. That id is one above the largest row id when the transaction's first
// writer starts: writers take turns (TransactionKind::Write), so no other write has it, and every
// later write's is larger; a batch of edits made through several writers in one transaction
// shares it.
class ChangeLogWriter {
 public:
  ChangeLogWriter(Connection& connection, const ChangeContext& context, std::string at,
                  WriteSummary& summary)
      : m_context(context),
        m_at(std::move(at)),
        m_summary(summary),
        m_batch(connection, "change_log",
                {"at_utc", "actor", "project_code", "entity", "field", "old_value", "new_value",
                 "reason", "source", "write_id"}) {
    if (!connection.write_id())
      connection.write_id() =
          single_integer(connection, "SELECT coalesce(max(id), 0) + 1 FROM change_log");
    m_write_id = *connection.write_id();
  }

  void add(std::string_view project, std::string_view entity, std::string_view field,
           const std::optional<std::string>& old_value, const std::optional<std::string>& new_value,
           std::string_view row_reason = {}, std::string_view row_source = {}) {
    m_batch.add(std::string_view(m_at));
    m_batch.add(std::string_view(m_context.actor));
    m_batch.add_text_or_null(project);
    m_batch.add(entity);
    m_batch.add(field);
    m_batch.add(old_value);
    m_batch.add(new_value);
    m_batch.add_text_or_null(m_context.reason.empty() ? row_reason : m_context.reason);
    m_batch.add_text_or_null(m_context.source.empty() ? row_source : m_context.source);
    m_batch.add(m_write_id);
    m_batch.end_row();
    ++m_summary.change_log_rows;
  }
  // A change the row of its project's creation stands for (store/creation_log.h): counted as the
  // line `history` shows for it, written as nothing.
  void add_with_plan() { ++m_summary.change_log_rows; }
  void flush() { m_batch.flush(); }

 private:
  const ChangeContext& m_context;
  std::string m_at;
  WriteSummary& m_summary;
  BatchInsert m_batch;
  std::int64_t m_write_id = 0;
};

// The position of a named column in one of the CSV column lists.
std::size_t column_of(const std::vector<std::string_view>& columns, std::string_view name) {
  return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                  columns.begin());
}

std::optional<std::string> as_value(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  return text;
}

// The secondary indexes of a table that a command is about to more than double, dropped before
// its inserts and made again after them where the engine gains by it (SQLite and PostgreSQL build
// an index from sorted rows much faster than they update one row by row; PostgreSQL also checks a
// foreign key of a million rows with one join faster than row by row). The change log's index on
// (project, time) is the one that matters: an import writes projects, then milestones, then
// dependencies, so it walks the whole index three times (100,000 projects: 18.0 s with the index
// made after, 21.8 s without).
//
// A table that was empty is filled with nothing else to look up in it, so its unique keys may go
// too where the engine can make them again (they are checked then, and the command fails whole on
// a duplicate): `with_unique_keys`, for tables no statement of the command reads by key.
class DeferredIndexes {
 public:
  DeferredIndexes(Connection& connection, std::string_view table, std::int64_t existing_rows,
                  std::int64_t new_rows, bool with_unique_keys = false)
      : m_connection(connection) {
    if (new_rows > existing_rows)
      m_statements =
          connection.drop_secondary_indexes(table, with_unique_keys && existing_rows == 0);
  }
  // Whether anything was dropped, to be made again.
  bool dropped() const { return !m_statements.empty(); }
  // Makes the indexes again; called once the table's rows are written.
  void restore() {
    for (const auto& statement : m_statements)
      m_connection.execute(statement);
    m_statements.clear();
  }

 private:
  Connection& m_connection;
  std::vector<std::string> m_statements;
};

// The change log's names of a milestone and of a dependency ("CODE:key" at each end).
std::string milestone_entity(std::string_view code, std::string_view key) {
  return std::string("milestone:").append(code).append(":").append(key);
}
std::string dependency_entity_text(std::string_view from, std::string_view to) {
  return std::string("dependency:").append(from).append("->").append(to);
}

// How the change log shows a dependency's type and lag (domain/portfolio.h).
std::string describe_link(const Dependency& dependency) {
  return dependency_change_text(dependency);
}

std::int64_t largest_id(Connection& connection, std::string_view table) {
  return single_integer(connection, fmt::format("SELECT coalesce(max(id), 0) FROM {}", table));
}

}  // namespace

namespace {

// Writes a milestone that exists as `milestone` (its cells `cells`) when it differs from `old`,
// with a change-log row per changed column; false when nothing changed. Shared by modify, which
// walks every milestone, and update_milestone, which writes one.
bool update_changed_milestone(Query& update_milestone, ChangeLogWriter& log,
                              const std::string& code, const std::string& entity,
                              const Portfolio& before, const Milestone& old,
                              const std::vector<std::string>& cells, const Milestone& milestone,
                              std::int64_t milestone_id, std::int64_t project_id) {
  // The cells hold what a contractor's schedule brings too (exact minutes, calendar,
  // constraints, finish event), so a later file that changes only those is a change, logged.
  auto old_cells = milestone_cells(before, old);
  if (old_cells == cells)
    return false;
  update_milestone->bind(1, project_id);
  update_milestone->bind(2, milestone.key);
  bind_text(update_milestone, 3, milestone.name);
  update_milestone->bind(4, milestone.duration_days);
  bind_date(update_milestone, 5, milestone.planned);
  bind_date(update_milestone, 6, milestone.actual_start);
  bind_date(update_milestone, 7, milestone.actual);
  bind_date(update_milestone, 8, milestone.forecast);
  bind_text(update_milestone, 9, milestone.reason);
  bind_text(update_milestone, 10, milestone.source);
  bind_optional_integer(update_milestone, 11, milestone.duration_minutes);
  bind_text(update_milestone, 12, milestone.calendar);
  bind_optional_integer(update_milestone, 13, milestone.start_on_or_after);
  bind_optional_integer(update_milestone, 14, milestone.finish_on_or_before);
  update_milestone->bind(15, std::int64_t{milestone.finish_event ? 1 : 0});
  update_milestone->bind(16, std::int64_t{milestone.as_late_as_possible ? 1 : 0});
  update_milestone->bind(17, milestone_id);
  update_milestone->execute();
  update_milestone->reset();
  // A change is logged with the reason and source given for it, or none: the reason stored
  // by an earlier change explains that change, not this one. (Both branches are views: with
  // `milestone.reason : ""` the branch would be a temporary string the view outlives.)
  std::string_view given_reason = cells[column_of(milestone_columns, "reason")] !=
                                          old_cells[column_of(milestone_columns, "reason")]
                                      ? std::string_view(milestone.reason)
                                      : std::string_view();
  std::string_view given_source = cells[column_of(milestone_columns, "source")] !=
                                          old_cells[column_of(milestone_columns, "source")]
                                      ? std::string_view(milestone.source)
                                      : std::string_view();
  for (std::size_t column = 0; column < cells.size(); ++column) {
    if (cells[column] == old_cells[column])
      continue;
    log.add(code, entity, milestone_columns[column], as_value(old_cells[column]),
            as_value(cells[column]), given_reason, given_source);
  }
  return true;
}

const char* const update_project_sql =
    "UPDATE project SET code = ?, name = ?, technology = ?, province = ?, capacity_watts = ?, "
    "capacity_watts_peak = ?, investor = ?, stage = ?, target_cod = ?, latitude = ?, "
    "longitude = ?, site = ?, source = ?, calendar = ?, schedule_rules = ?, data_date = ? "
    "WHERE id = ?";

// Writes a project that exists as `project` (its cells `cells`, `old_cells` before), with a
// change-log row per changed column; its parent is the caller's to write. Shared by modify,
// which walks every project, and update_project, which writes one.
void update_changed_project(Query& update_project, ChangeLogWriter& log, const Project& project,
                            const std::vector<std::string>& cells,
                            const std::vector<std::string>& old_cells,
                            std::int64_t project_id) {
  const std::string entity = "project:" + project.code;
  update_project->bind(1, project.code);
  update_project->bind(2, project.name);
  update_project->bind(3, std::string(technology_key(project.technology)));
  update_project->bind(4, project.province);
  bind_capacity(update_project, 5, project.capacity);
  bind_capacity(update_project, 6, project.capacity_peak);
  bind_text(update_project, 7, project.investor);
  update_project->bind(8, std::string(stage_key(project.stage)));
  bind_date(update_project, 9, project.target_cod);
  bind_double(update_project, 10, project.latitude);
  bind_double(update_project, 11, project.longitude);
  bind_text(update_project, 12, project.site);
  bind_text(update_project, 13, project.source);
  bind_text(update_project, 14, project.calendar);
  bind_text(update_project, 15, project.schedule_rules);
  bind_date(update_project, 16, project.data_date);
  update_project->bind(17, project_id);
  update_project->execute();
  update_project->reset();
  // A change is logged with the source given for it; a source stored by an earlier change
  // does not describe this one.
  std::string_view given_source = cells[column_of(project_columns, "source")] !=
                                          old_cells[column_of(project_columns, "source")]
                                      ? std::string_view(project.source)
                                      : std::string_view();
  for (std::size_t column = 0; column < cells.size(); ++column) {
    if (cells[column] == old_cells[column])
      continue;
    log.add(project.code, entity, project_columns[column], as_value(old_cells[column]),
            as_value(cells[column]), "", given_source);
  }
}

const char* const update_milestone_sql =
    "UPDATE milestone SET project_id = ?, key = ?, name = ?, duration_days = ?, planned = ?, "
    "actual_start = ?, actual = ?, forecast = ?, reason = ?, source = ?, duration_minutes = ?, "
    "calendar = ?, start_on_or_after = ?, finish_on_or_before = ?, finish_event = ?, "
    "as_late_as_possible = ? WHERE id = ?";

}  // namespace

namespace {

// Deletes the rows of `loaded` that `kept` marks gone (a project with every milestone and status
// event of it, a milestone with every link into or out of it), each logged as remove_project and
// remove_milestone log theirs; then takes them out of `loaded` and its ids, so that what is left
// lines up with a changed portfolio that had them removed the same way.
void remove_rows_of(Connection& connection, LoadedPortfolio& loaded, const Portfolio::Kept& kept,
                    const ChangeContext& context, const std::string& at, WriteSummary& summary) {
  const Portfolio& portfolio = loaded.portfolio;
  std::vector<std::int32_t> projects, milestones;
  std::vector<std::size_t> status_events;
  for (std::size_t i = 0; i < kept.projects.size(); ++i)
    if (!kept.projects[i])
      projects.push_back(static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < kept.milestones.size(); ++i)
    if (!kept.milestones[i])
      milestones.push_back(static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < kept.status_events.size(); ++i)
    if (!kept.status_events[i])
      status_events.push_back(i);
  if (projects.empty() && milestones.empty() && status_events.empty())
    return;
  // The same rows as Portfolio::remove_rows takes with them, found on a copy of the marks.
  Portfolio copy = portfolio;
  auto gone = copy.remove_rows(projects, milestones, status_events);
  auto code_of = [&](std::int32_t project) -> const std::string& {
    return portfolio.projects[static_cast<std::size_t>(project)].code;
  };
  auto project_of = [&](std::int32_t milestone) {
    return portfolio.milestones[static_cast<std::size_t>(milestone)].project;
  };
  ChangeLogWriter log(connection, context, at, summary);
  {
    Query remove(connection, "DELETE FROM dependency WHERE id = ?");
    for (std::size_t d = 0; d < portfolio.dependencies.size(); ++d) {
      if (gone.dependencies[d])
        continue;
      const Dependency& dependency = portfolio.dependencies[d];
      remove->bind(1, loaded.dependency_ids[d]);
      remove->execute();
      remove->reset();
      // Under the project removed with it when there is one (as remove_project logs), else under
      // the successor's project (as modify and remove_milestone log a link removed).
      auto from = project_of(dependency.from), to = project_of(dependency.to);
      std::int32_t under = !gone.projects[static_cast<std::size_t>(to)]     ? to
                           : !gone.projects[static_cast<std::size_t>(from)] ? from
                                                                            : to;
      log.add(code_of(under),
              dependency_entity_text(portfolio.reference(dependency.from),
                                     portfolio.reference(dependency.to)),
              "removed", describe_link(dependency), std::nullopt);
      ++summary.dependencies_removed;
    }
  }
  {
    Query remove(connection, "DELETE FROM milestone WHERE id = ?");
    for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
      if (gone.milestones[m])
        continue;
      const Milestone& milestone = portfolio.milestones[m];
      const std::string& code = code_of(milestone.project);
      log.add(code, milestone_entity(code, milestone.key), "removed",
              describe_cells(milestone_columns, milestone_cells(portfolio, milestone)),
              std::nullopt, milestone.reason, milestone.source);
      ++summary.milestones_removed;
      remove->bind(1, loaded.milestone_ids[m]);
      remove->execute();
      remove->reset();
    }
  }
  {
    // A status event has no id of its own in the portfolio: the first one stored with its
    // project, status and date goes (two alike are the same fact).
    Query remove(connection,
                 "DELETE FROM status_event WHERE id = (SELECT min(id) FROM status_event WHERE "
                 "project_id = ? AND status = ? AND date = ?)");
    for (std::size_t e = 0; e < portfolio.status_events.size(); ++e) {
      if (gone.status_events[e])
        continue;
      const StatusEvent& event = portfolio.status_events[e];
      const std::string& code = code_of(event.project);
      log.add(code, "project:" + code, "status",
              fmt::format("{} {}", status_key(event.status), event.date.iso()), std::nullopt,
              event.reason, event.source);
      ++summary.status_events_removed;
      remove->bind(1, loaded.project_ids[static_cast<std::size_t>(event.project)]);
      remove->bind(2, std::string(status_key(event.status)));
      remove->bind(3, event.date.iso());
      remove->execute();
      remove->reset();
    }
  }
  {
    // A project removed may be the parent of another removed with it: the parents are let go
    // first, so that no row names one deleted before it.
    Query let_go(connection, "UPDATE project SET parent_id = NULL WHERE id = ?");
    for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
      if (gone.projects[p] || portfolio.projects[p].parent.empty())
        continue;
      let_go->bind(1, loaded.project_ids[p]);
      let_go->execute();
      let_go->reset();
    }
    Query remove(connection, "DELETE FROM project WHERE id = ?");
    for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
      if (gone.projects[p])
        continue;
      const Project& row = portfolio.projects[p];
      log.add(row.code, "project:" + row.code, "removed",
              describe_cells(project_columns, project_cells(row)), std::nullopt, "", row.source);
      ++summary.projects_removed;
      remove->bind(1, loaded.project_ids[p]);
      remove->execute();
      remove->reset();
    }
  }
  log.flush();
  auto keep = [](std::vector<std::int64_t>& ids, const std::vector<bool>& kept_rows) {
    std::size_t next = 0;
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (kept_rows[i])
        ids[next++] = ids[i];
    ids.resize(next);
  };
  keep(loaded.project_ids, gone.projects);
  keep(loaded.milestone_ids, gone.milestones);
  keep(loaded.dependency_ids, gone.dependencies);
  loaded.portfolio = std::move(copy);
}

}  // namespace

namespace {
// Saves `portfolio`'s planned dates as the baseline `name` (Conflict when it exists), inside the
// caller's transaction, its change-log row at `at`.
void insert_baseline(Connection& connection, const std::string& name, const std::string& actor,
                     const Portfolio& portfolio, const std::string& at);
}  // namespace

WriteSummary Database::modify(const ChangeContext& context,
                              const std::function<void(Portfolio&)>& change, bool dry_run) {
  return modify_in_stages(
      context, [&](Portfolio& portfolio, const std::function<void()>&) { change(portfolio); },
      dry_run);
}

WriteSummary Database::modify_in_stages(const ChangeContext& context, const StagedChange& change,
                                        bool dry_run) {
  return write_change(context, change, dry_run, nullptr, {});
}

WriteSummary Database::modify_removing(
    const ChangeContext& context, const std::function<void(Portfolio&, const Remover&)>& change,
    bool dry_run, const std::string& baseline_first) {
  return write_change(context, StagedChange(), dry_run, &change, baseline_first);
}

WriteSummary Database::write_change(
    const ChangeContext& context, const StagedChange& change, bool dry_run,
    const std::function<void(Portfolio&, const Remover&)>* removing,
    const std::string& baseline_first) {
  auto& connection = *m_impl->connection;
  WriteSummary summary;
  connection.prepare_bulk_write();
  WriteTransaction transaction(connection);
  LoadedPortfolio loaded = m_impl->load();
  const Portfolio& before = loaded.portfolio;
  Portfolio after = before;
  // Every row of the command is logged at this one moment: the history tells a write by it.
  const std::string at = now_utc();
  // The plan as it stood before the change, saved in the same transaction: a change that fails
  // leaves no baseline behind.
  if (!baseline_first.empty())
    insert_baseline(connection, baseline_first, context.actor, before, at);

  auto added = [](std::size_t after_count, std::size_t before_count) {
    return static_cast<std::int64_t>(after_count > before_count ? after_count - before_count : 0);
  };
  auto into_new_project = [&](const Dependency& dependency) {
    return static_cast<std::size_t>(
               after.milestones[static_cast<std::size_t>(dependency.to)].project) >=
           before.projects.size();
  };
  std::optional<DeferredIndexes> log_indexes, project_indexes, dependency_indexes,
      milestone_indexes;
  std::optional<ChangeLogWriter> log;
  std::vector<std::int64_t> project_ids, milestone_ids;
  std::atomic<bool> cancelled{false};
  // Writes the projects and milestones of `after`, and makes room for its dependencies. With no
  // count of the dependencies yet (a staged change is still reading them), their table is taken
  // to grow as the milestones' does.
  auto write_projects_and_milestones = [&](ProgressCounter* progress,
                                           std::optional<std::size_t> dependency_count) {
    if (after.projects.size() < before.projects.size() ||
        after.milestones.size() < before.milestones.size())
      throw Error("internal: a change removed projects or milestones");
    std::int64_t added_projects = added(after.projects.size(), before.projects.size());
    std::int64_t added_milestones = added(after.milestones.size(), before.milestones.size());
    std::int64_t added_dependencies =
        dependency_count ? added(*dependency_count, before.dependencies.size())
        : added_milestones > static_cast<std::int64_t>(before.milestones.size())
            ? static_cast<std::int64_t>(before.dependencies.size()) + 1
            : 0;
    // The change-log rows this command adds, about: one per new project, with its plan; one per
    // milestone or dependency added to a project that was there before.
    std::int64_t logged_additions = added_projects;
    for (std::size_t i = before.milestones.size(); i < after.milestones.size(); ++i)
      logged_additions +=
          static_cast<std::size_t>(after.milestones[i].project) < before.projects.size();
    if (dependency_count) {
      std::int64_t dependencies_into_new =
          std::count_if(after.dependencies.begin(), after.dependencies.end(), into_new_project);
      logged_additions += std::max<std::int64_t>(0, added_dependencies - dependencies_into_new);
    }
    log_indexes.emplace(connection, "change_log", largest_id(connection, "change_log"),
                        logged_additions);
    project_indexes.emplace(connection, "project",
                            static_cast<std::int64_t>(before.projects.size()), added_projects);
    // Dependencies before milestones: the dependencies' foreign keys go before the milestones'
    // key they point at. The project table keeps its keys, which the parents are set through.
    dependency_indexes.emplace(connection, "dependency",
                               static_cast<std::int64_t>(before.dependencies.size()),
                               added_dependencies, true);
    // The milestones' key can go only with the dependencies' foreign keys that point at it.
    milestone_indexes.emplace(connection, "milestone",
                              static_cast<std::int64_t>(before.milestones.size()), added_milestones,
                              dependency_indexes->dropped());

    log.emplace(connection, context, at, summary);
    project_ids = std::move(loaded.project_ids);
    milestone_ids = std::move(loaded.milestone_ids);
    project_ids.reserve(after.projects.size());
    milestone_ids.reserve(after.milestones.size());
    // New rows get their ids here rather than from SQLite one insert at a time, so that they can
    // be inserted in batches; the write lock is held, so nobody else takes the same ids.
    std::int64_t next_project_id = largest_id(connection, "project") + 1;
    std::int64_t next_milestone_id = largest_id(connection, "milestone") + 1;

    BatchInsert insert_project(connection, "project",
                               {"id", "code", "name", "technology", "province", "capacity_watts",
                                "capacity_watts_peak", "investor", "stage", "target_cod",
                                "latitude", "longitude", "site", "source", "parent_id",
                                "calendar", "schedule_rules", "data_date"});
    Query update_project(connection, update_project_sql);

    std::vector<std::size_t> parent_changed;
    for (std::size_t i = 0; i < after.projects.size(); ++i) {
      if (progress)
        progress->add();
      if ((i & 1023) == 0 && cancelled.load(std::memory_order_relaxed))
        return;
      const Project& project = after.projects[i];
      auto cells = project_cells(project);
      std::string entity = "project:" + project.code;
      if (i >= before.projects.size()) {
        project_ids.push_back(next_project_id++);
        insert_project.add(project_ids.back());
        insert_project.add(std::string_view(project.code));
        insert_project.add(std::string_view(project.name));
        insert_project.add(technology_key(project.technology));
        insert_project.add(std::string_view(project.province));
        insert_project.add(project.capacity);
        insert_project.add(project.capacity_peak);
        insert_project.add_text_or_null(project.investor);
        insert_project.add(stage_key(project.stage));
        insert_project.add(project.target_cod);
        insert_project.add(project.latitude);
        insert_project.add(project.longitude);
        insert_project.add_text_or_null(project.site);
        insert_project.add_text_or_null(project.source);
        // A parent written already (there before, or earlier in this command) is set with the row;
        // one further on, once it is written (a national import names two thousand parents, and a
        // statement each cost 0.4 s on PostgreSQL).
        auto parent = project.parent.empty() ? std::nullopt : after.find_project(project.parent);
        if (parent && static_cast<std::size_t>(*parent) < i) {
          insert_project.add(project_ids[static_cast<std::size_t>(*parent)]);
        } else {
          insert_project.add_null();
          if (!project.parent.empty())
            parent_changed.push_back(i);
        }
        insert_project.add_text_or_null(project.calendar);
        insert_project.add_text_or_null(project.schedule_rules);
        insert_project.add(project.data_date);
        insert_project.end_row();
        // One row for the project with its plan: its milestones and the dependencies into them,
        // created in this same command, log nothing of their own (see store/creation_log.h).
        log->add(project.code, entity, created_with_plan_field, std::nullopt,
                 describe_cells(project_columns, cells), "", "");
        ++summary.projects_added;
        continue;
      }
      auto old_cells = project_cells(before.projects[i]);
      if (old_cells == cells &&
          before.projects[i].schedule_rules == project.schedule_rules &&
          before.projects[i].data_date == project.data_date)
        continue;
      update_changed_project(update_project, *log, project, cells, old_cells,
                             static_cast<std::int64_t>(project_ids[i]));
      if (project.parent != before.projects[i].parent)
        parent_changed.push_back(i);
      ++summary.projects_changed;
    }
    insert_project.flush();
    // Parents are set after every project exists, so a file may name a parent listed below it.
    if (!parent_changed.empty()) {
      Query set_parent(connection,
                       "UPDATE project SET parent_id = (SELECT id FROM project WHERE code = ?) "
                       "WHERE id = ?");
      for (std::size_t i : parent_changed) {
        bind_text(set_parent, 1, after.projects[i].parent);
        set_parent->bind(2, static_cast<std::int64_t>(project_ids[i]));
        set_parent->execute();
        set_parent->reset();
      }
    }

    BatchInsert insert_milestone = milestone_insert(connection);
    Query update_milestone(connection, update_milestone_sql);
    std::string entity;
    for (std::size_t i = 0; i < after.milestones.size(); ++i) {
      if (progress)
        progress->add();
      if ((i & 1023) == 0 && cancelled.load(std::memory_order_relaxed))
        return;
      const Milestone& milestone = after.milestones[i];
      const std::string& code = after.projects[static_cast<std::size_t>(milestone.project)].code;
      auto project_id = project_ids[static_cast<std::size_t>(milestone.project)];
      auto cells = milestone_cells(after, milestone);
      entity.assign("milestone:").append(code).append(":").append(milestone.key);
      if (i >= before.milestones.size()) {
        milestone_ids.push_back(next_milestone_id++);
        add_milestone_row(insert_milestone, milestone_ids.back(), project_id, milestone);
        if (static_cast<std::size_t>(milestone.project) < before.projects.size())
          log->add(code, entity, "created", std::nullopt, describe_cells(milestone_columns, cells),
                   milestone.reason, milestone.source);
        else
          log->add_with_plan();
        ++summary.milestones_added;
        continue;
      }
      if (update_changed_milestone(update_milestone, *log, code, entity, before,
                                   before.milestones[i], cells, milestone, milestone_ids[i],
                                   project_id))
        ++summary.milestones_changed;
    }
    insert_milestone.flush();
    // The projects and milestones are written: their indexes and keys are made now, while a
    // staged change still reads its dependencies, and before a dependency that their keys check
    // is written.
    project_indexes->restore();
    milestone_indexes->restore();
  };

  // A staged change says when its projects and milestones are final; they are then written by a
  // thread of their own while the change reads on (the dependencies of a national import), the
  // connection being that thread's alone until it ends.
  std::thread writer;
  std::exception_ptr writer_failure;
  bool staged = false;
  std::size_t final_projects = 0, final_milestones = 0;
  auto milestones_final = [&] {
    if (staged)
      return;
    staged = true;
    final_projects = after.projects.size();
    final_milestones = after.milestones.size();
    writer = std::thread([&] {
      try {
        write_projects_and_milestones(nullptr, std::nullopt);
      } catch (...) {
        writer_failure = std::current_exception();
      }
    });
  };
  // The rows a removing change took out, by their positions in `before`; `origin` maps a
  // position in `after` to one in `before` for the rows that were there (those added come last).
  Portfolio::Kept removed;
  struct Origins {
    std::vector<std::int32_t> projects, milestones;
    std::vector<std::size_t> status_events;
  } origin;
  Remover remover = [&](const std::vector<std::int32_t>& projects,
                        const std::vector<std::int32_t>& milestones,
                        const std::vector<std::size_t>& status_events) {
    auto kept = after.remove_rows(projects, milestones, status_events);
    auto follow = [](auto& origins, std::vector<bool>& before_kept, const std::vector<bool>& now) {
      std::size_t next = 0;
      for (std::size_t i = 0; i < now.size(); ++i) {
        if (now[i]) {
          if (i < origins.size())
            origins[next++] = origins[i];
          continue;
        }
        if (i >= origins.size())
          throw Error("internal: a change removed a row it added");
        before_kept[static_cast<std::size_t>(origins[i])] = false;
      }
      origins.resize(next);
    };
    follow(origin.projects, removed.projects, kept.projects);
    follow(origin.milestones, removed.milestones, kept.milestones);
    follow(origin.status_events, removed.status_events, kept.status_events);
  };
  try {
    if (removing) {
      removed.projects.assign(before.projects.size(), true);
      removed.milestones.assign(before.milestones.size(), true);
      removed.status_events.assign(before.status_events.size(), true);
      for (std::size_t i = 0; i < before.projects.size(); ++i)
        origin.projects.push_back(static_cast<std::int32_t>(i));
      for (std::size_t i = 0; i < before.milestones.size(); ++i)
        origin.milestones.push_back(static_cast<std::int32_t>(i));
      for (std::size_t i = 0; i < before.status_events.size(); ++i)
        origin.status_events.push_back(i);
      (*removing)(after, remover);
    } else {
      change(after, milestones_final);
    }
  } catch (...) {
    cancelled = true;
    if (writer.joinable())
      writer.join();
    throw;
  }
  if (writer.joinable())
    writer.join();
  if (writer_failure)
    std::rethrow_exception(writer_failure);
  // Every project, milestone and dependency is gone through, changed or not (on the writing
  // thread, which shows no progress, only the dependencies).
  ProgressCounter progress(
      ProgressTask::Writing,
      (staged ? 0 : after.projects.size() + after.milestones.size()) + after.dependencies.size());
  if (removing)
    remove_rows_of(connection, loaded, removed, context, at, summary);
  if (!staged)
    write_projects_and_milestones(&progress, after.dependencies.size());
  else if (after.projects.size() != final_projects || after.milestones.size() != final_milestones)
    throw Error("internal: a change added projects or milestones after calling them final");

  // Dependencies are matched by their two ends; indices of existing milestones do not move.
  // Dependencies are matched by their two ends through each portfolio's own index, built once
  // (a second map over two million dependencies would cost a hundred megabytes); indices of
  // existing milestones do not move.
  auto dependency_entity = [](const Portfolio& portfolio, const Dependency& dependency) {
    return dependency_entity_text(portfolio.reference(dependency.from),
                                  portfolio.reference(dependency.to));
  };
  auto dependency_project = [](const Portfolio& portfolio, const Dependency& dependency) {
    return portfolio
        .projects[static_cast<std::size_t>(
            portfolio.milestones[static_cast<std::size_t>(dependency.to)].project)]
        .code;
  };
  {
    Query remove(connection, "DELETE FROM dependency WHERE id = ?");
    for (std::size_t i = 0; i < before.dependencies.size(); ++i) {
      const auto& dependency = before.dependencies[i];
      if (after.find_dependency(dependency.from, dependency.to))
        continue;
      remove->bind(1, static_cast<std::int64_t>(loaded.dependency_ids[i]));
      remove->execute();
      remove->reset();
      log->add(dependency_project(before, dependency), dependency_entity(before, dependency),
               "removed", describe_link(dependency), std::nullopt);
      ++summary.dependencies_removed;
    }
  }
  BatchInsert insert_dependency(
      connection, "dependency",
      {"from_milestone_id", "to_milestone_id", "type", "lag_days", "lag_minutes", "lag_calendar"});
  Query update_dependency(connection,
                          "UPDATE dependency SET type = ?, lag_days = ?, lag_minutes = ?, "
                          "lag_calendar = ? WHERE id = ?");
  for (const auto& dependency : after.dependencies) {
    progress.add();
    std::string description = describe_link(dependency);
    auto found = before.find_dependency(dependency.from, dependency.to);
    if (!found) {
      insert_dependency.add(milestone_ids[static_cast<std::size_t>(dependency.from)]);
      insert_dependency.add(milestone_ids[static_cast<std::size_t>(dependency.to)]);
      insert_dependency.add(link_type_key(dependency.type));
      insert_dependency.add(static_cast<std::int64_t>(dependency.lag_days));
      add_optional_integer(insert_dependency, dependency.lag_minutes);
      insert_dependency.add(std::string_view(lag_calendar_column(dependency)));
      insert_dependency.end_row();
      if (!into_new_project(dependency))
        log->add(dependency_project(after, dependency), dependency_entity(after, dependency),
                 "created", std::nullopt, description);
      else
        log->add_with_plan();
      ++summary.dependencies_added;
      continue;
    }
    const auto& old = before.dependencies[static_cast<std::size_t>(*found)];
    if (old.type == dependency.type && old.lag_days == dependency.lag_days &&
        old.lag_minutes == dependency.lag_minutes && old.lag_calendar == dependency.lag_calendar)
      continue;
    update_dependency->bind(1, std::string(link_type_key(dependency.type)));
    update_dependency->bind(2, dependency.lag_days);
    bind_optional_integer(update_dependency, 3, dependency.lag_minutes);
    update_dependency->bind(4, lag_calendar_column(dependency));
    update_dependency->bind(
        5, static_cast<std::int64_t>(loaded.dependency_ids[static_cast<std::size_t>(*found)]));
    update_dependency->execute();
    update_dependency->reset();
    log->add(dependency_project(after, dependency), dependency_entity(after, dependency),
             "type_lag", describe_link(old), description);
    ++summary.dependencies_changed;
  }
  insert_dependency.flush();

  // Calendars a command added or changed, each field's change logged; none is ever removed
  // (projects may name it).
  for (const auto& calendar : after.calendars) {
    auto previous = std::find_if(before.calendars.begin(), before.calendars.end(),
                                 [&](const CalendarDefinition& old) { return old.name == calendar.name; });
    if (previous != before.calendars.end() && *previous == calendar)
      continue;
    const std::string weekdays = format_weekdays(calendar.weekdays);
    const std::string holidays(holiday_rule_key(calendar.holidays));
    const std::string exceptions = format_exceptions(calendar.exceptions);
    const std::string entity = "calendar:" + calendar.name;
    if (previous == before.calendars.end()) {
      Query insert(connection,
                   "INSERT INTO calendar (name, weekdays, holidays, exceptions) VALUES (?, ?, ?, ?)");
      insert->bind(1, calendar.name);
      insert->bind(2, weekdays);
      insert->bind(3, holidays);
      insert->bind(4, exceptions);
      insert->execute();
      log->add("", entity, "created", std::nullopt,
               fmt::format("weekdays={}; holidays={}{}{}", weekdays, holidays,
                           exceptions.empty() ? "" : "; exceptions=", exceptions));
      continue;
    }
    Query update(connection,
                 "UPDATE calendar SET weekdays = ?, holidays = ?, exceptions = ? WHERE name = ?");
    update->bind(1, weekdays);
    update->bind(2, holidays);
    update->bind(3, exceptions);
    update->bind(4, calendar.name);
    update->execute();
    const std::string old_weekdays = format_weekdays(previous->weekdays);
    const std::string old_holidays(holiday_rule_key(previous->holidays));
    const std::string old_exceptions = format_exceptions(previous->exceptions);
    if (old_weekdays != weekdays)
      log->add("", entity, "weekdays", old_weekdays, weekdays);
    if (old_holidays != holidays)
      log->add("", entity, "holidays", old_holidays, holidays);
    if (old_exceptions != exceptions)
      log->add("", entity, "exceptions", as_value(old_exceptions), as_value(exceptions));
  }

  if (after.status_events.size() > before.status_events.size()) {
    Query insert_event(connection,
                       "INSERT INTO status_event (project_id, status, date, reason, "
                       "source) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t i = before.status_events.size(); i < after.status_events.size(); ++i) {
      const auto& event = after.status_events[i];
      const auto& code = after.projects[static_cast<std::size_t>(event.project)].code;
      insert_event->bind(
          1, static_cast<std::int64_t>(project_ids[static_cast<std::size_t>(event.project)]));
      insert_event->bind(2, std::string(status_key(event.status)));
      insert_event->bind(3, event.date.iso());
      bind_text(insert_event, 4, event.reason);
      bind_text(insert_event, 5, event.source);
      insert_event->execute();
      insert_event->reset();
      log->add(code, "project:" + code, "status", std::nullopt,
               fmt::format("{} {}", status_key(event.status), event.date.iso()), event.reason,
               event.source);
      ++summary.status_events_added;
    }
  }
  log->flush();
  // Everything is written; the portfolios go before the deferred indexes are sorted, so that a
  // national import does not hold both at once.
  after = Portfolio();
  loaded = LoadedPortfolio();
  project_ids = {};
  milestone_ids = {};
  report_progress(ProgressTask::Finishing, 0, 0);
  log_indexes->restore();
  dependency_indexes->restore();

  if (dry_run)
    transaction.rollback();
  else
    transaction.commit();
  return summary;
}

RemovedProject Database::remove_project(
    const ChangeContext& context, const std::string& code,
    const std::function<void(const Portfolio& portfolio, std::int32_t project)>& check) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  LoadedPortfolio loaded = m_impl->load();
  const Portfolio& portfolio = loaded.portfolio;
  auto found = portfolio.find_project(code);
  if (!found)
    throw NotFound(fmt::format("project '{}' not found", code));
  const auto project = static_cast<std::size_t>(*found);
  check(portfolio, *found);

  RemovedProject removed;
  WriteSummary summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  auto project_of = [&](std::int32_t milestone) {
    return static_cast<std::size_t>(
        portfolio.milestones[static_cast<std::size_t>(milestone)].project);
  };
  // The links first: their foreign keys point at the milestones.
  {
    Query remove(connection, "DELETE FROM dependency WHERE id = ?");
    for (std::size_t d = 0; d < portfolio.dependencies.size(); ++d) {
      const Dependency& dependency = portfolio.dependencies[d];
      if (project_of(dependency.from) != project && project_of(dependency.to) != project)
        continue;
      remove->bind(1, loaded.dependency_ids[d]);
      remove->execute();
      remove->reset();
      log.add(code,
              dependency_entity_text(portfolio.reference(dependency.from),
                                     portfolio.reference(dependency.to)),
              "removed", describe_link(dependency), std::nullopt);
      ++removed.dependencies;
    }
  }
  for (const auto& milestone : portfolio.milestones) {
    if (static_cast<std::size_t>(milestone.project) != project)
      continue;
    log.add(code, milestone_entity(code, milestone.key), "removed",
            describe_cells(milestone_columns, milestone_cells(portfolio, milestone)), std::nullopt,
            milestone.reason, milestone.source);
    ++removed.milestones;
  }
  for (const auto& event : portfolio.status_events) {
    if (static_cast<std::size_t>(event.project) != project)
      continue;
    log.add(code, "project:" + code, "status",
            fmt::format("{} {}", status_key(event.status), event.date.iso()), std::nullopt,
            event.reason, event.source);
    ++removed.status_events;
  }
  const Project& row = portfolio.projects[project];
  log.add(code, "project:" + code, "removed", describe_cells(project_columns, project_cells(row)),
          std::nullopt, "", row.source);
  log.flush();
  for (std::string_view table : {"status_event", "milestone"}) {
    Query remove(connection, fmt::format("DELETE FROM {} WHERE project_id = ?", table));
    remove->bind(1, loaded.project_ids[project]);
    remove->execute();
  }
  Query remove(connection, "DELETE FROM project WHERE id = ?");
  remove->bind(1, loaded.project_ids[project]);
  remove->execute();
  removed.change_log_rows = summary.change_log_rows;
  transaction.commit();
  return removed;
}

namespace {

// A row logged without a write id (by hand, outside tiendo) stands alone, as its own id.
const char* const change_select =
    "SELECT id, at_utc, actor, project_code, entity, field, old_value, new_value, reason, source, "
    "coalesce(write_id, id) FROM change_log";

ChangeRecord change_record(Query& query) {
  ChangeRecord record;
  record.id = query->integer(0);
  record.at_utc = column_text(query, 1);
  record.actor = column_text(query, 2);
  record.project_code = column_text(query, 3);
  record.entity = column_text(query, 4);
  record.field = column_text(query, 5);
  record.old_value = column_optional(query, 6);
  record.new_value = column_optional(query, 7);
  record.reason = column_text(query, 8);
  record.source = column_text(query, 9);
  record.write_id = query->integer(10);
  return record;
}

bool is_created_with_plan(const ChangeRecord& record) {
  return record.field == created_with_plan_field;
}

// One project's rows as they are now, in the words of the change log; nothing when the project
// is not there.
ProjectNow project_now(Connection& connection, const std::string& code) {
  ProjectNow now;
  Portfolio portfolio;
  std::int64_t project_id = 0;
  {
    Query query(connection, std::string(project_select) + " WHERE p.code = ?");
    query->bind(1, code);
    if (!query->step())
      return now;
    project_id = query->integer(0);
    portfolio.add_project(read_project(query, true));
  }
  now.project_cells = project_cells(portfolio.projects.front());
  {
    Query query(connection, std::string(milestone_select) + " WHERE project_id = ? ORDER BY id");
    query->bind(1, project_id);
    while (query->step()) {
      Milestone milestone = read_milestone(query, true);
      milestone.project = 0;
      now.milestones.push_back(
          {milestone_entity(code, milestone.key), milestone_cells(portfolio, milestone)});
    }
  }
  {
    Query query(connection,
                "SELECT from_project.code, from_milestone.key, to_milestone.key, d.type, "
                "d.lag_days, d.lag_minutes, d.lag_calendar FROM dependency d JOIN milestone "
                "to_milestone ON "
                "to_milestone.id = "
                "d.to_milestone_id JOIN milestone from_milestone ON from_milestone.id = "
                "d.from_milestone_id JOIN project from_project ON from_project.id = "
                "from_milestone.project_id WHERE to_milestone.project_id = ? ORDER BY d.id");
    query->bind(1, project_id);
    while (query->step()) {
      std::string type = column_text(query, 3);
      Dependency link;
      link.type = parse_stored(parse_link_type(type), "dependency type", type);
      link.lag_days = static_cast<std::int32_t>(query->integer(4));
      if (!query->is_null(5))
        link.lag_minutes = static_cast<std::int32_t>(query->integer(5));
      link.lag_calendar = stored_lag_calendar(column_text(query, 6));
      now.dependencies.push_back(
          {dependency_entity_text(column_text(query, 0) + ":" + column_text(query, 1),
                                  code + ":" + column_text(query, 2)),
           describe_link(link)});
    }
  }
  return now;
}

// Whether the project of a "created_with_plan" row was removed since (`later`: the project's
// rows after it, oldest first); if so, `later` is cut at the removal. The rows after a removal
// are another project's (one made again under the same code), as are the rows now at the code,
// so the creation then stands for its project's line alone; the removal's rows tell the rest.
bool cut_at_removal(const ChangeRecord& packed, std::vector<ChangeRecord>& later) {
  auto removal = std::find_if(later.begin(), later.end(), [&](const ChangeRecord& record) {
    return record.entity == packed.entity && record.field == "removed";
  });
  if (removal == later.end())
    return false;
  later.erase(removal, later.end());
  return true;
}

// The lines a "created_with_plan" row stands for (store/creation_log.h).
std::vector<ChangeRecord> expand(Connection& connection, const ChangeRecord& packed) {
  std::vector<ChangeRecord> later;
  {
    Query query(connection,
                std::string(change_select) + " WHERE project_code = ? AND id > ? ORDER BY id");
    query->bind(1, packed.project_code);
    query->bind(2, packed.id);
    while (query->step())
      later.push_back(change_record(query));
  }
  if (cut_at_removal(packed, later))
    return expand_created_with_plan(packed, ProjectNow{}, later);
  return expand_created_with_plan(packed, project_now(connection, packed.project_code), later);
}

// What many "created_with_plan" rows stand for, read at once: the whole portfolio once and the
// change log's later rows in one query, instead of four queries per project (a national history
// of 100,000 lines took 13.6 s on PostgreSQL that way, and 3.6 s on SQLite).
class BulkExpansion {
 public:
  // For rows of ids `first` and above.
  BulkExpansion(Portfolio portfolio, Connection& connection, std::int64_t first)
      : m_portfolio(std::move(portfolio)), m_first(first) {
    m_milestones_of.resize(m_portfolio.projects.size());
    for (std::size_t m = 0; m < m_portfolio.milestones.size(); ++m)
      m_milestones_of[static_cast<std::size_t>(m_portfolio.milestones[m].project)].push_back(m);
    m_dependencies_into.resize(m_portfolio.projects.size());
    for (std::size_t d = 0; d < m_portfolio.dependencies.size(); ++d) {
      auto to = static_cast<std::size_t>(m_portfolio.dependencies[d].to);
      m_dependencies_into[static_cast<std::size_t>(m_portfolio.milestones[to].project)].push_back(
          d);
    }
    Query query(connection, std::string(change_select) +
                                " WHERE id > ? AND project_code IS NOT NULL ORDER BY id");
    query->bind(1, first);
    while (query->step()) {
      auto record = change_record(query);
      m_later[record.project_code].push_back(std::move(record));
    }
  }
  std::int64_t first() const { return m_first; }

  std::vector<ChangeRecord> expand(const ChangeRecord& packed) const {
    std::vector<ChangeRecord> later;
    if (auto found = m_later.find(packed.project_code); found != m_later.end()) {
      auto start = std::upper_bound(
          found->second.begin(), found->second.end(), packed.id,
          [](std::int64_t id, const ChangeRecord& record) { return id < record.id; });
      later.assign(start, found->second.end());
    }
    if (cut_at_removal(packed, later))
      return expand_created_with_plan(packed, ProjectNow{}, later);
    ProjectNow now;
    if (auto index = m_portfolio.find_project(packed.project_code)) {
      auto p = static_cast<std::size_t>(*index);
      now.project_cells = project_cells(m_portfolio.projects[p]);
      for (std::size_t m : m_milestones_of[p]) {
        const auto& milestone = m_portfolio.milestones[m];
        now.milestones.push_back({milestone_entity(packed.project_code, milestone.key),
                                  milestone_cells(m_portfolio, milestone)});
      }
      for (std::size_t d : m_dependencies_into[p]) {
        const auto& dependency = m_portfolio.dependencies[d];
        now.dependencies.push_back({dependency_entity_text(m_portfolio.reference(dependency.from),
                                                           m_portfolio.reference(dependency.to)),
                                    describe_link(dependency)});
      }
    }
    return expand_created_with_plan(packed, now, later);
  }

 private:
  Portfolio m_portfolio;
  std::int64_t m_first;
  std::vector<std::vector<std::size_t>> m_milestones_of;
  std::vector<std::vector<std::size_t>> m_dependencies_into;
  std::unordered_map<std::string, std::vector<ChangeRecord>> m_later;
};

}  // namespace

std::vector<ChangeRecord> Database::history(const std::string& project_code, std::size_t limit,
                                            AccountRows account_rows) {
  auto& connection = *m_impl->connection;
  // Several reads, one snapshot: a writer committing meanwhile is seen whole or not at all.
  std::optional<ReadTransaction> snapshot;
  if (!connection.in_transaction())
    snapshot.emplace(connection);
  std::string sql = std::string(change_select) + " WHERE id < ?";
  if (!project_code.empty())
    sql += " AND project_code = ?";
  // Account rows name no project, so a project's history never holds them anyway.
  if (account_rows == AccountRows::Excluded)
    sql += " AND entity NOT LIKE 'account:%'";
  sql += " ORDER BY id DESC LIMIT ?";
  // Newest first, a page of rows at a time, until there are `limit` lines: a row created with
  // its plan stands for many.
  std::vector<ChangeRecord> lines;
  std::int64_t before_id = INT64_MAX;
  std::optional<BulkExpansion> bulk;
  while (lines.size() < limit) {
    std::vector<ChangeRecord> page;
    {
      Query query(connection, sql);
      int index = 1;
      query->bind(index++, before_id);
      if (!project_code.empty())
        query->bind(index++, project_code);
      query->bind(index,
                  static_cast<std::int64_t>(std::min<std::size_t>(limit - lines.size(), 10'000)));
      while (query->step())
        page.push_back(change_record(query));
    }
    if (page.empty())
      break;
    before_id = page.back().id;
    // Past a few dozen projects created with their plan, one read of everything is cheaper.
    std::int64_t first_packed = 0;
    std::size_t packed = 0;
    for (const auto& record : page)
      if (is_created_with_plan(record)) {
        ++packed;
        first_packed = record.id;
      }
    if (packed > 32 && (!bulk || bulk->first() > first_packed))
      bulk.emplace(m_impl->load(Detail::Full).portfolio, connection, first_packed);
    for (auto& record : page) {
      if (!is_created_with_plan(record)) {
        lines.push_back(std::move(record));
        continue;
      }
      // The bulk read holds the change log's rows after its first packed row only.
      auto expanded =
          bulk && record.id >= bulk->first() ? bulk->expand(record) : expand(connection, record);
      lines.insert(lines.end(), std::make_move_iterator(expanded.rbegin()),
                   std::make_move_iterator(expanded.rend()));
    }
  }
  if (lines.size() > limit)
    lines.resize(limit);
  std::reverse(lines.begin(), lines.end());
  return lines;
}

void Database::save_baseline(const std::string& name, const std::string& actor,
                             const Portfolio& portfolio) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  insert_baseline(connection, name, actor, portfolio, now_utc());
  transaction.commit();
}

namespace {

void insert_baseline(Connection& connection, const std::string& name, const std::string& actor,
                     const Portfolio& portfolio, const std::string& at) {
  {
    Query exists(connection, "SELECT 1 FROM baseline WHERE name = ?");
    exists->bind(1, name);
    if (exists->step())
      throw Conflict(
          fmt::format("baseline '{}' exists already; baselines are never overwritten", name));
  }
  Query insert(connection,
               "INSERT INTO baseline (name, created_at_utc, actor) VALUES (?, ?, ?) "
               "RETURNING id");
  insert->bind(1, name);
  insert->bind(2, at);
  insert->bind(3, actor);
  insert->step();
  std::int64_t id = insert->integer(0);
  // Done with the statement, so that the transaction can commit.
  insert->reset();
  Query insert_date(connection,
                    "INSERT INTO baseline_milestone (baseline_id, project_code, "
                    "milestone_key, planned) VALUES (?, ?, ?, ?)");
  for (const auto& milestone : portfolio.milestones) {
    insert_date->bind(1, static_cast<std::int64_t>(id));
    insert_date->bind(2, portfolio.projects[static_cast<std::size_t>(milestone.project)].code);
    insert_date->bind(3, milestone.key);
    bind_date(insert_date, 4, milestone.planned);
    insert_date->execute();
    insert_date->reset();
  }
  WriteSummary summary;
  ChangeContext context{actor, "", ""};
  ChangeLogWriter log(connection, context, at, summary);
  log.add("", "baseline:" + name, "created", std::nullopt,
          fmt::format("{} milestones", portfolio.milestones.size()));
  log.flush();
}

}  // namespace

std::vector<BaselineSummary> Database::baselines() {
  Query query(*m_impl->connection,
              "SELECT b.name, b.created_at_utc, b.actor, "
              "(SELECT count(*) FROM baseline_milestone m WHERE m.baseline_id = b.id) "
              "FROM baseline b ORDER BY b.id");
  std::vector<BaselineSummary> result;
  while (query->step())
    result.push_back(BaselineSummary{column_text(query, 0), column_text(query, 1),
                                     column_text(query, 2), query->integer(3)});
  return result;
}

BaselineDates Database::baseline(const std::string& name) {
  Query query(*m_impl->connection,
              "SELECT m.project_code, m.milestone_key, m.planned FROM "
              "baseline_milestone m JOIN baseline b ON b.id = m.baseline_id "
              "WHERE b.name = ?");
  query->bind(1, name);
  BaselineDates dates;
  bool any = false;
  while (query->step()) {
    any = true;
    dates[column_text(query, 0) + ":" + column_text(query, 1)] = column_date(query, 2);
  }
  if (!any) {
    Query exists(*m_impl->connection, "SELECT 1 FROM baseline WHERE name = ?");
    exists->bind(1, name);
    if (!exists->step())
      throw NotFound(fmt::format("baseline '{}' not found", name));
  }
  return dates;
}

ChangePage Database::changes(const ChangeFilter& filter) {
  auto& connection = *m_impl->connection;
  // The count and the page from one snapshot, so that the total is the page's.
  std::optional<ReadTransaction> snapshot;
  if (!connection.in_transaction())
    snapshot.emplace(connection);
  ChangePage page;
  if (filter.project_codes && filter.project_codes->empty())
    return page;
  std::string where = " WHERE 1 = 1";
  std::vector<std::string> values;
  if (!filter.project_code.empty()) {
    where += " AND project_code = ?";
    values.push_back(filter.project_code);
  }
  if (filter.project_codes) {
    where += " AND project_code IN (";
    for (std::size_t i = 0; i < filter.project_codes->size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      values.push_back((*filter.project_codes)[i]);
    }
    where += ")";
  }
  if (!filter.actor.empty()) {
    where += " AND actor = ?";
    values.push_back(filter.actor);
  }
  if (!filter.since_utc.empty()) {
    where += " AND at_utc >= ?";
    values.push_back(filter.since_utc);
  }
  if (!filter.until_utc.empty()) {
    where += " AND at_utc < ?";
    values.push_back(filter.until_utc);
  }
  if (filter.account_rows == AccountRows::Excluded)
    where += " AND entity NOT LIKE 'account:%'";
  {
    Query query(connection, "SELECT count(*) FROM change_log" + where);
    for (std::size_t i = 0; i < values.size(); ++i)
      query->bind(static_cast<int>(i + 1), values[i]);
    if (query->step())
      page.total = query->integer(0);
  }
  Query query(connection,
              std::string(change_select) + where + " ORDER BY id DESC LIMIT ? OFFSET ?");
  int index = 1;
  for (const auto& value : values)
    query->bind(index++, value);
  // The store passes both to SQL as signed 64-bit numbers.
  query->bind(index++, static_cast<std::int64_t>(std::min<std::size_t>(filter.limit, INT64_MAX)));
  query->bind(index, static_cast<std::int64_t>(std::min<std::size_t>(filter.offset, INT64_MAX)));
  while (query->step())
    page.changes.push_back(change_record(query));
  return page;
}

std::optional<ChangeRecord> Database::change(std::int64_t id) {
  Query query(*m_impl->connection, std::string(change_select) + " WHERE id = ?");
  query->bind(1, id);
  if (!query->step())
    return std::nullopt;
  return change_record(query);
}

std::vector<ChangeRecord> Database::changes_written_with(std::int64_t id) {
  auto& connection = *m_impl->connection;
  std::optional<ReadTransaction> snapshot;
  if (!connection.in_transaction())
    snapshot.emplace(connection);
  std::vector<ChangeRecord> rows;
  auto first = change(id);
  if (!first)
    return rows;
  Query query(connection, std::string(change_select) +
                              " WHERE coalesce(write_id, id) = ? ORDER BY id");
  query->bind(1, first->write_id);
  while (query->step())
    rows.push_back(change_record(query));
  return rows;
}

std::vector<ChangeRecord> Database::changes_after(std::int64_t id,
                                                  const std::vector<std::string>& projects) {
  auto& connection = *m_impl->connection;
  std::optional<ReadTransaction> snapshot;
  if (!connection.in_transaction())
    snapshot.emplace(connection);
  std::vector<ChangeRecord> rows;
  auto read = [&](Query& query) {
    while (query->step())
      rows.push_back(change_record(query));
  };
  if (projects.empty()) {
    Query query(connection, std::string(change_select) + " WHERE id > ? ORDER BY id");
    query->bind(1, id);
    read(query);
    return rows;
  }
  // One project at a time, through the change log's index on the project.
  for (const auto& code : projects) {
    Query query(connection,
                std::string(change_select) + " WHERE project_code = ? AND id > ? ORDER BY id");
    query->bind(1, code);
    query->bind(2, id);
    read(query);
  }
  std::sort(rows.begin(), rows.end(),
            [](const ChangeRecord& a, const ChangeRecord& b) { return a.id < b.id; });
  return rows;
}

std::optional<ChangeRecord> Database::last_change(const std::string& project_code,
                                                  const std::string& entity) {
  auto& connection = *m_impl->connection;
  std::optional<ReadTransaction> snapshot;
  if (!connection.in_transaction())
    snapshot.emplace(connection);
  // The entity's latest row, or its project's latest creation when that came after (a project
  // removed and made again under the same code starts afresh: the rows of the one removed,
  // its removal's included, are not the new one's versions).
  std::optional<ChangeRecord> found;
  {
    Query query(connection, std::string(change_select) +
                                " WHERE project_code = ? AND (entity = ? OR (entity = ? AND "
                                "field = ?)) ORDER BY id DESC LIMIT 1");
    query->bind(1, project_code);
    query->bind(2, entity);
    query->bind(3, "project:" + project_code);
    query->bind(4, created_with_plan_field);
    if (!query->step())
      return std::nullopt;
    found = change_record(query);
  }
  if (!is_created_with_plan(*found))
    return found;
  for (auto& line : expand(connection, *found))
    if (line.entity == entity)
      return std::move(line);
  return std::nullopt;
}

std::map<std::string, ChangeRecord> Database::last_changes(const std::string& project_code) {
  auto& connection = *m_impl->connection;
  std::optional<ReadTransaction> snapshot;
  if (!connection.in_transaction())
    snapshot.emplace(connection);
  std::vector<ChangeRecord> records;
  {
    Query query(connection, std::string(change_select) + " WHERE project_code = ? ORDER BY id");
    query->bind(1, project_code);
    while (query->step())
      records.push_back(change_record(query));
  }
  std::map<std::string, ChangeRecord> result;
  for (auto& record : records) {
    if (is_created_with_plan(record)) {
      // A project made again under the code of one removed starts afresh (see last_change).
      result.clear();
      for (auto& line : expand(connection, record))
        result[line.entity] = std::move(line);
      continue;
    }
    result[record.entity] = std::move(record);
  }
  return result;
}

bool Database::write_if_unchanged(const Stamp& expected, const std::function<void()>& work) {
  WriteTransaction transaction(*m_impl->connection);
  if (!(stamp() == expected))
    return false;
  work();
  transaction.commit();
  return true;
}

WriteSummary Database::update_milestone(const ChangeContext& context, const Portfolio& portfolio,
                                        const Milestone& before, const Milestone& after) {
  auto& connection = *m_impl->connection;
  const Milestone& milestone = after;
  const std::string& code = portfolio.projects[static_cast<std::size_t>(milestone.project)].code;
  Query find(connection,
             "SELECT m.id, m.project_id FROM milestone m JOIN project p ON "
             "p.id = m.project_id WHERE p.code = ? AND m.key = ?");
  find->bind(1, code);
  find->bind(2, milestone.key);
  if (!find->step())
    throw NotFound(fmt::format("milestone '{}:{}' not found", code, milestone.key));
  std::int64_t milestone_id = find->integer(0);
  std::int64_t project_id = find->integer(1);
  WriteSummary summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  Query update(connection, update_milestone_sql);
  std::string entity = "milestone:" + code + ":" + milestone.key;
  if (update_changed_milestone(update, log, code, entity, portfolio, before,
                               milestone_cells(portfolio, milestone), milestone, milestone_id,
                               project_id))
    ++summary.milestones_changed;
  log.flush();
  return summary;
}

WriteSummary Database::update_project(const ChangeContext& context, const Project& before,
                                      const Project& after) {
  auto& connection = *m_impl->connection;
  Query find(connection, "SELECT id FROM project WHERE code = ?");
  find->bind(1, after.code);
  if (!find->step())
    throw NotFound(fmt::format("project '{}' not found", after.code));
  const std::int64_t id = find->integer(0);
  WriteSummary summary;
  auto cells = project_cells(after);
  auto old_cells = project_cells(before);
  if (old_cells == cells && before.schedule_rules == after.schedule_rules &&
      before.data_date == after.data_date)
    return summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  Query update(connection, update_project_sql);
  update_changed_project(update, log, after, cells, old_cells, id);
  ++summary.projects_changed;
  log.flush();
  return summary;
}

WriteSummary Database::update_dependency(const ChangeContext& context, const Portfolio& portfolio,
                                         const Dependency& before, const Dependency& after) {
  auto& connection = *m_impl->connection;
  auto code_of = [&](std::int32_t milestone) -> const std::string& {
    return portfolio
        .projects[static_cast<std::size_t>(
            portfolio.milestones[static_cast<std::size_t>(milestone)].project)]
        .code;
  };
  const auto& from = portfolio.milestones[static_cast<std::size_t>(after.from)];
  const auto& to = portfolio.milestones[static_cast<std::size_t>(after.to)];
  Query find(connection,
             "SELECT d.id FROM dependency d "
             "JOIN milestone a ON a.id = d.from_milestone_id JOIN project pa ON pa.id = a.project_id "
             "JOIN milestone b ON b.id = d.to_milestone_id JOIN project pb ON pb.id = b.project_id "
             "WHERE pa.code = ? AND a.key = ? AND pb.code = ? AND b.key = ?");
  find->bind(1, code_of(after.from));
  find->bind(2, from.key);
  find->bind(3, code_of(after.to));
  find->bind(4, to.key);
  if (!find->step())
    throw NotFound(fmt::format("no dependency {} -> {}", portfolio.reference(after.from),
                               portfolio.reference(after.to)));
  const std::int64_t id = find->integer(0);
  WriteSummary summary;
  if (before.type == after.type && before.lag_days == after.lag_days &&
      before.lag_minutes == after.lag_minutes && before.lag_calendar == after.lag_calendar)
    return summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  Query update(connection,
               "UPDATE dependency SET type = ?, lag_days = ?, lag_minutes = ?, lag_calendar = ? "
               "WHERE id = ?");
  update->bind(1, std::string(link_type_key(after.type)));
  update->bind(2, after.lag_days);
  bind_optional_integer(update, 3, after.lag_minutes);
  update->bind(4, lag_calendar_column(after));
  update->bind(5, id);
  update->execute();
  log.add(code_of(after.to),
          dependency_entity_text(portfolio.reference(after.from), portfolio.reference(after.to)),
          "type_lag", describe_link(before), describe_link(after));
  ++summary.dependencies_changed;
  log.flush();
  return summary;
}

namespace {

// The id of the milestone `portfolio` holds at `milestone`, found by its project's code and key.
std::int64_t milestone_id_of(Connection& connection, const Portfolio& portfolio,
                             std::int32_t milestone) {
  const Milestone& row = portfolio.milestones[static_cast<std::size_t>(milestone)];
  Query find(connection,
             "SELECT m.id FROM milestone m JOIN project p ON p.id = m.project_id "
             "WHERE p.code = ? AND m.key = ?");
  find->bind(1, portfolio.projects[static_cast<std::size_t>(row.project)].code);
  find->bind(2, row.key);
  if (!find->step())
    throw NotFound(fmt::format("milestone '{}' not found", portfolio.reference(milestone)));
  return find->integer(0);
}

}  // namespace

WriteSummary Database::insert_milestone(const ChangeContext& context, const Portfolio& portfolio,
                                        const Milestone& milestone) {
  auto& connection = *m_impl->connection;
  const std::string& code = portfolio.projects[static_cast<std::size_t>(milestone.project)].code;
  Query find(connection, "SELECT id FROM project WHERE code = ?");
  find->bind(1, code);
  if (!find->step())
    throw NotFound(fmt::format("project '{}' not found", code));
  const std::int64_t project_id = find->integer(0);
  find->reset();
  WriteSummary summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  // The next id, as modify gives its new rows: a reload orders milestones by id, so the new one
  // comes last there as it does in the portfolio it was appended to.
  BatchInsert insert = milestone_insert(connection);
  add_milestone_row(insert, largest_id(connection, "milestone") + 1, project_id, milestone);
  insert.flush();
  // Logged as modify logs a milestone added to a project that was there before.
  log.add(code, milestone_entity(code, milestone.key), "created", std::nullopt,
          describe_cells(milestone_columns, milestone_cells(portfolio, milestone)),
          milestone.reason, milestone.source);
  ++summary.milestones_added;
  log.flush();
  return summary;
}

void Database::add_baseline(const std::string& name, const std::string& actor,
                            const Portfolio& portfolio) {
  insert_baseline(*m_impl->connection, name, actor, portfolio, now_utc());
}

WriteSummary Database::insert_dependency(const ChangeContext& context, const Portfolio& portfolio,
                                         const Dependency& dependency) {
  auto& connection = *m_impl->connection;
  const std::int64_t from = milestone_id_of(connection, portfolio, dependency.from);
  const std::int64_t to = milestone_id_of(connection, portfolio, dependency.to);
  WriteSummary summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  Query insert(connection,
               "INSERT INTO dependency (from_milestone_id, to_milestone_id, type, lag_days, "
               "lag_minutes, lag_calendar) VALUES (?, ?, ?, ?, ?, ?)");
  insert->bind(1, from);
  insert->bind(2, to);
  insert->bind(3, std::string(link_type_key(dependency.type)));
  insert->bind(4, dependency.lag_days);
  bind_optional_integer(insert, 5, dependency.lag_minutes);
  insert->bind(6, lag_calendar_column(dependency));
  insert->execute();
  // Logged as modify logs a link added to a project that was there before.
  log.add(portfolio.projects[static_cast<std::size_t>(
                                 portfolio.milestones[static_cast<std::size_t>(dependency.to)].project)]
              .code,
          dependency_entity_text(portfolio.reference(dependency.from),
                                 portfolio.reference(dependency.to)),
          "created", std::nullopt, describe_link(dependency));
  ++summary.dependencies_added;
  log.flush();
  return summary;
}

WriteSummary Database::delete_dependency(const ChangeContext& context, const Portfolio& portfolio,
                                         const Dependency& dependency) {
  auto& connection = *m_impl->connection;
  const std::int64_t from = milestone_id_of(connection, portfolio, dependency.from);
  const std::int64_t to = milestone_id_of(connection, portfolio, dependency.to);
  Query find(connection,
             "SELECT id FROM dependency WHERE from_milestone_id = ? AND to_milestone_id = ?");
  find->bind(1, from);
  find->bind(2, to);
  if (!find->step())
    throw NotFound(fmt::format("no dependency {} -> {}", portfolio.reference(dependency.from),
                               portfolio.reference(dependency.to)));
  const std::int64_t id = find->integer(0);
  WriteSummary summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  Query remove(connection, "DELETE FROM dependency WHERE id = ?");
  remove->bind(1, id);
  remove->execute();
  // Logged as modify logs a link removed: under its successor's project, with what it was.
  log.add(portfolio.projects[static_cast<std::size_t>(
                                 portfolio.milestones[static_cast<std::size_t>(dependency.to)].project)]
              .code,
          dependency_entity_text(portfolio.reference(dependency.from),
                                 portfolio.reference(dependency.to)),
          "removed", describe_link(dependency), std::nullopt);
  ++summary.dependencies_removed;
  log.flush();
  return summary;
}

WriteSummary Database::insert_status_event(const ChangeContext& context,
                                           const Portfolio& portfolio, const StatusEvent& event) {
  auto& connection = *m_impl->connection;
  const std::string& code = portfolio.projects[static_cast<std::size_t>(event.project)].code;
  Query find(connection, "SELECT id FROM project WHERE code = ?");
  find->bind(1, code);
  if (!find->step())
    throw NotFound(fmt::format("project '{}' not found", code));
  const std::int64_t project_id = find->integer(0);
  WriteSummary summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  Query insert(connection,
               "INSERT INTO status_event (project_id, status, date, reason, source) "
               "VALUES (?, ?, ?, ?, ?)");
  insert->bind(1, project_id);
  insert->bind(2, std::string(status_key(event.status)));
  insert->bind(3, event.date.iso());
  bind_text(insert, 4, event.reason);
  bind_text(insert, 5, event.source);
  insert->execute();
  // Logged as modify logs a status event added.
  log.add(code, "project:" + code, "status", std::nullopt,
          fmt::format("{} {}", status_key(event.status), event.date.iso()), event.reason,
          event.source);
  ++summary.status_events_added;
  log.flush();
  return summary;
}

namespace {

// The rows of a milestone removed, `milestone` an index into `portfolio` (what the database
// holds): every link into or out of it first, each logged as a removal of its own under the
// project whose dates it bounded (the schema would cascade), then the milestone with every value
// it had. What remove_milestone and delete_milestone write alike.
WriteSummary write_milestone_removal(Connection& connection, const ChangeContext& context,
                                     const Portfolio& portfolio, std::int32_t milestone_index,
                                     std::int64_t milestone_id) {
  const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(milestone_index)];
  const std::string& code = portfolio.projects[static_cast<std::size_t>(milestone.project)].code;
  WriteSummary summary;
  ChangeLogWriter log(connection, context, now_utc(), summary);
  Query remove_link(connection,
                    "DELETE FROM dependency WHERE from_milestone_id = ? AND to_milestone_id = ?");
  for (const Dependency& dependency : portfolio.dependencies) {
    if (dependency.from != milestone_index && dependency.to != milestone_index)
      continue;
    remove_link->bind(1, dependency.from == milestone_index
                             ? milestone_id
                             : milestone_id_of(connection, portfolio, dependency.from));
    remove_link->bind(2, dependency.to == milestone_index
                             ? milestone_id
                             : milestone_id_of(connection, portfolio, dependency.to));
    remove_link->execute();
    remove_link->reset();
    const auto& successor =
        portfolio
            .projects[static_cast<std::size_t>(
                portfolio.milestones[static_cast<std::size_t>(dependency.to)].project)]
            .code;
    log.add(successor,
            dependency_entity_text(portfolio.reference(dependency.from),
                                   portfolio.reference(dependency.to)),
            "removed", describe_link(dependency), std::nullopt);
    ++summary.dependencies_removed;
  }
  Query remove(connection, "DELETE FROM milestone WHERE id = ?");
  remove->bind(1, milestone_id);
  remove->execute();
  log.add(code, milestone_entity(code, milestone.key), "removed",
          describe_cells(milestone_columns, milestone_cells(portfolio, milestone)), std::nullopt);
  log.flush();
  return summary;
}

}  // namespace

WriteSummary Database::remove_milestone(
    const ChangeContext& context, const std::string& reference,
    const std::function<void(const Portfolio&, std::int32_t milestone)>& check) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  LoadedPortfolio loaded = m_impl->load();
  const Portfolio& portfolio = loaded.portfolio;
  std::int32_t index = portfolio.milestone_by_reference(reference);
  check(portfolio, index);
  auto summary = write_milestone_removal(
      connection, context, portfolio, index,
      static_cast<std::int64_t>(loaded.milestone_ids[static_cast<std::size_t>(index)]));
  transaction.commit();
  return summary;
}

WriteSummary Database::delete_milestone(const ChangeContext& context, const Portfolio& portfolio,
                                        std::int32_t milestone) {
  auto& connection = *m_impl->connection;
  return write_milestone_removal(connection, context, portfolio, milestone,
                                 milestone_id_of(connection, portfolio, milestone));
}

Database::Stamp Database::stamp() {
  Stamp stamp;
  stamp.last_change_id =
      single_integer(*m_impl->connection, "SELECT coalesce(max(id), 0) FROM change_log");
  stamp.data_version = m_impl->connection->writes_by_others();
  return stamp;
}

std::map<std::string, Date> Database::last_change_by_project() {
  Query query(*m_impl->connection,
              "SELECT project_code, max(at_utc) FROM change_log "
              "WHERE project_code IS NOT NULL GROUP BY project_code");
  std::map<std::string, Date> result;
  while (query->step())
    result.emplace(column_text(query, 0), Date::parse(column_text(query, 1).substr(0, 10)));
  return result;
}

std::vector<ChangeRecord> Database::milestone_date_changes(const std::string& project_code,
                                                           const std::string& entity) {
  std::string sql = std::string(change_select) +
                    " WHERE entity LIKE 'milestone:%' AND ((field IN ('planned', 'forecast') AND "
                    "old_value <> '' AND new_value <> '') OR reason <> '')";
  if (!project_code.empty())
    sql += " AND project_code = ?";
  if (!entity.empty())
    sql += " AND entity = ?";
  Query query(*m_impl->connection, sql + " ORDER BY id");
  int parameter = 0;
  if (!project_code.empty())
    query->bind(++parameter, project_code);
  if (!entity.empty())
    query->bind(++parameter, entity);
  std::vector<ChangeRecord> rows;
  while (query->step())
    rows.push_back(change_record(query));
  return rows;
}

std::optional<std::string> Database::setting(const std::string& key) {
  Query query(*m_impl->connection, "SELECT value FROM setting WHERE key = ?");
  query->bind(1, key);
  if (!query->step())
    return std::nullopt;
  return column_text(query, 0);
}

void Database::set_setting(const std::string& key, const std::string& value,
                           const ChangeContext& context) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  auto old = setting(key);
  Query upsert(connection,
               "INSERT INTO setting (key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  upsert->bind(1, key);
  upsert->bind(2, value);
  upsert->execute();
  WriteSummary summary;
  if (old != value) {
    ChangeLogWriter log(connection, context, now_utc(), summary);
    log.add("", "setting:" + key, "value", old, value);
    log.flush();
  }
  transaction.commit();
}

namespace {

constexpr std::string_view account_columns =
    "SELECT a.id, a.name, a.role, a.disabled, a.created_at_utc, a.updated_at_utc, "
    "(SELECT count(*) FROM api_token t WHERE t.account_id = a.id AND t.revoked_at_utc IS NULL) "
    "FROM account a";

struct StoredAccount {
  std::int64_t id = 0;
  Account account;
};

// Reads the accounts a query of account_columns selects, each with its provinces in order.
std::vector<StoredAccount> read_accounts(Connection& connection, Query& query) {
  std::vector<StoredAccount> result;
  while (query->step()) {
    StoredAccount stored;
    stored.id = query->integer(0);
    stored.account.name = column_text(query, 1);
    std::string role = column_text(query, 2);
    stored.account.role = parse_stored(parse_role(role), "role", role);
    stored.account.disabled = static_cast<int>(query->integer(3)) != 0;
    stored.account.created_at_utc = column_text(query, 4);
    stored.account.updated_at_utc = column_text(query, 5);
    stored.account.active_tokens = static_cast<std::size_t>(query->integer(6));
    result.push_back(std::move(stored));
  }
  Query provinces(connection,
                  "SELECT province FROM account_province WHERE account_id = ? "
                  "ORDER BY position");
  for (auto& stored : result) {
    provinces->bind(1, stored.id);
    while (provinces->step())
      stored.account.provinces.push_back(column_text(provinces, 0));
    provinces->reset();
  }
  return result;
}

// An account name folded to lower case the same way on both stores: the ASCII letters only, as
// SQLite's NOCASE does, never by a PostgreSQL database's collation (under a Turkish one, lower()
// turns 'I' into a dotless 'ı'). The expression is the one schema 6's index on PostgreSQL holds.
std::string folded_name(const Connection& connection, std::string_view expression) {
  return fmt::format("lower({}{})", expression, connection.byte_order());
}

std::string name_matches(const Connection& connection, std::string_view column) {
  return fmt::format("{} = {}", folded_name(connection, column),
                     folded_name(connection, "CAST(? AS TEXT)"));
}

std::optional<StoredAccount> read_account(Connection& connection, const std::string& name) {
  Query query(connection,
              std::string(account_columns) + " WHERE " + name_matches(connection, "a.name"));
  query->bind(1, name);
  auto found = read_accounts(connection, query);
  if (found.empty())
    return std::nullopt;
  return std::move(found.front());
}

StoredAccount require_account(Connection& connection, const std::string& name) {
  auto found = read_account(connection, name);
  if (!found)
    throw NotFound(fmt::format("account '{}' not found", name));
  return std::move(*found);
}

void write_provinces(Connection& connection, std::int64_t account_id,
                     const std::vector<std::string>& provinces) {
  Query remove(connection, "DELETE FROM account_province WHERE account_id = ?");
  remove->bind(1, account_id);
  remove->execute();
  Query insert(connection,
               "INSERT INTO account_province (account_id, position, province) "
               "VALUES (?, ?, ?)");
  for (std::size_t i = 0; i < provinces.size(); ++i) {
    insert->bind(1, account_id);
    insert->bind(2, static_cast<std::int64_t>(i));
    insert->bind(3, provinces[i]);
    insert->execute();
    insert->reset();
  }
}

std::string joined_provinces(const std::vector<std::string>& provinces) {
  return fmt::format("{}", fmt::join(provinces, "; "));
}

std::string yes_no(bool value) {
  return value ? "yes" : "no";
}

std::string account_entity(const std::string& name) {
  return "account:" + name;
}

}  // namespace

void Database::add_account(const Account& account, const std::string& password_hash,
                           const ChangeContext& context) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  if (auto existing = read_account(connection, account.name))
    throw Conflict(fmt::format("account '{}' exists already", existing->account.name));
  std::string at = now_utc();
  Query insert(connection,
               "INSERT INTO account (name, role, disabled, password_hash, "
               "created_at_utc, updated_at_utc) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  insert->bind(1, account.name);
  insert->bind(2, std::string(role_key(account.role)));
  insert->bind(3, std::int64_t{account.disabled ? 1 : 0});
  insert->bind(4, password_hash);
  insert->bind(5, at);
  insert->bind(6, at);
  insert->step();
  std::int64_t account_id = insert->integer(0);
  insert->reset();
  write_provinces(connection, account_id, account.provinces);
  WriteSummary summary;
  ChangeLogWriter log(connection, context, at, summary);
  std::string created = fmt::format("name={}; role={}", account.name, role_key(account.role));
  if (!account.provinces.empty())
    created += "; provinces=" + joined_provinces(account.provinces);
  if (account.disabled)
    created += "; disabled=yes";
  log.add("", account_entity(account.name), "created", std::nullopt, created);
  log.flush();
  transaction.commit();
}

Account Database::update_account(const std::string& name, const AccountChange& change,
                                 const ChangeContext& context) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  StoredAccount stored = require_account(connection, name);
  Account& account = stored.account;
  if (change.check)
    change.check(account, single_integer(connection,
                                         "SELECT count(*) FROM account "
                                         "WHERE role = 'admin' AND disabled = 0"));
  std::string at = now_utc();
  WriteSummary summary;
  ChangeLogWriter log(connection, context, at, summary);
  std::string entity = account_entity(account.name);
  auto set_column = [&](std::string_view column, auto value) {
    Query update(connection, fmt::format("UPDATE account SET {} = ? WHERE id = ?", column));
    update->bind(1, value);
    update->bind(2, stored.id);
    update->execute();
  };
  if (change.role && *change.role != account.role) {
    log.add("", entity, "role", std::string(role_key(account.role)),
            std::string(role_key(*change.role)));
    set_column("role", std::string(role_key(*change.role)));
    account.role = *change.role;
  }
  if (change.provinces && *change.provinces != account.provinces) {
    log.add("", entity, "provinces", as_value(joined_provinces(account.provinces)),
            as_value(joined_provinces(*change.provinces)));
    write_provinces(connection, stored.id, *change.provinces);
    account.provinces = *change.provinces;
  }
  if (change.disabled && *change.disabled != account.disabled) {
    log.add("", entity, "disabled", yes_no(account.disabled), yes_no(*change.disabled));
    set_column("disabled", *change.disabled ? 1 : 0);
    account.disabled = *change.disabled;
  }
  // A new password is always a change: whether it equals the old one is not worth revealing.
  if (change.password_hash) {
    log.add("", entity, "password", std::nullopt, std::string("changed"));
    set_column("password_hash", *change.password_hash);
  }
  if (change.end_sessions) {
    Query remove(connection, "DELETE FROM session WHERE account_id = ?");
    remove->bind(1, stored.id);
    remove->execute();
  }
  if (summary.change_log_rows > 0) {
    set_column("updated_at_utc", at);
    account.updated_at_utc = at;
  }
  log.flush();
  transaction.commit();
  return account;
}

void Database::set_password_hash(const std::string& name, const std::string& password_hash,
                                 const ChangeContext& context) {
  AccountChange change;
  change.password_hash = password_hash;
  update_account(name, change, context);
}

std::optional<Account> Database::find_account(const std::string& name) {
  auto found = read_account(*m_impl->connection, name);
  if (!found)
    return std::nullopt;
  return std::move(found->account);
}

std::vector<Account> Database::accounts() {
  const Connection& connection = *m_impl->connection;
  Query query(*m_impl->connection, std::string(account_columns) + " ORDER BY " +
                                       folded_name(connection, "a.name") +
                                       std::string(connection.byte_order()) + ", a.name" +
                                       std::string(connection.byte_order()));
  std::vector<Account> result;
  for (auto& stored : read_accounts(*m_impl->connection, query))
    result.push_back(std::move(stored.account));
  return result;
}

std::optional<std::string> Database::password_hash(const std::string& name) {
  Query query(*m_impl->connection, "SELECT password_hash FROM account WHERE " +
                                       name_matches(*m_impl->connection, "name"));
  query->bind(1, name);
  if (!query->step())
    return std::nullopt;
  return column_text(query, 0);
}

void Database::add_token(const std::string& name, const std::string& token_hash,
                         const ChangeContext& context) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  StoredAccount stored = require_account(connection, name);
  std::string at = now_utc();
  Query insert(connection,
               "INSERT INTO api_token (account_id, token_hash, created_at_utc) "
               "VALUES (?, ?, ?)");
  insert->bind(1, stored.id);
  insert->bind(2, token_hash);
  insert->bind(3, at);
  insert->execute();
  WriteSummary summary;
  ChangeLogWriter log(connection, context, at, summary);
  log.add("", account_entity(stored.account.name), "token", std::nullopt, std::string("issued"));
  log.flush();
  transaction.commit();
}

void Database::remove_account(
    const std::string& name, const ChangeContext& context,
    const std::function<void(const Account& current, std::int64_t enabled_admins)>& check) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  StoredAccount stored = require_account(connection, name);
  if (check)
    check(stored.account, single_integer(connection,
                                         "SELECT count(*) FROM account "
                                         "WHERE role = 'admin' AND disabled = 0"));
  // Each table by name rather than by the foreign keys' cascade, which SQLite applies only when
  // a connection asks for it.
  for (std::string_view table : {"session", "api_token", "account_province"}) {
    Query remove(connection, fmt::format("DELETE FROM {} WHERE account_id = ?", table));
    remove->bind(1, stored.id);
    remove->execute();
  }
  Query remove(connection, "DELETE FROM account WHERE id = ?");
  remove->bind(1, stored.id);
  remove->execute();
  std::string at = now_utc();
  WriteSummary summary;
  ChangeLogWriter log(connection, context, at, summary);
  log.add("", account_entity(stored.account.name), "removed",
          fmt::format("role={}", role_key(stored.account.role)), std::nullopt);
  log.flush();
  transaction.commit();
}

std::size_t Database::revoke_tokens(const std::string& name, const ChangeContext& context) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  StoredAccount stored = require_account(connection, name);
  std::string at = now_utc();
  Query revoke(connection,
               "UPDATE api_token SET revoked_at_utc = ? "
               "WHERE account_id = ? AND revoked_at_utc IS NULL");
  revoke->bind(1, at);
  revoke->bind(2, stored.id);
  auto revoked = static_cast<std::size_t>(revoke->execute());
  if (revoked > 0) {
    WriteSummary summary;
    ChangeLogWriter log(connection, context, at, summary);
    log.add("", account_entity(stored.account.name), "token", fmt::format("{} active", revoked),
            std::string("revoked"));
    log.flush();
  }
  transaction.commit();
  return revoked;
}

std::optional<Account> Database::account_for_token_hash(const std::string& token_hash) {
  auto& connection = *m_impl->connection;
  Query query(connection, std::string(account_columns) +
                              " JOIN api_token k ON k.account_id = a.id "
                              "WHERE k.token_hash = ? AND k.revoked_at_utc IS NULL");
  query->bind(1, token_hash);
  auto found = read_accounts(connection, query);
  if (found.empty())
    return std::nullopt;
  return std::move(found.front().account);
}

void Database::create_session(const std::string& id_hash, const std::string& account,
                              const std::string& at_utc) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  StoredAccount stored = require_account(connection, account);
  Query insert(connection,
               "INSERT INTO session (id_hash, account_id, created_at_utc, "
               "last_seen_at_utc) VALUES (?, ?, ?, ?)");
  insert->bind(1, id_hash);
  insert->bind(2, stored.id);
  insert->bind(3, at_utc);
  insert->bind(4, at_utc);
  insert->execute();
  transaction.commit();
}

std::optional<SessionRecord> Database::find_session(const std::string& id_hash) {
  Query query(*m_impl->connection,
              "SELECT s.id_hash, a.name, s.created_at_utc, s.last_seen_at_utc "
              "FROM session s JOIN account a ON a.id = s.account_id "
              "WHERE s.id_hash = ?");
  query->bind(1, id_hash);
  if (!query->step())
    return std::nullopt;
  return SessionRecord{column_text(query, 0), column_text(query, 1), column_text(query, 2),
                       column_text(query, 3)};
}

void Database::touch_session(const std::string& id_hash, const std::string& at_utc) {
  Query update(*m_impl->connection, "UPDATE session SET last_seen_at_utc = ? WHERE id_hash = ?");
  update->bind(1, at_utc);
  update->bind(2, id_hash);
  update->execute();
}

void Database::delete_session(const std::string& id_hash) {
  Query remove(*m_impl->connection, "DELETE FROM session WHERE id_hash = ?");
  remove->bind(1, id_hash);
  remove->execute();
}

std::size_t Database::delete_sessions_seen_before(const std::string& cutoff_utc) {
  Query remove(*m_impl->connection, "DELETE FROM session WHERE last_seen_at_utc < ?");
  remove->bind(1, cutoff_utc);
  return static_cast<std::size_t>(remove->execute());
}

void Database::update_login_failures(
    const std::string& name, const std::vector<std::string>& addresses, std::int64_t now,
    std::int64_t expired_before, const std::function<void(std::vector<LoginFailures>&)>& decide) {
  auto& connection = *m_impl->connection;
  WriteTransaction transaction(connection);
  {
    Query prune(connection,
                "DELETE FROM login_failure WHERE window_started < ? AND locked_until < ?");
    prune->bind(1, expired_before);
    prune->bind(2, now);
    prune->execute();
  }
  std::vector<LoginFailures> counts(addresses.size());
  {
    Query read(connection,
               "SELECT failures, window_started, locked_until FROM login_failure "
               "WHERE name = ? AND address = ?");
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      read->bind(1, name);
      read->bind(2, addresses[i]);
      if (read->step())
        counts[i] = LoginFailures{read->integer(0), read->integer(1), read->integer(2)};
      read->reset();
    }
  }
  decide(counts);
  Query remove(connection, "DELETE FROM login_failure WHERE name = ? AND address = ?");
  Query write(connection,
              "INSERT INTO login_failure (name, address, failures, window_started, locked_until) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, address) DO UPDATE SET "
              "failures = excluded.failures, window_started = excluded.window_started, "
              "locked_until = excluded.locked_until");
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const LoginFailures& count = counts[i];
    if (count.failures == 0 && count.locked_until == 0) {
      remove->bind(1, name);
      remove->bind(2, addresses[i]);
      remove->execute();
      remove->reset();
      continue;
    }
    write->bind(1, name);
    write->bind(2, addresses[i]);
    write->bind(3, count.failures);
    write->bind(4, count.window_started);
    write->bind(5, count.locked_until);
    write->execute();
    write->reset();
  }
  transaction.commit();
}

namespace {

// Every table of the schema with its columns, in an order that inserts no row before the rows it
// refers to; the kind of each column ('i' integer, 'r' real, 't' text) says how to carry it from
// one engine to the other. A project's parent is set after every project exists.
struct CopiedTable {
  std::string_view name;
  std::vector<std::string_view> columns;
  std::string_view kinds;
};

const std::vector<CopiedTable>& copied_tables() {
  static const std::vector<CopiedTable> tables = {
      {"province",
       {"legacy_name", "legacy_slug", "current_name", "current_slug", "centrally_run"},
       "tttti"},
      {"project",
       {"id", "code", "name", "technology", "province", "capacity_watts", "capacity_watts_peak",
        "investor", "stage", "target_cod", "latitude", "longitude", "site", "source", "calendar",
        "schedule_rules", "data_date"},
       "ittttiitttrrttttt"},
      {"milestone",
       {"id", "project_id", "key", "name", "duration_days", "planned", "actual_start", "actual",
        "forecast", "reason", "source", "duration_minutes", "calendar", "start_on_or_after",
        "finish_on_or_before", "finish_event", "as_late_as_possible"},
       "iittittttttitiiii"},
      {"dependency",
       {"id", "from_milestone_id", "to_milestone_id", "type", "lag_days", "lag_minutes",
        "lag_calendar"},
       "iiitiit"},
      {"calendar", {"name", "weekdays", "holidays", "exceptions"}, "tttt"},
      {"status_event", {"id", "project_id", "status", "date", "reason", "source"}, "iitttt"},
      {"baseline", {"id", "name", "created_at_utc", "actor"}, "ittt"},
      {"baseline_milestone", {"baseline_id", "project_code", "milestone_key", "planned"}, "ittt"},
      {"change_log",
       {"id", "at_utc", "actor", "project_code", "entity", "field", "old_value", "new_value",
        "reason", "source", "write_id"},
       "itttttttttti"},
      {"setting", {"key", "value"}, "tt"},
      {"account",
       {"id", "name", "role", "disabled", "password_hash", "created_at_utc", "updated_at_utc"},
       "ittittt"},
      {"account_province", {"account_id", "position", "province"}, "iit"},
      {"api_token",
       {"id", "account_id", "token_hash", "created_at_utc", "revoked_at_utc"},
       "iittt"},
      {"session", {"id", "id_hash", "account_id", "created_at_utc", "last_seen_at_utc"}, "ititt"},
      {"login_failure", {"name", "address", "failures", "window_started", "locked_until"}, "ttiii"},
  };
  return tables;
}

// Copies every row of `source` (inside a read snapshot) into `target` (migrated, inside its write
// transaction), keeping ids, so that the copy answers every command as the source does.
void copy_rows(Connection& source, Connection& target) {
  std::uint64_t total = 0;
  for (const auto& table : copied_tables())
    total += static_cast<std::uint64_t>(
        single_integer(source, fmt::format("SELECT count(*) FROM {}", table.name)));
  std::uint64_t done = 0;
  // The migration wrote the built-in provinces; the source's own rows take their place.
  target.execute("DELETE FROM province");
  for (const auto& table : copied_tables()) {
    std::string order = table.columns.front() == "id"
                            ? std::string("id")
                            : fmt::format("{}", fmt::join(table.columns, ", "));
    Query query(source, fmt::format("SELECT {} FROM {} ORDER BY {}", fmt::join(table.columns, ", "),
                                    table.name, order));
    BatchInsert insert(target, table.name, table.columns);
    while (query->step()) {
      for (std::size_t column = 0; column < table.columns.size(); ++column) {
        int index = static_cast<int>(column);
        if (query->is_null(index))
          insert.add_null();
        else if (table.kinds[column] == 'i')
          insert.add(query->integer(index));
        else if (table.kinds[column] == 'r')
          insert.add(query->real(index));
        else
          insert.add(std::string_view(query->text(index)));
      }
      insert.end_row();
      if (++done % 1024 == 0)
        report_progress(ProgressTask::Writing, done, total);
    }
    insert.flush();
    if (table.name == "project") {
      Query parents(source, "SELECT id, parent_id FROM project WHERE parent_id IS NOT NULL");
      Query set_parent(target, "UPDATE project SET parent_id = ? WHERE id = ?");
      while (parents->step()) {
        set_parent->bind(1, parents->integer(1));
        set_parent->bind(2, parents->integer(0));
        set_parent->execute();
        set_parent->reset();
      }
    }
  }
  report_progress(ProgressTask::Writing, done, total);
}

}  // namespace

void Database::backup_to(const std::string& target) {
  Connection& source = *m_impl->connection;
  const bool to_postgres = is_postgres_uri(target);
  if (!to_postgres && !source.is_postgres()) {
    // File to file: SQLite's own online backup, page by page.
    sqlite::backup(source, target);
    return;
  }
  std::unique_ptr<Connection> copy;
  if (to_postgres) {
    copy = postgres::open(target);
  } else {
    // A new empty file, made after the checks of io/output_path (never through a link, never
    // over a file), then opened in place.
    io::create_empty_file("backup", target);
  }
  try {
    if (!to_postgres) {
      copy = sqlite::open(target, true);
      sqlite::prepare_new_file(*copy);
    }
    WriteTransaction writing(*copy);
    if (copy->schema_version() != 0 || copy->foreign_tables() != 0)
      throw InvalidInput(fmt::format(
          "backup: '{}': not an empty database (a backup goes only into a new file or an empty "
          "PostgreSQL database)",
          copy->location()));
    migrate(*copy);
    {
      ReadTransaction reading(source);
      if (source.schema_version() != copy->schema_version())
        throw Conflict(fmt::format("backup: {} is at schema version {}, the copy at {}",
                                   source.location(), source.schema_version(),
                                   copy->schema_version()));
      copy_rows(source, *copy);
    }
    report_progress(ProgressTask::Finishing, 0, 0);
    if (to_postgres)
      postgres::restart_identities(*copy);
    writing.commit();
  } catch (...) {
    if (!to_postgres) {
      // A partial copy must not be taken for a backup.
      copy.reset();
      std::error_code ignored;
      std::filesystem::remove(target, ignored);
    }
    throw;
  }
}

std::optional<std::string> database_failure(const std::exception& error) {
  if (auto message = sqlite::failure_message(error))
    return message;
  return postgres::failure_message(error);
}

}  // namespace tiendo::store
