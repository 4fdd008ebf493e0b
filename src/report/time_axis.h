#pragma once
// The time axis of a Gantt chart: where its ticks go and what they say, so that the labels never
// overlap however long the span — a quarter a tick over a year, every year over a decade, every
// ten years over a century — on the project page and in the report alike.
#include <cstdint>
#include <string>
#include <vector>

namespace tiendo::report {

struct AxisTick {
  std::int32_t day = 0;  // Days since the epoch: the first day of a year or of a quarter.
  std::string label;     // "2021", or "Q3" for a quarter.
  bool year = false;     // A year's tick (drawn stronger), not a quarter's.
};

// The ticks strictly between `first` and `last` (days since the epoch) on an axis `pixels` wide:
// years at a step of 1, 2, 5, 10, 20, 50 or 100 so that two year labels stand at least
// `label_pixels` apart; quarters between them only when a quarter is that wide too.
std::vector<AxisTick> time_axis_ticks(std::int32_t first, std::int32_t last, double pixels,
                                      double label_pixels = 44);

}  // namespace tiendo::report
