#pragma once
// The schedule brought up to date after a write instead of computed again: only what the change
// can reach is recomputed — the early dates and drivers of the changed milestones and of what
// follows them (in topological order, stopping where the dates do not move), then the late dates
// and float of those and of what precedes them (stopping likewise). The result equals
// compute_schedule's on the new portfolio, calendars included (it carries the instants). Pure:
// the previous schedule, the new portfolio and what changed in, the schedule updated in place.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "analysis/schedule.h"

namespace tiendo::analysis {

// What a write changed since `schedule` was computed, as the write knows it.
struct ScheduleChange {
  // Milestones whose own inputs changed: planned, forecast, actual start, actual, duration.
  std::vector<std::int32_t> milestones;
  // Links added, or whose type or lag changed, by their index in the new portfolio.
  std::vector<std::int32_t> links;
  // Links removed, by their ends (milestone indices, which a link edit never moves).
  std::vector<std::pair<std::int32_t, std::int32_t>> removed_links;
  // When links were added or removed: each old link's index in the new portfolio, or -1 for a
  // removed one. Empty: every link kept its index.
  std::vector<std::int32_t> link_renumbering;
  // Anything else (milestones or projects added or removed, a calendar changed): full pass.
  bool structural = false;
};

// Which path brought the schedule up to date.
enum class ScheduleUpdatePath : std::uint8_t { Incremental, Full };

struct ScheduleUpdate {
  ScheduleUpdatePath path = ScheduleUpdatePath::Incremental;
  std::size_t forward_recomputed = 0;   // Milestones whose early dates were recomputed.
  std::size_t backward_recomputed = 0;  // Milestones whose late dates were recomputed.
};

// Gives each driving link of `schedule` its new index after links were removed
// (ScheduleChange::link_renumbering; -1 for one removed, whose successor must then be recomputed).
void renumber_driving_links(Schedule& schedule, std::span<const std::int32_t> link_renumbering);

// Gives a milestone inserted at `position` (Portfolio::place_last_milestone) an empty entry there,
// those after it moving up one as the milestones did (the links keep their indices, so the
// drivers stay right): update_schedule then computes it as a changed milestone.
void make_room_for_milestone(Schedule& schedule, std::int32_t position);
// Takes the entry of a milestone removed at `position` out, those after it moving down one as the
// milestones did; the links removed with it are told to update_schedule (link_renumbering, and
// its neighbours as changed milestones).
void remove_schedule_entry(Schedule& schedule, std::int32_t position);

// Brings `schedule` (computed by compute_schedule, or brought up to date by this, on the
// portfolio before the change) up to date with `portfolio` at `as_of`, on `network` (the new
// portfolio's). Runs compute_schedule instead when the change is structural, the as-of date or
// the number of milestones differs, or the calendars came or went. Throws InvalidInput as
// compute_schedule does when a date leaves the supported years; the schedule is then partly
// updated and must be computed again in full.
ScheduleUpdate update_schedule(Schedule& schedule, const Portfolio& portfolio,
                               const graph::MilestoneNetwork& network, Date as_of,
                               const ScheduleChange& change);

}  // namespace tiendo::analysis
