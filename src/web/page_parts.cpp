#include "web/page_parts.h"

#include <fmt/format.h>

#include <algorithm>

#include "domain/command_line.h"
#include "domain/text.h"
#include "report/html.h"

namespace tiendo::web {

std::string table_html(const report::Table& table, const CellMarkup& cell_markup) {
  auto right_aligned = [&](std::size_t column) {
    return column < table.alignment.size() && table.alignment[column] == report::Align::Right;
  };
  std::string html = "<div class=\"table-wrap\">\n<table>\n<thead><tr>";
  for (std::size_t column = 0; column < table.headers.size(); ++column)
    html +=
        fmt::format("<th scope=\"col\"{}>{}</th>", right_aligned(column) ? " class=\"number\"" : "",
                    report::html_escape(table.headers[column]));
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    bool total =
        std::find(table.total_rows.begin(), table.total_rows.end(), row) != table.total_rows.end();
    html += total ? "<tr class=\"total\">" : "<tr>";
    const auto& cells = table.rows[row];
    for (std::size_t column = 0; column < cells.size(); ++column)
      html += fmt::format("<td data-label=\"{}\"{}>{}</td>",
                          column < table.headers.size() ? report::html_escape(table.headers[column])
                                                        : std::string(),
                          right_aligned(column) ? " class=\"number\"" : "",
                          cell_markup ? cell_markup(row, column, cells[column])
                                      : report::html_escape(cells[column]));
    html += "</tr>\n";
  }
  html += "</tbody>\n</table>\n</div>\n";
  return html;
}

std::string select_html(std::string_view name, std::string_view label,
                        const std::vector<Choice>& choices, std::string_view selected,
                        std::string_view any_label) {
  std::string html = fmt::format(R"(<label>{} <select name="{}">)", report::html_escape(label),
                                 report::html_escape(name));
  if (!any_label.empty())
    html += fmt::format(R"(<option value="">{}</option>)", report::html_escape(any_label));
  for (const auto& choice : choices)
    html +=
        fmt::format(R"(<option value="{}"{}>{}</option>)", report::html_escape(choice.value),
                    choice.value == selected ? " selected" : "", report::html_escape(choice.label));
  html += "</select></label>";
  return html;
}

std::string pager_html(const PageContext& page, const std::string& base, std::size_t offset,
                       std::size_t limit, std::size_t total) {
  if (total <= limit && offset == 0)
    return "";
  char separator = base.find('?') == std::string::npos ? '?' : '&';
  std::string html = "<nav class=\"pager\">";
  if (offset > 0)
    html += fmt::format(R"(<a href="{}" rel="prev">{}</a> )",
                        page.link(fmt::format("{}{}offset={}", base, separator,
                                              offset > limit ? offset - limit : 0)),
                        page.text("← Previous"));
  else
    html += fmt::format(R"(<span class="disabled">{}</span> )", page.text("← Previous"));
  std::size_t last = std::min(total, offset + limit);
  html += fmt::format(
      "<span class=\"page-of\">{}–{} / {}</span>",
      report::format_integer(static_cast<long long>(std::min(offset + 1, total)), page.language),
      report::format_integer(static_cast<long long>(last), page.language),
      report::format_integer(static_cast<long long>(total), page.language));
  if (last < total)
    html += fmt::format(R"( <a href="{}" rel="next">{}</a>)",
                        page.link(fmt::format("{}{}offset={}", base, separator, last)),
                        page.text("Next →"));
  else
    html += fmt::format(R"( <span class="disabled">{}</span>)", page.text("Next →"));
  html += "</nav>\n";
  return html;
}

std::string project_link(const PageContext& page, const std::string& code,
                         const std::string& name) {
  return fmt::format(R"(<a href="{}"{}>{}</a>)",
                     page.link("/projects/" + report::url_component(code)),
                     name.empty() ? "" : fmt::format(" title=\"{}\"", report::html_escape(name)),
                     report::html_escape(code));
}

std::vector<std::string> parameter_values(const httplib::Request& request,
                                          const std::string& name) {
  std::vector<std::string> values;
  auto count = request.get_param_value_count(name.c_str());
  for (std::size_t i = 0; i < count; ++i) {
    std::string value = request.get_param_value(name.c_str(), i);
    if (auto problem = text_problem(value); !problem.empty())
      throw InvalidInput(fmt::format("{}: '{}': {}", name, shown_safely(value), problem));
    values.push_back(std::move(value));
  }
  return values;
}

}  // namespace tiendo::web
