#include "engines.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace tiendo::testing {
namespace {

std::string base_uri() {
  const char* base = std::getenv("TIENDO_TEST_POSTGRES");
  return base && *base ? std::string(base) : std::string();
}

// A shell word in single quotes.
std::string quoted(const std::string& text) {
  std::string result = "'";
  for (char c : text) {
    if (c == '\'')
      result += "'\\''";
    else
      result += c;
  }
  return result + "'";
}

// The databases this run made, dropped at exit.
class Made {
 public:
  ~Made() {
    for (const auto& name : m_names)
      run_psql(base_uri() + "/postgres", "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  }
  void add(const std::string& name) {
    std::lock_guard lock(m_mutex);
    m_names.push_back(name);
  }

 private:
  std::mutex m_mutex;
  std::vector<std::string> m_names;
};

Made& made() {
  static Made databases;
  return databases;
}

}  // namespace

bool on_postgres() {
  return !base_uri().empty();
}

bool run_psql(const std::string& uri, const std::string& sql) {
  std::string command =
      "psql -q -X -v ON_ERROR_STOP=1 " + quoted(uri) + " -c " + quoted(sql) + " > /dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

std::string psql_value(const std::string& uri, const std::string& sql) {
  std::string command =
      "psql -q -X -t -A -v ON_ERROR_STOP=1 " + quoted(uri) + " -c " + quoted(sql) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    throw std::runtime_error("cannot run psql");
  std::string output;
  char buffer[4096];
  while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, read);
  if (::pclose(pipe) != 0)
    throw std::runtime_error("psql: " + output);
  while (!output.empty() && output.back() == '\n')
    output.pop_back();
  return output;
}

std::string database_location(const std::string& file) {
  if (!on_postgres())
    return file;
  static std::atomic<int> counter{0};
  std::string stem = std::filesystem::path(file).stem().string();
  std::string name =
      "unit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + stem;
  if (!run_psql(base_uri() + "/postgres", "CREATE DATABASE \"" + name + "\""))
    throw std::runtime_error("cannot create the test database " + name);
  made().add(name);
  return base_uri() + "/" + name;
}

}  // namespace tiendo::testing
