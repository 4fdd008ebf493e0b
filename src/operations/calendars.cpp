#include "operations/calendars.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "analysis/schedule.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "graph/network.h"

namespace tiendo::operations {
namespace {

void require_context(const store::ChangeContext& context) {
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
}

std::vector<CalendarEntry> entries_of(const Portfolio& portfolio) {
  std::vector<CalendarEntry> entries;
  for (const auto& definition : built_in_calendars())
    entries.push_back({definition, true, 0});
  for (const auto& definition : portfolio.calendars)
    entries.push_back({definition, false, 0});
  for (const auto& project : portfolio.projects) {
    const std::string name =
        project.calendar.empty() ? std::string(all_days_calendar) : project.calendar;
    for (auto& entry : entries)
      if (entry.definition.name == name)
        ++entry.projects;
  }
  return entries;
}

// "mon-fri", "mon-sat", "mon,wed,fri" or "mon-fri,sun": the weekdays that work.
std::array<bool, 7> parse_working_weekdays(std::string_view text) {
  std::array<bool, 7> working{};
  auto index_of = [&](std::string_view key) {
    for (int weekday = 0; weekday < 7; ++weekday)
      if (weekday_key(weekday) == key)
        return weekday;
    throw InvalidInput(message(
        "--weekdays: '{}': write weekdays as mon-fri, mon-sat or mon,tue,wed (mon ... sun)", text));
  };
  std::size_t position = 0;
  while (position <= text.size()) {
    std::size_t comma = text.find(',', position);
    std::string_view piece =
        text.substr(position, comma == std::string_view::npos ? comma : comma - position);
    std::size_t dash = piece.find('-');
    if (dash == std::string_view::npos) {
      working[static_cast<std::size_t>(index_of(piece))] = true;
    } else {
      int first = index_of(piece.substr(0, dash));
      int last = index_of(piece.substr(dash + 1));
      if (last < first)
        throw InvalidInput(message("--weekdays: '{}': a range runs Monday to Sunday", text));
      for (int weekday = first; weekday <= last; ++weekday)
        working[static_cast<std::size_t>(weekday)] = true;
    }
    if (comma == std::string_view::npos)
      break;
    position = comma + 1;
  }
  return working;
}

// The schedule must still run with the calendar changed (dates within the supported years).
void check_schedulable(const Portfolio& portfolio) {
  graph::MilestoneNetwork network(portfolio);
  analysis::compute_schedule(portfolio, network, Date::today_in_vietnam());
}

}  // namespace

std::vector<CalendarEntry> list_calendars(store::Database& database) {
  return entries_of(database.load(store::Database::Detail::Lean));
}

CalendarEntry find_calendar(store::Database& database, const std::string& name) {
  for (auto& entry : list_calendars(database))
    if (entry.definition.name == name)
      return entry;
  throw NotFound(message(
      "calendar '{}' not found (all-days, vn-mon-fri, vn-mon-sat, or one added with 'calendar "
      "add')",
      name));
}

std::vector<CalendarDay> calendar_days_of_year(const CalendarDefinition& definition, int year) {
  std::map<std::int32_t, CalendarDay> days;
  if (definition.holidays == HolidayRule::Vietnam)
    // A make-up day of the year before can fall in this one (31/12 on a Sunday... 1/1 next).
    for (int of_year : {year - 1, year})
      for (const auto& holiday : vietnam_days_off(of_year, definition.weekdays))
        if (Date::from_days(holiday.day).year() == year)
          days[holiday.day] = CalendarDay{holiday.day, holiday.kind, {}};
  for (const auto& [day, periods] : definition.exceptions)
    if (Date::from_days(day).year() == year)
      days[day] = CalendarDay{day, HolidayKind::Exception, periods};
  std::vector<CalendarDay> result;
  for (auto& [day, entry] : days)
    result.push_back(std::move(entry));
  return result;
}

void add_calendar(store::Database& database, const store::ChangeContext& context,
                  const NewCalendar& calendar) {
  require_context(context);
  check_calendar_name("NAME", calendar.name);
  if (calendar.from && (calendar.weekdays || calendar.periods))
    throw InvalidInput(
        message("--from: a copied calendar takes its weekdays and periods from the one it "
                "copies; change them afterwards with 'calendar set'"));
  std::optional<HolidayRule> holidays;
  if (calendar.holidays) {
    holidays = parse_holiday_rule(*calendar.holidays);
    if (!holidays || calendar.holidays->empty())
      throw InvalidInput(
          message("--holidays: '{}': write vietnam or none", *calendar.holidays));
  }
  database.modify(context, [&](Portfolio& portfolio) {
    if (portfolio.find_calendar(calendar.name))
      throw Conflict(message("calendar '{}' exists already", calendar.name));
    CalendarDefinition definition;
    if (calendar.from) {
      const CalendarDefinition* source = portfolio.find_calendar(*calendar.from);
      if (!source)
        throw InvalidInput(message("--from: '{}': no such calendar", *calendar.from));
      definition = *source;
    } else {
      if (!calendar.periods)
        throw InvalidInput(
            message("--periods: give the working periods of a day (08:00-12:00,13:00-17:00), "
                    "or copy a calendar with --from"));
      DayPeriods periods = parse_day_periods("--periods", *calendar.periods);
      if (periods.empty())
        throw InvalidInput(
            message("--periods: '{}': a calendar needs working time", *calendar.periods));
      auto working = parse_working_weekdays(calendar.weekdays.value_or("mon-fri"));
      for (std::size_t weekday = 0; weekday < 7; ++weekday)
        if (working[weekday])
          definition.weekdays[weekday] = periods;
      definition.holidays = HolidayRule::None;
    }
    definition.name = calendar.name;
    if (holidays)
      definition.holidays = *holidays;
    portfolio.calendars.push_back(std::move(definition));
  });
}

void set_calendar(store::Database& database, const store::ChangeContext& context,
                  const std::string& name, const CalendarChange& change) {
  require_context(context);
  if (!change.exception && !change.remove_exception)
    throw InvalidInput(
        message("calendar set: give --exception DAY [--periods P] or --remove-exception DAY"));
  if (change.periods && !change.exception)
    throw InvalidInput(
        message("--periods: goes with --exception DAY, the day whose periods it gives"));
  DayPeriods periods;
  if (change.periods)
    periods = parse_day_periods("--periods", *change.periods);
  database.modify(context, [&](Portfolio& portfolio) {
    if (find_built_in_calendar(name))
      throw InvalidInput(message(
          "NAME: '{}': a built-in calendar does not change; copy it with 'calendar add NEW --from "
          "{}' and change the copy",
          name, name));
    auto found =
        std::find_if(portfolio.calendars.begin(), portfolio.calendars.end(),
                     [&](const CalendarDefinition& calendar) { return calendar.name == name; });
    if (found == portfolio.calendars.end())
      throw NotFound(message("calendar '{}' not found", name));
    if (change.remove_exception) {
      if (!found->exceptions.erase(change.remove_exception->days()))
        throw NotFound(message("calendar '{}' has no exception on {}", name,
                                   change.remove_exception->iso_day()));
    }
    if (change.exception) {
      if (change.exception->precision() != DatePrecision::Day)
        throw InvalidInput(
            message("--exception: '{}': an exception is one day", change.exception->iso()));
      found->exceptions[change.exception->days()] = periods;
    }
    check_schedulable(portfolio);
  });
}

}  // namespace tiendo::operations
