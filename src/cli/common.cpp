#include "cli/common.h"

#include "report/views.h"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/progress.h"
#include "domain/error.h"
#include "domain/text.h"

namespace tiendo::cli {

std::string Context::database_path() const {
  if (!options.database.empty())
    return options.database;
  if (const char* environment = std::getenv("TIENDO_DB"); environment && *environment)
    return environment;
  return "tiendo.db";
}

Date Context::as_of() const {
  if (options.as_of.empty())
    return Date::today_in_vietnam();
  auto date = Date::try_parse(options.as_of);
  if (!date)
    throw InvalidInput(
        fmt::format("--as-of: '{}': {}", options.as_of, Date::why_not_a_date(options.as_of)));
  if (date->precision() != DatePrecision::Day)
    throw InvalidInput(
        fmt::format("--as-of: '{}': not a day (write 2020-09-30 or 30/09/2020)", options.as_of));
  return *date;
}

report::OutputFormat Context::format() const {
  if (options.format == "csv")
    return report::OutputFormat::Csv;
  if (options.format == "json")
    return report::OutputFormat::Json;
  return report::OutputFormat::Table;
}

report::Language Context::language() const {
  return options.language == "vi" ? report::Language::Vietnamese : report::Language::English;
}

std::string Context::actor() const {
  if (!options.actor.empty())
    return options.actor;
  if (const char* user = std::getenv("USER"); user && *user)
    return user;
  // No $USER (a service, cron, a container's shell): the login name of the process's user, so
  // that the change log names who made a change whenever the system knows it.
  if (const passwd* entry = getpwuid(geteuid()); entry && entry->pw_name && *entry->pw_name)
    return entry->pw_name;
  return "unknown";
}

store::ChangeContext Context::change_context(std::string reason, std::string source) const {
  // Everything here goes to the append-only change log, so it is checked before anything is
  // written: a bad byte there could never be taken out again.
  std::string who = actor();
  require_valid_text(options.actor.empty() ? "$USER" : "--actor", who);
  require_valid_text("--reason", reason);
  require_valid_text("--source", source);
  return store::ChangeContext{std::move(who), std::move(reason), std::move(source)};
}

store::Database Context::open_database(store::OpenMode mode) const {
  return store::Database::open(database_path(), mode);
}

ProgressReporter* Context::progress(bool beside_output) const {
  if (!error_is_terminal || options.quiet || (beside_output && output_is_terminal))
    return nullptr;
  if (!m_progress)
    m_progress =
        std::make_shared<TerminalProgress>(STDERR_FILENO, out, language(), colour_allowed());
  return m_progress.get();
}

void Context::print_json(const nlohmann::json& value) const {
  out << report::json_text(value) << '\n';
}

void Context::print(const report::Table& table, const nlohmann::json& json) const {
  switch (format()) {
    case report::OutputFormat::Json:
      print_json(json);
      break;
    case report::OutputFormat::Csv:
      report::render_csv(out, table, language());
      break;
    case report::OutputFormat::Table:
      report::render_table(out, table);
      break;
  }
}

std::string find_fixture(const std::string& given, const std::string& relative) {
  if (!given.empty()) {
    if (std::filesystem::exists(given))
      return given;
    throw NotFound(fmt::format("'{}' not found", given));
  }
  std::vector<std::filesystem::path> roots;
  if (const char* environment = std::getenv("TIENDO_FIXTURES"); environment && *environment)
    roots.emplace_back(environment);
  // An installed tiendo finds its data from where it is, so a package built for /usr and a
  // `make install` with DESTDIR or another PREFIX find it alike; a build finds the source tree's.
  // The current folder is not searched: a `fixtures` folder that happens to be there would
  // change what `tiendo demo` loads.
  std::error_code error;
  auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error)
    roots.push_back(executable.parent_path().parent_path() / "share" / "tiendo");
  roots.emplace_back(TIENDO_FIXTURES_DIR);
  roots.emplace_back(TIENDO_DATA_DIR);
  for (const auto& root : roots)
    if (std::filesystem::exists(root / relative))
      return (root / relative).string();
  throw NotFound(
      fmt::format("fixtures/{} not found (set TIENDO_FIXTURES or give the path)", relative));
}

CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& description) {
  CLI::App* command = parent.add_subcommand(name, description);
  command->fallthrough();
  return command;
}

void FieldCollector::option(CLI::App* command, const std::string& flag, const std::string& field,
                            const std::string& description) {
  auto value = std::make_shared<std::string>();
  CLI::Option* option = command->add_option(flag, *value, description);
  m_values.push_back(Entry{field, option, value});
}

Fields FieldCollector::fields() const {
  Fields fields;
  for (const auto& entry : m_values)
    if (entry.option->count() > 0)
      fields.push_back(Field{entry.field, *entry.value});
  return fields;
}

}  // namespace tiendo::cli
