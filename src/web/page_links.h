#pragma once
// The pages that add and remove milestones and add, change and remove the links between them
// (page_links.cpp), and the project page's parts they own: its dependency section and the line
// that says a write was saved.
#include <cstdint>
#include <string>

#include "web/pages.h"

namespace tiendo::web {

// The project page's dependency section: every link into or out of the project by milestone
// labels, each with a form to change its type and lag and one to remove it, and the form that
// adds a link, for a caller who may write them.
std::string dependencies_section(const PageContext& page, const Snapshot& snapshot,
                                 std::int32_t project);

// The link to the page that adds a milestone, beside the milestones' heading, and the one to the
// page that removes a milestone, beside its Edit button (for a caller who may write; empty else).
std::string add_milestone_link(const PageContext& page, const Project& project);
std::string remove_milestone_link(const PageContext& page, const Project& project,
                                  const std::string& key);

// "Đã lưu" (saved) after a write sent the browser back with ?saved=1; nothing otherwise.
std::string saved_notice(const PageContext& page);

// /projects/CODE/milestones/new, /projects/CODE/milestones/KEY/delete,
// /projects/CODE/dependencies and /projects/CODE/dependencies/remove. Registered before the
// milestone form, whose pattern would take "new" for a key.
void register_link_pages(Router& server, Workspace& workspace, const ServerOptions& options);

}  // namespace tiendo::web
