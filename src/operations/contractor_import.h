#pragma once
// Importing a contractor's schedule (issue 31): a P6 XER export (or, through the same contract,
// an MS Project XML file) becomes tiendo projects — activities as milestones, relationships as
// dependencies, calendars as working calendars — all or nothing, scheduled by P6's rules.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/portfolio.h"
#include "io/contractor_schedule.h"
#include "store/database.h"

namespace tiendo::operations {

// The calendars one file's projects and activities may use (each a table of about a megabyte
// while the portfolio holds it; real exports use a handful, the largest fixture six).
inline constexpr std::size_t maximum_calendars_per_file = 32;

struct ContractorImportOptions {
  std::string province;
  std::string technology;
  std::string capacity_mw;   // As typed (--capacity); checked as project add checks it.
  std::string code;          // The project's code instead of the file's proj_short_name.
  std::string cod_activity;  // The activity ID that is the project's COD (its key becomes cod).
  // A baseline of the whole portfolio saved before the file is applied, in the same write
  // (--baseline NAME): a later update's slips then show against the plan as it was.
  std::string baseline;
  // The file's name as its sender named it, for messages, sources and the change log (a page's
  // upload is read from a file of another name); empty: the path given.
  std::string file_name;
};

// One difference an import would write, in the change log's words (entity "milestone:CODE:key",
// field "planned", values as it writes them): what --dry-run lists.
struct ContractorDifference {
  std::string project;
  std::string entity;
  std::string field;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
};

struct ContractorImportResult {
  store::WriteSummary summary;
  std::vector<std::string> notes;     // Activities skipped, dates left out, ...
  std::vector<std::string> projects;  // Codes of the projects imported (added).
  std::vector<std::string> updated;   // Codes of the projects a later file updated.
  // With dry_run: every difference the import would write (nothing otherwise).
  std::vector<ContractorDifference> differences;
};

// Removes milestones (by their positions) from the portfolio being changed, with their links.
using MilestoneRemover = std::function<void(const std::vector<std::int32_t>& milestones)>;

// Whether a file is a contractor's schedule the import reads (a P6 export, `.xer` in any case):
// the import command's dispatch by extension.
bool is_contractor_schedule(const std::string& file);

// An activity ID as a milestone key: lower case, each run of other characters than a-z and 0-9
// one '_', none at either end ("PCS-140" -> "pcs_140", "Đ-1" -> "d_1"). Empty when nothing is left.
std::string fold_activity_key(std::string_view activity_id);

// Whether a milestone came from a contractor's file, and from which activity: its source is the
// one the import writes, "<file> TASK <activity ID>", the ID folding to its key (or the key is
// `cod`). A later file changes and removes only such milestones; those the department added by
// hand (any other source) it never touches.
std::optional<std::string> contractor_activity_of(const Milestone& milestone);

// The source every change-log row of an import of `schedule` names: the file and its data date,
// "plan.xer (data date 2027-02-01)" (the latest of its projects'); the file alone without one.
std::string contractor_update_source(const io::ContractorSchedule& schedule,
                                     const std::string& file_name = {});

// The schedule's projects added to `portfolio`; a project it already holds (one imported from a
// contractor's file before, by its code or --code) is updated instead: the later file's values
// of each activity that was there, the activities new to it added, the relationships between
// the file's activities added, changed or removed as the later file has them, the project's
// calendars and data date as it has them; the activities the later file no longer has (or
// skips) are removed with their links, through `remove_milestones` (by default from the
// portfolio itself, after everything else), with a note each. Problems thrown as InvalidInput
// naming file, table, row and field. Pure: the import and the tests share it.
void apply_contractor_schedule(Portfolio& portfolio, const io::ContractorSchedule& schedule,
                               const ContractorImportOptions& options,
                               std::vector<std::string>& notes,
                               std::vector<std::string>* codes = nullptr,
                               std::vector<std::string>* updated_codes = nullptr,
                               const MilestoneRemover& remove_milestones = {});

// The differences between `before` and `after` (after an import changed it, rows in the same
// positions) in the change log's words, with the milestones `removed` (positions in `after`,
// not yet taken out) and their links as removed.
std::vector<ContractorDifference> contractor_differences(const Portfolio& before,
                                                        const Portfolio& after,
                                                        const std::vector<std::int32_t>& removed);

// Reads `file` (.xer, .xml) and writes its projects in one transaction: new ones added, those
// imported before updated from it (apply_contractor_schedule), every change-log row's source
// naming the file and its data date; with options.baseline, that baseline saved first in the same
// transaction. With an account, the role and scope rules apply (its provinces; a baseline only
// for an administrator). Nothing is written with dry_run (result.differences lists what would
// be) or on any problem. What the command line and the web's import page call.
ContractorImportResult import_contractor_schedule(store::Database& database,
                                                  const store::ChangeContext& context,
                                                  const std::string& file,
                                                  const ContractorImportOptions& options,
                                                  bool dry_run, Date as_of,
                                                  const Account* account = nullptr);

}  // namespace tiendo::operations
