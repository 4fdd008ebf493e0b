#pragma once
// The portfolio as an Excel workbook (libxlsxwriter), for department staff who open everything in
// Excel: one sheet per table, numbers as numbers, dates as real dates shown at the precision they
// were entered, the header row frozen, text never taken for a formula.
#include <iosfwd>
#include <vector>

#include "domain/portfolio.h"
#include "io/table_selection.h"

namespace tiendo::io {

// Writes the .xlsx bytes to `out`. `standings` is parallel to Portfolio::projects and gives the
// GEM and EIA-860 columns. Throws Error when the workbook cannot be written.
void write_xlsx(std::ostream& out, const Portfolio& portfolio,
                const std::vector<ProjectStanding>& standings, TableSelection selection);

}  // namespace tiendo::io
