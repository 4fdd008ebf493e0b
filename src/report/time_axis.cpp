#include "report/time_axis.h"

#include <fmt/format.h>

#include <algorithm>

#include "domain/date.h"

namespace tiendo::report {

std::vector<AxisTick> time_axis_ticks(std::int32_t first, std::int32_t last, double pixels,
                                      double label_pixels) {
  std::vector<AxisTick> ticks;
  if (last <= first || pixels <= 0)
    return ticks;
  double per_year = pixels * 365.25 / static_cast<double>(last - first);
  int step = 100;
  for (int candidate : {1, 2, 5, 10, 20, 50, 100})
    if (candidate * per_year >= label_pixels) {
      step = candidate;
      break;
    }
  bool quarters = step == 1 && per_year / 4 >= label_pixels;
  int first_year = Date::from_days(first).year(), last_year = Date::from_days(last).year();
  for (int year = first_year; year <= last_year; ++year) {
    bool year_shown = year % step == 0;
    for (int month = 1; month <= 12; month += 3) {
      if (month > 1 && !quarters)
        break;
      if (month == 1 && !year_shown)
        continue;
      auto tick = Date::from_ymd(year, month, 1);
      if (!tick || tick->days() <= first || tick->days() >= last)
        continue;
      ticks.push_back(AxisTick{
          tick->days(), month == 1 ? std::to_string(year) : fmt::format("Q{}", (month - 1) / 3 + 1),
          month == 1});
    }
  }
  return ticks;
}

}  // namespace tiendo::report
