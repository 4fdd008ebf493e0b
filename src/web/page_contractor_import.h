#pragma once
// The contractor's schedule on the import page (issue 31 §4): a Primavera P6 export (.xer) or an
// MS Project XML file uploaded with what the command line asks beside it (province, technology,
// capacity, code), previewed (its projects, activities, calendars, what would be skipped, or every
// problem), then confirmed with the COD chosen among its activities. Both steps go through
// run_schedule_import, hence operations::import_contractor_schedule, as `tiendo import` does.
#include <httplib.h>

#include <string>

#include "web/pages.h"

namespace tiendo::web {

// Whether a post to /import is a contractor's schedule: the schedule form's, or a .xer or .xml
// file sent through the CSV form.
bool is_schedule_post(const httplib::Request& request);
// The form that uploads one, shown on /import.
std::string schedule_upload_form(const PageContext& page);
// POST /import of a schedule: the preview (dry_run=1) or the import.
void post_schedule_import(PageContext& page);

}  // namespace tiendo::web
