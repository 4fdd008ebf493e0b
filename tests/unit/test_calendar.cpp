// Working calendars: Vietnam's lunar New Year, the Labour Code's holidays and make-up days, and
// the arithmetic of working time that the schedule counts durations in.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/date.h"
#include "domain/error.h"

using namespace tiendo;

namespace {

std::int32_t day(const char* iso) {
  return Date::parse(iso).days();
}
std::int64_t at(const char* iso, int hours, int minutes = 0) {
  return std::int64_t{day(iso)} * 1440 + hours * 60 + minutes;
}

const CalendarDefinition& built_in(std::string_view name) {
  const CalendarDefinition* definition = find_built_in_calendar(name);
  REQUIRE(definition != nullptr);
  return *definition;
}

std::vector<std::string> days_off(int year, std::string_view calendar) {
  std::vector<std::string> result;
  for (const auto& holiday : vietnam_days_off(year, built_in(calendar).weekdays))
    result.push_back(Date::from_days(holiday.day).iso_day() + " " +
                     std::string(holiday_kind_english(holiday.kind)));
  return result;
}

}  // namespace

TEST_CASE("calendar: Tet 2000-2050 by Ho Ngoc Duc's algorithm matches the published table") {
  // The first day of the lunar year in Vietnam (UTC+7), as Vietnamese calendars print it (the
  // tables of Hồ Ngọc Đức's "Âm lịch Việt Nam", informatik.uni-leipzig.de/~duc/amlich/).
  // 2007 and 2030 differ from China's (UTC+8): a new moon before midnight in Hà Nội.
  const char* table[] = {
      "2000-02-05", "2001-01-24", "2002-02-12", "2003-02-01", "2004-01-22", "2005-02-09",
      "2006-01-29", "2007-02-17", "2008-02-07", "2009-01-26", "2010-02-14", "2011-02-03",
      "2012-01-23", "2013-02-10", "2014-01-31", "2015-02-19", "2016-02-08", "2017-01-28",
      "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12", "2022-02-01", "2023-01-22",
      "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13",
      "2030-02-02", "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08",
      "2036-01-28", "2037-02-15", "2038-02-04", "2039-01-24", "2040-02-12", "2041-02-01",
      "2042-01-22", "2043-02-10", "2044-01-30", "2045-02-17", "2046-02-06", "2047-01-26",
      "2048-02-14", "2049-02-02", "2050-01-23"};
  for (int year = 2000; year <= 2050; ++year) {
    CAPTURE(year);
    CHECK(Date::from_days(lunar_new_year(year)).iso_day() == table[year - 2000]);
  }
  CHECK(Date::from_days(lunar_new_year(2026)).vietnamese() == "17/02/2026");
  CHECK(Date::from_days(lunar_new_year(2027)).vietnamese() == "06/02/2027");
  // Giỗ Tổ Hùng Vương, 10/3 lunar: 18/04/2024, 07/04/2025, 26/04/2026.
  CHECK(Date::from_days(lunar_to_solar(10, 3, 2024)).iso_day() == "2024-04-18");
  CHECK(Date::from_days(lunar_to_solar(10, 3, 2025)).iso_day() == "2025-04-07");
  CHECK(Date::from_days(lunar_to_solar(10, 3, 2026)).iso_day() == "2026-04-26");
}

TEST_CASE("calendar: the 2019 Labour Code from 2021 adds a day beside 2 September") {
  auto national_days = [](int year) {
    int count = 0;
    for (const auto& holiday : vietnam_public_holidays(year))
      count += holiday.kind == HolidayKind::NationalDay;
    return count;
  };
  CHECK(national_days(2020) == 1);  // 2012 code, Article 115: 2/9 alone.
  CHECK(national_days(2021) == 2);  // 2019 code, Article 112: 2/9 and a day beside it.
  // Eleven days off a year under the 2019 code, ten under the 2012 code.
  CHECK(vietnam_public_holidays(2020).size() == 10);
  CHECK(vietnam_public_holidays(2027).size() == 11);
}

TEST_CASE("calendar: a holiday on a weekly rest day gives the next working day off") {
  // 2027: Tết is Saturday 6/2; 5/2-9/2 off, Saturday and Sunday fall in it, so Wednesday 10/2
  // and Thursday 11/2 are made up on Monday-Friday; on Monday-Saturday only Sunday is made up.
  auto mon_fri = days_off(2027, "vn-mon-fri");
  CHECK(std::find(mon_fri.begin(), mon_fri.end(), "2027-02-10 day off in lieu") != mon_fri.end());
  CHECK(std::find(mon_fri.begin(), mon_fri.end(), "2027-02-11 day off in lieu") != mon_fri.end());
  // 1/5/2027 is a Saturday: Monday 3/5 off on Monday-Friday, nothing on Monday-Saturday.
  CHECK(std::find(mon_fri.begin(), mon_fri.end(), "2027-05-03 day off in lieu") != mon_fri.end());
  auto mon_sat = days_off(2027, "vn-mon-sat");
  CHECK(std::find(mon_sat.begin(), mon_sat.end(), "2027-02-10 day off in lieu") != mon_sat.end());
  CHECK(std::find(mon_sat.begin(), mon_sat.end(), "2027-02-11 day off in lieu") == mon_sat.end());
  CHECK(std::find(mon_sat.begin(), mon_sat.end(), "2027-05-03 day off in lieu") == mon_sat.end());
  // 1/1/2023 is a Sunday: Monday 2/1 off (as the government gave it).
  auto year_2023 = days_off(2023, "vn-mon-fri");
  CHECK(std::find(year_2023.begin(), year_2023.end(), "2023-01-02 day off in lieu") !=
        year_2023.end());
  // 30/4/2023 Sunday and 1/5 Monday: the make-up day skips the holiday to Tuesday 2/5.
  CHECK(std::find(year_2023.begin(), year_2023.end(), "2023-05-02 day off in lieu") !=
        year_2023.end());
}

TEST_CASE("calendar: working time on vn-mon-fri") {
  WorkingCalendar calendar(built_in("vn-mon-fri"));
  CHECK(calendar.minutes_per_day() == 480);
  // Monday 4 January 2027, 08:00-12:00 and 13:00-17:00.
  const std::int64_t monday = at("2027-01-04", 0);
  CHECK(calendar.next_working(monday) == at("2027-01-04", 8));
  CHECK(calendar.next_working(at("2027-01-04", 12, 30)) == at("2027-01-04", 13));
  CHECK(calendar.next_working(at("2027-01-04", 9, 15)) == at("2027-01-04", 9, 15));
  // Friday 17:00 → Monday 08:00.
  CHECK(calendar.next_working(at("2027-01-08", 17)) == at("2027-01-11", 8));
  // One day of work from Monday 08:00 is done at 17:00 the same day (the end of the period),
  // not at 08:00 on Tuesday.
  const std::int64_t start = at("2027-01-04", 8);
  CHECK(calendar.end_of_work(calendar.work_before(start) + 480) == at("2027-01-04", 17));
  CHECK(calendar.end_of_work(calendar.work_before(start) + 5 * 480) == at("2027-01-08", 17));
  CHECK(calendar.can_finish_at(at("2027-01-04", 17)));
  CHECK_FALSE(calendar.can_finish_at(at("2027-01-04", 18)));
  CHECK(calendar.finish_of_day(day("2027-01-04")) == at("2027-01-04", 17));
  // A Saturday's finish is Friday's end of work.
  CHECK(calendar.finish_of_day(day("2027-01-09")) == at("2027-01-08", 17));
  // Tết 2027: nothing from Friday 5/2 to Thursday 11/2.
  CHECK(calendar.periods_on(day("2027-02-05")).empty());
  CHECK(calendar.periods_on(day("2027-02-11")).empty());
  CHECK(calendar.next_working(at("2027-02-04", 17)) == at("2027-02-12", 8));
}

TEST_CASE("calendar: exceptions override weekdays and holidays") {
  CalendarDefinition definition = built_in("vn-mon-fri");
  definition.name = "site";
  definition.exceptions[day("2027-02-05")] = parse_day_periods("--periods", "08:00-12:00");
  definition.exceptions[day("2027-01-06")] = {};
  WorkingCalendar calendar(definition);
  CHECK(calendar.periods_on(day("2027-02-05")).size() == 1);
  CHECK(calendar.periods_on(day("2027-01-06")).empty());
  CHECK(calendar.finish_of_day(day("2027-02-05")) == at("2027-02-05", 12));
}

TEST_CASE("calendar: all-days is whole calendar days") {
  WorkingCalendar calendar(built_in("all-days"));
  CHECK(calendar.minutes_per_day() == 1440);
  const std::int64_t instant = at("2027-01-04", 0);
  CHECK(calendar.next_working(instant) == instant);
  CHECK(calendar.end_of_work(calendar.work_before(instant) + 1440) == at("2027-01-05", 0));
  // 24:00 of a day is the next day's 00:00: a finish printed as day P is P's 00:00.
  CHECK(calendar.finish_of_day(day("2027-01-05")) == at("2027-01-05", 0));
}

TEST_CASE("calendar: the text forms read back what they write, and bad ones are refused") {
  const auto& definition = built_in("vn-mon-sat");
  CHECK(format_weekdays(definition.weekdays) ==
        "mon=08:00-12:00,13:00-17:00;tue=08:00-12:00,13:00-17:00;wed=08:00-12:00,13:00-17:00;"
        "thu=08:00-12:00,13:00-17:00;fri=08:00-12:00,13:00-17:00;sat=08:00-12:00,13:00-17:00;"
        "sun=");
  CHECK(parse_weekdays("weekdays", format_weekdays(definition.weekdays)) == definition.weekdays);
  std::map<std::int32_t, DayPeriods> exceptions{{day("2027-02-05"), {}},
                                                {day("2027-02-06"), {{480, 720}}}};
  CHECK(format_exceptions(exceptions) == "2027-02-05=;2027-02-06=08:00-12:00");
  CHECK(parse_exceptions("exceptions", format_exceptions(exceptions)) == exceptions);
  CHECK_THROWS_AS(parse_day_periods("--periods", "08:00-07:00"), InvalidInput);
  CHECK_THROWS_AS(parse_day_periods("--periods", "08:00-12:00,11:00-13:00"), InvalidInput);
  CHECK_THROWS_AS(parse_day_periods("--periods", "8-12"), InvalidInput);
  CHECK_THROWS_AS(parse_day_periods("--periods", "24:00-24:00"), InvalidInput);
  CHECK(parse_day_periods("--periods", "00:00-24:00") == DayPeriods{{0, 1440}});
  CHECK_THROWS_AS(check_calendar_name("NAME", "vn-mon-fri"), InvalidInput);
  CHECK_THROWS_AS(check_calendar_name("NAME", "Site A"), InvalidInput);
  CHECK_NOTHROW(check_calendar_name("NAME", "site-a"));
  CHECK(weekday_of(day("2027-01-04")) == 0);  // A Monday.
  CHECK(weekday_of(day("1969-12-28")) == 6);  // A Sunday before the epoch.
}
