#pragma once
// What every page of the web workspace shares: who is looking and in which language, the frame
// (header, navigation, footer) around a page's content, and the rules every page route follows —
// a page without a session is redirected (303) to /login, a form post must carry the session's
// csrf_token (403 otherwise), and a failure is shown as a page with its status, never a 5xx for
// anything a client sent. Text users typed enters a page only through report::html_escape.
#include <functional>
#include <string>
#include <string_view>

#include "report/catalogue.h"
#include "report/format.h"
#include "report/html.h"
#include "web/http.h"
#include "web/routes.h"

namespace tiendo::web {

struct PageContext {
  const httplib::Request& request;
  httplib::Response& response;
  Workspace& workspace;
  const Caller& caller;
  report::Language language;
  const ServerOptions& options;

  bool vietnamese() const { return language == report::Language::Vietnamese; }
  // A label in the page's language: the Vietnamese given, or the English.
  std::string_view text(std::string_view english, std::string_view vietnamese) const {
    return this->vietnamese() ? vietnamese : english;
  }
  // A label from the message catalogue (po/vi.po) in the page's language: `english` is its id, a
  // literal. text_in names the context when one English text has two Vietnamese ones.
  std::string_view text(std::string_view english) const { return report::label(language, english); }
  std::string_view text_in(std::string_view context, std::string_view english) const {
    return report::label_in(language, context, english);
  }
  // A message with values from the catalogue: its id (an English format string with {}) in the
  // page's language, the values in their places.
  template <typename... Values>
  std::string say(std::string_view id, const Values&... values) const {
    return report::words(language, message(id, values...));
  }
  // The hidden field every form carries.
  std::string csrf_field() const;
  // A link to a page of the workspace, keeping ?lang=en when the page was asked in English.
  std::string link(std::string_view path) const;
};

// The shell every page shares: doctype, language, character set, viewport, the title (escaped
// here) and the style sheet; `head` (extra elements of <head>) and `body` are HTML the caller has
// escaped, `body_class` a constant.
std::string html_document(bool vietnamese, std::string_view title, std::string_view head,
                          std::string_view body_class, std::string_view body);

// The whole HTML document: title, navigation (the current section marked), the user and the
// logout form, the content. `content` is HTML the caller has escaped.
std::string page_frame(const PageContext& page, std::string_view title, std::string_view section,
                       const std::string& content);

// An error page (403, 404, 409, 400, 503) in the page's language, in the frame of every page;
// `message` (or each line) is escaped here. With an error, its messages are worded from the
// catalogue in the page's language (page_errors.cpp), and a 500 says only that the log says more.
void send_error_page(const PageContext& page, int status, const std::string& message);
void send_error_page(const PageContext& page, int status, const std::vector<std::string>& lines);
void send_error_page(const PageContext& page, int status, const Error& error);
// The 409 page: who changed the record and when (Vietnam time on a Vietnamese page), a link to
// reload the form (`reload_path`) and one back (`back_path`, the dashboard when empty).
void send_conflict_page(const PageContext& page, const VersionConflict& conflict,
                        const std::string& reload_path, const std::string& back_path = "");
// The title of an error page for an HTTP status, in the language.
std::string_view status_title(report::Language language, int status);
// A page for what the server answers before any page runs or without a session (an unknown
// path, a method the path does not take, a body over the limit, an internal error): the
// workspace's style, the request's language, a link back. `what` is a message of the catalogue;
// without one the status says what it means.
void send_status_page(const httplib::Request& request, httplib::Response& response, int status,
                      const Message& what);
void send_status_page(const httplib::Request& request, httplib::Response& response, int status);

// The page that says the database server cannot be reached (503) before anyone is known to be
// logged in (telling who asks needs the database): no navigation, the one-line message, and a
// link to try the same page again. `message` is escaped here.
void send_unavailable_page(const httplib::Request& request, httplib::Response& response,
                           report::Language language, const std::string& message);

using PageHandler = std::function<void(PageContext&)>;
// A page route: GET shows, POST changes (CSRF checked before the handler runs).
Router::Handler page_route(Workspace& workspace, const ServerOptions& options, PageHandler handler);

// The pages, by area; each registers its routes.
void register_login_pages(Router& server, Workspace& workspace, const ServerOptions& options);
// The dashboard (page_portfolio.cpp).
void register_portfolio_pages(Router& server, Workspace& workspace, const ServerOptions& options);
// /projects, /projects/CODE and the milestone form (page_project.cpp).
void register_project_pages(Router& server, Workspace& workspace, const ServerOptions& options);
// /alerts, /pipeline, /report and the exports (page_analysis.cpp).
void register_analysis_pages(Router& server, Workspace& workspace, const ServerOptions& options);
// /impact: what a late milestone does to the projects behind it.
void register_planner_pages(Router& server, Workspace& workspace, const ServerOptions& options);
void register_report_pages(Router& server, Workspace& workspace, const ServerOptions& options);
// /import (page_import.cpp).
void register_import_pages(Router& server, Workspace& workspace, const ServerOptions& options);
// /admin/users (page_admin.cpp).
void register_admin_pages(Router& server, Workspace& workspace, const ServerOptions& options);
// /history and /history/ID/undo (page_history.cpp), /baselines (page_baselines.cpp), /account and
// the token pages (page_account.cpp).
void register_history_pages(Router& server, Workspace& workspace, const ServerOptions& options);
void register_baseline_pages(Router& server, Workspace& workspace, const ServerOptions& options);
void register_account_pages(Router& server, Workspace& workspace, const ServerOptions& options);

// A form field of a POST (urlencoded or multipart), checked as text; empty when absent.
std::string form_field(const httplib::Request& request, const std::string& name);
// The same, but nothing when the form did not send the field: a form changes only the fields it
// sent (one sent empty clears its value), so a script or an older page that posts a few fields
// leaves the others as they are.
std::optional<std::string> sent_form_field(const httplib::Request& request,
                                           const std::string& name);

}  // namespace tiendo::web
