// The calendar building both contractor-schedule readers share (io/calendar_builder.h).
#include <doctest/doctest.h>

#include "io/calendar_builder.h"

using namespace tiendo;
using namespace tiendo::io;

TEST_CASE("calendar builder: a day's periods sorted, touching and overlapping ones joined") {
  CHECK(merged_periods({}).empty());
  CHECK(merged_periods({{13 * 60, 17 * 60}, {8 * 60, 12 * 60}}) ==
        DayPeriods{{8 * 60, 12 * 60}, {13 * 60, 17 * 60}});
  // Touching (12:00 ends one, starts the next) and overlapping periods become one.
  CHECK(merged_periods({{8 * 60, 12 * 60}, {12 * 60, 14 * 60}, {13 * 60, 17 * 60}}) ==
        DayPeriods{{8 * 60, 17 * 60}});
  // One inside another leaves the outer.
  CHECK(merged_periods({{8 * 60, 17 * 60}, {9 * 60, 10 * 60}}) == DayPeriods{{8 * 60, 17 * 60}});
}

TEST_CASE("calendar builder: Sunday-first weekday numbers to Monday-first") {
  CHECK(weekday_from_sunday_first(1) == 6);  // Sunday
  CHECK(weekday_from_sunday_first(2) == 0);  // Monday
  CHECK(weekday_from_sunday_first(7) == 5);  // Saturday
}
