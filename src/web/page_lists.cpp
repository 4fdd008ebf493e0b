// /projects and /alerts: the lists a department officer works from, and /alerts.xlsx, the alerts
// page as a workbook. Each list starts from the user's provinces (an account with provinces; a
// link widens it to the whole country with scope=all), sorts by any column in both directions,
// and pages by number. Every link a list writes — its column headings, its pages, its rows'
// projects — carries the list's as-of date and filters, so that a project opened from a list
// leads back to the same list. The rows come from operations/lists.*.
#include "web/page_lists.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>

#include "domain/command_line.h"
#include "domain/milestone_catalog.h"
#include "io/xlsx_export.h"
#include "operations/lists.h"
#include "operations/project_pages.h"
#include "report/catalogue.h"
#include "report/labels.h"
#include "report/periodic_report.h"
#include "report/views.h"
#include "report/wording.h"
#include "web/forecast_keeper.h"
#include "web/heavy_work.h"
#include "web/page_parts.h"
#include "web/page_project_forms.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

using report::html_escape;

constexpr std::size_t projects_per_page = 50;
// Alerts shown a page at a time: a national portfolio can have tens of thousands.
constexpr std::size_t alerts_per_page = 200;

// A list's address with its parameters in a fixed order; setting one to an empty value leaves
// it out, so the links a page writes stay short.
class Address {
 public:
  explicit Address(std::string path) : m_path(std::move(path)) {}
  Address& set(std::string_view name, std::string value) {
    auto found = std::find_if(m_parameters.begin(), m_parameters.end(),
                              [&](const auto& parameter) { return parameter.first == name; });
    if (found != m_parameters.end())
      found->second = std::move(value);
    else
      m_parameters.emplace_back(std::string(name), std::move(value));
    return *this;
  }
  Address with(std::string_view name, std::string value) const {
    Address copy = *this;
    copy.set(name, std::move(value));
    return copy;
  }
  // The address, not yet escaped for HTML (PageContext::link does that).
  std::string text() const {
    std::string query;
    for (const auto& [name, value] : m_parameters)
      if (!value.empty())
        query +=
            fmt::format("{}{}={}", query.empty() ? "?" : "&", name, report::url_component(value));
    return m_path + query;
  }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
  std::vector<std::pair<std::string, std::string>> m_parameters;
};

// The link to a project's page from a list: the list's as-of date goes with it, and the list's
// own address as `back`, so the project page leads back to it.
std::string project_from_list(const PageContext& page, const std::string& code,
                              const std::string& as_of, const Address& list) {
  Address address(project_path(code));
  address.set("as_of", as_of);
  address.set("back", list.text());
  return fmt::format(R"(<a href="{}">{}</a>)", page.link(address.text()), html_escape(code));
}

// How a delay reason reads: "Tài chính: nhà thầu thiếu vốn", never "financing:..." (the one
// wording of reasons, report/labels.h).
std::string reason_shown(const std::string& reason, report::Language language) {
  return report::reason_text(reason, language);
}

// A milestone as a reader knows it: the catalog's label, its key small beside it.
std::string milestone_shown(const std::string& key, report::Language language) {
  if (key.empty())
    return "";
  const MilestoneKind* kind = find_milestone_kind(key);
  if (!kind)
    return html_escape(key);
  return fmt::format(
      R"({} <small class="muted">{}</small>)",
      html_escape(language == report::Language::Vietnamese ? kind->label_vi : kind->label_en),
      html_escape(key));
}

// The same, as a workbook's cell reads it.
std::string milestone_words(const std::string& key, report::Language language) {
  const MilestoneKind* kind = key.empty() ? nullptr : find_milestone_kind(key);
  if (!kind)
    return key;
  return std::string(language == report::Language::Vietnamese ? kind->label_vi : kind->label_en);
}

struct Column {
  std::string_view key;  // The sort key; empty for a column that does not sort.
  std::string label;
  bool numeric = false;
};

// A list's table: each heading a link that sorts by it (the other way when it sorts by it
// already), the sorted one marked with aria-sort and an arrow; each cell labelled with its
// heading (data-label), so that on a phone a row reads as a card.
std::string sortable_table(const PageContext& page, const std::vector<Column>& columns,
                           const std::vector<std::vector<std::string>>& rows,
                           const operations::SortOrder& sort, const Address& address,
                           std::string_view css_class) {
  std::string html =
      fmt::format(R"(<div class="table-wrap"><table class="sortable {}"><thead><tr>)", css_class);
  for (const auto& column : columns) {
    std::string_view numeric = column.numeric ? R"( class="number")" : "";
    if (column.key.empty()) {
      html += fmt::format(R"(<th scope="col"{}>{}</th>)", numeric, html_escape(column.label));
      continue;
    }
    bool sorted = sort.column == column.key;
    operations::SortOrder next{std::string(column.key), sorted && !sort.descending};
    html += fmt::format(
        R"(<th scope="col"{}{}><a class="sort" href="{}" data-sort="{}">{}{}</a></th>)", numeric,
        sorted ? (sort.descending ? R"( aria-sort="descending")" : R"( aria-sort="ascending")")
               : "",
        page.link(address.with("sort", next.text()).with("page", "").text()), next.text(),
        html_escape(column.label), sorted ? (sort.descending ? " ▼" : " ▲") : "");
  }
  html += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    html += "<tr>";
    for (std::size_t c = 0; c < row.size() && c < columns.size(); ++c)
      html += fmt::format(R"(<td data-label="{}"{}>{}</td>)", html_escape(columns[c].label),
                          columns[c].numeric ? R"( class="number")" : "", row[c]);
    html += "</tr>";
  }
  return html + "</tbody></table></div>";
}

// Page numbers: the first, the last, and two either side of the current, with "…" between.
std::string page_numbers(const PageContext& page, const Address& address, std::size_t current,
                         std::size_t pages, std::size_t total, std::string_view things_en,
                         std::string_view things_vi) {
  std::string html = fmt::format(
      R"(<nav class="pager" aria-label="{}"><span class="page-of">{}</span>)",
      page.text_in("page_lists", "Pages"),
      page.vietnamese()
          ? fmt::format("Trang {} / {} · {} {}",
                        report::format_integer(static_cast<long long>(current), page.language),
                        report::format_integer(static_cast<long long>(pages), page.language),
                        report::format_integer(static_cast<long long>(total), page.language),
                        things_vi)
          : fmt::format("Page {} of {} · {} {}",
                        report::format_integer(static_cast<long long>(current), page.language),
                        report::format_integer(static_cast<long long>(pages), page.language),
                        report::format_integer(static_cast<long long>(total), page.language),
                        things_en));
  if (pages > 1) {
    html += R"(<span class="numbers">)";
    auto link = [&](std::size_t number) {
      return page.link(address.with("page", number == 1 ? "" : std::to_string(number)).text());
    };
    if (current > 1)
      html += fmt::format(R"(<a rel="prev" href="{}">← {}</a>)", link(current - 1),
                          page.text("Previous"));
    std::size_t shown_last = 0;
    for (std::size_t number = 1; number <= pages; ++number) {
      bool near = number + 2 >= current && number <= current + 2;
      if (number != 1 && number != pages && !near)
        continue;
      if (shown_last && number > shown_last + 1)
        html += R"(<span class="gap">…</span>)";
      html += number == current
                  ? fmt::format(R"(<span class="current" aria-current="page">{}</span>)", number)
                  : fmt::format(R"(<a href="{}">{}</a>)", link(number), number);
      shown_last = number;
    }
    if (current < pages)
      html += fmt::format(R"(<a rel="next" href="{}">{} →</a>)", link(current + 1),
                          page.text("Next"));
    html += "</span>";
  }
  return html + "</nav>";
}

// The line above a list that says whose provinces it shows, with the link that widens it to
// the whole country or narrows it back. Nothing for an account without provinces.
std::string scope_line(const PageContext& page, const std::vector<ProvinceFilter>& own,
                       bool whole_country, const Address& address) {
  if (own.empty())
    return "";
  std::string names;
  for (const auto& filter : own)
    names += (names.empty() ? "" : ", ") + filter.display_name();
  if (whole_country)
    return fmt::format(R"(<p class="scope">{} · <a href="{}" data-scope="mine">{}: {}</a></p>)",
                       page.text("Whole country"),
                       page.link(address.with("scope", "").with("page", "").text()),
                       page.text("Only my provinces"), html_escape(names));
  return fmt::format(R"(<p class="scope">{}: <strong>{}</strong> · <a href="{}" )"
                     R"(data-scope="all">{}</a></p>)",
                     page.text("Your provinces"), html_escape(names),
                     page.link(address.with("scope", "all").with("page", "").text()),
                     page.text("Show the whole country"));
}

std::string option(std::string_view value, std::string_view label, std::string_view chosen) {
  return fmt::format(R"(<option value="{}"{}>{}</option>)", html_escape(value),
                     value == chosen ? " selected" : "", html_escape(label));
}

// The province choices: the current units (since 1 July 2025) first, each covering its former
// provinces; then the former provinces by themselves, as projects are recorded under them.
std::string province_options(const PageContext& page, const std::string& chosen,
                             std::string_view any_label) {
  std::string provinces = option("", any_label, chosen);
  std::vector<std::string> current, legacy;
  for (const auto& province : ProvinceRegistry::builtin().provinces()) {
    if (std::find(current.begin(), current.end(), province.current_name) == current.end())
      current.push_back(province.current_name);
    legacy.push_back(province.legacy_name);
  }
  std::sort(current.begin(), current.end());
  std::sort(legacy.begin(), legacy.end());
  provinces += fmt::format(R"(<optgroup label="{}">)",
                           page.text("Provinces since 2025"));
  for (const auto& name : current)
    provinces += option(name, name, chosen);
  provinces += fmt::format(R"(</optgroup><optgroup label="{}">)",
                           page.text("Former provinces"));
  for (const auto& name : legacy)
    if (std::find(current.begin(), current.end(), name) == current.end())
      provinces += option(name, name, chosen);
  provinces += "</optgroup>";
  if (!chosen.empty() && std::find(current.begin(), current.end(), chosen) == current.end() &&
      std::find(legacy.begin(), legacy.end(), chosen) == legacy.end())
    provinces += option(chosen, chosen, chosen);
  return provinces;
}

std::string technology_options(const PageContext& page, const std::string& chosen) {
  std::string technologies = option("", page.text("All technologies"), chosen);
  for (std::string_view group : {"wind", "solar", "thermal", "hydro"})
    technologies +=
        option(group, report::technology_bucket_label(std::string(group), page.language), chosen);
  technologies += "<option disabled>──────</option>";
  for (Technology technology : all_technologies())
    if (technology != Technology::Grid)
      technologies +=
          option(technology_key(technology), technology_text(technology, page.language), chosen);
  return technologies;
}

// A hidden field of a GET form, for what the form keeps without showing it.
std::string hidden(std::string_view name, const std::string& value) {
  if (value.empty())
    return "";
  return fmt::format(R"(<input type="hidden" name="{}" value="{}">)", name, html_escape(value));
}

// The as-of date a list was asked for, as its links carry it: ISO when given, nothing for today.
std::string carried_as_of(const PageContext& page, Date as_of) {
  return parameter_or(page.request, "as_of", "").empty() ? "" : as_of.iso_day();
}

// ---- /projects ----

// Each project's alert count at `as_of`, computed once per snapshot and date: every view of the
// list needs them, and computing the alerts of a whole portfolio is most of a view's work. The
// snapshot keeps answers as text, so the counts are kept as their bytes.
std::vector<std::uint32_t> kept_alert_counts(const Snapshot& snapshot,
                                             const analysis::Schedule& schedule) {
  auto bytes = snapshot.answer("lists|alert-counts|" + schedule.as_of.iso_day(), [&] {
    std::vector<std::uint32_t> counts;
    if (schedule.as_of.days() == snapshot.scheduled().schedule.as_of.days()) {
      // At the snapshot's own date, from its alerts kept (brought up to date after edits).
      counts.assign(snapshot.portfolio().projects.size(), 0);
      for (const auto& alert : *snapshot.alerts())
        ++counts[static_cast<std::size_t>(alert.project)];
    } else {
      counts = operations::alert_counts(snapshot.scheduled(), schedule, snapshot.alert_settings());
    }
    return std::string(reinterpret_cast<const char*>(counts.data()),
                       counts.size() * sizeof(std::uint32_t));
  });
  std::vector<std::uint32_t> counts(bytes->size() / sizeof(std::uint32_t));
  // An empty portfolio has no counts, and memcpy may not be given the null pointer of an empty
  // vector even for no bytes.
  if (!counts.empty())
    std::memcpy(counts.data(), bytes->data(), counts.size() * sizeof(std::uint32_t));
  return counts;
}

struct ProjectsAsked {
  std::string province, technology, stage, text, as_of_text;
  bool late = false;
  bool whole_country = false;
  std::string sort_text;
  std::size_t page = 1;
  std::size_t per_page = projects_per_page;
};

void projects_page(PageContext& page) {
  ProjectsAsked asked;
  asked.province = parameter_or(page.request, "province", "");
  asked.technology = parameter_or(page.request, "technology", "");
  asked.stage = parameter_or(page.request, "stage", "");
  asked.text = parameter_or(page.request, "q", "");
  asked.sort_text = parameter_or(page.request, "sort", "");
  asked.whole_country = parameter_or(page.request, "scope", "") == "all";
  auto own = operations::home_provinces(page.caller.account);
  auto snapshot = page.workspace.snapshot();
  Date as_of = Date::today_in_vietnam();
  std::string problem;
  operations::ProjectList list;
  operations::ProjectListQuery query;
  // The forecast columns come from the forecast the workspace draws in the background, as of
  // today only: the list never waits for one (ForecastKeeper::latest asks for it and answers at
  // once), and says when what it shows was drawn.
  bool forecast_today = false;
  ForecastKeeper::Answer kept;
  try {
    asked.late = flag_parameter(page.request, "late");
    asked.per_page =
        static_cast<std::size_t>(count_parameter(page.request, "limit", projects_per_page, 1, 200));
    asked.page = static_cast<std::size_t>(count_parameter(page.request, "page", 1, 1, 10'000'000));
    as_of = as_of_parameter(page.request);
    if (!asked.province.empty())
      query.filters.province =
          ProvinceFilter::parse(asked.province, ProvinceRegistry::builtin(), false);
    if (!asked.technology.empty())
      query.filters.technology = TechnologyFilter::parse(asked.technology);
    query.filters.stage = asked.stage;
    query.filters.text = asked.text;
    // A province chosen in the form is the question itself; otherwise the list starts from the
    // user's own provinces until she asks for the whole country.
    if (!asked.whole_country && asked.province.empty())
      query.provinces = own;
    query.late_only = asked.late;
    query.sort = operations::parse_sort(asked.sort_text, operations::project_list_columns,
                                        operations::SortOrder{"code", false});
    query.page = asked.page;
    query.per_page = asked.per_page;
    query.reason_words = [&](const std::string& reason) {
      return reason_shown(reason, page.language);
    };
    forecast_today = as_of == Date::today_in_vietnam();
    if (forecast_today)
      kept = page.workspace.forecasts().latest(snapshot, as_of);
    if (kept.forecast)
      query.forecast_of = [&](std::int32_t project) {
        return kept.forecast->project(
            snapshot->portfolio().projects[static_cast<std::size_t>(project)].code);
      };
    auto schedule = snapshot->schedule(as_of);
    list = operations::list_projects(snapshot->scheduled(), *schedule, snapshot->project_index(),
                                     snapshot->alert_settings(), query,
                                     kept_alert_counts(*snapshot, *schedule));
  } catch (const InvalidInput& error) {
    // A bad filter shows the list's form again with the message rather than a bare error page.
    problem = report::error_text(page.language, error);
  }
  std::string as_of_carried = problem.empty() ? carried_as_of(page, as_of) : "";
  Address address("/projects");
  address.set("q", asked.text)
      .set("province", asked.province)
      .set("technology", asked.technology)
      .set("stage", asked.stage)
      .set("late", asked.late ? "1" : "")
      .set("scope", asked.whole_country ? "all" : "")
      .set("as_of", as_of_carried)
      .set("sort", asked.sort_text)
      .set("limit", asked.per_page != projects_per_page ? std::to_string(asked.per_page) : "");

  std::string stages = option("", page.text("All stages"), asked.stage);
  for (Stage stage : all_stages())
    stages += option(stage_key(stage), stage_text(stage_key(stage), page.language), asked.stage);
  for (std::string_view status : {"suspended", "cancelled", "retired"})
    stages += option(status, stage_text(status, page.language), asked.stage);

  std::string html = saved_notice_html(page) + new_project_link_html(page) +
                     scope_line(page, own, asked.whole_country, address);
  html += fmt::format(
      R"(<form class="filters" method="get" action="/projects" role="search">{hidden})"
      R"(<label>{q_label} <input type="search" name="q" value="{q}" placeholder="{q_hint}"></label>)"
      R"(<label>{province_label} <select name="province">{provinces}</select></label>)"
      R"(<label>{technology_label} <select name="technology">{technologies}</select></label>)"
      R"(<label>{stage_label} <select name="stage">{stages}</select></label>)"
      R"(<label>{as_of_label} <input type="text" name="as_of" value="{as_of}" )"
      R"(placeholder="dd/mm/yyyy" size="11" inputmode="numeric"></label>)"
      R"(<label class="check"><input type="checkbox" name="late" value="1"{late}> {late_label}</label>)"
      R"(<button type="submit">{filter}</button> <a class="reset" href="{reset}">{clear}</a></form>)",
      fmt::arg("hidden", (page.vietnamese() ? "" : hidden("lang", "en")) +
                             hidden("scope", asked.whole_country ? "all" : "") +
                             hidden("sort", asked.sort_text)),
      fmt::arg("q_label", page.text("Search")), fmt::arg("q", html_escape(asked.text)),
      fmt::arg("q_hint", page.text("code, name, investor, site")),
      fmt::arg("province_label", page.text("Province")),
      fmt::arg("provinces", province_options(page, asked.province,
                                             own.empty() || asked.whole_country
                                                 ? page.text("All provinces")
                                                 : page.text("My provinces"))),
      fmt::arg("technology_label", page.text("Technology")),
      fmt::arg("technologies", technology_options(page, asked.technology)),
      fmt::arg("stage_label", page.text("Stage")), fmt::arg("stages", stages),
      fmt::arg("as_of_label", page.text("Schedule as of")),
      fmt::arg("as_of", html_escape(report::format_date(as_of, page.language))),
      fmt::arg("late", asked.late ? " checked" : ""),
      fmt::arg("late_label", page.text("Late only")),
      fmt::arg("filter", page.text("Filter")), fmt::arg("reset", page.link("/projects")),
      fmt::arg("clear", page.text("Clear")));
  if (!problem.empty()) {
    html += fmt::format(R"(<p class="error" role="alert">{}</p>)", html_escape(problem));
    send_html(page.response, 400,
              page_frame(page, page.text("Projects"), "projects", html));
    return;
  }
  // The one-click question of a department: what is late here.
  html += fmt::format(
      R"(<p class="quick">{}</p>)",
      asked.late ? fmt::format(R"(<a href="{}" data-late="0">{}</a>)",
                               page.link(address.with("late", "").with("page", "").text()),
                               page.text("Show every project"))
                 : fmt::format(R"(<a class="button" href="{}" data-late="1">{}</a>)",
                               page.link(address.with("late", "1").with("page", "").text()),
                               page.text("Late projects only")));

  // When the forecast columns were drawn, or why they are empty.
  if (!forecast_today)
    html += fmt::format(R"(<p class="muted forecast-note">{}</p>)",
                        page.text("The forecast is drawn as of today only."));
  else if (!kept.forecast)
    html += fmt::format(R"(<p class="notice forecast-note" role="status">{}</p>)",
                        page.text("The forecast is being drawn; reload in a few seconds."));
  else
    html += fmt::format(
        R"(<p class="muted forecast-note">{}</p>)",
        html_escape(kept.current
                        ? page.say("COD P50 and the chance of the target COD: forecast drawn at "
                                   "{} (1,000 draws).",
                                   report::format_moment(kept.forecast->drawn_at, page.language))
                        : page.say("COD P50 and the chance of the target COD: forecast drawn at "
                                   "{}, before the latest changes; the new one is being drawn.",
                                   report::format_moment(kept.forecast->drawn_at,
                                                         page.language))));
  std::string computing =
      forecast_today && !kept.forecast
          ? fmt::format(R"(<span class="muted computing">{}</span>)",
                        page.text("being computed"))
          : "";

  const Portfolio& portfolio = snapshot->portfolio();
  Address here = address.with("page", list.page > 1 ? std::to_string(list.page) : "");
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : list.rows) {
    const Project& project = portfolio.projects[static_cast<std::size_t>(row.project)];
    std::string slip;
    if (row.slip_days)
      slip = fmt::format(R"(<span class="{}">{}{}</span>)",
                         *row.slip_days > 0 ? "late" : (*row.slip_days < 0 ? "early" : ""),
                         *row.slip_days > 0 ? "+" : "",
                         report::format_integer(*row.slip_days, page.language));
    rows.push_back(
        {project_from_list(page, project.code, as_of_carried, here), html_escape(project.name),
         html_escape(technology_text(project.technology, page.language)),
         html_escape(project.province),
         project.capacity ? report::format_megawatts(*project.capacity, page.language) : "",
         stage_badge(row.stage, page.language),
         html_escape(date_text(row.cod_planned, page.language)),
         html_escape(date_text(row.cod_forecast, page.language)),
         kept.forecast ? html_escape(date_text(row.cod_p50, page.language)) : computing,
         kept.forecast ? (row.cod_chance ? report::format_one_decimal(*row.cod_chance * 100.0,
                                                                      page.language) +
                                               "%"
                                         : "")
                       : computing,
         slip,
         report::format_integer(static_cast<long long>(row.alerts), page.language),
         html_escape(reason_shown(row.reason, page.language))});
  }
  if (rows.empty()) {
    html += fmt::format(
        R"(<p class="notice">{}</p>)",
        page.text("No project matches these filters."));
  } else {
    std::vector<Column> columns = {
        {"code", std::string(page.text("Code")), false},
        {"name", std::string(page.text_in("page_lists", "Name")), false},
        {"technology", std::string(page.text("Technology")), false},
        {"province", std::string(page.text("Province")), false},
        {"mw", "MW", true},
        {"stage", std::string(page.text("Stage")), false},
        {"cod_planned", std::string(page.text("COD planned")), false},
        {"cod_forecast", std::string(page.text("COD forecast")), false},
        {"cod_p50", std::string(page.text("COD P50 (forecast)")), false},
        {"cod_chance",
         std::string(page.text_in("page_lists", "Chance of the target COD")), true},
        {"slip", std::string(page.text("Slip (days)")), true},
        {"alerts", std::string(page.text("Alerts")), true},
        {"reason", std::string(page.text("Latest reason")), false}};
    html += sortable_table(page, columns, rows, query.sort, address, "projects");
  }
  html += page_numbers(page, address, list.page, list.pages, list.total, "projects", "dự án");
  send_html(page.response, 200, page_frame(page, page.text("Projects"), "projects", html));
}

// ---- /alerts and /alerts.xlsx ----

constexpr analysis::AlertKind alert_kinds[] = {
    analysis::AlertKind::Overdue, analysis::AlertKind::CodSlip, analysis::AlertKind::BaselineSlip,
    analysis::AlertKind::Stale, analysis::AlertKind::OutOfSequence, analysis::AlertKind::MissingReason};

// The alerts a page asks for, read from its parameters (InvalidInput names a bad one).
struct AlertsAsked {
  std::string severity_text, kind_text, province_text, technology_text, sort_text;
  bool whole_country = false;
  std::size_t page = 1;
  Date as_of = Date::today_in_vietnam();
  operations::SortOrder sort{"severity", true};
  // What the page shows: every alert matching, in the order asked.
  std::vector<analysis::Alert> alerts;
  std::shared_ptr<const analysis::Schedule> schedule;
};

void find_alerts(PageContext& page, const Snapshot& snapshot,
                 const std::vector<ProvinceFilter>& own, AlertsAsked& asked) {
  const auto& request = page.request;
  asked.severity_text = parameter_or(request, "min_severity", "");
  asked.kind_text = parameter_or(request, "kind", "");
  asked.province_text = parameter_or(request, "province", "");
  asked.technology_text = parameter_or(request, "technology", "");
  asked.sort_text = parameter_or(request, "sort", "");
  asked.whole_country = parameter_or(request, "scope", "") == "all";
  asked.as_of = as_of_parameter(request);
  asked.page = static_cast<std::size_t>(count_parameter(request, "page", 1, 1, 10'000'000));
  operations::AlertsQuery query;
  if (!asked.severity_text.empty())
    query.minimum = operations::minimum_severity(asked.severity_text);
  std::optional<analysis::AlertKind> kind;
  for (auto candidate : alert_kinds)
    if (analysis::alert_kind_key(candidate) == asked.kind_text)
      kind = candidate;
  if (!asked.kind_text.empty() && !kind)
    throw InvalidInput(
        fmt::format("kind: '{}': write overdue, cod_slip, baseline_slip, stale or out_of_sequence",
                    shown_safely(asked.kind_text)));
  if (!asked.province_text.empty())
    query.province = ProvinceFilter::parse(asked.province_text, ProvinceRegistry::builtin(), false);
  if (!asked.technology_text.empty())
    query.technology = TechnologyFilter::parse(asked.technology_text);
  asked.sort = operations::parse_sort(asked.sort_text, operations::alert_list_columns,
                                      operations::SortOrder{"severity", true});
  asked.schedule = snapshot.schedule(asked.as_of);
  // At the snapshot's own date, from its alerts kept (brought up to date after edits), as
  // /api/v1/alerts answers.
  asked.alerts = asked.as_of.days() == snapshot.scheduled().schedule.as_of.days()
                     ? operations::filter_alerts(snapshot.portfolio(), *snapshot.alerts(), query)
                     : operations::alerts_of(snapshot.scheduled(), *asked.schedule,
                                             snapshot.alert_settings(), query);
  if (kind)
    std::erase_if(asked.alerts, [&](const analysis::Alert& alert) { return alert.kind != *kind; });
  // A province chosen in the form is the question itself; otherwise the user's own provinces
  // until she asks for the whole country.
  std::vector<ProvinceFilter> scope;
  if (!asked.whole_country && asked.province_text.empty())
    scope = own;
  operations::scope_and_sort_alerts(
      snapshot.portfolio(), asked.alerts, scope, asked.sort,
      [&](const std::string& reason) { return reason_shown(reason, page.language); });
}

Address alerts_address(const PageContext& page, const AlertsAsked& asked, std::string path) {
  Address address(std::move(path));
  address.set("min_severity", asked.severity_text)
      .set("kind", asked.kind_text)
      .set("province", asked.province_text)
      .set("technology", asked.technology_text)
      .set("scope", asked.whole_country ? "all" : "")
      .set("as_of", carried_as_of(page, asked.as_of))
      .set("sort", asked.sort_text);
  return address;
}

std::vector<Column> alert_columns(const PageContext& page) {
  return {{"severity", std::string(page.text("Severity")), false},
          {"kind", std::string(page.text("Kind")), false},
          {"project", std::string(page.text_in("page_lists", "Project")), false},
          {"name", std::string(page.text("Project name")), false},
          {"province", std::string(page.text("Province")), false},
          {"milestone", std::string(page.text("Milestone")), false},
          {"days", std::string(page.text("Days")), true},
          {"mw", "MW", true},
          {"", std::string(page.text("Alert")), false},
          {"reason", std::string(page.text("Reason")), false},
          {"", std::string(page.text("Driver chain")), false}};
}

void show_alerts(PageContext& page) {
  auto snapshot = page.workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  auto own = operations::home_provinces(page.caller.account);
  AlertsAsked asked;
  std::string message;
  std::string results;
  try {
    find_alerts(page, *snapshot, own, asked);
  } catch (const InvalidInput& error) {
    message = report::error_text(page.language, error);
  }
  Address address = alerts_address(page, asked, "/alerts");
  if (message.empty()) {
    const auto& alerts = asked.alerts;
    std::size_t counts[3] = {0, 0, 0};
    for (const auto& alert : alerts)
      ++counts[static_cast<std::size_t>(alert.severity)];
    results += fmt::format(
        R"(<p class="summary">{}: <strong>{}</strong> — {} {}, {} {}, {} {} · <a class="download" )"
        R"(href="{}" download>{}</a></p>)",
        page.text_in("page_lists", "Alerts"),
        report::format_integer(static_cast<long long>(alerts.size()), page.language),
        report::format_integer(static_cast<long long>(counts[2]), page.language),
        report::severity_label(analysis::Severity::Critical, page.language),
        report::format_integer(static_cast<long long>(counts[1]), page.language),
        report::severity_label(analysis::Severity::Warning, page.language),
        report::format_integer(static_cast<long long>(counts[0]), page.language),
        report::severity_label(analysis::Severity::Info, page.language),
        page.link(alerts_address(page, asked, "/alerts.xlsx").text()),
        page.text("Download as Excel (.xlsx)"));
    if (alerts.empty()) {
      results += fmt::format(R"(<p class="notice">{}</p>)",
                             page.text("No alert matches these filters on this date."));
    } else {
      std::size_t pages = (alerts.size() + alerts_per_page - 1) / alerts_per_page;
      std::size_t current = std::min(asked.page, pages);
      std::size_t first = (current - 1) * alerts_per_page;
      std::size_t last = std::min(alerts.size(), first + alerts_per_page);
      Address here = address.with("page", current > 1 ? std::to_string(current) : "");
      const auto& leaf = snapshot->project_index().leaf();
      std::string as_of_carried = carried_as_of(page, asked.as_of);
      std::vector<std::vector<std::string>> rows;
      for (std::size_t i = first; i < last; ++i) {
        const auto& alert = alerts[i];
        const Project& project = portfolio.projects[static_cast<std::size_t>(alert.project)];
        std::string key = alert.milestone >= 0
                              ? portfolio.milestones[static_cast<std::size_t>(alert.milestone)].key
                              : "";
        auto mw = report::alert_capacity(portfolio, leaf, alert.project);
        std::string chain = alert.milestone < 0 || alert.kind == analysis::AlertKind::OutOfSequence
                                ? ""
                                : report::summarise_chain(portfolio, *asked.schedule,
                                                          alert.milestone, page.language, true);
        rows.push_back(
            {severity_badge(alert.severity, page.language),
             html_escape(report::alert_kind_label(alert.kind, page.language)),
             project_from_list(page, project.code, as_of_carried, here), html_escape(project.name),
             html_escape(project.province), milestone_shown(key, page.language),
             report::format_integer(alert.days, page.language),
             mw ? report::format_megawatts(*mw, page.language) : "",
             html_escape(report::alert_message(portfolio, alert, page.language)),
             html_escape(reason_shown(alert.reason, page.language)),
             chain.empty() ? ""
                           : fmt::format(R"(<span class="chain">{}</span>)", html_escape(chain))});
      }
      results += sortable_table(page, alert_columns(page), rows, asked.sort, address, "alerts");
      results += page_numbers(page, address, current, pages, alerts.size(), "alerts", "cảnh báo");
    }
  }

  std::vector<Choice> severities;
  for (auto severity :
       {analysis::Severity::Info, analysis::Severity::Warning, analysis::Severity::Critical})
    severities.push_back(Choice{std::string(analysis::severity_key(severity)),
                                std::string(report::severity_label(severity, page.language))});
  std::vector<Choice> kinds;
  for (auto kind : alert_kinds)
    kinds.push_back(Choice{std::string(analysis::alert_kind_key(kind)),
                           std::string(report::alert_kind_label(kind, page.language))});
  std::string form = fmt::format(
      R"(<form class="filters" method="get" action="/alerts">{hidden})"
      R"(<label>{severity_label} <select name="min_severity">{severities}</select></label>)"
      R"({kind}<label>{province_label} <select name="province">{provinces}</select></label>)"
      R"(<label>{technology_label} <select name="technology">{technologies}</select></label>)"
      R"(<label>{as_of_label} <input type="text" name="as_of" value="{as_of}" )"
      R"(placeholder="dd/mm/yyyy" size="11" inputmode="numeric"></label>)"
      R"(<button type="submit">{apply}</button> <a class="reset" href="{reset}">{reset_label}</a>)"
      R"(</form>)",
      fmt::arg("hidden", (page.vietnamese() ? "" : hidden("lang", "en")) +
                             hidden("scope", asked.whole_country ? "all" : "") +
                             hidden("sort", asked.sort_text)),
      fmt::arg("severity_label", page.text("Minimum severity")),
      fmt::arg("severities",
               [&] {
                 std::string options;
                 for (const auto& choice : severities)
                   options += option(choice.value, choice.label, asked.severity_text);
                 return options;
               }()),
      fmt::arg("kind", select_html("kind", page.text("Kind"), kinds, asked.kind_text,
                                   page.text("all"))),
      fmt::arg("province_label", page.text("Province")),
      fmt::arg("provinces", province_options(page, asked.province_text,
                                             own.empty() || asked.whole_country
                                                 ? page.text("All provinces")
                                                 : page.text("My provinces"))),
      fmt::arg("technology_label", page.text("Technology")),
      fmt::arg("technologies", technology_options(page, asked.technology_text)),
      fmt::arg("as_of_label", page.text("As of")),
      fmt::arg("as_of", html_escape(report::format_date(asked.as_of, page.language))),
      fmt::arg("apply", page.text("Show")), fmt::arg("reset", page.link("/alerts")),
      fmt::arg("reset_label", page.text("Clear filters")));

  std::string content = scope_line(page, own, asked.whole_country, address) + form +
                        (message.empty() ? results
                                         : fmt::format(R"(<p class="error" role="alert">{}</p>)",
                                                       html_escape(message)));
  send_html(page.response, message.empty() ? 200 : 400,
            page_frame(page, page.text("Alerts"), "alerts", content));
}

// The alerts page's rows, all of them, in its order, as a workbook with the page's headings.
void download_alerts(PageContext& page) {
  auto snapshot = page.workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  AlertsAsked asked;
  try {
    find_alerts(page, *snapshot, operations::home_provinces(page.caller.account), asked);
  } catch (const InvalidInput& error) {
    send_error_page(page, 400, report::error_text(page.language, error));
    return;
  }
  io::WorkbookTable table;
  table.sheet = std::string(page.text("alerts"));
  for (const auto& column : alert_columns(page))
    table.headers.push_back(column.label);
  auto leaf = analysis::leaf_projects(portfolio);
  for (const auto& alert : asked.alerts) {
    const Project& project = portfolio.projects[static_cast<std::size_t>(alert.project)];
    std::string key = alert.milestone >= 0
                          ? portfolio.milestones[static_cast<std::size_t>(alert.milestone)].key
                          : "";
    auto mw = report::alert_capacity(portfolio, leaf, alert.project);
    std::string chain =
        alert.milestone < 0 || alert.kind == analysis::AlertKind::OutOfSequence
            ? ""
            : report::summarise_chain(portfolio, *asked.schedule, alert.milestone, page.language, true);
    auto cell = [](std::string value) { return io::WorkbookCell{{}, {}, std::move(value)}; };
    table.rows.push_back({cell(std::string(report::severity_label(alert.severity, page.language))),
                          cell(std::string(report::alert_kind_label(alert.kind, page.language))),
                          cell(project.code), cell(project.name), cell(project.province),
                          cell(milestone_words(key, page.language)),
                          io::WorkbookCell{static_cast<double>(alert.days), {}, {}},
                          mw ? io::WorkbookCell{mw->megawatts(), {}, {}} : cell(""),
                          cell(report::alert_message(portfolio, alert, page.language)),
                          cell(reason_shown(alert.reason, page.language)), cell(chain)});
  }
  std::ostringstream out;
  io::write_table_xlsx(out, table);
  std::string file_name =
      fmt::format("{}-{}.xlsx", page.text("alerts"), asked.as_of.iso_day());
  page.response.status = 200;
  add_security_headers(page.response);
  page.response.set_header("Content-Disposition",
                           fmt::format("attachment; filename=\"{}\"", file_name));
  page.response.set_content(std::move(out).str(),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

}  // namespace

std::string back_to_list_link(const PageContext& page) {
  std::string back = parameter_or(page.request, "back", "");
  // Only a list of this server: anything else (another host, "//elsewhere") is not followed.
  bool known = back == "/" || back.starts_with("/?") || back == "/projects" ||
               back.starts_with("/projects?") || back == "/alerts" || back.starts_with("/alerts?");
  if (known) {
    // A list written without ?lang keeps the page's language by PageContext::link.
    std::string_view label = back.starts_with("/alerts") ? page.text("Alerts")
                             : back.starts_with("/projects")
                                 ? page.text_in("page_lists", "Projects")
                                 : page.text("Dashboard");
    return fmt::format(R"(<a href="{}" rel="up">← {}</a>)", page.link(back), label);
  }
  std::string as_of = parameter_or(page.request, "as_of", "");
  Address list("/projects");
  list.set("as_of", as_of);
  return fmt::format(R"(<a href="{}" rel="up">← {}</a>)", page.link(list.text()),
                     page.text("All projects"));
}

void register_list_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/projects", page_route(workspace, options, projects_page));
  server.Get("/alerts", page_route(workspace, options, show_alerts));
  server.Get("/alerts.xlsx", page_route(workspace, options, busy_answered(download_alerts)));
}

}  // namespace tiendo::web
