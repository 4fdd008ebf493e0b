#pragma once
// Delay alerts, the virtual tags of a portfolio (as Taskwarrior's OVERDUE and BLOCKED are): what is
// late, by how many days, how severe that is, and the chain of drivers that explains it.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/schedule.h"

namespace tiendo::analysis {

enum class AlertKind { Overdue, CodSlip, BaselineSlip, Stale, OutOfSequence, MissingReason };
enum class Severity { Info, Warning, Critical };

std::string_view alert_kind_key(AlertKind kind);
std::string_view severity_key(Severity severity);
std::optional<Severity> parse_severity(std::string_view key);

struct AlertThresholds {
  std::int32_t warning_days = 30;
  std::int32_t critical_days = 180;
  std::int32_t stale_days = 180;
  Severity severity(std::int32_t days) const {
    return days >= critical_days  ? Severity::Critical
           : days >= warning_days ? Severity::Warning
                                  : Severity::Info;
  }
};

struct Alert {
  std::int32_t project = 0;
  std::int32_t milestone = -1;  // -1 for a project-level alert (stale).
  AlertKind kind = AlertKind::Overdue;
  Severity severity = Severity::Info;
  std::int32_t days = 0;
  std::optional<Date> reference_date;    // The planned / baseline date it is late against.
  std::optional<std::int32_t> forecast;  // Early finish, days since epoch, where it applies.
  std::int32_t other_milestone = -1;     // The predecessor an out-of-sequence milestone skipped.
  // Out of sequence because that predecessor is not done at all; days then count from the
  // milestone's own actual date to the as-of date.
  bool predecessor_open = false;
  std::string reason;  // The latest delay reason recorded on the project, "category:text".
  std::string source;
  bool operator==(const Alert&) const = default;
};

struct AlertInputs {
  AlertThresholds thresholds;
  // Planned dates of a saved baseline by "CODE:key", when one is compared against.
  const std::map<std::string, std::optional<Date>>* baseline = nullptr;
  // The day of the latest change-log entry of each project, by code.
  const std::map<std::string, Date>* last_change = nullptr;
  // The days each milestone's plan or forecast last moved later without a reason, by "CODE:key"
  // (unexplained_slips).
  const std::map<std::string, std::int32_t>* unexplained_slips = nullptr;
};

// One row of the change log about a milestone, as unexplained_slips reads it.
struct MilestoneChangeRow {
  std::string reference;  // "CODE:key"
  std::string field;
  std::string old_value, new_value;
  std::string reason;  // Of the change the row belongs to; empty when it gave none.
};

// Which milestones' latest later-moving change came without a reason, and the days it moved
// them: a row moving the planned or forecast date later, without a reason, leaves the slip
// unexplained (the latest such row's days); any later row of the milestone that gives a reason
// explains it. `rows` in the log's order. The result updates `slips` (other milestones' entries
// are left as they are).
void unexplained_slips(std::span<const MilestoneChangeRow> rows,
                       std::map<std::string, std::int32_t>& slips);

// Every alert of the portfolio at the schedule's as-of date, most severe and latest first.
std::vector<Alert> compute_alerts(const Portfolio& portfolio,
                                  const graph::MilestoneNetwork& network, const Schedule& schedule,
                                  const AlertInputs& inputs);

// The alerts brought up to date after milestone edits instead of computed again. A project's
// alerts read its own milestones (their fields and schedule entries), its status and stage, its
// entries in the inputs (baseline, last change, unexplained slips), and two things of other
// projects: the predecessors of its done milestones (out of sequence) and the nearest delay
// reason along each milestone's driver chain, which crosses projects.
//
// The milestones whose own fields or schedule entries (early dates, driver) differ between two
// states of one portfolio with the same projects, milestones and links (in that order).
std::vector<std::int32_t> moved_milestones(const Portfolio& before, const Schedule& before_schedule,
                                           const Portfolio& after, const Schedule& after_schedule);
// The same when only the `edited` milestones' own fields changed (as an edit batch knows).
// When links were added or removed, `link_renumbering` gives each old link's index in the new
// portfolio (-1 for one removed; empty when every link kept its index), so that a driver that
// only moved to another index is not taken for a milestone that moved.
// When a milestone was inserted (Portfolio::place_last_milestone), `inserted` is its index: it
// moved, and each later one is compared with the entry one below it in `before_schedule`; when
// one was removed, `removed` was its index, and each from there on is compared with the entry
// one above it.
std::vector<std::int32_t> moved_milestones(const Schedule& before_schedule,
                                           const Schedule& after_schedule,
                                           std::span<const std::int32_t> edited,
                                           std::span<const std::int32_t> link_renumbering = {},
                                           std::int32_t inserted = -1, std::int32_t removed = -1);
// After a milestone was inserted at `inserted` (or removed from `removed`), the alerts kept from
// before name the milestones from there on by their new indices (one up, or one down; the one
// removed by -1).
void renumber_alert_milestones(std::vector<Alert>& alerts, std::int32_t inserted,
                               std::int32_t removed = -1);
// The order alerts are listed in: by severity, then days, then project code (alerts of one
// project keep the order they are found in).
bool alert_before(const Portfolio& portfolio, const Alert& a, const Alert& b);
// The projects whose alerts may differ when `moved` milestones moved: their own, those of their
// successors, and those of every milestone whose driver chain (in `schedule`, the new one)
// passes through one of them. Indexed by project.
std::vector<bool> projects_alerts_reach(const Portfolio& portfolio,
                                        const graph::MilestoneNetwork& network,
                                        const Schedule& schedule,
                                        std::span<const std::int32_t> moved);
// compute_alerts's answer on the new portfolio, from `previous` (its answer on the old one, with
// the same projects, milestones and links): the projects marked in `recompute` are computed
// again, the others' alerts kept. Exact when `recompute` holds projects_alerts_reach's projects
// and every project whose inputs (thresholds, baseline, last change, unexplained slips) changed.
// `kept_from`, when given, gets for each alert of the answer its index in `previous` when it was
// kept from there, -1 when computed again: what was made from a kept alert (its JSON row) can be
// kept with it.
std::vector<Alert> update_alerts(std::span<const Alert> previous, const Portfolio& portfolio,
                                 const graph::MilestoneNetwork& network, const Schedule& schedule,
                                 const AlertInputs& inputs, const std::vector<bool>& recompute,
                                 std::vector<std::int32_t>* kept_from = nullptr);

// The latest delay reason of a project, given its own milestones: its cod milestone's, else the
// latest among them.
std::string project_reason(const Portfolio& portfolio, std::span<const std::int32_t> milestones);

}  // namespace tiendo::analysis
