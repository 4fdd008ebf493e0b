#pragma once
// What every subcommand shares: the global options, the output streams, and small helpers to open
// the database and print in the format asked for.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "domain/date.h"
#include "domain/edit.h"
#include "domain/progress.h"
#include "report/format.h"
#include "store/database.h"

namespace tiendo::cli {

struct GlobalOptions {
  std::string database;
  std::string as_of;
  std::string format = "table";
  std::string language = "en";
  std::string actor;
  bool quiet = false;
};

class Context {
 public:
  Context(std::ostream& out, std::ostream& err) : out(out), err(err) {}
  GlobalOptions options;
  std::ostream& out;
  std::ostream& err;
  int exit_code = 0;

  std::string database_path() const;
  Date as_of() const;
  report::OutputFormat format() const;
  report::Language language() const;
  std::string actor() const;
  store::ChangeContext change_context(std::string reason = "", std::string source = "") const;
  store::Database open_database(store::OpenMode mode = store::OpenMode::MustExist) const;

  // Where long work shows its progress: standard error when it is a terminal and --quiet was not
  // given, else nowhere (nullptr, which a ProgressScope takes as no reporter). A command whose
  // output goes to the same terminal as the progress would have the two mixed, and passes
  // `beside_output` to show none then.
  ProgressReporter* progress(bool beside_output = false) const;
  // Set by run() when standard error and standard output are terminals.
  bool error_is_terminal = false;
  bool output_is_terminal = false;

  void print_json(const nlohmann::json& value) const;
  // Prints a table as a table or CSV, or `json` when JSON was asked for.
  void print(const report::Table& table, const nlohmann::json& json) const;

 private:
  mutable std::shared_ptr<ProgressReporter> m_progress;
};

// A file or directory shipped in fixtures/: the path given, else $TIENDO_FIXTURES, else
// ./fixtures, else share/tiendo/ beside the bin/ of the running executable (where `make install`
// and the package put them), else the fixtures/ of the source tree tiendo was built from, else
// the data folder of the install prefix it was built for. Throws NotFound.
std::string find_fixture(const std::string& given, const std::string& relative);

// Adds a subcommand that accepts the global options after its own name too.
CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& description);

// Fields for a domain edit from the options a user actually gave.
class FieldCollector {
 public:
  void option(CLI::App* command, const std::string& flag, const std::string& field,
              const std::string& description);
  Fields fields() const;
  void clear() { m_values.clear(); }

 private:
  struct Entry {
    std::string field;
    CLI::Option* option = nullptr;
    std::shared_ptr<std::string> value;
  };
  std::vector<Entry> m_values;
};

void register_init(CLI::App& app, Context& context);
void register_demo(CLI::App& app, Context& context);
void register_project(CLI::App& app, Context& context);
void register_milestone(CLI::App& app, Context& context);
void register_depend(CLI::App& app, Context& context);
void register_history(CLI::App& app, Context& context);
void register_import(CLI::App& app, Context& context);
void register_export(CLI::App& app, Context& context);
void register_backup(CLI::App& app, Context& context);
void register_restore(CLI::App& app, Context& context);
void register_schedule(CLI::App& app, Context& context);
void register_explain(CLI::App& app, Context& context);
void register_impact(CLI::App& app, Context& context);
void register_baseline(CLI::App& app, Context& context);
void register_pipeline(CLI::App& app, Context& context);
void register_forecast(CLI::App& app, Context& context);
void register_alerts(CLI::App& app, Context& context);
void register_report(CLI::App& app, Context& context);
void register_generate(CLI::App& app, Context& context);
void register_user(CLI::App& app, Context& context);
void register_serve(CLI::App& app, Context& context);
void register_calendar(CLI::App& app, Context& context);

// Parses and runs one command line; returns the exit code.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace tiendo::cli
