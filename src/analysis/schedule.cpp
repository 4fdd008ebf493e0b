#include "analysis/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "domain/error.h"

namespace tiendo::analysis {

std::string_view driver_kind_key(DriverKind kind) {
  switch (kind) {
    case DriverKind::Actual:
      return "actual";
    case DriverKind::ActualStart:
      return "actual_start";
    case DriverKind::AsOf:
      return "as_of";
    case DriverKind::Planned:
      return "planned";
    case DriverKind::Forecast:
      return "forecast";
    case DriverKind::Predecessor:
      return "predecessor";
    case DriverKind::ImposedSlip:
      return "imposed_slip";
  }
  return "";
}

namespace {

// Dates are computed in 64 bits and kept within a million years or so either way, so that no
// chain of durations, however absurd, can overflow; such dates are refused afterwards anyway.
std::int32_t guarded(std::int64_t days) {
  constexpr std::int64_t limit = 400'000'000;
  return static_cast<std::int32_t>(std::clamp(days, -limit, limit));
}

// Every date the schedule gives lies in the supported years, or the schedule is refused with the
// milestone named and the chain of links that carried it there, so no report prints year 16330.
void require_supported_dates(const Portfolio& portfolio, const Schedule& schedule) {
  for (std::size_t m = 0; m < schedule.milestones.size(); ++m) {
    const auto& entry = schedule.milestones[m];
    std::string_view which;
    std::int32_t days = 0;
    if (!Date::supported(entry.early_finish)) {
      which = "early finish";
      days = entry.early_finish;
    } else if (entry.late_finish && !Date::supported(*entry.late_finish)) {
      which = "late finish";
      days = *entry.late_finish;
    } else {
      continue;
    }
    auto reference = portfolio.reference(static_cast<std::int32_t>(m));
    std::string limit = days > Date::last_supported_day()
                            ? "after " + Date::from_days(Date::last_supported_day()).iso_day()
                            : "before " + Date::from_days(Date::first_supported_day()).iso_day();
    std::string origin;
    auto chain = driver_chain(portfolio, schedule, static_cast<std::int32_t>(m));
    std::string links =
        fmt::format("a chain of {} link{}", chain.size() - 1, chain.size() == 2 ? "" : "s");
    std::string root = portfolio.reference(chain.back().milestone);
    if (chain.back().driver == DriverKind::ImposedSlip)
      origin = chain.size() > 1
                   ? fmt::format(" (the slip imposed on {}, carried by {})", root, links)
                   : std::string(" (the imposed slip)");
    else if (chain.size() > 1)
      origin = fmt::format(" (carried there by the durations and lags of {} from {})", links, root);
    throw InvalidInput(fmt::format("{}: {}: falls {}, outside the supported years {}-{}{}",
                                   reference, which, limit, first_supported_year,
                                   last_supported_year, origin));
  }
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

}  // namespace

Schedule compute_schedule(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                          Date as_of, std::span<const ImposedFinish> imposed) {
  const std::size_t count = portfolio.milestones.size();
  Schedule schedule;
  schedule.as_of = as_of;
  schedule.milestones.resize(count);
  std::vector<std::int32_t> imposed_finish(count, std::numeric_limits<std::int32_t>::min());
  for (const auto& bound : imposed)
    imposed_finish[static_cast<std::size_t>(bound.milestone)] =
        std::max(imposed_finish[static_cast<std::size_t>(bound.milestone)], bound.earliest_finish);
  const std::int32_t data_date = as_of.days();
  const auto& dependencies = portfolio.dependencies;
  auto& result = schedule.milestones;

  // Forward pass: every predecessor is final before its successors are looked at.
  for (std::int32_t m : network.topological_order()) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
    MilestoneSchedule& entry = result[static_cast<std::size_t>(m)];
    const std::int32_t d = milestone.duration_days;
    if (milestone.actual) {
      entry.early_finish = milestone.actual->days();
      entry.early_start = milestone.actual_start ? milestone.actual_start->days()
                                                 : guarded(std::int64_t{entry.early_finish} - d);
      entry.driver = DriverKind::Actual;
      continue;
    }
    const std::int32_t imposed_bound = imposed_finish[static_cast<std::size_t>(m)];
    if (milestone.actual_start) {
      // A started phase: its start is history; its finish is pushed by time passing, by the
      // finish-type links and by the dates promised for it.
      entry.early_start = milestone.actual_start->days();
      Bound finish;
      finish.offer(guarded(std::int64_t{entry.early_start} + d), DriverKind::ActualStart);
      finish.offer(data_date, DriverKind::AsOf);
      for (std::int32_t e : network.incoming(m)) {
        const Dependency& link = dependencies[static_cast<std::size_t>(e)];
        const MilestoneSchedule& from = result[static_cast<std::size_t>(link.from)];
        if (link.type == LinkType::FinishToFinish)
          finish.offer(guarded(std::int64_t{from.early_finish} + link.lag_days),
                       DriverKind::Predecessor, e);
        else if (link.type == LinkType::StartToFinish)
          finish.offer(guarded(std::int64_t{from.early_start} + link.lag_days),
                       DriverKind::Predecessor, e);
      }
      if (milestone.planned)
        finish.offer(milestone.planned->days(), DriverKind::Planned);
      if (milestone.forecast)
        finish.offer(milestone.forecast->days(), DriverKind::Forecast);
      if (imposed_bound != std::numeric_limits<std::int32_t>::min())
        finish.offer(imposed_bound, DriverKind::ImposedSlip);
      entry.early_finish = finish.value;
      entry.driver = finish.driver;
      entry.driver_dependency = finish.dependency;
      continue;
    }
    Bound start;
    start.offer(data_date, DriverKind::AsOf);
    for (std::int32_t e : network.incoming(m)) {
      const Dependency& link = dependencies[static_cast<std::size_t>(e)];
      const MilestoneSchedule& from = result[static_cast<std::size_t>(link.from)];
      std::int64_t bound = 0;
      switch (link.type) {
        case LinkType::FinishToStart:
          bound = std::int64_t{from.early_finish} + link.lag_days;
          break;
        case LinkType::StartToStart:
          bound = std::int64_t{from.early_start} + link.lag_days;
          break;
        case LinkType::FinishToFinish:
          bound = std::int64_t{from.early_finish} + link.lag_days - d;
          break;
        case LinkType::StartToFinish:
          bound = std::int64_t{from.early_start} + link.lag_days - d;
          break;
      }
      start.offer(guarded(bound), DriverKind::Predecessor, e);
    }
    if (milestone.planned)
      start.offer(milestone.planned->days() - d, DriverKind::Planned);
    if (milestone.forecast)
      start.offer(milestone.forecast->days() - d, DriverKind::Forecast);
    if (imposed_bound != std::numeric_limits<std::int32_t>::min())
      start.offer(imposed_bound - d, DriverKind::ImposedSlip);
    entry.early_start = start.value;
    entry.early_finish = guarded(std::int64_t{start.value} + d);
    entry.driver = start.driver;
    entry.driver_dependency = start.dependency;
  }

  // Backward pass over what is not done, successors before predecessors.
  auto order = network.topological_order();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const std::int32_t m = *it;
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
    if (milestone.actual)
      continue;
    MilestoneSchedule& entry = result[static_cast<std::size_t>(m)];
    const std::int32_t d = milestone.duration_days;
    std::int32_t late_finish = std::numeric_limits<std::int32_t>::max();
    for (std::int32_t e : network.outgoing(m)) {
      const Dependency& link = dependencies[static_cast<std::size_t>(e)];
      if (portfolio.milestones[static_cast<std::size_t>(link.to)].actual)
        continue;
      const MilestoneSchedule& to = result[static_cast<std::size_t>(link.to)];
      std::int64_t bound = 0;
      switch (link.type) {
        case LinkType::FinishToStart:
          bound = std::int64_t{*to.late_start} - link.lag_days;
          break;
        case LinkType::StartToStart:
          bound = std::int64_t{*to.late_start} - link.lag_days + d;
          break;
        case LinkType::FinishToFinish:
          bound = std::int64_t{*to.late_finish} - link.lag_days;
          break;
        case LinkType::StartToFinish:
          bound = std::int64_t{*to.late_finish} - link.lag_days + d;
          break;
      }
      late_finish = std::min(late_finish, guarded(bound));
    }
    if (late_finish == std::numeric_limits<std::int32_t>::max())
      late_finish = entry.early_finish;
    entry.late_finish = late_finish;
    entry.late_start = guarded(std::int64_t{late_finish} - d);
    entry.total_float = late_finish - entry.early_finish;
    entry.critical = *entry.total_float <= 0;
  }
  require_supported_dates(portfolio, schedule);
  return schedule;
}

std::optional<std::int32_t> slip_days(const Milestone& milestone, const MilestoneSchedule& entry) {
  if (!milestone.planned)
    return std::nullopt;
  return entry.early_finish - milestone.planned->days();
}

std::optional<std::int32_t> overdue_days(const Milestone& milestone, Date as_of) {
  if (milestone.actual || !milestone.planned || !(*milestone.planned < as_of))
    return std::nullopt;
  return as_of.days() - milestone.planned->days();
}

std::vector<DriverStep> driver_chain(const Portfolio& portfolio, const Schedule& schedule,
                                     std::int32_t milestone) {
  std::vector<DriverStep> chain;
  std::int32_t current = milestone;
  // The network is acyclic, so the walk ends; the bound only guards against a corrupt schedule.
  for (std::size_t guard = 0; guard <= portfolio.milestones.size(); ++guard) {
    const auto& entry = schedule.milestones[static_cast<std::size_t>(current)];
    chain.push_back(
        DriverStep{current, entry.early_finish, entry.driver,
                   entry.driver == DriverKind::Predecessor ? entry.driver_dependency : -1});
    if (entry.driver != DriverKind::Predecessor)
      break;
    current = portfolio.dependencies[static_cast<std::size_t>(entry.driver_dependency)].from;
  }
  return chain;
}

}  // namespace tiendo::analysis
