#pragma once
// The contractor's activities on an imported project's page (issue 31 §4), grouped under the
// project's key milestones (operations::group_activities), each group a <details> a reader opens.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/schedule.h"
#include "domain/portfolio.h"
#include "web/pages.h"

namespace tiendo::web {

// The section, or nothing for a project not imported from a contractor's schedule.
std::string activities_section(const PageContext& page, const Portfolio& portfolio,
                               const analysis::Schedule& schedule, const Project& project,
                               const std::vector<std::int32_t>& milestones);

}  // namespace tiendo::web
