#include "domain/date.h"

#include <date/date.h>
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdlib>

#include "domain/error.h"
#include "domain/text.h"

namespace tiendo {
namespace {

date::year_month_day civil(std::int32_t days) {
  return date::year_month_day{date::sys_days{date::days{days}}};
}

std::int32_t to_days(date::year_month_day ymd) {
  return static_cast<std::int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

// The numeric parts of "15/07/2019" or "2019-07-15": at most three, digits only, one kind of
// separator. Held in a fixed array because dates are parsed by the hundred thousand on load.
struct DateParts {
  std::array<std::string_view, 3> part;
  std::size_t count = 0;
  std::string_view operator[](std::size_t index) const { return part[index]; }
  std::size_t size() const { return count; }
};

std::optional<DateParts> split_numeric(std::string_view text, char separator) {
  DateParts parts;
  std::size_t start = 0;
  while (true) {
    if (parts.count == 3)
      return std::nullopt;
    std::size_t end = text.find(separator, start);
    std::string_view piece = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (piece.empty() || piece.size() > 4)
      return std::nullopt;
    for (char c : piece)
      if (c < '0' || c > '9')
        return std::nullopt;
    parts.part[parts.count++] = piece;
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
  return parts;
}

int number(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

}  // namespace

Date Date::from_days(std::int32_t days_since_epoch, DatePrecision precision) {
  Date result;
  result.m_days = days_since_epoch;
  result.m_precision = precision;
  return result;
}

std::int32_t Date::first_supported_day() {
  return to_days(date::year{first_supported_year} / date::January / 1);
}

std::int32_t Date::last_supported_day() {
  return to_days(date::year{last_supported_year} / date::December / 31);
}

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  // date::month and date::day hold one byte, so 257 would wrap to a valid 1; refuse it first.
  if (year < first_supported_year || year > last_supported_year || month < 1 || month > 12 ||
      day < 1 || day > 31)
    return std::nullopt;
  date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                           date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok())
    return std::nullopt;
  return from_days(to_days(ymd));
}

std::optional<Date> Date::try_parse(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.empty())
    return std::nullopt;
  // The form tiendo stores and writes, YYYY-MM-DD, read without splitting: a national load reads
  // it a million times. from_ymd checks it as the general path below would.
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (digit(0) && digit(1) && digit(2) && digit(3) && digit(5) && digit(6) && digit(8) &&
        digit(9)) {
      auto value = [&](std::size_t i) { return text[i] - '0'; };
      return from_ymd(value(0) * 1000 + value(1) * 100 + value(2) * 10 + value(3),
                      value(5) * 10 + value(6), value(8) * 10 + value(9));
    }
  }

  auto year_end = [](int year, int month, DatePrecision precision) -> std::optional<Date> {
    if (year < first_supported_year || year > last_supported_year || month < 1 || month > 12)
      return std::nullopt;
    auto last = date::year_month_day_last{date::year{year},
                                          date::month_day_last{date::month{unsigned(month)}}};
    return from_days(to_days(date::year_month_day{last}), precision);
  };

  char separator = text.find('/') != std::string_view::npos ? '/' : '-';
  auto parts = split_numeric(text, separator);
  if (!parts)
    return std::nullopt;
  const auto& p = *parts;
  bool year_first = p[0].size() == 4;
  if (p.size() == 1 && year_first)
    return year_end(number(p[0]), 12, DatePrecision::Year);
  if (p.size() == 2) {
    // 2019-07 or 07/2019.
    if (year_first && p[1].size() <= 2)
      return year_end(number(p[0]), number(p[1]), DatePrecision::Month);
    if (!year_first && p[1].size() == 4 && p[0].size() <= 2)
      return year_end(number(p[1]), number(p[0]), DatePrecision::Month);
    return std::nullopt;
  }
  if (p.size() == 3) {
    if (year_first && p[1].size() <= 2 && p[2].size() <= 2)
      return from_ymd(number(p[0]), number(p[1]), number(p[2]));
    // Day first, as Vietnamese documents write it: 15/07/2019.
    if (!year_first && p[2].size() == 4 && p[0].size() <= 2 && p[1].size() <= 2)
      return from_ymd(number(p[2]), number(p[1]), number(p[0]));
  }
  return std::nullopt;
}

Date Date::parse(std::string_view text) {
  if (auto result = try_parse(text))
    return *result;
  throw InvalidInput(
      fmt::format("'{}': not a date (use 2019-07-15, 15/07/2019, 07/2019, 2019-07 or 2019)", text));
}

std::string Date::why_not_a_date(std::string_view text) {
  // The year is the group of four digits, wherever the form puts it.
  std::size_t start = text.find_first_of("0123456789");
  while (start != std::string_view::npos) {
    std::size_t end = text.find_first_not_of("0123456789", start);
    std::string_view group = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (group.size() == 4) {
      int year = std::stoi(std::string(group));
      if (year < first_supported_year || year > last_supported_year)
        return fmt::format("outside the supported years {}-{}", first_supported_year,
                           last_supported_year);
    }
    start = end == std::string_view::npos ? end : text.find_first_of("0123456789", end);
  }
  // A well-shaped day that the calendar lacks (2019-02-30) deserves its own message.
  bool shaped = text.size() == 10 && text.find_first_not_of("0123456789-/") == std::string::npos;
  if (shaped)
    return "no such day in the calendar";
  return "not a date (use 2019-07-15, 15/07/2019, 07/2019, 2019-07 or 2019)";
}

Date Date::parse_option(std::string_view option, std::string_view text) {
  if (auto result = try_parse(text))
    return *result;
  throw InvalidInput(fmt::format("{}: '{}': {}", option, text, why_not_a_date(text)));
}

Date Date::today_in_vietnam() {
  if (const char* fixed = std::getenv("TIENDO_TODAY"); fixed && *fixed) {
    auto day = try_parse(fixed);
    if (!day || day->precision() != DatePrecision::Day)
      throw InvalidInput(fmt::format("$TIENDO_TODAY: '{}': not a day (write YYYY-MM-DD)",
                                     printable(std::string_view(fixed).substr(0, 40))));
    return *day;
  }
  auto now = std::chrono::system_clock::now() + std::chrono::hours(7);
  auto days = std::chrono::floor<date::days>(now);
  return from_days(static_cast<std::int32_t>(days.time_since_epoch().count()));
}

int Date::year() const {
  return int(civil(m_days).year());
}
int Date::month() const {
  return int(unsigned(civil(m_days).month()));
}
int Date::day() const {
  return int(unsigned(civil(m_days).day()));
}

Date Date::first_day() const {
  auto civil_date = civil(m_days);
  switch (m_precision) {
    case DatePrecision::Year:
      return from_days(to_days(civil_date.year() / date::January / 1));
    case DatePrecision::Month:
      return from_days(to_days(civil_date.year() / civil_date.month() / 1));
    case DatePrecision::Day:
      break;
  }
  return from_days(m_days);
}

Date Date::end_of_year() const {
  return from_days(to_days(date::year{year()} / date::December / 31), DatePrecision::Year);
}

namespace {

// Writes "YYYY", "YYYY-MM" or "YYYY-MM-DD" without a format string: export and the store write
// this for every date of a national portfolio, millions of times.
std::string iso_text(const date::year_month_day& civil_date, DatePrecision precision) {
  int year = int(civil_date.year());
  if (year < 0 || year > 9999)
    return precision == DatePrecision::Year ? fmt::format("{:04}", year)
           : precision == DatePrecision::Month
               ? fmt::format("{:04}-{:02}", year, unsigned(civil_date.month()))
               : fmt::format("{:04}-{:02}-{:02}", year, unsigned(civil_date.month()),
                             unsigned(civil_date.day()));
  char text[10];
  auto digits = [&](std::size_t at, unsigned value, std::size_t count) {
    for (std::size_t i = count; i-- > 0; value /= 10)
      text[at + i] = static_cast<char>('0' + value % 10);
  };
  digits(0, static_cast<unsigned>(year), 4);
  if (precision == DatePrecision::Year)
    return std::string(text, 4);
  text[4] = '-';
  digits(5, unsigned(civil_date.month()), 2);
  if (precision == DatePrecision::Month)
    return std::string(text, 7);
  text[7] = '-';
  digits(8, unsigned(civil_date.day()), 2);
  return std::string(text, 10);
}

}  // namespace

std::string Date::iso() const {
  return iso_text(civil(m_days), m_precision);
}

std::string Date::iso_day() const {
  return iso_text(civil(m_days), DatePrecision::Day);
}

std::string Date::vietnamese() const {
  switch (m_precision) {
    case DatePrecision::Year:
      return fmt::format("{:04}", year());
    case DatePrecision::Month:
      return fmt::format("{:02}/{:04}", month(), year());
    case DatePrecision::Day:
      break;
  }
  return fmt::format("{:02}/{:02}/{:04}", day(), month(), year());
}

}  // namespace tiendo
