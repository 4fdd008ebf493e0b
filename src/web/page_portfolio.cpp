// The portfolio pages: the dashboard first; the others follow the same pattern.
#include <fmt/format.h>

#include "operations/queries.h"
#include "report/views.h"
#include "report/wording.h"
#include "web/pages.h"

namespace tiendo::web {

void register_portfolio_pages(httplib::Server& server, Workspace& workspace,
                              const ServerOptions& options) {
  server.Get("/", page_route(workspace, options, [](PageContext& page) {
               auto snapshot = page.workspace.snapshot();
               Date as_of = Date::today_in_vietnam();
               auto schedule = snapshot->schedule(as_of);
               operations::PipelineRequest asked;
               asked.option_prefix = "";
               auto query = operations::parse_pipeline_request(asked);
               auto result = operations::pipeline_of(snapshot->scheduled(), *schedule, query);
               auto table = report::pipeline_table(result, query.group_by, page.language);
               std::string html = "<table><thead><tr>";
               for (const auto& header : table.headers)
                 html += fmt::format("<th>{}</th>", report::html_escape(header));
               html += "</tr></thead><tbody>";
               for (const auto& row : table.rows) {
                 html += "<tr>";
                 for (const auto& cell : row)
                   html += fmt::format("<td>{}</td>", report::html_escape(cell));
                 html += "</tr>";
               }
               html += "</tbody></table>";
               send_html(page.response, 200,
                         page_frame(page, page.text("Dashboard", "Tổng quan"), "dashboard", html));
             }));
}

}  // namespace tiendo::web
