#pragma once
// Working calendars a department keeps (`tiendo calendar list|show|add|set`): the built-in ones
// (all-days, vn-mon-fri, vn-mon-sat) and those it adds, each with weekday periods and dated
// exceptions. Every rule is here: names, periods, existence; the faces parse and print.
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/date.h"
#include "store/database.h"

namespace tiendo::operations {

struct CalendarEntry {
  CalendarDefinition definition;
  bool built_in = false;
  std::size_t projects = 0;  // How many projects work on it.
};

// Every calendar: the built-in ones first, then those added, by name.
std::vector<CalendarEntry> list_calendars(store::Database& database);
// NotFound for an unknown name.
CalendarEntry find_calendar(store::Database& database, const std::string& name);

// One day of a calendar in a year, as `calendar show` lists it: a holiday, a make-up day or an
// exception of the calendar's own, with its periods (none for a day off).
struct CalendarDay {
  std::int32_t day = 0;
  HolidayKind kind = HolidayKind::Exception;
  DayPeriods periods;
};
std::vector<CalendarDay> calendar_days_of_year(const CalendarDefinition& definition, int year);

struct NewCalendar {
  std::string name;
  std::optional<std::string> from;  // A calendar to copy (periods, holidays, exceptions).
  // Or, without one: the weekdays that work ("mon-fri", "mon-sat", "mon,wed,fri") with the
  // periods of each, and the holiday rule ("vietnam" or "none").
  std::optional<std::string> weekdays;
  std::optional<std::string> periods;
  std::optional<std::string> holidays;
};
// Conflict for a name taken; InvalidInput for a bad name, periods or weekdays.
void add_calendar(store::Database& database, const store::ChangeContext& context,
                  const NewCalendar& calendar);

struct CalendarChange {
  std::optional<Date> exception;       // The day whose periods change...
  std::optional<std::string> periods;  // ...to these ("" or absent: a day off).
  std::optional<Date> remove_exception;
};
// NotFound for an unknown calendar; InvalidInput for a built-in one (copy it with add --from).
void set_calendar(store::Database& database, const store::ChangeContext& context,
                  const std::string& name, const CalendarChange& change);

}  // namespace tiendo::operations
