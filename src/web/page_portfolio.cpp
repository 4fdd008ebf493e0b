// The dashboard (DESIGN.md "The web workspace"): the pipeline by technology and stage, MW by
// year of commercial operation, the most severe alerts with what drives them, and the latest
// changes — for an editor's own provinces first, for the whole portfolio otherwise. Every figure
// comes from the operations the command line uses, at the as-of date of the page (today unless
// ?as_of= is given).
#include <fmt/format.h>

#include <map>

#include "analysis/impact.h"
#include "operations/forecast.h"
#include "operations/project_pages.h"
#include "operations/queries.h"
#include "report/labels.h"
#include "report/periodic_report.h"
#include "report/views.h"
#include "report/wording.h"
#include "web/page_widgets.h"
#include "web/pages.h"

namespace tiendo::web {
namespace {

// The fan chart of MW online and its table, with `when` (when it was drawn) under the chart.
std::string fan_panels(const PageContext& page, const analysis::ForecastResult& forecast,
                       const std::string& when) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& band : forecast.online)
    rows.push_back({std::to_string(band.year), report::format_megawatts(band.p10, page.language),
                    report::format_megawatts(band.p50, page.language),
                    report::format_megawatts(band.p90, page.language)});
  return fmt::format(
      R"(<div class="grid-2"><section class="panel"><h2>{}</h2>)"
      R"(<div class="chart-wrap">{}</div><p class="muted">{}</p>{}</section>)"
      R"(<section class="panel"><h2>{}</h2>{}</section></div>)",
      page.text("MW online: forecast (whole portfolio)"),
      report::online_fan_chart(forecast.online, forecast.draws, forecast.seed, page.language),
      report::html_escape(report::online_fan_note(forecast, page.language, false)),
      when.empty() ? std::string()
                   : fmt::format(R"(<p class="muted drawn-at">{}</p>)", report::html_escape(when)),
      page.text("MW online by the end of the year"),
      html_table_raw({std::string(page.text("Year")), "P10 (MW)", "P50 (MW)", "P90 (MW)"},
                     rows, {false, true, true, true}, "compact"));
}

using analysis::GroupField;

// The address of the dashboard with its parameters, for the scope and date links.
std::string dashboard_path(const std::string& as_of, bool whole_portfolio) {
  std::string query;
  if (!as_of.empty())
    query += "as_of=" + report::url_component(as_of);
  if (whole_portfolio)
    query += std::string(query.empty() ? "" : "&") + "scope=all";
  return query.empty() ? "/" : "/?" + query;
}

std::string summary_cards(const PageContext& page, const analysis::PipelineResult& by_stage,
                          std::size_t critical_alerts) {
  Capacity building, operating;
  for (const auto& row : by_stage.rows) {
    if (!row.keys[0])
      continue;
    auto stage = parse_stage(*row.keys[0]);
    if (stage == Stage::Construction || stage == Stage::Commissioning)
      building += row.mw;
    if (stage == Stage::Operating)
      operating += row.mw;
  }
  auto card = [](std::string_view label, const std::string& value, std::string_view unit,
                 std::string_view extra_class = "") {
    return fmt::format(
        R"(<div class="card{}"><span class="card-label">{}</span><span class="card-value">{})"
        R"(<small>{}</small></span></div>)",
        extra_class, label, value, unit);
  };
  auto language = page.language;
  return "<div class=\"cards\">" +
         card(page.text("Projects"),
              report::format_integer(by_stage.total.projects, language), "") +
         card(page.text("Total capacity"),
              report::format_megawatts(by_stage.total.mw, language), " MW") +
         card(page.text("Under construction"),
              report::format_megawatts(building, language), " MW") +
         card(page.text("In operation"),
              report::format_megawatts(operating, language), " MW") +
         card(page.text("Critical alerts"),
              report::format_integer(static_cast<long long>(critical_alerts), language), "",
              critical_alerts > 0 ? " card-alert" : "") +
         "</div>";
}

// Technology groups as bars, each split by stage: the periodic report's first chart.
std::string technology_stage_chart(const PageContext& page,
                                   const analysis::PipelineResult& result) {
  std::vector<Bar> bars;
  std::map<std::string, std::size_t> bar_of;
  std::vector<std::string> stages_seen;
  for (const auto& row : result.rows) {
    std::string group = row.keys[0].value_or("other");
    std::string stage = row.keys[1].value_or("unknown");
    auto [found, added] = bar_of.emplace(group, bars.size());
    if (added)
      bars.push_back(Bar{report::technology_bucket_label(group, page.language), {}});
    bars[found->second].parts.push_back(
        BarPart{stage_text(stage, page.language), stage_colour(stage), row.mw});
    if (std::find(stages_seen.begin(), stages_seen.end(), stage) == stages_seen.end())
      stages_seen.push_back(stage);
  }
  std::vector<std::pair<std::string, std::string>> legend;
  for (Stage stage : all_stages()) {
    std::string key(stage_key(stage));
    legend.emplace_back(stage_text(key, page.language), stage_colour(key));
  }
  for (const auto& stage : stages_seen)
    if (!parse_stage(stage))
      legend.emplace_back(stage_text(stage, page.language), stage_colour(stage));
  return stacked_bar_chart("stage-technology",
                           page.text("Capacity by technology and stage (MW)"),
                           bars, legend, page.language);
}

// MW by year of commercial operation, in at most 16 columns (web/page_widgets.h says how).
std::string cod_year_chart(const PageContext& page, const analysis::PipelineResult& result) {
  std::vector<std::pair<int, Capacity>> years;
  for (const auto& row : result.rows)
    if (row.keys[0])
      years.emplace_back(std::stoi(*row.keys[0]), row.mw);
  return column_chart("cod-year",
                      page.text("Capacity by year of commercial operation (MW)"),
                      cod_year_columns(years), page.language,
                      page.text("No project here has a COD date, planned or forecast."));
}

std::string stage_table(const PageContext& page, const analysis::PipelineResult& result) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : result.rows) {
    std::string stage = row.keys[0].value_or("unknown");
    rows.push_back({stage_badge(stage, page.language),
                    report::format_integer(row.projects, page.language),
                    report::format_megawatts(row.mw, page.language)});
  }
  rows.push_back({fmt::format("<strong>{}</strong>", report::word("total", page.language)),
                  fmt::format("<strong>{}</strong>",
                              report::format_integer(result.total.projects, page.language)),
                  fmt::format("<strong>{}</strong>",
                              report::format_megawatts(result.total.mw, page.language))});
  return html_table_raw({std::string(page.text("Stage")),
                         std::string(page.text("Projects")), "MW"},
                        rows, {false, true, true}, "compact");
}

std::string alerts_section(const PageContext& page, const Portfolio& portfolio,
                           const analysis::Schedule& schedule,
                           const std::vector<analysis::Alert>& alerts,
                           const std::vector<bool>& leaf, const std::string& carried) {
  if (alerts.empty())
    return fmt::format(R"(<p class="muted">{}</p>)", page.text("No alerts."));
  std::vector<std::vector<std::string>> rows;
  for (const auto& alert : alerts) {
    const Project& project = portfolio.projects[static_cast<std::size_t>(alert.project)];
    std::string milestone;
    std::string chain;
    if (alert.milestone >= 0) {
      const auto& entry = portfolio.milestones[static_cast<std::size_t>(alert.milestone)];
      milestone =
          fmt::format(R"(<a href="{}">{}</a>)", page.link(milestone_path(project.code, entry.key)),
                      report::milestone_label_html(entry, page.language));
      if (alert.kind != analysis::AlertKind::OutOfSequence)
        chain = report::html_escape(
            report::summarise_chain(portfolio, schedule, alert.milestone, page.language, true));
    }
    auto mw = report::alert_capacity(portfolio, leaf, alert.project);
    rows.push_back(
        {severity_badge(alert.severity, page.language),
         fmt::format(R"(<a href="{}">{}</a><br><span class="muted">{}</span>)",
                     page.link(project_path(project.code) + carried),
                     report::html_escape(project.code), report::html_escape(project.name)),
         milestone, report::html_escape(report::alert_message(portfolio, alert, page.language)),
         mw ? report::format_megawatts(*mw, page.language) : "",
         chain.empty() ? "" : fmt::format(R"(<span class="chain">{}</span>)", chain)});
  }
  return html_table_raw(
      {std::string(page.text("Severity")), std::string(page.text("Project")),
       std::string(page.text("Milestone")), std::string(page.text("Alert")),
       "MW", std::string(page.text("Driver chain"))},
      rows, {false, false, false, false, true, false}, "alerts");
}

}  // namespace

// The dashboard's summary and charts, then its alerts, split at `separator`: what depends only on
// the snapshot, the date, the provinces shown and the language (and the addresses' `carried`
// parameters), so kept per snapshot (Snapshot::answer) and made again for the next snapshot off
// the request path after an edit (Snapshot::keep_remake).
std::string dashboard_parts(const PageContext& page, const Snapshot& snapshot, Date as_of,
                            const std::vector<ProvinceFilter>& provinces,
                            const std::string& carried, char separator) {
  auto schedule = snapshot.schedule(as_of);
  const auto& scheduled = snapshot.scheduled();
  // The snapshot's pipelines kept, brought up to date after edits.
  auto pipeline = [&](const analysis::PipelineQuery& query) {
    return snapshot.pipeline(*schedule, query);
  };
  auto by_stage = operations::pipeline_within(pipeline, {GroupField::Stage}, provinces);
  auto by_technology = operations::pipeline_within(
      pipeline, {GroupField::TechnologyGroup, GroupField::Stage}, provinces);
  auto by_year = operations::pipeline_within(pipeline, {GroupField::CodYear}, provinces);
  std::vector<analysis::Alert> alerts;
  std::size_t critical = 0;
  if (as_of.days() == scheduled.schedule.as_of.days()) {
    // The snapshot's alerts, brought up to date after edits: counted where they
    // lie, and only the ten shown copied (a national list holds tens of thousands).
    auto digest = snapshot.alert_digest(
        [&](std::string_view province) { return operations::within(provinces, province); }, 10);
    critical = digest.critical;
    alerts = std::move(digest.top);
  } else {
    alerts = operations::alerts_within(scheduled, *schedule, snapshot.alert_settings(), provinces,
                                       SIZE_MAX);
    for (const auto& alert : alerts)
      critical += alert.severity == analysis::Severity::Critical;
  }
  if (alerts.size() > 10)
    alerts.resize(10);
  std::string figures = summary_cards(page, by_stage, critical);
  figures += fmt::format(
      R"(<div class="grid-2"><section class="panel"><h2>{}</h2><div class="chart-wrap">{}</div>{}</section>)"
      R"(<section class="panel"><h2>{}</h2><div class="chart-wrap">{}</div></section></div>)",
      page.text_in("page_analysis", "Pipeline"), technology_stage_chart(page, by_technology),
      stage_table(page, by_stage), page.text("By year of COD"), cod_year_chart(page, by_year));
  return figures + separator +
         alerts_section(page, snapshot.portfolio(), *schedule, alerts,
                        snapshot.project_index().leaf(), carried);
}

void register_portfolio_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get(
      "/", page_route(workspace, options, [](PageContext& page) {
        Date as_of = as_of_parameter(page.request);
        std::string as_of_given = parameter_or(page.request, "as_of", "");
        bool whole_portfolio = parameter_or(page.request, "scope", "") == "all";
        auto own = operations::home_provinces(page.caller.account);
        auto provinces = whole_portfolio ? std::vector<ProvinceFilter>{} : own;

        auto snapshot = page.workspace.snapshot();
        auto schedule = snapshot->schedule(as_of);
        const auto& scheduled = snapshot->scheduled();
        // The pipeline figures and alerts depend only on the snapshot, the date, the provinces
        // shown and the language: made once per snapshot and kept (Snapshot::answer), so a second
        // dashboard on the same portfolio costs nearly nothing and never waits behind another
        // user's computation of them. The provinces are the account's own as recorded (none for
        // the whole portfolio), so departments of the same provinces share the answer.
        std::string provinces_key;
        if (!provinces.empty())
          for (const auto& province : page.caller.account.provinces)
            provinces_key += province + '\x1f';
        std::string carried =
            "?back=" + report::url_component(dashboard_path(as_of_given, whole_portfolio)) +
            (as_of_given.empty() ? std::string()
                                 : "&as_of=" + report::url_component(as_of.iso_day()));
        // The summary and charts come before the fan chart, the alerts after it: one answer holds
        // both, split at a separator no page text contains.
        constexpr char separator = '\x1e';
        std::string parts_key =
            fmt::format("dashboard-parts|{}|{}|{}|{}", as_of.iso_day(),
                        page.vietnamese() ? "vi" : "en", carried, provinces_key);
        auto parts = snapshot->answer(parts_key, [&] {
          return dashboard_parts(page, *snapshot, as_of, provinces, carried, separator);
        });
        // After an edit the next snapshot's parts are made before a reader asks, with the same
        // question in a context of their own (nothing of this request is kept: only its
        // language, date, provinces and parameters). Only at the snapshot's own date: another
        // date's schedule is a computation of its own, made when someone asks for it.
        if (as_of.days() == scheduled.schedule.as_of.days())
          snapshot->keep_remake(parts_key, [&workspace = page.workspace, language = page.language,
                                            as_of, provinces, carried](const Snapshot& next) {
            httplib::Request request;
            httplib::Response response;
            Caller caller;
            static const ServerOptions options;
            PageContext context{request, response, workspace, caller, language, options};
            return dashboard_parts(context, next, as_of, provinces, carried, separator);
          });
        auto split = parts->find(separator);
        auto changes = page.workspace.with_reading([&](store::Database& database) {
          return operations::recent_changes_within(database, snapshot->portfolio(), provinces, 15,
                                                   page.caller.account);
        });

        std::string scope;
        if (!own.empty()) {
          std::string names;
          for (const auto& filter : own)
            names += (names.empty() ? "" : ", ") + filter.display_name();
          scope = whole_portfolio
                      ? fmt::format(R"({} · <a href="{}">{}</a>)",
                                    page.text("Whole portfolio"),
                                    page.link(dashboard_path(as_of_given, false)),
                                    page.text("Only my provinces"))
                      : fmt::format(R"({}: <strong>{}</strong> · <a href="{}">{}</a>)",
                                    page.text("Your provinces"),
                                    report::html_escape(names),
                                    page.link(dashboard_path(as_of_given, true)),
                                    page.text_in("page_portfolio", "Whole portfolio"));
        } else {
          scope = std::string(page.text("Whole portfolio"));
        }
        std::string html = fmt::format(
            R"(<form class="filters" method="get" action="/">)"
            R"(<p class="scope">{scope}</p>{lang}{keep_scope})"
            R"(<label>{as_of_label} <input type="text" name="as_of" value="{as_of}" )"
            R"(placeholder="dd/mm/yyyy" size="11" inputmode="numeric"></label>)"
            R"(<button type="submit">{show}</button></form>)",
            fmt::arg("scope", scope),
            fmt::arg("lang",
                     page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)"),
            fmt::arg("keep_scope",
                     whole_portfolio ? R"(<input type="hidden" name="scope" value="all">)" : ""),
            fmt::arg("as_of_label", page.text("Figures as of")),
            fmt::arg("as_of", report::html_escape(report::format_date(as_of, page.language))),
            fmt::arg("show", page.text("Show")));
        // The one-click question of a department, and the lists below, keep the page's date
        // and scope.
        std::string list_query;
        if (!as_of_given.empty())
          list_query += "&as_of=" + report::url_component(as_of.iso_day());
        if (whole_portfolio)
          list_query += "&scope=all";
        html += fmt::format(
            R"(<p class="quick"><a class="button" href="{}" data-late="1">{}</a> )"
            R"(<a href="{}">{}</a></p>)",
            page.link("/projects?late=1" + list_query),
            own.empty() || whole_portfolio ? page.text("Late projects")
                                           : page.text("Late projects in my provinces"),
            page.link(list_query.empty() ? "/alerts" : "/alerts?" + list_query.substr(1)),
            page.text("All alerts"));
        html.append(*parts, 0, split);
        // The fan chart of MW online for the whole portfolio (a line in one province holds back
        // plants in the next). As of today it is the API's default forecast, drawn off the
        // request threads after every write (web/forecast_keeper.h): until the newest is ready,
        // the page shows the last one, saying when it was drawn. Another date is drawn for the
        // page, once per snapshot, with the dashboard's fewer draws.
        if (as_of == Date::today_in_vietnam()) {
          auto kept = page.workspace.forecasts().latest(snapshot, as_of);
          if (kept.forecast)
            html += fan_panels(page, kept.forecast->result,
                               fmt::format(fmt::runtime(kept.current
                                                            ? page.text("Drawn at {}.")
                                                            : page.text("Drawn at {}, before the latest "
                                                                        "changes; the new forecast is "
                                                                        "being drawn.")),
                                           report::format_moment(kept.forecast->drawn_at,
                                                                 page.language)));
          else
            html += fmt::format(
                R"(<section class="panel"><h2>{}</h2><p class="notice" role="status">{}</p></section>)",
                page.text("MW online: forecast (whole portfolio)"),
                page.text("The forecast is being drawn; it shows here when it is ready."));
        } else {
          auto fan = snapshot->answer(
              fmt::format("dashboard-fan|{}|{}", as_of.iso_day(), page.vietnamese() ? "vi" : "en"),
              [&] {
                return fan_panels(page,
                                  operations::chart_forecast(snapshot->portfolio(),
                                                             *scheduled.network, as_of, std::nullopt,
                                                             operations::dashboard_forecast_draws),
                                  "");
              });
          html += *fan;
        }
        html += fmt::format(
            R"(<section class="panel"><h2>{} <a class="more" href="{}">{}</a></h2>{}</section>)",
            page.text("Most severe alerts"),
            page.link(list_query.empty() ? "/alerts" : "/alerts?" + list_query.substr(1)),
            page.text("All alerts →"),
            std::string_view(*parts).substr(split + 1));
        html += fmt::format(
            R"(<section class="panel"><h2>{} <a class="more" href="{}">{}</a></h2>{}</section>)",
            page.text("Recent changes"), page.link("/history"),
            page.text("Full history →"),
            changes.empty() ? fmt::format(R"(<p class="muted">{}</p>)",
                                          page.text("No changes yet."))
                            : changes_table(page, changes, true));
        send_html(page.response, 200,
                  page_frame(page, page.text("Dashboard"), "dashboard", html));
      }));
}

}  // namespace tiendo::web
