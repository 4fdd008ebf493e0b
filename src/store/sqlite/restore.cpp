// `tiendo restore BACKUP`: a database file replaced by a backup of it, safely (see
// Database::restore in store/database.h for the contract).
#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "domain/error.h"
#include "io/output_path.h"
#include "store/file_lock.h"
#include "store/sqlite/connection.h"

namespace tiendo::store::sqlite {
namespace {

// SQLite's URI syntax for a path: the characters a URI gives a meaning to are escaped.
std::string file_uri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#')
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      uri += c;
  }
  return uri;
}

bool exists_not_empty(const std::string& path) {
  struct stat status {};
  return ::lstat(path.c_str(), &status) == 0 && status.st_size > 0;
}

void remove_file(const std::string& what, const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw Error(fmt::format("{}: '{}': cannot remove: {}", what, path, std::strerror(errno)));
}

// Makes what was written to `path` (a file, or a folder's entries) survive a crash.
void sync(const std::string& path, bool folder) {
  int descriptor = ::open(path.c_str(), (folder ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (descriptor < 0)
    throw Error(fmt::format("restore: '{}': cannot open: {}", path, std::strerror(errno)));
  int result = ::fsync(descriptor);
  int error = errno;
  ::close(descriptor);
  if (result != 0)
    throw Error(fmt::format("restore: '{}': cannot sync: {}", path, std::strerror(error)));
}

// The backup, open for reading. A backup beside which SQLite left a write-ahead log (it was
// copied from a database in use) is opened as a database, so that its log is read with it;
// otherwise it is read as immutable, which changes nothing beside it, not even on a read-only
// medium.
SQLite::Database open_backup(const std::string& backup) {
  try {
    if (exists_not_empty(backup + "-wal"))
      return SQLite::Database(backup, SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW);
    return SQLite::Database(file_uri(backup) + "?immutable=1",
                            SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOFOLLOW);
  } catch (const SQLite::Exception& error) {
    throw InvalidInput(
        fmt::format("restore: '{}': cannot open as a database: {}", backup, error.what()));
  }
}

// Checks that `backup` holds a tiendo database this tiendo reads; returns its schema version and
// its number of projects.
std::pair<int, std::int64_t> check_backup(SQLite::Database& source, const std::string& backup,
                                          int latest_schema_version) {
  try {
    std::string check = source.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok")
      throw InvalidInput(fmt::format("restore: '{}': a damaged database ({})", backup, check));
    int version = source.execAndGet("PRAGMA user_version").getInt();
    if (version == 0 ||
        source.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                          "('project', 'milestone', 'change_log')")
                .getInt() != 3)
      throw InvalidInput(fmt::format("restore: '{}': not a tiendo database", backup));
    if (version > latest_schema_version)
      throw Conflict(fmt::format(
          "restore: '{}': written by a newer tiendo (schema version {}, this tiendo knows up to "
          "{}); upgrade tiendo to restore it",
          backup, version, latest_schema_version));
    auto projects = source.execAndGet("SELECT count(*) FROM project").getInt64();
    return {version, projects};
  } catch (const SQLite::Exception& error) {
    throw InvalidInput(
        fmt::format("restore: '{}': not a tiendo database: {}", backup, error.what()));
  }
}

// Refuses a backup that is no regular file of its own (a link is never followed) or that is the
// database itself.
void check_backup_file(const std::string& backup, const std::string& path) {
  io::check_file_name("restore", backup);
  struct stat status {};
  if (::lstat(backup.c_str(), &status) != 0)
    throw NotFound(fmt::format("restore: '{}': {}", backup, std::strerror(errno)));
  if (S_ISLNK(status.st_mode))
    throw InvalidInput(fmt::format(
        "restore: '{}': is a symbolic link; tiendo never reads a backup through a link (give "
        "the real path)",
        backup));
  if (!S_ISREG(status.st_mode))
    throw InvalidInput(fmt::format("restore: '{}': not a regular file", backup));
  struct stat database {};
  if (::stat(path.c_str(), &database) == 0 && database.st_dev == status.st_dev &&
      database.st_ino == status.st_ino)
    throw InvalidInput(fmt::format("restore: '{}': is the database itself", backup));
}

// Writes the old database's log into it and closes it, which removes its -wal and -shm (the last
// connection does). A database SQLite cannot open or check (a damaged one, the usual reason to
// restore) has a log nothing can read either: it is removed. Another program holding the file
// (tiendo's lock keeps tiendo's own away) makes it refuse rather than lose its writes.
void retire_old_log(const std::string& path) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0)
    return;
  try {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW);
    // The first column is 1 when another connection kept the checkpoint from finishing.
    SQLite::Statement checkpoint(old, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint.executeStep() && checkpoint.getColumn(0).getInt() != 0)
      throw Conflict(fmt::format(
          "restore: {}: another program has the database open (not tiendo: its lock is free); "
          "close it first",
          path));
  } catch (const SQLite::Exception& error) {
    if (error.getErrorCode() == SQLITE_BUSY || error.getErrorCode() == SQLITE_LOCKED)
      throw Conflict(fmt::format(
          "restore: {}: another program has the database open (not tiendo: its lock is free); "
          "close it first",
          path));
    // Damaged or no database: its log is removed below, before the rename.
  }
}

}  // namespace

std::pair<int, std::int64_t> restore(const std::string& backup, const std::string& path,
                                     int latest_schema_version) {
  // The database file itself is replaced, never a file a link at its name leads to: a link, a
  // folder and a file with other hard links are refused, as for any file tiendo replaces.
  io::check_file_target("--db", path, io::Overwrite::Replace);
  check_backup_file(backup, path);
  auto lock = FileLock::take(path, path, FileUse::Exclusive);

  // The copy is made beside the database, so that it can be renamed over it (one file system);
  // one left by a restore that crashed is removed first (nobody else may use it: we hold the lock).
  const std::string copy = path + ".tiendo-restore";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    remove_file("restore", copy + suffix);
  io::create_empty_file("restore", copy);
  std::pair<int, std::int64_t> restored;
  try {
    {
      auto source = open_backup(backup);
      restored = check_backup(source, backup, latest_schema_version);
      SQLite::Database destination(copy, SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW);
      SQLite::Backup copying(destination, source);
      while (true) {
        int result = copying.executeStep(1024);
        if (result == SQLITE_DONE)
          break;
        if (result == SQLITE_BUSY || result == SQLITE_LOCKED)
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      // tiendo's files are in WAL mode (store/sqlite/connection.cpp); the copy closes as the only
      // connection, so its log is written into it and removed.
      destination.exec("PRAGMA journal_mode = WAL");
      if (destination.execAndGet("PRAGMA user_version").getInt() != restored.first)
        throw Error(fmt::format("restore: '{}': the copy differs from the backup", copy));
    }
    if (exists_not_empty(copy + "-wal"))
      throw Error(fmt::format("restore: '{}': the copy kept a write-ahead log", copy));
    remove_file("restore", copy + "-wal");
    remove_file("restore", copy + "-shm");
    // The restored file keeps the old one's permissions (it may hold secrets: password hashes).
    struct stat old {};
    if (::stat(path.c_str(), &old) == 0)
      ::chmod(copy.c_str(), old.st_mode & 07777);
    sync(copy, false);

    retire_old_log(path);
    // Whatever is left beside the old file belongs to it alone: after the rename SQLite would
    // take it for the new file's. Removed before the rename, so a crash between the two leaves
    // the old file with its log written into it.
    remove_file("restore", path + "-wal");
    remove_file("restore", path + "-shm");
    if (::rename(copy.c_str(), path.c_str()) != 0)
      throw Error(fmt::format("restore: '{}': cannot replace: {}", path, std::strerror(errno)));
  } catch (const SQLite::Exception& error) {
    remove_file("restore", copy);
    throw Error(fmt::format("restore: '{}': {}", backup, error.what()));
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(copy, ignored);
    throw;
  }
  auto folder = std::filesystem::path(path).parent_path();
  sync(folder.empty() ? "." : folder.string(), true);
  return restored;
}

}  // namespace tiendo::store::sqlite
