#pragma once
// Working calendars: when work is done. A calendar is working periods per weekday (08:00–12:00
// and 13:00–17:00, say) plus dated exceptions (a holiday with no periods, or a day with other
// periods), and optionally Vietnam's public holidays by the Labour Code. The schedule counts the
// durations and lags of a project on a calendar in working minutes of it (DESIGN.md, "Working
// calendars"); a project without one keeps whole calendar days, the built-in `all-days`.
//
// Instants are minutes since 1970-01-01 00:00, Vietnam's local time (no daylight saving), so
// that day = floor(instant / 1440) and 24:00 of a day is the next day's 00:00.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiendo {

inline constexpr std::int64_t minutes_per_calendar_day = 1440;

// [start, end) in minutes of the day, 0 ≤ start < end ≤ 1440.
struct WorkingPeriod {
  std::int32_t start = 0;
  std::int32_t end = 0;
  bool operator==(const WorkingPeriod&) const = default;
};
using DayPeriods = std::vector<WorkingPeriod>;

// Reads "08:00-12:00,13:00-17:00" (sorted, not overlapping; "" or "none" is no period); throws
// InvalidInput naming `field` and the text.
DayPeriods parse_day_periods(std::string_view field, std::string_view text);
// "08:00-12:00,13:00-17:00", or "" for none.
std::string format_day_periods(const DayPeriods& periods);

enum class HolidayRule : std::uint8_t { None, Vietnam };

// A calendar as a department writes it; what the store keeps for the calendars it adds.
struct CalendarDefinition {
  std::string name;
  std::array<DayPeriods, 7> weekdays;  // Monday first.
  HolidayRule holidays = HolidayRule::None;
  std::map<std::int32_t, DayPeriods> exceptions;  // Day (as Date::days()) to its periods.

  bool operator==(const CalendarDefinition&) const = default;
};

// The name of the default calendar, whole days: a project without a calendar has it.
inline constexpr std::string_view all_days_calendar = "all-days";
// all-days, vn-mon-fri, vn-mon-sat.
const std::vector<CalendarDefinition>& built_in_calendars();
const CalendarDefinition* find_built_in_calendar(std::string_view name);
// Names of calendars a department adds: lower-case letters, digits and '-', 1 to 40 of them, not
// a built-in's. Throws InvalidInput naming the field.
void check_calendar_name(std::string_view field, std::string_view name);

// The weekday field of the text form: "mon=08:00-12:00,13:00-17:00;tue=...;" and back. The
// store keeps a definition as these three texts.
std::string format_weekdays(const std::array<DayPeriods, 7>& weekdays);
std::array<DayPeriods, 7> parse_weekdays(std::string_view field, std::string_view text);
std::string format_exceptions(const std::map<std::int32_t, DayPeriods>& exceptions);
std::map<std::int32_t, DayPeriods> parse_exceptions(std::string_view field, std::string_view text);
std::string_view holiday_rule_key(HolidayRule rule);  // "vietnam" or "none"
std::optional<HolidayRule> parse_holiday_rule(std::string_view key);

// Monday = 0 ... Sunday = 6, of a day counted like Date::days().
int weekday_of(std::int32_t day);
std::string_view weekday_key(int weekday);  // "mon" ... "sun"

// --- Vietnam's lunar calendar and public holidays -------------------------------------------
// The first day of the lunar year (Tết Nguyên Đán) in a Gregorian year, as Date::days(); the
// Vietnamese lunar calendar (UTC+7) by Hồ Ngọc Đức's algorithm.
std::int32_t lunar_new_year(int year);
// A lunar date of a lunar year (not a leap month) as a Gregorian day.
std::int32_t lunar_to_solar(int lunar_day, int lunar_month, int lunar_year);

enum class HolidayKind : std::uint8_t {
  NewYear,        // Tết Dương lịch, 1/1
  LunarNewYear,   // Tết Âm lịch
  HungKings,      // Giỗ Tổ Hùng Vương, 10/3 lunar
  Reunification,  // Ngày Chiến thắng, 30/4
  LabourDay,      // Ngày Quốc tế lao động, 1/5
  NationalDay,    // Quốc khánh, 2/9 (and a day beside it from 2021)
  MakeUp,         // Nghỉ bù: a holiday fell on a weekly rest day
  Exception       // A day the calendar's own exceptions set
};
std::string_view holiday_kind_english(HolidayKind kind);
std::string_view holiday_kind_vietnamese(HolidayKind kind);

struct Holiday {
  std::int32_t day = 0;
  HolidayKind kind = HolidayKind::NewYear;
  bool operator==(const Holiday&) const = default;
};
// The public holidays of a Gregorian year by the Labour Code in force (the 2019 code, Article
// 112, from 2021; the 2012 code, Article 115, before), without make-up days, sorted by day.
std::vector<Holiday> vietnam_public_holidays(int year);
// The same plus the make-up day off for each holiday on a weekly rest day of `weekdays` (a day
// with no period): the next working day that is not itself a holiday or a make-up day.
std::vector<Holiday> vietnam_days_off(int year, const std::array<DayPeriods, 7>& weekdays);

// --- The computed calendar the schedule uses ------------------------------------------------
// A definition turned into a table over the supported years: each day's periods and the working
// minutes before it, so that "how much work lies before this instant" and "when is this much work
// done" are a lookup and a binary search.
class WorkingCalendar {
 public:
  explicit WorkingCalendar(const CalendarDefinition& definition);

  const CalendarDefinition& definition() const { return m_definition; }
  // "N days" is N times this: the working minutes of its longest weekday (8 hours on vn-mon-fri).
  std::int64_t minutes_per_day() const { return m_minutes_per_day; }
  // The periods of one day, exceptions and holidays applied.
  const DayPeriods& periods_on(std::int32_t day) const;
  // Working minutes in [origin, instant): a non-decreasing count, the calendar's clock.
  std::int64_t work_before(std::int64_t instant) const;
  // The first instant at which `work` minutes are done (the end of the last minute counted):
  // never the start of a period, unless work is 0 at the table's start.
  std::int64_t end_of_work(std::int64_t work) const;
  // The instant the minute after `work` minutes begins: the next working instant.
  std::int64_t start_of_work(std::int64_t work) const;
  // The next working instant at or after `instant`.
  std::int64_t next_working(std::int64_t instant) const {
    return start_of_work(work_before(instant));
  }
  // Whether work can have been finished exactly at `instant` (inside a period or at its end).
  bool can_finish_at(std::int64_t instant) const {
    return end_of_work(work_before(instant)) == instant;
  }
  // The latest instant at which work may finish and still be printed as day `day`: the end of
  // that day's last period that ends before 24:00, or, on a day with none, the end of the last
  // working period before it.
  std::int64_t finish_of_day(std::int32_t day) const;

  // Built once per definition and kept for the process: tables cost a few milliseconds.
  static std::shared_ptr<const WorkingCalendar> shared(const CalendarDefinition& definition);

 private:
  CalendarDefinition m_definition;
  std::int64_t m_minutes_per_day = 0;
  std::int32_t m_first_day = 0;                 // The table's first day.
  std::vector<std::uint16_t> m_pattern_of_day;  // Index into m_patterns, per day of the table.
  std::vector<DayPeriods> m_patterns;
  std::vector<std::int64_t> m_work_before_day;  // Per day of the table, and one past its end.
  std::int64_t day_index(std::int64_t day) const;
};

}  // namespace tiendo
