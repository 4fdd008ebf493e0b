#include "web/page_widgets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "report/html.h"
#include "report/labels.h"
#include "report/periodic_report.h"
#include "report/wording.h"
#include "web/history_words.h"
#include "web/workspace.h"

namespace tiendo::web {

std::string stage_text(std::string_view key, report::Language language) {
  bool vietnamese = language == report::Language::Vietnamese;
  if (auto stage = parse_stage(key))
    return std::string(vietnamese ? stage_label_vi(*stage) : stage_label_en(*stage));
  if (auto status = parse_status(key))
    return std::string(vietnamese ? status_label_vi(*status) : status_label_en(*status));
  return std::string(key);
}

std::string technology_text(Technology technology, report::Language language) {
  return report::technology_bucket_label(std::string(technology_key(technology)), language);
}

std::string date_text(const std::optional<Date>& date, report::Language language) {
  return date ? report::format_date(*date, language) : std::string();
}

namespace {

// Class names are built only from keys tiendo defines; anything else becomes "other".
std::string class_word(std::string_view key) {
  std::string word;
  for (char c : key)
    word += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return word.empty() ? "other" : word;
}

}  // namespace

std::string stage_badge(std::string_view key, report::Language language) {
  return fmt::format(R"(<span class="badge stage-{}">{}</span>)", class_word(key),
                     report::html_escape(stage_text(key, language)));
}

std::string severity_badge(analysis::Severity severity, report::Language language) {
  return fmt::format(R"(<span class="badge severity-{}">{}</span>)",
                     analysis::severity_key(severity),
                     report::html_escape(report::severity_label(severity, language)));
}

std::string project_path(std::string_view code) {
  return "/projects/" + report::url_component(code);
}

std::string milestone_path(std::string_view code, std::string_view key) {
  return fmt::format("/projects/{}/milestones/{}", report::url_component(code),
                     report::url_component(key));
}

std::string project_link(const PageContext& page, std::string_view code) {
  return fmt::format(R"(<a href="{}">{}</a>)", page.link(project_path(code)),
                     report::html_escape(code));
}

std::string heading_text(std::string_view heading) {
  std::string text;
  bool in_tag = false;
  for (char c : heading) {
    if (c == '<')
      in_tag = true;
    else if (c == '>')
      in_tag = false;
    else if (!in_tag)
      text += c;
  }
  return text;
}

std::string html_table_raw(const std::vector<std::string>& headers,
                           const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& numeric, std::string_view css_class) {
  auto is_number = [&](std::size_t column) { return column < numeric.size() && numeric[column]; };
  std::string html =
      fmt::format(R"(<div class="table-wrap"><table{}><thead><tr>)",
                  css_class.empty() ? std::string() : fmt::format(R"( class="{}")", css_class));
  for (std::size_t c = 0; c < headers.size(); ++c)
    html += fmt::format(R"(<th scope="col"{}>{}</th>)", is_number(c) ? R"( class="number")" : "",
                        headers[c]);
  html += "</tr></thead><tbody>";
  // Each cell carries its heading's text, so that on a phone a row reads as a card of labelled
  // values (tiendo.css) instead of a table scrolling sideways.
  std::vector<std::string> labels;
  for (const auto& header : headers)
    labels.push_back(heading_text(header));
  for (const auto& row : rows) {
    html += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c)
      html += fmt::format(R"(<td{}{}>{}</td>)",
                          c < labels.size() && !labels[c].empty()
                              ? fmt::format(R"( data-label="{}")", labels[c])
                              : std::string(),
                          is_number(c) ? R"( class="number")" : "", row[c]);
    html += "</tr>";
  }
  return html + "</tbody></table></div>";
}

std::string html_table(const report::Table& table, std::string_view css_class) {
  std::vector<std::string> headers;
  for (const auto& header : table.headers)
    headers.push_back(report::html_escape(header));
  std::vector<bool> numeric;
  for (std::size_t c = 0; c < table.headers.size(); ++c)
    numeric.push_back(c < table.alignment.size() && table.alignment[c] == report::Align::Right);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<std::string> cells;
    bool total =
        std::find(table.total_rows.begin(), table.total_rows.end(), r) != table.total_rows.end();
    for (const auto& cell : table.rows[r])
      cells.push_back(total ? "<strong>" + report::html_escape(cell) + "</strong>"
                            : report::html_escape(cell));
    rows.push_back(std::move(cells));
  }
  return html_table_raw(headers, rows, numeric, css_class);
}

const char* stage_colour(std::string_view stage_key) {
  // Side states (suspended, cancelled, retired) are grey; the ladder has the report's colours.
  auto stage = parse_stage(stage_key);
  return stage ? report::stage_colour(*stage) : "#9aa3ad";
}

namespace {

constexpr int chart_width = 560;

std::string mw_text(Capacity capacity, report::Language language) {
  return report::format_megawatts(capacity, language) + " MW";
}

std::string_view total_word(report::Language language) {
  return language == report::Language::Vietnamese ? "Tổng" : "Total";
}

}  // namespace

std::string stacked_bar_chart(std::string_view name, std::string_view title,
                              const std::vector<Bar>& bars,
                              const std::vector<std::pair<std::string, std::string>>& legend,
                              report::Language language) {
  const int left = 130, top = 30, bar_height = 22, gap = 10;
  Capacity total;
  std::int64_t largest = 1;
  for (const auto& bar : bars) {
    Capacity sum;
    for (const auto& part : bar.parts)
      sum += part.mw;
    total += sum;
    largest = std::max(largest, sum.watts());
  }
  // The legend wraps in rows of at most four entries.
  int legend_rows = static_cast<int>((legend.size() + 3) / 4);
  int height = top + static_cast<int>(bars.size()) * (bar_height + gap) + legend_rows * 18 + 12;
  std::string svg = fmt::format(
      R"(<svg class="chart" data-chart="{}" data-total-mw="{}" viewBox="0 0 {} {}" role="img" )"
      R"(aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>)",
      report::html_escape(name), total.megawatts_text(), chart_width, height,
      report::html_escape(title), report::html_escape(title));
  svg += fmt::format(R"(<text x="{}" y="18" class="total">{}: {}</text>)", left,
                     total_word(language), mw_text(total, language));
  const double scale = (chart_width - left - 90) / static_cast<double>(largest);
  int y = top;
  for (const auto& bar : bars) {
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="label">{}</text>)", left - 8,
                       y + bar_height - 7, report::html_escape(bar.label));
    double x = left;
    Capacity sum;
    for (const auto& part : bar.parts) {
      double width = part.mw.watts() * scale;
      sum += part.mw;
      if (width <= 0)
        continue;
      svg += fmt::format(
          R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}" data-mw="{}">)"
          R"(<title>{} — {}: {}</title></rect>)",
          x, y, width, bar_height, part.colour, part.mw.megawatts_text(),
          report::html_escape(bar.label), report::html_escape(part.name),
          mw_text(part.mw, language));
      x += width;
    }
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" class="value">{}</text>)", x + 5,
                       y + bar_height - 7, report::format_megawatts(sum, language));
    y += bar_height + gap;
  }
  for (std::size_t i = 0; i < legend.size(); ++i) {
    int column = static_cast<int>(i % 4), row = static_cast<int>(i / 4);
    int x = 10 + column * 155, legend_y = y + row * 18;
    svg += fmt::format(R"(<rect x="{}" y="{}" width="11" height="11" rx="2" fill="{}"/>)"
                       R"(<text x="{}" y="{}" class="legend">{}</text>)",
                       x, legend_y, legend[i].second, x + 16, legend_y + 10,
                       report::html_escape(legend[i].first));
  }
  return svg + "</svg>";
}

std::vector<std::pair<std::string, Capacity>> cod_year_columns(
    const std::vector<std::pair<int, Capacity>>& years) {
  constexpr int most_columns = 16;
  std::vector<std::pair<std::string, Capacity>> columns;
  if (years.empty())
    return columns;
  int first = years.front().first, last = years.front().first;
  for (const auto& [year, mw] : years) {
    first = std::min(first, year);
    last = std::max(last, year);
  }
  int step = 1;
  for (int candidate : {1, 2, 5, 10, 20, 50, 100}) {
    step = candidate;
    int from = first / step * step;
    if ((last - from) / step + 1 <= most_columns)
      break;
  }
  int from = first / step * step;
  std::map<int, Capacity> bins;
  for (int start = from; start <= last; start += step)
    bins[start] = Capacity{};
  for (const auto& [year, mw] : years)
    bins[(year - from) / step * step + from] += mw;
  for (const auto& [start, mw] : bins)
    columns.emplace_back(step == 1 ? std::to_string(start)
                                   : fmt::format("{}–{}", start, start + step - 1),
                         mw);
  return columns;
}

std::string column_chart(std::string_view name, std::string_view title,
                         const std::vector<std::pair<std::string, Capacity>>& values,
                         report::Language language, std::string_view empty_reason) {
  const int top = 34, height = 240, left = 10;
  // Slanted labels (narrow columns) need more room under the axis.
  const int bottom =
      !values.empty() && (chart_width - 2 * left) / static_cast<double>(values.size()) < 64 ? 56
                                                                                             : 30;
  Capacity total;
  std::int64_t largest = 1;
  for (const auto& [label, mw] : values) {
    total += mw;
    largest = std::max(largest, mw.watts());
  }
  std::string svg = fmt::format(
      R"(<svg class="chart" data-chart="{}" data-total-mw="{}" viewBox="0 0 {} {}" role="img" )"
      R"(aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>)",
      report::html_escape(name), total.megawatts_text(), chart_width, height,
      report::html_escape(title), report::html_escape(title));
  svg += fmt::format(R"(<text x="{}" y="18" class="total">{}: {}</text>)", left,
                     total_word(language), mw_text(total, language));
  if (values.empty())
    return svg +
           fmt::format(R"(<text x="{}" y="{}" class="empty">{}</text>)", left, height / 2,
                       report::html_escape(empty_reason)) +
           "</svg>";
  double slot = (chart_width - 2 * left) / static_cast<double>(values.size());
  // A label such as "2025–2029" needs about 64 pixels; narrower columns write it on a slant.
  bool labels_fit = slot >= 64;
  // A slanted label ends under its column's middle and reaches about 50 pixels left of it: the
  // columns start further right, or the first label ("2010–2014") is cut at the chart's edge.
  const int start = labels_fit ? left : 40;
  slot = (chart_width - start - left) / static_cast<double>(values.size());
  // A figure such as "12.345,6" needs about 56 pixels; narrower columns keep it in their title.
  bool figures_fit = slot >= 56;
  double scale = (height - top - bottom) / static_cast<double>(largest);
  svg += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" class="axis"/>)", start,
                     chart_width - left, height - bottom, height - bottom);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& [label, mw] = values[i];
    double bar = mw.watts() * scale;
    double width = std::min(slot * 0.7, 60.0);
    double x = start + static_cast<double>(i) * slot + (slot - width) / 2;
    double y = height - bottom - bar;
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" rx="2" class="column" )"
        R"(data-mw="{}"><title>{}: {}</title></rect>)"
        R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" class="value">{}</text>)",
        x, y, width, bar, mw.megawatts_text(), report::html_escape(label), mw_text(mw, language),
        x + width / 2, y - 5, figures_fit ? report::format_megawatts(mw, language) : "");
    if (labels_fit)
      svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle" class="label">{}</text>)",
                         x + width / 2, height - bottom + 17, report::html_escape(label));
    else
      svg += fmt::format(
          R"svg(<text x="{0:.1f}" y="{1}" text-anchor="end" class="label" transform="rotate(-35 {0:.1f} {1})">{2}</text>)svg",
          x + width / 2, height - bottom + 12, report::html_escape(label));
  }
  return svg + "</svg>";
}

// The latest changes as a table: when, who, which project, what moved from what to what.

std::string changes_table(const PageContext& page, const std::vector<store::ChangeRecord>& records,
                          bool show_project) {
  // In the history page's words (web/history_words.h): records, fields and values by their
  // labels, never a column code. `show_project` stays for the callers; the project column is
  // always there, as on /history.
  static_cast<void>(show_project);
  auto snapshot = page.workspace.snapshot();
  std::string rows;
  for (const auto& record : records)
    rows += change_row_html(page, snapshot->portfolio(), record, "");
  return change_table_html(page, rows, false);
}

}  // namespace tiendo::web
