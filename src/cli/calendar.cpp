// tiendo calendar list|show|add|set: the working calendars projects count their durations on.
#include <fmt/format.h>

#include <optional>

#include "cli/common.h"
#include "domain/error.h"
#include "operations/calendars.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

constexpr report::Label weekday_labels[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};

// A weekday as a week's line abbreviates it: mon ... sun, or T2 ... CN as Vietnamese writes them.
std::string short_weekday(int weekday, report::Language language) {
  static constexpr std::string_view vietnamese[] = {"T2", "T3", "T4", "T5", "T6", "T7", "CN"};
  return std::string(language == report::Language::Vietnamese ? vietnamese[weekday]
                                                              : weekday_key(weekday));
}

// "mon-fri 08:00-12:00,13:00-17:00" when the working weekdays share their periods and run in one
// stretch; otherwise each working weekday with its own.
std::string working_week(const CalendarDefinition& definition, report::Language language) {
  int first = -1, last = -1;
  bool same = true;
  const DayPeriods* periods = nullptr;
  for (int weekday = 0; weekday < 7; ++weekday) {
    const DayPeriods& day = definition.weekdays[static_cast<std::size_t>(weekday)];
    if (day.empty())
      continue;
    if (first < 0)
      first = weekday;
    else if (last != weekday - 1 || !(*periods == day))
      same = false;
    last = weekday;
    periods = &day;
  }
  if (first < 0)
    return "";
  if (same)
    return fmt::format("{}{} {}", short_weekday(first, language),
                       first == last ? "" : "-" + short_weekday(last, language),
                       format_day_periods(*periods));
  std::string text;
  for (int weekday = 0; weekday < 7; ++weekday) {
    const DayPeriods& day = definition.weekdays[static_cast<std::size_t>(weekday)];
    if (day.empty())
      continue;
    text += fmt::format("{}{} {}", text.empty() ? "" : "; ", short_weekday(weekday, language),
                        format_day_periods(day));
  }
  return text;
}

std::string hours_a_day(const CalendarDefinition& definition) {
  std::int64_t minutes = WorkingCalendar::shared(definition)->minutes_per_day();
  return minutes % 60 == 0 ? std::to_string(minutes / 60)
                           : fmt::format("{}:{:02}", minutes / 60, minutes % 60);
}

void register_list(CLI::App& parent, Context& context) {
  auto* command = add_command(parent, "list", "the working calendars, built in and added");
  command->callback([&context] {
    auto database = context.open_database();
    auto language = context.language();
    report::Table table;
    table.headers = report::headers(language, {"calendar", "built in", "working week",
                                               "hours a day", "public holidays", "projects"});
    table.alignment = {report::Align::Left,  report::Align::Left, report::Align::Left,
                       report::Align::Right, report::Align::Left, report::Align::Right};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& entry : operations::list_calendars(database)) {
      const auto& definition = entry.definition;
      bool vietnam = definition.holidays == HolidayRule::Vietnam;
      table.rows.push_back(
          {definition.name,
           entry.built_in ? std::string(report::word("yes", language)) : std::string(),
           working_week(definition, language), hours_a_day(definition),
           vietnam ? std::string(report::word("Vietnam", language)) : std::string(),
           std::to_string(entry.projects)});
      rows.push_back({{"name", definition.name},
                      {"built_in", entry.built_in},
                      {"weekdays", format_weekdays(definition.weekdays)},
                      {"minutes_per_day", WorkingCalendar::shared(definition)->minutes_per_day()},
                      {"holidays", holiday_rule_key(definition.holidays)},
                      {"exceptions", format_exceptions(definition.exceptions)},
                      {"projects", entry.projects}});
    }
    context.print(table, nlohmann::json{{"calendars", rows}});
  });
}

void register_show(CLI::App& parent, Context& context) {
  auto* command = add_command(parent, "show",
                              "a calendar's weekday periods and its days off and exceptions of a "
                              "year");
  auto name = std::make_shared<std::string>();
  auto year = std::make_shared<int>(0);
  command->add_option("NAME", *name, "calendar name, e.g. vn-mon-fri")->required();
  command->add_option("--year", *year, "the year whose days to list (default: the --as-of year)")
      ->check(CLI::Range(first_supported_year, last_supported_year));
  command->callback([&context, name, year] {
    auto database = context.open_database();
    auto entry = operations::find_calendar(database, *name);
    const auto& definition = entry.definition;
    const int shown_year = *year ? *year : context.as_of().year();
    auto language = context.language();
    bool vietnamese = language == report::Language::Vietnamese;

    report::Table week;
    week.headers = report::headers(language, {"weekday", "working periods"});
    nlohmann::json weekdays = nlohmann::json::object();
    for (int weekday = 0; weekday < 7; ++weekday) {
      const DayPeriods& periods = definition.weekdays[static_cast<std::size_t>(weekday)];
      week.rows.push_back({std::string(report::word(weekday_labels[weekday], language)),
                           periods.empty() ? std::string(report::word("day off", language))
                                           : format_day_periods(periods)});
      weekdays[std::string(weekday_key(weekday))] = format_day_periods(periods);
    }
    report::Table days;
    days.headers = report::headers(language, {"day", "weekday", "what", "working periods"});
    nlohmann::json day_rows = nlohmann::json::array();
    for (const auto& day : operations::calendar_days_of_year(definition, shown_year)) {
      Date date = Date::from_days(day.day);
      std::string what(vietnamese ? holiday_kind_vietnamese(day.kind)
                                  : holiday_kind_english(day.kind));
      days.rows.push_back({report::format_date(date, language),
                           std::string(report::word(weekday_labels[weekday_of(day.day)], language)),
                           what,
                           day.periods.empty() ? std::string(report::word("day off", language))
                                               : format_day_periods(day.periods)});
      day_rows.push_back({{"day", date.iso_day()},
                          {"kind", holiday_kind_english(day.kind)},
                          {"periods", format_day_periods(day.periods)}});
    }
    nlohmann::json json = {
        {"name", definition.name},
        {"built_in", entry.built_in},
        {"minutes_per_day", WorkingCalendar::shared(definition)->minutes_per_day()},
        {"holidays", holiday_rule_key(definition.holidays)},
        {"weekdays", weekdays},
        {"year", shown_year},
        {"days", day_rows}};
    if (context.format() == report::OutputFormat::Json) {
      context.print_json(json);
      return;
    }
    context.out << definition.name << " (" << report::word("hours a day", language) << ": "
                << hours_a_day(definition) << ")\n\n";
    context.print(week, json);
    context.out << '\n';
    context.print(days, json);
  });
}

// Each text option as given, or nothing when it was not: an empty --periods is a day off.
struct TextOption {
  std::shared_ptr<std::string> value = std::make_shared<std::string>();
  CLI::Option* option = nullptr;
  std::optional<std::string> given() const {
    return option->count() ? std::optional<std::string>(*value) : std::nullopt;
  }
};

TextOption text_option(CLI::App* command, const std::string& flag, const std::string& help) {
  TextOption text;
  text.option = command->add_option(flag, *text.value, help);
  return text;
}

void register_add(CLI::App& parent, Context& context) {
  auto* command =
      add_command(parent, "add", "add a calendar: a copy of another, or weekdays with periods");
  auto name = std::make_shared<std::string>();
  command->add_option("NAME", *name, "calendar name: lower-case letters, digits, '-'")->required();
  auto from = text_option(command, "--from", "copy this calendar (e.g. vn-mon-fri)");
  auto weekdays = text_option(command, "--weekdays",
                              "the weekdays that work: mon-fri (default), mon-sat, mon,wed,fri");
  auto periods = text_option(command, "--periods",
                             "working periods of a working day: 08:00-12:00,13:00-17:00");
  auto holidays =
      text_option(command, "--holidays", "vietnam (the Labour Code's public holidays) or none");
  command->callback([&context, name, from, weekdays, periods, holidays] {
    operations::NewCalendar calendar{*name, from.given(), weekdays.given(), periods.given(),
                                     holidays.given()};
    auto database = context.open_database();
    operations::add_calendar(database, context.change_context(), calendar);
    context.out << report::say(context.language(), "added calendar {}", *name) << '\n';
  });
}

void register_set(CLI::App& parent, Context& context) {
  auto* command = add_command(parent, "set", "change an added calendar's periods on one day");
  auto name = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  command->add_option("NAME", *name, "calendar name")->required();
  auto exception =
      text_option(command, "--exception",
                  "a day with other periods than its weekday's (off without --periods)");
  auto periods = text_option(command, "--periods", "the day's working periods: 08:00-12:00");
  auto remove = text_option(command, "--remove-exception", "a day that goes back to its weekday's");
  command->add_option("--reason", *reason, "why it changed (for the change log)");
  command->callback([&context, name, exception, periods, remove, reason] {
    operations::CalendarChange change;
    if (auto day = exception.given())
      change.exception = Date::parse_option("--exception", *day);
    if (auto day = remove.given())
      change.remove_exception = Date::parse_option("--remove-exception", *day);
    change.periods = periods.given();
    auto database = context.open_database();
    operations::set_calendar(database, context.change_context(*reason), *name, change);
    context.out << report::say(context.language(), "updated calendar {}", *name) << '\n';
  });
}

}  // namespace

void register_calendar(CLI::App& app, Context& context) {
  auto* command = add_command(app, "calendar", "working calendars: list, show, add, set");
  command->require_subcommand(1);
  register_list(*command, context);
  register_show(*command, context);
  register_add(*command, context);
  register_set(*command, context);
}

}  // namespace tiendo::cli
