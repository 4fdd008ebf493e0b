// Text written into a database behind tiendo's back (another tool, an older version) makes valid
// output from either store: the writers' one function per kind of output (document_text for
// files, json_text for JSON) gives valid UTF-8 with no raw control character, the text whole.
// PostgreSQL itself refuses a NUL or a byte that is not UTF-8, so there an escape character and a
// C1 control stand for what it can hold; SQLite holds anything.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "domain/text.h"
#include "engines.h"
#include "io/json_export.h"
#include "io/tiendo_csv.h"
#include "report/views.h"
#include "store/database.h"

using namespace tiendo;
using namespace std::string_literals;

namespace {

std::filesystem::path temporary_file() {
  static std::atomic<int> counter{0};
  auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::filesystem::temp_directory_path() /
         ("tiendo-stored-text-" + std::to_string(::getpid()) + "-" + std::to_string(stamp) + "-" +
          std::to_string(counter++) + ".db");
}

// Valid UTF-8 with no C0 control character but the line breaks a file is made of; `strictly`,
// no DEL or C1 control either (JSON may carry those as they are: they are valid in it).
bool clean(const std::string& text, bool strictly = true) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\r') || (strictly && byte == 0x7F))
      return false;
  }
  return is_valid_utf8(text) && (!strictly || text.find("\xc2\x9b") == std::string::npos);
}

}  // namespace

TEST_CASE("stored text: what another tool wrote into either store makes valid CSV and JSON") {
  auto file = temporary_file();
  std::string location = testing::database_location(file.string());
  {
    auto database = store::Database::open(location, store::OpenMode::CreateOrMigrate);
    database.modify(store::ChangeContext{"tester", "", ""}, [](Portfolio& portfolio) {
      Project project;
      project.code = "ST-1";
      project.name = "placeholder";
      project.technology = Technology::WindOnshore;
      project.province = "Sóc Trăng";
      portfolio.add_project(project);
    });
  }
  std::string stored;
  if (testing::on_postgres()) {
    stored = "Bad\x1b[31m\xc2\x9bx";
    REQUIRE(testing::run_psql(
        location, "UPDATE project SET name = 'Bad' || chr(27) || '[31m' || chr(155) || 'x'"));
    // PostgreSQL keeps such text out itself.
    CHECK_FALSE(testing::run_psql(location, "UPDATE project SET name = 'a' || chr(0)"));
  } else {
    stored = "Bad\x1b[31m\xc2\x9b\xff\0x"s;
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(location.c_str(), &handle) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, "UPDATE project SET name = ?", -1, &statement, nullptr) ==
            SQLITE_OK);
    sqlite3_bind_text(statement, 1, stored.data(), static_cast<int>(stored.size()),
                      SQLITE_TRANSIENT);
    CHECK(sqlite3_step(statement) == SQLITE_DONE);
    sqlite3_finalize(statement);
    sqlite3_close(handle);
  }
  auto database = store::Database::open(location, store::OpenMode::MustExist);
  Portfolio portfolio = database.load();
  REQUIRE(portfolio.projects.size() == 1);
  CHECK(portfolio.projects[0].name == stored);

  std::ostringstream csv;
  io::write_projects_csv(csv, portfolio);
  CHECK(clean(csv.str()));
  CHECK(csv.str().find(document_text(stored)) != std::string::npos);
  CHECK(document_text(stored).find("Bad\\x1b[31m\\u009b") == 0);

  std::string json = report::json_text(io::project_json(portfolio.projects[0]));
  CHECK(clean(json, false));
  auto parsed = nlohmann::json::parse(json);
  // JSON keeps the control characters as its own escapes; only a stray byte is replaced.
  CHECK(parsed["name"].get<std::string>().starts_with("Bad\x1b[31m\xc2\x9b"));
  if (!testing::on_postgres())
    CHECK(parsed["name"].get<std::string>() == "Bad\x1b[31m\xc2\x9b\xef\xbf\xbd\0x"s);
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
}
