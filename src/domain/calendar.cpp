#include "domain/calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>

#include "domain/date.h"
#include "domain/error.h"

namespace tiendo {
namespace {

constexpr std::array<std::string_view, 7> weekday_keys = {"mon", "tue", "wed", "thu",
                                                          "fri", "sat", "sun"};

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  std::int64_t quotient = value / divisor;
  if ((value % divisor != 0) && ((value < 0) != (divisor < 0)))
    --quotient;
  return quotient;
}

// "08:00" (or "24:00" when `end`) as minutes of the day, or -1.
int parse_clock(std::string_view text, bool end) {
  if (text.size() != 5 || text[2] != ':')
    return -1;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (text[i] < '0' || text[i] > '9')
      return -1;
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59)
    return -1;
  if (hours == 24 && minutes == 0 && end)
    return 1440;
  if (hours > 23)
    return -1;
  return hours * 60 + minutes;
}

std::string format_clock(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

DayPeriods office_day() {
  return {{8 * 60, 12 * 60}, {13 * 60, 17 * 60}};
}

CalendarDefinition make_built_in(std::string name, int working_weekdays, HolidayRule rule,
                                 DayPeriods periods) {
  CalendarDefinition definition;
  definition.name = std::move(name);
  for (int weekday = 0; weekday < working_weekdays; ++weekday)
    definition.weekdays[static_cast<std::size_t>(weekday)] = periods;
  definition.holidays = rule;
  return definition;
}

// --- Hồ Ngọc Đức's Vietnamese lunar calendar ---------------------------------------------
// "Âm lịch Việt Nam", https://www.informatik.uni-leipzig.de/~duc/amlich/ (the algorithm,
// after Jean Meeus's "Astronomical Algorithms", 1998): new moons and the sun's longitude,
// computed for the meridian of UTC+7. A lunar month begins on the day (in UTC+7) of its new
// moon; month 11 holds the winter solstice; a year with 13 months repeats the first month
// without a principal solar term. Julian day numbers as in the original.
constexpr double pi = 3.14159265358979323846;
constexpr double time_zone = 7.0;

std::int64_t integer_part(double value) {
  return static_cast<std::int64_t>(std::floor(value));
}

std::int64_t julian_day(int day, int month, int year) {
  std::int64_t a = (14 - month) / 12;
  std::int64_t y = year + 4800 - a;
  std::int64_t m = month + 12 * a - 3;
  return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

// Julian day number 2440588 is 1970-01-01.
std::int32_t days_of_julian_day(std::int64_t julian) {
  return static_cast<std::int32_t>(julian - 2440588);
}

std::int64_t new_moon_day(std::int64_t k) {
  const double t = static_cast<double>(k) / 1236.85;
  const double t2 = t * t;
  const double t3 = t2 * t;
  const double dr = pi / 180;
  double jd1 =
      2415020.75933 + 29.53058868 * static_cast<double>(k) + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m =
      359.2242 + 29.10535608 * static_cast<double>(k) - 0.0000333 * t2 - 0.00000347 * t3;
  const double mpr =
      306.0253 + 385.81691806 * static_cast<double>(k) + 0.0107306 * t2 + 0.00001236 * t3;
  const double f =
      21.2964 + 390.67050646 * static_cast<double>(k) - 0.0016528 * t2 - 0.00000239 * t3;
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
  c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) + 0.0004 * std::sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) - 0.0006 * std::sin(dr * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) + 0.0005 * std::sin(dr * (2 * mpr + m));
  double delta_t;
  if (t < -11)
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
  else
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  const double new_moon = jd1 + c1 - delta_t;
  return integer_part(new_moon + 0.5 + time_zone / 24);
}

// The sun's longitude at the start of a day, as one of 12 sectors of 30 degrees.
std::int64_t sun_longitude_sector(std::int64_t julian) {
  const double t = (static_cast<double>(julian) - 2451545.5 - time_zone / 24) / 36525;
  const double t2 = t * t;
  const double dr = pi / 180;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl = dl + (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) + 0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l = l - pi * 2 * static_cast<double>(integer_part(l / (pi * 2)));
  return integer_part(l / pi * 6);
}

// The first day of the lunar month that holds the winter solstice of a Gregorian year.
std::int64_t lunar_month_11(int year) {
  const std::int64_t offset = julian_day(31, 12, year) - 2415021;
  const std::int64_t k = integer_part(static_cast<double>(offset) / 29.530588853);
  std::int64_t new_moon = new_moon_day(k);
  if (sun_longitude_sector(new_moon) >= 9)
    new_moon = new_moon_day(k - 1);
  return new_moon;
}

// Which month after month 11 is the leap month, in a lunar year of 13 months.
int leap_month_offset(std::int64_t month_11) {
  const std::int64_t k =
      integer_part((static_cast<double>(month_11) - 2415021.076998695) / 29.530588853 + 0.5);
  int i = 1;
  std::int64_t arc = sun_longitude_sector(new_moon_day(k + i));
  std::int64_t last = 0;
  do {
    last = arc;
    ++i;
    arc = sun_longitude_sector(new_moon_day(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

std::int32_t lunar_to_solar(int lunar_day, int lunar_month, int lunar_year) {
  std::int64_t a11 = 0, b11 = 0;
  if (lunar_month < 11) {
    a11 = lunar_month_11(lunar_year - 1);
    b11 = lunar_month_11(lunar_year);
  } else {
    a11 = lunar_month_11(lunar_year);
    b11 = lunar_month_11(lunar_year + 1);
  }
  const std::int64_t k =
      integer_part(0.5 + (static_cast<double>(a11) - 2415021.076998695) / 29.530588853);
  int offset = lunar_month - 11;
  if (offset < 0)
    offset += 12;
  if (b11 - a11 > 365) {
    // A leap year: months from the leap month on come one later.
    const int leap_offset = leap_month_offset(a11);
    if (offset >= leap_offset)
      offset += 1;
  }
  const std::int64_t month_start = new_moon_day(k + offset);
  return days_of_julian_day(month_start + lunar_day - 1);
}

std::int32_t lunar_new_year(int year) {
  return lunar_to_solar(1, 1, year);
}

int weekday_of(std::int32_t day) {
  // 1970-01-01 was a Thursday (3 counting Monday as 0).
  return static_cast<int>(((std::int64_t{day} % 7) + 7 + 3) % 7);
}

std::string_view weekday_key(int weekday) {
  return weekday_keys[static_cast<std::size_t>(weekday)];
}

DayPeriods parse_day_periods(std::string_view field, std::string_view text) {
  DayPeriods periods;
  if (text.empty() || text == "none")
    return periods;
  auto refuse = [&](std::string_view why) {
    throw InvalidInput(fmt::format("{}: '{}': {}", field, text, why));
  };
  std::size_t position = 0;
  while (position <= text.size()) {
    std::size_t comma = text.find(',', position);
    std::string_view piece =
        text.substr(position, comma == std::string_view::npos ? comma : comma - position);
    if (piece.size() != 11 || piece[5] != '-')
      refuse("write working periods as HH:MM-HH:MM, separated by commas (08:00-12:00,13:00-17:00)");
    int start = parse_clock(piece.substr(0, 5), false);
    int end = parse_clock(piece.substr(6, 5), true);
    if (start < 0 || end < 0)
      refuse(fmt::format("'{}' is not a time of day from 00:00 to 24:00", piece));
    if (end <= start)
      refuse(fmt::format("'{}' ends before it starts", piece));
    if (!periods.empty() && start < periods.back().end)
      refuse(fmt::format("'{}' overlaps or comes before the period before it", piece));
    periods.push_back(WorkingPeriod{start, end});
    if (comma == std::string_view::npos)
      break;
    position = comma + 1;
  }
  return periods;
}

std::string format_day_periods(const DayPeriods& periods) {
  std::string text;
  for (const auto& period : periods) {
    if (!text.empty())
      text += ',';
    text += format_clock(period.start) + "-" + format_clock(period.end);
  }
  return text;
}

const std::vector<CalendarDefinition>& built_in_calendars() {
  static const std::vector<CalendarDefinition> calendars = {
      make_built_in(std::string(all_days_calendar), 7, HolidayRule::None, {{0, 1440}}),
      make_built_in("vn-mon-fri", 5, HolidayRule::Vietnam, office_day()),
      make_built_in("vn-mon-sat", 6, HolidayRule::Vietnam, office_day()),
  };
  return calendars;
}

const CalendarDefinition* find_built_in_calendar(std::string_view name) {
  for (const auto& calendar : built_in_calendars())
    if (calendar.name == name)
      return &calendar;
  return nullptr;
}

void check_calendar_name(std::string_view field, std::string_view name) {
  bool valid = !name.empty() && name.size() <= 40;
  for (char c : name)
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!valid)
    throw InvalidInput(fmt::format(
        "{}: '{}': a calendar name is 1 to 40 lower-case letters, digits and '-'", field, name));
  if (find_built_in_calendar(name))
    throw InvalidInput(
        fmt::format("{}: '{}': a built-in calendar has this name; choose another", field, name));
}

std::string format_weekdays(const std::array<DayPeriods, 7>& weekdays) {
  std::string text;
  for (std::size_t weekday = 0; weekday < 7; ++weekday)
    text += fmt::format("{}{}={}", weekday ? ";" : "", weekday_keys[weekday],
                        format_day_periods(weekdays[weekday]));
  return text;
}

std::array<DayPeriods, 7> parse_weekdays(std::string_view field, std::string_view text) {
  std::array<DayPeriods, 7> weekdays;
  std::size_t position = 0;
  for (std::size_t weekday = 0; weekday < 7; ++weekday) {
    std::size_t end = text.find(';', position);
    std::string_view piece =
        text.substr(position, end == std::string_view::npos ? end : end - position);
    std::string prefix = std::string(weekday_keys[weekday]) + "=";
    if (piece.substr(0, 4) != prefix)
      throw InvalidInput(fmt::format("{}: '{}': expected {}", field, text, prefix));
    weekdays[weekday] = parse_day_periods(field, piece.substr(4));
    if (end == std::string_view::npos) {
      if (weekday != 6)
        throw InvalidInput(fmt::format("{}: '{}': seven weekdays expected", field, text));
      break;
    }
    position = end + 1;
  }
  return weekdays;
}

std::string format_exceptions(const std::map<std::int32_t, DayPeriods>& exceptions) {
  std::string text;
  for (const auto& [day, periods] : exceptions)
    text += fmt::format("{}{}={}", text.empty() ? "" : ";", Date::from_days(day).iso_day(),
                        format_day_periods(periods));
  return text;
}

std::map<std::int32_t, DayPeriods> parse_exceptions(std::string_view field, std::string_view text) {
  std::map<std::int32_t, DayPeriods> exceptions;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find(';', position);
    std::string_view piece =
        text.substr(position, end == std::string_view::npos ? end : end - position);
    std::size_t equals = piece.find('=');
    if (equals == std::string_view::npos)
      throw InvalidInput(fmt::format("{}: '{}': write DAY=PERIODS", field, piece));
    Date day = Date::parse(piece.substr(0, equals));
    exceptions[day.days()] = parse_day_periods(field, piece.substr(equals + 1));
    if (end == std::string_view::npos)
      break;
    position = end + 1;
  }
  return exceptions;
}

std::string_view holiday_rule_key(HolidayRule rule) {
  return rule == HolidayRule::Vietnam ? "vietnam" : "none";
}

std::optional<HolidayRule> parse_holiday_rule(std::string_view key) {
  if (key == "vietnam")
    return HolidayRule::Vietnam;
  if (key == "none" || key.empty())
    return HolidayRule::None;
  return std::nullopt;
}

std::string_view holiday_kind_english(HolidayKind kind) {
  switch (kind) {
    case HolidayKind::NewYear:
      return "New Year's Day";
    case HolidayKind::LunarNewYear:
      return "Lunar New Year (Tet)";
    case HolidayKind::HungKings:
      return "Hung Kings' Commemoration";
    case HolidayKind::Reunification:
      return "Reunification Day";
    case HolidayKind::LabourDay:
      return "International Labour Day";
    case HolidayKind::NationalDay:
      return "National Day";
    case HolidayKind::MakeUp:
      return "day off in lieu";
    case HolidayKind::Exception:
      return "exception";
  }
  return "";
}

std::string_view holiday_kind_vietnamese(HolidayKind kind) {
  switch (kind) {
    case HolidayKind::NewYear:
      return "Tết Dương lịch";
    case HolidayKind::LunarNewYear:
      return "Tết Âm lịch";
    case HolidayKind::HungKings:
      return "Giỗ Tổ Hùng Vương";
    case HolidayKind::Reunification:
      return "Ngày Chiến thắng";
    case HolidayKind::LabourDay:
      return "Ngày Quốc tế lao động";
    case HolidayKind::NationalDay:
      return "Quốc khánh";
    case HolidayKind::MakeUp:
      return "nghỉ bù";
    case HolidayKind::Exception:
      return "ngoại lệ";
  }
  return "";
}

// The Labour Code's public holidays (ngày nghỉ lễ, tết):
// - Bộ luật Lao động 45/2019/QH14, Article 112, in force from 1 January 2021: 1/1; Tết Âm lịch
//   5 days; 10/3 lunar (Giỗ Tổ Hùng Vương); 30/4; 1/5; 2/9 and one day before or after it.
// - Bộ luật Lao động 10/2012/QH13, Article 115, applied here to every year before 2021: the same
//   with 2/9 alone.
// The law leaves to the Prime Minister which 5 days of Tết and which day beside 2/9 are off,
// decided year by year with swaps of working days; those decisions are not modelled (a
// department adds them as exceptions). Modelled: Tết is the last day of the lunar year and the
// first four days of the new one, and the day beside 2/9 is 1/9 (as decided for 2022, 2023 and
// 2025; 2021 and 2024 took 3/9, which the make-up rule gives in 2024 anyway).
std::vector<Holiday> vietnam_public_holidays(int year) {
  std::vector<Holiday> holidays;
  auto day = [&](int month, int day_of_month) {
    return days_of_julian_day(julian_day(day_of_month, month, year));
  };
  holidays.push_back({day(1, 1), HolidayKind::NewYear});
  const std::int32_t tet = lunar_new_year(year);
  for (std::int32_t offset = -1; offset <= 3; ++offset)
    holidays.push_back({tet + offset, HolidayKind::LunarNewYear});
  holidays.push_back({lunar_to_solar(10, 3, year), HolidayKind::HungKings});
  holidays.push_back({day(4, 30), HolidayKind::Reunification});
  holidays.push_back({day(5, 1), HolidayKind::LabourDay});
  if (year >= 2021)
    holidays.push_back({day(9, 1), HolidayKind::NationalDay});
  holidays.push_back({day(9, 2), HolidayKind::NationalDay});
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  // Two holidays on one day (10/3 lunar can fall on 30/4) are one day off.
  holidays.erase(std::unique(holidays.begin(), holidays.end(),
                             [](const Holiday& a, const Holiday& b) { return a.day == b.day; }),
                 holidays.end());
  return holidays;
}

// Article 112(3) of the 2019 code (Article 115(3) of the 2012 code): when a holiday falls on the
// weekly rest day, the worker takes the next working day off instead.
std::vector<Holiday> vietnam_days_off(int year, const std::array<DayPeriods, 7>& weekdays) {
  std::vector<Holiday> holidays = vietnam_public_holidays(year);
  std::set<std::int32_t> taken;
  for (const auto& holiday : holidays)
    taken.insert(holiday.day);
  auto works = [&](std::int32_t day) {
    return !weekdays[static_cast<std::size_t>(weekday_of(day))].empty();
  };
  bool any_working_weekday = false;
  for (const auto& periods : weekdays)
    any_working_weekday = any_working_weekday || !periods.empty();
  std::vector<Holiday> days_off = holidays;
  if (!any_working_weekday)
    return days_off;
  for (const auto& holiday : holidays) {
    if (works(holiday.day))
      continue;
    std::int32_t make_up = holiday.day + 1;
    while (!works(make_up) || taken.count(make_up))
      ++make_up;
    taken.insert(make_up);
    days_off.push_back({make_up, HolidayKind::MakeUp});
  }
  std::stable_sort(days_off.begin(), days_off.end(),
                   [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  return days_off;
}

// --- WorkingCalendar --------------------------------------------------------------------

namespace {
// The table reaches two years past the supported ones either way, so that a date it clamps is
// still outside them and refused as such.
constexpr int table_first_year = first_supported_year - 2;
constexpr int table_last_year = last_supported_year + 2;
}  // namespace

WorkingCalendar::WorkingCalendar(const CalendarDefinition& definition) : m_definition(definition) {
  for (const auto& periods : definition.weekdays) {
    std::int64_t minutes = 0;
    for (const auto& period : periods)
      minutes += period.end - period.start;
    m_minutes_per_day = std::max(m_minutes_per_day, minutes);
  }
  // Date::from_ymd refuses years outside the supported ones; the table reaches past them.
  m_first_day = days_of_julian_day(julian_day(1, 1, table_first_year));
  const std::int32_t end_day = days_of_julian_day(julian_day(1, 1, table_last_year + 1));
  const auto count = static_cast<std::size_t>(end_day - m_first_day);
  m_patterns.assign(definition.weekdays.begin(), definition.weekdays.end());
  const auto no_work = static_cast<std::uint16_t>(m_patterns.size());
  m_patterns.emplace_back();
  m_pattern_of_day.resize(count);
  for (std::size_t index = 0; index < count; ++index)
    m_pattern_of_day[index] =
        static_cast<std::uint16_t>(weekday_of(m_first_day + static_cast<std::int32_t>(index)));
  if (definition.holidays == HolidayRule::Vietnam)
    for (int year = table_first_year; year <= table_last_year; ++year)
      for (const auto& holiday : vietnam_days_off(year, definition.weekdays)) {
        std::int64_t index = std::int64_t{holiday.day} - m_first_day;
        if (index >= 0 && index < static_cast<std::int64_t>(count))
          m_pattern_of_day[static_cast<std::size_t>(index)] = no_work;
      }
  for (const auto& [day, periods] : definition.exceptions) {
    std::int64_t index = std::int64_t{day} - m_first_day;
    if (index < 0 || index >= static_cast<std::int64_t>(count))
      continue;
    auto found = std::find(m_patterns.begin(), m_patterns.end(), periods);
    if (found == m_patterns.end()) {
      if (m_patterns.size() >= 65535)
        throw InvalidInput(
            fmt::format("calendar {}: too many different exception days", definition.name));
      m_patterns.push_back(periods);
      found = m_patterns.end() - 1;
    }
    m_pattern_of_day[static_cast<std::size_t>(index)] =
        static_cast<std::uint16_t>(found - m_patterns.begin());
  }
  std::vector<std::int64_t> pattern_minutes;
  for (const auto& periods : m_patterns) {
    std::int64_t minutes = 0;
    for (const auto& period : periods)
      minutes += period.end - period.start;
    pattern_minutes.push_back(minutes);
  }
  m_work_before_day.resize(count + 1);
  m_work_before_day[0] = 0;
  for (std::size_t index = 0; index < count; ++index)
    m_work_before_day[index + 1] =
        m_work_before_day[index] + pattern_minutes[m_pattern_of_day[index]];
}

std::int64_t WorkingCalendar::day_index(std::int64_t day) const {
  return std::clamp<std::int64_t>(day - m_first_day, 0,
                                  static_cast<std::int64_t>(m_pattern_of_day.size()) - 1);
}

const DayPeriods& WorkingCalendar::periods_on(std::int32_t day) const {
  return m_patterns[m_pattern_of_day[static_cast<std::size_t>(day_index(day))]];
}

std::int64_t WorkingCalendar::work_before(std::int64_t instant) const {
  const std::int64_t table_start = std::int64_t{m_first_day} * minutes_per_calendar_day;
  const std::int64_t table_end =
      table_start + static_cast<std::int64_t>(m_pattern_of_day.size()) * minutes_per_calendar_day;
  if (instant <= table_start)
    return 0;
  if (instant >= table_end)
    return m_work_before_day.back();
  const std::int64_t day = floor_div(instant, minutes_per_calendar_day);
  const std::int64_t minute = instant - day * minutes_per_calendar_day;
  const auto index = static_cast<std::size_t>(day - m_first_day);
  std::int64_t work = m_work_before_day[index];
  for (const auto& period : m_patterns[m_pattern_of_day[index]])
    work += std::clamp<std::int64_t>(minute - period.start, 0, period.end - period.start);
  return work;
}

std::int64_t WorkingCalendar::end_of_work(std::int64_t work) const {
  const std::int64_t table_start = std::int64_t{m_first_day} * minutes_per_calendar_day;
  if (work <= 0)
    return table_start;
  if (work > m_work_before_day.back())
    return table_start +
           static_cast<std::int64_t>(m_pattern_of_day.size()) * minutes_per_calendar_day;
  // The day whose work holds the minute that brings the count to `work`.
  auto after = std::lower_bound(m_work_before_day.begin(), m_work_before_day.end(), work);
  const auto index = static_cast<std::size_t>(after - m_work_before_day.begin()) - 1;
  std::int64_t remaining = work - m_work_before_day[index];
  const std::int64_t day_start =
      (std::int64_t{m_first_day} + static_cast<std::int64_t>(index)) * minutes_per_calendar_day;
  for (const auto& period : m_patterns[m_pattern_of_day[index]]) {
    const std::int64_t length = period.end - period.start;
    if (remaining <= length)
      return day_start + period.start + remaining;
    remaining -= length;
  }
  return day_start + minutes_per_calendar_day;  // Not reached: the day holds the minute.
}

std::int64_t WorkingCalendar::start_of_work(std::int64_t work) const {
  const std::int64_t table_start = std::int64_t{m_first_day} * minutes_per_calendar_day;
  const std::int64_t table_end =
      table_start + static_cast<std::int64_t>(m_pattern_of_day.size()) * minutes_per_calendar_day;
  if (work < 0)
    return table_start;
  if (work >= m_work_before_day.back())
    return table_end;
  // The day whose work holds minute number `work` (counting from 0).
  auto after = std::upper_bound(m_work_before_day.begin(), m_work_before_day.end(), work);
  const auto index = static_cast<std::size_t>(after - m_work_before_day.begin()) - 1;
  std::int64_t remaining = work - m_work_before_day[index];
  const std::int64_t day_start =
      (std::int64_t{m_first_day} + static_cast<std::int64_t>(index)) * minutes_per_calendar_day;
  for (const auto& period : m_patterns[m_pattern_of_day[index]]) {
    const std::int64_t length = period.end - period.start;
    if (remaining < length)
      return day_start + period.start + remaining;
    remaining -= length;
  }
  return day_start + minutes_per_calendar_day;  // Not reached.
}

std::int64_t WorkingCalendar::finish_of_day(std::int32_t day) const {
  const std::int64_t day_start = std::int64_t{day} * minutes_per_calendar_day;
  std::int64_t latest = std::numeric_limits<std::int64_t>::min();
  const DayPeriods& before = periods_on(day - 1);
  if (!before.empty() && before.back().end == 1440)
    latest = day_start;
  for (const auto& period : periods_on(day))
    if (period.end < 1440)
      latest = std::max(latest, day_start + period.end);
  if (latest != std::numeric_limits<std::int64_t>::min())
    return latest;
  return end_of_work(work_before(day_start));
}

std::shared_ptr<const WorkingCalendar> WorkingCalendar::shared(
    const CalendarDefinition& definition) {
  static std::mutex mutex;
  static std::vector<std::shared_ptr<const WorkingCalendar>> cache;
  std::lock_guard lock(mutex);
  for (const auto& calendar : cache)
    if (calendar->definition() == definition)
      return calendar;
  auto calendar = std::make_shared<const WorkingCalendar>(definition);
  // A long-running server meets few calendars; the bound keeps a stream of edits from piling up.
  if (cache.size() >= 64)
    cache.erase(cache.begin());
  cache.push_back(calendar);
  return calendar;
}

}  // namespace tiendo
