#pragma once
// What both contractor-schedule readers (P6 XER, MS Project XML) do alike when they turn a file's
// calendar into a CalendarDefinition: the day's periods put in order and joined, and the tools'
// weekday numbers turned into tiendo's. Each reader parses its own format and names its own
// fields in messages; only the building is shared, so that both build a calendar the same way.
#include <cstddef>

#include "domain/calendar.h"

namespace tiendo::io {

// A day's working periods as a file lists them, in any order, overlapping or touching, sorted
// and joined: both tools accept such periods, tiendo's calendar wants them apart and in order.
DayPeriods merged_periods(DayPeriods periods);

// P6 and MS Project number weekdays from Sunday = 1 to Saturday = 7; tiendo from Monday = 0.
// `day` must be 1 to 7 (the readers check it, naming their field).
std::size_t weekday_from_sunday_first(int day);

}  // namespace tiendo::io
