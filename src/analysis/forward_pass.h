#pragma once
// The forward pass of the critical path method, exactly as DESIGN.md states it, in one place: the
// schedule runs it once with the portfolio's own dates; the probabilistic forecast runs it once per
// draw with the dates and durations it drew. It writes through an `Output` (start(m), finish(m)
// and set(m, start, finish, driver, dependency)), so a draw keeps two plain arrays where the
// schedule keeps its full entries.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "analysis/schedule.h"
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

inline std::int32_t bound_of(std::span<const std::int32_t> bounds, std::size_t m) {
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
// once `output` holds the rest: the dates of a done milestone never change.
template <class Output>
void forward_pass(const std::vector<Dependency>& dependencies,
                  const graph::MilestoneNetwork& network, std::int32_t data_date,
                  const ForwardInputs& inputs, Output& output,
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

}  // namespace tiendo::analysis
