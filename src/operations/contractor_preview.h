#pragma once
// What importing a contractor's schedule would do, for the browser's preview (issue 31 §4): the
// dry run of import_contractor_schedule (the same rules, scope and refusals as the confirmed
// import and the command line), with the file as read, so that the page can name its projects,
// calendars and activities and offer the COD among them. Nothing is written.
#include <string>

#include "operations/contractor_import.h"

namespace tiendo::operations {

struct ContractorPreview {
  io::ContractorSchedule schedule;  // The file as read: projects, calendars, activities.
  ContractorImportResult result;    // The dry run: what would be added, skipped, noted.
};

// The dry run of importing `file` (.xer, or MS Project XML), and the file as read, its `file`
// named options.file_name when that is given.
ContractorPreview preview_contractor_schedule(store::Database& database,
                                              const store::ChangeContext& context,
                                              const std::string& file,
                                              const ContractorImportOptions& options, Date as_of,
                                              const Account* account);

}  // namespace tiendo::operations
