// /alerts, /pipeline, /report and the exports: the command line's analysis commands as pages.
// Each reads its filters from a GET form (so a filtered view is a link one can send), asks the
// operations the same question the command line asks, and renders the same report::Table the
// command prints, with links and badges added. A bad filter value re-shows the form with the
// command line's one-line message and status 400.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "domain/command_line.h"
#include "domain/stage.h"
#include "domain/technology.h"
#include "io/tiendo_csv.h"
#include "io/xlsx_export.h"
#include "operations/listings.h"
#include "operations/queries.h"
#include "report/periodic_report.h"
#include "report/views.h"
#include "report/wording.h"
#include "web/heavy_work.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

// Alerts shown a page at a time: a national portfolio can have tens of thousands.
constexpr std::size_t alerts_per_page = 200;

// The provinces a filter can name in this portfolio: each recorded (legacy) province and the
// current unit it now belongs to, so both readings of the --province rule are offered.
std::vector<Choice> province_choices(const Portfolio& portfolio) {
  const auto& registry = ProvinceRegistry::builtin();
  std::set<std::string> names;
  for (const auto& project : portfolio.projects) {
    if (project.province == unknown_province)
      continue;
    names.insert(project.province);
    names.insert(std::string(registry.current_of(project.province)));
  }
  names.erase(std::string(unknown_province));
  std::vector<Choice> choices;
  for (const auto& name : names)
    choices.push_back(Choice{name, name});
  return choices;
}

std::vector<Choice> technology_choices(report::Language language) {
  std::vector<Choice> choices;
  for (std::string_view group : {"wind", "solar", "thermal", "hydro"})
    choices.push_back(
        Choice{std::string(group), report::technology_bucket_label(std::string(group), language)});
  for (auto technology : all_technologies()) {
    std::string key(technology_key(technology));
    choices.push_back(Choice{key, report::technology_bucket_label(key, language)});
  }
  return choices;
}

std::vector<Choice> stage_choices(report::Language language) {
  bool vietnamese = language == report::Language::Vietnamese;
  std::vector<Choice> choices;
  for (auto stage : all_stages())
    choices.push_back(
        Choice{std::string(stage_key(stage)),
               std::string(vietnamese ? stage_label_vi(stage) : stage_label_en(stage))});
  for (auto status : {ProjectStatus::Suspended, ProjectStatus::Cancelled, ProjectStatus::Retired}) {
    std::string key(status_key(status));
    choices.push_back(Choice{key, vietnamese ? std::string(status_label_vi(status)) : key});
  }
  return choices;
}

// A GET form keeps the page's language: the links carry ?lang=en, so the form must too.
std::string language_field(const PageContext& page) {
  return page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)";
}

std::string date_field(std::string_view name, std::string_view label, const std::string& value) {
  return fmt::format(R"(<label>{} <input type="date" name="{}" value="{}"></label>)",
                     report::html_escape(label), name, report::html_escape(value));
}

std::string error_paragraph(const std::string& message) {
  return fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n", report::html_escape(message));
}

// The exports, linked from /pipeline and from the report's bar.
std::string exports_list(const PageContext& page) {
  return fmt::format(
      R"(<ul class="exports">
<li><a href="/export/projects.csv" download>projects.csv</a> — {}</li>
<li><a href="/export/milestones.csv" download>milestones.csv</a> — {}</li>
<li><a href="/export/dependencies.csv" download>dependencies.csv</a> — {}</li>
<li><a href="/export/portfolio.xlsx" download>portfolio.xlsx</a> — {}</li>
</ul>
)",
      page.text("the projects, as tiendo import reads them",
                "các dự án, đúng định dạng tiendo import đọc được"),
      page.text("their milestones", "các mốc tiến độ"),
      page.text("the links between milestones", "các liên kết giữa các mốc"),
      page.text("all three as an Excel workbook", "cả ba trong một tệp Excel"));
}

// The first and last day of the quarter holding `day`: the period a provincial department
// reports on, and so what /report shows when no period is asked for.
std::pair<Date, Date> quarter_of(Date day) {
  int first_month = (day.month() - 1) / 3 * 3 + 1;
  Date first = *Date::from_ymd(day.year(), first_month, 1);
  Date next = first_month == 10 ? *Date::from_ymd(day.year() + 1, 1, 1)
                                : *Date::from_ymd(day.year(), first_month + 3, 1);
  return {first, Date::from_days(next.days() - 1)};
}

void show_alerts(PageContext& page) {
  const auto& request = page.request;
  auto snapshot = page.workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  std::string severity_text = parameter_or(request, "min_severity", "");
  std::string kind_text = parameter_or(request, "kind", "");
  std::string province_text = parameter_or(request, "province", "");
  std::string technology_text = parameter_or(request, "technology", "");
  std::string as_of_text = parameter_or(request, "as_of", "");

  std::string message;
  std::string results;
  std::string as_of_shown = Date::today_in_vietnam().iso_day();
  try {
    Date as_of = as_of_parameter(request);
    as_of_shown = as_of.iso_day();
    operations::AlertsQuery query;
    if (!severity_text.empty()) {
      auto minimum = analysis::parse_severity(severity_text);
      if (!minimum)
        throw InvalidInput(fmt::format("min_severity: '{}': write info, warning or critical",
                                       shown_safely(severity_text)));
      query.minimum = *minimum;
    }
    std::optional<analysis::AlertKind> kind;
    for (auto candidate : {analysis::AlertKind::Overdue, analysis::AlertKind::CodSlip,
                           analysis::AlertKind::BaselineSlip, analysis::AlertKind::Stale,
                           analysis::AlertKind::OutOfSequence, analysis::AlertKind::MissingReason})
      if (analysis::alert_kind_key(candidate) == kind_text)
        kind = candidate;
    if (!kind_text.empty() && !kind)
      throw InvalidInput(fmt::format(
          "kind: '{}': write overdue, cod_slip, baseline_slip, stale or out_of_sequence",
          shown_safely(kind_text)));
    if (!province_text.empty())
      query.province = ProvinceFilter::parse(province_text, ProvinceRegistry::builtin(), false);
    if (!technology_text.empty())
      query.technology = TechnologyFilter::parse(technology_text);
    auto offset = static_cast<std::size_t>(count_parameter(request, "offset", 0, 0, 100'000'000));

    auto schedule = snapshot->schedule(as_of);
    auto alerts =
        operations::alerts_of(snapshot->scheduled(), *schedule, snapshot->alert_settings(), query);
    if (kind)
      std::erase_if(alerts, [&](const analysis::Alert& alert) { return alert.kind != *kind; });

    std::size_t counts[3] = {0, 0, 0};
    for (const auto& alert : alerts)
      ++counts[static_cast<std::size_t>(alert.severity)];
    results +=
        fmt::format("<p class=\"summary\">{}: <strong>{}</strong> — {} {}, {} {}, {} {}</p>\n",
                    page.text("Alerts", "Số cảnh báo"),
                    report::format_integer(static_cast<long long>(alerts.size()), page.language),
                    report::format_integer(static_cast<long long>(counts[2]), page.language),
                    report::severity_label(analysis::Severity::Critical, page.language),
                    report::format_integer(static_cast<long long>(counts[1]), page.language),
                    report::severity_label(analysis::Severity::Warning, page.language),
                    report::format_integer(static_cast<long long>(counts[0]), page.language),
                    report::severity_label(analysis::Severity::Info, page.language));
    if (alerts.empty()) {
      results += fmt::format("<p class=\"notice\">{}</p>\n",
                             page.text("No alert matches these filters on this date.",
                                       "Không có cảnh báo nào khớp bộ lọc vào ngày này."));
    } else {
      std::size_t first = std::min(offset, alerts.size());
      std::size_t last = std::min(alerts.size(), first + alerts_per_page);
      std::vector<analysis::Alert> shown(alerts.begin() + static_cast<std::ptrdiff_t>(first),
                                         alerts.begin() + static_cast<std::ptrdiff_t>(last));
      auto table = report::alerts_table(portfolio, *schedule, shown, page.language);
      results += table_html(
          table, [&](std::size_t row, std::size_t column, const std::string& cell) -> std::string {
            if (column == 0)
              return fmt::format(R"(<span class="badge severity-{}">{}</span>)",
                                 analysis::severity_key(shown[row].severity),
                                 report::html_escape(cell));
            if (column == 2)
              return project_link(
                  page, cell,
                  portfolio.projects[static_cast<std::size_t>(shown[row].project)].name);
            return report::html_escape(cell);
          });
      std::string base =
          fmt::format("/alerts?min_severity={}&kind={}&province={}&technology={}&as_of={}",
                      report::url_component(severity_text), report::url_component(kind_text),
                      report::url_component(province_text), report::url_component(technology_text),
                      report::url_component(as_of_text));
      results += pager_html(page, base, first, alerts_per_page, alerts.size());
    }
  } catch (const InvalidInput& error) {
    message = error.what();
  }

  std::vector<Choice> severities;
  for (auto severity :
       {analysis::Severity::Info, analysis::Severity::Warning, analysis::Severity::Critical})
    severities.push_back(Choice{std::string(analysis::severity_key(severity)),
                                std::string(report::severity_label(severity, page.language))});
  std::vector<Choice> kinds;
  for (auto kind : {analysis::AlertKind::Overdue, analysis::AlertKind::CodSlip,
                    analysis::AlertKind::BaselineSlip, analysis::AlertKind::Stale,
                    analysis::AlertKind::OutOfSequence, analysis::AlertKind::MissingReason})
    kinds.push_back(Choice{std::string(analysis::alert_kind_key(kind)),
                           std::string(report::alert_kind_label(kind, page.language))});

  std::string form = fmt::format(
      R"(<form class="filters" method="get" action="/alerts">{lang}
{severity}
{kind}
{province}
{technology}
{as_of}
<button type="submit">{apply}</button>
<a class="reset" href="{reset}">{reset_label}</a>
</form>
)",
      fmt::arg("lang", language_field(page)),
      fmt::arg("severity",
               select_html("min_severity", page.text("Minimum severity", "Mức tối thiểu"),
                           severities, severity_text, "")),
      fmt::arg("kind", select_html("kind", page.text("Kind", "Loại"), kinds, kind_text,
                                   page.text("all", "tất cả"))),
      fmt::arg("province",
               select_html("province", page.text("Province", "Tỉnh"), province_choices(portfolio),
                           province_text, page.text("all", "tất cả"))),
      fmt::arg("technology", select_html("technology", page.text("Technology", "Công nghệ"),
                                         technology_choices(page.language), technology_text,
                                         page.text("all", "tất cả"))),
      fmt::arg("as_of", date_field("as_of", page.text("As of", "Tính đến ngày"), as_of_shown)),
      fmt::arg("apply", page.text("Show", "Xem")), fmt::arg("reset", page.link("/alerts")),
      fmt::arg("reset_label", page.text("Clear filters", "Bỏ lọc")));

  std::string content = form + (message.empty() ? results : error_paragraph(message));
  send_html(page.response, message.empty() ? 200 : 400,
            page_frame(page, page.text("Alerts", "Cảnh báo"), "alerts", content));
}

void show_pipeline(PageContext& page) {
  const auto& request = page.request;
  auto snapshot = page.workspace.snapshot();
  auto chosen_fields = parameter_values(request, "by");
  std::erase(chosen_fields, std::string());
  std::string province_text = parameter_or(request, "province", "");
  std::string technology_text = parameter_or(request, "technology", "");
  std::string stage_text = parameter_or(request, "stage", "");
  std::string basis_text = parameter_or(request, "cod_basis", "forecast");

  std::string message;
  std::string results;
  std::string as_of_shown = Date::today_in_vietnam().iso_day();
  try {
    Date as_of = as_of_parameter(request);
    as_of_shown = as_of.iso_day();
    operations::PipelineRequest asked;
    asked.option_prefix = "";
    asked.by = chosen_fields.empty() ? "stage" : fmt::format("{}", fmt::join(chosen_fields, ","));
    asked.province = province_text;
    asked.technology = technology_text;
    asked.stage = stage_text;
    asked.cod_basis = basis_text;
    auto query = operations::parse_pipeline_request(asked);
    auto schedule = snapshot->schedule(as_of);
    auto result = operations::pipeline_of(snapshot->scheduled(), *schedule, query);
    results = table_html(report::pipeline_table(result, query.group_by, page.language));
  } catch (const InvalidInput& error) {
    message = error.what();
  }
  if (chosen_fields.empty())
    chosen_fields.push_back("stage");

  // The grouping checkboxes stand above the filter bar, whose labels stack a caption over its
  // field; they belong to its form by their form attribute, so one "Show" sends everything.
  std::string checkboxes;
  for (std::string_view field :
       {"province", "technology", "technology_group", "stage", "cod_year", "investor"}) {
    bool checked =
        std::find(chosen_fields.begin(), chosen_fields.end(), field) != chosen_fields.end();
    checkboxes += fmt::format(
        R"(<label><input type="checkbox" form="pipeline-filters" name="by" value="{}"{}> {}</label>
)",
        field, checked ? " checked" : "",
        report::html_escape(report::word_for_key(field, page.language)));
  }
  std::vector<Choice> bases = {{"forecast", std::string(page.text("forecast COD", "COD dự báo"))},
                               {"planned", std::string(page.text("planned COD", "COD kế hoạch"))}};
  std::string form = fmt::format(
      R"(<fieldset class="group-by"><legend>{group_by}</legend>
{checkboxes}</fieldset>
<form class="filters" id="pipeline-filters" method="get" action="/pipeline">{lang}
{province}
{technology}
{stage}
{basis}
{as_of}
<button type="submit">{apply}</button>
<a class="reset" href="{reset}">{reset_label}</a>
</form>
)",
      fmt::arg("lang", language_field(page)),
      fmt::arg("group_by", page.text("Group by", "Nhóm theo")), fmt::arg("checkboxes", checkboxes),
      fmt::arg("province", select_html("province", page.text("Province", "Tỉnh"),
                                       province_choices(snapshot->portfolio()), province_text,
                                       page.text("all", "tất cả"))),
      fmt::arg("technology", select_html("technology", page.text("Technology", "Công nghệ"),
                                         technology_choices(page.language), technology_text,
                                         page.text("all", "tất cả"))),
      fmt::arg("stage",
               select_html("stage", page.text("Stage", "Giai đoạn"), stage_choices(page.language),
                           stage_text, page.text("all", "tất cả"))),
      fmt::arg("basis", select_html("cod_basis", page.text("COD year from", "Năm COD theo"), bases,
                                    basis_text, "")),
      fmt::arg("as_of", date_field("as_of", page.text("As of", "Tính đến ngày"), as_of_shown)),
      fmt::arg("apply", page.text("Show", "Xem")), fmt::arg("reset", page.link("/pipeline")),
      fmt::arg("reset_label", page.text("Clear filters", "Bỏ lọc")));

  auto [quarter_start, quarter_end] = quarter_of(Date::today_in_vietnam());
  std::string downloads = fmt::format(
      R"(<section class="downloads">
<h2>{report_heading}</h2>
<form class="filters" method="get" action="/report">{lang}
{from}
{to}
<label>{province_label} <input name="province" value="{province}"></label>
<button type="submit">{open}</button>
</form>
<h2>{exports_heading}</h2>
{exports}</section>
)",
      fmt::arg("report_heading", page.text("Periodic report", "Báo cáo định kỳ")),
      fmt::arg("lang", language_field(page)),
      fmt::arg("from", date_field("from", page.text("From", "Từ ngày"), quarter_start.iso_day())),
      fmt::arg("to", date_field("to", page.text("To", "Đến ngày"), quarter_end.iso_day())),
      fmt::arg("province_label", page.text("Province (optional)", "Tỉnh (không bắt buộc)")),
      fmt::arg("province", report::html_escape(province_text)),
      fmt::arg("open", page.text("Open the report", "Mở báo cáo")),
      fmt::arg("exports_heading", page.text("Download the data", "Tải dữ liệu")),
      fmt::arg("exports", exports_list(page)));

  std::string content = form + (message.empty() ? results : error_paragraph(message)) + downloads;
  send_html(page.response, message.empty() ? 200 : 400,
            page_frame(page, page.text("Pipeline", "Danh mục dự án"), "pipeline", content));
}

// The report is the same self-contained document `tiendo report` writes, so what a department
// prints from the browser is what the command line drafts. A bar at its top (hidden in print by
// report-controls.css) leads back to the workspace and lets the period be changed.
void show_report(PageContext& page) {
  const auto& request = page.request;
  auto [quarter_start, quarter_end] = quarter_of(Date::today_in_vietnam());
  std::string from_text = parameter_or(request, "from", quarter_start.iso_day());
  std::string to_text = parameter_or(request, "to", quarter_end.iso_day());
  std::string province_text = parameter_or(request, "province", "");
  Date from = Date::parse_option("from", from_text);
  Date to = Date::parse_option("to", to_text);
  if (to < from)
    throw InvalidInput(
        fmt::format("to: '{}': before from '{}'", shown_safely(to_text), shown_safely(from_text)));
  std::optional<ProvinceFilter> province;
  if (!province_text.empty())
    province = ProvinceFilter::parse(province_text, ProvinceRegistry::builtin(), false);

  // Heavy work, kept with the portfolio it was made from for the next reader of the same period.
  // It is read through a connection of its own: a write being prepared does not hold it up.
  auto snapshot = page.workspace.snapshot();
  std::string key = fmt::format("report|{}|{}|{}|{}", from.iso_day(), to.iso_day(), province_text,
                                page.vietnamese() ? "vi" : "en");
  auto answer =
      heavy_answer(page.workspace.heavy_work(), *snapshot, page.caller.account.name, key, [&] {
        std::ostringstream document;
        page.workspace.with_reading([&](store::Database& database) {
          auto answer = operations::query_periodic_report(database, from, to, province, "");
          report::ReportContext view{answer.scheduled.portfolio,
                                     answer.scheduled.schedule,
                                     answer.report,
                                     answer.baseline.dates ? &*answer.baseline.dates : nullptr,
                                     answer.baseline.name,
                                     page.language,
                                     &answer.forecast};
          report::render_report_html(document, view);
        });
        return std::move(document).str();
      });
  std::string html = *answer.text;

  std::string controls = fmt::format(
      R"(<nav class="report-controls" aria-label="{label}">
<link rel="stylesheet" href="/assets/report-controls.css">
<a href="{home}">← tiendo</a>
<form method="get" action="/report">{lang}
{from}
{to}
<label>{province_label} <input name="province" value="{province}"></label>
<button type="submit">{show}</button>
</form>
<span class="report-exports">{download}: <a href="/export/projects.csv" download>projects.csv</a>
<a href="/export/milestones.csv" download>milestones.csv</a>
<a href="/export/dependencies.csv" download>dependencies.csv</a>
<a href="/export/portfolio.xlsx" download>portfolio.xlsx</a></span>
</nav>
)",
      fmt::arg("label", page.text("Report period", "Kỳ báo cáo")),
      fmt::arg("home", page.link("/pipeline")), fmt::arg("lang", language_field(page)),
      fmt::arg("from", date_field("from", page.text("From", "Từ ngày"), from.iso_day())),
      fmt::arg("to", date_field("to", page.text("To", "Đến ngày"), to.iso_day())),
      fmt::arg("province_label", page.text("Province", "Tỉnh")),
      fmt::arg("province", report::html_escape(province_text)),
      fmt::arg("show", page.text("Show", "Xem")),
      fmt::arg("download", page.text("Data", "Dữ liệu")));
  auto body = html.find("<body>");
  if (body != std::string::npos)
    html.insert(body + std::string_view("<body>").size(), "\n" + controls);
  send_html(page.response, 200, std::move(html));
  mark_cache(page.response, answer.from_cache);
}

// A file to download: the bytes, named so the browser saves them rather than shows them.
void send_download(PageContext& page, const std::string& file_name, std::string_view content_type,
                   std::string bytes) {
  page.response.status = 200;
  add_security_headers(page.response);
  page.response.set_header("Content-Disposition",
                           fmt::format("attachment; filename=\"{}\"", file_name));
  page.response.set_content(std::move(bytes), std::string(content_type));
}

// An export of the whole portfolio is heavy work, kept with the portfolio it was made from.
void send_export(PageContext& page, const std::string& file_name, std::string_view content_type,
                 const std::string& key, const std::function<std::string(const Snapshot&)>& make) {
  auto snapshot = page.workspace.snapshot();
  auto answer = heavy_answer(page.workspace.heavy_work(), *snapshot, page.caller.account.name,
                             "export|" + key, [&] { return make(*snapshot); });
  send_download(page, file_name, content_type, *answer.text);
  mark_cache(page.response, answer.from_cache);
}

}  // namespace

void register_analysis_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/alerts", page_route(workspace, options, show_alerts));
  server.Get("/pipeline", page_route(workspace, options, show_pipeline));
  server.Get("/report", page_route(workspace, options, busy_answered(show_report)));

  // The exports are the tiendo CSVs `tiendo export` writes, the format import reads back, from the
  // portfolio the server holds (reloaded first if anyone wrote since).
  using Writer = void (*)(std::ostream&, const Portfolio&);
  const std::pair<const char*, Writer> exports[] = {{"projects", io::write_projects_csv},
                                                    {"milestones", io::write_milestones_csv},
                                                    {"dependencies", io::write_dependencies_csv}};
  for (const auto& entry : exports) {
    // A plain variable, not a structured binding: clang 14 cannot capture one in a lambda.
    auto writer = entry.second;
    std::string file_name = std::string(entry.first) + ".csv";
    server.Get("/export/" + file_name,
               page_route(workspace, options, busy_answered([file_name, writer](PageContext& page) {
                            send_export(page, file_name, "text/csv; charset=utf-8", file_name,
                                        [writer](const Snapshot& snapshot) {
                                          std::ostringstream out;
                                          writer(out, snapshot.portfolio());
                                          return std::move(out).str();
                                        });
                          })));
  }
  server.Get("/export/portfolio.xlsx",
             page_route(workspace, options, busy_answered([](PageContext& page) {
                          Date today = Date::today_in_vietnam();
                          send_export(
                              page, "portfolio.xlsx",
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              "portfolio.xlsx|" + today.iso_day(),
                              [today](const Snapshot& snapshot) {
                                const Portfolio& portfolio = snapshot.portfolio();
                                auto standings = operations::project_standings(portfolio, today);
                                std::ostringstream out;
                                io::write_xlsx(out, portfolio, standings, io::TableSelection{});
                                return std::move(out).str();
                              });
                        })));
}

}  // namespace tiendo::web
