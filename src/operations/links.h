#pragma once
// Links between milestones as the web workspace edits them, and the removal of a milestone with
// its links. A link's version is the id of its latest change-log entry, which is logged under its
// successor's project (the project whose dates it bounds), as a milestone's is under its own.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/schedule.h"

#include "domain/portfolio.h"
#include "operations/edits.h"
#include "store/database.h"

namespace tiendo::operations {

// The change log's name of the link FROM -> TO (references "CODE:key"): "dependency:A:x->B:y".
std::string link_entity(const std::string& from, const std::string& to);

// The versions of the links `dependencies` (indices into the portfolio's), in the same order:
// one read of the change log per project they lead into.
std::vector<std::int64_t> dependency_versions(store::Database& database, const Portfolio& portfolio,
                                              const std::vector<std::int32_t>& dependencies);

// What set_dependency_in_place did.
struct InPlaceLinkEdit {
  bool written = false;            // False: the database moved since `stamp`; nothing written.
  DependencyResult result;         // The link as edit_dependency answers it.
  std::int32_t dependency = -1;    // Its index (a type or lag change moves no link).
  Dependency value;                // Its value after the edit.
  store::Database::Stamp stamp;    // The database's stamp once the edit is written.
  Date changed_day;                // The UTC day of the change-log row (for the stale rule).
};

// The same edit as edit_dependency (Set: a link's type or lag, every rule, scope and version
// checked as there, in the store's write transaction), made on `portfolio` itself, which must
// hold what the database holds at `stamp`: only the link's row and its change-log row are written,
// and `schedule` is brought up to date (analysis::update_schedule: early dates downstream of the
// link's successor, late dates upstream of its predecessor) instead of computed again. The link
// keeps its ends, so `network` serves as is and no cycle can appear. `schedule` is the one
// `portfolio` had before the milestones and links `also_changed` (their ends) were changed in it.
// When someone else wrote meanwhile, nothing is written and `written` is false. On a refusal (or
// no write) the link is put back in `portfolio`, but `schedule` may be partly updated: the caller
// lets both go.
InPlaceLinkEdit set_dependency_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    const graph::MilestoneNetwork& network, analysis::Schedule& schedule,
    std::span<const std::int32_t> also_changed, const store::Database::Stamp& stamp,
    const std::string& from, const std::string& to, const std::optional<std::string>& type,
    const std::optional<std::string>& lag_days, Date as_of, const Account* account = nullptr,
    std::optional<std::int64_t> expected_version = std::nullopt);

struct RemovedMilestone {
  std::string reference;
  std::size_t links_removed = 0;
};

// Removes the milestone REF entered by mistake, with every link into or out of it. The context's
// reason is required (the history keeps it with the milestone's last values and each link's).
// With the guard's account, the milestone's project and the successor of every link that goes
// must lie in its scope (Forbidden naming the first that does not); with its version, a milestone
// changed since is refused (VersionConflict). Nothing is written on any refusal.
RemovedMilestone remove_milestone(store::Database& database, const store::ChangeContext& context,
                                  const std::string& reference, const Guard& guard = {});

// What remove_milestone_in_place did.
struct InPlaceMilestoneRemoval {
  bool written = false;  // False: the database moved since `stamp`; nothing written.
  RemovedMilestone result;
  std::int32_t milestone = -1;  // Its index in the old portfolio; those after it moved down one.
  Milestone value;
  // Each old link's index in the new portfolio, -1 for those removed with it.
  std::vector<std::int32_t> renumbering;
  // The milestones its links joined it to, by their new indices: their dates may move.
  std::vector<std::int32_t> neighbours;
  // The projects its change-log rows are logged under: its own, and the successor's of each
  // link out of it (a link is logged under the project whose dates it bounded).
  std::vector<std::string> logged_projects;
  std::shared_ptr<const graph::MilestoneNetwork> network;  // The new portfolio's.
  store::Database::Stamp stamp;  // The database's stamp once it is written.
  Date changed_day;              // The UTC day of the change-log rows (for the stale rule).
};

// The same removal as remove_milestone (every rule, the reason required, the guard's scope and
// version), made on `portfolio` itself, which must hold what the database holds at `stamp`: its
// rows and their change-log rows written, the milestone and its links taken out of `portfolio`
// (Portfolio::remove_rows: the later ones move down, as a reload numbers them), the network built
// again, and `schedule` (the one `portfolio` had before the milestones `also_changed` were
// changed in it) brought up to date from its neighbours instead of computed again. When someone
// else wrote meanwhile, nothing is written. On a refusal nothing is written; `portfolio` and
// `schedule` may then be changed already: the caller lets both go.
InPlaceMilestoneRemoval remove_milestone_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    analysis::Schedule& schedule, std::span<const std::int32_t> also_changed,
    const store::Database::Stamp& stamp, const std::string& reference, Date as_of,
    const Guard& guard = {});

}  // namespace tiendo::operations

namespace tiendo::operations {

// What add_dependency_in_place and remove_dependency_in_place did.
struct InPlaceLinkChange {
  bool written = false;            // False: the database moved since `stamp`; nothing written.
  DependencyResult result;         // The link as edit_dependency answers it.
  // The link's index: in the new portfolio for one added, in the old one for one removed.
  std::int32_t dependency = -1;
  Dependency value;                // The link added or removed.
  // For a link removed: each old link's index in the new portfolio, -1 for the one removed.
  std::vector<std::int32_t> renumbering;
  // The new portfolio's network (a link added or removed changes the network's edges).
  std::shared_ptr<const graph::MilestoneNetwork> network;
  store::Database::Stamp stamp;    // The database's stamp once the edit is written.
  Date changed_day;                // The UTC day of the change-log row (for the stale rule).
};

// The same edit as edit_dependency (Add: every rule, a cycle refused with the same message, scope
// checked as there), made on `portfolio` itself, which must hold what the database holds at
// `stamp`: only the link's row and its change-log row are written, the network is built again
// for the new link (which is how a cycle is found) and `schedule` is brought up to date
// (analysis::update_schedule: early dates downstream of the link's successor, late dates upstream
// of its predecessor) instead of computed again. `schedule` is the one `portfolio` had before the
// milestones `also_changed` were changed in it. When someone else wrote meanwhile, nothing is
// written and `written` is false. On a refusal the link is taken out of `portfolio` again, but
// `schedule` may be partly updated: the caller lets both go.
InPlaceLinkChange add_dependency_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    analysis::Schedule& schedule, std::span<const std::int32_t> also_changed,
    const store::Database::Stamp& stamp, const std::string& from, const std::string& to,
    const std::optional<std::string>& type, const std::optional<std::string>& lag_days, Date as_of,
    const Account* account = nullptr);

// The same removal as remove_dependency (every rule, scope and If-Match version as there), made on
// `portfolio` itself likewise: the link's row deleted with its change-log row, the network built
// again without it and `schedule` brought up to date from its two ends. On a refusal nothing is
// written; `portfolio` and `schedule` may then be changed already: the caller lets both go.
InPlaceLinkChange remove_dependency_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    analysis::Schedule& schedule, std::span<const std::int32_t> also_changed,
    const store::Database::Stamp& stamp,
    const std::string& from, const std::string& to, Date as_of, const Account* account = nullptr,
    std::optional<std::int64_t> expected_version = std::nullopt);

}  // namespace tiendo::operations
