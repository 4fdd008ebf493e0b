#include "operations/accounts.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <functional>

#include "domain/edit.h"
#include "domain/error.h"
#include "domain/province.h"
#include "domain/text.h"

namespace tiendo::operations {
namespace {

constexpr std::size_t name_max_length = 64;
constexpr std::size_t password_min_characters = 10;
constexpr std::size_t password_max_bytes = 1024;
// 256 random bits: as many as a BLAKE2b-256 hash keeps, far beyond guessing.
constexpr std::size_t secret_bytes = 32;

// libsodium must be initialised once before use (it picks its implementations and seeds its
// random generator); a failure there means no safe randomness, so nothing may go on.
void ensure_sodium() {
  static const int result = sodium_init();
  if (result < 0)
    throw Error(message("libsodium could not be initialised"));
}

std::string random_secret() {
  ensure_sodium();
  std::array<unsigned char, secret_bytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string text(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  text.resize(text.find('\0'));
  return text;
}

std::string utc_text(Clock::time_point when) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(when));
}

std::size_t utf8_characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  }));
}

bool is_name_character(char character) {
  return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
         (character >= '0' && character <= '9') || character == '.' || character == '_' ||
         character == '-';
}

Account require_account(store::Database& database, const std::string& name) {
  auto account = database.find_account(name);
  if (!account)
    throw NotFound(message("account '{}' not found", name));
  return *account;
}

void require_editor_provinces(Role role, const std::vector<std::string>& provinces) {
  if (role == Role::Editor && provinces.empty())
    throw InvalidInput(message("role: 'editor': an editor needs at least one province (the provinces it may edit)")
                           .on_command_line("--role: 'editor': an editor needs at least one "
                                            "--province (the provinces it may edit)"));
}

}  // namespace

void check_account_name(std::string_view field, std::string_view name) {
  require_valid_text(field, name);
  if (name.empty())
    throw InvalidInput(message("{}: '': an account needs a name", field));
  if (name.size() > name_max_length)
    throw InvalidInput(message("{}: '{}...': longer than {} characters", field,
                                   name.substr(0, 20), name_max_length));
  if (!std::all_of(name.begin(), name.end(), is_name_character))
    throw InvalidInput(message("{}: '{}': only letters a-z and A-Z, digits, '.', '_' and '-' may name an account", field,
        name));
}

void check_password(std::string_view password) {
  // The password is never part of a message: it could land in a terminal's scrollback or a log.
  if (!is_valid_utf8(password))
    throw InvalidInput(message("password: not valid UTF-8"));
  if (password.size() > password_max_bytes)
    throw InvalidInput(message("password: longer than {} bytes", password_max_bytes));
  if (utf8_characters(password) < password_min_characters)
    throw InvalidInput(message("password: shorter than {} characters", password_min_characters));
}

std::string password_from_input(std::string_view input) {
  std::string_view line = input.substr(0, input.find('\n'));
  if (line.size() < input.size() && line.size() + 1 < input.size())
    throw InvalidInput(message("--password-stdin: standard input holds more than one line"));
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  if (line.empty())
    throw InvalidInput(message("--password-stdin: standard input holds no password"));
  check_password(line);
  return std::string(line);
}

Role parse_role_option(std::string_view text) {
  require_valid_text("--role", text);
  if (auto role = parse_role(text))
    return *role;
  throw InvalidInput(message("role: '{}': not a role (viewer, editor or admin)", text)
                         .on_command_line("--role: '{}': not a role (viewer, editor or admin)"));
}

std::vector<std::string> resolve_provinces(const std::vector<std::string>& given) {
  std::vector<std::string> provinces;
  for (const auto& text : given) {
    require_valid_text("--province", text);
    auto filter = ProvinceFilter::parse(text, ProvinceRegistry::builtin(), false);
    const std::string& official = filter.display_name();
    if (std::find(provinces.begin(), provinces.end(), official) == provinces.end())
      provinces.push_back(official);
  }
  return provinces;
}

std::string hash_password(std::string_view password) {
  ensure_sodium();
  // Interactive limits (2 passes over 64 MiB): a login answers within a fraction of a second on
  // the department's one machine, and each guess costs an attacker the same.
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error(message("password hashing ran out of memory"));
  return std::string(hash.data());
}

bool password_matches(const std::string& stored_hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string new_secret() {
  return random_secret();
}

std::string secret_hash(std::string_view secret) {
  ensure_sodium();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

Account add_account(store::Database& database, const store::ChangeContext& context,
                    const NewAccount& request) {
  check_account_name("NAME", request.name);
  Role role = parse_role_option(request.role);
  auto provinces = resolve_provinces(request.provinces);
  require_editor_provinces(role, provinces);
  check_password(request.password);
  Account account;
  account.name = request.name;
  account.role = role;
  account.provinces = std::move(provinces);
  database.add_account(account, hash_password(request.password), context);
  return require_account(database, request.name);
}

Account set_account(store::Database& database, const store::ChangeContext& context,
                    const std::string& name, const AccountEdit& edit) {
  check_account_name("NAME", name);
  store::AccountChange change;
  if (edit.role)
    change.role = parse_role_option(*edit.role);
  if (edit.provinces)
    change.provinces = resolve_provinces(*edit.provinces);
  if (edit.password)
    check_password(*edit.password);
  Account current = require_account(database, name);
  require_editor_provinces(change.role.value_or(current.role),
                           change.provinces.value_or(current.provinces));
  if (edit.password)
    change.password_hash = hash_password(*edit.password);
  change.disabled = edit.disabled;
  change.end_sessions = edit.password.has_value() || edit.disabled.value_or(false);
  change.check = [&change](const Account& stored, std::int64_t enabled_admins) {
    bool stays_enabled_admin = change.role.value_or(stored.role) == Role::Admin &&
                               !change.disabled.value_or(stored.disabled);
    if (can_manage_accounts(stored) && !stays_enabled_admin && enabled_admins <= 1)
      throw LastAdminRefused(stored.name);
  };
  return database.update_account(name, change, context);
}

void remove_account(store::Database& database, const store::ChangeContext& context,
                    const std::string& name) {
  check_account_name("NAME", name);
  database.remove_account(name, context, [](const Account& stored, std::int64_t enabled_admins) {
    if (can_manage_accounts(stored) && enabled_admins <= 1)
      throw LastAdminRefused(stored.name);
  });
}

LastAdminRefused::LastAdminRefused(const std::string& name)
    : InvalidInput(message("account '{}': the last enabled admin cannot be disabled, demoted or "
                           "removed (make another account admin first)",
                           name)
                       .on_command_line("NAME: '{}': the last enabled admin cannot be disabled, "
                                        "demoted or removed (make another account admin first)")),
      m_account(name) {}

std::vector<Account> list_accounts(store::Database& database) {
  return database.accounts();
}

std::optional<Account> find_account(store::Database& database, const std::string& name) {
  if (!text_problem(name).empty())
    return std::nullopt;
  return database.find_account(name);
}

store::AccountRows account_rows_for(const Account& reader) {
  return can_manage_accounts(reader) ? store::AccountRows::Included : store::AccountRows::Excluded;
}

namespace {

// The pair counted for an attempt: its address, and every address ('*', which no client address
// can be).
constexpr int pair_index = 0;
constexpr int name_index = 1;
constexpr std::string_view every_address = "*";

std::int64_t unix_seconds(Clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

std::int64_t failure_limit(std::size_t index) {
  return index == pair_index ? login_failures_per_address : login_failures_per_name;
}

// Login names fold their ASCII letters, as account names compare.
std::string folded_login_name(std::string_view name) {
  std::string folded(name);
  for (char& character : folded)
    if (character >= 'A' && character <= 'Z')
      character = static_cast<char>(character - 'A' + 'a');
  return folded;
}

void update_login(
    store::Database& database, std::string_view name, std::string_view address,
    Clock::time_point now,
    const std::function<void(std::vector<store::LoginFailures>&, std::int64_t)>& decide) {
  std::int64_t seconds = unix_seconds(now);
  std::int64_t window = std::chrono::duration_cast<std::chrono::seconds>(login_window).count();
  database.update_login_failures(
      folded_login_name(name), {std::string(address), std::string(every_address)}, seconds,
      seconds - window, [&](std::vector<store::LoginFailures>& counts) {
        for (auto& count : counts) {
          // A lock that has ended, or a window that has passed unlocked, starts the count afresh.
          bool lock_ended = count.locked_until != 0 && count.locked_until <= seconds;
          bool window_passed = count.locked_until == 0 && count.window_started + window <= seconds;
          if (lock_ended || window_passed)
            count = store::LoginFailures{};
        }
        decide(counts, seconds);
      });
}

// One attempt forgiven: it no longer counts, and a lock it completed is lifted.
void forgive_one(store::LoginFailures& count, std::int64_t limit) {
  if (count.failures > 0)
    --count.failures;
  if (count.failures < limit)
    count.locked_until = 0;
  if (count.failures == 0)
    count = store::LoginFailures{};
}

}  // namespace

LoginGate begin_login(store::Database& database, std::string_view name, std::string_view address,
                      Clock::time_point now) {
  LoginGate gate;
  std::int64_t lock = std::chrono::duration_cast<std::chrono::seconds>(login_lock).count();
  update_login(database, name, address, now,
               [&](std::vector<store::LoginFailures>& counts, std::int64_t seconds) {
                 for (const auto& count : counts)
                   if (count.locked_until > seconds) {
                     gate.allowed = false;
                     gate.retry_after_seconds =
                         std::max(gate.retry_after_seconds, count.locked_until - seconds);
                   }
                 if (!gate.allowed)
                   return;
                 for (std::size_t index = 0; index < counts.size(); ++index) {
                   auto& count = counts[index];
                   if (count.failures == 0)
                     count.window_started = seconds;
                   if (++count.failures >= failure_limit(index))
                     count.locked_until = seconds + lock;
                 }
               });
  return gate;
}

void login_succeeded(store::Database& database, std::string_view name, std::string_view address,
                     Clock::time_point now) {
  update_login(database, name, address, now,
               [](std::vector<store::LoginFailures>& counts, std::int64_t) {
                 counts[pair_index] = store::LoginFailures{};
                 forgive_one(counts[name_index], login_failures_per_name);
               });
}

void login_not_checked(store::Database& database, std::string_view name, std::string_view address,
                       Clock::time_point now) {
  update_login(database, name, address, now,
               [](std::vector<store::LoginFailures>& counts, std::int64_t) {
                 forgive_one(counts[pair_index], login_failures_per_address);
                 forgive_one(counts[name_index], login_failures_per_name);
               });
}

std::string issue_token(store::Database& database, const store::ChangeContext& context,
                        const std::string& name) {
  check_account_name("NAME", name);
  std::string token = random_secret();
  database.add_token(name, secret_hash(token), context);
  return token;
}

std::size_t revoke_tokens(store::Database& database, const store::ChangeContext& context,
                          const std::string& name) {
  check_account_name("NAME", name);
  return database.revoke_tokens(name, context);
}

LoginAttempt read_login(store::Database& database, std::string_view name) {
  LoginAttempt attempt;
  if (text_problem(name).empty()) {
    attempt.account = database.find_account(std::string(name));
    if (attempt.account)
      attempt.stored_hash = database.password_hash(attempt.account->name);
  }
  return attempt;
}

std::optional<Account> check_login(const LoginAttempt& attempt, std::string_view password) {
  // An unknown name is checked against this hash of nothing anyone knows, so that it takes as
  // long to refuse as a known name with a wrong password.
  static const std::string dummy_hash = hash_password(random_secret());
  if (password.size() > password_max_bytes)
    return std::nullopt;
  bool matches = password_matches(attempt.stored_hash.value_or(dummy_hash), password);
  if (!attempt.account || !attempt.stored_hash || !matches || attempt.account->disabled)
    return std::nullopt;
  return attempt.account;
}

std::optional<Account> verify_password(store::Database& database, std::string_view name,
                                       std::string_view password) {
  return check_login(read_login(database, name), password);
}

std::optional<Account> account_for_token(store::Database& database, std::string_view token) {
  if (token.empty() || token.size() > 256)
    return std::nullopt;
  auto account = database.account_for_token_hash(secret_hash(token));
  if (!account || account->disabled)
    return std::nullopt;
  return account;
}

NewSession start_session(store::Database& database, const std::string& account,
                         Clock::time_point now) {
  NewSession session;
  session.id = random_secret();
  session.csrf_token = csrf_token(session.id);
  database.create_session(secret_hash(session.id), account, utc_text(now));
  return session;
}

std::optional<Account> account_for_session(store::Database& database, std::string_view session_id,
                                           Clock::time_point now, bool& touch_due) {
  touch_due = false;
  if (session_id.empty() || session_id.size() > 256)
    return std::nullopt;
  std::string id_hash = secret_hash(session_id);
  auto session = database.find_session(id_hash);
  if (!session)
    return std::nullopt;
  if (session->last_seen_at_utc < utc_text(now - session_idle_limit))
    return std::nullopt;  // Idle too long; end_idle_sessions removes it.
  auto account = database.find_account(session->account);
  if (!account || account->disabled)
    return std::nullopt;
  // Seen again within the minute: the idle limit is hours, so the write (which waits for any
  // other writer) is saved.
  touch_due = session->last_seen_at_utc < utc_text(now - std::chrono::minutes(1));
  return account;
}

std::optional<Account> account_for_session(store::Database& database, std::string_view session_id,
                                           Clock::time_point now) {
  std::string id_hash = secret_hash(session_id);
  if (session_id.size() <= 256) {
    auto session = database.find_session(id_hash);
    if (session && session->last_seen_at_utc < utc_text(now - session_idle_limit)) {
      database.delete_session(id_hash);
      return std::nullopt;
    }
  }
  bool touch_due = false;
  auto account = account_for_session(database, session_id, now, touch_due);
  if (account && touch_due)
    touch_session(database, session_id, now);
  return account;
}

void touch_session(store::Database& database, std::string_view session_id, Clock::time_point now) {
  database.touch_session(secret_hash(session_id), utc_text(now));
}

void end_session(store::Database& database, std::string_view session_id) {
  database.delete_session(secret_hash(session_id));
}

std::size_t end_idle_sessions(store::Database& database, Clock::time_point now) {
  return database.delete_sessions_seen_before(utc_text(now - session_idle_limit));
}

std::string csrf_token(std::string_view session_id) {
  ensure_sodium();
  // Keyed by the session id (through its hash, which has the fixed length a key needs): whoever
  // does not hold the cookie cannot compute it, and the server needs to store nothing.
  std::array<unsigned char, crypto_generichash_BYTES> key{};
  crypto_generichash(key.data(), key.size(),
                     reinterpret_cast<const unsigned char*>(session_id.data()), session_id.size(),
                     nullptr, 0);
  constexpr std::string_view purpose = "tiendo csrf token";
  std::array<unsigned char, crypto_generichash_BYTES> token{};
  crypto_generichash(token.data(), token.size(),
                     reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                     key.data(), key.size());
  std::string hex(token.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), token.data(), token.size());
  hex.pop_back();
  return hex;
}

bool csrf_token_matches(std::string_view session_id, std::string_view given) {
  std::string expected = csrf_token(session_id);
  if (given.size() != expected.size())
    return false;
  return sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

bool can_write(const Account& account, std::string_view project_province) {
  if (account.disabled)
    return false;
  switch (account.role) {
    case Role::Viewer:
      return false;
    case Role::Admin:
      return true;
    case Role::Editor:
      for (const auto& province : account.provinces) {
        try {
          if (ProvinceFilter::parse(province, ProvinceRegistry::builtin(), false)
                  .matches(project_province))
            return true;
        } catch (const InvalidInput&) {
          // A stored name the registry no longer knows grants nothing.
        }
      }
      return false;
  }
  return false;
}

bool can_manage_accounts(const Account& account) {
  return !account.disabled && account.role == Role::Admin;
}

void change_own_password(store::Database& database, const std::string& name,
                         std::string_view current, const std::string& new_password) {
  // The new password's rules first: a refused one must not cost an argon2id check.
  check_password(new_password);
  if (!check_login(read_login(database, name), current))
    throw WrongPassword();
  AccountEdit edit;
  edit.password = new_password;
  set_account(database, store::ChangeContext{name, "", ""}, name, edit);
}

}  // namespace tiendo::operations
