// Moments kept in UTC are shown in Vietnam's time on the pages (report/format.h format_moment).
#include <doctest/doctest.h>

#include "report/format.h"

using tiendo::report::format_moment;
using tiendo::report::Language;

TEST_CASE("format_moment: UTC as Vietnam reads it, to the minute") {
  CHECK(format_moment("2026-12-07T03:39:45Z", Language::Vietnamese) == "07/12/2026 10:39");
  CHECK(format_moment("2026-12-07T03:39:45Z", Language::English) == "2026-12-07 10:39");
  // Seven hours later may be the next day, month and year.
  CHECK(format_moment("2026-12-31T20:05:00Z", Language::Vietnamese) == "01/01/2027 03:05");
  CHECK(format_moment("2024-02-28T17:00:00Z", Language::Vietnamese) == "29/02/2024 00:00");
  // Anything else is shown as it is.
  CHECK(format_moment("yesterday", Language::Vietnamese) == "yesterday");
  CHECK(format_moment("2026-13-07T03:39:45Z", Language::Vietnamese) == "2026-13-07T03:39:45Z");
  CHECK(format_moment("2026-12-07T24:00:00Z", Language::Vietnamese) == "2026-12-07T24:00:00Z");
}
