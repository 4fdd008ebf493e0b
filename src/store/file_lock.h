#pragma once
// tiendo's own lock on a database file, so that a command which replaces the file (demo, init,
// restore) never does it under a process that has it open (a server, another command). SQLite's
// locks cannot serve: they live on the database file itself and belong to SQLite (a second lock
// on that file, or closing a descriptor of it, would break them), and they are held only during
// a transaction. This lock is an flock(2) on a file of its own beside the database, `X.tiendo-lock`
// (beside the real file when X is a link to it), held for as long as the database is open: shared
// by every process that uses the file, exclusive by one that replaces it. The lock file is never
// removed (removing it while someone waits on it would let two holders in) and holds nothing.
// A PostgreSQL database has no file and no lock: its server keeps its own.
#include <memory>
#include <string>

namespace tiendo::store {

enum class FileUse {
  // Opens the file and reads or writes through SQLite: any number at once.
  Shared,
  // Replaces or rebuilds the file: only while nobody else uses it, and nobody may start meanwhile.
  Exclusive,
};

class FileLock {
 public:
  // Nothing held (a PostgreSQL database).
  FileLock() = default;

  // Takes the lock of the database file at `path` (`shown`: the name messages give it). Within one
  // process the lock of one file is held once and shared by everything that takes it, so that a
  // command holding it exclusively can open the database it holds. Refusals, each one line naming
  // the file:
  // - Conflict (exit 4) when another process holds it in a way `use` cannot share. A shared lock
  //   waits a few seconds for an exclusive holder to finish first.
  // - InvalidInput (exit 2) when the lock file is a symbolic link (never followed) or no regular
  //   file; Error when it cannot be made (a folder tiendo may not write in).
  static FileLock take(const std::string& path, const std::string& shown, FileUse use);

  bool held() const { return m_held != nullptr; }

  // What is held: the lock file's descriptor (file_lock.cpp).
  struct Held;

 private:
  explicit FileLock(std::shared_ptr<Held> held) : m_held(std::move(held)) {}
  std::shared_ptr<Held> m_held;
};

// Where the lock of the database file at `path` is: beside the file a link at `path` leads to, so
// that every name of one file shares one lock.
std::string lock_file_path(const std::string& path);

}  // namespace tiendo::store
