// Dates as the reports write them: a day, a month or a year, each standing for the last day of its
// period and printed back at the precision it was written with.
#include <doctest/doctest.h>

#include <string>

#include "domain/date.h"
#include "domain/error.h"

using namespace tiendo;

namespace {

// The message of the InvalidInput that parsing `text` throws, or a marker when nothing is thrown,
// so that a check on the message fails loudly instead of passing on an empty string.
std::string refusal(const std::string& text) {
  try {
    Date::parse(text);
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "<accepted>";
}

}  // namespace

TEST_CASE("date: a full day in ISO, Vietnamese and dashed day-first order") {
  for (const char* text : {"2019-07-15", "15/07/2019", "15-07-2019"}) {
    CAPTURE(text);
    Date date = Date::parse(text);
    CHECK(date.year() == 2019);
    CHECK(date.month() == 7);
    CHECK(date.day() == 15);
    CHECK(date.precision() == DatePrecision::Day);
    CHECK(date.iso() == "2019-07-15");
    CHECK(date.iso_day() == "2019-07-15");
    CHECK(date.vietnamese() == "15/07/2019");
  }
  // 2019-07-15 is day 18092 since 1970-01-01: 49 years of 365 days plus 12 leap days (1972 to
  // 2016) is 17897, and 1 January to 15 July 2019 adds 195.
  CHECK(Date::parse("2019-07-15").days() == 18092);
  CHECK(Date::parse("1970-01-01").days() == 0);
  // Single-digit day and month, as some documents write them.
  CHECK(Date::parse("5/7/2019").iso() == "2019-07-05");
}

TEST_CASE("date: a month stands for its last day and keeps month precision") {
  Date july = Date::parse("07/2019");
  CHECK(july.iso_day() == "2019-07-31");
  CHECK(july.precision() == DatePrecision::Month);
  CHECK(july.iso() == "2019-07");
  CHECK(july.vietnamese() == "07/2019");
  CHECK(Date::parse("2019-07").identical(july));

  CHECK(Date::parse("02/2020").iso_day() == "2020-02-29");
  CHECK(Date::parse("2019-02").iso_day() == "2019-02-28");
  CHECK(Date::parse("04/2019").iso_day() == "2019-04-30");
  CHECK(Date::parse("12/2019").iso_day() == "2019-12-31");
}

TEST_CASE("date: a year stands for 31 December and keeps year precision") {
  Date year = Date::parse("2019");
  CHECK(year.iso_day() == "2019-12-31");
  CHECK(year.precision() == DatePrecision::Year);
  CHECK(year.iso() == "2019");
  CHECK(year.vietnamese() == "2019");
}

TEST_CASE("date: surrounding spaces are ignored, the printed form is canonical") {
  CHECK(Date::parse("  2019-07-15\t").iso() == "2019-07-15");
  CHECK(Date::parse(" 7/2019 ").iso() == "2019-07");
}

TEST_CASE("date: what is not a real date is refused with InvalidInput naming the text") {
  for (const char* text : {"2019-02-30", "31/04/2019", "13/2019", "2019-13", "00/2019",
                           "2019-00-10", "2019-07-00", "32/01/2019", "29/02/2019", "2019-02-29"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(Date::parse(text), InvalidInput);
    CHECK_FALSE(Date::try_parse(text).has_value());
    CHECK(refusal(text).find(std::string("'") + text + "'") != std::string::npos);
  }
}

TEST_CASE("date: empty text, garbage and trailing text are refused") {
  for (const char* text :
       {"", "   ", "garbage", "2019-07-15abc", "2019-07-15 10:00", "15/07/2019 x", "July 2019",
        "2019/07-15", "15.07.2019", "19", "20190715", "2019-07-15-01", "-2019", "2019-"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(Date::parse(text), InvalidInput);
    CHECK_FALSE(Date::try_parse(text).has_value());
  }
  CHECK(refusal("garbage").find("'garbage'") != std::string::npos);
  CHECK(refusal("2019-07-15abc").find("'2019-07-15abc'") != std::string::npos);
}

TEST_CASE("date: leap years follow the Gregorian rule") {
  CHECK(Date::parse("2020-02-29").iso() == "2020-02-29");
  CHECK(Date::parse("2000-02-29").iso() == "2000-02-29");
  CHECK_FALSE(Date::try_parse("1900-02-29").has_value());
  CHECK_FALSE(Date::try_parse("2100-02-29").has_value());
  CHECK_FALSE(Date::try_parse("2019-02-29").has_value());
  CHECK(Date::parse("02/2000").iso_day() == "2000-02-29");
  CHECK(Date::parse("02/2100").iso_day() == "2100-02-28");
  CHECK(Date::from_ymd(2024, 2, 29).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 2, 29).has_value());
}

TEST_CASE("date: from_ymd checks the calendar and gives day precision") {
  auto date = Date::from_ymd(2019, 7, 15);
  REQUIRE(date.has_value());
  CHECK(date->precision() == DatePrecision::Day);
  CHECK(date->iso() == "2019-07-15");
  CHECK_FALSE(Date::from_ymd(2019, 4, 31).has_value());
  CHECK_FALSE(Date::from_ymd(2019, 13, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2019, 0, 1).has_value());
  CHECK_FALSE(Date::from_ymd(1899, 12, 31).has_value());
  CHECK_FALSE(Date::from_ymd(2201, 1, 1).has_value());
  // The calendar library keeps a month and a day in one byte; a value out of range must be refused
  // before it is cut down to a valid one (257 would become January, -255 the 1st).
  CHECK_FALSE(Date::from_ymd(2019, 257, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2019, 7, 257).has_value());
  CHECK_FALSE(Date::from_ymd(2019, 7, -255).has_value());
  CHECK_FALSE(Date::from_ymd(2019, -1, 1).has_value());
}

TEST_CASE("date: ordering ignores precision, identical() respects it") {
  Date day = Date::parse("2019-07-31");
  Date month = Date::parse("07/2019");
  Date year = Date::parse("2019");
  CHECK(day == month);
  CHECK_FALSE(day < month);
  CHECK_FALSE(month < day);
  CHECK_FALSE(day.identical(month));
  CHECK(month.identical(Date::parse("2019-07")));
  CHECK(day.identical(Date::parse("31/07/2019")));

  CHECK(month < year);
  CHECK(Date::parse("2019-07-30") < month);
  CHECK(Date::parse("2019-08-01") > month);
  CHECK(Date::parse("31/12/2019") == year);
  CHECK_FALSE(Date::parse("31/12/2019").identical(year));

  std::optional<Date> none;
  CHECK(identical(none, std::nullopt));
  CHECK_FALSE(identical(none, std::optional<Date>(day)));
  CHECK_FALSE(identical(std::optional<Date>(day), std::optional<Date>(month)));
  CHECK(identical(std::optional<Date>(month), std::optional<Date>(Date::parse("2019-07"))));
}

TEST_CASE("date: plus_days crosses months, years and leap days") {
  CHECK(Date::parse("2019-07-15").plus_days(17).iso() == "2019-08-01");
  CHECK(Date::parse("2019-12-31").plus_days(1).iso() == "2020-01-01");
  CHECK(Date::parse("2020-02-28").plus_days(1).iso() == "2020-02-29");
  CHECK(Date::parse("2020-03-01").plus_days(-1).iso() == "2020-02-29");
  CHECK(Date::parse("2019-03-01").plus_days(-1).iso() == "2019-02-28");
  CHECK(Date::parse("2019-07-15").plus_days(0).iso() == "2019-07-15");
  // 2020 has 366 days.
  CHECK(Date::parse("2020-01-01").plus_days(366).iso() == "2021-01-01");
  // Moving a coarse date gives a specific day: July 2019 plus one day is 1 August 2019.
  Date moved = Date::parse("07/2019").plus_days(1);
  CHECK(moved.iso() == "2019-08-01");
  CHECK(moved.precision() == DatePrecision::Day);
  CHECK(Date::parse("2019-08-01").days() - Date::parse("2019-07-15").days() == 17);
}

TEST_CASE("date: end_of_year is 31 December at year precision") {
  Date end = Date::parse("2019-07-15").end_of_year();
  CHECK(end.iso_day() == "2019-12-31");
  CHECK(end.precision() == DatePrecision::Year);
  CHECK(end.iso() == "2019");
  CHECK(Date::parse("2020-01-01").end_of_year().iso_day() == "2020-12-31");
  CHECK(Date::parse("2020-12-31").end_of_year() == Date::parse("2020-12-31"));
}

TEST_CASE("date: every printed form parses back to an identical date") {
  for (const char* text : {"2019-07-15", "07/2019", "2019", "29/02/2020", "02/2020"}) {
    CAPTURE(text);
    Date date = Date::parse(text);
    CHECK(Date::parse(date.iso()).identical(date));
    CHECK(Date::parse(date.vietnamese()).identical(date));
  }
}

TEST_CASE("date: first_day is the first day of the period a date stands for") {
  CHECK(Date::parse("12/2026").first_day().iso() == "2026-12-01");
  CHECK(Date::parse("2027").first_day().iso() == "2027-01-01");
  CHECK(Date::parse("2026-02-28").first_day().iso() == "2026-02-28");
  CHECK(Date::parse("02/2024").first_day() < Date::parse("02/2024"));
}
