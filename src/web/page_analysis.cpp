// /alerts, /pipeline and the exports (/report is page_report.cpp): the command line's analysis commands as pages.
// Each reads its filters from a GET form (so a filtered view is a link one can send), asks the
// operations the same question the command line asks, and renders the same report::Table the
// command prints, with links and badges added. A bad filter value re-shows the form with the
// command line's one-line message and status 400.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "domain/command_line.h"
#include "domain/stage.h"
#include "domain/technology.h"
#include "io/tiendo_csv.h"
#include "io/xlsx_export.h"
#include "operations/listings.h"
#include "operations/queries.h"
#include "report/catalogue.h"
#include "report/periodic_report.h"
#include "report/views.h"
#include "report/wording.h"
#include "web/heavy_work.h"
#include "web/page_parts.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

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
    choices.push_back(
        Choice{key, std::string(vietnamese ? status_label_vi(status) : status_label_en(status))});
  }
  return choices;
}

// A GET form keeps the page's language: the links carry ?lang=en, so the form must too.
std::string language_field(const PageContext& page) {
  return page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)";
}

// One date field everywhere: text, written dd/mm/yyyy, reading every form the command line reads
// (15/07/2019, 07/2019, 2019-07-15); not the browser's picker, whose look follows the browser's
// language rather than the page's.
std::string date_field(std::string_view name, std::string_view label, const std::string& value) {
  auto date = Date::try_parse(value);
  return fmt::format(
      R"(<label>{} <input name="{}" value="{}" placeholder="dd/mm/yyyy" size="11" autocomplete="off"></label>)",
      report::html_escape(label), name, report::html_escape(date ? date->vietnamese() : value));
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
<li><a href="/export/calendars.csv" download>calendars.csv</a> — {}</li>
<li><a href="/export/portfolio.xlsx" download>portfolio.xlsx</a> — {}</li>
</ul>
)",
      page.text("the projects, as tiendo import reads them"),
      page.text("their milestones"),
      page.text("the links between milestones"),
      page.text("the department's working calendars, which projects and milestones name"),
      page.text("all three as an Excel workbook"));
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

void send_download(PageContext& page, const std::string& file_name, std::string_view content_type,
                   std::string bytes);

// What /pipeline and /pipeline.xlsx are asked: the grouping, the filters and the view.
struct PipelineAsked {
  std::vector<std::string> fields;  // The group fields chosen, in the page's order.
  std::string province, technology, stage, basis;
  bool legacy = false;
  bool crosstab = false;
  std::string as_of_text;
  Date as_of;
  operations::PipelineRequest request;
};

PipelineAsked read_pipeline(const httplib::Request& request) {
  PipelineAsked asked;
  asked.fields = parameter_values(request, "by");
  std::erase(asked.fields, std::string());
  asked.province = parameter_or(request, "province", "");
  asked.technology = parameter_or(request, "technology", "");
  asked.stage = parameter_or(request, "stage", "");
  asked.basis = parameter_or(request, "cod_basis", "forecast");
  asked.legacy = flag_parameter(request, "legacy_provinces");
  asked.crosstab = parameter_or(request, "view", "") == "crosstab";
  asked.as_of_text = parameter_or(request, "as_of", "");
  asked.as_of = as_of_parameter(request);
  auto& wanted = asked.request;
  wanted.option_prefix = "";
  wanted.by = asked.fields.empty() ? "stage" : fmt::format("{}", fmt::join(asked.fields, ","));
  wanted.province = asked.province;
  wanted.technology = asked.technology;
  wanted.stage = asked.stage;
  wanted.cod_basis = asked.basis;
  wanted.legacy_provinces = asked.legacy;
  return asked;
}

// The page's parameters again, for its links (the cross-tab, the download), without `view`.
std::string pipeline_parameters(const PageContext& page, const PipelineAsked& asked) {
  std::string query;
  for (const auto& field : asked.fields)
    query += "&by=" + report::url_component(field);
  for (const auto& [name, value] :
       {std::pair<std::string_view, const std::string&>{"province", asked.province},
        {"technology", asked.technology},
        {"stage", asked.stage},
        {"cod_basis", asked.basis},
        {"as_of", asked.as_of_text}})
    if (!value.empty())
      query += fmt::format("&{}={}", name, report::url_component(value));
  if (asked.legacy)
    query += "&legacy_provinces=1";
  if (!page.vietnamese())
    query += "&lang=en";
  return query;
}

// The pipeline of the same filters grouped by `fields` (the page's charts and cross-tab).
analysis::PipelineResult pipeline_by(const Snapshot& snapshot, const analysis::Schedule& schedule,
                                     const PipelineAsked& asked, const std::string& fields) {
  auto request = asked.request;
  request.by = fields;
  return snapshot.pipeline(schedule, operations::parse_pipeline_request(request));
}

// The field the stacked bars stand on: the province when the page groups by it, else the
// technology (or its group) it groups by, else the technology group.
std::string bar_field(const PipelineAsked& asked) {
  for (std::string_view field : {"province", "technology", "technology_group", "investor"})
    if (std::find(asked.fields.begin(), asked.fields.end(), field) != asked.fields.end())
      return std::string(field);
  return "technology_group";
}

// Stacked bars of MW by stage for each province or technology: the largest 40, then one bar
// for the rest, so that a national view of 63 provinces stays a chart one can read.
std::string stage_bars(const PageContext& page, const analysis::PipelineResult& result,
                       const std::string& field) {
  constexpr std::size_t most_bars = 40;
  auto table = report::pipeline_table(result, {*analysis::parse_group_field(field),
                                               analysis::GroupField::Stage},
                                      page.language, true);
  std::vector<Bar> bars;
  std::map<std::string, std::size_t> bar_of;
  std::vector<std::string> stages_seen;
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const auto& row = result.rows[i];
    std::string label = table.rows[i][0];
    std::string stage = row.keys[1].value_or("unknown");
    auto [found, added] = bar_of.emplace(label, bars.size());
    if (added)
      bars.push_back(Bar{label, {}});
    bars[found->second].parts.push_back(
        BarPart{stage_text(stage, page.language), stage_colour(stage), row.mw});
    if (std::find(stages_seen.begin(), stages_seen.end(), stage) == stages_seen.end())
      stages_seen.push_back(stage);
  }
  auto total = [](const Bar& bar) {
    Capacity sum;
    for (const auto& part : bar.parts)
      sum += part.mw;
    return sum;
  };
  std::stable_sort(bars.begin(), bars.end(),
                   [&](const Bar& a, const Bar& b) { return total(a) > total(b); });
  if (bars.size() > most_bars) {
    Bar rest{fmt::format(fmt::runtime(page.text("{} others")),
                         bars.size() - most_bars + 1),
             {}};
    std::map<std::string, std::size_t> part_of;
    for (std::size_t i = most_bars - 1; i < bars.size(); ++i)
      for (const auto& part : bars[i].parts) {
        auto [found, added] = part_of.emplace(part.name, rest.parts.size());
        if (added)
          rest.parts.push_back(BarPart{part.name, part.colour, Capacity{}});
        rest.parts[found->second].mw += part.mw;
      }
    bars.resize(most_bars - 1);
    bars.push_back(std::move(rest));
  }
  std::vector<std::pair<std::string, std::string>> legend;
  for (Stage stage : all_stages()) {
    std::string key(stage_key(stage));
    if (std::find(stages_seen.begin(), stages_seen.end(), key) != stages_seen.end())
      legend.emplace_back(stage_text(key, page.language), stage_colour(key));
  }
  for (const auto& stage : stages_seen)
    if (!parse_stage(stage))
      legend.emplace_back(stage_text(stage, page.language), stage_colour(stage));
  std::string title = field == "province"
                          ? std::string(page.text("MW by province and stage"))
                          : field == "investor"
                                ? std::string(page.text("MW by investor and stage"))
                                : std::string(page.text("MW by technology and stage"));
  if (bars.empty())
    return fmt::format("<p class=\"notice\">{}</p>\n",
                       page.text("No project matches these filters: nothing to draw."));
  return stacked_bar_chart("pipeline-stages", title, bars, legend, page.language);
}

// A grouping field as a person reads it: its Vietnamese word, or in English its words
// ("technology group", "COD year"), never the key (technology_group).
std::string group_label(std::string_view field, report::Language language) {
  if (language == report::Language::Vietnamese)
    return std::string(report::word_for_key(field, language));
  if (field == "cod_year")
    return "COD year";
  std::string words(field);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

std::string cod_year_columns_chart(const PageContext& page,
                                   const analysis::PipelineResult& result) {
  std::vector<std::pair<int, Capacity>> years;
  for (const auto& row : result.rows)
    if (row.keys[0])
      years.emplace_back(std::stoi(*row.keys[0]), row.mw);
  return column_chart("pipeline-cod-year",
                      page.text("MW by year of commercial operation"),
                      cod_year_columns(years), page.language,
                      page.text("No project matching these filters has a COD date."));
}

// Province × stage: a row per province, a column per stage the rows hold, MW in each cell, the
// totals in the last row and column. Cells are numbers for the workbook and text for the page.
struct CrossTab {
  std::vector<std::string> headers;
  std::vector<std::vector<std::optional<Capacity>>> cells;  // Blank where a province has none.
  std::vector<std::string> row_labels;
};

CrossTab cross_tab(const PageContext& page, const analysis::PipelineResult& result) {
  auto table = report::pipeline_table(
      result, {analysis::GroupField::Province, analysis::GroupField::Stage}, page.language, true);
  std::vector<std::string> stages;
  for (Stage stage : all_stages())
    stages.emplace_back(stage_key(stage));
  for (const auto& row : result.rows) {
    std::string stage = row.keys[1].value_or("unknown");
    if (std::find(stages.begin(), stages.end(), stage) == stages.end())
      stages.push_back(stage);
  }
  std::vector<bool> used(stages.size(), false);
  std::map<std::string, std::vector<std::optional<Capacity>>> by_province;
  std::vector<std::string> order;
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const std::string& province = table.rows[i][0];
    auto stage = std::find(stages.begin(), stages.end(), result.rows[i].keys[1].value_or("unknown")) -
                 stages.begin();
    auto [found, added] =
        by_province.emplace(province, std::vector<std::optional<Capacity>>(stages.size()));
    if (added)
      order.push_back(province);
    found->second[static_cast<std::size_t>(stage)] =
        found->second[static_cast<std::size_t>(stage)].value_or(Capacity{}) + result.rows[i].mw;
    used[static_cast<std::size_t>(stage)] = true;
  }
  CrossTab cross;
  cross.headers.emplace_back(page.text("Province"));
  for (std::size_t s = 0; s < stages.size(); ++s)
    if (used[s])
      cross.headers.push_back(stage_text(stages[s], page.language) + " (MW)");
  cross.headers.emplace_back(page.text("Total (MW)"));
  std::vector<Capacity> column_totals(stages.size());
  Capacity grand;
  for (const auto& province : order) {
    std::vector<std::optional<Capacity>> row;
    Capacity sum;
    for (std::size_t s = 0; s < stages.size(); ++s)
      if (used[s]) {
        row.push_back(by_province[province][s]);
        if (by_province[province][s]) {
          sum += *by_province[province][s];
          column_totals[s] += *by_province[province][s];
        }
      }
    row.push_back(sum);
    grand += sum;
    cross.row_labels.push_back(province);
    cross.cells.push_back(std::move(row));
  }
  std::vector<std::optional<Capacity>> totals;
  for (std::size_t s = 0; s < stages.size(); ++s)
    if (used[s])
      totals.push_back(column_totals[s]);
  totals.push_back(grand);
  cross.row_labels.emplace_back(report::word("total", page.language));
  cross.cells.push_back(std::move(totals));
  return cross;
}

std::string cross_tab_html(const PageContext& page, const CrossTab& cross) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < cross.cells.size(); ++r) {
    bool total = r + 1 == cross.cells.size();
    std::vector<std::string> row{total ? fmt::format("<strong>{}</strong>",
                                                     report::html_escape(cross.row_labels[r]))
                                       : report::html_escape(cross.row_labels[r])};
    for (const auto& cell : cross.cells[r])
      row.push_back(cell ? report::format_megawatts(*cell, page.language) : "");
    rows.push_back(std::move(row));
  }
  std::vector<bool> numeric(cross.headers.size(), true);
  numeric[0] = false;
  return html_table_raw(cross.headers, rows, numeric, "crosstab");
}

void show_pipeline(PageContext& page) {
  auto snapshot = page.workspace.snapshot();
  PipelineAsked asked;
  std::string message;
  std::string results;
  std::string as_of_shown = Date::today_in_vietnam().iso_day();
  try {
    asked = read_pipeline(page.request);
    as_of_shown = asked.as_of.iso_day();
    auto query = operations::parse_pipeline_request(asked.request);
    auto schedule = snapshot->schedule(asked.as_of);
    std::string field = bar_field(asked);
    std::string charts = fmt::format(
        R"(<div class="grid-2"><section class="panel"><h2>{}</h2><div class="chart-wrap">{}</div></section>)"
        R"(<section class="panel"><h2>{}</h2><div class="chart-wrap">{}</div></section></div>)"
        "\n",
        field == "province"   ? page.text_in("page_analysis", "MW by province and stage")
        : field == "investor" ? page.text_in("page_analysis", "MW by investor and stage")
                              : page.text_in("page_analysis", "MW by technology and stage"),
        stage_bars(page, pipeline_by(*snapshot, *schedule, asked, field + ",stage"), field),
        page.text("MW by year of COD (projects with a COD date)"),
        cod_year_columns_chart(page, pipeline_by(*snapshot, *schedule, asked, "cod_year")));
    std::string parameters = pipeline_parameters(page, asked);
    std::string views = fmt::format(
        R"(<p class="views"><a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}" download>{}</a></p>)"
        "\n",
        report::html_escape("/pipeline?" + parameters.substr(parameters.empty() ? 0 : 1)),
        page.text("Grouped list"),
        report::html_escape("/pipeline?view=crosstab" + parameters),
        page.text("Province × stage table"),
        report::html_escape("/pipeline.xlsx?" + std::string(asked.crosstab ? "view=crosstab" : "") +
                            (asked.crosstab ? parameters : parameters.substr(parameters.empty() ? 0 : 1))),
        page.text("Download what is shown (Excel)"));
    std::string table =
        asked.crosstab
            ? cross_tab_html(page, cross_tab(page, pipeline_by(*snapshot, *schedule, asked,
                                                               "province,stage")))
            : table_html(report::pipeline_table(
                  snapshot->pipeline(*schedule, query), query.group_by, page.language, true));
    results = charts + views + table;
  } catch (const InvalidInput& error) {
    message = report::error_text(page.language, error);
  }
  if (asked.fields.empty())
    asked.fields.push_back("stage");

  // The grouping checkboxes stand above the filter bar, whose labels stack a caption over its
  // field; they belong to its form by their form attribute, so one "Show" sends everything.
  std::string checkboxes;
  for (std::string_view field :
       {"province", "technology", "technology_group", "stage", "cod_year", "investor"}) {
    bool checked =
        std::find(asked.fields.begin(), asked.fields.end(), field) != asked.fields.end();
    checkboxes += fmt::format(
        R"(<label><input type="checkbox" form="pipeline-filters" name="by" value="{}"{}> {}</label>
)",
        field, checked ? " checked" : "",
        report::html_escape(group_label(field, page.language)));
  }
  std::vector<Choice> bases = {{"forecast", std::string(page.text("forecast COD"))},
                               {"planned", std::string(page.text("planned COD"))}};
  std::string form = fmt::format(
      R"(<fieldset class="group-by"><legend>{group_by}</legend>
{checkboxes}</fieldset>
<form class="filters" id="pipeline-filters" method="get" action="/pipeline">{lang}{view}
{province}
{technology}
{stage}
{basis}
{as_of}
<label class="check"><input type="checkbox" name="legacy_provinces" value="1"{legacy_checked}> {legacy}</label>
<button type="submit">{apply}</button>
<a class="reset" href="{reset}">{reset_label}</a>
</form>
)",
      fmt::arg("lang", language_field(page)),
      fmt::arg("view", asked.crosstab ? R"(<input type="hidden" name="view" value="crosstab">)" : ""),
      fmt::arg("group_by", page.text("Group by")), fmt::arg("checkboxes", checkboxes),
      fmt::arg("province", select_html("province", page.text("Province"),
                                       province_choices(snapshot->portfolio()), asked.province,
                                       page.text("all"))),
      fmt::arg("technology", select_html("technology", page.text("Technology"),
                                         technology_choices(page.language), asked.technology,
                                         page.text("all"))),
      fmt::arg("stage",
               select_html("stage", page.text("Stage"), stage_choices(page.language),
                           asked.stage, page.text("all"))),
      fmt::arg("basis", select_html("cod_basis", page.text("COD year from"), bases,
                                    asked.basis, "")),
      fmt::arg("as_of", date_field("as_of", page.text("As of"), as_of_shown)),
      fmt::arg("legacy_checked", asked.legacy ? " checked" : ""),
      fmt::arg("legacy", page.text("the 63 provinces before 1 July 2025")),
      fmt::arg("apply", page.text("Show")), fmt::arg("reset", page.link("/pipeline")),
      fmt::arg("reset_label", page.text("Clear filters")));

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
      fmt::arg("report_heading", page.text("Periodic report")),
      fmt::arg("lang", language_field(page)),
      fmt::arg("from", date_field("from", page.text("From"), quarter_start.iso_day())),
      fmt::arg("to", date_field("to", page.text("To"), quarter_end.iso_day())),
      fmt::arg("province_label", page.text("Province (optional)")),
      fmt::arg("province", report::html_escape(asked.province)),
      fmt::arg("open", page.text("Open the report")),
      fmt::arg("exports_heading", page.text("Download the data")),
      fmt::arg("exports", exports_list(page)));

  std::string content = form + (message.empty() ? results : error_paragraph(message)) + downloads;
  send_html(page.response, message.empty() ? 200 : 400,
            page_frame(page, page.text_in("page_analysis", "Pipeline"), "pipeline", content));
}

// /pipeline.xlsx: what /pipeline shows with the same parameters (the grouped list or the
// province × stage table), headings in the page's language, MW as numbers.
void download_pipeline(PageContext& page) {
  auto snapshot = page.workspace.snapshot();
  auto asked = read_pipeline(page.request);
  auto query = operations::parse_pipeline_request(asked.request);
  auto schedule = snapshot->schedule(asked.as_of);
  io::WorkbookTable workbook;
  auto number = [](Capacity mw) { return io::WorkbookCell{mw.megawatts(), {}, {}}; };
  auto text_cell = [](std::string value) { return io::WorkbookCell{{}, {}, std::move(value)}; };
  if (asked.crosstab) {
    workbook.sheet = std::string(page.text("Province x stage"));
    auto cross = cross_tab(page, pipeline_by(*snapshot, *schedule, asked, "province,stage"));
    workbook.headers = cross.headers;
    for (std::size_t r = 0; r < cross.cells.size(); ++r) {
      std::vector<io::WorkbookCell> row{text_cell(cross.row_labels[r])};
      for (const auto& cell : cross.cells[r])
        row.push_back(cell ? number(*cell) : text_cell(""));
      workbook.rows.push_back(std::move(row));
    }
  } else {
    workbook.sheet = std::string(page.text_in("page_analysis-2", "Pipeline"));
    auto result = snapshot->pipeline(*schedule, query);
    auto table = report::pipeline_table(result, query.group_by, page.language, true);
    workbook.headers = table.headers;
    std::size_t keys = query.group_by.size();
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto& counts = r < result.rows.size() ? result.rows[r] : result.total;
      std::vector<io::WorkbookCell> row;
      for (std::size_t k = 0; k < keys; ++k)
        row.push_back(text_cell(table.rows[r][k]));
      row.push_back(io::WorkbookCell{static_cast<double>(counts.projects), {}, {}});
      row.push_back(number(counts.mw));
      row.push_back(counts.mwp.watts() == 0 ? text_cell("") : number(counts.mwp));
      workbook.rows.push_back(std::move(row));
    }
  }
  std::ostringstream out;
  io::write_table_xlsx(out, workbook);
  send_download(page,
                fmt::format("{}-{}.xlsx", page.text("pipeline"), asked.as_of.iso_day()),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                std::move(out).str());
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
  server.Get("/pipeline", page_route(workspace, options, show_pipeline));
  server.Get("/pipeline.xlsx", page_route(workspace, options, download_pipeline));

  // The exports are the tiendo CSVs `tiendo export` writes, the format import reads back, from the
  // portfolio the server holds (reloaded first if anyone wrote since).
  using Writer = void (*)(std::ostream&, const Portfolio&);
  const std::pair<const char*, Writer> exports[] = {{"projects", io::write_projects_csv},
                                                    {"milestones", io::write_milestones_csv},
                                                    {"dependencies", io::write_dependencies_csv},
                                                    {"calendars", io::write_calendars_csv}};
  for (const auto& entry : exports) {
    // A plain variable, not a structured binding: clang 14 cannot capture one in a lambda.
    auto writer = entry.second;
    std::string file_name = std::string(entry.first) + ".csv";
    server.Get("/export/" + file_name,
               page_route(workspace, options, busy_answered([file_name, writer](PageContext& page) {
                            send_export(page, file_name, "text/csv; charset=utf-8", file_name,
                                        [writer](const Snapshot& snapshot) {
                                          // A byte order mark, so that Excel reads the file as
                                          // UTF-8 and shows the diacritics; tiendo import skips it.
                                          std::ostringstream out;
                                          out << "\xEF\xBB\xBF";
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
