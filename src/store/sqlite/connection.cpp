#include "store/sqlite/connection.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <thread>

#include "domain/error.h"
#include "domain/progress.h"
#include "io/output_path.h"
#include "store/embedded.h"
#include "store/file_lock.h"

namespace tiendo::store::sqlite {
namespace {

// Two staff members saving at the same moment wait for each other instead of failing.
constexpr int busy_timeout_milliseconds = 60'000;

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(SQLite::Database& database, std::string_view sql)
      : m_statement(database, std::string(sql)) {}

  void bind_null(int index) override { m_statement.bind(index); }
  void bind(int index, std::int64_t value) override { m_statement.bind(index, value); }
  void bind(int index, double value) override { m_statement.bind(index, value); }
  void bind(int index, std::string_view value) override {
    // The text waits in a buffer of its own until the statement has run (SQLiteCpp binds text of a
    // given length only without copying); buffers are reused, so a batch allocates nothing.
    auto position = static_cast<std::size_t>(index - 1);
    if (m_texts.size() <= position)
      m_texts.resize(position + 1);
    m_texts[position].assign(value);
    m_statement.bindNoCopy(index, m_texts[position]);
  }
  bool step() override { return m_statement.executeStep(); }
  std::int64_t execute() override { return m_statement.exec(); }
  void reset() override { m_statement.reset(); }

  bool is_null(int column) override { return m_statement.getColumn(column).isNull(); }
  std::int64_t integer(int column) override { return m_statement.getColumn(column).getInt64(); }
  double real(int column) override { return m_statement.getColumn(column).getDouble(); }
  std::string text(int column) override {
    // The text first, then its length, as SQLite asks; a NULL has no text.
    auto value = m_statement.getColumn(column);
    const char* text = value.getText(nullptr);
    return text ? std::string(text, static_cast<std::size_t>(value.getBytes())) : std::string();
  }

 private:
  SQLite::Statement m_statement;
  // A deque: growing it never moves a text already bound.
  std::deque<std::string> m_texts;
};

class SqliteConnection final : public Connection {
 public:
  // Never OPEN_CREATE: see open(). NOMUTEX: a connection is never used by two threads at once
  // (the server hands each out under its own lock, web/workspace.h), so SQLite need not take a
  // mutex on every call, which on a national load is a tenth of the work.
  SqliteConnection(const std::string& path, FileLock lock)
      : m_lock(std::move(lock)),
        m_location(path),
        m_database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX, busy_timeout_milliseconds) {
  }

  const std::string& location() const override { return m_location; }
  bool is_postgres() const override { return false; }
  std::string_view byte_order() const override { return ""; }
  std::unique_ptr<Statement> prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(m_database, sql);
  }
  void execute(std::string_view sql) override { m_database.exec(std::string(sql)); }

  void begin(TransactionKind kind) override {
    m_in_transaction = true;
    if (kind == TransactionKind::Write) {
      // IMMEDIATE takes the write lock before anything is read.
      m_database.exec("BEGIN IMMEDIATE");
    } else {
      // BEGIN alone takes no snapshot; the first read does.
      m_database.exec("BEGIN");
      m_database.execAndGet("SELECT count(*) FROM sqlite_schema");
    }
  }
  void commit() override {
    m_in_transaction = false;
    m_database.exec("COMMIT");
  }
  void rollback() override {
    m_in_transaction = false;
    m_database.exec("ROLLBACK");
  }
  bool in_transaction() const override { return m_in_transaction; }

  bool file_replaced() override {
    // SQLite's own check: the inode of the file it holds open against that of its path (a stat).
    int moved = 0;
    if (sqlite3_file_control(m_database.getHandle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved) !=
        SQLITE_OK)
      return false;
    return moved != 0;
  }

  void checkpoint() override {
    // Passive: it never waits for a reader (the server's other connection may be reading).
    m_database.execAndGet("PRAGMA wal_checkpoint(PASSIVE)");
  }

  std::int64_t writes_by_others() override {
    return m_database.execAndGet("PRAGMA data_version").getInt64();
  }
  int schema_version() override { return m_database.execAndGet("PRAGMA user_version").getInt(); }
  void set_schema_version(int version) override {
    m_database.exec(fmt::format("PRAGMA user_version = {}", version));
  }
  const std::vector<std::string_view>& migrations() const override {
    return embedded::migrations();
  }
  std::int64_t foreign_tables() override {
    return m_database.execAndGet("SELECT count(*) FROM sqlite_master").getInt64();
  }

  void prepare_bulk_write() override {
    // A large page cache keeps a bulk import in memory until commit instead of spilling every
    // page to the WAL as it changes (one million writes for 15,000 milestones otherwise).
    m_database.exec("PRAGMA cache_size = -32768");
  }

  // SQLite builds an index from sorted rows much faster than it updates one row by row. The
  // statements to make the indexes again are read from the schema, so they cannot drift from
  // the migrations; unique keys stay, as they guard the data.
  // SQLite cannot drop a table's primary or unique key: `unique_keys` changes nothing.
  std::vector<std::string> drop_secondary_indexes(std::string_view table, bool) override {
    SQLite::Statement query(m_database,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                            "tbl_name = ? AND sql IS NOT NULL");
    query.bind(1, std::string(table));
    std::vector<std::string> names, statements;
    while (query.executeStep()) {
      names.push_back(query.getColumn(0).getString());
      statements.push_back(query.getColumn(1).getString());
    }
    for (const auto& name : names)
      m_database.exec(fmt::format("DROP INDEX \"{}\"", name));
    return statements;
  }

  // A hundred rows a statement: SQLite's work per statement is paid a hundredth as often, and the
  // statement stays small enough to compile once and reuse for every full batch.
  std::size_t rows_per_insert(std::size_t) const override { return 100; }

  void insert_rows(std::string_view table, const std::vector<std::string_view>& columns,
                   const std::vector<Cell>& cells, std::size_t rows) override {
    auto& statement = insert_statement(table, columns, rows);
    int parameter = 1;
    for (std::size_t i = 0; i < rows * columns.size(); ++i, ++parameter) {
      const auto& cell = cells[i];
      switch (cell.kind) {
        case Cell::Null:
          statement.bind(parameter);
          break;
        case Cell::Integer:
          statement.bind(parameter, cell.integer);
          break;
        case Cell::Real:
          statement.bind(parameter, cell.real);
          break;
        case Cell::Text:
          // The cell stays put until the statement has run.
          statement.bindNoCopy(parameter, cell.text);
          break;
      }
    }
    statement.exec();
    statement.reset();
  }

  SQLite::Database& database() { return m_database; }

 private:
  // The statement inserting `rows` rows, kept for the next batch of the same shape.
  SQLite::Statement& insert_statement(std::string_view table,
                                      const std::vector<std::string_view>& columns,
                                      std::size_t rows) {
    std::string placeholders = "(" + std::string(columns.size() * 2 - 1, '?') + ")";
    for (std::size_t i = 2; i < placeholders.size() - 1; i += 2)
      placeholders[i] = ',';
    std::string sql =
        fmt::format("INSERT INTO {} ({}) VALUES {}", table, fmt::join(columns, ", "), placeholders);
    for (std::size_t row = 1; row < rows; ++row)
      sql += "," + placeholders;
    auto& cached = m_inserts[sql];
    if (!cached)
      cached = std::make_unique<SQLite::Statement>(m_database, sql);
    return *cached;
  }

  // Held while the connection is open, and let go after it is closed (members are destroyed in
  // the reverse order).
  FileLock m_lock;
  std::string m_location;
  SQLite::Database m_database;
  bool m_in_transaction = false;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> m_inserts;
};

}  // namespace

std::unique_ptr<Connection> open(const std::string& path, bool must_exist) {
  if (must_exist && !std::filesystem::exists(path))
    throw NotFound(
        fmt::format("no tiendo database at '{}' (run `tiendo init --db {}`)", path, path));
  // A new database is an empty file made by io/output_path (never through a link, never for a
  // name that is no file); an existing one, also through a link to it, is opened in place.
  if (!must_exist)
    io::prepare_database_file("--db", path);
  // Shared with every other tiendo process using the file, before SQLite opens it: a demo, init or
  // restore replacing it meanwhile holds it alone (store/file_lock.h).
  auto lock = FileLock::take(path, path, FileUse::Shared);
  std::unique_ptr<SqliteConnection> connection;
  try {
    connection = std::make_unique<SqliteConnection>(path, std::move(lock));
  } catch (const SQLite::Exception& error) {
    throw InvalidInput(fmt::format("{}: cannot open as a database: {}", path, error.what()));
  }
  try {
    auto& database = connection->database();
    database.exec("PRAGMA foreign_keys = ON");
    // Reading needs little cache: a load scans each table once. Writes enlarge it (modify).
    database.exec("PRAGMA cache_size = -2048");
    // Statement journals (each insert under foreign keys keeps one) stay in memory too.
    database.exec("PRAGMA temp_store = MEMORY");
    // No memory map: mapped pages of a national portfolio's file would count against the
    // process's memory (1 GiB at 100,000 projects) for a few per cent of load time.
    database.exec("PRAGMA mmap_size = 0");
    connection->schema_version();
  } catch (const SQLite::Exception& error) {
    throw InvalidInput(fmt::format("{}: not a tiendo database: {}", path, error.what()));
  }
  return connection;
}

void prepare_new_file(Connection& connection) {
  // 16 KiB pages instead of 4 KiB: a national import writes a quarter as many pages and splits a
  // quarter as many b-tree nodes (20,000 projects: 16% less time in SQLite). The size is fixed
  // when the first table is made, so only new files get it.
  connection.execute("PRAGMA page_size = 16384");
  // WAL lets readers go on while one user writes; it is a property of the file, set once.
  connection.execute("PRAGMA journal_mode = WAL");
}

void backup(Connection& source_connection, const std::string& path) {
  auto& source = dynamic_cast<SqliteConnection&>(source_connection).database();
  // SQLite given a name creates what the name says: a temporary database for "", memory for
  // ":memory:", a URI's file, the target of a dangling link. So the copy goes only into a new empty
  // file made here after the checks of io/output_path (never through a link, never over a file),
  // and SQLite opens that file without creating anything and without following a link.
  io::create_empty_file("backup", path);
  try {
    SQLite::Database destination(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW);
    SQLite::Backup backup(destination, source);
    // The copy goes a few megabytes at a time, so that its progress can be shown, all inside one
    // read transaction on the source: the snapshot stays the same from the first step to the
    // last, so writers go on meanwhile and the copy is consistent. Without it each step would take
    // a snapshot of its own, and a write between two steps would start the copy over.
    source_connection.begin(TransactionKind::Read);
    struct EndRead {
      Connection& connection;
      ~EndRead() {
        try {
          connection.commit();
        } catch (...) {
          // Nothing was written; SQLite ends the transaction when the connection closes.
        }
      }
    } end_read{source_connection};
    auto page_bytes = static_cast<std::uint64_t>(source.execAndGet("PRAGMA page_size").getInt64());
    constexpr int pages_per_step = 1024;
    while (true) {
      int result = backup.executeStep(pages_per_step);
      auto total = static_cast<std::uint64_t>(backup.getTotalPageCount());
      auto remaining = static_cast<std::uint64_t>(backup.getRemainingPageCount());
      report_progress(ProgressTask::BackingUp, (total - remaining) * page_bytes,
                      total * page_bytes);
      if (result == SQLITE_DONE)
        break;
      // The new file is nobody else's, so a busy answer can only be brief.
      if (result == SQLITE_BUSY || result == SQLITE_LOCKED)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  } catch (...) {
    // A partial copy must not be taken for a backup.
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw;
  }
}

std::optional<std::string> failure_message(const std::exception& error) {
  if (dynamic_cast<const SQLite::Exception*>(&error))
    return std::string(error.what());
  return std::nullopt;
}

}  // namespace tiendo::store::sqlite
