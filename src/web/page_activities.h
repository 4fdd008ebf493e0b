#pragma once
// The contractor's activities on an imported project's page (issue 31 §4), grouped under the
// project's key milestones (operations::group_activities), each group a <details> a reader opens;
// and what keeps the project page bounded at any project size: the milestones its table and its
// Gantt show, the first activities of each group with links to the pages of the whole group,
// and /projects/CODE/activities, the project's milestones and activities a page of 100 at a time,
// by group or found by ID or name (with or without diacritics), each row linking to the
// milestone's form, where its progress is recorded, and to its removal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/schedule.h"
#include "domain/portfolio.h"
#include "operations/activity_groups.h"
#include "web/pages.h"

namespace tiendo::web {

// Rows of the list page, and activities of a group shown on the project page itself.
constexpr std::size_t activities_per_page = 100;
constexpr std::size_t activities_per_group_shown = 10;
// The milestone table of a project that is not an imported schedule shows at most this many rows
// (a link leads to the rest); the Gantt at most this many bars.
constexpr std::size_t milestone_rows_shown = 100;
constexpr std::size_t gantt_bars_shown = 40;

// What the project page shows of a project's milestones: all of them when the project is small;
// for a contractor's schedule, its key milestones in the table and the activities in groups; the
// Gantt's bars the key milestones, then the critical path's unfinished activities by start.
struct ProjectPageMilestones {
  std::vector<std::int32_t> table;
  std::vector<std::int32_t> gantt;
  std::vector<operations::ActivityGroup> groups;  // Empty unless the project is imported.
  bool imported = false;
};
ProjectPageMilestones project_page_milestones(const Portfolio& portfolio,
                                              const analysis::Schedule& schedule,
                                              const Project& project,
                                              const std::vector<std::int32_t>& milestones);

// A line under the milestone table (or the Gantt) saying that it shows `shown` of `total` and
// where the rest are; empty when it shows them all.
std::string milestones_elsewhere_note(const PageContext& page, const Project& project,
                                      std::size_t shown, std::size_t total);
std::string gantt_note(const PageContext& page, const Project& project, std::size_t shown,
                       std::size_t total);

// The section, or nothing for a project not imported from a contractor's schedule.
std::string activities_section(const PageContext& page, const Portfolio& portfolio,
                               const analysis::Schedule& schedule, const Project& project,
                               const ProjectPageMilestones& shown);

void register_activity_pages(Router& server, Workspace& workspace, const ServerOptions& options);

}  // namespace tiendo::web
