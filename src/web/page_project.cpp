// /projects (the list, filtered and paged), /projects/CODE (one project: its details, milestones,
// a Gantt strip of baseline, plan and forecast, the COD's driver chain, its links and history)
// and /projects/CODE/milestones/KEY (the milestone form). Reads come from the snapshot the
// workspace holds; the one write goes through operations::edit_milestone with the account and
// the version the user saw, so scope (403) and stale forms (409) are decided there.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/schedule.h"
#include "domain/command_line.h"
#include "domain/edit.h"
#include "domain/text.h"
#include "operations/accounts.h"
#include "operations/edits.h"
#include "operations/listings.h"
#include "operations/project_pages.h"
#include "operations/projects.h"
#include "report/labels.h"
#include "report/periodic_report.h"
#include "report/time_axis.h"
#include "report/wording.h"
#include "web/history_words.h"
#include "web/page_lists.h"
#include "web/page_project_forms.h"
#include "web/page_activities.h"
#include "web/page_links.h"
#include "web/page_labels.h"
#include "web/page_widgets.h"
#include "web/pages.h"

namespace tiendo::web {
namespace {

using report::html_escape;

// ---- /projects/CODE ----

struct Located {
  std::shared_ptr<const Snapshot> snapshot;
  std::int32_t project = 0;
};

Located locate_project(PageContext& page, const std::string& code) {
  Located located{page.workspace.snapshot(), 0};
  auto index = located.snapshot->portfolio().find_project(code);
  if (!index)
    throw NotFound(page.vietnamese() ? fmt::format("Không có dự án '{}'.", shown_safely(code))
                                     : fmt::format("project '{}' not found", shown_safely(code)));
  located.project = *index;
  return located;
}

std::string details(const PageContext& page, const Portfolio& portfolio, const Project& project,
                    const std::string& stage_now) {
  auto language = page.language;
  std::vector<std::pair<std::string_view, std::string>> items;
  items.emplace_back(page.text_in("page_project", "Code"), html_escape(project.code));
  items.emplace_back(page.text_in("page_lists", "Name"), html_escape(project.name));
  items.emplace_back(page.text("Technology"),
                     html_escape(technology_text(project.technology, language)));
  std::string province = html_escape(project.province);
  auto current = ProvinceRegistry::builtin().current_of(project.province);
  if (!current.empty() && current != project.province && project.province != unknown_province)
    province += fmt::format(R"( <span class="muted">({} {})</span>)",
                            page.text("now part of"), html_escape(current));
  items.emplace_back(page.text("Province"), province);
  items.emplace_back(page.text("Capacity (MW)"),
                     project.capacity ? report::format_megawatts(*project.capacity, language) : "");
  if (project.capacity_peak)
    items.emplace_back(page.text("Capacity (MWp)"),
                       report::format_megawatts(*project.capacity_peak, language));
  items.emplace_back(page.text("Investor"), html_escape(project.investor));
  if (!project.parent.empty())
    items.emplace_back(page.text("Part of"), portfolio.find_project(project.parent)
                                                                ? project_link(page, project.parent)
                                                                : html_escape(project.parent));
  items.emplace_back(page.text("Stage now"),
                     stage_badge(stage_now, language));
  items.emplace_back(page.text("Stage recorded"),
                     html_escape(stage_text(stage_key(project.stage), language)));
  items.emplace_back(page.text("Target COD"),
                     html_escape(date_text(project.target_cod, language)));
  if (project.latitude && project.longitude)
    items.emplace_back(page.text("Coordinates"),
                       fmt::format("{:.5f}, {:.5f}", *project.latitude, *project.longitude));
  items.emplace_back(page.text("Site"), html_escape(project.site));
  items.emplace_back(page.text("Source"), html_escape(source_text(project.source, language)));
  std::string html = R"(<dl class="details">)";
  for (const auto& [label, value] : items)
    html += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", label,
                        value.empty() ? R"(<span class="muted">—</span>)" : value);
  return html + "</dl>";
}

// The byte length of the first `characters` characters of a UTF-8 text (all of it when shorter).
std::size_t utf8_prefix(const std::string& text, std::size_t characters) {
  std::size_t counted = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && counted++ == characters)
      return i;
  return text.size();
}

// A strip per milestone on one time axis: the latest saved baseline's date (grey diamond), the
// plan (hollow mark), the forecast — early start to early finish — as a bar (red on the critical
// path, green when done), and the as-of date as a dashed line.
std::string gantt(const PageContext& page, const Portfolio& portfolio,
                  const analysis::Schedule& schedule, const std::vector<std::int32_t>& milestones,
                  const store::BaselineDates* baseline, const std::string& baseline_name) {
  struct Row {
    std::string key, name;
    std::optional<std::int32_t> baseline, planned, actual;
    std::int32_t start = 0, finish = 0;
    bool critical = false;
  };
  std::vector<Row> rows;
  std::int32_t earliest = schedule.as_of.days(), latest = schedule.as_of.days();
  auto widen = [&](std::optional<std::int32_t> day) {
    if (day) {
      earliest = std::min(earliest, *day);
      latest = std::max(latest, *day);
    }
  };
  for (auto m : milestones) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
    const auto& entry = schedule.milestones[static_cast<std::size_t>(m)];
    Row row{milestone.key,      report::milestone_label(milestone, page.language),
            std::nullopt,       std::nullopt,
            std::nullopt,       entry.early_start,
            entry.early_finish, entry.critical};
    if (baseline) {
      auto found = baseline->find(portfolio.reference(m));
      if (found != baseline->end() && found->second)
        row.baseline = found->second->days();
    }
    if (milestone.planned)
      row.planned = milestone.planned->days();
    if (milestone.actual)
      row.actual = milestone.actual->days();
    widen(row.baseline);
    widen(row.planned);
    widen(row.start);
    widen(row.finish);
    rows.push_back(std::move(row));
  }
  const int width = 900, left = 190, right = 20, top = 30, row_height = 22;
  int height = top + static_cast<int>(rows.size()) * row_height + 28;
  // The legend stands above the chart as text, readable on a phone and without hovering.
  std::string baseline_label =
      baseline ? fmt::format("{} {}", page.text("Baseline"), baseline_name)
               : std::string(page.text("No baseline saved"));
  auto swatch = [](std::string_view shape, std::string_view label) {
    return fmt::format(R"(<li><svg viewBox="0 0 24 14" aria-hidden="true">{}</svg>{}</li>)", shape,
                       label);
  };
  std::string legend =
      R"(<ul class="gantt-legend">)" +
      swatch(R"(<path d="M7 7 l5 -5 l5 5 l-5 5 z" class="baseline"/>)",
             // Without a baseline the line leads to where one is saved.
             baseline ? html_escape(baseline_label)
                      : fmt::format(R"(<a href="{}" class="baseline-link">{}</a>)",
                                    html_escape(page.link("/baselines")),
                                    html_escape(baseline_label))) +
      swatch(R"(<rect x="9" y="0" width="5" height="14" class="planned"/>)",
             page.text("Plan")) +
      swatch(R"(<rect x="1" y="3" width="22" height="9" rx="2" class="bar"/>)",
             page.text("Forecast")) +
      swatch(R"(<rect x="1" y="3" width="22" height="9" rx="2" class="bar critical"/>)",
             page.text("Critical")) +
      swatch(R"(<rect x="1" y="3" width="22" height="9" rx="2" class="bar done"/>)",
             page.text("Done")) +
      swatch(R"(<path d="M1 7 h16" class="link"/><path d="M16 3 l6 4 l-6 4 z" class="link-head"/>)",
             page.text("Dependency")) +
      swatch(R"(<line x1="12" x2="12" y1="0" y2="14" class="today"/>)",
             page.text_in("page_project", "As of")) +
      "</ul>";
  std::string svg = fmt::format(
      R"(<svg class="gantt" data-chart="gantt" viewBox="0 0 {} {}" role="img" aria-label="{}" )"
      R"(xmlns="http://www.w3.org/2000/svg"><title>{}</title>)",
      width, height, page.text("Gantt of the milestones"),
      page.text("Gantt of the milestones"));
  if (rows.empty())
    return legend + svg + "</svg>";
  std::int32_t span = std::max(30, latest - earliest);
  earliest -= span / 40 + 10;
  latest += span / 40 + 10;
  double scale = (width - left - right) / static_cast<double>(latest - earliest);
  auto x_of = [&](std::int32_t day) { return left + (day - earliest) * scale; };
  // Year ticks at a step that keeps their labels apart over any span (quarters when a year is
  // wide enough to name them).
  for (const auto& tick : report::time_axis_ticks(earliest, latest, width - left - right)) {
    double x = x_of(tick.day);
    svg += fmt::format(
        R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" class="{3}"/>)"
        R"(<text x="{0:.1f}" y="{4}" text-anchor="middle" class="axis-label">{5}</text>)",
        x, top - 14, height - 22, tick.year ? "tick year" : "tick",
        tick.year ? height - 8 : top - 8, tick.label);
  }
  // Where each milestone's bar starts and ends, for the dependency arrows.
  std::map<std::int32_t, std::pair<double, double>> bar_of;
  std::map<std::int32_t, int> row_of;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    double start = x_of(row.actual ? *row.actual - std::max(0, row.finish - row.start) : row.start);
    double finish = x_of(row.actual ? *row.actual : row.finish);
    bar_of[milestones[r]] = {start, std::max(start + 3.0, finish)};
    row_of[milestones[r]] = top + static_cast<int>(r) * row_height + 11;
  }
  std::string arrows;
  int arrow_count = 0;
  for (const auto& dependency : portfolio.dependencies) {
    auto from = bar_of.find(dependency.from), to = bar_of.find(dependency.to);
    if (from == bar_of.end() || to == bar_of.end())
      continue;
    // From the end of the predecessor's bar (its start, for a start-to-start link) to the start
    // of the successor's, down (or up) between them.
    bool from_start =
        dependency.type == LinkType::StartToStart || dependency.type == LinkType::StartToFinish;
    bool to_finish =
        dependency.type == LinkType::FinishToFinish || dependency.type == LinkType::StartToFinish;
    double x1 = from_start ? from->second.first : from->second.second;
    double x2 = to_finish ? to->second.second : to->second.first;
    int y1 = row_of[dependency.from], y2 = row_of[dependency.to];
    double bend = std::max(x1 + 6, std::min(x2 - 6, x1 + 12));
    // The head's tip touches the successor's bar; its back points to where the line comes from.
    int back = x2 >= bend ? -7 : 7;
    arrows += fmt::format(R"(<path d="M{:.1f} {} H{:.1f} V{} H{:.1f}" class="link"/>)"
                          R"(<path d="M{:.1f} {} l{} -4 v8 z" class="link-head"/>)",
                          x1, y1, bend, y2, x2 + back, x2, y2, back);
    ++arrow_count;
  }
  int y = top;
  bool shade = false;
  for (const auto& row : rows) {
    if (shade)
      svg += fmt::format(R"(<rect x="0" y="{}" width="{}" height="{}" class="stripe"/>)", y, width,
                         row_height);
    shade = !shade;
    // The label as people say it, cut to what the strip's margin holds; the whole label and the
    // key in the title.
    std::string shown = row.name;
    if (std::size_t cut = utf8_prefix(shown, 30); cut < shown.size())
      shown = shown.substr(0, cut) + "…";
    svg += fmt::format(R"(<text x="6" y="{}" class="label">{}<title>{} ({})</title></text>)",
                       y + 15, html_escape(shown), html_escape(row.name), html_escape(row.key));
    double start = x_of(row.actual ? *row.actual - std::max(0, row.finish - row.start) : row.start);
    double finish = x_of(row.actual ? *row.actual : row.finish);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="10" rx="2" class="bar{}"><title>{}: )"
        R"({} – {}</title></rect>)",
        start, y + 6, std::max(3.0, finish - start),
        row.actual ? " done" : (row.critical ? " critical" : ""), html_escape(row.name),
        html_escape(report::format_date(
            Date::from_days(row.actual ? *row.actual - std::max(0, row.finish - row.start)
                                       : row.start),
            page.language)),
        html_escape(report::format_date(Date::from_days(row.actual ? *row.actual : row.finish),
                                        page.language)));
    if (row.planned)
      svg += fmt::format(
          R"(<rect x="{:.1f}" y="{}" width="5" height="14" class="planned"><title>{}: {}</title></rect>)",
          x_of(*row.planned) - 2.5, y + 4, page.text("Plan"),
          html_escape(report::format_date(Date::from_days(*row.planned), page.language)));
    if (row.baseline)
      svg += fmt::format(
          R"(<path d="M{:.1f} {} l5 -5 l5 5 l-5 5 z" class="baseline"><title>{}: {}</title></path>)",
          x_of(*row.baseline) - 5, y + 11, page.text("Baseline"),
          html_escape(report::format_date(Date::from_days(*row.baseline), page.language)));
    y += row_height;
  }
  double today = x_of(schedule.as_of.days());
  svg += fmt::format(R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" class="today"/>)", today,
                     top - 6, height - 22);
  svg += fmt::format(R"(<g class="links" data-links="{}">{}</g>)", arrow_count, arrows);
  return legend + svg + "</svg>";
}

// The project's probabilistic COD: P10 / P50 / P90 and the chance of its own target COD, from the
// API's default forecast drawn off the request threads (web/forecast_keeper.h); as of another
// date than today, or before the first forecast is drawn, the panel says so instead of waiting.
std::string forecast_panel(const PageContext& page, const std::shared_ptr<const Snapshot>& snapshot,
                           const Project& project, Date as_of) {
  std::string body;
  if (as_of != Date::today_in_vietnam()) {
    body = fmt::format(R"(<p class="muted">{}</p>)",
                       page.text("The forecast is drawn as of today only."));
  } else {
    auto kept = page.workspace.forecasts().latest(snapshot, as_of);
    const analysis::ProjectForecast* entry =
        kept.forecast ? kept.forecast->project(project.code) : nullptr;
    if (!kept.forecast) {
      body = fmt::format(R"(<p class="notice" role="status">{}</p>)",
                         page.text("The forecast is being drawn; reload in a few seconds."));
    } else if (!entry) {
      body = fmt::format(R"(<p class="muted">{}</p>)",
                         page.text("No COD step to forecast for this project."));
    } else {
      auto day = [&](std::int32_t days) {
        return html_escape(report::format_date(Date::from_days(days), page.language));
      };
      std::string chance;
      if (entry->p_by_target_cod && project.target_cod)
        chance = fmt::format(
            R"(<p>{} <strong>{}%</strong></p>)",
            html_escape(fmt::format(
                fmt::runtime(page.text("Chance of COD by its target COD ({}):")),
                report::format_date(*project.target_cod, page.language))),
            report::format_one_decimal(*entry->p_by_target_cod * 100.0, page.language));
      body = fmt::format(
          R"(<p class="forecast-cod">COD P10 <strong>{}</strong> · P50 <strong>{}</strong> · P90 <strong>{}</strong></p>{}<p class="muted">{} <a href="{}">{}</a></p>)",
          day(entry->p10), day(entry->p50), day(entry->p90), chance,
          html_escape(fmt::format(
              fmt::runtime(kept.current ? page.text("Drawn at {} (1,000 draws).")
                                        : page.text("Drawn at {}, before the latest changes; the "
                                                    "new forecast is being drawn.")),
              report::format_moment(kept.forecast->drawn_at, page.language))),
          page.link("/forecast"), page.text("All forecasts"));
    }
  }
  return fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                     page.text_in("page_planner", "COD forecast"), body);
}

// "What if it is 60 days late?": the planner's question about a milestone not yet done, asked on
// /impact.
std::string impact_link(const PageContext& page, const std::string& code,
                        const Milestone& milestone) {
  if (milestone.actual)
    return "";
  return fmt::format(
      R"( <a class="what-if" href="{}">{}</a>)",
      page.link(fmt::format("/impact?ref={}&slip=60",
                            report::url_component(code + ":" + milestone.key))),
      page.text("what if 60 days late?"));
}

std::string milestone_table(const PageContext& page, const Portfolio& portfolio,
                            const analysis::Schedule& schedule,
                            const std::vector<std::int32_t>& milestones,
                            const Project& project) {
  const std::string& code = project.code;
  auto language = page.language;
  std::vector<std::vector<std::string>> rows;
  for (auto m : milestones) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
    const auto& entry = schedule.milestones[static_cast<std::size_t>(m)];
    auto slip = analysis::slip_days(milestone, entry);
    std::string slip_text;
    if (slip)
      slip_text = fmt::format(R"(<span class="{}">{}{}</span>)",
                              *slip > 0 ? "late" : (*slip < 0 ? "early" : ""), *slip > 0 ? "+" : "",
                              report::format_integer(*slip, language));
    rows.push_back(
        {fmt::format(R"(<strong>{}</strong>)", report::milestone_label_html(milestone, language)),
         html_escape(date_text(milestone.planned, language)),
         html_escape(date_text(milestone.forecast, language)),
         html_escape(date_text(milestone.actual, language)),
         fmt::format(
             "{}{}",
             html_escape(report::format_date(Date::from_days(entry.early_finish), language)),
             entry.critical && !milestone.actual
                 ? fmt::format(R"( <span class="badge critical" title="{}">!</span>)",
                               page.text("critical"))
                 : ""),
         slip_text, html_escape(report::reason_text(milestone.reason, language)),
         html_escape(milestone.source),
         fmt::format(R"(<a class="button small" href="{}">{}</a>{}{})",
                     page.link(milestone_path(code, milestone.key)), page.text("Edit"),
                     remove_milestone_link(page, project, milestone.key),
                     impact_link(page, code, milestone))});
  }
  // The version each milestone is at stays in the form (a hidden field), not in this table.
  return html_table_raw(
      {std::string(page.text("Milestone")), std::string(page.text("Planned")),
       std::string(page.text("Forecast")), std::string(page.text("Actual")),
       std::string(page.text("Earliest expected")),
       std::string(page.text("Slip (days)")),
       std::string(page.text("Reason of delay")),
       std::string(page.text("Source")), ""},
      rows, {false, false, false, false, false, true, false, false, false}, "milestones");
}

void project_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  Date as_of = as_of_parameter(page.request);
  auto located = locate_project(page, code);
  const auto& snapshot = located.snapshot;
  const Portfolio& portfolio = snapshot->portfolio();
  const Project& project = portfolio.projects[static_cast<std::size_t>(located.project)];
  auto schedule = snapshot->schedule(as_of);
  const auto& milestones =
      snapshot->project_index().milestones_by_project()[static_cast<std::size_t>(located.project)];
  struct Stored {
    std::vector<store::ChangeRecord> history;
    std::string baseline_name;
  };
  auto stored = page.workspace.with_reading([&](store::Database& database) {
    Stored result;
    result.history = operations::project_history(database, project.code, 50);
    // The snapshot holds the latest baseline's dates (the alerts compare against it); only its
    // name is read here.
    auto baselines = operations::list_baselines(database);
    if (!baselines.empty())
      result.baseline_name = baselines.back().name;
    return result;
  });
  const auto& baseline = snapshot->alert_settings().baseline;
  std::string stage_now =
      operations::project_stage(portfolio, snapshot->project_index(), located.project, as_of);

  std::string html = fmt::format(R"(<p class="subtitle">{} · {} {}</p>)", back_to_list_link(page),
                                 page.text_in("page_project", "Schedule as of"),
                                 html_escape(report::format_date(as_of, page.language)));
  // A milestone form's save names the milestone ("Đã lưu: Khởi công."); other writes say "Đã lưu.".
  std::string milestone_saved = saved_notice(page, portfolio, project);
  html += (milestone_saved.empty() ? saved_notice_html(page) : milestone_saved) +
          project_actions_html(page, project);
  html += fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                      page.text("Details"),
                      details(page, portfolio, project, stage_now));
  html += forecast_panel(page, snapshot, project, as_of);
  // The first rows_listed_on_a_page milestones in the lists below (a contractor's schedule can
  // hold tens of thousands); the activities section groups them all.
  std::vector<std::int32_t> listed(
      milestones.begin(),
      milestones.begin() + static_cast<std::ptrdiff_t>(
                               std::min(milestones.size(), rows_listed_on_a_page)));
  std::string more_milestones =
      listed.size() < milestones.size()
          ? fmt::format(R"(<p class="muted more-rows">{}</p>)",
                        html_escape(page.say(
                            "The first {} of {} milestones are listed; an export holds them all.",
                            report::format_integer(static_cast<long long>(listed.size()),
                                                   page.language),
                            report::format_integer(static_cast<long long>(milestones.size()),
                                                   page.language))))
          : std::string();
  html += fmt::format(
      R"(<section class="panel"><h2>{}{}</h2>{}{}</section>)",
      page.text_in("page_project", "Milestones"), add_milestone_link(page, project),
      milestones.empty()
          ? fmt::format(R"(<p class="muted">{}</p>)",
                        page.text("No milestones."))
          : milestone_table(page, portfolio, *schedule, listed, project),
      more_milestones);
  html += activities_section(page, portfolio, *schedule, project, milestones);
  if (!milestones.empty())
    html += fmt::format(
        R"(<section class="panel"><h2>{}</h2><div class="chart-wrap">{}</div>{}</section>)",
        page.text("Gantt: baseline, plan and forecast"),
        gantt(page, portfolio, *schedule, listed, baseline ? &*baseline : nullptr,
              stored.baseline_name),
        more_milestones);
  // Why each late milestone is late, as sentences along its driver chain with each step's reason.
  std::string chain_html =
      driver_sentences(page, portfolio, *schedule, listed, located.project);
  if (chain_html.empty())
    chain_html = fmt::format(R"(<p class="muted">{}</p>)",
                             page.text("No milestone is late."));
  html += fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                      page.text("Why it is late"), chain_html);
  html += dependencies_section(page, *snapshot, located.project);
  html += fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                      page.text("History (latest 50 changes)"),
                      stored.history.empty()
                          ? fmt::format(R"(<p class="muted">{}</p>)",
                                        page.text("No changes yet."))
                          : changes_table(page, stored.history, false));
  send_html(page.response, 200,
            page_frame(page, fmt::format("{} — {}", project.code, project.name), "projects", html));
}

// ---- /projects/CODE/milestones/KEY ----

// The form's fields, in the milestones CSV's names, with their labels.
struct FormField {
  std::string_view name, english, vietnamese, hint_english, hint_vietnamese;
  bool date;
};
constexpr FormField form_fields[] = {
    {"planned", "Planned", "Kế hoạch", "15/08/2019, 08/2019 or 2019-08-15",
     "15/08/2019, 08/2019 hoặc 2019-08-15", true},
    {"actual_start", "Actual start", "Bắt đầu thực tế", "", "", true},
    {"actual", "Actual (done on)", "Hoàn thành thực tế", "", "", true},
    {"forecast", "Forecast", "Dự báo", "", "", true},
    {"source", "Source", "Nguồn", "document, letter or meeting", "văn bản, công văn hoặc cuộc họp",
     false},
};

// The form starts with the stored values, its dates as the page's reader writes them (15/07/2019,
// 07/2019 on a Vietnamese page; 2019-07-15 on an English one); a date sent back unchanged is
// recognised as the same date whichever way it is written.
std::map<std::string, std::string> current_values(const Milestone& milestone,
                                                  report::Language language) {
  auto iso = [language](const std::optional<Date>& date) {
    if (!date)
      return std::string();
    return language == report::Language::Vietnamese ? date->vietnamese() : date->iso();
  };
  return {{"planned", iso(milestone.planned)},
          {"actual_start", iso(milestone.actual_start)},
          {"actual", iso(milestone.actual)},
          {"forecast", iso(milestone.forecast)},
          {"source", milestone.source}};
}

// A problem of the form as the page's reader reads it: "field: 'value': reason", the reason that
// an actual date lies after today in Vietnamese on a Vietnamese page; the others as the command
// line says them.
std::string problem_for_page(const PageContext& page, const std::string& problem) {
  auto quote_end = problem.rfind("': ");
  if (!page.vietnamese() || quote_end == std::string::npos)
    return problem;
  std::string_view reason = std::string_view(problem).substr(quote_end + 3);
  // "after today (2026-12-07); an actual date records what has happened"
  constexpr std::string_view after_today = "after today (";
  auto close = reason.find(')');
  if (!reason.starts_with(after_today) || close == std::string_view::npos)
    return problem;
  auto today = Date::try_parse(reason.substr(after_today.size(), close - after_today.size()));
  return problem.substr(0, quote_end + 3) +
         fmt::format("sau ngày hôm nay ({}); ngày thực tế ghi điều đã xảy ra",
                     today ? today->vietnamese() : std::string(reason));
}

std::string trimmed(const std::string& text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Whether what the user left in a field differs from the stored value: a date typed another
// way ("15/08/2019" for "2019-08-15") at the same precision is the same value, so it is not
// written again.
bool changed(const FormField& field, const std::string& typed, const std::string& stored) {
  if (typed == stored)
    return false;
  if (!field.date || typed.empty() || stored.empty())
    return true;
  auto a = Date::try_parse(typed), b = Date::try_parse(stored);
  return !(a && b && a->identical(*b));
}

struct FormState {
  std::map<std::string, std::string> values;
  std::string reason_category, reason_text;
  std::string version;
  std::vector<std::string> problems;
};

void send_form(PageContext& page, int status, const Project& project, const Milestone& milestone,
               const analysis::MilestoneSchedule& entry, const FormState& state,
               const std::optional<store::ChangeRecord>& last_change) {
  bool can_edit = operations::can_write(page.caller.account, project.province);
  std::string html = fmt::format(R"(<p class="subtitle"><a href="{}">← {} {}</a></p>)",
                                 page.link(project_path(project.code)), html_escape(project.code),
                                 html_escape(project.name));
  html += fmt::format(
      R"(<dl class="details compact"><div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div>)"
      R"(<div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div></dl>)",
      page.text("Milestone"),
      fmt::format("<strong>{}</strong>", report::milestone_label_html(milestone, page.language)),
      page.text("Duration (days)"),
      report::format_integer(milestone.duration_days, page.language),
      page.text("Earliest expected now"),
      html_escape(report::format_date(Date::from_days(entry.early_finish), page.language)),
      page.text("Last changed"),
      last_change
          ? fmt::format("{} · {}", html_escape(last_change->actor),
                        html_escape(report::format_moment(last_change->at_utc, page.language)))
          : std::string(page.text("never")));
  if (!can_edit)
    html += fmt::format(
        R"(<p class="notice">{}</p>)",
        page.text("You can read this milestone but not change it: it lies outside your role or "
                  "provinces."));
  if (!state.problems.empty()) {
    html += R"(<div class="error" role="alert"><p>)" +
            std::string(page.text("Nothing was saved:")) + "</p><ul>";
    for (const auto& problem : state.problems)
      html += "<li>" + html_escape(problem_for_page(page, problem)) + "</li>";
    html += "</ul></div>";
  }
  std::string inputs;
  for (const auto& field : form_fields) {
    auto value = state.values.find(std::string(field.name));
    std::string hint(page.vietnamese() ? field.hint_vietnamese : field.hint_english);
    if (hint.empty() && field.date)
      hint = page.vietnamese() ? "cùng dạng ngày như trên; để trống để xóa"
                               : "any date form as above; empty clears it";
    if (field.name == "source") {
      // The reason's fields come before the source, as a change is explained before it is cited.
      inputs += reason_inputs(page, milestone, state.reason_category, state.reason_text, can_edit);
      hint += page.vietnamese() ? "; để trống thì giữ nguyên" : "; left empty, it stays";
      if (!milestone.source.empty())
        hint += fmt::format(" ({}: {})", page.text("now"), milestone.source);
    }
    inputs += fmt::format(
        R"(<div class="field{wide}"><label for="{name}">{label}</label>)"
        R"(<input id="{name}" name="{name}" type="text" value="{value}"{extra}{readonly})"
        R"( aria-describedby="{name}-hint"><small id="{name}-hint">{hint}</small></div>)",
        fmt::arg("name", field.name), fmt::arg("wide", field.date ? "" : " wide"),
        fmt::arg("label", page.text(field.english, field.vietnamese)),
        fmt::arg("value", html_escape(value == state.values.end() ? "" : value->second)),
        fmt::arg("extra", field.date ? R"( inputmode="numeric" autocomplete="off")" : ""),
        fmt::arg("readonly", can_edit ? "" : " readonly"), fmt::arg("hint", html_escape(hint)));
  }
  html += fmt::format(
      R"(<form class="edit-form" method="post" action="{action}">{csrf})"
      R"(<input type="hidden" name="version" value="{version}">)"
      R"(<div class="form-grid">{inputs}</div><div class="actions">{submit})"
      R"(<a href="{back}">{cancel}</a></div></form>)",
      fmt::arg("action", page.link(milestone_path(project.code, milestone.key))),
      fmt::arg("csrf", page.csrf_field()), fmt::arg("version", html_escape(state.version)),
      fmt::arg("inputs", inputs),
      fmt::arg("submit", can_edit
                             ? fmt::format(R"(<button type="submit" class="primary">{}</button>)",
                                           page.text("Save"))
                             : ""),
      fmt::arg("back", page.link(project_path(project.code))),
      fmt::arg("cancel", can_edit ? page.text_in("page_import", "Cancel") : page.text("Back")));
  send_html(page.response, status,
            page_frame(page,
                       fmt::format("{} — {} — {}", project.code,
                                   report::milestone_label(milestone, page.language),
                                   page.text("edit milestone")),
                       "projects", html));
}

void milestone_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  std::string key = page.request.matches[2].str();
  auto located = locate_project(page, code);
  const auto& snapshot = located.snapshot;
  const Portfolio& portfolio = snapshot->portfolio();
  auto index = portfolio.find_milestone(code, key);
  if (!index)
    throw NotFound(
        page.vietnamese()
            ? fmt::format("Không có mốc '{}:{}'.", shown_safely(code), shown_safely(key))
            : fmt::format("milestone '{}:{}' not found", shown_safely(code), shown_safely(key)));
  const Project& project = portfolio.projects[static_cast<std::size_t>(located.project)];
  const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(*index)];
  Date today = Date::today_in_vietnam();
  auto schedule = snapshot->schedule(today);
  const auto& entry = schedule->milestones[static_cast<std::size_t>(*index)];
  auto changes = page.workspace.with_reading([&](store::Database& database) {
    return operations::milestone_changes(database, project.code);
  });
  std::optional<store::ChangeRecord> last_change;
  if (auto found = changes.find(milestone.key); found != changes.end())
    last_change = found->second;

  FormState state;
  auto stored = current_values(milestone, page.language);
  // The reason and the source describe the change being made, so they start empty (the stored
  // ones are shown beside them); the dates start as stored.
  state.values = stored;
  state.values["source"].clear();
  if (page.request.method != "POST") {
    state.version = std::to_string(last_change ? last_change->id : 0);
    send_form(page, 200, project, milestone, entry, state, last_change);
    return;
  }

  // POST: only the fields the form sent and the user changed are written, so a value another
  // writer changed in a field this user did not touch is never put back, and a field the form
  // did not send is left as it is; the version catches the rest. A date sent empty clears it (as
  // the API's null); a reason or a source left empty keeps the stored one (DESIGN.md, "Writing
  // in the browser").
  Fields fields;
  std::string source;
  auto reason_given = read_form_reason(page);
  std::string reason = reason_given.reason;
  state.reason_category = reason_given.category;
  state.reason_text = reason_given.text;
  if (!reason.empty())
    fields.push_back(Field{"reason", reason});
  for (const auto& field : form_fields) {
    std::string name(field.name);
    auto sent = sent_form_field(page.request, name);
    if (!sent)
      continue;
    std::string typed = field.date ? trimmed(*sent) : *sent;
    state.values[name] = typed;
    if (field.name == "source") {
      source = typed;
      if (typed.empty())
        continue;
    }
    if (changed(field, typed, stored[name]))
      fields.push_back(Field{name, typed});
  }
  state.version = form_field(page.request, "version");
  std::string back = project_path(project.code) + (page.vietnamese() ? "" : "?lang=en");
  std::string saved =
      back + (page.vietnamese() ? "?saved=" : "&saved=") + report::url_component(milestone.key);
  auto version = parse_count(
      state.version,
      CountRange{0, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())});
  if (!version) {
    state.problems.push_back(
        fmt::format("version: '{}': not a version (a whole number)", shown_safely(state.version)));
    send_form(page, 400, project, milestone, entry, state, last_change);
    return;
  }
  // The form asks why when a date moves later: the reason must come with this change (the stored
  // one explained an earlier move). The API and the command line take it; alerts then note it.
  // A form made against another version, or by someone who may not write here, is refused for
  // that (409, 403) by the edit itself.
  bool current = static_cast<std::int64_t>(*version) == (last_change ? last_change->id : 0);
  auto later = operations::dates_moved_later(milestone, fields);
  if (!later.empty() && reason.empty() && current &&
      operations::can_write(page.caller.account, project.province))
    reason_given.problems.push_back(later_without_reason_problem(page, later));
  if (!reason_given.problems.empty()) {
    state.problems = reason_given.problems;
    send_form(page, 400, project, milestone, entry, state, last_change);
    return;
  }
  if (fields.empty()) {
    // Nothing to write; a reader who may not write is still told so.
    if (!operations::can_write(page.caller.account, project.province))
      throw Forbidden(fmt::format("{} may not change milestone '{}:{}'", page.caller.account.name,
                                  project.code, milestone.key));
    page.response.status = 303;
    page.response.set_header("Location", back);
    add_security_headers(page.response);
    return;
  }
  try {
    store::ChangeContext context{page.caller.account.name, reason, source};
    // Made in memory with the edits other requests are making at the same time, so the next
    // page is answered from the edited portfolio rather than after reading it all again.
    page.workspace.edit_milestone(operations::MilestoneEdit{
        context, project.code + ":" + milestone.key, fields,
        operations::Guard{&page.caller.account, static_cast<std::int64_t>(*version)}});
  } catch (const VersionConflict& conflict) {
    send_conflict_page(page, conflict, milestone_path(project.code, milestone.key),
                       project_path(project.code));
    return;
  } catch (const Forbidden&) {
    throw;
  } catch (const InvalidInput& error) {
    state.problems = report::error_lines(page.language, error);
    send_form(page, 400, project, milestone, entry, state, last_change);
    return;
  }
  page.response.status = 303;
  page.response.set_header("Location", saved);
  add_security_headers(page.response);
}

}  // namespace

void register_project_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get(R"(/projects/([^/]+))", page_route(workspace, options, project_page));
  server.Get(R"(/projects/([^/]+)/milestones/([^/]+))",
             page_route(workspace, options, milestone_page));
  server.Post(R"(/projects/([^/]+)/milestones/([^/]+))",
              page_route(workspace, options, milestone_page));
}

}  // namespace tiendo::web
