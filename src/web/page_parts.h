#pragma once
// Pieces of HTML the analysis, import and admin pages share: a report::Table as an HTML table
// inside a scrolling wrapper, a select of options, a pager, and text made safe for a URL. Each
// escapes what it is given, so a page builds its markup from these and its own constants only.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/format.h"
#include "web/pages.h"

namespace tiendo::web {

// The markup of one cell: the cell's text escaped, unless the page makes a link or a badge of it.
using CellMarkup =
    std::function<std::string(std::size_t row, std::size_t column, const std::string& cell)>;

// The table in a <div class="table-wrap">, so a wide one scrolls sideways on a phone instead of
// widening the page. Right-aligned columns get class "number"; total rows class "total".
std::string table_html(const report::Table& table, const CellMarkup& cell_markup = {});

struct Choice {
  std::string value;
  std::string label;
};
// A labelled <select>; `any_label`, when not empty, is a first choice with the empty value.
std::string select_html(std::string_view name, std::string_view label,
                        const std::vector<Choice>& choices, std::string_view selected,
                        std::string_view any_label);

// "Previous" and "next" links of a list shown `limit` rows at a time; `base` is the page's path
// and query without offset (escaped here).
std::string pager_html(const PageContext& page, const std::string& base, std::size_t offset,
                       std::size_t limit, std::size_t total);

// The link to a project's page, its code as the text; its name, when given, shown on hovering.
std::string project_link(const PageContext& page, const std::string& code,
                         const std::string& name = "");

// Every value of a query or form field given once or more (checkboxes), each checked as text
// the way parameter() checks one.
std::vector<std::string> parameter_values(const httplib::Request& request, const std::string& name);

}  // namespace tiendo::web
