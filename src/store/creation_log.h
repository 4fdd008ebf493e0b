#pragma once
// How the change log keeps the creation of a project with its plan. A command that creates a
// project writes one change-log row for it, with the field "created_with_plan", instead of one
// row for the project, one per milestone and one per dependency into its milestones: a national
// import creates twenty thousand projects with eight hundred thousand milestones and dependencies,
// and those rows (187 MB) cost more to write than the portfolio itself. Nothing is lost by it: the
// values a row had when created are the values it has now with every later change of it undone,
// and every later change is in the change log with its old value. `history` shows the row as the
// lines it stands for, with the values and reasons they would have had if written one by one, in
// this order: the project, its milestones (those removed since last, from the values their
// removal logged), then the dependencies into them (those removed since last, and one removed and
// made again where it is now).
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace tiendo::store {

inline constexpr std::string_view created_with_plan_field = "created_with_plan";

// One project's rows as they are now, in the change log's words.
struct ProjectNow {
  // The project's cells (domain/edit.h project_cells).
  std::vector<std::string> project_cells;
  struct Row {
    std::string entity;              // "milestone:CODE:key"
    std::vector<std::string> cells;  // milestone_cells
  };
  // The project's milestones in the order they were created (their ids).
  std::vector<Row> milestones;
  struct Link {
    std::string entity;       // "dependency:CODE:key->CODE:key"
    std::string description;  // "FS 0"
  };
  // The dependencies into the project's milestones, in the order they were created.
  std::vector<Link> dependencies;
};

// "code=X; name=Y; ..." of the non-empty cells: what a created row held, in one log line.
std::string describe_cells(const std::vector<std::string_view>& columns,
                           const std::vector<std::string>& cells);

// A row's cells from the description describe_cells wrote of them ("key=cod; planned=2027"), in
// the order of `columns`; a column not described is empty. What undoing a removal makes again.
std::vector<std::string> cells_from_description(std::string_view text,
                                                const std::vector<std::string_view>& columns);

// The lines a "created_with_plan" row stands for: the project's creation, then each milestone and
// each dependency created with it, as they were then. `later` holds the project's change-log rows
// written after `packed` (its project_code, larger ids), oldest first. With no row of the project
// in `now` (a database edited by hand), only the project's line.
std::vector<ChangeRecord> expand_created_with_plan(const ChangeRecord& packed,
                                                   const ProjectNow& now,
                                                   const std::vector<ChangeRecord>& later);

}  // namespace tiendo::store
