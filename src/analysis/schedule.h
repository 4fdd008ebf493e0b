#pragma once
// The critical path method over the whole milestone network, exactly as DESIGN.md states it:
// a forward pass for early dates (each recording what drove it), a backward pass for late dates
// over what is not done, total float and criticality. Pure: a Portfolio and a date in, numbers out.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/portfolio.h"
#include "graph/network.h"

namespace tiendo::analysis {

// What fixed a milestone's early finish; Predecessor names the dependency that did.
enum class DriverKind : std::uint8_t {
  Actual,
  ActualStart,
  AsOf,
  Planned,
  Forecast,
  Predecessor,
  ImposedSlip
};
std::string_view driver_kind_key(DriverKind kind);

struct MilestoneSchedule {
  std::int32_t early_start = 0;  // Days since 1970-01-01, like Date::days().
  std::int32_t early_finish = 0;
  // Late dates and float exist only for milestones not done.
  std::optional<std::int32_t> late_start;
  std::optional<std::int32_t> late_finish;
  std::optional<std::int32_t> total_float;
  bool critical = false;
  DriverKind driver = DriverKind::AsOf;
  std::int32_t driver_dependency = -1;  // Index into Portfolio::dependencies, or -1.
};

// An extra bound "EF ≥ days" on one milestone, as `impact --slip` imposes.
struct ImposedFinish {
  std::int32_t milestone = 0;
  std::int32_t earliest_finish = 0;
};

// Where some project works on a calendar, the instants behind each milestone's dates (minutes since
// 1970-01-01 00:00 Vietnam time; the late ones only for milestones not done): an incremental
// update reads its neighbours' instants from here, as the days alone are not exact enough.
struct ScheduleInstants {
  std::vector<std::int64_t> early_start, early_finish, late_start, late_finish;
};

struct Schedule {
  Date as_of;
  std::vector<MilestoneSchedule> milestones;  // Parallel to Portfolio::milestones.
  ScheduleInstants instants;  // Empty when no project has a calendar.
};

Schedule compute_schedule(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                          Date as_of, std::span<const ImposedFinish> imposed = {});

// Positive is late: early finish minus the planned date.
std::optional<std::int32_t> slip_days(const Milestone& milestone, const MilestoneSchedule& entry);
// Days past a planned date that has gone by without the milestone being done.
std::optional<std::int32_t> overdue_days(const Milestone& milestone, Date as_of);

// One step of an explanation: this milestone's early finish and what set it.
struct DriverStep {
  std::int32_t milestone = 0;
  std::int32_t early_finish = 0;
  DriverKind driver = DriverKind::AsOf;
  std::int32_t dependency = -1;  // The link to the next step (the predecessor), or -1 at the end.
};

// Follows drivers back from a milestone to what fixes its date (an actual, the plan, a
// forecast, the as-of date). The first step is the milestone itself.
std::vector<DriverStep> driver_chain(const Portfolio& portfolio, const Schedule& schedule,
                                     std::int32_t milestone);

}  // namespace tiendo::analysis
