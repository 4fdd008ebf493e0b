#pragma once
// The forward pass of the critical path method, exactly as DESIGN.md states it, in one place: the
// schedule runs it once with the portfolio's own dates; the probabilistic forecast runs it once per
// draw with the dates and durations it drew. It writes through an `Output` (start(m), finish(m)
// and set(m, start, finish, driver, dependency)), so a draw keeps two plain arrays where the
// schedule keeps its full entries.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "analysis/schedule.h"
#include "domain/calendar.h"
#include "domain/portfolio.h"
#include "graph/network.h"

namespace tiendo::analysis {

// "No such bound" in the per-milestone arrays below.
inline constexpr std::int32_t no_bound = std::numeric_limits<std::int32_t>::min();

// A portfolio's milestone dates and durations as plain arrays (no_bound where a date is absent):
// the pass reads these instead of the milestones themselves, which are large and scattered, so
// that a forecast can run it a thousand times.
struct MilestoneDates {
  std::vector<std::int32_t> actual, actual_start, planned, forecast, durations;
};
MilestoneDates milestone_dates(const Portfolio& portfolio);

// Per milestone, what the pass reads. `imposed` and `lateness` may be empty ("none for any
// milestone").
//
// `lateness` is what a forecast draws: the days a step runs past what the rule allows it. A step
// not started is moved whole (start and finish) past the later of its plan and what its
// predecessors allow through any link, so that the lateness reaches a finish-to-finish bound and
// the step's start-to-start successors as it did in history; the as-of date, the investor's
// forecast and an imposed slip stay bounds it is never earlier than. A started step's span after
// its actual start is lengthened by it. The schedule passes none: its dates are the plan's.
struct ForwardInputs {
  std::span<const std::int32_t> actual;
  std::span<const std::int32_t> actual_start;
  std::span<const std::int32_t> planned;
  std::span<const std::int32_t> forecast;
  std::span<const std::int32_t> imposed;
  std::span<const std::int32_t> durations;
  std::span<const std::int32_t> lateness = {};
};

namespace detail {

// Dates are computed in 64 bits and kept within a million years or so either way, so that no
// chain of durations, however absurd, can overflow; such dates are refused afterwards anyway.
inline std::int32_t guarded(std::int64_t days) {
  constexpr std::int64_t limit = 400'000'000;
  return static_cast<std::int32_t>(std::clamp(days, -limit, limit));
}

template <class Column>
std::int32_t bound_of(const Column& bounds, std::size_t m) {
  return bounds.empty() ? no_bound : bounds[m];
}

// The running maximum of the bounds on one date, remembering which bound won. On a tie a
// predecessor beats a plain date, so that explanations follow the network back to its root.
struct Bound {
  std::int32_t value = std::numeric_limits<std::int32_t>::min();
  DriverKind driver = DriverKind::AsOf;
  std::int32_t dependency = -1;
  int rank = -1;

  void offer(std::int32_t candidate, DriverKind kind, std::int32_t via = -1) {
    int candidate_rank = kind == DriverKind::Predecessor ? 3 : kind == DriverKind::AsOf ? 0 : 1;
    if (candidate > value || (candidate == value && candidate_rank > rank)) {
      value = candidate;
      driver = kind;
      dependency = via;
      rank = candidate_rank;
    }
  }
};

}  // namespace detail

// The earliest start one link gives a successor of duration `duration`, from its predecessor's
// start and finish: the link rule of DESIGN.md, for the pass below and for whoever reasons about
// one link on its own (the forecast, learning from actual dates).
inline std::int64_t link_start_bound(LinkType type, std::int32_t lag_days, std::int64_t from_start,
                                     std::int64_t from_finish, std::int32_t duration) {
  switch (type) {
    case LinkType::FinishToStart:
      return from_finish + lag_days;
    case LinkType::StartToStart:
      return from_start + lag_days;
    case LinkType::FinishToFinish:
      return from_finish + lag_days - duration;
    case LinkType::StartToFinish:
      return from_start + lag_days - duration;
  }
  return from_finish + lag_days;
}

// Runs over `order`, by default the whole network's topological order. A caller that runs the
// pass many times may give a part of that order (the milestones not done, in the same order)
// once `output` holds the rest: the dates of a done milestone never change. `Inputs` has the
// members of ForwardInputs, each indexable by milestone: the incremental schedule reads the
// portfolio's own milestones through it instead of copying every date into arrays.
template <class Output, class Inputs = ForwardInputs>
void forward_pass(const std::vector<Dependency>& dependencies,
                  const graph::MilestoneNetwork& network, std::int32_t data_date,
                  const Inputs& inputs, Output& output,
                  std::span<const std::int32_t> order = {}) {
  using detail::guarded;
  if (order.empty())
    order = network.topological_order();
  // Every predecessor is final before its successors are looked at.
  for (std::int32_t m : order) {
    const auto index = static_cast<std::size_t>(m);
    const std::int32_t d = inputs.durations[index];
    const std::int32_t actual_start = inputs.actual_start[index];
    if (inputs.actual[index] != no_bound) {
      std::int32_t finish = inputs.actual[index];
      std::int32_t start =
          actual_start != no_bound ? actual_start : guarded(std::int64_t{finish} - d);
      output.set(m, start, finish, DriverKind::Actual, -1);
      continue;
    }
    const std::int32_t planned = inputs.planned[index];
    const std::int32_t forecast = inputs.forecast[index];
    const std::int32_t imposed = detail::bound_of(inputs.imposed, index);
    const std::int32_t late = inputs.lateness.empty() ? 0 : inputs.lateness[index];
    if (actual_start != no_bound) {
      // A started phase: its start is history; its finish is pushed by time passing, by the
      // finish-type links and by the dates promised for it.
      const std::int32_t start = actual_start;
      detail::Bound finish;
      finish.offer(guarded(std::int64_t{start} + d + late), DriverKind::ActualStart);
      finish.offer(data_date, DriverKind::AsOf);
      for (std::int32_t e : network.incoming(m)) {
        const Dependency& link = dependencies[static_cast<std::size_t>(e)];
        if (link.type == LinkType::FinishToFinish)
          finish.offer(guarded(std::int64_t{output.finish(link.from)} + link.lag_days),
                       DriverKind::Predecessor, e);
        else if (link.type == LinkType::StartToFinish)
          finish.offer(guarded(std::int64_t{output.start(link.from)} + link.lag_days),
                       DriverKind::Predecessor, e);
      }
      if (planned != no_bound)
        finish.offer(planned, DriverKind::Planned);
      if (forecast != no_bound)
        finish.offer(forecast, DriverKind::Forecast);
      if (imposed != no_bound)
        finish.offer(imposed, DriverKind::ImposedSlip);
      output.set(m, start, finish.value, finish.driver, finish.dependency);
      continue;
    }
    detail::Bound start;
    start.offer(data_date, DriverKind::AsOf);
    for (std::int32_t e : network.incoming(m)) {
      const Dependency& link = dependencies[static_cast<std::size_t>(e)];
      std::int64_t bound = link_start_bound(link.type, link.lag_days, output.start(link.from),
                                            output.finish(link.from), d);
      start.offer(guarded(bound + late), DriverKind::Predecessor, e);
    }
    if (planned != no_bound)
      start.offer(guarded(std::int64_t{planned} - d + late), DriverKind::Planned);
    if (forecast != no_bound)
      start.offer(guarded(std::int64_t{forecast} - d), DriverKind::Forecast);
    if (imposed != no_bound)
      start.offer(guarded(std::int64_t{imposed} - d), DriverKind::ImposedSlip);
    output.set(m, start.value, guarded(std::int64_t{start.value} + d), start.driver,
               start.dependency);
  }
}

// The schedule's entries as the pass's `Output`.
struct ScheduleEntries {
  std::vector<MilestoneSchedule>& entries;
  std::int32_t start(std::int32_t m) const {
    return entries[static_cast<std::size_t>(m)].early_start;
  }
  std::int32_t finish(std::int32_t m) const {
    return entries[static_cast<std::size_t>(m)].early_finish;
  }
  void set(std::int32_t m, std::int32_t start, std::int32_t finish, DriverKind driver,
           std::int32_t dependency) {
    auto& entry = entries[static_cast<std::size_t>(m)];
    entry.early_start = start;
    entry.early_finish = finish;
    entry.driver = driver;
    entry.driver_dependency = dependency;
  }
};

// --- The forward pass on working calendars -------------------------------------------------
// Where some project has a working calendar (DESIGN.md, "Working calendars"), the pass counts in
// instants, minutes since 1970-01-01 00:00 Vietnam time: durations and lags are working minutes
// of a calendar; a start is the next working instant at or after its bound; a finish is the
// instant the work is done; a date is printed as the day of its instant. A project on whole days
// (no calendar) has the identity clock, every day 00:00-24:00, which gives exactly the day rules
// above times 1440, so links between the two kinds stay exact. A portfolio with no calendar runs
// the day pass above and never this one.

// Per milestone, the calendar it counts on (nullptr: whole days) and its duration in minutes;
// per dependency, the calendar its lag counts on (the predecessor's, unless the successor's
// project follows P6 with another lag calendar: the successor's, the project's default or a
// 24-hour one, nullptr, every minute working) and its lag in minutes of that calendar.
struct CalendarNetwork {
  std::vector<std::shared_ptr<const WorkingCalendar>> owned;
  std::vector<const WorkingCalendar*> of_milestone;
  std::vector<std::int64_t> durations;
  std::vector<const WorkingCalendar*> lag_calendars;
  std::vector<std::int64_t> lags;
  // Per milestone, for projects imported from P6 (Project::schedule_rules): a started one
  // finishes at the data date plus its remaining duration, and its constraints bound it.
  std::vector<std::uint8_t> p6_rules;
  // Per milestone, 1 where its project schedules progress out of sequence by P6's progress
  // override or actual dates rather than retained logic: a started activity goes on from the
  // data date whatever its predecessors, a finished one passes on its actual dates only. Empty
  // when no project does.
  std::vector<std::uint8_t> progress_override;
  std::vector<std::int64_t> start_on_or_after;  // no_instant where none
  // Per milestone, 1 where it is placed as late as possible (Milestone::as_late_as_possible);
  // empty when no milestone is.
  std::vector<std::uint8_t> as_late_as_possible;
};
inline constexpr std::int64_t no_instant = std::numeric_limits<std::int64_t>::min();
// Nothing when no project has a calendar other than all-days; throws InvalidInput when a project
// names a calendar the portfolio does not hold.
std::optional<CalendarNetwork> calendar_network(const Portfolio& portfolio);

namespace calendar_time {

inline std::int64_t guarded(std::int64_t minutes) {
  constexpr std::int64_t limit = std::int64_t{400'000'000} * minutes_per_calendar_day;
  return std::clamp(minutes, -limit, limit);
}
inline std::int32_t day_of(std::int64_t instant) {
  std::int64_t day = instant / minutes_per_calendar_day;
  if (instant % minutes_per_calendar_day != 0 && instant < 0)
    --day;
  return static_cast<std::int32_t>(day);
}
inline std::int64_t work_before(const WorkingCalendar* calendar, std::int64_t instant) {
  return calendar ? calendar->work_before(instant) : instant;
}
inline std::int64_t end_of_work(const WorkingCalendar* calendar, std::int64_t work) {
  return calendar ? calendar->end_of_work(work) : work;
}
inline std::int64_t start_of_work(const WorkingCalendar* calendar, std::int64_t work) {
  return calendar ? calendar->start_of_work(work) : work;
}
inline std::int64_t next_working(const WorkingCalendar* calendar, std::int64_t instant) {
  return calendar ? calendar->next_working(instant) : instant;
}
inline std::int64_t minutes_per_day(const WorkingCalendar* calendar) {
  return calendar ? calendar->minutes_per_day() : minutes_per_calendar_day;
}
// The instant `work` minutes of work after `start`: when the work is done.
inline std::int64_t advance(const WorkingCalendar* calendar, std::int64_t start, std::int64_t work) {
  if (work == 0)
    return start;
  return guarded(end_of_work(calendar, work_before(calendar, start) + work));
}
// An instant moved by a lag of working time: forward to when the lag is done, or back to the
// start of the working minute that far before it.
inline std::int64_t shift(const WorkingCalendar* calendar, std::int64_t instant, std::int64_t lag) {
  if (lag == 0)
    return instant;
  const std::int64_t work = work_before(calendar, instant) + lag;
  return guarded(lag > 0 ? end_of_work(calendar, work) : start_of_work(calendar, work));
}
// The earliest start from which `work` minutes are done at or after `finish`.
inline std::int64_t start_for_finish(const WorkingCalendar* calendar, std::int64_t finish,
                                     std::int64_t work) {
  if (work == 0)
    return finish;
  std::int64_t done = work_before(calendar, finish);
  // An instant no work can end at (a night, a holiday) is reached one working minute into the
  // next period at the earliest.
  if (end_of_work(calendar, done) != finish)
    done += 1;
  return guarded(start_of_work(calendar, done - work));
}
// The work of `calendar` done before `instant` moved back by `lag` minutes of `lag_calendar`,
// as the backward pass and as-late-as-possible read a successor's bound: on one calendar, the
// work before it less the lag, exactly as before lag calendars existed.
inline std::int64_t work_before_lag(const WorkingCalendar* calendar,
                                    const WorkingCalendar* lag_calendar, std::int64_t instant,
                                    std::int64_t lag) {
  if (lag_calendar == calendar)
    return work_before(calendar, instant) - lag;
  return work_before(calendar, shift(lag_calendar, instant, -lag));
}
// A finish date as an instant: the latest at which work may be done and still be that day.
inline std::int64_t finish_of_day(const WorkingCalendar* calendar, std::int32_t day) {
  return calendar ? calendar->finish_of_day(day) : std::int64_t{day} * minutes_per_calendar_day;
}
// A start date as an instant: the first working instant of that day or after it.
inline std::int64_t start_of_day(const WorkingCalendar* calendar, std::int32_t day) {
  return next_working(calendar, std::int64_t{day} * minutes_per_calendar_day);
}

// The running maximum of instants bounding one date, as detail::Bound does for days.
struct Bound {
  std::int64_t value = std::numeric_limits<std::int64_t>::min();
  DriverKind driver = DriverKind::AsOf;
  std::int32_t dependency = -1;
  int rank = -1;

  void offer(std::int64_t candidate, DriverKind kind, std::int32_t via = -1) {
    int candidate_rank = kind == DriverKind::Predecessor ? 3 : kind == DriverKind::AsOf ? 0 : 1;
    if (candidate > value || (candidate == value && candidate_rank > rank)) {
      value = candidate;
      driver = kind;
      dependency = via;
      rank = candidate_rank;
    }
  }
};

}  // namespace calendar_time

// The instants of every milestone's early start and finish, which the pass on calendars reads
// its predecessors' from (their days, which `Output` keeps, are not enough).
struct EarlyInstants {
  std::vector<std::int64_t> start, finish;
};

// The instant before which a finished P6 activity cannot have passed anything on (retained
// logic): its predecessors' links, each read as bounding an activity of no work; the earliest
// instant when it has none.
inline std::int64_t retained_instant(const std::vector<Dependency>& dependencies,
                                     const graph::MilestoneNetwork& network,
                                     const CalendarNetwork& calendars, std::int32_t m,
                                     const EarlyInstants& instants) {
  using namespace calendar_time;
  std::int64_t remaining = std::numeric_limits<std::int64_t>::min();
  for (std::int32_t e : network.incoming(m)) {
    const Dependency& link = dependencies[static_cast<std::size_t>(e)];
    const auto from = static_cast<std::size_t>(link.from);
    const bool from_finish =
        link.type == LinkType::FinishToStart || link.type == LinkType::FinishToFinish;
    const std::int64_t from_instant = from_finish ? instants.finish[from] : instants.start[from];
    remaining = std::max(remaining, shift(calendars.lag_calendars[static_cast<std::size_t>(e)],
                                          from_instant,
                                          calendars.lags[static_cast<std::size_t>(e)]));
  }
  return remaining;
}

// The same rules as forward_pass, in instants, writing days through `output` and instants into
// `instants` (sized to the milestones). Lateness is in working days of the step's calendar.
template <class Output, class Inputs = ForwardInputs>
void calendar_forward_pass(const std::vector<Dependency>& dependencies,
                           const graph::MilestoneNetwork& network,
                           const CalendarNetwork& calendars, std::int32_t data_date,
                           const Inputs& inputs, Output& output, EarlyInstants& instants,
                           std::span<const std::int32_t> order = {}) {
  using namespace calendar_time;
  if (order.empty())
    order = network.topological_order();
  const std::int64_t as_of = std::int64_t{data_date} * minutes_per_calendar_day;
  for (std::int32_t m : order) {
    const auto index = static_cast<std::size_t>(m);
    const WorkingCalendar* calendar = calendars.of_milestone[index];
    const std::int64_t d = calendars.durations[index];
    const std::int32_t actual_start = inputs.actual_start[index];
    auto set = [&](std::int64_t start, std::int64_t finish, std::int32_t start_day,
                   std::int32_t finish_day, DriverKind driver, std::int32_t dependency) {
      instants.start[index] = start;
      instants.finish[index] = finish;
      output.set(m, start_day, finish_day, driver, dependency);
    };
    const bool p6 = !calendars.p6_rules.empty() && calendars.p6_rules[index] != 0;
    const bool overridden =
        !calendars.progress_override.empty() && calendars.progress_override[index] != 0;
    if (inputs.actual[index] != no_bound) {
      // Done: the dates are history, printed as written; the instants carry them on.
      const std::int64_t finish = finish_of_day(calendar, inputs.actual[index]);
      const std::int64_t start = actual_start != no_bound ? start_of_day(calendar, actual_start)
                                                          : start_for_finish(calendar, finish, d);
      const std::int32_t start_day = actual_start != no_bound ? actual_start : day_of(start);
      if (p6 && !overridden) {
        // P6 keeps a finished activity in the logic (retained logic): its successors count from
        // its actual dates, or from later where its own predecessors still have work to do,
        // read as bounding an activity of no work. Its printed dates stay the actual ones.
        const std::int64_t held = retained_instant(dependencies, network, calendars, m, instants);
        instants.start[index] = std::max(start, held);
        instants.finish[index] = std::max(finish, held);
        output.set(m, start_day, inputs.actual[index], DriverKind::Actual, -1);
        continue;
      }
      set(start, finish, start_day, inputs.actual[index], DriverKind::Actual, -1);
      continue;
    }
    const std::int32_t planned = inputs.planned[index];
    const std::int32_t forecast = inputs.forecast[index];
    const std::int32_t imposed = detail::bound_of(inputs.imposed, index);
    const std::int64_t late =
        (inputs.lateness.empty() ? 0 : inputs.lateness[index]) * minutes_per_day(calendar);
    if (actual_start != no_bound) {
      const std::int64_t start = start_of_day(calendar, actual_start);
      Bound finish;
      if (p6) {
        // P6: the remaining duration runs from the data date, whatever the actual start, and
        // (retained logic) not before its predecessors allow it to resume.
        // Under progress override (or actual dates) its predecessors are not waited for.
        Bound resume;
        resume.offer(as_of, DriverKind::AsOf);
        for (std::int32_t e : network.incoming(m)) {
          if (overridden)
            break;
          const Dependency& link = dependencies[static_cast<std::size_t>(e)];
          const auto from = static_cast<std::size_t>(link.from);
          const auto link_index = static_cast<std::size_t>(e);
          const WorkingCalendar* lag_calendar = calendars.lag_calendars[link_index];
          const std::int64_t lag = calendars.lags[link_index];
          if (link.type == LinkType::FinishToStart)
            resume.offer(shift(lag_calendar, instants.finish[from], lag), DriverKind::Predecessor,
                         e);
          else if (link.type == LinkType::StartToStart)
            resume.offer(shift(lag_calendar, instants.start[from], lag), DriverKind::Predecessor,
                         e);
        }
        finish.offer(advance(calendar, next_working(calendar, resume.value), d + late),
                     resume.driver, resume.dependency);
      } else {
        finish.offer(advance(calendar, start, d + late), DriverKind::ActualStart);
        finish.offer(as_of, DriverKind::AsOf);
      }
      for (std::int32_t e : network.incoming(m)) {
        if (overridden)
          break;
        const Dependency& link = dependencies[static_cast<std::size_t>(e)];
        const auto from = static_cast<std::size_t>(link.from);
        const WorkingCalendar* lag_calendar = calendars.lag_calendars[static_cast<std::size_t>(e)];
        const std::int64_t lag = calendars.lags[static_cast<std::size_t>(e)];
        if (link.type == LinkType::FinishToFinish)
          finish.offer(shift(lag_calendar, instants.finish[from], lag), DriverKind::Predecessor,
                       e);
        else if (link.type == LinkType::StartToFinish)
          finish.offer(shift(lag_calendar, instants.start[from], lag), DriverKind::Predecessor,
                       e);
      }
      if (planned != no_bound && !p6)
        finish.offer(finish_of_day(calendar, planned), DriverKind::Planned);
      if (forecast != no_bound)
        finish.offer(finish_of_day(calendar, forecast), DriverKind::Forecast);
      if (imposed != no_bound)
        finish.offer(finish_of_day(calendar, imposed), DriverKind::ImposedSlip);
      set(start, finish.value, actual_start, day_of(finish.value), finish.driver,
          finish.dependency);
      continue;
    }
    auto later = [&](std::int64_t bound) { return shift(calendar, bound, late); };
    Bound start;
    start.offer(as_of, DriverKind::AsOf);
    for (std::int32_t e : network.incoming(m)) {
      const Dependency& link = dependencies[static_cast<std::size_t>(e)];
      const auto from = static_cast<std::size_t>(link.from);
      const WorkingCalendar* lag_calendar = calendars.lag_calendars[static_cast<std::size_t>(e)];
      const std::int64_t lag = calendars.lags[static_cast<std::size_t>(e)];
      std::int64_t bound = 0;
      switch (link.type) {
        case LinkType::FinishToStart:
          bound = shift(lag_calendar, instants.finish[from], lag);
          break;
        case LinkType::StartToStart:
          bound = shift(lag_calendar, instants.start[from], lag);
          break;
        case LinkType::FinishToFinish:
          bound = start_for_finish(calendar, shift(lag_calendar, instants.finish[from], lag), d);
          break;
        case LinkType::StartToFinish:
          bound = start_for_finish(calendar, shift(lag_calendar, instants.start[from], lag), d);
          break;
      }
      start.offer(later(bound), DriverKind::Predecessor, e);
    }
    // P6 rules: target (planned) dates measure slip only; a start-on-or-after constraint bounds.
    if (planned != no_bound && !p6)
      start.offer(later(start_for_finish(calendar, finish_of_day(calendar, planned), d)),
                  DriverKind::Planned);
    if (!calendars.start_on_or_after.empty() && calendars.start_on_or_after[index] != no_instant)
      start.offer(later(calendars.start_on_or_after[index]), DriverKind::Planned);
    if (forecast != no_bound)
      start.offer(start_for_finish(calendar, finish_of_day(calendar, forecast), d),
                  DriverKind::Forecast);
    if (imposed != no_bound)
      start.offer(start_for_finish(calendar, finish_of_day(calendar, imposed), d),
                  DriverKind::ImposedSlip);
    // A P6 finish milestone sits where the work before it ends (17:00), not at the next morning.
    const bool at_finish = p6 && calendars.p6_rules[index] == 2 && d == 0 &&
                           (calendar == nullptr || calendar->can_finish_at(start.value));
    const std::int64_t early_start = at_finish ? start.value : next_working(calendar, start.value);
    const std::int64_t early_finish = advance(calendar, early_start, d);
    set(early_start, early_finish, day_of(early_start), day_of(early_finish), start.driver,
        start.dependency);
  }
}

// --- The backward pass, one milestone at a time ------------------------------------------------
// The full schedule runs these over the reverse topological order; the incremental update over
// the milestones a change reaches. A done milestone gets no late dates.

// In days, from its successors' late dates in `schedule`.
void backward_step(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                   std::int32_t milestone, Schedule& schedule);
// In instants (every milestone when some project has a calendar), from the successors' late
// instants and the milestone's early finish instant in `schedule.instants`.
void calendar_backward_step(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                            const CalendarNetwork& calendars, std::int32_t milestone,
                            Schedule& schedule);

// After the forward pass on calendars: milestones placed as late as possible move to the latest
// early dates their successors' early dates allow (schedule.cpp says how).
void place_as_late_as_possible(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                               const CalendarNetwork& calendars, Schedule& schedule);

// Throws InvalidInput naming the first milestone (of `milestones`, sorted, or of all when empty)
// whose early or late finish falls outside the supported years, with the chain that carried it.
void require_supported_dates(const Portfolio& portfolio, const Schedule& schedule,
                             std::span<const std::int32_t> milestones = {});

}  // namespace tiendo::analysis
