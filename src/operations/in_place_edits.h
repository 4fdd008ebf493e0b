#pragma once
// A project's own fields changed against the portfolio a server holds in memory, as a milestone
// edit and a link's type or lag are (operations/edits.h, operations/links.h): the project's one
// row written, every rule, scope and version checked as edit_project checks them.
#include <cstdint>
#include <optional>
#include <span>

#include "analysis/schedule.h"
#include "domain/account.h"
#include "domain/edit.h"
#include "store/database.h"

namespace tiendo::graph {
class MilestoneNetwork;
}

namespace tiendo::operations {

// The UTC day of the latest change-log row: what the stale rule reads of a write made in place
// (each in-place write returns it with its stamp).
Date latest_change_day(store::Database& database);

struct InPlaceProjectEdit {
  // False: nothing written — the database moved since `stamp`, or the edit is `unbounded`.
  bool written = false;
  // The edit changes what the schedule or the projects' tree reads (the project's calendar,
  // schedule rules, data date or parent): its effect is not bounded by the project, and the
  // caller makes it with edit_project and reads the portfolio again.
  bool unbounded = false;
  std::int32_t project = -1;      // Its index.
  Project value;                  // Its row after the edit.
  store::Database::Stamp stamp;   // The database's stamp once the edit is written.
  Date changed_day;               // The UTC day of the change-log rows (for the stale rule).
};

// The same edit as edit_project (Set, no template), made on `portfolio` itself, which must hold
// what the database holds at `stamp`. The schedule reads none of the fields it writes, so
// `schedule` (the one `portfolio` had before the milestones `also_changed` were changed in it) is
// only brought up to date with those. On a refusal the project is put back in `portfolio`, but
// `schedule` may be partly updated: the caller lets both go.
InPlaceProjectEdit edit_project_in_place(store::Database& database,
                                         const store::ChangeContext& context, Portfolio& portfolio,
                                         const graph::MilestoneNetwork& network,
                                         analysis::Schedule& schedule,
                                         std::span<const std::int32_t> also_changed,
                                         const store::Database::Stamp& stamp, const Fields& fields,
                                         Date as_of, const Account* account = nullptr,
                                         std::optional<std::int64_t> expected_version = std::nullopt);

// What set_project_status_in_place did.
struct InPlaceStatusEdit {
  bool written = false;           // False: the database moved since `stamp`; nothing written.
  std::int32_t project = -1;      // The project's index.
  StatusEvent event;              // The event added (the last of the portfolio's).
  store::Database::Stamp stamp;   // The database's stamp once the edit is written.
  Date changed_day;               // The UTC day of the change-log row (for the stale rule).
};

// The same edit as set_project_status (every rule and the scope as there), made on `portfolio`
// itself, which must hold what the database holds at `stamp`: the event's one row and its
// change-log row written, the event added last to `portfolio` (as a reload orders them). The
// schedule reads no status, so `schedule` is only brought up to date with the milestones
// `also_changed`. On a refusal, or when nothing is written, the event is not in `portfolio`.
InPlaceStatusEdit set_project_status_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    const graph::MilestoneNetwork& network, analysis::Schedule& schedule,
    std::span<const std::int32_t> also_changed, const store::Database::Stamp& stamp,
    const std::string& code, ProjectStatus status, Date when, Date as_of,
    const Account* account = nullptr);

}  // namespace tiendo::operations
