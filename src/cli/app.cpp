#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "cli/common.h"
#include "domain/command_line.h"
#include "domain/error.h"
#include "domain/text.h"
#include "report/safe_output.h"

namespace tiendo::cli {
namespace {

// What each command writes with --format. `table` is every command's ordinary output (for export
// its CSV); a command not listed prints a message and takes only that. The global --format
// accepts the union, so a command's own formats work before its name as after it, and each
// command refuses what it does not write.
const std::map<std::string, std::vector<std::string>, std::less<>> command_formats = {
    {"project show", {"table", "json"}},
    {"project list", {"table", "csv", "json"}},
    {"milestone list", {"table", "csv", "json"}},
    {"depend list", {"table", "csv", "json"}},
    {"schedule", {"table", "csv", "json"}},
    {"explain", {"table", "json"}},
    {"impact", {"table", "csv", "json"}},
    {"baseline list", {"table", "csv", "json"}},
    {"baseline diff", {"table", "csv", "json"}},
    {"pipeline", {"table", "csv", "json"}},
    {"forecast", {"table", "csv", "json"}},
    {"alerts", {"table", "csv", "json"}},
    {"history", {"table", "csv", "json"}},
    {"user list", {"table", "csv", "json"}},
    {"calendar list", {"table", "csv", "json"}},
    {"calendar show", {"table", "json"}},
    {"export", {"table", "csv", "json", "xlsx", "geojson", "ics", "dot"}},
    {"report", {"html", "md", "docx"}},
};
const std::vector<std::string> message_formats = {"table"};

std::vector<std::string> all_formats() {
  std::vector<std::string> formats;
  auto add = [&](const std::vector<std::string>& list) {
    for (const auto& format : list)
      if (std::find(formats.begin(), formats.end(), format) == formats.end())
        formats.push_back(format);
  };
  add(message_formats);
  for (const auto& [command, list] : command_formats)
    add(list);
  return formats;
}

std::string or_list(const std::vector<std::string>& words) {
  if (words.size() == 1)
    return words.front();
  return fmt::format("{} or {}", fmt::join(words.begin(), words.end() - 1, ", "), words.back());
}

// The subcommands the parser chose, outermost first.
std::vector<CLI::App*> chosen_commands(CLI::App& app) {
  std::vector<CLI::App*> chain;
  CLI::App* current = &app;
  while (true) {
    auto chosen = current->get_subcommands();
    if (chosen.empty())
      break;
    current = chosen.front();
    chain.push_back(current);
  }
  return chain;
}

std::string command_path(const std::vector<CLI::App*>& chain) {
  std::string path;
  for (const auto* command : chain)
    path += (path.empty() ? "" : " ") + command->get_name();
  return path;
}

// A global --format the chosen command does not write is refused before the command runs. A
// command's own --format (export's) has its own list and is checked by CLI11 as it is read.
void check_format(CLI::App& app, const CLI::Option& global_format, const std::string& format) {
  auto chain = chosen_commands(app);
  if (chain.empty() || global_format.count() == 0)
    return;
  if (const auto* own = chain.back()->get_option_no_throw("--format"); own && own->count() > 0)
    return;
  std::string path = command_path(chain);
  auto found = command_formats.find(path);
  const auto& supported = found == command_formats.end() ? message_formats : found->second;
  if (std::find(supported.begin(), supported.end(), format) == supported.end())
    throw InvalidInput(
        fmt::format("--format: '{}': {} writes {}", format, path, or_list(supported)));
}

// An option that picks what a command reads (a project, a province, a date, a field) means
// nothing when given empty; taking it as "not given" would answer a question the user did not
// ask (every project instead of one). Options that set a value may be empty where that clears it,
// and their own checks say so.
void check_selectors_not_empty(CLI::App& app) {
  static const std::set<std::string, std::less<>> selectors = {
      "--project",      "--province",  "--technology", "--stage", "--target",
      "--by",           "--baseline",  "--compare",    "--what",  "--fail-on",
      "--min-severity", "--cod-basis", "--as-of",      "--date",  "--to",
      "--from",         "--role",      "--actor",      "CODE"};
  std::vector<CLI::App*> commands = chosen_commands(app);
  // A command that sets fields (project add/set, milestone set, user add/set) gives an option
  // a value to store, where an empty one may clear it; its own checks judge that.
  if (!commands.empty() &&
      (commands.back()->get_name() == "add" || commands.back()->get_name() == "set"))
    commands.pop_back();
  commands.insert(commands.begin(), &app);
  for (CLI::App* command : commands)
    for (const CLI::Option* option : command->get_options()) {
      if (option->count() == 0)
        continue;
      std::string name;
      if (!option->nonpositional())
        name = option->get_name(true);
      for (const auto& long_name : option->get_lnames())
        name = "--" + long_name;
      if (!selectors.contains(name))
        continue;
      for (const auto& value : option->results())
        if (value.empty())
          throw InvalidInput(fmt::format("{}: '': empty; leave {} out to mean none", name,
                                         option->nonpositional() ? "the option" : "it"));
    }
}

std::vector<std::string> command_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const auto* subcommand : command.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(subcommand->get_name());
  return names;
}

const CLI::Option* find_option(const CLI::App* command, const std::string& name) {
  // Options of the commands outside fall through to this one, as add_command arranges.
  for (; command != nullptr; command = command->get_parent())
    if (const auto* option = command->get_option_no_throw(name))
      return option;
  return nullptr;
}

// CLI11 answers `tiendo piepline` with "A subcommand is required" and `tiendo` alone with the
// same, naming neither what was typed nor what exists. The words before the command are read
// here first, the way CLI11 will read them, to answer those two cases itself; whatever this scan
// is unsure of (an unknown option, a missing value, a request for help) it leaves to CLI11.
std::optional<std::string> command_word_problem(const CLI::App& app, int argc,
                                                const char* const* argv) {
  const CLI::App* current = &app;
  std::string path = "tiendo";
  for (int i = 1; i < argc; ++i) {
    std::string token = argv[i];
    if (token == "--")
      return std::nullopt;
    if (token.size() > 1 && token[0] == '-') {
      std::string name = token.substr(0, token.find('='));
      const CLI::Option* option = find_option(current, name);
      if (option == nullptr || name == "-h" || name == "--help" || name == "--version")
        return std::nullopt;
      // A flag (--quiet) expects no value, whatever the size of its type.
      bool takes_value = option->get_type_size_max() > 0 && option->get_expected_max() > 0;
      if (takes_value && token.find('=') == std::string::npos) {
        if (i + 1 >= argc)
          return std::nullopt;
        ++i;
      }
      continue;
    }
    auto names = command_names(*current);
    if (names.empty())
      return std::nullopt;
    const CLI::App* next = nullptr;
    for (const auto* subcommand : current->get_subcommands([](const CLI::App*) { return true; }))
      if (subcommand->check_name(token))
        next = subcommand;
    if (next == nullptr) {
      auto meant = likely_meant(token, names);
      return fmt::format("{}: unknown command '{}'{} (see {} --help)", path, shown_safely(token),
                         meant ? fmt::format("; did you mean '{}'?", *meant) : "", path);
    }
    current = next;
    path += " " + current->get_name();
    if (command_names(*current).empty())
      return std::nullopt;
  }
  if (current->get_require_subcommand_min() == 0)
    return std::nullopt;
  if (current == &app)
    return fmt::format("tiendo: give a command; `tiendo --help` lists them");
  return fmt::format("{}: give a command ({}); `{} --help` describes them", path,
                     fmt::join(command_names(*current), ", "), path);
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& raw_out, std::ostream& raw_err) {
  report::SafeTextBuffer out_buffer(raw_out.rdbuf(), report::SafeTextBuffer::Buffering::Buffered);
  report::SafeTextBuffer err_buffer(raw_err.rdbuf());
  std::ostream out(&out_buffer), err(&err_buffer);
  // What goes to standard error comes after everything printed before it, as with std::cerr.
  err.tie(&out);
  Context context(out, err);
  CLI::App app{"tiendo — a portfolio tracker for energy-project pipelines", "tiendo"};
  app.require_subcommand(1);
  app.fallthrough();
  // The version comes from project() in CMakeLists.txt, so the two cannot disagree.
  app.set_version_flag("--version", "tiendo " TIENDO_VERSION, "print the version and exit");
  auto& options = context.options;
  auto* database_option =
      app.add_option("--db", options.database,
                     "SQLite file or postgresql://user@host:port/db (default $TIENDO_DB, "
                     "else ./tiendo.db)");
  app.add_option("--as-of", options.as_of,
                 "data date YYYY-MM-DD (default today, Asia/Ho_Chi_Minh)");
  auto* format_option =
      app.add_option("--format", options.format,
                     "output format; each command says which it writes (default table)")
          ->check(CLI::IsMember(all_formats()));
  app.add_option("--lang", options.language, "language of tables and reports")
      ->check(CLI::IsMember({"en", "vi"}));
  app.add_option("--actor", options.actor, "who makes the change (default $USER)");
  app.add_flag("--quiet", options.quiet, "no progress on standard error during long work");
  // Progress is drawn straight on the terminal, so only when the streams are the process's own.
  context.error_is_terminal = &raw_err == &std::cerr && ::isatty(STDERR_FILENO) == 1;
  context.output_is_terminal = &raw_out == &std::cout && ::isatty(STDOUT_FILENO) == 1;

  register_init(app, context);
  register_demo(app, context);
  register_project(app, context);
  register_milestone(app, context);
  register_depend(app, context);
  register_schedule(app, context);
  register_explain(app, context);
  register_impact(app, context);
  register_baseline(app, context);
  register_pipeline(app, context);
  register_forecast(app, context);
  register_alerts(app, context);
  register_report(app, context);
  register_history(app, context);
  register_import(app, context);
  register_calendar(app, context);
  register_export(app, context);
  register_backup(app, context);
  register_restore(app, context);
  register_generate(app, context);
  register_user(app, context);
  register_serve(app, context);
  // Runs once every option is read and before any command's callback, so nothing has been
  // written when a format is refused.
  app.parse_complete_callback([&app, format_option, database_option, &options] {
    check_format(app, *format_option, options.format);
    // An empty --db names no file; falling back to $TIENDO_DB or ./tiendo.db would act on a
    // database the user did not name.
    if (database_option->count() > 0 && options.database.empty())
      throw InvalidInput("--db: '': no file name given");
    check_selectors_not_empty(app);
  });

  try {
    if (auto problem = command_word_problem(app, argc, argv)) {
      err << *problem << '\n';
      return static_cast<int>(ExitCode::BadInput);
    }
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
      app.exit(error, out, err);
      return 0;
    }
    err << "tiendo: " << printable(error.what()) << '\n';
    return static_cast<int>(ExitCode::BadInput);
  } catch (const InvalidInput& error) {
    for (const auto& problem : error.problems())
      err << printable(problem) << '\n';
    return static_cast<int>(error.exit_code());
  } catch (const Error& error) {
    err << "tiendo: " << printable(error.what()) << '\n';
    return static_cast<int>(error.exit_code());
  } catch (const std::exception& error) {
    if (auto failure = store::database_failure(error))
      err << "tiendo: database: " << printable(*failure) << '\n';
    else
      err << "tiendo: internal error: " << printable(error.what()) << '\n';
    return static_cast<int>(ExitCode::Internal);
  }
  return context.exit_code;
}

}  // namespace tiendo::cli
