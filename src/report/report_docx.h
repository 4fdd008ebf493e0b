#pragma once
// The periodic report as a Word document (`tiendo report --format docx`, /report.docx): the same
// blocks as the HTML report, its tables as Word tables and its charts as PNG images rasterized
// from the report's own SVG, for a department to edit and sign.
#include <string>

#include "report/periodic_report.h"

namespace tiendo::report {

std::string render_report_docx(const ReportContext& context);

}  // namespace tiendo::report
