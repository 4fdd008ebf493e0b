// /login and /logout. The login form is protected from cross-site posts by a double submit: GET
// /login puts a one-time value both in a cookie (which another site cannot set or read) and in the
// form's hidden csrf_token; POST /login accepts only a form whose field equals the cookie. The
// cookie lives only as long as a form may sit open (ten minutes), and a login that succeeds
// removes it. Failed logins are counted in the database per name and client address
// (operations/accounts.h); a locked name is answered 429 with Retry-After.
#include <fmt/format.h>

#include <iostream>

#include "domain/text.h"
#include "operations/accounts.h"
#include "web/client_address.h"
#include "web/credentials.h"
#include "web/pages.h"

namespace tiendo::web {
namespace {

// Long enough to type a name and a password, short enough that the value is gone soon after.
constexpr int login_cookie_seconds = 600;

std::string login_document(report::Language language, const std::string& token,
                           const std::string& next, const std::string& username,
                           const std::string& message) {
  bool vietnamese = language == report::Language::Vietnamese;
  report::Labels labels{language};
  return html_document(
      vietnamese, labels.text("Log in"), "", "login",
      fmt::format(
          R"(<main>
<h1>tiendo</h1>
<p class="lead">{lead}</p>
{message}
<form method="post" action="/login{lang_query}">
<input type="hidden" name="csrf_token" value="{token}">
<input type="hidden" name="next" value="{next}">
<label for="username">{user_label}</label>
<input id="username" name="username" autocomplete="username" required value="{username}">
<label for="password">{password_label}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{submit}</button>
</form>
<p class="language"><a href="/login?lang={other_key}">{other_name}</a></p>
</main>
)",
          fmt::arg("lead", labels.text("Energy project portfolio of the Department of Industry and Trade")),
          fmt::arg("message", message.empty()
                                  ? ""
                                  : fmt::format(R"(<p class="error" role="alert">{}</p>)",
                                                report::html_escape(message))),
          fmt::arg("lang_query", vietnamese ? "" : "?lang=en"),
          fmt::arg("token", report::html_escape(token)),
          fmt::arg("next", report::html_escape(next)),
          fmt::arg("user_label", labels.text("User name")),
          fmt::arg("username", report::html_escape(username)),
          fmt::arg("password_label", labels.text("Password")),
          fmt::arg("submit", labels.text("Log in")),
          fmt::arg("other_key", vietnamese ? "en" : "vi"),
          fmt::arg("other_name", vietnamese ? "English" : "Tiếng Việt")));
}

std::string cookie_flags(const ServerOptions& options) {
  return options.tls_certificate.empty() ? "; HttpOnly; SameSite=Lax; Path=/"
                                         : "; HttpOnly; SameSite=Lax; Path=/; Secure";
}

// Shows the form with a fresh one-time value in the cookie and the field.
void show_login(const httplib::Request& request, httplib::Response& response,
                const ServerOptions& options, int status, const std::string& username,
                const std::string& message) {
  std::string token = operations::new_secret();
  std::string given_next = request.has_param("next") ? request.get_param_value("next") : "";
  std::string next = local_target(is_printable(given_next) ? given_next : std::string());
  response.set_header("Set-Cookie", fmt::format("{}={}{}; Max-Age={}", login_cookie, token,
                                                cookie_flags(options), login_cookie_seconds));
  std::string shown_name = is_printable(username) ? username : "";
  send_html(response, status,
            login_document(language_of(request), token, next, shown_name, message));
}

}  // namespace

void register_login_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/login", [&options](const httplib::Request& request, httplib::Response& response) {
    show_login(request, response, options, 200, "", "");
  });

  // Logging in and out are the forms anyone may send; they are small.
  BodyRule open_form{.open = true, .max_bytes = 16 * 1024};
  server.Post(
      "/login",
      [&workspace, &options](const httplib::Request& request, httplib::Response& response) {
        auto language = language_of(request);
        report::Labels labels{language};
        auto field = [&](const char* name) {
          return request.has_param(name) ? request.get_param_value(name) : std::string();
        };
        std::string given_token = field("csrf_token");
        auto expected = cookie(request, login_cookie);
        if (!expected || expected->empty() || given_token != *expected) {
          show_login(request, response, options, 403, "",
                     std::string(labels.text("The login form is out of date or came from another site; try again.")));
          return;
        }
        std::string username = field("username");
        std::string password = field("password");
        auto refuse = [&] {
          show_login(request, response, options, 401, username,
                     std::string(labels.text("Wrong user name or password.")));
        };
        // A form without both is no guess at a password: refused without counting or checking.
        if (username.empty() || password.empty() || !is_valid_utf8(username) ||
            username.size() > 64 || password.size() > 1024) {
          refuse();
          return;
        }
        std::string address = client_address(request, options.trusted_proxies);
        operations::NewSession session;
        bool counted = false;
        try {
          // The counts are written through the portfolio's connection, as authenticate writes a
          // session's last-seen time: a write through the accounts connection would look to the
          // portfolio's like another writer's, and a flood of guesses would make the server read
          // the whole portfolio again and again.
          auto gate = workspace.with_database([&](store::Database& database) {
            return operations::begin_login(database, username, address);
          });
          if (!gate.allowed) {
            // Whole minutes in the message, the exact seconds in the header.
            auto minutes = (gate.retry_after_seconds + 59) / 60;
            response.set_header("Retry-After", std::to_string(gate.retry_after_seconds));
            show_login(request, response, options, 429, username,
                       fmt::format(fmt::runtime(labels.text("Too many failed logins for this name; try again in {} "
                                       "min.")),
                                   minutes));
            return;
          }
          counted = true;
          auto attempt = workspace.with_accounts(
              [&](store::Database& database) { return operations::read_login(database, username); },
              Access::Read);
          auto account = workspace.with_password_check(
              [&] { return operations::check_login(attempt, password); });
          if (!account) {
            refuse();
            return;
          }
          workspace.with_database([&](store::Database& database) {
            operations::login_succeeded(database, username, address);
          });
          counted = false;
          session = workspace.with_accounts([&](store::Database& database) {
            // Sessions idle past the limit are refused when used; they are removed here, at a
            // login, which writes anyway.
            operations::end_idle_sessions(database);
            return operations::start_session(database, account->name);
          });
        } catch (const Overloaded& error) {
          // The password was never checked: the attempt is forgiven, as for a database away.
          if (counted) {
            try {
              workspace.with_database([&](store::Database& database) {
                operations::login_not_checked(database, username, address);
              });
            } catch (const Unavailable&) {
            }
          }
          show_login(request, response, options, 503, username,
                     std::string(labels.text("The server is busy; try again in a few seconds.")));
          response.set_header("Retry-After", std::to_string(error.retry_after_seconds()));
          return;
        } catch (const Unavailable& error) {
          // No password was checked, or no session started: the attempt does not count towards the
          // limit, if the database can still be told so.
          if (counted) {
            try {
              workspace.with_database([&](store::Database& database) {
                operations::login_not_checked(database, username, address);
              });
            } catch (const Unavailable&) {
              // The database is away: the attempt stays counted, which errs on the side of caution.
            }
          }
          std::cerr << "tiendo serve: POST /login: " << printable(error.what()) << '\n';
          show_login(request, response, options, 503, username, error.what());
          return;
        }
        response.status = 303;
        add_security_headers(response);
        response.set_header("Set-Cookie", fmt::format("{}={}{}", session_cookie, session.id,
                                                      cookie_flags(options)));
        // The form's one-time value has served: it is removed rather than left to its Max-Age.
        response.set_header("Set-Cookie",
                            fmt::format("{}={}; Max-Age=0", login_cookie, cookie_flags(options)));
        std::string next = local_target(field("next"));
        // The page asked for may carry its language already (its query is kept whole).
        bool has_language =
            next.find("?lang=") != std::string::npos || next.find("&lang=") != std::string::npos;
        if (language != report::Language::Vietnamese && !has_language)
          next = fmt::format("{}{}lang=en", next, next.find('?') == std::string::npos ? '?' : '&');
        response.set_header("Location", next);
      },
      open_form);

  server.Post(
      "/logout",
      [&workspace](const httplib::Request& request, httplib::Response& response) {
        auto session = cookie(request, session_cookie);
        std::string given =
            request.has_param("csrf_token") ? request.get_param_value("csrf_token") : "";
        // Logging out needs the form's token too: another site must not end a user's session.
        if (session && !session->empty() && operations::csrf_token_matches(*session, given))
          workspace.with_accounts(
              [&](store::Database& database) { operations::end_session(database, *session); });
        else if (session && !session->empty()) {
          send_error(response, 403, "missing or wrong csrf_token");
          return;
        }
        response.status = 303;
        add_security_headers(response);
        response.set_header(
            "Set-Cookie",
            fmt::format("{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0", session_cookie));
        response.set_header("Location", "/login");
      },
      open_form);
}

}  // namespace tiendo::web
