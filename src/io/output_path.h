#pragma once
// Where tiendo writes files. Every command that writes a file or creates a database checks and
// opens its target here, so that one rule holds everywhere: a file is written where the user meant,
// or not at all.
// - A name that SQLite reads as something other than a file (empty: a temporary database;
//   ":memory:"; a "file:" URI) or any other URI is refused.
// - A missing folder is not created for a file, and only the last folder of an output folder is.
// - A symbolic link as the final component is never followed, dangling or not: a link may point at
//   a file the user did not mean to touch, and a dangling one would make a file somewhere else.
//   Nor is a file with other hard links replaced: that would change the file under its other names.
// - An existing file is replaced only when the user said --force (never, for a backup).
// Every refusal is InvalidInput (exit 2), one line naming the path: "<what>: '<path>': <reason>",
// where `what` is the command or option the path came from ("backup", "--out", "--db").
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace tiendo::io {

// What may happen to a regular file that is already at the target.
enum class Overwrite {
  Never,   // The target must not exist (a backup is always a new file).
  Refuse,  // Refused now; --force would allow it.
  Replace  // --force was given: the file is truncated and rewritten (a link is still refused).
};

// Refuses a name that is not a plain file name: empty, ":memory:", a "file:" SQLite URI, or any
// "scheme://" URI.
void check_file_name(std::string_view what, const std::string& path);

// Checks, without touching anything, that `path` can be written as a file under `overwrite`: the
// name, its folder (exists, and is a folder), and what is at the path now (nothing; or a regular
// file that `overwrite` lets be replaced; never a link, a folder or a device).
void check_file_target(std::string_view what, const std::string& path, Overwrite overwrite);

// Creates `path` as a new empty regular file (after the checks above, with Overwrite::Never), for
// SQLite to fill: it is then given a file that exists, so it creates nothing itself. The mode is
// SQLite's own for new databases (0644 less the umask).
void create_empty_file(std::string_view what, const std::string& path);

// How init and the other commands that may create a database find --db: a new empty file made
// here, or an existing database file to open (and migrate) in place.
enum class DatabaseFile { Created, Existing };
// A symbolic link to an existing regular file is accepted as an existing database: opening a
// database through a link reads and updates the file the user keeps it in, and creates nothing.
// A dangling link, a link to anything else, a folder and the names check_file_name refuses are
// refused; a missing file is created as by create_empty_file.
DatabaseFile prepare_database_file(std::string_view what, const std::string& path);

// A file open for writing, made without following a link at its final component: a new one
// (O_CREAT | O_EXCL | O_NOFOLLOW) or, with Overwrite::Replace, an existing regular file with no
// other hard link, opened with O_NOFOLLOW and emptied. A file created here and not closed
// successfully is removed again.
class OutputFile {
 public:
  static OutputFile open(std::string_view what, const std::string& path, Overwrite overwrite);
  OutputFile(OutputFile&&) noexcept;
  OutputFile& operator=(OutputFile&&) noexcept;
  ~OutputFile();

  std::ostream& stream();
  const std::string& path() const;
  // Writes out what is buffered and closes; throws InvalidInput when the data did not all reach
  // the file (a full disk, a quota), and then removes a file this object created.
  void close();

  struct State;

 private:
  friend class OutputDirectory;
  explicit OutputFile(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

// A folder to write files into (export --out, generate --out). It may exist, or is created when
// only its last component is missing; a file or a link of that name is refused. The folder is held
// open, so each file is made in the folder that was checked, even if the name is moved meanwhile.
class OutputDirectory {
 public:
  static OutputDirectory open(std::string_view what, const std::string& path);
  OutputDirectory(OutputDirectory&&) noexcept;
  OutputDirectory& operator=(OutputDirectory&&) noexcept;
  ~OutputDirectory();

  const std::string& path() const { return m_path; }
  // The path of `name` inside the folder, as messages show it.
  std::string file_path(const std::string& name) const;
  // As check_file_target, for a file directly inside the folder: lets a writer of several files
  // check all of them before it writes any.
  void check_file(const std::string& name, Overwrite overwrite) const;
  OutputFile create_file(const std::string& name, Overwrite overwrite) const;

 private:
  OutputDirectory(std::string what, std::string path, int descriptor);
  std::string m_what;
  std::string m_path;
  int m_descriptor = -1;
};

}  // namespace tiendo::io
