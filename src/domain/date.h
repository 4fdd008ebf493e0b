#pragma once
// A calendar date with the precision it was given at. Reports say "by July 2019" as often as
// "on 15/07/2019"; a coarse date stands for the last day of its period, and keeps its precision
// so that it prints back the way it was written.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tiendo {

enum class DatePrecision : std::uint8_t { Day, Month, Year };

// The years tiendo reads, writes and computes in. A date outside them is a typing mistake or a
// chain of durations gone wrong (a 100-year phase a hundred times over), never a plan; it is
// refused where it enters or is computed, rather than printed as year 16330 or -30661.
inline constexpr int first_supported_year = 1900;
inline constexpr int last_supported_year = 2200;

class Date {
 public:
  Date() = default;
  static Date from_days(std::int32_t days_since_epoch,
                        DatePrecision precision = DatePrecision::Day);
  static std::optional<Date> from_ymd(int year, int month, int day);

  // Reads 2019-07-15, 15/07/2019, 15-07-2019, 07/2019, 2019-07 and 2019. Throws InvalidInput
  // with a message naming the text when it is not a real date (2019-02-30 is refused).
  static Date parse(std::string_view text);
  static std::optional<Date> try_parse(std::string_view text);
  // Why a text is not a date try_parse reads: outside the supported years, no such day in the
  // calendar (2019-02-30), or not a date at all.
  static std::string why_not_a_date(std::string_view text);
  // Reads the date an option gives; throws InvalidInput "--date: '31/02/2020': no such day ...".
  static Date parse_option(std::string_view option, std::string_view text);

  // The first and last day of the supported years, as days().
  static std::int32_t first_supported_day();
  static std::int32_t last_supported_day();
  static bool supported(std::int64_t days) {
    return days >= first_supported_day() && days <= last_supported_day();
  }

  // Today in Vietnam (UTC+7, no daylight saving), which is the default as-of date and the latest
  // day an actual date may name. The environment variable TIENDO_TODAY (YYYY-MM-DD), when set,
  // stands for the clock: tests and demonstrations fix the day they run on with it.
  static Date today_in_vietnam();

  std::int32_t days() const { return m_days; }
  DatePrecision precision() const { return m_precision; }
  int year() const;
  int month() const;
  int day() const;

  Date plus_days(std::int32_t count) const { return from_days(m_days + count); }
  // The first day of the period the date stands for (1 December 2026 for 12/2026), at day
  // precision: the earliest day a coarse date may mean.
  Date first_day() const;
  Date end_of_year() const;

  // ISO at the stored precision: 2019-07-15, 2019-07 or 2019.
  std::string iso() const;
  // Always the full day, for JSON and computations shown to scripts.
  std::string iso_day() const;
  // As Vietnamese reports write it: 15/07/2019, 07/2019 or 2019.
  std::string vietnamese() const;

  // Two dates compare by the day they stand for; precision does not order them.
  friend bool operator==(const Date& a, const Date& b) { return a.m_days == b.m_days; }
  friend auto operator<=>(const Date& a, const Date& b) { return a.m_days <=> b.m_days; }
  // Same day and same precision: what a change log needs to decide whether a value changed.
  bool identical(const Date& other) const {
    return m_days == other.m_days && m_precision == other.m_precision;
  }

 private:
  std::int32_t m_days = 0;
  DatePrecision m_precision = DatePrecision::Day;
};

inline bool identical(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (a.has_value() != b.has_value())
    return false;
  return !a || a->identical(*b);
}

}  // namespace tiendo
