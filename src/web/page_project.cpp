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
#include "report/periodic_report.h"
#include "report/wording.h"
#include "web/page_widgets.h"
#include "web/pages.h"

namespace tiendo::web {
namespace {

using report::html_escape;

constexpr std::size_t page_size = 50;

// ---- /projects ----

struct ListFilters {
  std::string province, technology, stage, text;
  std::size_t limit = page_size;
  std::size_t offset = 0;
};

// The list's address with its filters and an offset, so that paging keeps what was asked.
std::string list_path(const ListFilters& filters, std::size_t offset) {
  std::string query;
  auto add = [&](std::string_view name, const std::string& value) {
    if (value.empty())
      return;
    query += fmt::format("{}{}={}", query.empty() ? "?" : "&", name, report::url_component(value));
  };
  add("province", filters.province);
  add("technology", filters.technology);
  add("stage", filters.stage);
  add("q", filters.text);
  if (filters.limit != page_size)
    add("limit", std::to_string(filters.limit));
  if (offset > 0)
    add("offset", std::to_string(offset));
  return "/projects" + query;
}

std::string option(std::string_view value, std::string_view label, std::string_view chosen) {
  return fmt::format(R"(<option value="{}"{}>{}</option>)", html_escape(value),
                     value == chosen ? " selected" : "", html_escape(label));
}

std::string filters_form(const PageContext& page, const ListFilters& filters) {
  std::string provinces =
      option("", page.text("All provinces", "Tất cả các tỉnh"), filters.province);
  // Current units (since 1 July 2025) first, each covering its former provinces; then the
  // former provinces by themselves, as projects are recorded under them.
  std::vector<std::string> current, legacy;
  for (const auto& province : ProvinceRegistry::builtin().provinces()) {
    if (std::find(current.begin(), current.end(), province.current_name) == current.end())
      current.push_back(province.current_name);
    legacy.push_back(province.legacy_name);
  }
  std::sort(current.begin(), current.end());
  std::sort(legacy.begin(), legacy.end());
  provinces += fmt::format(R"(<optgroup label="{}">)",
                           page.text("Provinces since 2025", "Tỉnh, thành từ 2025"));
  for (const auto& name : current)
    provinces += option(name, name, filters.province);
  provinces += fmt::format(R"(</optgroup><optgroup label="{}">)",
                           page.text("Former provinces", "Tỉnh cũ (trước 2025)"));
  for (const auto& name : legacy)
    if (std::find(current.begin(), current.end(), name) == current.end())
      provinces += option(name, name, filters.province);
  provinces += "</optgroup>";
  if (!filters.province.empty() &&
      std::find(current.begin(), current.end(), filters.province) == current.end() &&
      std::find(legacy.begin(), legacy.end(), filters.province) == legacy.end())
    provinces += option(filters.province, filters.province, filters.province);

  std::string technologies =
      option("", page.text("All technologies", "Tất cả công nghệ"), filters.technology);
  for (std::string_view group : {"wind", "solar", "thermal", "hydro"})
    technologies +=
        option(group, report::technology_bucket_label(std::string(group), page.language),
               filters.technology);
  technologies += "<option disabled>──────</option>";
  for (Technology technology : all_technologies())
    if (technology != Technology::Grid)
      technologies += option(technology_key(technology), technology_text(technology, page.language),
                             filters.technology);

  std::string stages = option("", page.text("All stages", "Tất cả giai đoạn"), filters.stage);
  for (Stage stage : all_stages())
    stages += option(stage_key(stage), stage_text(stage_key(stage), page.language), filters.stage);
  for (std::string_view status : {"suspended", "cancelled", "retired"})
    stages += option(status, stage_text(status, page.language), filters.stage);

  return fmt::format(
      R"(<form class="filters" method="get" action="/projects" role="search">{lang})"
      R"(<label>{q_label}<input type="search" name="q" value="{q}" placeholder="{q_hint}"></label>)"
      R"(<label>{province_label}<select name="province">{provinces}</select></label>)"
      R"(<label>{technology_label}<select name="technology">{technologies}</select></label>)"
      R"(<label>{stage_label}<select name="stage">{stages}</select></label>)"
      R"(<button type="submit">{filter}</button> <a class="reset" href="{reset}">{clear}</a></form>)",
      fmt::arg("lang", page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)"),
      fmt::arg("q_label", page.text("Search", "Tìm kiếm")),
      fmt::arg("q", html_escape(filters.text)),
      fmt::arg("q_hint", page.text("code, name, investor, site", "mã, tên, chủ đầu tư, địa điểm")),
      fmt::arg("province_label", page.text("Province", "Tỉnh")), fmt::arg("provinces", provinces),
      fmt::arg("technology_label", page.text("Technology", "Công nghệ")),
      fmt::arg("technologies", technologies),
      fmt::arg("stage_label", page.text("Stage", "Giai đoạn")), fmt::arg("stages", stages),
      fmt::arg("filter", page.text("Filter", "Lọc")), fmt::arg("reset", page.link("/projects")),
      fmt::arg("clear", page.text("Clear", "Xóa lọc")));
}

std::string pager(const PageContext& page, const ListFilters& filters, std::size_t total) {
  std::size_t pages = std::max<std::size_t>(1, (total + filters.limit - 1) / filters.limit);
  std::size_t current = std::min(pages, filters.offset / filters.limit + 1);
  std::string previous =
      filters.offset > 0
          ? fmt::format(
                R"(<a rel="prev" href="{}">← {}</a>)",
                page.link(list_path(
                    filters, filters.offset > filters.limit ? filters.offset - filters.limit : 0)),
                page.text("Previous", "Trang trước"))
          : fmt::format(R"(<span class="disabled">← {}</span>)",
                        page.text("Previous", "Trang trước"));
  std::string next =
      filters.offset + filters.limit < total
          ? fmt::format(R"(<a rel="next" href="{}">{} →</a>)",
                        page.link(list_path(filters, filters.offset + filters.limit)),
                        page.text("Next", "Trang sau"))
          : fmt::format(R"(<span class="disabled">{} →</span>)", page.text("Next", "Trang sau"));
  return fmt::format(
      R"(<nav class="pager" aria-label="{}">{}<span class="page-of">{}</span>{}</nav>)",
      page.text("Pages", "Trang"), previous,
      page.vietnamese()
          ? fmt::format("Trang {} / {} · {} dự án",
                        report::format_integer(static_cast<long long>(current), page.language),
                        report::format_integer(static_cast<long long>(pages), page.language),
                        report::format_integer(static_cast<long long>(total), page.language))
          : fmt::format("Page {} of {} · {} projects",
                        report::format_integer(static_cast<long long>(current), page.language),
                        report::format_integer(static_cast<long long>(pages), page.language),
                        report::format_integer(static_cast<long long>(total), page.language)),
      next);
}

void projects_page(PageContext& page) {
  ListFilters filters;
  filters.province = parameter_or(page.request, "province", "");
  filters.technology = parameter_or(page.request, "technology", "");
  filters.stage = parameter_or(page.request, "stage", "");
  filters.text = parameter_or(page.request, "q", "");
  std::string problem;
  operations::ProjectsQuery query;
  operations::ProjectsPage found;
  auto snapshot = page.workspace.snapshot();
  Date as_of = Date::today_in_vietnam();
  try {
    filters.limit = static_cast<std::size_t>(count_parameter(page.request, "limit", 50, 1, 200));
    filters.offset =
        static_cast<std::size_t>(count_parameter(page.request, "offset", 0, 0, 100'000'000));
    as_of = as_of_parameter(page.request);
    if (!filters.province.empty())
      query.province = ProvinceFilter::parse(filters.province, ProvinceRegistry::builtin(), false);
    if (!filters.technology.empty())
      query.technology = TechnologyFilter::parse(filters.technology);
    query.stage = filters.stage;
    query.text = filters.text;
    query.limit = filters.limit;
    query.offset = filters.offset;
    found =
        operations::find_projects(snapshot->portfolio(), snapshot->project_index(), as_of, query);
  } catch (const InvalidInput& error) {
    // A bad filter shows the list's form again with the message, as the command line would
    // print it, rather than a bare error page.
    problem = error.what();
  }
  std::string html = filters_form(page, filters);
  if (!problem.empty()) {
    html += fmt::format(R"(<p class="error" role="alert">{}</p>)", html_escape(problem));
    send_html(page.response, 400,
              page_frame(page, page.text("Projects", "Dự án"), "projects", html));
    return;
  }
  const Portfolio& portfolio = snapshot->portfolio();
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : found.rows) {
    const Project& project = portfolio.projects[static_cast<std::size_t>(row.project)];
    rows.push_back(
        {project_link(page, project.code), html_escape(project.name),
         html_escape(technology_text(project.technology, page.language)),
         html_escape(project.province),
         project.capacity ? report::format_megawatts(*project.capacity, page.language) : "",
         stage_badge(row.stage, page.language)});
  }
  if (rows.empty())
    html += fmt::format(
        R"(<p class="notice">{}</p>)",
        page.text("No project matches these filters.", "Không có dự án nào khớp với bộ lọc."));
  else
    html += html_table_raw(
        {std::string(page.text("Code", "Mã")), std::string(page.text("Name", "Tên dự án")),
         std::string(page.text("Technology", "Công nghệ")),
         std::string(page.text("Province", "Tỉnh")), "MW",
         std::string(page.text("Stage", "Giai đoạn"))},
        rows, {false, false, false, false, true, false}, "projects");
  html += pager(page, filters, found.total);
  send_html(page.response, 200, page_frame(page, page.text("Projects", "Dự án"), "projects", html));
}

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
  items.emplace_back(page.text("Code", "Mã dự án"), html_escape(project.code));
  items.emplace_back(page.text("Name", "Tên dự án"), html_escape(project.name));
  items.emplace_back(page.text("Technology", "Công nghệ"),
                     html_escape(technology_text(project.technology, language)));
  std::string province = html_escape(project.province);
  auto current = ProvinceRegistry::builtin().current_of(project.province);
  if (!current.empty() && current != project.province && project.province != unknown_province)
    province += fmt::format(R"( <span class="muted">({} {})</span>)",
                            page.text("now part of", "nay thuộc"), html_escape(current));
  items.emplace_back(page.text("Province", "Tỉnh"), province);
  items.emplace_back(page.text("Capacity (MW)", "Công suất (MW)"),
                     project.capacity ? report::format_megawatts(*project.capacity, language) : "");
  if (project.capacity_peak)
    items.emplace_back(page.text("Capacity (MWp)", "Công suất (MWp)"),
                       report::format_megawatts(*project.capacity_peak, language));
  items.emplace_back(page.text("Investor", "Chủ đầu tư"), html_escape(project.investor));
  if (!project.parent.empty())
    items.emplace_back(page.text("Part of", "Thuộc dự án"), portfolio.find_project(project.parent)
                                                                ? project_link(page, project.parent)
                                                                : html_escape(project.parent));
  items.emplace_back(page.text("Stage now", "Giai đoạn hiện tại"),
                     stage_badge(stage_now, language));
  items.emplace_back(page.text("Stage recorded", "Giai đoạn đã ghi"),
                     html_escape(stage_text(stage_key(project.stage), language)));
  items.emplace_back(page.text("Target COD", "COD mục tiêu"),
                     html_escape(date_text(project.target_cod, language)));
  if (project.latitude && project.longitude)
    items.emplace_back(page.text("Coordinates", "Tọa độ"),
                       fmt::format("{:.5f}, {:.5f}", *project.latitude, *project.longitude));
  items.emplace_back(page.text("Site", "Địa điểm"), html_escape(project.site));
  items.emplace_back(page.text("Source", "Nguồn"), html_escape(project.source));
  std::string html = R"(<dl class="details">)";
  for (const auto& [label, value] : items)
    html += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", label,
                        value.empty() ? R"(<span class="muted">—</span>)" : value);
  return html + "</dl>";
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
    Row row{milestone.key, milestone.name,    std::nullopt,       std::nullopt,
            std::nullopt,  entry.early_start, entry.early_finish, entry.critical};
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
  const int width = 900, left = 190, right = 20, top = 62, row_height = 22;
  int height = top + static_cast<int>(rows.size()) * row_height + 28;
  std::string svg = fmt::format(
      R"(<svg class="gantt" data-chart="gantt" viewBox="0 0 {} {}" role="img" aria-label="{}" )"
      R"(xmlns="http://www.w3.org/2000/svg"><title>{}</title>)",
      width, height, page.text("Gantt of the milestones", "Biểu đồ Gantt các mốc"),
      page.text("Gantt of the milestones", "Biểu đồ Gantt các mốc"));
  if (rows.empty())
    return svg + "</svg>";
  std::int32_t span = std::max(30, latest - earliest);
  earliest -= span / 40 + 10;
  latest += span / 40 + 10;
  double scale = (width - left - right) / static_cast<double>(latest - earliest);
  auto x_of = [&](std::int32_t day) { return left + (day - earliest) * scale; };
  // Legend.
  std::string baseline_label =
      baseline ? fmt::format("{} {}", page.text("Baseline", "Kế hoạch gốc"), baseline_name)
               : std::string(page.text("No baseline saved", "Chưa lưu kế hoạch gốc"));
  svg += fmt::format(
      R"(<g class="legend"><path d="M6 9 l5 -5 l5 5 l-5 5 z" class="baseline"/>)"
      R"({})"
      R"(<rect x="200" y="4" width="6" height="11" class="planned"/><text x="212" y="13">{}</text>)"
      R"(<rect x="330" y="5" width="22" height="9" class="bar"/><text x="358" y="13">{}</text>)"
      R"(<rect x="470" y="5" width="22" height="9" class="bar critical"/><text x="498" y="13">{}</text>)"
      R"(<rect x="610" y="5" width="22" height="9" class="bar done"/><text x="638" y="13">{}</text>)"
      R"(<line x1="740" x2="740" y1="3" y2="16" class="today"/><text x="746" y="13">{}</text></g>)",
      // Without a baseline the line leads to where one is saved.
      baseline
          ? fmt::format(R"(<text x="22" y="13">{}</text>)", html_escape(baseline_label))
          : fmt::format(R"(<a href="{}" class="baseline-link"><text x="22" y="13">{}</text></a>)",
                        page.link("/baselines"), html_escape(baseline_label)),
      page.text("Plan", "Kế hoạch"), page.text("Forecast", "Dự báo"),
      page.text("Critical", "Tới hạn"), page.text("Done", "Đã xong"),
      page.text("As of", "Ngày xét"));
  // Year ticks (quarters when the strip spans under two years).
  Date first = Date::from_days(earliest), last = Date::from_days(latest);
  bool quarters = latest - earliest < 2 * 365;
  for (int year = first.year(); year <= last.year(); ++year)
    for (int month = 1; month <= 12; month += quarters ? 3 : 12) {
      auto tick = Date::from_ymd(year, month, 1);
      if (!tick || tick->days() <= earliest || tick->days() >= latest)
        continue;
      double x = x_of(tick->days());
      svg += fmt::format(
          R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" class="{3}"/>)"
          R"(<text x="{0:.1f}" y="{4}" text-anchor="middle" class="axis-label">{5}</text>)",
          x, top - 14, height - 22, month == 1 ? "tick year" : "tick",
          month == 1 ? height - 8 : top - 8,
          month == 1 ? std::to_string(year) : fmt::format("Q{}", (month - 1) / 3 + 1));
    }
  int y = top;
  bool shade = false;
  for (const auto& row : rows) {
    if (shade)
      svg += fmt::format(R"(<rect x="0" y="{}" width="{}" height="{}" class="stripe"/>)", y, width,
                         row_height);
    shade = !shade;
    svg += fmt::format(R"(<text x="6" y="{}" class="label">{}<title>{}</title></text>)", y + 15,
                       html_escape(row.key), html_escape(row.name));
    double start = x_of(row.actual ? *row.actual - std::max(0, row.finish - row.start) : row.start);
    double finish = x_of(row.actual ? *row.actual : row.finish);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="10" rx="2" class="bar{}"><title>{}: )"
        R"({} – {}</title></rect>)",
        start, y + 6, std::max(3.0, finish - start),
        row.actual ? " done" : (row.critical ? " critical" : ""), html_escape(row.key),
        html_escape(report::format_date(
            Date::from_days(row.actual ? *row.actual - std::max(0, row.finish - row.start)
                                       : row.start),
            page.language)),
        html_escape(report::format_date(Date::from_days(row.actual ? *row.actual : row.finish),
                                        page.language)));
    if (row.planned)
      svg += fmt::format(
          R"(<rect x="{:.1f}" y="{}" width="5" height="14" class="planned"><title>{}: {}</title></rect>)",
          x_of(*row.planned) - 2.5, y + 4, page.text("Plan", "Kế hoạch"),
          html_escape(report::format_date(Date::from_days(*row.planned), page.language)));
    if (row.baseline)
      svg += fmt::format(
          R"(<path d="M{:.1f} {} l5 -5 l5 5 l-5 5 z" class="baseline"><title>{}: {}</title></path>)",
          x_of(*row.baseline) - 5, y + 11, page.text("Baseline", "Kế hoạch gốc"),
          html_escape(report::format_date(Date::from_days(*row.baseline), page.language)));
    y += row_height;
  }
  double today = x_of(schedule.as_of.days());
  svg += fmt::format(R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" class="today"/>)", today,
                     top - 6, height - 22);
  return svg + "</svg>";
}

std::string milestone_table(const PageContext& page, const Portfolio& portfolio,
                            const analysis::Schedule& schedule,
                            const std::vector<std::int32_t>& milestones,
                            const std::map<std::string, store::ChangeRecord>& changes,
                            const std::string& code) {
  auto language = page.language;
  std::vector<std::vector<std::string>> rows;
  for (auto m : milestones) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
    const auto& entry = schedule.milestones[static_cast<std::size_t>(m)];
    auto slip = analysis::slip_days(milestone, entry);
    auto version = changes.find(milestone.key);
    std::string slip_text;
    if (slip)
      slip_text = fmt::format(R"(<span class="{}">{}{}</span>)",
                              *slip > 0 ? "late" : (*slip < 0 ? "early" : ""), *slip > 0 ? "+" : "",
                              report::format_integer(*slip, language));
    rows.push_back(
        {fmt::format(R"(<strong>{}</strong><br><span class="muted">{}</span>)",
                     html_escape(milestone.key), html_escape(milestone.name)),
         html_escape(date_text(milestone.planned, language)),
         html_escape(date_text(milestone.forecast, language)),
         html_escape(date_text(milestone.actual, language)),
         fmt::format(
             "{}{}",
             html_escape(report::format_date(Date::from_days(entry.early_finish), language)),
             entry.critical && !milestone.actual
                 ? fmt::format(R"( <span class="badge critical" title="{}">!</span>)",
                               page.text("critical", "tới hạn"))
                 : ""),
         slip_text, version == changes.end() ? "0" : std::to_string(version->second.id),
         fmt::format(R"(<a class="button small" href="{}">{}</a>)",
                     page.link(milestone_path(code, milestone.key)), page.text("Edit", "Sửa"))});
  }
  return html_table_raw(
      {std::string(page.text("Milestone", "Mốc")), std::string(page.text("Planned", "Kế hoạch")),
       std::string(page.text("Forecast", "Dự báo")), std::string(page.text("Actual", "Thực tế")),
       std::string(page.text("Early finish", "Hoàn thành sớm")),
       std::string(page.text("Slip (days)", "Chậm (ngày)")),
       std::string(page.text("Version", "Phiên bản")), ""},
      rows, {false, false, false, false, false, true, true, false}, "milestones");
}

std::string milestone_reference_html(const PageContext& page, const Portfolio& portfolio,
                                     std::int32_t milestone, std::int32_t own_project) {
  const Milestone& entry = portfolio.milestones[static_cast<std::size_t>(milestone)];
  const Project& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
  if (entry.project == own_project)
    return html_escape(entry.key);
  return fmt::format(R"(<a href="{}">{}</a>:{})", page.link(project_path(project.code)),
                     html_escape(project.code), html_escape(entry.key));
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
    std::map<std::string, store::ChangeRecord> changes;
    std::vector<store::ChangeRecord> history;
    std::string baseline_name;
  };
  auto stored = page.workspace.with_reading([&](store::Database& database) {
    Stored result;
    result.changes = operations::milestone_changes(database, project.code);
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

  std::string html =
      fmt::format(R"(<p class="subtitle"><a href="{}">← {}</a> · {} {}</p>)",
                  page.link("/projects"), page.text("All projects", "Danh sách dự án"),
                  page.text("Schedule as of", "Tiến độ tính đến ngày"),
                  html_escape(report::format_date(as_of, page.language)));
  html += fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                      page.text("Details", "Thông tin dự án"),
                      details(page, portfolio, project, stage_now));
  html += fmt::format(
      R"(<section class="panel"><h2>{}</h2>{}</section>)",
      page.text("Milestones", "Các mốc tiến độ"),
      milestones.empty()
          ? fmt::format(R"(<p class="muted">{}</p>)",
                        page.text("No milestones.", "Chưa có mốc nào."))
          : milestone_table(page, portfolio, *schedule, milestones, stored.changes, project.code));
  if (!milestones.empty())
    html += fmt::format(
        R"(<section class="panel"><h2>{}</h2><div class="chart-wrap">{}</div></section>)",
        page.text("Gantt: baseline, plan and forecast", "Gantt: kế hoạch gốc, kế hoạch và dự báo"),
        gantt(page, portfolio, *schedule, milestones, baseline ? &*baseline : nullptr,
              stored.baseline_name));
  // The COD's driver chain: what fixes the date the plant starts selling power.
  std::string chain_html;
  if (auto cod = portfolio.find_milestone(project.code, "cod")) {
    auto chain = report::describe_chain(portfolio, *schedule, *cod, page.language);
    chain_html = R"(<ol class="chain-steps">)";
    std::size_t start = 0;
    while (start < chain.size()) {
      auto end = chain.find('\n', start);
      if (end == std::string::npos)
        end = chain.size();
      std::string line = chain.substr(start, end - start);
      auto first = line.find_first_not_of(' ');
      if (first != std::string::npos)
        chain_html += fmt::format("<li>{}</li>", html_escape(line.substr(first)));
      start = end + 1;
    }
    chain_html += "</ol>";
  } else {
    chain_html =
        fmt::format(R"(<p class="muted">{}</p>)",
                    page.text("This project has no cod milestone.", "Dự án này không có mốc cod."));
  }
  html += fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                      page.text("What drives the COD", "Chuỗi nguyên nhân của COD"), chain_html);
  // Dependencies touching the project: a scan of the links, as the API answers it.
  std::vector<std::vector<std::string>> links;
  for (const auto& dependency : portfolio.dependencies) {
    auto from = portfolio.milestones[static_cast<std::size_t>(dependency.from)].project;
    auto to = portfolio.milestones[static_cast<std::size_t>(dependency.to)].project;
    if (from != located.project && to != located.project)
      continue;
    links.push_back({milestone_reference_html(page, portfolio, dependency.from, located.project),
                     milestone_reference_html(page, portfolio, dependency.to, located.project),
                     std::string(link_type_key(dependency.type)),
                     report::format_integer(dependency.lag_days, page.language)});
  }
  html += fmt::format(
      R"(<section class="panel"><h2>{}</h2>{}</section>)",
      page.text("Dependencies", "Quan hệ phụ thuộc"),
      links.empty() ? fmt::format(R"(<p class="muted">{}</p>)",
                                  page.text("No dependencies.", "Không có quan hệ phụ thuộc."))
                    : html_table_raw({std::string(page.text("From", "Từ")),
                                      std::string(page.text("To", "Đến")),
                                      std::string(page.text("Type", "Kiểu")),
                                      std::string(page.text("Lag (days)", "Độ trễ (ngày)"))},
                                     links, {false, false, false, true}, "compact"));
  html += fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                      page.text("History (latest 50 changes)", "Lịch sử (50 thay đổi gần nhất)"),
                      stored.history.empty()
                          ? fmt::format(R"(<p class="muted">{}</p>)",
                                        page.text("No changes yet.", "Chưa có thay đổi."))
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
    {"reason", "Reason of delay", "Lý do chậm", "category:text, e.g. grid:line not energised",
     "nhóm:nội dung, ví dụ grid:chưa đóng điện đường dây", false},
    {"source", "Source", "Nguồn", "document, letter or meeting", "văn bản, công văn hoặc cuộc họp",
     false},
};

std::map<std::string, std::string> current_values(const Milestone& milestone) {
  auto iso = [](const std::optional<Date>& date) { return date ? date->iso() : std::string(); };
  return {{"planned", iso(milestone.planned)}, {"actual_start", iso(milestone.actual_start)},
          {"actual", iso(milestone.actual)},   {"forecast", iso(milestone.forecast)},
          {"reason", milestone.reason},        {"source", milestone.source}};
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
      page.text("Milestone", "Mốc"),
      fmt::format("<strong>{}</strong> {}", html_escape(milestone.key),
                  html_escape(milestone.name)),
      page.text("Duration (days)", "Thời gian (ngày)"),
      report::format_integer(milestone.duration_days, page.language),
      page.text("Early finish now", "Hoàn thành sớm (hiện tại)"),
      html_escape(report::format_date(Date::from_days(entry.early_finish), page.language)),
      page.text("Last changed", "Thay đổi lần cuối"),
      last_change
          ? fmt::format("{} · {}", html_escape(last_change->actor),
                        html_escape(report::format_moment(last_change->at_utc, page.language)))
          : std::string(page.text("never", "chưa có")));
  if (!can_edit)
    html += fmt::format(
        R"(<p class="notice">{}</p>)",
        page.text("You can read this milestone but not change it: it lies outside your role or "
                  "provinces.",
                  "Bạn chỉ được xem mốc này, không được sửa: mốc nằm ngoài vai trò hoặc các tỉnh "
                  "của bạn."));
  if (!state.problems.empty()) {
    html += R"(<div class="error" role="alert"><p>)" +
            std::string(page.text("Nothing was saved:", "Chưa lưu gì:")) + "</p><ul>";
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
    if (field.name == "reason" || field.name == "source") {
      const std::string& now = field.name == "reason" ? milestone.reason : milestone.source;
      hint += page.vietnamese() ? "; để trống thì giữ nguyên" : "; left empty, it stays";
      if (!now.empty())
        hint += fmt::format(" ({}: {})", page.text("now", "hiện tại"), now);
    }
    inputs += fmt::format(
        R"(<div class="field{wide}"><label for="{name}">{label} <code>{name}</code></label>)"
        R"(<input id="{name}" name="{name}" type="text" value="{value}"{extra}{readonly})"
        R"( aria-describedby="{name}-hint"><small id="{name}-hint">{hint}</small></div>)",
        fmt::arg("name", field.name), fmt::arg("wide", field.date ? "" : " wide"),
        fmt::arg("label", page.text(field.english, field.vietnamese)),
        fmt::arg("value", html_escape(value == state.values.end() ? "" : value->second)),
        fmt::arg("extra", field.date
                              ? R"( inputmode="numeric" autocomplete="off")"
                              : (field.name == "reason" ? R"( list="delay-categories")" : "")),
        fmt::arg("readonly", can_edit ? "" : " readonly"), fmt::arg("hint", html_escape(hint)));
  }
  std::string categories = R"(<datalist id="delay-categories">)";
  for (auto category : delay_categories)
    categories += fmt::format(R"(<option value="{}:">)", category);
  categories += "</datalist>";
  html += fmt::format(
      R"(<form class="edit-form" method="post" action="{action}">{csrf})"
      R"(<input type="hidden" name="version" value="{version}">{categories})"
      R"(<div class="form-grid">{inputs}</div><div class="actions">{submit})"
      R"(<a href="{back}">{cancel}</a></div></form>)",
      fmt::arg("action", page.link(milestone_path(project.code, milestone.key))),
      fmt::arg("csrf", page.csrf_field()), fmt::arg("version", html_escape(state.version)),
      fmt::arg("categories", categories), fmt::arg("inputs", inputs),
      fmt::arg("submit", can_edit
                             ? fmt::format(R"(<button type="submit" class="primary">{}</button>)",
                                           page.text("Save", "Lưu"))
                             : ""),
      fmt::arg("back", page.link(project_path(project.code))),
      fmt::arg("cancel", can_edit ? page.text("Cancel", "Hủy") : page.text("Back", "Quay lại")));
  send_html(page.response, status,
            page_frame(page,
                       fmt::format("{}:{} — {}", project.code, milestone.key,
                                   page.text("edit milestone", "sửa mốc")),
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
  auto stored = current_values(milestone);
  // The reason and the source describe the change being made, so they start empty (the stored
  // ones are shown beside them); the dates start as stored.
  state.values = stored;
  state.values["reason"].clear();
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
  std::string reason, source;
  for (const auto& field : form_fields) {
    std::string name(field.name);
    auto sent = sent_form_field(page.request, name);
    if (!sent)
      continue;
    std::string typed = field.date ? trimmed(*sent) : *sent;
    state.values[name] = typed;
    if (field.name == "reason" || field.name == "source") {
      (field.name == "reason" ? reason : source) = typed;
      if (typed.empty())
        continue;
    }
    if (changed(field, typed, stored[name]))
      fields.push_back(Field{name, typed});
  }
  state.version = form_field(page.request, "version");
  std::string back = project_path(project.code) + (page.vietnamese() ? "" : "?lang=en");
  auto version = parse_count(
      state.version,
      CountRange{0, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())});
  if (!version) {
    state.problems.push_back(
        fmt::format("version: '{}': not a version (a whole number)", shown_safely(state.version)));
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
    std::string html = fmt::format(
        R"(<p class="error" role="alert">{}</p><p>{}</p><p class="muted">{}</p>)"
        R"(<p><a class="button" href="{}">{}</a> <a href="{}">{}</a></p>)",
        page.vietnamese()
            ? fmt::format("Mốc {}:{} đã được {} thay đổi lúc {} (UTC) sau khi bạn mở biểu mẫu. "
                          "Không có gì được ghi.",
                          html_escape(project.code), html_escape(milestone.key),
                          html_escape(conflict.changed_by()), html_escape(conflict.changed_at()))
            : fmt::format("Milestone {}:{} was changed by {} at {} (UTC) after you opened the "
                          "form. Nothing was written.",
                          html_escape(project.code), html_escape(milestone.key),
                          html_escape(conflict.changed_by()), html_escape(conflict.changed_at())),
        page.text("Reload the form to see their change, then enter yours again.",
                  "Hãy tải lại biểu mẫu để xem thay đổi đó, rồi nhập lại thay đổi của bạn."),
        html_escape(conflict.what()), page.link(milestone_path(project.code, milestone.key)),
        page.text("Reload the form", "Tải lại biểu mẫu"), page.link(project_path(project.code)),
        page.text("Back to the project", "Về trang dự án"));
    send_html(page.response, 409,
              page_frame(page, page.text("Changed meanwhile", "Đã bị thay đổi"), "projects", html));
    return;
  } catch (const Forbidden&) {
    throw;
  } catch (const InvalidInput& error) {
    state.problems = error.problems();
    send_form(page, 400, project, milestone, entry, state, last_change);
    return;
  }
  page.response.status = 303;
  page.response.set_header("Location", back);
  add_security_headers(page.response);
}

}  // namespace

void register_project_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/projects", page_route(workspace, options, projects_page));
  server.Get(R"(/projects/([^/]+))", page_route(workspace, options, project_page));
  server.Get(R"(/projects/([^/]+)/milestones/([^/]+))",
             page_route(workspace, options, milestone_page));
  server.Post(R"(/projects/([^/]+)/milestones/([^/]+))",
              page_route(workspace, options, milestone_page));
}

}  // namespace tiendo::web
