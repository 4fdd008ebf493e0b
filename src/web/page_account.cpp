// /account: every user changes her own password, giving the current one first; and the API token
// pages of /admin/users: an administrator issues a token for an account (shown once, on the page
// that answers the POST, never again) or revokes the account's tokens. The rules are those of
// operations/accounts.h, the command line's `user token` and `user revoke`.
#include <fmt/format.h>

#include "domain/command_line.h"
#include "operations/accounts.h"
#include "report/wording.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

void show_account(PageContext& page, int status, const std::string& message) {
  std::string content;
  if (!message.empty())
    content +=
        fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n", report::html_escape(message));
  const auto& account = page.caller.account;
  content += fmt::format(
      R"(<p>{name_label}: <strong>{name}</strong> · {role_label}: {role}{provinces}</p>
<h2>{heading}</h2>
<form method="post" action="{action}" class="password-change">{csrf}
<input type="text" name="username" value="{name}" autocomplete="username" hidden>
<p><label>{current_label} <input name="current_password" type="password" autocomplete="current-password" required></label></p>
<p><label>{new_label} <input name="new_password" type="password" autocomplete="new-password" required minlength="10"></label>
<span class="hint">{rule}</span></p>
<p><button type="submit">{save}</button></p>
</form>
)",
      fmt::arg("name_label", page.text("Account")),
      fmt::arg("name", report::html_escape(account.name)),
      fmt::arg("role_label", page.text("role")),
      fmt::arg("role",
               report::html_escape(report::word_for_key(role_key(account.role), page.language))),
      fmt::arg("provinces", account.provinces.empty()
                                ? std::string()
                                : fmt::format(" · {}: {}", page.text("provinces"),
                                              report::html_escape(fmt::format(
                                                  "{}", fmt::join(account.provinces, ", "))))),
      fmt::arg("heading", page.text("Change my password")),
      fmt::arg("action", page.link("/account")), fmt::arg("csrf", page.csrf_field()),
      fmt::arg("current_label", page.text("Current password")),
      fmt::arg("new_label", page.text("New password")),
      fmt::arg("rule", page.text("at least 10 characters; every browser logged in with this "
                                 "account will have to log in again")),
      fmt::arg("save", page.text("Change password")));
  send_html(page.response, status,
            page_frame(page, page.text("My account"), "account", content));
}

void get_account(PageContext& page) {
  show_account(page, 200, "");
}

void post_account(PageContext& page) {
  std::string current = form_field(page.request, "current_password");
  std::string wanted = form_field(page.request, "new_password");
  try {
    page.workspace.with_password_check([&] {
      page.workspace.with_accounts([&](store::Database& database) {
        operations::change_own_password(database, page.caller.account.name, current, wanted);
      });
    });
  } catch (const operations::WrongPassword&) {
    show_account(page, 400,
                 std::string(page.text("The current password is not right; nothing was changed.")));
    return;
  } catch (const InvalidInput&) {
    show_account(page, 400,
                 std::string(page.text("The new password must have at least 10 characters (at most 1024 bytes); "
                     "nothing was changed.")));
    return;
  }
  // The new password ended every session of the account, this one too: the page says so and
  // leads to the login.
  send_html(
      page.response, 200,
      html_document(page.vietnamese(), page.text("Password changed"), "", "",
                    fmt::format(R"(<main>
<h1>{title}</h1>
<p class="notice saved" role="status">{saved}</p>
<p><a href="/login{lang}">{login}</a></p>
</main>
)",
                                fmt::arg("title", page.text("Password changed")),
                                fmt::arg("saved", page.text("Saved: your password was changed. "
                                                            "Log in again with the new one.")),
                                fmt::arg("lang", page.vietnamese() ? "" : "?lang=en"),
                                fmt::arg("login", page.text("Log in")))));
}

bool refuse_unless_admin(PageContext& page) {
  if (operations::can_manage_accounts(page.caller.account))
    return false;
  send_error_page(page, 403,
                  std::string(page.text("Only an administrator manages accounts.")));
  return true;
}

void post_issue_token(PageContext& page) {
  if (refuse_unless_admin(page))
    return;
  std::string name = page.request.matches[1].str();
  store::ChangeContext context{page.caller.account.name, "", ""};
  std::string token = page.workspace.with_accounts(
      [&](store::Database& database) { return operations::issue_token(database, context, name); });
  // Shown once: the answer must not be kept by a cache, nor the page by the browser's history.
  page.response.set_header("Cache-Control", "no-store");
  std::string content = fmt::format(
      R"(<p class="notice saved" role="status">{saved}</p>
<p><label>{token_label} <input class="token" value="{token}" readonly size="48"></label></p>
<p class="hint">{hint}</p>
<p><a href="{back}">{back_label}</a></p>
)",
      fmt::arg("saved", report::html_escape(fmt::format(
                            fmt::runtime(page.text("Saved: a new API token for {}.")),
                            shown_safely(name)))),
      fmt::arg("token_label", page.text("Token")),
      fmt::arg("token", report::html_escape(token)),
      fmt::arg("hint", page.text("Copy it now: it is shown only this once (only its hash is "
                                 "kept). A script sends it as the header Authorization: Bearer "
                                 "TOKEN. It stays valid until the account's tokens are revoked.")),
      fmt::arg("back", page.link("/admin/users")),
      fmt::arg("back_label", page.text("Back to the accounts")));
  send_html(page.response, 200,
            page_frame(page, page.text("New API token"), "users", content));
}

void post_revoke_tokens(PageContext& page) {
  if (refuse_unless_admin(page))
    return;
  std::string name = page.request.matches[1].str();
  store::ChangeContext context{page.caller.account.name, "", ""};
  std::size_t revoked = page.workspace.with_accounts([&](store::Database& database) {
    return operations::revoke_tokens(database, context, name);
  });
  page.response.status = 303;
  add_security_headers(page.response);
  page.response.set_header(
      "Location", fmt::format("/admin/users?revoked={}&count={}{}", report::url_component(name),
                              revoked, page.vietnamese() ? "" : "&lang=en"));
}

}  // namespace

void register_account_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/account", page_route(workspace, options, get_account));
  // Every user changes her own password: a viewer may send this form too.
  server.Post("/account", page_route(workspace, options, post_account),
              BodyRule{.minimum_role = Role::Viewer, .max_bytes = 16 * 1024});
  BodyRule administrators{.minimum_role = Role::Admin, .max_bytes = 16 * 1024};
  server.Post(R"(/admin/users/([^/]+)/tokens)", page_route(workspace, options, post_issue_token),
              administrators);
  server.Post(R"(/admin/users/([^/]+)/tokens/revoke)",
              page_route(workspace, options, post_revoke_tokens), administrators);
}

}  // namespace tiendo::web
