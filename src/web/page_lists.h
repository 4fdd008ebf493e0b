#pragma once
// The lists a department officer works from (page_lists.cpp): /projects and /alerts, each
// starting from the user's provinces (scope=all widens to the country), sorted by any column
// (sort=KEY or sort=-KEY), paged by number (page=N), and /alerts.xlsx, the alerts page as a
// workbook. A list's links carry its as-of date and filters to the project page and back.
#include <string>

#include "web/pages.h"

namespace tiendo::web {

void register_list_pages(Router& server, Workspace& workspace, const ServerOptions& options);

// The link back from a project page to the list it was opened from: the list named by the
// page's `back` parameter (a /projects or /alerts address, or the dashboard), else /projects
// with the page's as-of date. HTML, escaped here.
std::string back_to_list_link(const PageContext& page);

}  // namespace tiendo::web
