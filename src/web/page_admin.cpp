// /history and /admin/users: the change log, and the accounts an administrator manages. Accounts
// change only through operations/accounts.h, with the administrator as the change's actor, so
// the rules (names, roles, provinces, password length, sessions ended on disabling) are the
// command line's, and so are the messages a refused value gets.
#include <fmt/format.h>

#include <algorithm>

#include "domain/command_line.h"
#include "domain/province.h"
#include "operations/accounts.h"
#include "operations/change_log.h"
#include "report/catalogue.h"
#include "report/labels.h"
#include "report/wording.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

// Provinces as typed in the form: separated by commas (or semicolons, as `user list` shows them).
std::vector<std::string> province_list(const std::string& text) {
  std::vector<std::string> provinces;
  std::string current;
  auto finish = [&] {
    auto first = current.find_first_not_of(" \t");
    auto last = current.find_last_not_of(" \t");
    if (first != std::string::npos)
      provinces.push_back(current.substr(first, last - first + 1));
    current.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ';')
      finish();
    else
      current += c;
  }
  finish();
  return provinces;
}

// The provinces an account may be given, chosen from the list (not typed): the current units,
// and any province an account holds that is not one of them (a legacy province), so that saving
// a form leaves it as it was.
std::string provinces_select(const PageContext& page, std::string_view id,
                             const std::vector<std::string>& chosen) {
  std::vector<std::string> names;
  for (const auto& province : ProvinceRegistry::builtin().provinces())
    names.push_back(province.current_name);
  for (const auto& name : chosen)
    names.push_back(name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string options;
  for (const auto& name : names)
    options += fmt::format(
        R"(<option value="{0}"{1}>{0}</option>)", report::html_escape(name),
        std::find(chosen.begin(), chosen.end(), name) != chosen.end() ? " selected" : "");
  return fmt::format(
      R"(<label for="{id}">{label}</label> <input type="hidden" name="provinces_listed" value="1"><select id="{id}" name="provinces" multiple size="4">{options}</select>)",
      fmt::arg("id", id), fmt::arg("label", page.text("Provinces")),
      fmt::arg("options", options));
}

// The provinces a form chose, when it showed the list (a form without it leaves them as they
// are); the old text field's comma-separated names are still read.
std::optional<std::vector<std::string>> chosen_provinces(const httplib::Request& request) {
  if (request.has_param("provinces_listed")) {
    std::vector<std::string> chosen;
    for (const auto& value : parameter_values(request, "provinces"))
      if (!value.empty())
        chosen.push_back(value);
    return chosen;
  }
  if (auto typed = sent_form_field(request, "provinces"))
    return province_list(*typed);
  return std::nullopt;
}

std::vector<Choice> role_choices(report::Language language) {
  std::vector<Choice> choices;
  for (std::string_view role : {"viewer", "editor", "admin"})
    choices.push_back(Choice{std::string(role), std::string(report::word_for_key(role, language))});
  return choices;
}

// What the add form held, shown again after a refusal (the password never is).
struct AddForm {
  std::string name, role = "viewer";
  std::vector<std::string> provinces;
};

void show_accounts(PageContext& page, int status, const std::string& message,
                   const std::string& notice, const AddForm& add) {
  auto accounts = page.workspace.with_database(
      [](store::Database& database) { return operations::list_accounts(database); });
  auto language = page.language;
  report::Table table;
  // Capitalised as every page's headings are (the command line's `user list` keeps its own).
  table.headers = {std::string(page.text("Name")),
                   std::string(page.text("Role")),
                   std::string(page.text("Provinces")),
                   std::string(page.text("Locked")),
                   std::string(page.text("API tokens")),
                   std::string(page.text("Created (Vietnam time)")),
                   std::string(page.text("Change"))};
  table.alignment = {report::Align::Left, report::Align::Left,  report::Align::Left,
                     report::Align::Left, report::Align::Right, report::Align::Left};
  for (const auto& account : accounts)
    table.rows.push_back({account.name,
                          std::string(report::word_for_key(role_key(account.role), language)),
                          fmt::format("{}", fmt::join(account.provinces, "; ")),
                          std::string(account.disabled ? report::word("yes", language)
                                                       : report::word("no", language)),
                          std::to_string(account.active_tokens),
                          report::format_moment(account.created_at_utc, language), ""});
  std::string list = table_html(
      table, [&](std::size_t row, std::size_t column, const std::string& cell) -> std::string {
        if (column != 6)
          return report::html_escape(cell);
        const auto& account = accounts[row];
        std::string action = page.link("/admin/users/" + report::url_component(account.name));
        return fmt::format(
            R"(<form method="post" action="{action}" class="inline account-edit">{csrf}
<input type="hidden" name="action" value="save">
{role}
{provinces}
<label>{password_label} <input name="password" type="password" autocomplete="new-password" size="12"></label>
<label class="confirm"><input type="checkbox" name="confirm" value="1"> {confirm_role}</label>
<button type="submit">{save}</button>
</form>
<form method="post" action="{action}" class="inline">{csrf}
<input type="hidden" name="action" value="{toggle}">
{confirm_toggle}<button type="submit">{toggle_label}</button>
</form>
<form method="post" action="{action}/tokens" class="inline">{csrf}<button type="submit">{issue}</button></form>
{revoke})",
            fmt::arg("action", action), fmt::arg("csrf", page.csrf_field()),
            fmt::arg("role", select_html("role", page.text("Role"),
                                         role_choices(language), role_key(account.role), "")),
            fmt::arg("provinces",
                     provinces_select(page, fmt::format("provinces-{}", row), account.provinces)),
            fmt::arg("password_label", page.text("New password")),
            fmt::arg("save", page.text("Save")),
            fmt::arg("confirm_role", page.text("confirm a role change")),
            // Locking an account asks first: a ticked box here, or the page the server answers
            // without it. Unlocking takes nothing away, so it needs no confirmation.
            fmt::arg("confirm_toggle",
                     account.disabled
                         ? std::string()
                         : fmt::format(R"(<label class="confirm"><input type="checkbox" )"
                                       R"(name="confirm" value="1"> {}</label>)"
                                       "\n",
                                       page.text("confirm locking"))),
            fmt::arg("issue", page.text("Issue an API token")),
            fmt::arg(
                "revoke",
                account.active_tokens == 0
                    ? std::string()
                    : fmt::format(R"(<form method="post" action="{}/tokens/revoke" )"
                                  R"(class="inline">{}<button type="submit">{}</button></form>)",
                                  action, page.csrf_field(),
                                  page.text("Revoke its tokens"))),
            fmt::arg("toggle", account.disabled ? "enable" : "disable"),
            fmt::arg("toggle_label", account.disabled ? page.text("Enable")
                                                      : page.text("Disable")));
      });

  std::string add_form = fmt::format(
      R"(<h2>{heading}</h2>
<form method="post" action="{action}" class="account-add">{csrf}
<p><label>{name_label} <input name="name" value="{name}" required autocomplete="off"></label></p>
<p>{role}</p>
<p>{provinces}
<span class="hint">{provinces_hint}</span></p>
<p><label>{password_label} <input name="password" type="password" autocomplete="new-password" required minlength="10"></label></p>
<button type="submit">{add}</button>
</form>
)",
      fmt::arg("heading", page.text("Add an account")),
      fmt::arg("action", page.link("/admin/users")), fmt::arg("csrf", page.csrf_field()),
      fmt::arg("name_label", page.text("Name")),
      fmt::arg("name", report::html_escape(add.name)),
      fmt::arg("role", select_html("role", page.text("Role"), role_choices(language),
                                   add.role, "")),
      fmt::arg("provinces", provinces_select(page, "provinces-new", add.provinces)),
      fmt::arg(
          "provinces_hint",
          page.text("hold Ctrl (or ⌘) to choose several; an editor needs at least one")),
      fmt::arg("password_label", page.text("Initial password (at least 10 characters)")),
      fmt::arg("add", page.text("Add")));

  std::string content;
  if (!message.empty())
    content +=
        fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n", report::html_escape(message));
  if (!notice.empty())
    content +=
        fmt::format("<p class=\"notice\" role=\"status\">{}</p>\n", report::html_escape(notice));
  content += "<div class=\"accounts\">" + list + "</div>\n" + add_form;
  send_html(page.response, status,
            page_frame(page, page.text("Accounts"), "users", content));
}

bool refuse_unless_admin(PageContext& page) {
  if (operations::can_manage_accounts(page.caller.account))
    return false;
  send_error_page(page, 403,
                  std::string(page.text("Only an administrator manages accounts.")));
  return true;
}

// After a change, the list is shown by a GET (so reloading it does not post again), saying what
// was done.
void redirect_to_accounts(PageContext& page, std::string_view what, const std::string& name) {
  page.response.status = 303;
  add_security_headers(page.response);
  page.response.set_header("Location",
                           fmt::format("/admin/users?{}={}{}", what, report::url_component(name),
                                       page.vietnamese() ? "" : "&lang=en"));
}

// A refused value: the CLI's message, 400 (404 for an unknown account), the form as it was.
int form_error_status(const std::exception& error) {
  return dynamic_cast<const NotFound*>(&error) ? 404 : 400;
}

void get_accounts(PageContext& page) {
  if (refuse_unless_admin(page))
    return;
  std::string notice;
  if (auto added = parameter(page.request, "added"); added && !added->empty()) {
    auto accounts = page.workspace.with_database(
        [](store::Database& database) { return operations::list_accounts(database); });
    for (const auto& account : accounts)
      if (account.name == *added)
        notice = report::say(page.language, "added account {} ({})", account.name,
                             report::word_for_key(role_key(account.role), page.language));
  } else if (auto updated = parameter(page.request, "updated"); updated && !updated->empty()) {
    notice = report::say(page.language, "updated account {}", *updated);
  } else if (auto revoked = parameter(page.request, "revoked"); revoked && !revoked->empty()) {
    notice =
        fmt::format(fmt::runtime(page.text("Saved: the API tokens of {} were revoked ({}).")),
                    shown_safely(*revoked), shown_safely(parameter_or(page.request, "count", "0")));
  }
  show_accounts(page, 200, "", notice, AddForm{});
}

void post_add_account(PageContext& page) {
  if (refuse_unless_admin(page))
    return;
  AddForm form{form_field(page.request, "name"), form_field(page.request, "role"),
               chosen_provinces(page.request).value_or(std::vector<std::string>{})};
  operations::NewAccount request{form.name, form.role, form.provinces,
                                 form_field(page.request, "password")};
  store::ChangeContext context{page.caller.account.name, "", ""};
  try {
    page.workspace.with_database(
        [&](store::Database& database) { operations::add_account(database, context, request); });
  } catch (const InvalidInput& error) {
    show_accounts(page, 400, report::error_text(page.language, error), "", form);
    return;
  } catch (const Conflict& error) {
    show_accounts(page, 400, report::error_text(page.language, error), "", form);
    return;
  }
  redirect_to_accounts(page, "added", form.name);
}

void post_set_account(PageContext& page) {
  if (refuse_unless_admin(page))
    return;
  std::string name = page.request.matches[1].str();
  std::string action = form_field(page.request, "action");
  bool confirmed = form_field(page.request, "confirm") == "1";
  // A lock or a role change takes effect at once and may shut someone out: it is made only once
  // confirmed. Without the form's ticked box, the answer is a page that asks (a second form that
  // sends the same fields again with confirm=1), which works without JavaScript; nothing changes
  // until then.
  auto ask_to_confirm = [&](std::string_view english, std::string_view vietnamese) {
    std::string replayed;
    for (std::string_view field : {"action", "role", "provinces_listed"})
      if (auto value = sent_form_field(page.request, std::string(field)))
        replayed += fmt::format(R"(<input type="hidden" name="{}" value="{}">)", field,
                                report::html_escape(*value));
    for (const auto& province : parameter_values(page.request, "provinces"))
      replayed += fmt::format(R"(<input type="hidden" name="provinces" value="{}">)",
                              report::html_escape(province));
    std::string content = fmt::format(
        R"(<p class="notice" role="status">{question}</p>
<form method="post" action="{action}" class="confirm-account">{csrf}{replayed}
<input type="hidden" name="confirm" value="1">
<p><button type="submit">{yes}</button> <a href="{back}">{cancel}</a></p>
</form>
)",
        fmt::arg("question", report::html_escape(
                                 fmt::format(fmt::runtime(page.text(english, vietnamese)), name))),
        fmt::arg("action", page.link("/admin/users/" + report::url_component(name))),
        fmt::arg("csrf", page.csrf_field()), fmt::arg("replayed", replayed),
        fmt::arg("yes", page.text("Confirm")),
        fmt::arg("back", page.link("/admin/users")),
        fmt::arg("cancel", page.text("Cancel")));
    send_html(page.response, 200,
              page_frame(page, page.text("Confirm"), "users", content));
  };
  auto current = page.workspace.with_database(
      [&](store::Database& database) { return operations::find_account(database, name); });
  if (!current) {
    show_accounts(
        page, 404,
        fmt::format(fmt::runtime(page.text_in("page_admin", "account '{}' not found")),
                    shown_safely(name)),
        "", AddForm{});
    return;
  }
  operations::AccountEdit edit;
  if (action == "disable" || action == "enable") {
    if (action == "disable" && !confirmed) {
      ask_to_confirm(
          "Lock account {}? Its holder can no longer log in or use a token, and every "
          "session of it ends. Nothing has changed yet.",
          "Khoá tài khoản {}? Người dùng sẽ không đăng nhập hay dùng mã truy cập được "
          "nữa, mọi phiên đăng nhập kết thúc. Chưa có gì thay đổi.");
      return;
    }
    edit.disabled = action == "disable";
  } else if (action == "save") {
    // Only what the form sent changes: a field it did not send is left as it is, provinces sent
    // empty are cleared. A password left empty is not changed (an account always has one). A
    // change of role must be confirmed.
    edit.role = sent_form_field(page.request, "role");
    if (edit.role && *edit.role != role_key(current->role) && !confirmed) {
      ask_to_confirm(
          "Change the role of account {}? What it may do changes at once (a new password sent "
          "with it is not kept: give it again). Nothing has changed yet.",
          "Đổi vai trò của tài khoản {}? Quyền của tài khoản thay đổi ngay (mật khẩu mới gửi kèm "
          "không được giữ: hãy nhập lại). Chưa có gì thay đổi.");
      return;
    }
    edit.provinces = chosen_provinces(page.request);
    if (auto password = sent_form_field(page.request, "password"); password && !password->empty())
      edit.password = *password;
  } else {
    throw InvalidInput(
        fmt::format("action: '{}': write save, disable or enable", shown_safely(action)));
  }
  store::ChangeContext context{page.caller.account.name, "", ""};
  try {
    page.workspace.with_database(
        [&](store::Database& database) { operations::set_account(database, context, name, edit); });
  } catch (const operations::LastAdminRefused& error) {
    show_accounts(page, 400,
                  fmt::format(fmt::runtime(page.text("{} is the last enabled administrator: it cannot be locked or "
                                  "lose its role. Make another account administrator first.")),
                              error.account()),
                  "", AddForm{});
    return;
  } catch (const InvalidInput& error) {
    show_accounts(page, form_error_status(error), report::error_text(page.language, error), "", AddForm{});
    return;
  } catch (const NotFound& error) {
    show_accounts(page, form_error_status(error), report::error_text(page.language, error), "", AddForm{});
    return;
  }
  redirect_to_accounts(page, "updated", name);
}

}  // namespace

void register_admin_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/admin/users", page_route(workspace, options, get_accounts));
  // Only an administrator's form is read: anyone else's is refused on its head (403).
  BodyRule administrators{.minimum_role = Role::Admin, .max_bytes = 64 * 1024};
  server.Post("/admin/users", page_route(workspace, options, post_add_account), administrators);
  server.Post(R"(/admin/users/([^/]+))", page_route(workspace, options, post_set_account),
              administrators);
}

}  // namespace tiendo::web
