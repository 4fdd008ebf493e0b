#include "store/postgres/connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <iterator>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <pqxx/tablewriter>
#include <thread>
#include <utility>

#include "domain/error.h"
#include "store/embedded.h"

namespace tiendo::store::postgres {
namespace {

// Every writer of one database takes this transaction-scoped advisory lock first, so writers
// follow one another as SQLite's do: what a command reads inside its write transaction is what
// it writes back, the change log's ids grow in commit order (a reader's stamp can then never miss
// a write), and no serialization failure can arise between two writers.
constexpr std::int64_t writer_lock = 7'405'361'002'019;

std::string first_line(std::string_view text) {
  auto end = text.find('\n');
  std::string line(text.substr(0, end));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
    line.pop_back();
  return line;
}

// libpq's own parse of the URI: the same fields the connection will use.
std::map<std::string, std::string> uri_fields(const std::string& uri) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
  if (!options) {
    std::string message = error ? first_line(error) : "not a connection URI";
    PQfreemem(error);
    throw InvalidInput(fmt::format("--db: '{}': {}", printable_uri(uri), message));
  }
  std::map<std::string, std::string> fields;
  for (auto* option = options; option->keyword; ++option)
    if (option->val)
      fields[option->keyword] = option->val;
  PQconninfoFree(options);
  return fields;
}

// "?" parameters become PostgreSQL's "$1", "$2"... ; text in quotes is left alone.
std::string numbered_parameters(std::string_view sql) {
  std::string result;
  result.reserve(sql.size() + 16);
  int number = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'')
      quoted = !quoted;
    if (c == '?' && !quoted)
      result += fmt::format("${}", ++number);
    else
      result += c;
  }
  return result;
}

// Appends a value in COPY's text format, where a backslash, a tab, a newline and a carriage
// return are escaped (all four are ASCII, so a UTF-8 sequence is never cut). Runs with nothing to
// escape, nearly every value, are appended at once.
void append_copy_text(std::string& out, std::string_view text) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char escaped;
    switch (text[i]) {
      case '\\':
        escaped = '\\';
        break;
      case '\t':
        escaped = 't';
        break;
      case '\n':
        escaped = 'n';
        break;
      case '\r':
        escaped = 'r';
        break;
      default:
        continue;
    }
    out.append(text.substr(run, i - run));
    out.push_back('\\');
    out.push_back(escaped);
    run = i + 1;
  }
  out.append(text.substr(run));
}

// Appends one row of cells as a line of COPY's text format (NULL is \N).
void append_copy_row(std::string& out, const Cell* cells, std::size_t columns) {
  for (std::size_t c = 0; c < columns; ++c) {
    if (c > 0)
      out.push_back('\t');
    const Cell& cell = cells[c];
    switch (cell.kind) {
      case Cell::Null:
        out.append("\\N");
        break;
      case Cell::Integer: {
        char digits[24];
        auto result = std::to_chars(digits, digits + sizeof digits, cell.integer);
        out.append(digits, result.ptr);
        break;
      }
      case Cell::Real:
        // Seventeen significant digits give the same double back.
        fmt::format_to(std::back_inserter(out), "{:.17g}", cell.real);
        break;
      case Cell::Text:
        append_copy_text(out, cell.text);
        break;
    }
  }
  out.push_back('\n');
}

// One COPY, its text sent by a thread of its own. Sending blocks whenever the server has not
// yet taken what was sent before; with the sending on its own thread, the command goes on making
// the next rows meanwhile, and the server is never left waiting for them (a national import: 1.25
// s of COPY became 0.8 s). Only this thread uses the connection until `complete`.
class CopySender {
 public:
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  CopySender(pqxx::transaction_base& transaction, const std::string& table,
             const std::vector<std::string>& columns)
      : m_writer(transaction, table, columns.begin(), columns.end()),
        m_thread([this] { send_all(); }) {}
#pragma GCC diagnostic pop
  CopySender(const CopySender&) = delete;
  CopySender& operator=(const CopySender&) = delete;
  // Stops sending; the COPY is ended by the writer as it goes (its rows are thrown away with
  // the transaction that the caller ends).
  ~CopySender() {
    stop();
  }

  // Queues a piece of COPY text for the thread (no trailing newline: the writer adds it). Waits
  // while much is queued, so that a fast producer holds a few mebibytes, not the whole table.
  void send(std::string text) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_queued_bytes < queue_limit || m_failure || m_stopping; });
    if (m_failure)
      rethrow(lock);
    m_queued_bytes += text.size();
    m_queue.push_back(std::move(text));
    m_changed.notify_all();
  }

  // Waits until everything queued is sent, then ends the COPY; a failure of the thread comes out
  // here.
  void complete() {
    stop();
    {
      std::unique_lock lock(m_mutex);
      if (m_failure)
        rethrow(lock);
    }
    m_writer.complete();
  }

 private:
  static constexpr std::size_t queue_limit = 8 << 20;

  void send_all() {
    while (true) {
      std::string text;
      {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_queue.empty() || m_stopping; });
        if (m_queue.empty())
          return;
        text = std::move(m_queue.front());
        m_queue.pop_front();
        m_queued_bytes -= text.size();
        m_changed.notify_all();
      }
      try {
        m_writer.write_raw_line(text);
      } catch (...) {
        std::lock_guard lock(m_mutex);
        m_failure = std::current_exception();
        m_queue.clear();
        m_queued_bytes = 0;
        m_changed.notify_all();
        return;
      }
    }
  }
  void stop() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
      m_changed.notify_all();
    }
    if (m_thread.joinable())
      m_thread.join();
  }
  [[noreturn]] void rethrow(std::unique_lock<std::mutex>& lock) {
    auto failure = m_failure;
    lock.unlock();
    std::rethrow_exception(failure);
  }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  pqxx::tablewriter m_writer;
#pragma GCC diagnostic pop
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::string> m_queue;
  std::size_t m_queued_bytes = 0;
  std::exception_ptr m_failure;
  bool m_stopping = false;
  // Last, so that it starts once everything it uses is made.
  std::thread m_thread;
};

class PostgresConnection;

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PostgresConnection& connection, std::string_view sql)
      : m_connection(connection), m_sql(numbered_parameters(sql)) {}

  void bind_null(int index) override { slot(index).reset(); }
  void bind(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
  void bind(int index, double value) override {
    // Seventeen significant digits give the same double back.
    slot(index) = fmt::format("{:.17g}", value);
  }
  void bind(int index, std::string_view value) override { slot(index) = std::string(value); }

  bool step() override;
  std::int64_t execute() override;
  void reset() override {
    m_values.clear();
    m_result = pqxx::result();
    m_row = -1;
    m_ran = false;
  }

  bool is_null(int column) override { return value(column).null; }
  std::int64_t integer(int column) override {
    const Value& cell = value(column);
    if (cell.null)
      return 0;
    std::int64_t number = 0;
    std::from_chars(cell.text, cell.text + cell.size, number);
    return number;
  }
  double real(int column) override {
    const Value& cell = value(column);
    return cell.null ? 0.0 : std::strtod(cell.text, nullptr);
  }
  std::string text(int column) override {
    const Value& cell = value(column);
    return cell.null ? std::string() : std::string(cell.text, cell.size);
  }

 private:
  std::optional<std::string>& slot(int index) {
    auto position = static_cast<std::size_t>(index - 1);
    if (m_parameters.size() <= position)
      m_parameters.resize(position + 1);
    return m_parameters[position];
  }
  // One cell of the current row, as libpq holds it (the text lives as long as m_result).
  struct Value {
    const char* text = nullptr;
    std::size_t size = 0;
    bool null = true;
  };
  const Value& value(int column) const { return m_values.at(static_cast<std::size_t>(column)); }
  // Reads the current row's cells once. Every pqxx::row and pqxx::field made copies the result's
  // shared pointers; one walk along the row costs one copy where a look-up per cell cost two (a
  // 20,000-project schedule read 4 million cells, a quarter of its time in those copies).
  void read_row();
  void run();

  PostgresConnection& m_connection;
  std::string m_sql;
  std::vector<std::optional<std::string>> m_parameters;
  pqxx::result m_result;
  std::vector<Value> m_values;
  long m_row = -1;
  bool m_ran = false;
};

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(const std::string& uri, std::string location)
      : m_location(std::move(location)), m_connection(uri) {}

  const std::string& location() const override { return m_location; }
  bool is_postgres() const override { return true; }
  std::string_view byte_order() const override { return " COLLATE \"C\""; }
  std::unique_ptr<Statement> prepare(std::string_view sql) override {
    return std::make_unique<PostgresStatement>(*this, sql);
  }
  void execute(std::string_view sql) override {
    guarded([&] {
      if (m_transaction) {
        m_transaction->exec(std::string(sql));
      } else {
        pqxx::nontransaction alone(m_connection);
        alone.exec(std::string(sql));
      }
    });
  }

  void begin(TransactionKind kind) override {
    guarded([&] {
      if (kind == TransactionKind::Write) {
        m_transaction = std::make_unique<pqxx::work>(m_connection);
        m_transaction->exec(fmt::format("SELECT pg_advisory_xact_lock({})", writer_lock));
      } else {
        m_transaction = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
            m_connection);
      }
    });
  }
  void commit() override {
    guarded([&] {
      auto transaction = std::move(m_transaction);
      if (transaction)
        transaction->commit();
    });
  }
  void rollback() override {
    // A COPY still open ends with the transaction; its rows are thrown away with the rest.
    try {
      m_copy.reset();
    } catch (...) {
      // The transaction is rolled back below, or was by the server.
    }
    auto transaction = std::move(m_transaction);
    if (transaction)
      guarded([&] { transaction->abort(); });
  }

  bool in_transaction() const override { return m_transaction != nullptr; }
  std::int64_t writes_by_others() override { return 0; }

  int schema_version() override {
    auto version = run_single(
        "SELECT CASE WHEN to_regclass('tiendo_schema_version') IS NULL THEN NULL ELSE 1 END");
    if (!version)
      return 0;
    auto stored = run_single("SELECT max(version) FROM tiendo_schema_version");
    return stored ? std::atoi(stored->c_str()) : 0;
  }
  void set_schema_version(int version) override {
    execute(fmt::format(
        "CREATE TABLE IF NOT EXISTS tiendo_schema_version (version INTEGER NOT NULL); "
        "DELETE FROM tiendo_schema_version; INSERT INTO tiendo_schema_version VALUES ({})",
        version));
  }
  const std::vector<std::string_view>& migrations() const override {
    return embedded::postgres_migrations();
  }
  std::int64_t foreign_tables() override {
    auto count = run_single(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "AND tablename <> 'tiendo_schema_version'");
    return count ? std::atoll(count->c_str()) : 0;
  }
  // The indexes that are not unique and the foreign keys of a table, and with `unique_keys` its
  // primary and unique keys, read from the catalogue, so that they cannot drift from the
  // migrations. Keys come back first, then indexes, then foreign keys (which need the keys they
  // point at). The table is locked against readers until the import commits: worth it only for a
  // table that is more than doubled, which is a first national import.
  std::vector<std::string> drop_secondary_indexes(std::string_view table,
                                                  bool unique_keys) override {
    std::vector<std::string> restore, drop;
    auto constraints = [&](std::string_view types) {
      return run(
          "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
          "to_regclass($1) AND contype = ANY(string_to_array($2, ',')::\"char\"[]) "
          "ORDER BY conname",
          {std::string(table), std::string(types)});
    };
    auto keys = constraints("f");
    for (const auto& row : keys)
      drop.push_back(fmt::format("ALTER TABLE {} DROP CONSTRAINT \"{}\"", table, row[0].c_str()));
    auto indexes =
        run("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
            "current_schema() AND tablename = $1 AND indexdef NOT LIKE 'CREATE UNIQUE%' "
            "ORDER BY indexname",
            {std::string(table)});
    for (const auto& row : indexes)
      drop.push_back(fmt::format("DROP INDEX \"{}\"", row[0].c_str()));
    if (unique_keys) {
      auto unique = constraints("p,u");
      for (const auto& row : unique) {
        drop.push_back(fmt::format("ALTER TABLE {} DROP CONSTRAINT \"{}\"", table, row[0].c_str()));
        restore.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT \"{}\" {}", table,
                                      row[0].c_str(), row[1].c_str()));
      }
    }
    for (const auto& row : indexes)
      restore.push_back(row[1].c_str());
    for (const auto& row : keys)
      restore.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT \"{}\" {}", table,
                                    row[0].c_str(), row[1].c_str()));
    for (const auto& statement : drop)
      execute(statement);
    return restore;
  }

  // COPY streams rows without a statement per batch; ten thousand rows keep the waiting cells
  // to a few megabytes.
  std::size_t rows_per_insert(std::size_t) const override { return 10'000; }

  void insert_rows(std::string_view table, const std::vector<std::string_view>& columns,
                   const std::vector<Cell>& cells, std::size_t rows) override {
    guarded_keeping_copy([&] {
      if (!m_transaction)
        throw Error("internal: a bulk insert outside a transaction");
      std::string target(table);
      for (auto column : columns)
        target.append(",").append(column);
      if (m_copy && m_copy_target != target)
        finish_copy();
      // The COPY stays open from one batch of a table to the next, until anything else is asked
      // of the server: the server stores the rows sent while the next batch is being made,
      // instead of each side waiting for the other at every batch.
      if (!m_copy) {
        // libpqxx 6's stream_to converts and escapes each value through several temporary
        // strings, which cost more than all of tiendo's own work on a national import.
        // tablewriter (kept, though deprecated, through libpqxx 6) sends text as it is given, so
        // the rows go as COPY text built here in chunks: the COPY protocol lets a chunk end
        // anywhere, not only at a row's end, and the writer adds the last row's newline.
        m_copy =
            std::make_unique<CopySender>(*m_transaction, std::string(table),
                                         std::vector<std::string>(columns.begin(), columns.end()));
        m_copy_target = std::move(target);
      }
      constexpr std::size_t chunk = 1 << 20;
      std::string text;
      text.reserve(chunk + 4096);
      for (std::size_t row = 0; row < rows; ++row) {
        append_copy_row(text, &cells[row * columns.size()], columns.size());
        if (text.size() >= chunk || row + 1 == rows) {
          text.pop_back();
          m_copy->send(std::move(text));
          text = std::string();
          text.reserve(chunk + 4096);
        }
      }
    });
  }

  pqxx::result run(const std::string& sql, const std::vector<std::optional<std::string>>& values) {
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& value : values)
      pointers.push_back(value ? value->c_str() : nullptr);
    pqxx::result result;
    guarded([&] {
      auto parameters = pqxx::prepare::make_dynamic_params(pointers);
      if (m_transaction) {
        result = m_transaction->exec_params(sql, parameters);
      } else {
        pqxx::nontransaction alone(m_connection);
        result = alone.exec_params(sql, parameters);
      }
    });
    return result;
  }

  // Runs `work` once any COPY still open has ended (its rows are then all stored, or their
  // failure is reported here), turning a lost connection into a one-line error that names the
  // server. The server rolls back whatever transaction was open, so nothing is half-written.
  template <typename Work>
  void guarded(Work&& work) {
    guarded_keeping_copy([&] {
      finish_copy();
      work();
    });
  }

  void finish_copy() {
    if (!m_copy)
      return;
    auto copy = std::move(m_copy);
    copy->complete();
  }

  template <typename Work>
  void guarded_keeping_copy(Work&& work) {
    try {
      work();
    } catch (const pqxx::in_doubt_error& error) {
      m_copy.reset();
      m_transaction.reset();
      throw Unavailable(
          fmt::format("PostgreSQL at {}: the connection was lost while committing; "
                      "whether the last change was written is unknown: {}",
                      m_location, first_line(error.what())));
    } catch (const pqxx::broken_connection& error) {
      m_copy.reset();
      m_transaction.reset();
      throw Unavailable(fmt::format("PostgreSQL at {}: the connection was lost: {}", m_location,
                                    first_line(error.what())));
    } catch (const pqxx::failure& error) {
      // A transaction in which a statement failed can do nothing but end. libpq may still call a
      // connection open just after the server closed it; the error then comes as an SQL error
      // with no SQLSTATE of the server's, or one of a lost connection (class 08) or of the server
      // shutting down (57P), and is a lost connection all the same.
      m_copy.reset();
      const auto* statement_error = dynamic_cast<const pqxx::sql_error*>(&error);
      const std::string state = statement_error ? statement_error->sqlstate() : std::string();
      bool lost = !m_connection.is_open() ||
                  (statement_error &&
                   (state.empty() || state.starts_with("08") || state.starts_with("57P")));
      if (m_transaction && !lost) {
        try {
          m_transaction->abort();
        } catch (...) {
          // The connection is gone too; the server has rolled back.
        }
      }
      m_transaction.reset();
      // A COPY cut off by the server reports a failure of its own, not a broken connection.
      if (lost || !statement_error)
        throw Unavailable(fmt::format("PostgreSQL at {}: {}{}", m_location,
                                      lost ? "the connection was lost: " : "",
                                      first_line(error.what())));
      throw;
    }
  }

 private:
  std::optional<std::string> run_single(const std::string& sql) {
    auto result = run(sql, {});
    if (result.empty() || result[0][0].is_null())
      return std::nullopt;
    return std::string(result[0][0].c_str());
  }

  std::string m_location;
  pqxx::connection m_connection;
  std::unique_ptr<pqxx::transaction_base> m_transaction;
  // The COPY a bulk insert left open (see insert_rows), and its table and columns; declared after
  // the transaction, so that it ends first.
  std::unique_ptr<CopySender> m_copy;
  std::string m_copy_target;
};

void PostgresStatement::run() {
  m_result = m_connection.run(m_sql, m_parameters);
  m_row = -1;
  m_ran = true;
}

bool PostgresStatement::step() {
  if (!m_ran)
    run();
  ++m_row;
  if (m_row >= static_cast<long>(m_result.size()))
    return false;
  read_row();
  return true;
}

void PostgresStatement::read_row() {
  m_values.resize(static_cast<std::size_t>(m_result.columns()));
  pqxx::row row = m_result[static_cast<pqxx::result::size_type>(m_row)];
  auto cell = m_values.begin();
  for (auto field = row.begin(); field != row.end(); ++field, ++cell) {
    cell->null = field->is_null();
    cell->text = field->c_str();
    cell->size = cell->null ? 0 : field->size();
  }
}

std::int64_t PostgresStatement::execute() {
  run();
  return static_cast<std::int64_t>(m_result.affected_rows());
}

}  // namespace

std::string printable_uri(const std::string& uri) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
  if (!options) {
    PQfreemem(error);
    // Not parsable: show the scheme and no more, as the rest may hold a password.
    return uri.substr(0, uri.find("://") == std::string::npos ? 0 : uri.find("://") + 3) + "...";
  }
  std::string user, host, port, name;
  for (auto* option = options; option->keyword; ++option) {
    if (!option->val)
      continue;
    std::string_view keyword = option->keyword;
    if (keyword == "user")
      user = option->val;
    else if (keyword == "host")
      host = option->val;
    else if (keyword == "port")
      port = option->val;
    else if (keyword == "dbname")
      name = option->val;
  }
  PQconninfoFree(options);
  std::string text = "postgresql://";
  if (!user.empty())
    text += user + "@";
  text += host;
  if (!port.empty())
    text += ":" + port;
  if (!name.empty())
    text += "/" + name;
  return text;
}

namespace {

// libpq waits for a server forever by default: a host whose network is cut, or a port that
// accepts and never answers, would hang a command or a web request with no word. Unless the URI or
// PGCONNECT_TIMEOUT says otherwise, tiendo gives up after this many seconds (exit 5, HTTP 503).
constexpr int default_connect_timeout_seconds = 10;

std::string with_default_timeout(const std::string& uri,
                                 const std::map<std::string, std::string>& fields) {
  if (fields.count("connect_timeout") || std::getenv("PGCONNECT_TIMEOUT"))
    return uri;
  std::string parameter = fmt::format("connect_timeout={}", default_connect_timeout_seconds);
  bool is_uri = uri.starts_with("postgresql://") || uri.starts_with("postgres://");
  if (!is_uri)
    return uri + " " + parameter;
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + parameter;
}

}  // namespace

std::unique_ptr<Connection> open(const std::string& uri) {
  // A URI libpq cannot read is bad input, named before anything connects.
  auto fields = uri_fields(uri);
  std::string location = printable_uri(uri);
  try {
    auto connection =
        std::make_unique<PostgresConnection>(with_default_timeout(uri, fields), location);
    // Text goes both ways as UTF-8, whatever the server's default; times are never read in a zone.
    connection->execute("SET client_encoding = 'UTF8'; SET application_name = 'tiendo'");
    return connection;
  } catch (const pqxx::broken_connection& error) {
    throw Unavailable(
        fmt::format("PostgreSQL at {}: cannot connect: {}", location, first_line(error.what())));
  }
}

void restart_identities(Connection& connection) {
  for (std::string_view table :
       {"dependency", "status_event", "baseline", "change_log", "account", "api_token", "session"})
    connection.execute(
        fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                    "coalesce((SELECT max(id) FROM {0}), 0) + 1, false)",
                    table));
}

void drop_schema(Connection& connection) {
  connection.execute(
      "DROP TABLE IF EXISTS session, api_token, account_province, account, setting, change_log, "
      "baseline_milestone, baseline, status_event, dependency, milestone, project, province, "
      "tiendo_schema_version; DROP FUNCTION IF EXISTS change_log_append_only()");
}

std::optional<std::string> failure_message(const std::exception& error) {
  if (dynamic_cast<const pqxx::failure*>(&error))
    return first_line(error.what());
  return std::nullopt;
}

}  // namespace tiendo::store::postgres
