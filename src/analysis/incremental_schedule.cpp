#include "analysis/incremental_schedule.h"

#include <algorithm>

#include "analysis/forward_pass.h"

namespace tiendo::analysis {
namespace {

// One date of every milestone, read straight from the portfolio when the pass asks for it:
// copying every milestone's dates into arrays, as the full pass does, would cost the whole
// portfolio for a change that reaches a handful of milestones.
struct DateColumn {
  const std::vector<Milestone>& milestones;
  std::optional<Date> Milestone::*field;
  std::int32_t operator[](std::size_t m) const {
    const auto& date = milestones[m].*field;
    return date ? date->days() : no_bound;
  }
};
struct DurationColumn {
  const std::vector<Milestone>& milestones;
  std::int32_t operator[](std::size_t m) const { return milestones[m].duration_days; }
};
// The members of ForwardInputs, over the portfolio itself; the schedule imposes nothing and
// draws no lateness.
struct PortfolioInputs {
  DateColumn actual, actual_start, planned, forecast;
  std::span<const std::int32_t> imposed;
  DurationColumn durations;
  std::span<const std::int32_t> lateness;
};

}  // namespace

void renumber_driving_links(Schedule& schedule, std::span<const std::int32_t> link_renumbering) {
  if (link_renumbering.empty())
    return;
  for (auto& entry : schedule.milestones)
    if (entry.driver == DriverKind::Predecessor && entry.driver_dependency >= 0 &&
        static_cast<std::size_t>(entry.driver_dependency) < link_renumbering.size())
      entry.driver_dependency =
          link_renumbering[static_cast<std::size_t>(entry.driver_dependency)];
}

void make_room_for_milestone(Schedule& schedule, std::int32_t position) {
  const auto at = static_cast<std::ptrdiff_t>(position);
  schedule.milestones.insert(schedule.milestones.begin() + at, MilestoneSchedule{});
  auto& instants = schedule.instants;
  if (instants.early_start.empty())
    return;
  for (auto* column :
       {&instants.early_start, &instants.early_finish, &instants.late_start, &instants.late_finish})
    column->insert(column->begin() + at, std::int64_t{0});
}

void remove_schedule_entry(Schedule& schedule, std::int32_t position) {
  const auto at = static_cast<std::ptrdiff_t>(position);
  schedule.milestones.erase(schedule.milestones.begin() + at);
  auto& instants = schedule.instants;
  if (instants.early_start.empty())
    return;
  for (auto* column :
       {&instants.early_start, &instants.early_finish, &instants.late_start, &instants.late_finish})
    column->erase(column->begin() + at);
}

ScheduleUpdate update_schedule(Schedule& schedule, const Portfolio& portfolio,
                               const graph::MilestoneNetwork& network, Date as_of,
                               const ScheduleChange& change) {
  const std::size_t count = portfolio.milestones.size();
  const bool had_instants = !schedule.instants.early_start.empty();
  // A schedule on whole days was computed on a portfolio without calendars, exact durations,
  // late placement or lag calendars (calendar_network found none); a change that is not
  // structural (a project's calendar or rules changing is) can bring them only through the
  // milestones and links it names. Looking at those alone spares each edit a pass over every
  // milestone, project and link of a national portfolio, most of a PATCH's time.
  const bool may_need_calendars =
      change.structural || had_instants ||
      std::any_of(change.milestones.begin(), change.milestones.end(),
                  [&](std::int32_t m) {
                    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
                    return !milestone.calendar.empty() || milestone.duration_minutes ||
                           milestone.as_late_as_possible;
                  }) ||
      std::any_of(change.links.begin(), change.links.end(), [&](std::int32_t link) {
        return portfolio.dependencies[static_cast<std::size_t>(link)].lag_calendar.has_value();
      });
  auto calendars = may_need_calendars ? calendar_network(portfolio) : std::nullopt;
  bool renumbering_fits = true;
  if (!change.link_renumbering.empty())
    for (const auto& entry : schedule.milestones)
      if (entry.driver == DriverKind::Predecessor &&
          static_cast<std::size_t>(entry.driver_dependency) >= change.link_renumbering.size())
        renumbering_fits = false;
  if (change.structural || count == 0 || schedule.as_of.days() != as_of.days() ||
      schedule.milestones.size() != count || network.milestone_count() != count ||
      calendars.has_value() != had_instants || !renumbering_fits ||
      (calendars && !calendars->as_late_as_possible.empty())) {
    // A milestone placed as late as possible moves with its successors, upstream of a change:
    // the whole schedule is recomputed where there is one.
    schedule = compute_schedule(portfolio, network, as_of);
    return ScheduleUpdate{ScheduleUpdatePath::Full, count, count};
  }
  // Links added or removed moved the others' indices; a driver whose link is gone is one of
  // the changed milestones and is recomputed below.
  renumber_driving_links(schedule, change.link_renumbering);

  // Forward: the changed milestones, the ends of the changed links, and onwards while early
  // dates move.
  std::vector<std::int32_t> seeds = change.milestones;
  for (std::int32_t link : change.links)
    seeds.push_back(portfolio.dependencies[static_cast<std::size_t>(link)].to);
  for (const auto& [from, to] : change.removed_links)
    seeds.push_back(to);
  const auto& milestones = portfolio.milestones;
  const PortfolioInputs inputs{DateColumn{milestones, &Milestone::actual},
                               DateColumn{milestones, &Milestone::actual_start},
                               DateColumn{milestones, &Milestone::planned},
                               DateColumn{milestones, &Milestone::forecast},
                               {},
                               DurationColumn{milestones},
                               {}};
  const std::int32_t data_date = as_of.days();
  ScheduleEntries entries{schedule.milestones};
  EarlyInstants early;
  if (calendars) {
    early.start = std::move(schedule.instants.early_start);
    early.finish = std::move(schedule.instants.early_finish);
  }
  std::vector<std::int32_t> forward_visited;
  network.visit_downstream(seeds, [&](std::int32_t milestone) {
    const auto m = static_cast<std::size_t>(milestone);
    const MilestoneSchedule before = schedule.milestones[m];
    const std::span<const std::int32_t> one(&milestone, 1);
    bool moved = false;
    if (calendars) {
      const std::int64_t start = early.start[m], finish = early.finish[m];
      calendar_forward_pass(portfolio.dependencies, network, *calendars, data_date, inputs,
                            entries, early, one);
      moved = early.start[m] != start || early.finish[m] != finish;
    } else {
      forward_pass(portfolio.dependencies, network, data_date, inputs, entries, one);
    }
    const MilestoneSchedule& after = schedule.milestones[m];
    moved = moved || after.early_start != before.early_start ||
            after.early_finish != before.early_finish;
    forward_visited.push_back(milestone);
    return moved;
  });
  if (calendars) {
    schedule.instants.early_start = std::move(early.start);
    schedule.instants.early_finish = std::move(early.finish);
  }

  // Backward: every milestone recomputed above (its float reads its early finish), the starts
  // of the changed links, and back while late dates move.
  seeds = forward_visited;
  for (std::int32_t link : change.links)
    seeds.push_back(portfolio.dependencies[static_cast<std::size_t>(link)].from);
  for (const auto& [from, to] : change.removed_links)
    seeds.push_back(from);
  std::vector<std::int32_t> backward_visited;
  auto& instants = schedule.instants;
  network.visit_upstream(seeds, [&](std::int32_t milestone) {
    const auto m = static_cast<std::size_t>(milestone);
    const MilestoneSchedule before = schedule.milestones[m];
    bool moved = false;
    if (calendars) {
      const std::int64_t start = instants.late_start[m], finish = instants.late_finish[m];
      calendar_backward_step(portfolio, network, *calendars, milestone, schedule);
      moved = instants.late_start[m] != start || instants.late_finish[m] != finish;
    } else {
      backward_step(portfolio, network, milestone, schedule);
    }
    const MilestoneSchedule& after = schedule.milestones[m];
    moved = moved || after.late_start != before.late_start ||
            after.late_finish != before.late_finish;
    backward_visited.push_back(milestone);
    return moved;
  });

  // Only what was recomputed can have left the supported years; named as the full pass would.
  std::vector<std::int32_t> touched = forward_visited;
  touched.insert(touched.end(), backward_visited.begin(), backward_visited.end());
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  require_supported_dates(portfolio, schedule, touched);
  return ScheduleUpdate{ScheduleUpdatePath::Incremental, forward_visited.size(),
                        backward_visited.size()};
}

}  // namespace tiendo::analysis
