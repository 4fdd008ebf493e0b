// /history: the change log a page at a time, filtered by project, user, province and days in
// Vietnam's time, each row in the reader's words (a milestone by its catalog label, a field by its
// label, dates dd/mm/yyyy, a reason by its category's label); /history/ID/undo: an editor takes
// one of her own changes (or the whole write it came with: an import), an administrator any, back
// after a confirmation page, which works without JavaScript; GET /api/v1/history: the same rows as JSON. The rules (what can be undone,
// the Vietnam-local day bounds, who reads account rows) are in operations/undo.h and
// operations/change_log.h.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

#include "domain/command_line.h"
#include "domain/milestone_catalog.h"
#include "domain/province.h"
#include "operations/accounts.h"
#include "operations/change_log.h"
#include "operations/project_writes.h"
#include "operations/undo.h"
#include "report/wording.h"
#include "web/history_words.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

constexpr std::size_t rows_per_page = 50;

// A date a filter field holds: any form Date::parse reads (dd/mm/yyyy, mm/yyyy, yyyy, ISO).
std::optional<Date> day_parameter(const httplib::Request& request, const std::string& name) {
  auto text = parameter(request, name);
  if (!text || text->empty())
    return std::nullopt;
  auto date = Date::try_parse(*text);
  if (!date)
    throw InvalidInput(
        fmt::format("{}: '{}': {}", name, shown_safely(*text), Date::why_not_a_date(*text)));
  return date;
}

operations::HistoryQuery history_query(const httplib::Request& request) {
  operations::HistoryQuery query;
  query.project_code = parameter_or(request, "project", "");
  query.actor = parameter_or(request, "actor", "");
  query.province = parameter_or(request, "province", "");
  query.since = day_parameter(request, "since");
  query.until = day_parameter(request, "until");
  return query;
}

std::string format_day(const std::optional<Date>& date, report::Language language) {
  return date ? report::format_date(*date, language) : std::string();
}

// Page numbers: the first, the last, and two either side of the current one.
std::string page_numbers(const PageContext& page, const std::string& base, std::size_t current,
                         std::size_t pages) {
  if (pages <= 1)
    return "";
  char separator = base.find('?') == std::string::npos ? '?' : '&';
  std::string html =
      fmt::format(R"(<nav class="pager" aria-label="{}">)", page.text("Pages"));
  bool gap = false;
  for (std::size_t number = 1; number <= pages; ++number) {
    bool shown = number == 1 || number == pages || (number + 2 >= current && number <= current + 2);
    if (!shown) {
      if (!gap)
        html += "<span class=\"gap\">…</span> ";
      gap = true;
      continue;
    }
    gap = false;
    if (number == current)
      html += fmt::format(R"(<span aria-current="page">{}</span> )", number);
    else
      html += fmt::format(R"(<a href="{}">{}</a> )",
                          page.link(fmt::format("{}{}page={}", base, separator, number)), number);
  }
  html += "</nav>\n";
  return html;
}

std::string history_filters(const PageContext& page, const operations::HistoryQuery& query) {
  std::vector<Choice> provinces;
  for (const auto& province : ProvinceRegistry::builtin().provinces())
    if (std::find_if(provinces.begin(), provinces.end(), [&](const Choice& choice) {
          return choice.value == province.current_name;
        }) == provinces.end())
      provinces.push_back(Choice{province.current_name, province.current_name});
  std::sort(provinces.begin(), provinces.end(),
            [](const Choice& a, const Choice& b) { return a.label < b.label; });
  return fmt::format(
      R"(<form class="filters" method="get" action="/history">{lang}
<label>{project_label} <input name="project" value="{project}" placeholder="{all_projects}" size="14"></label>
<label>{actor_label} <input name="actor" value="{actor}" placeholder="{everyone}" size="12"></label>
{province}
<label>{since_label} <input name="since" value="{since}" placeholder="dd/mm/yyyy" size="10" inputmode="numeric"></label>
<label>{until_label} <input name="until" value="{until}" placeholder="dd/mm/yyyy" size="10" inputmode="numeric"></label>
<button type="submit">{show}</button>
<a class="reset" href="{all}">{all_label}</a>
</form>
)",
      fmt::arg("lang", page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)"),
      fmt::arg("project_label", page.text("Project code")),
      fmt::arg("project", report::html_escape(query.project_code)),
      fmt::arg("all_projects", page.text("all projects")),
      fmt::arg("actor_label", page.text("User")),
      fmt::arg("actor", report::html_escape(query.actor)),
      fmt::arg("everyone", page.text("everyone")),
      fmt::arg("province", select_html("province", page.text("Province"), provinces,
                                       query.province, page.text("all provinces"))),
      fmt::arg("since_label", page.text("From (day)")),
      fmt::arg("since", report::html_escape(format_day(query.since, page.language))),
      fmt::arg("until_label", page.text("To (day)")),
      fmt::arg("until", report::html_escape(format_day(query.until, page.language))),
      fmt::arg("show", page.text("Show")), fmt::arg("all", page.link("/history")),
      fmt::arg("all_label", page.text("All changes")));
}

// The page's query without its page number, for the pager's links.
std::string history_base(const operations::HistoryQuery& query, report::Language language) {
  std::string base = "/history";
  char separator = '?';
  auto add = [&](std::string_view name, const std::string& value) {
    if (value.empty())
      return;
    base += fmt::format("{}{}={}", separator, name, report::url_component(value));
    separator = '&';
  };
  add("project", query.project_code);
  add("actor", query.actor);
  add("province", query.province);
  add("since", format_day(query.since, language));
  add("until", format_day(query.until, language));
  return base;
}

void show_history(PageContext& page) {
  auto query = history_query(page.request);
  std::size_t page_number =
      static_cast<std::size_t>(count_parameter(page.request, "page", 1, 1, 1'000'000));
  query.limit = rows_per_page;
  query.offset = (page_number - 1) * rows_per_page;
  // The undo column is there for whoever may undo anything (an editor her own changes).
  const Account& account = page.caller.account;
  bool undoer = !account.disabled && account.role != Role::Viewer;
  auto snapshot = page.workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  int status = 200;
  std::string results;
  try {
    auto found = page.workspace.with_reading([&](store::Database& database) {
      return operations::history_page(database, portfolio, query, page.caller.account);
    });
    std::string rows;
    for (const auto& record : found.changes) {
      std::string undo;
      if (undoer &&
          (!operations::undoable_kind(record) || !operations::may_undo(account, record)))
        undo = " ";  // The column's cell, empty.
      else if (undoer)
        undo = fmt::format(R"(<a class="button" href="{}">{}</a>)",
                           page.link(fmt::format("/history/{}/undo", record.id)),
                           page.text("Undo…"));
      rows += change_row_html(page, portfolio, record, undo);
    }
    std::size_t pages = (static_cast<std::size_t>(found.total) + rows_per_page - 1) / rows_per_page;
    if (found.changes.empty())
      results = fmt::format("<p class=\"notice\">{}</p>\n",
                            page.text("No change recorded."));
    else
      results = fmt::format(
          "<p class=\"summary\">{summary}</p>\n{table}{pager}",
          fmt::arg("summary",
                   report::html_escape(fmt::format(
                       fmt::runtime(page.text("{} changes, newest first; page {} of {}.")),
                       report::format_integer(found.total, page.language), page_number,
                       std::max<std::size_t>(pages, 1)))),
          fmt::arg("table", change_table_html(page, rows, undoer)),
          fmt::arg("pager",
                   page_numbers(page, history_base(query, page.language), page_number, pages)));
  } catch (const NotFound& error) {
    status = 404;
    results = fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n",
                          report::html_escape(report::error_text(page.language, error)));
  }
  std::string notice;
  if (auto undone = parameter(page.request, "undone"); undone && !undone->empty())
    notice = fmt::format(
        "<p class=\"notice saved\" role=\"status\">{}</p>\n",
        report::html_escape(fmt::format(
            fmt::runtime(page.text("Saved: change {} was undone; the undoing is at the top of the "
                                   "log.")),
            shown_safely(*undone))));
  send_html(page.response, status,
            page_frame(page, page.text("Change log"), "history",
                       notice + history_filters(page, query) + results));
}

// The confirmation page of an undo (GET), shown again with the refusal when the undo was refused.
void show_undo(PageContext& page, std::int64_t id, int status, const std::string& message,
               const std::string& reason_text) {
  auto snapshot = page.workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  auto rows = page.workspace.with_reading([&](store::Database& database) {
    return operations::rows_to_undo(database, id, operations::UndoScope::Write);
  });
  const store::ChangeRecord* change = nullptr;
  for (const auto& row : rows)
    if (row.id == id)
      change = &row;
  if (!change)
    throw NotFound(fmt::format("change {} not found", id));
  // A national import writes thousands of rows: the page shows the change and the write's first
  // rows around it, and counts the rest.
  constexpr std::size_t shown_rows = 50;
  std::string table_rows;
  std::size_t shown = 0;
  for (const auto& row : rows) {
    if (row.id != id && shown >= shown_rows)
      continue;
    ++shown;
    table_rows += change_row_html(
        page, portfolio, row,
        row.id == id ? std::string(page.text("◀ this change")) : " ");
  }
  std::string more;
  if (rows.size() > shown)
    more = fmt::format(
        "<p class=\"hint\">{}</p>\n",
        report::html_escape(fmt::format(
            fmt::runtime(page.text("… and {} more changes of the same write.")),
            report::format_integer(static_cast<long long>(rows.size() - shown), page.language))));
  std::string scope_choice;
  if (rows.size() > 1)
    scope_choice = fmt::format(
        R"(<fieldset><legend>{legend}</legend>
<label><input type="radio" name="scope" value="change" checked> {one}</label>
<label><input type="radio" name="scope" value="write"> {all}</label>
</fieldset>
)",
        fmt::arg("legend", page.text("What to undo")),
        fmt::arg("one", page.text("this change only")),
        fmt::arg("all", report::html_escape(fmt::format(
                            fmt::runtime(page.text("the whole write it came with ({} changes, "
                                                   "e.g. an import)")),
                            rows.size()))));
  std::string content;
  if (!message.empty())
    content +=
        fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n", report::html_escape(message));
  content += fmt::format(
      R"(<p>{intro}</p>
{table}
<form method="post" action="{action}" class="undo-form">{csrf}
{scope}<p><label>{reason_label} <input name="reason_text" value="{reason}" required size="40"></label></p>
<p><button type="submit">{confirm}</button> <a href="{back}">{cancel}</a></p>
</form>
)",
      fmt::arg("intro",
               page.text("Undoing writes a new change that takes back the change below (marked "
                         "◀): a field gets its earlier value back, what was created is removed "
                         "again with its milestones and links, what was removed is made again, a "
                         "status is taken back. It is refused if a later change built on it.")),
      fmt::arg("table", change_table_html(page, table_rows, true) + more),
      fmt::arg("action", page.link(fmt::format("/history/{}/undo", id))),
      fmt::arg("csrf", page.csrf_field()), fmt::arg("scope", scope_choice),
      fmt::arg("reason_label", page.text("Why (required)")),
      fmt::arg("reason", report::html_escape(reason_text)),
      fmt::arg("confirm", page.text("Confirm: undo")),
      fmt::arg("back", page.link("/history")), fmt::arg("cancel", page.text("Cancel")));
  send_html(
      page.response, status,
      page_frame(
          page, fmt::format(fmt::runtime(page.text("Undo change {}")), id),
          "history", content));
}


std::int64_t change_id(const httplib::Request& request) {
  std::string text = request.matches[1].str();
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id <= 0)
    throw NotFound(fmt::format("change '{}' not found", shown_safely(text)));
  return id;
}

// An editor undoes only her own changes (a viewer none): refused before the page or the write,
// in the page's words. The operation checks the same again inside its transaction.
bool refuse_unless_may_undo(PageContext& page, std::int64_t id) {
  const Account& account = page.caller.account;
  if (account.disabled || account.role == Role::Viewer) {
    send_error_page(page, 403,
                    std::string(page.text("Only an editor or an administrator may undo a change.")));
    return true;
  }
  auto row = page.workspace.with_reading(
      [&](store::Database& database) { return database.change(id); });
  if (!row)
    throw NotFound(fmt::format("change {} not found", id));
  if (operations::may_undo(account, *row))
    return false;
  send_error_page(page, 403,
                  page.say("Change {} was made by {}: an editor may undo only her own changes; "
                           "nothing was changed.",
                           id, row->actor));
  return true;
}

void get_undo(PageContext& page) {
  std::int64_t id = change_id(page.request);
  if (refuse_unless_may_undo(page, id))
    return;
  show_undo(page, id, 200, "", "");
}

// The refusal in the page's language, naming why.
std::string undo_refusal(const PageContext& page, const Portfolio& portfolio,
                         const operations::UndoRefused& refusal) {
  const auto& change = refusal.change();
  switch (refusal.reason()) {
    case operations::UndoRefusal::NotUndoable:
      return fmt::format(
          fmt::runtime(page.text("Change {} ({}: {}) cannot be undone here: only a change, creation "
                                 "or removal of a project, milestone or link, or a status, can. "
                                 "Nothing was changed.")),
          change.id, entity_text(page, portfolio, change.entity),
          field_label(change.field, page.language));
    case operations::UndoRefusal::BuiltUpon: {
      const auto& later = refusal.later();
      return fmt::format(
          fmt::runtime(page.text("Change {} cannot be undone: change {} by {} at {} changed {} of {} again since. "
              "Undo that one first. Nothing was changed.")),
          change.id, later.id, later.actor, report::format_moment(later.at_utc, page.language),
          field_label(later.field, page.language), entity_text(page, portfolio, later.entity));
    }
    case operations::UndoRefusal::Taken:
      return fmt::format(
          fmt::runtime(page.text("Change {} cannot be undone: {} is there again under the same "
                                 "code. Nothing was changed.")),
          change.id, entity_text(page, portfolio, change.entity));
    case operations::UndoRefusal::Gone:
      return fmt::format(
          fmt::runtime(
              page.text("Change {} cannot be undone: {} is no longer there. Nothing was changed.")),
          change.id, entity_text(page, portfolio, change.entity));
  }
  return refusal.what();
}

// A creation others link to, naming each link or child in the page's words.
std::string still_linked_refusal(const PageContext& page, const operations::StillLinked& error) {
  std::vector<std::string> named;
  for (const auto& link : error.links())
    named.push_back(link.how.empty() ? page.say("{} names it as its parent", link.project)
                                     : page.say("{}: dependency {}", link.project, link.how));
  return page.say("The creation of {} cannot be undone while other projects link to it: {}. "
                  "Remove those links first. Nothing was changed.",
                  error.code(), fmt::format("{}", fmt::join(named, "; ")));
}

void post_undo(PageContext& page) {
  std::int64_t id = change_id(page.request);
  if (refuse_unless_may_undo(page, id))
    return;
  std::string reason = form_field(page.request, "reason_text");
  std::string scope_text = form_field(page.request, "scope");
  auto scope = scope_text == "write" ? operations::UndoScope::Write : operations::UndoScope::Change;
  if (!scope_text.empty() && scope_text != "write" && scope_text != "change")
    throw InvalidInput(fmt::format("scope: '{}': write change or write", shown_safely(scope_text)));
  if (reason.empty()) {
    show_undo(page, id, 400,
              std::string(page.text("Say why the change is undone; nothing was changed.")),
              reason);
    return;
  }
  store::ChangeContext context{page.caller.account.name, reason, ""};
  try {
    page.workspace.with_database([&](store::Database& database) {
      operations::undo_change(database, context, id, scope, Date::today_in_vietnam(),
                              &page.caller.account);
    });
  } catch (const operations::UndoRefused& refusal) {
    auto snapshot = page.workspace.snapshot();
    show_undo(page, id, 409, undo_refusal(page, snapshot->portfolio(), refusal), reason);
    return;
  } catch (const operations::StillLinked& error) {
    show_undo(page, id, 409, still_linked_refusal(page, error), reason);
    return;
  }
  page.response.status = 303;
  add_security_headers(page.response);
  page.response.set_header(
      "Location", fmt::format("/history?undone={}{}", id, page.vietnamese() ? "" : "&lang=en"));
}

}  // namespace

void register_history_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/history", page_route(workspace, options, show_history));
  server.Get(R"(/history/(\d+)/undo)", page_route(workspace, options, get_undo));
  // Editors and administrators; the page and the operation decide which changes each may undo.
  BodyRule undoers{.minimum_role = Role::Editor, .max_bytes = 64 * 1024};
  server.Post(R"(/history/(\d+)/undo)", page_route(workspace, options, post_undo), undoers);
}

}  // namespace tiendo::web
