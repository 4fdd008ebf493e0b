// /baselines: the saved baselines (name, when and by whom), and for an administrator a form that
// saves a new one: a snapshot of the planned dates of the whole portfolio, as `baseline save`.
// A baseline belongs to everyone (slips are measured against the latest saved), so saving one is
// an administrator's act; the Gantt's "no baseline saved" line links here.
#include <fmt/format.h>

#include <algorithm>

#include "domain/command_line.h"
#include "operations/accounts.h"
#include "operations/edits.h"
#include "operations/listings.h"
#include "report/wording.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

void show_baselines(PageContext& page, int status, const std::string& message,
                    const std::string& name) {
  auto baselines = page.workspace.with_reading(
      [](store::Database& database) { return operations::list_baselines(database); });
  // The newest first: it is the one slips are measured against.
  std::reverse(baselines.begin(), baselines.end());
  bool admin = operations::can_manage_accounts(page.caller.account);
  std::string content;
  if (!message.empty())
    content +=
        fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n", report::html_escape(message));
  if (auto saved = parameter(page.request, "saved"); saved && !saved->empty())
    content += fmt::format(
        "<p class=\"notice saved\" role=\"status\">{}</p>\n",
        report::html_escape(fmt::format(
            fmt::runtime(page.text("Saved: baseline {}; slips are now measured against it.")),
            shown_safely(*saved))));
  content += fmt::format(
      "<p class=\"summary\">{}</p>\n",
      page.text("A baseline keeps the planned date of every milestone of the portfolio as it was "
                "when saved. Everyone sees slips against the latest one."));
  if (baselines.empty()) {
    content += fmt::format("<p class=\"notice\">{}</p>\n",
                           page.text("No baseline saved yet."));
  } else {
    std::string rows;
    for (std::size_t i = 0; i < baselines.size(); ++i) {
      const auto& baseline = baselines[i];
      rows += fmt::format(
          R"(<tr><td data-label="{name_label}">{name}{latest}</td><td data-label="{at_label}">{at}</td><td data-label="{by_label}">{by}</td><td data-label="{count_label}" class="number">{count}</td></tr>
)",
          fmt::arg("name_label", page.text("Name")),
          fmt::arg("name", report::html_escape(baseline.name)),
          fmt::arg("latest", i == 0 ? fmt::format(R"( <span class="badge">{}</span>)",
                                                  page.text("latest"))
                                    : std::string()),
          fmt::arg("at_label", page.text("Saved (Vietnam time)")),
          fmt::arg("at", report::html_escape(
                             report::format_moment(baseline.created_at_utc, page.language))),
          fmt::arg("by_label", page.text("By")),
          fmt::arg("by", report::html_escape(baseline.actor)),
          fmt::arg("count_label", page.text("Milestones")),
          fmt::arg("count", report::format_integer(baseline.milestones, page.language)));
    }
    content += fmt::format(
        R"(<div class="table-wrap"><table class="baselines">
<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="number">{}</th></tr></thead>
<tbody>
{}</tbody>
</table></div>
)",
        page.text("Name"), page.text("Saved (Vietnam time)"),
        page.text("By"), page.text("Milestones"), rows);
  }
  if (admin)
    content += fmt::format(
        R"(<h2>{heading}</h2>
<form method="post" action="{action}" class="baseline-save">{csrf}
<p><label>{name_label} <input name="name" value="{name}" required maxlength="200" placeholder="{placeholder}"></label></p>
<p><button type="submit">{save}</button></p>
</form>
)",
        fmt::arg("heading", page.text("Save a new baseline")),
        fmt::arg("action", page.link("/baselines")), fmt::arg("csrf", page.csrf_field()),
        fmt::arg("name_label", page.text("Name")),
        fmt::arg("name", report::html_escape(name)),
        fmt::arg("placeholder", page.text("e.g. 2026-Q4")),
        fmt::arg("save", page.text("Save baseline")));
  else
    content += fmt::format("<p class=\"hint\">{}</p>\n",
                           page.text("Only an administrator saves a baseline."));
  send_html(page.response, status,
            page_frame(page, page.text("Baselines"), "baselines", content));
}

void get_baselines(PageContext& page) {
  show_baselines(page, 200, "", "");
}

void post_baseline(PageContext& page) {
  if (!operations::can_manage_accounts(page.caller.account)) {
    send_error_page(page, 403,
                    std::string(page.text("Only an administrator saves a baseline.")));
    return;
  }
  std::string name = form_field(page.request, "name");
  if (name.empty()) {
    show_baselines(page, 400,
                   std::string(page.text("Give the baseline a name; nothing was saved.")),
                   name);
    return;
  }
  store::ChangeContext context{page.caller.account.name, "", ""};
  try {
    page.workspace.save_baseline(context, name);
  } catch (const Conflict&) {
    show_baselines(
        page, 409,
        fmt::format(fmt::runtime(page.text("A baseline named {} exists already (baselines are never overwritten); "
                        "choose another name. Nothing was saved.")),
                    shown_safely(name)),
        name);
    return;
  }
  page.response.status = 303;
  add_security_headers(page.response);
  page.response.set_header("Location",
                           fmt::format("/baselines?saved={}{}", report::url_component(name),
                                       page.vietnamese() ? "" : "&lang=en"));
}

}  // namespace

void register_baseline_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/baselines", page_route(workspace, options, get_baselines));
  server.Post("/baselines", page_route(workspace, options, post_baseline),
              BodyRule{.minimum_role = Role::Admin, .max_bytes = 64 * 1024});
}

}  // namespace tiendo::web
