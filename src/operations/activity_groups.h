#pragma once
// A contractor's activities grouped under the project's key milestones (issue 31 §4), for the
// project page: an imported project holds hundreds or thousands of activities, and a reader
// follows them by what they lead to — land clearance, construction start, COD.
//
// The key milestones are the project's milestones whose keys are in the milestone catalog (an
// activity whose ID folds to a catalog key, or the COD named at import); every other milestone is
// an activity. Each activity goes under the nearest key milestone downstream of it in the
// project's network: the fewest links from it to a key milestone, following its successors; of
// two at the same distance, the one earlier in the catalog. An activity that leads to no key
// milestone goes in a group of its own. Linear in the project's milestones and the portfolio's
// links (one pass over them): a project of 2,000 activities in a national portfolio is grouped
// in milliseconds.
#include <cstdint>
#include <vector>

#include "domain/portfolio.h"

namespace tiendo::operations {

struct ActivityGroup {
  std::int32_t key_milestone = -1;     // Index into Portfolio::milestones; -1: leads to none.
  std::vector<std::int32_t> activities;  // In the order of `milestones`.
};

// The groups of the project's `milestones` (its indices, as ProjectIndex lists them): one per key
// milestone in catalog order (empty ones too), then, when any activity leads to none, that group.
std::vector<ActivityGroup> group_activities(const Portfolio& portfolio,
                                            const std::vector<std::int32_t>& milestones);

}  // namespace tiendo::operations
