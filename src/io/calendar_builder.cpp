#include "io/calendar_builder.h"

#include <algorithm>

namespace tiendo::io {

DayPeriods merged_periods(DayPeriods periods) {
  std::sort(periods.begin(), periods.end(),
            [](const WorkingPeriod& a, const WorkingPeriod& b) { return a.start < b.start; });
  DayPeriods merged;
  for (const auto& period : periods) {
    if (!merged.empty() && period.start <= merged.back().end)
      merged.back().end = std::max(merged.back().end, period.end);
    else
      merged.push_back(period);
  }
  return merged;
}

std::size_t weekday_from_sunday_first(int day) { return static_cast<std::size_t>((day + 5) % 7); }

}  // namespace tiendo::io
