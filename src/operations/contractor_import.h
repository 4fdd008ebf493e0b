#pragma once
// Importing a contractor's schedule (issue 31): a P6 XER export (or, through the same contract,
// an MS Project XML file) becomes tiendo projects — activities as milestones, relationships as
// dependencies, calendars as working calendars — all or nothing, scheduled by P6's rules.
#include <optional>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/portfolio.h"
#include "io/contractor_schedule.h"
#include "store/database.h"

namespace tiendo::operations {

struct ContractorImportOptions {
  std::string province;
  std::string technology;
  std::string capacity_mw;   // As typed (--capacity); checked as project add checks it.
  std::string code;          // The project's code instead of the file's proj_short_name.
  std::string cod_activity;  // The activity ID that is the project's COD (its key becomes cod).
  // The file's name as its sender named it, for messages, sources and the change log (a page's
  // upload is read from a file of another name); empty: the path given.
  std::string file_name;
};

struct ContractorImportResult {
  store::WriteSummary summary;
  std::vector<std::string> notes;     // Activities skipped, dates left out, ...
  std::vector<std::string> projects;  // Codes of the projects imported.
};

// Whether a file is a contractor's schedule the import reads (a P6 export, `.xer` in any case):
// the import command's dispatch by extension.
bool is_contractor_schedule(const std::string& file);

// An activity ID as a milestone key: lower case, each run of other characters than a-z and 0-9
// one '_', none at either end ("PCS-140" -> "pcs_140", "Đ-1" -> "d_1"). Empty when nothing is left.
std::string fold_activity_key(std::string_view activity_id);

// The schedule's projects added to `portfolio` (nothing else changed); problems thrown as
// InvalidInput naming file, table, row and field. Pure: the import and the tests share it.
void apply_contractor_schedule(Portfolio& portfolio, const io::ContractorSchedule& schedule,
                               const ContractorImportOptions& options,
                               std::vector<std::string>& notes,
                               std::vector<std::string>* codes = nullptr);

// Reads `file` (.xer) and writes its projects in one transaction; with an account, the scope
// rule applies (its provinces). Nothing is written with dry_run or on any problem.
ContractorImportResult import_contractor_schedule(store::Database& database,
                                                  const store::ChangeContext& context,
                                                  const std::string& file,
                                                  const ContractorImportOptions& options,
                                                  bool dry_run, Date as_of,
                                                  const Account* account = nullptr);

}  // namespace tiendo::operations
