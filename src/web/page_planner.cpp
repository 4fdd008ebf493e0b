// /impact: the planner's question "what does a late milestone do to the projects behind it?" as a
// page. It asks the operations what `tiendo impact` and GET /api/v1/impact ask, and shows the
// answer three ways: a sentence with the totals, a small picture of how the delay travels from
// project to project, and the tables of projects and milestones that move.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "analysis/impact.h"
#include "domain/error.h"
#include "domain/milestone_catalog.h"
#include "operations/forecast.h"
#include "operations/queries.h"
#include "report/catalogue.h"
#include "report/periodic_report.h"
#include "web/heavy_work.h"
#include "web/workspace.h"
#include "report/html.h"
#include "report/wording.h"
#include "web/page_parts.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

// Tables stop here and say how many rows they leave out: a slipped 500 kV line can move
// thousands of milestones, and the page must stay readable and quick.
constexpr std::size_t projects_shown = 500;
constexpr std::size_t milestones_shown = 300;
// The picture draws at most this many projects besides the one that slips.
constexpr std::size_t projects_drawn = 24;
constexpr std::int64_t default_slip_days = 60;

// A milestone as a person names it: its catalog label in the page's language, else the name it
// was given, else its key.
std::string milestone_label(const Portfolio& portfolio, std::int32_t index,
                            report::Language language) {
  const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(index)];
  if (const auto* kind = find_milestone_kind(milestone.key))
    return std::string(language == report::Language::Vietnamese ? kind->label_vi : kind->label_en);
  return milestone.name.empty() ? milestone.key : milestone.name;
}

std::string day_text(std::int32_t days, report::Language language) {
  return report::format_date(Date::from_days(days), language);
}

std::string days_text(std::int64_t days, const PageContext& page) {
  return fmt::format("{} {}", report::format_integer(days, page.language),
                     page.text_in("page_planner", "days"));
}

// Where the projects sit in the picture: the slipped project in the first column, each other
// project one column right of the project whose delay reached it first (by breadth-first
// search over the links that now set the dates), the deepest ones sharing the last column.
struct Drawing {
  std::vector<std::int32_t> projects;  // The slipped project first.
  std::map<std::int32_t, int> column;
  std::set<std::pair<std::int32_t, std::int32_t>> edges;
  std::size_t left_out = 0;
};

Drawing lay_out(const Portfolio& portfolio, const analysis::Impact& impact) {
  constexpr int last_column = 4;
  std::int32_t origin =
      portfolio.milestones[static_cast<std::size_t>(impact.source)].project;
  std::map<std::int32_t, std::set<std::int32_t>> reaches;
  std::set<std::int32_t> moved_projects;
  for (const auto& moved : impact.milestones) {
    std::int32_t project = portfolio.milestones[static_cast<std::size_t>(moved.milestone)].project;
    moved_projects.insert(project);
    if (moved.pushed_by < 0)
      continue;
    std::int32_t from = portfolio.milestones[static_cast<std::size_t>(moved.pushed_by)].project;
    if (from != project)
      reaches[from].insert(project);
  }
  std::map<std::int32_t, std::int32_t> reached_from;
  std::map<std::int32_t, int> depth{{origin, 0}};
  std::deque<std::int32_t> queue{origin};
  while (!queue.empty()) {
    std::int32_t project = queue.front();
    queue.pop_front();
    for (std::int32_t next : reaches[project])
      if (!depth.contains(next)) {
        depth[next] = depth[project] + 1;
        reached_from[next] = project;
        queue.push_back(next);
      }
  }
  // The projects worth drawing: those whose COD moves, the largest first, then the others the
  // delay passes through; each keeps the projects on its way back to the origin.
  std::vector<std::int32_t> candidates;
  for (const auto& entry : impact.projects)
    candidates.push_back(entry.project);
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::int32_t a, std::int32_t b) {
    return portfolio.projects[static_cast<std::size_t>(a)].capacity >
           portfolio.projects[static_cast<std::size_t>(b)].capacity;
  });
  for (std::int32_t project : moved_projects)
    if (std::find(candidates.begin(), candidates.end(), project) == candidates.end())
      candidates.push_back(project);
  Drawing drawing;
  drawing.projects.push_back(origin);
  std::set<std::int32_t> chosen{origin};
  for (std::int32_t project : candidates) {
    std::vector<std::int32_t> way;
    for (std::int32_t step = project; !chosen.contains(step);) {
      way.push_back(step);
      auto found = reached_from.find(step);
      if (found == reached_from.end())
        break;
      step = found->second;
    }
    if (chosen.size() + way.size() > projects_drawn + 1)
      continue;
    for (auto step = way.rbegin(); step != way.rend(); ++step) {
      chosen.insert(*step);
      drawing.projects.push_back(*step);
    }
  }
  drawing.left_out = moved_projects.size() > chosen.size() ? moved_projects.size() - chosen.size()
                                                           : 0;
  for (std::int32_t project : drawing.projects) {
    auto found = depth.find(project);
    // A project the search did not reach (its move came through a parent's date, say) stands
    // in the second column.
    drawing.column[project] = std::min(found == depth.end() ? 1 : found->second, last_column);
    auto from = reached_from.find(project);
    if (from != reached_from.end() && chosen.contains(from->second))
      drawing.edges.insert({from->second, project});
  }
  return drawing;
}

std::string network_picture(const PageContext& page, const Portfolio& portfolio,
                            const analysis::Impact& impact) {
  Drawing drawing = lay_out(portfolio, impact);
  constexpr int box_width = 150, box_height = 40, column_step = 190, row_step = 52, margin = 10;
  std::map<int, int> rows_in_column;
  std::map<std::int32_t, std::pair<int, int>> position;
  for (std::int32_t project : drawing.projects) {
    int column = drawing.column[project];
    int row = rows_in_column[column]++;
    position[project] = {margin + column * column_step, margin + row * row_step};
  }
  int columns = 0, rows = 0;
  for (const auto& [column, count] : rows_in_column) {
    columns = std::max(columns, column + 1);
    rows = std::max(rows, count);
  }
  int width = margin * 2 + (columns - 1) * column_step + box_width;
  int height = margin * 2 + (rows - 1) * row_step + box_height;
  std::set<std::int32_t> cod_moves;
  for (const auto& entry : impact.projects)
    cod_moves.insert(entry.project);

  std::string svg = fmt::format(
      R"(<svg class="impact-network" viewBox="0 0 {} {}" width="{}" role="img" aria-label="{}">
<defs><marker id="impact-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#5b6470"/></marker></defs>
)",
      width, height, width,
      report::html_escape(page.text("How the delay travels from project to project")));
  for (const auto& [from, to] : drawing.edges) {
    auto [x1, y1] = position[from];
    auto [x2, y2] = position[to];
    svg += fmt::format(
        R"svg(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#5b6470" stroke-width="1.5" marker-end="url(#impact-arrow)"/>
)svg",
        x1 + box_width, y1 + box_height / 2, x2, y2 + box_height / 2);
  }
  for (std::int32_t project : drawing.projects) {
    const Project& shown = portfolio.projects[static_cast<std::size_t>(project)];
    auto [x, y] = position[project];
    bool origin = project == drawing.projects.front();
    std::string fill = origin ? "#fde2e1" : cod_moves.contains(project) ? "#fff1cc" : "#eef1f5";
    std::string code = shown.code.size() > 20 ? shown.code.substr(0, 19) + "…" : shown.code;
    std::string second = shown.capacity && shown.technology != Technology::Grid
                             ? report::format_megawatts(*shown.capacity, page.language) + " MW"
                             : technology_text(shown.technology, page.language);
    svg += fmt::format(
        R"(<a href="{href}"><g><title>{name}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="{fill}" stroke="#7a8491"/>
<text x="{tx}" y="{ty1}" font-size="12" font-weight="600">{code}</text><text x="{tx}" y="{ty2}" font-size="11" fill="#3c4450">{second}</text></g></a>
)",
        fmt::arg("href", report::html_escape(page.link(project_path(shown.code)))),
        fmt::arg("name", report::html_escape(shown.name)), fmt::arg("x", x), fmt::arg("y", y),
        fmt::arg("w", box_width), fmt::arg("h", box_height), fmt::arg("fill", fill),
        fmt::arg("tx", x + 8), fmt::arg("ty1", y + 16), fmt::arg("ty2", y + 32),
        fmt::arg("code", report::html_escape(code)),
        fmt::arg("second", report::html_escape(second)));
  }
  svg += "</svg>\n";
  std::string legend = fmt::format(
      R"(<p class="chart-legend"><span class="swatch" style="{0}background:#fde2e1"></span> {1} <span class="swatch" style="{0}background:#fff1cc"></span> {2} <span class="swatch" style="{0}background:#eef1f5"></span> {3}</p>
)",
      "display:inline-block;width:0.9em;height:0.9em;border:1px solid #7a8491;"
      "vertical-align:middle;margin:0 0.2em 0 0.8em;",
      page.text("the milestone that slips"),
      page.text("COD moves"),
      page.text("other milestones move"));
  std::string note;
  if (drawing.left_out > 0)
    note = fmt::format(
        "<p class=\"note\">{}</p>\n",
        report::html_escape(fmt::format(
            fmt::runtime(page.text("{} more projects that move are listed below, not drawn.")),
            report::format_integer(static_cast<long long>(drawing.left_out), page.language))));
  return fmt::format("<figure class=\"impact-picture\">{}{}{}</figure>\n", svg, legend, note);
}

std::string projects_table(const PageContext& page, const Portfolio& portfolio,
                           const analysis::Impact& impact) {
  auto entries = impact.projects;
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.capacity.value_or(Capacity{}) > b.capacity.value_or(Capacity{});
  });
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < entries.size() && i < projects_shown; ++i) {
    const auto& entry = entries[i];
    const Project& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
    rows.push_back({
        project_link(page, project.code) + "<br><small>" + report::html_escape(project.name) +
            "</small>",
        report::html_escape(project.province),
        report::html_escape(technology_text(project.technology, page.language)),
        entry.capacity ? report::format_megawatts(*entry.capacity, page.language) : "",
        day_text(entry.cod_before, page.language),
        day_text(entry.cod_after, page.language),
        report::format_integer(entry.cod_after - entry.cod_before, page.language),
        entry.leaves_its_year ? std::string(page.text("yes")) : "",
    });
  }
  std::string html = html_table_raw(
      {std::string(page.text("Project")), std::string(page.text("Province")),
       std::string(page.text("Technology")), "MW",
       std::string(page.text("COD before")),
       std::string(page.text("COD after")), std::string(page.text("Days")),
       std::string(page.text("Into a later year"))},
      rows, {false, false, false, true, false, false, true, false}, "impact-projects");
  if (entries.size() > projects_shown)
    html += fmt::format(
        "<p class=\"note\">{}</p>\n",
        report::html_escape(fmt::format(
            fmt::runtime(page.text("and {} more projects, listed by GET /api/v1/impact")),
            report::format_integer(static_cast<long long>(entries.size() - projects_shown),
                                   page.language))));
  return html;
}

std::string milestones_table(const PageContext& page, const Portfolio& portfolio,
                             const analysis::Impact& impact) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < impact.milestones.size() && i < milestones_shown; ++i) {
    const auto& moved = impact.milestones[i];
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(moved.milestone)];
    const Project& project = portfolio.projects[static_cast<std::size_t>(milestone.project)];
    std::string pushed = moved.pushed_by < 0
                             ? std::string(page.text("the slip asked"))
                             : fmt::format(
                                   "{} · {}",
                                   portfolio.projects[static_cast<std::size_t>(
                                                          portfolio.milestones[static_cast<std::size_t>(
                                                                                   moved.pushed_by)]
                                                              .project)]
                                       .code,
                                   milestone_label(portfolio, moved.pushed_by, page.language));
    rows.push_back({
        project_link(page, project.code),
        report::html_escape(milestone_label(portfolio, moved.milestone, page.language)) +
            " <small class=\"key\">" + report::html_escape(milestone.key) + "</small>",
        day_text(moved.finish_before, page.language),
        day_text(moved.finish_after, page.language),
        report::format_integer(moved.finish_after - moved.finish_before, page.language),
        report::html_escape(pushed),
    });
  }
  std::string html = html_table_raw(
      {std::string(page.text("Project")), std::string(page.text("Milestone")),
       std::string(page.text("Earliest finish before")),
       std::string(page.text("Earliest finish after")),
       std::string(page.text("Days")),
       std::string(page.text("Pushed by"))},
      rows, {false, false, false, false, true, false}, "impact-milestones");
  if (impact.milestones.size() > milestones_shown)
    html += fmt::format(
        "<p class=\"note\">{}</p>\n",
        report::html_escape(fmt::format(
            fmt::runtime(page.text("and {} more milestones")),
            report::format_integer(
                static_cast<long long>(impact.milestones.size() - milestones_shown),
                page.language))));
  return html;
}

void show_impact(PageContext& page) {
  const auto& request = page.request;
  std::string reference = parameter_or(request, "ref", "");
  std::string slip_text = parameter_or(request, "slip", std::to_string(default_slip_days));
  std::string as_of_text = parameter_or(request, "as_of", "");
  std::string message;
  std::string results;
  int status = 200;
  try {
    Date as_of = as_of_parameter(request);
    if (!as_of_text.empty())
      as_of_text = page.vietnamese() ? as_of.vietnamese() : as_of.iso_day();
    auto slip = count_parameter(request, "slip", default_slip_days, 1, 36'500);
    if (!reference.empty()) {
      auto snapshot = page.workspace.snapshot();
      const Portfolio& portfolio = snapshot->portfolio();
      auto schedule = snapshot->schedule(as_of);
      auto impact = operations::impact_of(snapshot->scheduled(), *schedule, reference,
                                          static_cast<std::int32_t>(slip));
      const auto& first = impact.milestones.front();
      const Milestone& source = portfolio.milestones[static_cast<std::size_t>(impact.source)];
      const Project& source_project = portfolio.projects[static_cast<std::size_t>(source.project)];
      std::set<std::int32_t> projects_moving;
      for (const auto& moved : impact.milestones)
        projects_moving.insert(
            portfolio.milestones[static_cast<std::size_t>(moved.milestone)].project);
      results += fmt::format(
          "<p class=\"summary\">{}</p>\n",
          report::html_escape(fmt::format(
              fmt::runtime(page.text("If {} of {} is {} late (earliest finish {} → {}): {} milestones of {} projects "
                  "move; the COD of {} projects, {} MW, moves; {} MW move out of the year they "
                  "were forecast in.")),
              milestone_label(portfolio, impact.source, page.language), source_project.code,
              days_text(slip, page), day_text(first.finish_before, page.language),
              day_text(first.finish_after, page.language),
              report::format_integer(static_cast<long long>(impact.milestones.size()),
                                     page.language),
              report::format_integer(static_cast<long long>(projects_moving.size()),
                                     page.language),
              report::format_integer(static_cast<long long>(impact.projects.size()),
                                     page.language),
              report::format_megawatts(impact.total, page.language),
              report::format_megawatts(impact.leaving_their_year, page.language))));
      results += network_picture(page, portfolio, impact);
      results += fmt::format("<h2>{}</h2>\n", page.text("Projects whose COD moves"));
      results += impact.projects.empty()
                     ? fmt::format("<p class=\"notice\">{}</p>\n",
                                   page.text("No project's COD moves."))
                     : projects_table(page, portfolio, impact);
      results += fmt::format("<h2>{}</h2>\n",
                             page.text("Milestones that move"));
      results += milestones_table(page, portfolio, impact);
    }
  } catch (const InvalidInput& error) {
    message = report::error_text(page.language, error);
    status = 400;
  } catch (const NotFound& error) {
    message = report::error_text(page.language, error);
    status = 404;
  }

  std::string form = fmt::format(
      R"(<p class="lead">{intro}</p>
<form class="filters" method="get" action="/impact">{lang}
<label>{ref_label} <input name="ref" value="{ref}" placeholder="{ref_hint}" required></label>
<label>{slip_label} <input name="slip" value="{slip}" inputmode="numeric" size="6"></label>
<label>{as_of_label} <input name="as_of" value="{as_of}" placeholder="{as_of_hint}" size="11"></label>
<button type="submit">{show}</button>
</form>
)",
      fmt::arg("intro", page.text("Give a milestone and a delay: the page shows every milestone "
                                  "and project whose dates move, and the MW at stake.")),
      fmt::arg("lang", page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)"),
      fmt::arg("ref_label", page.text("Milestone (CODE:key)")),
      fmt::arg("ref", report::html_escape(reference)),
      fmt::arg("ref_hint", page.text("e.g. TV-LINE:grid_line_energized")),
      fmt::arg("slip_label", page.text("Days late")),
      fmt::arg("slip", report::html_escape(slip_text)),
      fmt::arg("as_of_label", page.text("As of")),
      fmt::arg("as_of", report::html_escape(as_of_text)),
      fmt::arg("as_of_hint", page.text("today")),
      fmt::arg("show", page.text("Show")));
  std::string content =
      form + (message.empty()
                  ? results
                  : fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n",
                                report::html_escape(message)));
  send_html(page.response, status,
            page_frame(page, page.text("What if a milestone slips?"),
                       "impact", content));
}

// ---------------------------------------------------------------------------------------------
// /forecast: the probabilistic COD for people.

constexpr std::size_t forecast_projects_per_page = 50;
// With parameters of its own (a target, a grouping, another date) the forecast is drawn for the
// request, and the page lists the largest projects only: paging through all of them would draw
// again for each page.
constexpr std::size_t forecast_projects_drawn_for_request = 100;

std::string percent_text(double probability, report::Language language) {
  return report::format_one_decimal(probability * 100.0, language) + "%";
}

// What the backtest measured (docs/schedule.md, "The backtest"; tests/bench/forecast_backtest.py
// makes the figures), so that a reader can judge the numbers before using them.
std::string backtest_words(const PageContext& page) {
  return fmt::format(
      "<p class=\"note\">{}</p>\n",
      page.text("How far to trust it: on 20,000 generated projects whose history was cut at "
                "30 June 2024 and forecast to 30 June 2026, the P10–P90 range held 79.4% of the "
                "CODs that happened (an exact forecast would hold about 80%), and the P50 date "
                "was 81 days off on average, against 112 days for the plain schedule. The "
                "model learns from this database's own history: with little history recorded, "
                "its ranges are narrow because it knows no better, not because the dates are "
                "certain."));
}

std::string fan_section(const PageContext& page, const analysis::ForecastResult& result) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& band : result.online)
    if (band.keys.empty())
      rows.push_back({std::to_string(band.year),
                      report::format_megawatts(band.p10, page.language),
                      report::format_megawatts(band.p50, page.language),
                      report::format_megawatts(band.p90, page.language)});
  if (rows.empty())
    return fmt::format("<p class=\"notice\">{}</p>\n",
                       page.text("No project has a COD step to forecast."));
  std::vector<analysis::OnlineBand> whole;
  for (const auto& band : result.online)
    if (band.keys.empty())
      whole.push_back(band);
  return fmt::format(
      R"(<div class="grid-2"><section class="panel"><h2>{}</h2><div class="chart-wrap">{}</div><p class="muted">{}</p></section>)"
      R"(<section class="panel"><h2>{}</h2>{}</section></div>)"
      "\n",
      page.text("MW online: forecast"),
      report::online_fan_chart(whole, result.draws, result.seed, page.language),
      report::html_escape(report::online_fan_note(result, page.language, false)),
      page.text("MW online by the end of the year"),
      html_table_raw({std::string(page.text("Year")), "P10 (MW)", "P50 (MW)", "P90 (MW)"},
                     rows, {false, true, true, true}, "compact"));
}

// MW online by group and year, P50 with the P10–P90 range beside it, the next six years.
std::string groups_section(const PageContext& page, const analysis::ForecastResult& result,
                           const std::vector<analysis::GroupField>& fields) {
  if (fields.empty())
    return "";
  std::map<std::string, std::map<int, const analysis::OnlineBand*>> table;
  std::set<int> years;
  for (const auto& band : result.online) {
    if (band.keys.size() != fields.size())
      continue;
    std::string label;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::string key = band.keys[i].value_or("");
      if (fields[i] == analysis::GroupField::Technology ||
          fields[i] == analysis::GroupField::TechnologyGroup)
        key = report::technology_bucket_label(key, page.language);
      label += (i ? " · " : "") + (key.empty() ? std::string(page.text("none")) : key);
    }
    table[label][band.year] = &band;
    if (years.size() < 6 || band.year <= *std::prev(years.end()))
      years.insert(band.year);
    while (years.size() > 6)
      years.erase(std::prev(years.end()));
  }
  std::vector<std::string> headers{std::string(page.text("Group"))};
  for (int year : years)
    headers.push_back(fmt::format("{} (MW)", year));
  std::vector<std::vector<std::string>> rows;
  for (const auto& [label, by_year] : table) {
    std::vector<std::string> row{report::html_escape(label)};
    for (int year : years) {
      auto found = by_year.find(year);
      row.push_back(found == by_year.end()
                        ? ""
                        : fmt::format("{}<br><small>{}–{}</small>",
                                      report::format_megawatts(found->second->p50, page.language),
                                      report::format_megawatts(found->second->p10, page.language),
                                      report::format_megawatts(found->second->p90, page.language)));
    }
    rows.push_back(std::move(row));
  }
  std::vector<bool> numeric(headers.size(), true);
  numeric[0] = false;
  return fmt::format("<section class=\"panel\"><h2>{}</h2><p class=\"muted\">{}</p>{}</section>\n",
                     page.text("MW online by the end of the year, by group"),
                     page.text("P50, with the P10–P90 range below it."),
                     html_table_raw(headers, rows, numeric, "forecast-groups"));
}

// The projects, the largest first: their COD percentiles and the chance of their own target.
std::string projects_section(const PageContext& page, const Portfolio& portfolio,
                             const analysis::ForecastResult& result,
                             const std::function<std::optional<std::int32_t>(std::size_t)>& project_at,
                             std::size_t offset, std::size_t limit, const std::string& pager_base,
                             const std::optional<Date>& target) {
  std::vector<std::pair<std::size_t, std::int32_t>> order;  // Entry, project in `portfolio`.
  for (std::size_t i = 0; i < result.projects.size(); ++i)
    if (auto project = project_at(i))
      order.emplace_back(i, *project);
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return portfolio.projects[static_cast<std::size_t>(a.second)].capacity.value_or(Capacity{}) >
           portfolio.projects[static_cast<std::size_t>(b.second)].capacity.value_or(Capacity{});
  });
  std::vector<std::string> headers{
      std::string(page.text("Project")), std::string(page.text("Province")),
      "MW", std::string(page.text("Target COD")), "COD P10", "COD P50",
      "COD P90", std::string(page.text("Chance of the target COD"))};
  if (target)
    headers.push_back(fmt::format(fmt::runtime(page.text("Chance of COD by {}")),
                                  report::format_date(*target, page.language)));
  std::vector<std::vector<std::string>> rows;
  std::size_t first = std::min(offset, order.size());
  std::size_t last = std::min(order.size(), first + limit);
  for (std::size_t i = first; i < last; ++i) {
    const auto& entry = result.projects[order[i].first];
    const Project& project = portfolio.projects[static_cast<std::size_t>(order[i].second)];
    std::vector<std::string> row{
        project_link(page, project.code) + "<br><small>" + report::html_escape(project.name) +
            "</small>",
        report::html_escape(project.province),
        project.capacity ? report::format_megawatts(*project.capacity, page.language) : "",
        project.target_cod ? report::html_escape(report::format_date(*project.target_cod, page.language)) : "",
        day_text(entry.p10, page.language), day_text(entry.p50, page.language),
        day_text(entry.p90, page.language),
        entry.p_by_target_cod ? percent_text(*entry.p_by_target_cod, page.language) : ""};
    if (target)
      row.push_back(entry.p_by_target ? percent_text(*entry.p_by_target, page.language) : "");
    rows.push_back(std::move(row));
  }
  std::vector<bool> numeric(headers.size(), false);
  numeric[2] = true;
  for (std::size_t i = 7; i < headers.size(); ++i)
    numeric[i] = true;
  std::string html = html_table_raw(headers, rows, numeric, "forecast-projects");
  if (!pager_base.empty())
    html += pager_html(page, pager_base, first, limit, order.size());
  else if (order.size() > limit)
    html += fmt::format(
        "<p class=\"note\">{}</p>\n",
        report::html_escape(fmt::format(
            fmt::runtime(page.text("The {} largest of {} projects; GET /api/v1/forecast gives them all.")),
            report::format_integer(static_cast<long long>(limit), page.language),
            report::format_integer(static_cast<long long>(order.size()), page.language))));
  return fmt::format("<section class=\"panel\"><h2>{}</h2>{}</section>\n",
                     page.text("Projects, the largest first"), html);
}

void show_forecast(PageContext& page) {
  const auto& request = page.request;
  std::string target_text = parameter_or(request, "target", "");
  std::string by_text = parameter_or(request, "by", "");
  std::string as_of_text = parameter_or(request, "as_of", "");
  std::string message;
  std::string results;
  int status = 200;
  try {
    Date as_of = as_of_parameter(request);
    auto offset = static_cast<std::size_t>(count_parameter(request, "offset", 0, 0, 100'000'000));
    auto snapshot = page.workspace.snapshot();
    const Portfolio& portfolio = snapshot->portfolio();
    operations::ForecastRequest asked;
    asked.option_prefix = "";
    asked.target = target_text;
    asked.by = by_text;
    auto query = operations::forecast_query(portfolio, asked);
    bool defaults = target_text.empty() && by_text.empty() && as_of == Date::today_in_vietnam();
    results += backtest_words(page);
    if (defaults) {
      // Drawn off the request threads; until the newest is ready, the last one drawn.
      auto kept = page.workspace.forecasts().latest(snapshot, as_of);
      if (!kept.forecast) {
        results += fmt::format(
            "<p class=\"notice\" role=\"status\">{}</p>\n",
            page.text("The forecast is being drawn (1,000 draws); this page shows it when it is "
                      "ready: reload it in a few seconds."));
      } else {
        const KeptForecast& forecast = *kept.forecast;
        results += fmt::format(
            "<p class=\"muted\">{}</p>\n",
            report::html_escape(fmt::format(
                fmt::runtime(kept.current
                                 ? page.text("Drawn at {}, from the data as they are now.")
                                 : page.text("Drawn at {}, before the latest changes; the new "
                                             "forecast is being drawn.")),
                report::format_moment(forecast.drawn_at, page.language))));
        results += fan_section(page, forecast.result);
        std::string base = "/forecast?";
        if (!page.vietnamese())
          base += "lang=en&";
        results += projects_section(
            page, portfolio, forecast.result,
            [&](std::size_t i) { return portfolio.find_project(forecast.codes[i]); }, offset,
            forecast_projects_per_page, base, std::nullopt);
      }
    } else {
      std::string key = fmt::format("forecast-page|{}|{}|{}|{}",
                                    query.target ? query.target->iso_day() : "", by_text,
                                    as_of.iso_day(), page.vietnamese() ? "vi" : "en");
      auto answer = heavy_answer(page.workspace.heavy_work(), *snapshot,
                                 page.caller.account.name, key, [&] {
                                   auto result = operations::forecast_on(
                                       portfolio, *snapshot->scheduled().network, as_of, query);
                                   return fan_section(page, result) +
                                          groups_section(page, result, query.group_by) +
                                          projects_section(
                                              page, portfolio, result,
                                              [&](std::size_t i) -> std::optional<std::int32_t> {
                                                return result.projects[i].project;
                                              },
                                              0, forecast_projects_drawn_for_request, "",
                                              query.target);
                                 });
      results += *answer.text;
      mark_cache(page.response, answer.from_cache);
    }
  } catch (const InvalidInput& error) {
    message = report::error_text(page.language, error);
    status = 400;
  }
  std::vector<Choice> groupings = {
      {"province", std::string(page.text("province"))},
      {"technology", std::string(page.text("technology"))},
      {"technology_group", std::string(page.text("technology group"))},
      {"province,technology_group",
       std::string(page.text("province and technology group"))}};
  std::string form = fmt::format(
      R"(<p class="lead">{intro}</p>
<form class="filters" method="get" action="/forecast">{lang}
<label>{target_label} <input name="target" value="{target}" placeholder="{target_hint}" size="11"></label>
{by}
<label>{as_of_label} <input name="as_of" value="{as_of}" placeholder="{as_of_hint}" size="11"></label>
<button type="submit">{show}</button>
</form>
)",
      fmt::arg("intro", page.text("How likely each project is to reach commercial operation by a "
                                  "date, and the MW online by the end of each year, learned from "
                                  "the history this database holds.")),
      fmt::arg("lang", page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)"),
      fmt::arg("target_label", page.text("Chance of COD by")),
      fmt::arg("target", report::html_escape(target_text)),
      fmt::arg("target_hint", page.text("e.g. 31/12/2027")),
      fmt::arg("by", select_html("by", page.text("MW online by"), groupings,
                                 by_text, page.text("whole portfolio"))),
      fmt::arg("as_of_label", page.text("As of")),
      fmt::arg("as_of", report::html_escape(as_of_text)),
      fmt::arg("as_of_hint", page.text("today")),
      fmt::arg("show", page.text("Show")));
  std::string content =
      form + (message.empty() ? results
                              : fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n",
                                            report::html_escape(message)));
  send_html(page.response, status,
            page_frame(page, page.text_in("page_planner", "COD forecast"), "forecast", content));
}

}  // namespace

void register_planner_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/impact", page_route(workspace, options, show_impact));
  server.Get("/forecast", page_route(workspace, options, busy_answered(show_forecast)));
}

}  // namespace tiendo::web
