#include "web/pages.h"

#include <fmt/format.h>

#include <iostream>

#include "domain/command_line.h"
#include "domain/text.h"
#include "operations/accounts.h"
#include "operations/scope.h"
#include "report/wording.h"
#include "web/credentials.h"
#include "web/page_lists.h"
#include "web/page_project_forms.h"
#include "web/page_links.h"

namespace tiendo::web {

std::string PageContext::csrf_field() const {
  return fmt::format(R"(<input type="hidden" name="csrf_token" value="{}">)",
                     report::html_escape(caller.csrf_token));
}

std::string PageContext::link(std::string_view path) const {
  if (vietnamese())
    return report::html_escape(path);
  return report::html_escape(
      fmt::format("{}{}lang=en", path, path.find('?') == std::string_view::npos ? "?" : "&"));
}

std::string page_frame(const PageContext& page, std::string_view title, std::string_view section,
                       const std::string& content) {
  struct Section {
    std::string_view key, path, label;
  };
  static const Section sections[] = {
      {"dashboard", "/", report::N_("Dashboard")},
      {"projects", "/projects", report::N_("Projects")},
      {"alerts", "/alerts", report::N_("Alerts")},
      {"pipeline", "/pipeline", report::N_("Pipeline")},
      {"forecast", "/forecast", report::N_("Forecast")},
      {"report", "/report", report::N_("Report")},
      {"import", "/import", report::N_("Import")},
      {"history", "/history", report::N_("History")},
      {"baselines", "/baselines", report::N_("Baselines")},
      {"users", "/admin/users", report::N_("Users")},
  };
  std::string navigation;
  for (const auto& entry : sections) {
    if (entry.key == "users" && !operations::can_manage_accounts(page.caller.account))
      continue;
    navigation += fmt::format(R"(<a href="{}"{}>{}</a>)", page.link(entry.path),
                              entry.key == section ? R"( aria-current="page")" : "",
                              page.text(entry.label));
  }
  std::string other_language =
      page.vietnamese() ? fmt::format(R"(<a href="{}" hreflang="en" lang="en">English</a>)",
                                      report::html_escape(page.request.path + "?lang=en"))
                        : fmt::format(R"(<a href="{}" hreflang="vi" lang="vi">Tiếng Việt</a>)",
                                      report::html_escape(page.request.path + "?lang=vi"));
  std::string body = fmt::format(
      R"(<a class="skip" href="#content">{skip}</a>
<header class="top">
<a class="brand" href="{home}">tiendo</a>
<nav class="sections" aria-label="{nav_label}">{navigation}</nav>
<details class="menu"><summary>{menu}</summary><nav aria-label="{nav_label}">{navigation}</nav></details>
<div class="who"><a href="{account}" title="{account_title}">{user}</a> <span class="role">({role})</span> {other_language}
<form method="post" action="/logout" class="inline">{csrf}<button type="submit">{logout}</button></form>
</div>
</header>
<main id="content" tabindex="-1">
<h1>{title}</h1>
{content}
</main>
)",
      fmt::arg("title", report::html_escape(title)), fmt::arg("home", page.link("/")),
      fmt::arg("nav_label", page.text("Sections")), fmt::arg("navigation", navigation),
      fmt::arg("skip", page.text("Skip to the content")),
      fmt::arg("menu", page.text("☰ Menu")),
      fmt::arg("user", report::html_escape(page.caller.account.name)),
      fmt::arg("account", page.link("/account")),
      fmt::arg("account_title", page.text("My account")),
      fmt::arg("role", report::word_for_key(role_key(page.caller.account.role), page.language)),
      fmt::arg("other_language", other_language), fmt::arg("csrf", page.csrf_field()),
      fmt::arg("logout", page.text("Log out")), fmt::arg("content", content));
  return html_document(page.vietnamese(), title,
                       R"(<script src="/assets/tiendo.js" defer></script>)", "", body);
}

void send_unavailable_page(const httplib::Request& request, httplib::Response& response,
                           report::Language language, const std::string& message) {
  bool vietnamese = language == report::Language::Vietnamese;
  report::Labels labels{language};
  // The same page again, asked the same way (a form's post is not repeated by a link).
  // Only a path on this server: a target such as "//elsewhere.example" would make the link leave
  // it.
  std::string again = request.method == "GET" ? request.target : "/";
  if (again.empty() || again[0] != '/' ||
      (again.size() > 1 && (again[1] == '/' || again[1] == '\\')))
    again = "/";
  std::string_view title = labels.text("Database unavailable");
  send_html(response, 503,
            html_document(vietnamese, title, "", "",
                          fmt::format(R"(<main id="content" tabindex="-1">
<h1>{title}</h1>
<p class="error" role="alert">{message}</p>
<p><a href="{again}">{try_again}</a></p>
</main>
)",
                                      fmt::arg("title", report::html_escape(title)),
                                      fmt::arg("message", report::html_escape(message)),
                                      fmt::arg("again", report::html_escape(again)),
                                      fmt::arg("try_again", labels.text("Try again")))));
}

std::string html_document(bool vietnamese, std::string_view title, std::string_view head,
                          std::string_view body_class, std::string_view body) {
  return fmt::format(
      R"(<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · tiendo</title>
<link rel="stylesheet" href="/assets/tiendo.css">
{head}</head>
<body{body_class}>
{body}</body>
</html>
)",
      fmt::arg("lang", vietnamese ? "vi" : "en"), fmt::arg("title", report::html_escape(title)),
      fmt::arg("head", head.empty() ? std::string() : std::string(head) + "\n"),
      fmt::arg("body_class",
               body_class.empty() ? std::string() : fmt::format(R"( class="{}")", body_class)),
      fmt::arg("body", body));
}

std::optional<std::string> sent_form_field(const httplib::Request& request,
                                           const std::string& name) {
  if (!request.has_param(name.c_str()) && !request.has_file(name.c_str()))
    return std::nullopt;
  return form_field(request, name);
}

std::string form_field(const httplib::Request& request, const std::string& name) {
  std::string value;
  if (request.has_param(name.c_str()))
    value = request.get_param_value(name.c_str());
  else if (request.has_file(name.c_str()))
    value = request.get_file_value(name.c_str()).content;
  else
    return "";
  if (auto problem = text_problem(value); !problem.empty())
    throw InvalidInput(fmt::format("{}: '{}': {}", name, shown_safely(value), problem));
  return value;
}

namespace {

// A refusal of the scope rule in the page's language (the error's own text is English, with the
// role and provinces for the command line's and the API's readers).
std::string scope_refusal(const operations::OutOfScope& error, report::Language language) {
  switch (error.reason()) {
    case operations::TouchReason::OwnRows:
      break;
    case operations::TouchReason::ParentNamed:
      return report::say(language,
                         "{} may not change project '{}' in {}, which '{}' would name as its "
                         "parent; nothing was written",
                         error.account(), error.code(), error.province(), error.related());
    case operations::TouchReason::ParentLeft:
      return report::say(
          language,
          "{} may not change project '{}' in {}, the parent '{}' would leave; nothing was written",
          error.account(), error.code(), error.province(), error.related());
    case operations::TouchReason::LinkSuccessor:
      return report::say(language,
                         "{} may not change project '{}' in {}, the successor of the link {}; "
                         "nothing was written",
                         error.account(), error.code(), error.province(), error.related());
  }
  return report::say(language, "{} may not change project '{}' in {}; nothing was written",
                     error.account(), error.code(), error.province());
}

}  // namespace

Router::Handler page_route(Workspace& workspace, const ServerOptions& options,
                           PageHandler handler) {
  return [&workspace, &options, handler = std::move(handler)](const httplib::Request& request,
                                                              httplib::Response& response) {
    auto language = language_of(request);
    std::optional<Caller> caller;
    try {
      caller = authenticate(workspace, request);
    } catch (const Unavailable& error) {
      // Sending the browser to the login page would not help: logging in needs the database too.
      std::cerr << "tiendo serve: " << request.method << ' ' << printable(request.path) << ": "
                << printable(error.what()) << '\n';
      send_unavailable_page(request, response, language, error.what());
      return;
    } catch (const std::exception& error) {
      std::cerr << "tiendo serve: " << printable(error.what()) << '\n';
    }
    if (!caller || !caller->by_session) {
      // Pages are for browsers, which hold a session; the page asked for, query and all, is
      // where the login comes back to (checked again there to be a local path).
      std::string next = request.method == "GET" ? requested_target(request) : "/";
      response.status = 303;
      response.set_header("Location", "/login?next=" + report::url_component(next, true));
      add_security_headers(response);
      return;
    }
    PageContext page{request, response, workspace, *caller, language, options};
    if (request.has_param("lang")) {
      std::string chosen = request.get_param_value("lang");
      if (chosen == "en" || chosen == "vi")
        response.set_header(
            "Set-Cookie",
            fmt::format("{}={}; Path=/; SameSite=Lax; Max-Age=31536000", language_cookie, chosen));
    }
    try {
      if (request.method == "POST" &&
          !operations::csrf_token_matches(caller->session_id, form_field(request, "csrf_token"))) {
        send_error_page(page, 403,
                        std::string(page.text("The form is out of date or came from another site; "
                                              "nothing was changed. Reload the page and try again.")));
        return;
      }
      handler(page);
    } catch (const InvalidInput& error) {
      send_error_page(page, 400, error);
    } catch (const operations::OutOfScope& error) {
      send_error_page(page, 403, scope_refusal(error, page.language));
    } catch (const VersionConflict& conflict) {
      // The form is where the user came from: reloading it shows the change made meanwhile.
      send_conflict_page(page, conflict, request.path);
    } catch (const Error& error) {
      int status = status_of(error);
      if (status == 500 || status == 503)
        std::cerr << "tiendo serve: " << request.method << ' ' << printable(request.path) << ": "
                  << printable(error.what()) << '\n';
      send_error_page(page, status, error);
      add_retry_after(error, response);
    } catch (const std::exception& error) {
      std::cerr << "tiendo serve: " << request.method << ' ' << printable(request.path) << ": "
                << printable(error.what()) << '\n';
      send_error_page(page, 500, Error(error.what()));
    }
  };
}

void register_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  register_login_pages(server, workspace, options);
  register_portfolio_pages(server, workspace, options);
  register_project_form_pages(server, workspace, options);
  register_link_pages(server, workspace, options);  // Before the milestone form's pattern.
  register_project_pages(server, workspace, options);
  register_analysis_pages(server, workspace, options);
  register_list_pages(server, workspace, options);
  register_planner_pages(server, workspace, options);
  register_report_pages(server, workspace, options);
  register_import_pages(server, workspace, options);
  register_admin_pages(server, workspace, options);
  register_history_pages(server, workspace, options);
  register_baseline_pages(server, workspace, options);
  register_account_pages(server, workspace, options);
}

}  // namespace tiendo::web
