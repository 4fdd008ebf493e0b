// Where tiendo writes files: each kind of target that must be refused, with the path named, and
// the files that must stay untouched.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/error.h"
#include "io/output_path.h"

using namespace tiendo;
using io::Overwrite;

namespace {

class Folder {
 public:
  Folder() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("tiendo-output-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~Folder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  std::string operator/(const std::string& name) const { return (m_path / name).string(); }

 private:
  std::filesystem::path m_path;
};

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The message of the InvalidInput that `action` throws ("" when it throws none).
template <typename Action>
std::string refusal(Action action) {
  try {
    action();
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "";
}

bool is_link(const std::string& path) {
  return std::filesystem::is_symlink(std::filesystem::symlink_status(path));
}

}  // namespace

TEST_CASE("output path: names that are no file are refused, whatever the writer") {
  CHECK(refusal([] { io::check_file_name("backup", ""); }) == "backup: '': no file name given");
  CHECK(refusal([] { io::check_file_name("--db", ":memory:"); }).starts_with("--db: ':memory:': "));
  for (const char* uri : {"file:x.db", "file:x.db?mode=memory", "FILE:x.db",
                          "file::memory:", "https://example.org/x.db", "postgresql://host/db"})
    CHECK_MESSAGE(refusal([uri] {
                    io::check_file_name("backup", uri);
                  }).ends_with("a URI, not a file name; give the file's path"),
                  uri);
  for (const char* name : {"x.db", "./:memory:", "./file:x.db", "a:b.db", "dir/x.db", "://x"})
    CHECK_MESSAGE(refusal([name] { io::check_file_name("backup", name); }).empty(), name);
}

TEST_CASE("output path: the folder must exist and be a folder; it is never made for a file") {
  Folder folder;
  std::string target = folder / "missing/y.db";
  CHECK(refusal([&] { io::check_file_target("backup", target, Overwrite::Never); }) ==
        "backup: '" + target + "': no such folder '" + (folder / "missing") + "'");
  write(folder / "plain", "x");
  target = folder / "plain/y.db";
  CHECK(refusal([&] { io::check_file_target("backup", target, Overwrite::Never); }) ==
        "backup: '" + target + "': '" + (folder / "plain") + "' is not a folder");
  CHECK_FALSE(std::filesystem::exists(folder / "missing"));
  // A relative name in the current folder needs no folder part.
  CHECK(refusal([] {
          io::check_file_target("backup", "tiendo-output-none.db", Overwrite::Never);
        }).empty());
}

TEST_CASE("output path: what is at the target decides") {
  Folder folder;
  write(folder / "file", "keep");
  std::filesystem::create_directory(folder / "dir");
  std::filesystem::create_symlink(folder / "file", folder / "link");
  std::filesystem::create_symlink(folder / "nowhere", folder / "dangling");

  auto reason = [](const std::string& path, Overwrite overwrite) {
    return refusal([&] { io::check_file_target("w", path, overwrite); });
  };
  CHECK(reason(folder / "file", Overwrite::Never)
            .ends_with("exists already; it must not exist "
                       "(nothing is overwritten)"));
  CHECK(reason(folder / "file", Overwrite::Refuse).ends_with("give --force to replace it"));
  CHECK(reason(folder / "file", Overwrite::Replace).empty());
  for (auto overwrite : {Overwrite::Never, Overwrite::Refuse, Overwrite::Replace}) {
    CHECK(reason(folder / "dir", overwrite).ends_with("is a folder; give a file name"));
    CHECK(reason(folder / "link", overwrite).find("symbolic link") != std::string::npos);
    CHECK(reason(folder / "dangling", overwrite).find("symbolic link") != std::string::npos);
    CHECK(reason(folder / "dir/", overwrite).ends_with("names a folder; give a file name"));
  }
  CHECK(reason("/dev/null", Overwrite::Replace).ends_with("is not a regular file"));
}

TEST_CASE("output file: new, replaced only when asked, never through a link") {
  Folder folder;
  auto path = folder / "out.csv";
  auto file = io::OutputFile::open("--out", path, Overwrite::Refuse);
  file.stream() << "first\n";
  file.close();
  CHECK(read(path) == "first\n");

  CHECK(refusal([&] {
          io::OutputFile::open("--out", path, Overwrite::Refuse);
        }).ends_with("give --force to replace it"));
  CHECK(read(path) == "first\n");
  auto again = io::OutputFile::open("--out", path, Overwrite::Replace);
  again.stream() << "second\n";
  again.close();
  CHECK(read(path) == "second\n");

  // A link to a file: the file it points at keeps its content, even with --force.
  write(folder / "victim", "precious");
  std::filesystem::create_symlink(folder / "victim", folder / "link.csv");
  for (auto overwrite : {Overwrite::Refuse, Overwrite::Replace})
    CHECK(refusal([&] {
            io::OutputFile::open("--out", folder / "link.csv", overwrite);
          }).find("symbolic link") != std::string::npos);
  CHECK(read(folder / "victim") == "precious");
  CHECK(is_link(folder / "link.csv"));

  // A hard link: replacing it would rewrite the file under its other name too.
  std::filesystem::create_hard_link(folder / "victim", folder / "hard.csv");
  CHECK(refusal([&] {
          io::OutputFile::open("--out", folder / "hard.csv", Overwrite::Replace);
        }).ends_with("has other hard links; tiendo never writes through a link"));
  CHECK(read(folder / "victim") == "precious");

  // A dangling link: nothing is made where it points.
  std::filesystem::create_symlink(folder / "made", folder / "dangling.csv");
  for (auto overwrite : {Overwrite::Refuse, Overwrite::Replace})
    CHECK(refusal([&] {
            io::OutputFile::open("--out", folder / "dangling.csv", overwrite);
          }).find("symbolic link") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(folder / "made"));
}

TEST_CASE("output file: a new file left unfinished by a failed writer is removed") {
  Folder folder;
  auto path = folder / "partial.csv";
  {
    auto file = io::OutputFile::open("--out", path, Overwrite::Refuse);
    file.stream() << "half";
    // Not closed: the writer threw.
  }
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("output directory: exists or made (only its last part), never a file or a link") {
  Folder folder;
  auto directory = io::OutputDirectory::open("--out", folder / "new");
  CHECK(std::filesystem::is_directory(folder / "new"));
  auto file = directory.create_file("projects.csv", Overwrite::Refuse);
  file.stream() << "code\n";
  file.close();
  CHECK(file.path() == folder / "new/projects.csv");
  CHECK(read(folder / "new/projects.csv") == "code\n");
  CHECK(refusal([&] { directory.check_file("projects.csv", Overwrite::Refuse); }) ==
        "--out: '" + (folder / "new/projects.csv") +
            "': exists already; give --force to replace it");
  CHECK(refusal([&] { directory.check_file("projects.csv", Overwrite::Replace); }).empty());

  // The same folder again, with a trailing slash.
  CHECK(refusal([&] { io::OutputDirectory::open("--out", folder / "new/"); }).empty());

  CHECK(refusal([&] { io::OutputDirectory::open("--out", folder / "a/b"); }) ==
        "--out: '" + (folder / "a/b") + "': no such folder '" + (folder / "a") + "'");
  CHECK_FALSE(std::filesystem::exists(folder / "a"));
  write(folder / "plain", "keep");
  CHECK(refusal([&] {
          io::OutputDirectory::open("--out", folder / "plain");
        }).ends_with("is a file, not a folder"));
  CHECK(refusal([&] {
          io::OutputDirectory::open("--out", folder / "plain/sub");
        }).ends_with("' is not a folder"));
  std::filesystem::create_symlink(folder / "new", folder / "linked");
  std::filesystem::create_symlink(folder / "nowhere", folder / "dangling");
  for (const char* name : {"linked", "linked/", "dangling"})
    CHECK_MESSAGE(refusal([&] {
                    io::OutputDirectory::open("--out", folder / name);
                  }).find("symbolic link") != std::string::npos,
                  name);
  CHECK_FALSE(std::filesystem::exists(folder / "nowhere"));

  // Inside the folder, a link in place of a CSV is refused and its target left alone.
  write(folder / "victim", "precious");
  std::filesystem::create_symlink(folder / "victim", folder / "new/milestones.csv");
  for (auto overwrite : {Overwrite::Refuse, Overwrite::Replace})
    CHECK(refusal([&] {
            directory.create_file("milestones.csv", overwrite);
          }).find("symbolic link") != std::string::npos);
  CHECK(read(folder / "victim") == "precious");
}

TEST_CASE("database file: made new and empty, or an existing one opened in place") {
  Folder folder;
  CHECK(io::prepare_database_file("--db", folder / "new.db") == io::DatabaseFile::Created);
  CHECK(std::filesystem::file_size(folder / "new.db") == 0);
  CHECK(io::prepare_database_file("--db", folder / "new.db") == io::DatabaseFile::Existing);
  // A link to an existing database file is that database.
  std::filesystem::create_symlink(folder / "new.db", folder / "link.db");
  CHECK(io::prepare_database_file("--db", folder / "link.db") == io::DatabaseFile::Existing);
  // A dangling link would create the file somewhere else.
  std::filesystem::create_symlink(folder / "elsewhere.db", folder / "dangling.db");
  CHECK(refusal([&] {
          io::prepare_database_file("--db", folder / "dangling.db");
        }).find("symbolic link") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(folder / "elsewhere.db"));
  std::filesystem::create_directory(folder / "dir.db");
  CHECK(refusal([&] {
          io::prepare_database_file("--db", folder / "dir.db");
        }).ends_with("is a folder; give a file name"));
  for (const char* name : {"", ":memory:", "file:x.db"})
    CHECK_MESSAGE(!refusal([&] { io::prepare_database_file("--db", name); }).empty(), name);
  CHECK(refusal([&] {
          io::prepare_database_file("--db", folder / "missing/x.db");
        }).find("no such folder") != std::string::npos);

  // A backup's target is always new.
  io::create_empty_file("backup", folder / "copy.db");
  CHECK(refusal([&] {
          io::create_empty_file("backup", folder / "copy.db");
        }).ends_with("exists already; it must not exist (nothing is overwritten)"));
}
