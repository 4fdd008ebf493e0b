// /report and /report.docx: the periodic report in the workspace (its navigation and style sheet,
// a print style sheet for A4) and as a Word document, both from the same composition the command
// line writes, so what a department prints or edits is what `tiendo report` drafts.
#include <fmt/format.h>

#include <sstream>

#include "domain/command_line.h"
#include "domain/error.h"
#include "operations/listings.h"
#include "report/periodic_report.h"
#include "report/report_docx.h"
#include "report/wording.h"
#include "web/heavy_work.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

// The quarter holding `day`: what /report shows when no period is asked for.
std::pair<Date, Date> quarter_holding(Date day) {
  int first_month = (day.month() - 1) / 3 * 3 + 1;
  Date first = *Date::from_ymd(day.year(), first_month, 1);
  Date next = first_month == 10 ? *Date::from_ymd(day.year() + 1, 1, 1)
                                : *Date::from_ymd(day.year(), first_month + 3, 1);
  return {first, Date::from_days(next.days() - 1)};
}

struct ReportRequest {
  Date from, to;
  std::string province_text;
  std::optional<ProvinceFilter> province;
};

ReportRequest read_request(const PageContext& page) {
  const auto& request = page.request;
  auto [quarter_start, quarter_end] = quarter_holding(Date::today_in_vietnam());
  ReportRequest asked;
  std::string from_text = parameter_or(request, "from", "");
  std::string to_text = parameter_or(request, "to", "");
  asked.from = from_text.empty() ? quarter_start : Date::parse_option("from", from_text);
  asked.to = to_text.empty() ? quarter_end : Date::parse_option("to", to_text);
  if (asked.to < asked.from)
    throw InvalidInput(
        fmt::format("to: '{}': before from '{}'", shown_safely(to_text), shown_safely(from_text)));
  asked.province_text = parameter_or(request, "province", "");
  if (!asked.province_text.empty())
    asked.province = ProvinceFilter::parse(asked.province_text, ProvinceRegistry::builtin(), false);
  return asked;
}

// The alerts page filtered as the report is: the whole list of late projects the report's table
// counts in its last line.
std::string alerts_link(const PageContext& page, const ReportRequest& asked) {
  std::string path = "/alerts?as_of=" + report::url_component(asked.to.iso_day());
  if (!asked.province_text.empty())
    path += "&province=" + report::url_component(asked.province_text);
  return page.vietnamese() ? path : path + "&lang=en";
}

// The report's figures and the answer made of them, as heavy work kept with the portfolio it was
// made from for the next reader of the same period. It is read through a connection of its own:
// a write being prepared does not hold it up.
HeavyAnswer report_answer(PageContext& page, const ReportRequest& asked, const std::string& kind,
                          const std::function<std::string(const report::ReportContext&)>& make) {
  auto snapshot = page.workspace.snapshot();
  std::string key =
      fmt::format("report-{}|{}|{}|{}|{}", kind, asked.from.iso_day(), asked.to.iso_day(),
                  asked.province_text, page.vietnamese() ? "vi" : "en");
  return heavy_answer(page.workspace.heavy_work(), *snapshot, page.caller.account.name, key, [&] {
    std::string made;
    page.workspace.with_reading([&](store::Database& database) {
      auto answer =
          operations::query_periodic_report(database, asked.from, asked.to, asked.province, "");
      report::ReportContext view{answer.scheduled.portfolio,
                                 answer.scheduled.schedule,
                                 answer.report,
                                 answer.baseline.dates ? &*answer.baseline.dates : nullptr,
                                 answer.baseline.name,
                                 page.language,
                                 &answer.forecast,
                                 alerts_link(page, asked)};
      made = make(view);
    });
    return made;
  });
}

std::string text_date_field(const PageContext& page, std::string_view name, std::string_view label,
                            Date value) {
  return fmt::format(
      R"(<label>{} <input name="{}" value="{}" inputmode="numeric" size="10" placeholder="{}"></label>)",
      report::html_escape(label), name,
      report::html_escape(report::format_date(value, page.language)),
      page.vietnamese() ? "dd/mm/yyyy" : "yyyy-mm-dd");
}

void show_report(PageContext& page) {
  ReportRequest asked = read_request(page);
  auto answer = report_answer(page, asked, "html", [](const report::ReportContext& view) {
    std::ostringstream body;
    report::render_report_body(body, report::compose_report(view), false);
    return std::move(body).str();
  });
  std::string query = "from=" + report::url_component(asked.from.iso_day()) +
                      "&to=" + report::url_component(asked.to.iso_day());
  if (!asked.province_text.empty())
    query += "&province=" + report::url_component(asked.province_text);
  std::string controls = fmt::format(
      R"(<link rel="stylesheet" href="/assets/report.css">
<form class="filters report-period" method="get" action="/report">{lang}
{from}
{to}
<label>{province_label} <input name="province" value="{province}"></label>
<button type="submit">{show}</button>
</form>
<p class="report-downloads">{download}: <a href="{docx}" download>{word}</a> <span class="hint">{print}</span></p>
)",
      fmt::arg("lang", page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)"),
      fmt::arg("from", text_date_field(page, "from", page.text("From"), asked.from)),
      fmt::arg("to", text_date_field(page, "to", page.text("To"), asked.to)),
      fmt::arg("province_label", page.text("Province")),
      fmt::arg("province", report::html_escape(asked.province_text)),
      fmt::arg("show", page.text("Show")),
      fmt::arg("download", page.text("Download")),
      fmt::arg("docx", page.link("/report.docx?" + query)),
      fmt::arg("word", page.text("Word document (.docx)")),
      fmt::arg("print",
               page.text("Printing (Ctrl+P) gives the report on A4, without the navigation.")));
  std::string content = controls + "<article class=\"report\">\n" + *answer.text + "</article>\n";
  send_html(
      page.response, 200,
      page_frame(
          page, page.text("Power projects: progress report"),
          "report", content));
  mark_cache(page.response, answer.from_cache);
}

void send_report_docx(PageContext& page) {
  ReportRequest asked = read_request(page);
  auto answer = report_answer(page, asked, "docx", [](const report::ReportContext& view) {
    return report::render_report_docx(view);
  });
  page.response.status = 200;
  add_security_headers(page.response);
  page.response.set_header("Content-Disposition",
                           fmt::format("attachment; filename=\"bao-cao-{}-{}.docx\"",
                                       asked.from.iso_day(), asked.to.iso_day()));
  page.response.set_content(
      *answer.text, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  mark_cache(page.response, answer.from_cache);
}

}  // namespace

void register_report_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/report", page_route(workspace, options, busy_answered(show_report)));
  server.Get("/report.docx", page_route(workspace, options, busy_answered(send_report_docx)));
}

}  // namespace tiendo::web
