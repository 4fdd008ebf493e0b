// The pieces of the lists and the Gantt that an HTTP test shows only through pages: a sort read
// from an address, and a time axis whose year labels never overlap, whatever the span.
#include <doctest/doctest.h>

#include <string>

#include "domain/date.h"
#include "domain/error.h"
#include "operations/lists.h"
#include "report/time_axis.h"

using namespace tiendo;

TEST_CASE("a list's sort is read as KEY or -KEY, and an unknown key names the field") {
  operations::SortOrder fallback{"code", false};
  auto order = operations::parse_sort("-slip", operations::project_list_columns, fallback);
  CHECK(order.column == "slip");
  CHECK(order.descending);
  CHECK(order.text() == "-slip");
  CHECK(operations::parse_sort("", operations::project_list_columns, fallback).column == "code");
  CHECK(operations::parse_sort("province", operations::alert_list_columns, fallback).text() ==
        "province");
  CHECK_THROWS_AS(operations::parse_sort("slip;drop", operations::project_list_columns, fallback),
                  InvalidInput);
  CHECK_THROWS_AS(operations::parse_sort("-", operations::project_list_columns, fallback),
                  InvalidInput);
}

namespace {

// The smallest distance in pixels between two year labels of the axis.
double closest_years(std::int32_t first, std::int32_t last, double pixels) {
  auto ticks = report::time_axis_ticks(first, last, pixels);
  double scale = pixels / static_cast<double>(last - first);
  double closest = 1e9, previous = -1e9;
  for (const auto& tick : ticks)
    if (tick.year) {
      double x = (tick.day - first) * scale;
      closest = std::min(closest, x - previous);
      previous = x;
    }
  return closest;
}

std::size_t year_labels(std::int32_t first, std::int32_t last, double pixels) {
  std::size_t count = 0;
  for (const auto& tick : report::time_axis_ticks(first, last, pixels))
    count += tick.year;
  return count;
}

}  // namespace

TEST_CASE("a Gantt's year labels stay apart over 2 years and over 40, and still name years") {
  auto day = [](int year) { return Date::from_ymd(year, 1, 1)->days(); };
  for (int years : {1, 2, 5, 10, 40, 120}) {
    CAPTURE(years);
    std::int32_t first = day(2000) - 20, last = day(2000 + years) + 20;
    for (double pixels : {300.0, 690.0, 1200.0}) {
      CAPTURE(pixels);
      CHECK(closest_years(first, last, pixels) >= 44);
      CHECK(year_labels(first, last, pixels) >= 1);
    }
  }
  // Forty years on the project page's 690 pixels: every fifth year, never all forty.
  auto ticks = report::time_axis_ticks(day(1990) - 20, day(2030) + 20, 690);
  CHECK(ticks.front().label == "1990");
  CHECK(ticks[1].label == "1995");
  // A year and a half is wide enough for its quarters.
  bool quarter = false;
  for (const auto& tick : report::time_axis_ticks(day(2020) - 20, day(2021) + 180, 690))
    quarter = quarter || tick.label == "Q3";
  CHECK(quarter);
}
