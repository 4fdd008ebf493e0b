#pragma once
// Managing accounts, and the checks the web workspace and the API make of them: passwords, API
// tokens, sessions and permissions. Every rule about accounts is here, once; the command line
// (`tiendo user ...`) and the server only parse, call and render.
//
// Secrets: a password is kept only as an argon2id string (libsodium's crypto_pwhash_str); an API
// token and a session id are 256 random bits, given to their holder once and kept only as a
// BLAKE2b hash. A fast hash suffices for them because, unlike a password, they cannot be guessed.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.h"
#include "domain/error.h"
#include "store/database.h"

namespace tiendo::operations {

using Clock = std::chrono::system_clock;

// What `user add` asks for; role and provinces as typed (checked here).
struct NewAccount {
  std::string name;
  std::string role;
  std::vector<std::string> provinces;
  std::string password;
};

// What `user set` asks for; only the members given change.
struct AccountEdit {
  std::optional<std::string> role;
  std::optional<std::vector<std::string>> provinces;
  std::optional<std::string> password;
  std::optional<bool> disabled;
};

// Name rule: 1-64 characters, ASCII letters, digits, '.', '_' and '-'. Throws InvalidInput.
void check_account_name(std::string_view field, std::string_view name);
// Password rule: valid UTF-8, at least 10 characters, at most 1024 bytes. Throws InvalidInput
// whose message never holds the password.
void check_password(std::string_view password);
// The password in what `--password-stdin` read: one line, its line ending ("\n" or "\r\n")
// removed, then check_password. Throws InvalidInput for no password or more than one line.
std::string password_from_input(std::string_view input);
// A role key (viewer, editor, admin). Throws InvalidInput.
Role parse_role_option(std::string_view text);
// Each province as the --province rule reads it, by its official name, duplicates dropped, in
// the order given. Throws InvalidInput naming the nearest provinces for an unknown one.
std::vector<std::string> resolve_provinces(const std::vector<std::string>& given);

// An argon2id string ("$argon2id$v=19$...") of the password, with a random salt.
std::string hash_password(std::string_view password);
// True when the argon2id string is that of the password; constant-time in the password.
bool password_matches(const std::string& stored_hash, std::string_view password);
// 256 random bits as URL-safe base64: for a token, a session id or a login form's one-time value.
std::string new_secret();
// The stored form of a token or a session id: BLAKE2b-256 in hex.
std::string secret_hash(std::string_view secret);

// Conflict for a name taken (whatever its case); InvalidInput for a bad name, role, province or
// password, or an editor without a province.
Account add_account(store::Database& database, const store::ChangeContext& context,
                    const NewAccount& request);
// NotFound for an unknown name. A new password or disabling ends the account's sessions. The
// last enabled admin cannot be disabled or lose its role: refused with LastAdminRefused, checked
// in the same transaction as the write, so two admins disabling each other at once cannot both
// succeed.
Account set_account(store::Database& database, const store::ChangeContext& context,
                    const std::string& name, const AccountEdit& edit);
// Removes an account, its tokens and its sessions; its changes stay in the change log under its
// name. NotFound for an unknown name; LastAdminRefused for the last enabled admin.
void remove_account(store::Database& database, const store::ChangeContext& context,
                    const std::string& name);
std::vector<Account> list_accounts(store::Database& database);
std::optional<Account> find_account(store::Database& database, const std::string& name);

// A user's own new password (`/account`): `current` must be the password the account has now
// (WrongPassword otherwise, nothing changed); the new one follows check_password. As any new
// password, it ends every session of the account. The change is logged with the user as actor.
void change_own_password(store::Database& database, const std::string& name,
                         std::string_view current, const std::string& new_password);

// The current password given to change_own_password was not the account's: bad input (400), a
// type of its own so that a page can say it in the reader's language.
class WrongPassword : public InvalidInput {
 public:
  WrongPassword() : InvalidInput("current_password: not the account's password; nothing changed") {}
};

// The refusal to leave no enabled admin (one line naming the account): bad input (exit 2, 400),
// a type of its own so that a page can say it in the reader's language.
class LastAdminRefused : public InvalidInput {
 public:
  explicit LastAdminRefused(const std::string& name);
  const std::string& account() const { return m_account; }

 private:
  std::string m_account;
};

// Only an admin reads the account rows of the change log (entity "account:NAME": accounts
// created with their role and provinces, tokens issued, passwords changed), which would list the
// login names to anyone else. The command line acts for whoever can open the database and reads
// them all (query_history).
store::AccountRows account_rows_for(const Account& reader);

// Failed logins, kept in the database: every server process shares them and a restart keeps
// them. An attempt is counted as failed before its password is checked, and forgiven when it
// succeeds (or could not be checked), so guesses sent at once cannot pass the limit together.
// - Five failures of one name from one client address within 15 minutes lock that name for
//   that address for 15 minutes; other addresses may still log in with it.
// - Fifty failures of one name from all addresses together within 15 minutes lock it for every
//   address for 15 minutes, so that a guesser with many addresses is slowed too (to 50 guesses a
//   quarter of an hour) while one address alone cannot lock the owner out.
// - A lock always ends, 15 minutes after it began; the count then starts afresh. Attempts while
//   locked are refused unchecked and not counted, so they do not make the lock longer.
inline constexpr int login_failures_per_address = 5;
inline constexpr int login_failures_per_name = 50;
inline constexpr std::chrono::minutes login_window{15};
inline constexpr std::chrono::minutes login_lock{15};

// Whether an attempt may go on (it is then counted), or how long the name is locked for this
// address, in whole seconds (at least 1): what Retry-After says.
struct LoginGate {
  bool allowed = true;
  std::int64_t retry_after_seconds = 0;
};
// The name as typed (ASCII letters compare without case, as account names do); the address as
// the server tells it (web/client_address.h).
LoginGate begin_login(store::Database& database, std::string_view name, std::string_view address,
                      Clock::time_point now = Clock::now());
// The attempt begun was right: earlier failures from this address are forgiven, and this
// attempt no longer counts against the name.
void login_succeeded(store::Database& database, std::string_view name, std::string_view address,
                     Clock::time_point now = Clock::now());
// The attempt begun could not be checked (the database was unavailable): it does not count.
void login_not_checked(store::Database& database, std::string_view name, std::string_view address,
                       Clock::time_point now = Clock::now());

// A new API token for the account, returned this once (only its hash is kept). It is valid until
// revoke_tokens. NotFound for an unknown name.
std::string issue_token(store::Database& database, const store::ChangeContext& context,
                        const std::string& name);
// Revokes every active token of the account; returns how many. NotFound for an unknown name.
std::size_t revoke_tokens(store::Database& database, const store::ChangeContext& context,
                          const std::string& name);

// The account when the name and password match and the account is not disabled. An unknown
// name costs the same argon2id verification as a known one, so timing does not tell them apart.
std::optional<Account> verify_password(store::Database& database, std::string_view name,
                                       std::string_view password);
// verify_password in its two halves, so that a server reads the account under its database lock
// and runs the slow argon2id check (64 MiB, a good part of a second) outside it.
struct LoginAttempt {
  std::optional<Account> account;
  std::optional<std::string> stored_hash;
};
LoginAttempt read_login(store::Database& database, std::string_view name);
std::optional<Account> check_login(const LoginAttempt& attempt, std::string_view password);

// The account of an active token, unless disabled.
std::optional<Account> account_for_token(store::Database& database, std::string_view token);

// Sessions of the web workspace end after this long without a request.
inline constexpr std::chrono::hours session_idle_limit{8};

struct NewSession {
  // For the cookie; kept only as its hash.
  std::string id;
  // For the hidden field of every form: derived from the id, so it is stored nowhere.
  std::string csrf_token;
};
// Starts a session for an account that verify_password returned.
NewSession start_session(store::Database& database, const std::string& account,
                         Clock::time_point now = Clock::now());
// The account of a live session, whose last-seen time moves to now; nothing for an unknown,
// idle (ended here) or disabled one.
std::optional<Account> account_for_session(store::Database& database, std::string_view session_id,
                                           Clock::time_point now = Clock::now());
// The same, except that the last-seen time is not written: when it is due, `touch_due` says so
// and touch_session writes it later, through another connection. The web server reads accounts
// through a connection of its own, and a write through it would look to the portfolio's
// connection like someone else's write, which makes it read the whole portfolio again.
std::optional<Account> account_for_session(store::Database& database, std::string_view session_id,
                                           Clock::time_point now, bool& touch_due);
void touch_session(store::Database& database, std::string_view session_id,
                   Clock::time_point now = Clock::now());
void end_session(store::Database& database, std::string_view session_id);
// Removes sessions idle past the limit; returns how many.
std::size_t end_idle_sessions(store::Database& database, Clock::time_point now = Clock::now());
// The CSRF token of a session (a keyed BLAKE2b of its id), and its constant-time check.
std::string csrf_token(std::string_view session_id);
bool csrf_token_matches(std::string_view session_id, std::string_view given);

// Viewer: never; editor: when the project's (recorded, legacy) province lies within one of
// theirs by the --province rule (a current unit covers its legacy provinces); admin: always. A
// disabled account may do nothing.
bool can_write(const Account& account, std::string_view project_province);
bool can_manage_accounts(const Account& account);

}  // namespace tiendo::operations
