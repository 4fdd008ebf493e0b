#pragma once
// Pieces the pages share: translated labels of stages and technologies, badges, links to a
// project, tables from report::Table, and the inline SVG bar charts of the dashboard. Every text
// from the database goes through report::html_escape here, so a page built of these pieces shows
// a hostile name as text. The class names are those documented at the top of tiendo.css.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/alerts.h"
#include "domain/capacity.h"
#include "domain/date.h"
#include "domain/technology.h"
#include "report/format.h"
#include "store/database.h"
#include "web/pages.h"

namespace tiendo::web {

// The rows a project page lists in each of its lists (milestones, the Gantt, why late, each group
// of a contractor's activities, links): a contractor's schedule of 50,000 activities once made a
// page of 162 MB in 15 s, which every viewer could ask for again and again. The rest is counted in
// a line below the list; the exports (CSV, Excel) and the API hold everything.
inline constexpr std::size_t rows_listed_on_a_page = 500;

// A stage or side-state key ("construction", "suspended") in the page's language.
std::string stage_text(std::string_view key, report::Language language);
std::string technology_text(Technology technology, report::Language language);
// A date in the page's language (15/07/2019, 07/2019), or an empty text for none.
std::string date_text(const std::optional<Date>& date, report::Language language);

// <span class="badge stage-KEY">label</span>
std::string stage_badge(std::string_view key, report::Language language);
// <span class="badge severity-KEY">label</span>
std::string severity_badge(analysis::Severity severity, report::Language language);

// The address of a project's page and of a milestone's form, not yet escaped for HTML.
std::string project_path(std::string_view code);
std::string milestone_path(std::string_view code, std::string_view key);
// <a href="/projects/CODE">CODE</a>, keeping the page's language.
std::string project_link(const PageContext& page, std::string_view code);

// A table in a scrolling wrapper; right-aligned columns get class "number". Cells are escaped.
std::string html_table(const report::Table& table, std::string_view css_class = "");
// The text of a heading given as HTML (its tags left out, its entities kept): what a cell's
// data-label attribute carries.
std::string heading_text(std::string_view heading);
// The same with cells that are HTML already (the caller escaped them). Each cell carries its
// heading's text in data-label, which a phone shows beside the value.
std::string html_table_raw(const std::vector<std::string>& headers,
                           const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& numeric, std::string_view css_class = "");

// Horizontal bars, one per label, each split into coloured parts (a stacked bar); `legend` names
// the parts' colours. Values in watts (Capacity); text escaped here.
struct BarPart {
  std::string name;
  std::string colour;
  Capacity mw;
};
struct Bar {
  std::string label;
  std::vector<BarPart> parts;
};
std::string stacked_bar_chart(std::string_view name, std::string_view title,
                              const std::vector<Bar>& bars,
                              const std::vector<std::pair<std::string, std::string>>& legend,
                              report::Language language);
// Vertical columns, one per label (COD years).
// An empty chart says why it is empty (`empty_reason`). Values above the columns are written
// only where a column is wide enough for them; each column's title holds its figure anyway.
std::string column_chart(std::string_view name, std::string_view title,
                         const std::vector<std::pair<std::string, Capacity>>& values,
                         report::Language language, std::string_view empty_reason = "");

// MW by year of commercial operation in at most 16 columns whatever the span: a year a column
// over up to 16 years, else periods of 2, 5, 10, 20 or 50 years ("2025–2029"), the empty ones
// kept so that the axis stays even. Never one column "≤ 2047" that gathers most of the MW.
std::vector<std::pair<std::string, Capacity>> cod_year_columns(
    const std::vector<std::pair<int, Capacity>>& years);

// The change log as a table, newest first: when, who, (which project,) what moved from what to
// what, and why.
std::string changes_table(const PageContext& page, const std::vector<store::ChangeRecord>& records,
                          bool show_project);

// The colour of a stage in every chart, pale (ideas) to dark green (running plants), as the
// periodic report draws them.
const char* stage_colour(std::string_view stage_key);

}  // namespace tiendo::web
