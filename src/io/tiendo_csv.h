#pragma once
// The tiendo CSV formats (projects, milestones, dependencies): recognised by header, applied to a
// Portfolio all together, written back in a fixed column order.
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "domain/edit.h"
#include "domain/portfolio.h"
#include "io/csv.h"

namespace tiendo::io {

// Calendars first: a project or milestone names the calendar it works on, so calendars are
// applied before them (apply_sources sorts by kind).
enum class TableKind { Calendars, Projects, Milestones, Dependencies };

// Which table a header describes: calendars have `calendar` and `weekdays` (the department's
// working calendars, as `calendar add` keeps them), projects `code`, milestones `project` and
// `key`, dependencies `from` and `to`. Throws InvalidInput naming the file otherwise.
TableKind recognise(const std::string& file, const std::vector<std::string>& header);
// The same without throwing: nothing when the header is no tiendo table's.
std::optional<TableKind> table_kind(const std::vector<std::string>& header);

// Applies every table to the portfolio: projects first, then milestones, then dependencies, so a
// milestone may name a project from another file of the same import. Every bad row is recorded;
// rows are upserted by key; a key repeated within one file is refused.
// Where each project and dependency of an import came from, by index into the portfolio; what
// the import did not touch has an empty location. A cycle is found only once every row is in,
// and is then named by the row that closed it.
struct RowLocations {
  std::vector<InputLocation> projects, dependencies;
  InputLocation project(std::int32_t index) const { return at(projects, index); }
  InputLocation dependency(std::int32_t index) const { return at(dependencies, index); }
  static InputLocation at(const std::vector<InputLocation>& locations, std::int32_t index) {
    auto i = static_cast<std::size_t>(index);
    return i < locations.size() ? locations[i] : InputLocation{};
  }
};

void apply_tables(Portfolio& portfolio, std::vector<CsvTable> tables, ProblemList& problems,
                  const ProvinceRegistry& provinces, RowLocations* locations = nullptr);

// The same for files, each read piece by piece while its rows are applied, so that an import
// holds one piece of text at a time rather than every file whole. The problems of reading
// (unreadable file, malformed CSV) are recorded with the others as each piece is read.
// A workbook (.xlsx) gives each of its sheets as a table, recognised by its header as a file is;
// the sheets that are no tiendo table are skipped, each named in `notes`.
// `milestones_final`, when given, is called once every project and milestone is applied and
// before the first dependency, if nothing was found wrong so far: from then on only dependencies
// change (see store::Database::modify_in_stages).
void apply_csv_files(Portfolio& portfolio, const std::vector<std::string>& paths,
                     ProblemList& problems, const ProvinceRegistry& provinces,
                     RowLocations* locations = nullptr, ProblemList* notes = nullptr,
                     const std::function<void()>* milestones_final = nullptr);

void write_projects_csv(std::ostream& out, const Portfolio& portfolio);
// With two columns more, derived for other trackers: gem_status (Global Energy Monitor) and
// eia860_status, from each project's standing (parallel to Portfolio::projects). Import reads
// such a file back and ignores those two columns, which it could not store.
void write_projects_csv(std::ostream& out, const Portfolio& portfolio,
                        const std::vector<ProjectStanding>& standings);

// The columns export adds and import ignores.
inline constexpr std::string_view derived_project_columns[] = {"gem_status", "eia860_status"};
void write_milestones_csv(std::ostream& out, const Portfolio& portfolio);
// The department's own calendars (not the built-in ones): calendar, weekdays, holidays,
// exceptions, in the text forms of domain/calendar.h. Export writes calendars.csv only when the
// department has some, so that the projects and milestones on them import elsewhere.
inline constexpr std::string_view calendar_columns[] = {"calendar", "weekdays", "holidays",
                                                        "exceptions"};
void write_calendars_csv(std::ostream& out, const Portfolio& portfolio);
void write_dependencies_csv(std::ostream& out, const Portfolio& portfolio);

}  // namespace tiendo::io
