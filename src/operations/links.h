#pragma once
// Links between milestones as the web workspace edits them, and the removal of a milestone with
// its links. A link's version is the id of its latest change-log entry, which is logged under its
// successor's project (the project whose dates it bounds), as a milestone's is under its own.
#include <cstdint>
#include <string>
#include <vector>

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

}  // namespace tiendo::operations
