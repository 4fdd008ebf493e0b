#pragma once
// The embedded engine: one SQLite file, through SQLiteCpp.
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "store/connection.h"

namespace tiendo::store::sqlite {

// Opens the file at `path`, made new and empty by the caller or existing; SQLite never creates
// anything itself here (through a dangling link, an in-memory or a temporary database). With
// `must_exist` a missing file is NotFound. Sets the connection up for tiendo (foreign keys, a
// small cache, no memory map); a file that is no database is InvalidInput.
std::unique_ptr<Connection> open(const std::string& path, bool must_exist);

// Settings only a new file can take (page size, WAL), before its first table.
void prepare_new_file(Connection& connection);

// SQLite's online backup of `source` (a SQLite connection) into the new empty file at `path`:
// a consistent copy even while others write, shown as progress in bytes.
void backup(Connection& source, const std::string& path);

// Replaces the database file at `path` with a copy of `backup` (store/database.h:
// Database::restore); returns the schema version and the number of projects of what it put in
// place.
std::pair<int, std::int64_t> restore(const std::string& backup, const std::string& path,
                                     int latest_schema_version);

// The message of a failure inside SQLite, or nothing for any other exception.
std::optional<std::string> failure_message(const std::exception& error);

}  // namespace tiendo::store::sqlite
