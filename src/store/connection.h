#pragma once
// The seam between the store's logic (store/database.cpp: what is read and written, the change
// log, accounts, baselines) and the two engines it runs on: an embedded SQLite file
// (store/sqlite/) and a shared PostgreSQL database (store/postgres/). Everything the two do
// differently sits behind these two classes, so that one rule is written once and both engines
// give the same answers.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiendo::store {

// One SQL statement with "?" parameters, numbered from 1 in the order they appear; the columns
// of its rows are numbered from 0.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, double value) = 0;
  virtual void bind(int index, std::string_view value) = 0;
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  // Runs the statement on the first call; true while a row is there to read.
  virtual bool step() = 0;
  // Runs a statement that gives no rows; returns how many rows it changed.
  virtual std::int64_t execute() = 0;
  // Makes the statement ready to run again with new parameters.
  virtual void reset() = 0;

  virtual bool is_null(int column) = 0;
  virtual std::int64_t integer(int column) = 0;
  virtual double real(int column) = 0;
  virtual std::string text(int column) = 0;
};

// One value of a row written in bulk (Connection::insert_rows).
struct Cell {
  enum Kind : std::uint8_t { Null, Integer, Real, Text } kind = Null;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
};

enum class TransactionKind {
  // One consistent snapshot for every statement until the end.
  Read,
  // The only writer of the database until commit or rollback, taken before anything is read, so
  // that what a command reads is what it writes back and writers never lose each other's updates.
  Write,
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Where the database is, as a message may show it: a file's path, or a PostgreSQL URI without
  // its password.
  virtual const std::string& location() const = 0;
  virtual bool is_postgres() const = 0;
  // What makes an ORDER BY of text compare bytes, as SQLite does by default: a PostgreSQL server's
  // collation follows its locale, which would order codes differently from one server to another.
  virtual std::string_view byte_order() const = 0;

  virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
  // Runs SQL without parameters, several statements at once.
  virtual void execute(std::string_view sql) = 0;

  virtual void begin(TransactionKind kind) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;

  // The id every change-log row of the write transaction under way carries (the change log's
  // write_id), so that undoing "the whole write" takes exactly its rows: chosen by the first row
  // the transaction logs, forgotten when a write transaction begins.
  std::optional<std::int64_t>& write_id() { return m_write_id; }

  // Whether the file this connection reads is no longer the one its path names (a file moved over
  // it, or it was removed); false where the database is no file.
  virtual bool file_replaced() { return false; }
  // Writes the engine's log into the database file as far as no reader needs it; nothing where
  // there is no such log.
  virtual void checkpoint() {}

  // Moves whenever another connection commits a write, or stays 0 where the engine has no such
  // count (then the change log's last id alone tells, as every write of the portfolio logs).
  virtual std::int64_t writes_by_others() = 0;

  // The schema version this database is at (0: no tiendo schema yet), and the migrations of this
  // engine's dialect: migration i brings the database to version i + 1.
  virtual int schema_version() = 0;
  virtual void set_schema_version(int version) = 0;
  virtual const std::vector<std::string_view>& migrations() const = 0;
  // Tables that are not tiendo's, in a database at schema version 0.
  virtual std::int64_t foreign_tables() = 0;

  // A command about to write much: the engine may set itself up for it (a larger page cache).
  virtual void prepare_bulk_write() {}
  // Drops the secondary indexes and foreign keys of a table about to more than double and returns
  // the statements that make them again, in an order that works; an engine that gains nothing by
  // it drops none. With `unique_keys`, the primary and unique keys go too where the engine can
  // add them back (they are checked when made again).
  virtual std::vector<std::string> drop_secondary_indexes(std::string_view table,
                                                          bool unique_keys) {
    (void)table;
    (void)unique_keys;
    return {};
  }
  // Writes `rows` rows of `columns` into `table`: cells[row * columns.size() + column]. Text must
  // not hold a NUL (the store's text never does: see domain/text.h).
  virtual void insert_rows(std::string_view table, const std::vector<std::string_view>& columns,
                           const std::vector<Cell>& cells, std::size_t rows) = 0;
  // How many rows of that many columns insert_rows takes best at once.
  virtual std::size_t rows_per_insert(std::size_t columns) const = 0;

 private:
  std::optional<std::int64_t> m_write_id;
};

}  // namespace tiendo::store
