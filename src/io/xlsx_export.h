#pragma once
// The portfolio as an Excel workbook (libxlsxwriter), for department staff who open everything in
// Excel: one sheet per table, numbers as numbers, dates as real dates shown at the precision they
// were entered, the header row frozen, text never taken for a formula.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "domain/portfolio.h"
#include "io/table_selection.h"

namespace tiendo::io {

// Writes the .xlsx bytes to `out`. `standings` is parallel to Portfolio::projects and gives the
// GEM and EIA-860 columns. Throws Error when the workbook cannot be written.
void write_xlsx(std::ostream& out, const Portfolio& portfolio,
                const std::vector<ProjectStanding>& standings, TableSelection selection);

// One cell of a list a page shows: a number, a date or a text (the first present is written).
struct WorkbookCell {
  std::optional<double> number;
  std::optional<Date> date;
  std::string text;
};
// A list as a page shows it (the alerts), for its download: one sheet named `sheet`, the headers
// in the page's language, the rows in the page's order.
struct WorkbookTable {
  std::string sheet;
  std::vector<std::string> headers;
  std::vector<std::vector<WorkbookCell>> rows;
};
// Writes the .xlsx bytes of `table` to `out`, as write_xlsx writes its sheets.
void write_table_xlsx(std::ostream& out, const WorkbookTable& table);

}  // namespace tiendo::io
