#pragma once
// A folder of its own for one unit test, with a database in it (a SQLite file there, or a new
// database on the PostgreSQL test server: engines.h), both removed when the test ends.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "engines.h"
#include "store/database.h"

namespace tiendo::testing {

class DatabaseFolder {
 public:
  // `name` tells the test's folders apart in the temporary directory.
  explicit DatabaseFolder(const std::string& name) {
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    m_path = std::filesystem::temp_directory_path() /
             ("tiendo-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(stamp));
    std::filesystem::create_directories(m_path);
    database = std::make_unique<store::Database>(store::Database::open(
        database_location((m_path / "test.db").string()), store::OpenMode::CreateOrMigrate));
  }
  ~DatabaseFolder() {
    database.reset();
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  DatabaseFolder(const DatabaseFolder&) = delete;
  DatabaseFolder& operator=(const DatabaseFolder&) = delete;

  // Writes a file into the folder; its path.
  std::string write(const std::string& name, const std::string& text) const {
    auto path = (m_path / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::unique_ptr<store::Database> database;

 private:
  std::filesystem::path m_path;
};

}  // namespace tiendo::testing
