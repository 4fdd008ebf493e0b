// tiendo user add|set|remove|list|token|revoke: the accounts of the web workspace and the API.
#include <fmt/format.h>

#include <iostream>

#include "cli/common.h"
#include "domain/error.h"
#include "operations/accounts.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

// A password never comes from an option, where `ps` and the shell's history would show it; it is
// read from standard input, at most a little more than the longest allowed, so an endless input
// cannot hold the command.
std::string read_password() {
  constexpr std::size_t read_limit = 4096;
  std::string input(read_limit, '\0');
  std::cin.read(input.data(), static_cast<std::streamsize>(input.size()));
  input.resize(static_cast<std::size_t>(std::cin.gcount()));
  return operations::password_from_input(input);
}

std::string role_text(Role role, report::Language language) {
  return std::string(report::word_for_key(role_key(role), language));
}

// What the options shared by add and set hold, kept alive for the callbacks.
struct AccountOptions {
  std::string name;
  std::string role;
  std::vector<std::string> provinces;
  bool password_stdin = false;
};

void add_shared_options(CLI::App* command, AccountOptions& options) {
  command->add_option("NAME", options.name, "account name: letters, digits, '.', '_', '-'")
      ->required();
  command->add_option("--province", options.provinces,
                      "a province the account works on (repeat for more; a current unit covers "
                      "its legacy provinces); an editor needs one");
  command->add_flag("--password-stdin", options.password_stdin,
                    "read the password from standard input (one line)");
}

}  // namespace

void register_user(CLI::App& app, Context& context) {
  auto* command = add_command(app, "user", "accounts of the web workspace and the API");
  command->require_subcommand(1);

  auto added = std::make_shared<AccountOptions>();
  auto* add = add_command(*command, "add", "add an account; its password is read from stdin");
  add_shared_options(add, *added);
  // The type name lists the values, so that the help, the man page and the shell's completion
  // offer them; the role itself is checked where accounts are made, with its own message.
  add->add_option("--role", added->role, "viewer, editor or admin")
      ->type_name("TEXT:{viewer,editor,admin}")
      ->required();
  add->callback([&context, added] {
    if (!added->password_stdin)
      throw InvalidInput(
          "--password-stdin: needed: a password is read from standard input, never from an "
          "option");
    operations::NewAccount request{added->name, added->role, added->provinces, read_password()};
    auto database = context.open_database();
    Account account = operations::add_account(database, context.change_context(), request);
    context.out << report::say(context.language(), "added account {} ({})", account.name,
                               role_text(account.role, context.language()))
                << '\n';
  });

  auto changed = std::make_shared<AccountOptions>();
  auto enable = std::make_shared<bool>(false);
  auto disable = std::make_shared<bool>(false);
  auto* set =
      add_command(*command, "set", "change an account's role, provinces, password or state");
  add_shared_options(set, *changed);
  auto* province_option = set->get_option("--province");
  auto* role_option = set->add_option("--role", changed->role, "viewer, editor or admin")
                          ->type_name("TEXT:{viewer,editor,admin}");
  auto* disable_option =
      set->add_flag("--disable", *disable, "refuse the account's logins and tokens");
  set->add_flag("--enable", *enable, "allow a disabled account again")->excludes(disable_option);
  set->callback([&context, changed, enable, disable, province_option, role_option] {
    operations::AccountEdit edit;
    if (role_option->count() > 0)
      edit.role = changed->role;
    if (province_option->count() > 0)
      edit.provinces = changed->provinces;
    if (*disable)
      edit.disabled = true;
    if (*enable)
      edit.disabled = false;
    if (changed->password_stdin)
      edit.password = read_password();
    auto database = context.open_database();
    Account account =
        operations::set_account(database, context.change_context(), changed->name, edit);
    context.out << report::say(context.language(), "updated account {}", account.name) << '\n';
  });

  auto removed_name = std::make_shared<std::string>();
  auto* remove = add_command(*command, "remove",
                             "remove an account with its tokens and sessions (its changes stay "
                             "in the change log)");
  remove->add_option("NAME", *removed_name, "account name")->required();
  remove->callback([&context, removed_name] {
    auto database = context.open_database();
    operations::remove_account(database, context.change_context(), *removed_name);
    context.out << report::say(context.language(), "removed account {}", *removed_name) << '\n';
  });

  auto* list = add_command(*command, "list", "the accounts (never a password or token)");
  list->callback([&context] {
    auto database = context.open_database();
    auto language = context.language();
    report::Table table;
    table.headers = report::headers(
        language, {"name", "role", "provinces", "disabled", "tokens", "created (UTC)"});
    table.alignment = {report::Align::Left, report::Align::Left,  report::Align::Left,
                       report::Align::Left, report::Align::Right, report::Align::Left};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& account : operations::list_accounts(database)) {
      table.rows.push_back({account.name, role_text(account.role, language),
                            fmt::format("{}", fmt::join(account.provinces, "; ")),
                            std::string(account.disabled ? report::word("yes", language)
                                                         : report::word("no", language)),
                            std::to_string(account.active_tokens), account.created_at_utc});
      rows.push_back({{"name", account.name},
                      {"role", role_key(account.role)},
                      {"provinces", account.provinces},
                      {"disabled", account.disabled},
                      {"active_tokens", account.active_tokens},
                      {"created_at_utc", account.created_at_utc},
                      {"updated_at_utc", account.updated_at_utc}});
    }
    context.print(table, nlohmann::json{{"accounts", rows}});
  });

  auto token_name = std::make_shared<std::string>();
  auto* token = add_command(*command, "token", "issue an API token, printed this once");
  token->add_option("NAME", *token_name, "account name")->required();
  token->callback([&context, token_name] {
    auto database = context.open_database();
    std::string issued = operations::issue_token(database, context.change_context(), *token_name);
    // The token alone on standard output, so a script can capture it; the warning goes to
    // standard error, where it does not end up in the captured value.
    context.out << issued << '\n';
    context.err << report::say(context.language(), "API token for {}; it will not be shown again",
                               *token_name)
                << '\n';
  });

  auto revoke_name = std::make_shared<std::string>();
  auto* revoke = add_command(*command, "revoke", "revoke every API token of an account");
  revoke->add_option("NAME", *revoke_name, "account name")->required();
  revoke->callback([&context, revoke_name] {
    auto database = context.open_database();
    std::size_t count = operations::revoke_tokens(database, context.change_context(), *revoke_name);
    context.out << report::say(context.language(), "revoked {} API tokens of {}", count,
                               *revoke_name)
                << '\n';
  });
}

}  // namespace tiendo::cli
