// The database file replaced under a server, and tiendo's lock beside it (issue 28, item 4). Over
// real HTTP and between processes: tests/web/dbfile_test.py. Here what one process can show
// deterministically: a write whose file is moved away while it is made is refused, and the next
// request reads the new file.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "domain/error.h"
#include "engines.h"
#include "operations/edits.h"
#include "operations/projects.h"
#include "store/database.h"
#include "store/file_lock.h"
#include "web/workspace.h"

using namespace tiendo;

namespace {

class Folder {
 public:
  Folder() {
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    m_path = std::filesystem::temp_directory_path() /
             ("tiendo-dbfile-" + std::to_string(::getpid()) + "-" + std::to_string(stamp));
    std::filesystem::create_directories(m_path);
  }
  ~Folder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  std::string file(const std::string& name) const { return (m_path / name).string(); }

 private:
  std::filesystem::path m_path;
};

const store::ChangeContext staff{"ann", "", ""};

Fields wind_farm(const std::string& code) {
  return {{"code", code},
          {"name", "Điện gió " + code},
          {"technology", "wind_onshore"},
          {"province", "Trà Vinh"},
          {"capacity_mw", "48"}};
}

void make_database(const std::string& path, const std::vector<std::string>& codes) {
  auto database = store::Database::open(path, store::OpenMode::CreateOrMigrate);
  for (const auto& code : codes)
    operations::edit_project(database, staff, operations::EditKind::Add, wind_farm(code));
}

}  // namespace

TEST_CASE("database file: the lock beside it is shared in a process, and never a link") {
  if (testing::on_postgres())
    return;
  Folder folder;
  auto path = folder.file("locked.db");
  make_database(path, {});
  CHECK(std::filesystem::is_regular_file(path + ".tiendo-lock"));
  {
    auto open = store::Database::open(path);
    // The same process opening it again shares its lock; replacing it is refused while it is open.
    auto again = store::Database::open(path);
    CHECK_THROWS_AS(store::Database::lock_alone(path), Conflict);
  }
  {
    // Held alone, the process may still open it (a demo rebuilds what it holds).
    auto alone = store::Database::lock_alone(path);
    CHECK(alone.held());
    auto open = store::Database::open(path);
  }
  // PostgreSQL keeps its own locks.
  CHECK_FALSE(store::Database::lock_alone("postgresql://nobody@localhost/none").held());
  // A link at the lock file's name is never followed.
  std::filesystem::remove(path + ".tiendo-lock");
  auto victim = folder.file("victim.txt");
  std::ofstream(victim) << "precious\n";
  std::filesystem::create_symlink(victim, path + ".tiendo-lock");
  CHECK_THROWS_AS(store::Database::open(path), InvalidInput);
  CHECK(std::filesystem::file_size(victim) == 9);
}

TEST_CASE(
    "database file: a write to a file moved away meanwhile is refused, and the new one read") {
  if (testing::on_postgres())
    return;
  Folder folder;
  auto served = folder.file("served.db");
  auto backup = folder.file("backup.db");
  make_database(served, {"A-1", "A-2"});
  make_database(backup, {"B-1"});
  web::Workspace workspace(served);
  CHECK(workspace.snapshot()->portfolio().projects.size() == 2);
  CHECK_FALSE(workspace.with_database(
      [](store::Database& database) { return database.file_replaced(); }, web::Access::Read));
  // The backup moved over the served file while a write is made: committed to the old file, so
  // refused rather than answered as made.
  CHECK_THROWS_AS(workspace.with_database([&](store::Database& database) {
    operations::edit_project(database, staff, operations::EditKind::Add, wind_farm("A-3"));
    std::filesystem::rename(backup, served);
  }),
                  Unavailable);
  // The old file's log is gone from beside the new one, and the next request reads the new file.
  auto snapshot = workspace.snapshot();
  REQUIRE(snapshot->portfolio().projects.size() == 1);
  CHECK(snapshot->portfolio().projects[0].code == "B-1");
  // A write now goes to the new file, and is answered.
  workspace.with_database([&](store::Database& database) {
    operations::edit_project(database, staff, operations::EditKind::Add, wind_farm("B-2"));
  });
  CHECK(workspace.snapshot()->portfolio().projects.size() == 2);
  {
    auto reader = store::Database::open(served);
    CHECK(reader.load().projects.size() == 2);
  }
  // A file that is no database moved over it: every request is refused (503) until a database is
  // there again.
  auto junk = folder.file("junk.db");
  std::ofstream(junk) << std::string(4096, 'x');
  std::filesystem::rename(served, folder.file("aside.db"));
  std::filesystem::rename(junk, served);
  CHECK_THROWS_AS(workspace.snapshot(), Unavailable);
  CHECK_THROWS_AS(
      workspace.with_accounts([](store::Database& database) { return database.accounts(); },
                              web::Access::Read),
      Unavailable);
  // The same file moved back is read again, with its own log, and written to.
  std::filesystem::rename(folder.file("aside.db"), served);
  CHECK(workspace.snapshot()->portfolio().projects.size() == 2);
  workspace.with_database([&](store::Database& database) {
    operations::edit_project(database, staff, operations::EditKind::Add, wind_farm("B-3"));
  });
  CHECK(workspace.snapshot()->portfolio().projects.size() == 3);
  auto reader = store::Database::open(served);
  CHECK(reader.load().projects.size() == 3);
}
