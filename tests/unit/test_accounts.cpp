// Accounts against real SQLite files: argon2id passwords, tokens and sessions kept only as
// hashes, revoking and disabling, the editor's scope by the --province rule, and the name and
// password rules.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "domain/error.h"
#include "engines.h"
#include "operations/accounts.h"
#include "operations/change_log.h"
#include "store/database.h"

using namespace tiendo;
using tiendo::store::ChangeContext;
using tiendo::store::Database;
using tiendo::store::OpenMode;
namespace operations = tiendo::operations;

namespace {

constexpr const char* secret_password = "correct horse battery";

class AccountsDirectory {
 public:
  AccountsDirectory() {
    static std::atomic<int> counter{0};
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    m_path = std::filesystem::temp_directory_path() /
             ("tiendo-accounts-" + std::to_string(::getpid()) + "-" + std::to_string(stamp) + "-" +
              std::to_string(counter++));
    std::filesystem::create_directories(m_path);
  }
  ~AccountsDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  AccountsDirectory(const AccountsDirectory&) = delete;
  AccountsDirectory& operator=(const AccountsDirectory&) = delete;
  std::string file(const std::string& name) const { return (m_path / name).string(); }
  // The test's database: a file here, or a new PostgreSQL database in the PostgreSQL run.
  const std::string& database() {
    if (m_database.empty())
      m_database = testing::database_location(file("tiendo.db"));
    return m_database;
  }

  // Every byte of every file in the directory: the database, its WAL and anything else SQLite
  // left there, so a secret cannot hide in a file the test did not think of.
  std::string all_bytes() const {
    if (testing::on_postgres())
      return testing::psql_value(m_database,
                                 "SELECT string_agg(t::text, ' ') FROM (SELECT a::text "
                                 "FROM account a UNION ALL SELECT k::text FROM "
                                 "api_token k UNION ALL SELECT s::text FROM session s "
                                 "UNION ALL SELECT c::text FROM change_log c) t");
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(m_path)) {
      std::ifstream in(entry.path(), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return bytes;
  }

 private:
  std::filesystem::path m_path;
  std::string m_database;
};

ChangeContext admin_context() {
  return ChangeContext{"root.admin", "", ""};
}

operations::NewAccount new_account(std::string name, std::string role,
                                   std::vector<std::string> provinces = {}) {
  return operations::NewAccount{std::move(name), std::move(role), std::move(provinces),
                                secret_password};
}

Account editor_of(std::vector<std::string> provinces) {
  Account account;
  account.name = "editor";
  account.role = Role::Editor;
  account.provinces = std::move(provinces);
  return account;
}

}  // namespace

TEST_CASE("passwords are argon2id strings that verify, and only the right password does") {
  std::string hash = operations::hash_password(secret_password);
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find(secret_password) == std::string::npos);
  CHECK(operations::password_matches(hash, secret_password));
  CHECK_FALSE(operations::password_matches(hash, "correct horse battery!"));
  CHECK_FALSE(operations::password_matches(hash, ""));
  // A random salt: the same password never gives the same string twice.
  CHECK(operations::hash_password(secret_password) != hash);
}

TEST_CASE("accounts are added, verified by password, changed and disabled") {
  AccountsDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  Account admin = operations::add_account(database, admin_context(), new_account("admin", "admin"));
  CHECK(admin.role == Role::Admin);
  CHECK(admin.provinces.empty());
  CHECK_FALSE(admin.created_at_utc.empty());

  auto verified = operations::verify_password(database, "admin", secret_password);
  REQUIRE(verified);
  CHECK(verified->name == "admin");
  CHECK_FALSE(operations::verify_password(database, "admin", "wrong password!"));
  CHECK_FALSE(operations::verify_password(database, "nobody", secret_password));
  // Names compare without case, for logins and for conflicts alike.
  CHECK(operations::verify_password(database, "ADMIN", secret_password));
  CHECK_THROWS_AS(
      operations::add_account(database, admin_context(), new_account("Admin", "viewer")), Conflict);

  operations::AccountEdit change;
  change.password = "a new password of mine";
  operations::set_account(database, admin_context(), "admin", change);
  CHECK_FALSE(operations::verify_password(database, "admin", secret_password));
  CHECK(operations::verify_password(database, "admin", "a new password of mine"));

  // Another admin first: the last enabled one could not be disabled.
  operations::add_account(database, admin_context(), new_account("deputy", "admin"));
  operations::AccountEdit disable;
  disable.disabled = true;
  Account disabled = operations::set_account(database, admin_context(), "admin", disable);
  CHECK(disabled.disabled);
  CHECK_FALSE(operations::verify_password(database, "admin", "a new password of mine"));
  CHECK_FALSE(operations::can_write(disabled, "Lạng Sơn"));
  CHECK_FALSE(operations::can_manage_accounts(disabled));

  operations::AccountEdit unknown;
  unknown.disabled = false;
  CHECK_THROWS_AS(operations::set_account(database, admin_context(), "ghost", unknown), NotFound);

  // Every change is in the change log, and no secret is.
  auto history = database.history("", 100);
  std::vector<std::string> fields;
  for (const auto& record : history) {
    if (record.entity == "account:deputy")
      continue;
    CHECK(record.entity == "account:admin");
    CHECK(record.actor == "root.admin");
    fields.push_back(record.field + "=" + record.new_value.value_or(""));
  }
  CHECK(fields == std::vector<std::string>{"created=name=admin; role=admin", "password=changed",
                                           "disabled=yes"});
}

TEST_CASE("a token verifies, is stored only hashed, and stops at revoke or disable") {
  AccountsDirectory directory;
  std::string token;
  {
    auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
    operations::add_account(database, admin_context(),
                            new_account("tran.thi.b", "editor", {"Cần Thơ"}));
    token = operations::issue_token(database, admin_context(), "tran.thi.b");
    // 256 bits in URL-safe base64 without padding.
    CHECK(token.size() == 43);
    CHECK(token.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    auto account = operations::account_for_token(database, token);
    REQUIRE(account);
    CHECK(account->name == "tran.thi.b");
    CHECK(account->active_tokens == 1);
    CHECK_FALSE(operations::account_for_token(database, token + "x"));
    CHECK_FALSE(operations::account_for_token(database, ""));
    CHECK_THROWS_AS(operations::issue_token(database, admin_context(), "ghost"), NotFound);
  }
  {
    std::string bytes = directory.all_bytes();
    CHECK(bytes.find(token) == std::string::npos);
    CHECK(bytes.find(secret_password) == std::string::npos);
    CHECK(bytes.find(operations::secret_hash(token)) != std::string::npos);
  }
  auto database = Database::open(directory.database());
  operations::AccountEdit disable;
  disable.disabled = true;
  operations::set_account(database, admin_context(), "tran.thi.b", disable);
  CHECK_FALSE(operations::account_for_token(database, token));
  operations::AccountEdit enable;
  enable.disabled = false;
  operations::set_account(database, admin_context(), "tran.thi.b", enable);
  CHECK(operations::account_for_token(database, token));

  CHECK(operations::revoke_tokens(database, admin_context(), "tran.thi.b") == 1);
  CHECK_FALSE(operations::account_for_token(database, token));
  CHECK(operations::revoke_tokens(database, admin_context(), "tran.thi.b") == 0);
  CHECK(database.find_account("tran.thi.b")->active_tokens == 0);
  CHECK_THROWS_AS(operations::revoke_tokens(database, admin_context(), "ghost"), NotFound);
}

TEST_CASE("sessions: hashed ids, a CSRF token derived from the id, idle and disabled ends") {
  AccountsDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  operations::add_account(database, admin_context(), new_account("viewer.one", "viewer"));
  auto start = operations::Clock::now();
  auto session = operations::start_session(database, "viewer.one", start);
  CHECK(session.id.size() == 43);
  CHECK(database.find_session(operations::secret_hash(session.id)));
  CHECK_FALSE(database.find_session(session.id));
  CHECK(operations::account_for_session(database, session.id, start + std::chrono::hours(1)));
  // Seen an hour in, so eight hours from the start it is still alive; nine hours after it was
  // last seen it has ended.
  CHECK(operations::account_for_session(database, session.id, start + std::chrono::hours(8)));
  CHECK_FALSE(
      operations::account_for_session(database, session.id, start + std::chrono::hours(17)));
  CHECK_FALSE(database.find_session(operations::secret_hash(session.id)));

  auto second = operations::start_session(database, "viewer.one", start);
  CHECK(second.csrf_token == operations::csrf_token(second.id));
  CHECK(operations::csrf_token_matches(second.id, second.csrf_token));
  CHECK_FALSE(operations::csrf_token_matches(session.id, second.csrf_token));
  CHECK_FALSE(operations::csrf_token_matches(second.id, ""));
  CHECK(operations::end_idle_sessions(database, start + std::chrono::hours(9)) == 1);

  auto third = operations::start_session(database, "viewer.one", start);
  operations::AccountEdit disable;
  disable.disabled = true;
  operations::set_account(database, admin_context(), "viewer.one", disable);
  CHECK_FALSE(operations::account_for_session(database, third.id, start));
  CHECK_FALSE(database.find_session(operations::secret_hash(third.id)));
  operations::end_session(database, third.id);
  CHECK_THROWS_AS(operations::start_session(database, "ghost", start), NotFound);
}

TEST_CASE("an editor writes within its provinces by the --province rule") {
  // Cần Thơ the current unit covers the old city, Sóc Trăng and Hậu Giang.
  Account current_unit = editor_of({"Cần Thơ"});
  CHECK(operations::can_write(current_unit, "Cần Thơ"));
  CHECK(operations::can_write(current_unit, "Sóc Trăng"));
  CHECK(operations::can_write(current_unit, "Hậu Giang"));
  CHECK_FALSE(operations::can_write(current_unit, "Lạng Sơn"));
  // A legacy province alone covers only itself.
  Account legacy = editor_of({"Trà Vinh"});
  CHECK(operations::can_write(legacy, "Trà Vinh"));
  CHECK_FALSE(operations::can_write(legacy, "Bến Tre"));
  CHECK_FALSE(operations::can_write(legacy, "Vĩnh Long"));
  Account several = editor_of({"Trà Vinh", "Lạng Sơn"});
  CHECK(operations::can_write(several, "Lạng Sơn"));
  CHECK_FALSE(operations::can_manage_accounts(several));

  Account viewer;
  viewer.role = Role::Viewer;
  viewer.provinces = {"Cần Thơ"};
  CHECK_FALSE(operations::can_write(viewer, "Sóc Trăng"));
  CHECK_FALSE(operations::can_manage_accounts(viewer));
  Account admin;
  admin.role = Role::Admin;
  CHECK(operations::can_write(admin, "Sóc Trăng"));
  CHECK(operations::can_manage_accounts(admin));

  // Provinces are stored by their official names, as typed without accents or with an alias.
  CHECK(operations::resolve_provinces({"soc trang", "can tho", "Sóc Trăng", "TP HCM"}) ==
        std::vector<std::string>{"Sóc Trăng", "Cần Thơ", "Hồ Chí Minh"});
  CHECK_THROWS_AS(operations::resolve_provinces({"Atlantis"}), InvalidInput);
}

TEST_CASE("names, roles, passwords and an editor's provinces are checked before anything") {
  CHECK_NOTHROW(operations::check_account_name("NAME", "nguyen.van-a_2"));
  CHECK_NOTHROW(operations::check_account_name("NAME", std::string(64, 'a')));
  CHECK_THROWS_AS(operations::check_account_name("NAME", std::string(65, 'a')), InvalidInput);
  CHECK_THROWS_AS(operations::check_account_name("NAME", ""), InvalidInput);
  CHECK_THROWS_AS(operations::check_account_name("NAME", "nguyễn"), InvalidInput);
  CHECK_THROWS_AS(operations::check_account_name("NAME", "a b"), InvalidInput);
  CHECK_THROWS_AS(operations::check_account_name("NAME", "a/b"), InvalidInput);
  CHECK_THROWS_AS(operations::check_account_name("NAME", "a\nb"), InvalidInput);

  CHECK_NOTHROW(operations::check_password("0123456789"));
  // Ten characters, not ten bytes: Vietnamese passwords count as they read.
  CHECK_NOTHROW(operations::check_password("mậtkhẩuđây"));
  CHECK_THROWS_AS(operations::check_password("mậtkhẩu"), InvalidInput);
  CHECK_THROWS_AS(operations::check_password("012345678"), InvalidInput);
  CHECK_NOTHROW(operations::check_password(std::string(1024, 'x')));
  CHECK_THROWS_AS(operations::check_password(std::string(1025, 'x')), InvalidInput);
  CHECK_THROWS_AS(operations::check_password("0123456789\xff"), InvalidInput);
  try {
    operations::check_password("short one");
    FAIL("a short password was taken");
  } catch (const InvalidInput& error) {
    CHECK(std::string(error.what()).find("short one") == std::string::npos);
  }

  CHECK(operations::password_from_input("0123456789\n") == "0123456789");
  CHECK(operations::password_from_input("0123456789\r\n") == "0123456789");
  CHECK(operations::password_from_input("0123456789") == "0123456789");
  CHECK_THROWS_AS(operations::password_from_input(""), InvalidInput);
  CHECK_THROWS_AS(operations::password_from_input("\n"), InvalidInput);
  CHECK_THROWS_AS(operations::password_from_input("0123456789\nsecond line\n"), InvalidInput);

  CHECK(operations::parse_role_option("editor") == Role::Editor);
  CHECK_THROWS_AS(operations::parse_role_option("root"), InvalidInput);

  AccountsDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  CHECK_THROWS_AS(operations::add_account(database, admin_context(), new_account("ed", "editor")),
                  InvalidInput);
  CHECK_THROWS_AS(
      operations::add_account(database, admin_context(), new_account("ed", "editor", {"Mars"})),
      InvalidInput);
  operations::add_account(database, admin_context(), new_account("ed", "viewer"));
  operations::AccountEdit promote;
  promote.role = "editor";
  CHECK_THROWS_AS(operations::set_account(database, admin_context(), "ed", promote), InvalidInput);
  promote.provinces = std::vector<std::string>{"lang son"};
  Account editor = operations::set_account(database, admin_context(), "ed", promote);
  CHECK(editor.role == Role::Editor);
  CHECK(editor.provinces == std::vector<std::string>{"Lạng Sơn"});
  CHECK(database.accounts().size() == 1);
}

TEST_CASE("the last enabled admin cannot be disabled or demoted, and another admin can") {
  AccountsDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  operations::add_account(database, admin_context(), new_account("chief", "admin"));
  operations::add_account(database, admin_context(), new_account("reader", "viewer"));
  operations::AccountEdit disable;
  disable.disabled = true;
  operations::AccountEdit demote;
  demote.role = "viewer";
  CHECK_THROWS_AS(operations::set_account(database, admin_context(), "chief", disable),
                  operations::LastAdminRefused);
  CHECK_THROWS_AS(operations::set_account(database, admin_context(), "CHIEF", demote),
                  operations::LastAdminRefused);
  try {
    operations::set_account(database, admin_context(), "chief", demote);
  } catch (const InvalidInput& error) {
    CHECK(std::string(error.what()) ==
          "NAME: 'chief': the last enabled admin cannot be disabled, demoted or removed (make "
          "another account admin first)");
  }
  // Nothing was written: still an enabled admin, and no change-log row but the creations.
  auto chief = operations::find_account(database, "chief");
  REQUIRE(chief);
  CHECK(chief->role == Role::Admin);
  CHECK_FALSE(chief->disabled);
  CHECK(database.history("", 100).size() == 2);
  // Other changes of the last admin go through; so does disabling a viewer.
  operations::AccountEdit provinces;
  provinces.provinces = std::vector<std::string>{"Lạng Sơn"};
  CHECK_NOTHROW(operations::set_account(database, admin_context(), "chief", provinces));
  CHECK_NOTHROW(operations::set_account(database, admin_context(), "reader", disable));

  // A disabled admin does not count: made admin, "reader" stays disabled, so chief is still last.
  operations::AccountEdit promote;
  promote.role = "admin";
  operations::set_account(database, admin_context(), "reader", promote);
  CHECK_THROWS_AS(operations::set_account(database, admin_context(), "chief", disable),
                  operations::LastAdminRefused);
  // Enabled, it is a second admin, and either may now step down, but not both.
  operations::AccountEdit enable;
  enable.disabled = false;
  operations::set_account(database, admin_context(), "reader", enable);
  CHECK(operations::set_account(database, admin_context(), "chief", demote).role == Role::Viewer);
  CHECK_THROWS_AS(operations::set_account(database, admin_context(), "reader", disable),
                  operations::LastAdminRefused);
}

TEST_CASE("only an admin reads the account rows of the change log") {
  AccountsDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  Account admin = operations::add_account(database, admin_context(), new_account("chief", "admin"));
  Account viewer =
      operations::add_account(database, admin_context(), new_account("reader", "viewer"));
  Account editor = operations::add_account(database, admin_context(),
                                           new_account("writer", "editor", {"Lạng Sơn"}));
  operations::issue_token(database, admin_context(), "writer");
  Portfolio portfolio;
  CHECK(operations::history_of(database, portfolio, "", 100, admin).size() == 4);
  CHECK(operations::history_of(database, portfolio, "", 100, viewer).empty());
  CHECK(operations::history_of(database, portfolio, "", 100, editor).empty());
  CHECK(operations::account_rows_for(admin) == store::AccountRows::Included);
  // A disabled admin manages nothing, and reads no account row either.
  Account disabled_admin = admin;
  disabled_admin.disabled = true;
  CHECK(operations::account_rows_for(disabled_admin) == store::AccountRows::Excluded);
  // The limit counts the rows shown: a viewer's latest changes are not crowded out by accounts.
  CHECK(database.history("", 2, store::AccountRows::Excluded).empty());
}

TEST_CASE("failed logins lock a name per client address, end, and outlive the process") {
  AccountsDirectory directory;
  using std::chrono::minutes;
  using std::chrono::seconds;
  auto start = operations::Clock::time_point(seconds(1'800'000'000));
  {
    auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
    for (int attempt = 0; attempt < 5; ++attempt)
      CHECK(operations::begin_login(database, "victim", "192.0.2.1", start + seconds(attempt))
                .allowed);
    auto refused = operations::begin_login(database, "Victim", "192.0.2.1", start + seconds(10));
    CHECK_FALSE(refused.allowed);
    // The lock began at the fifth failure and lasts 15 minutes.
    CHECK(refused.retry_after_seconds == 15 * 60 + 4 - 10);
    // Another address may still try the name.
    CHECK(operations::begin_login(database, "victim", "198.51.100.7", start + seconds(11)).allowed);
    operations::login_succeeded(database, "victim", "198.51.100.7", start + seconds(12));
  }
  {
    // Another process (or the same after a restart) sees the same lock.
    auto database = Database::open(directory.database(), OpenMode::MustExist);
    auto refused = operations::begin_login(database, "victim", "192.0.2.1", start + minutes(10));
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after_seconds == 15 * 60 + 4 - 10 * 60);
    // Refused attempts do not make it longer: it ends 15 minutes after it began, and the count
    // starts afresh.
    auto later = start + seconds(4) + minutes(15);
    CHECK(operations::begin_login(database, "victim", "192.0.2.1", later).allowed);
    for (int attempt = 1; attempt < 4; ++attempt)
      CHECK(operations::begin_login(database, "victim", "192.0.2.1", later + seconds(attempt))
                .allowed);
    // A success forgives the address's failures.
    operations::login_succeeded(database, "victim", "192.0.2.1", later + seconds(5));
    for (int attempt = 0; attempt < 5; ++attempt)
      CHECK(operations::begin_login(database, "victim", "192.0.2.1", later + seconds(10 + attempt))
                .allowed);
    CHECK_FALSE(
        operations::begin_login(database, "victim", "192.0.2.1", later + seconds(20)).allowed);
    // An attempt that could not be checked is not counted.
    for (int attempt = 0; attempt < 5; ++attempt) {
      CHECK(operations::begin_login(database, "other", "192.0.2.1", start + seconds(attempt))
                .allowed);
      operations::login_not_checked(database, "other", "192.0.2.1", start + seconds(attempt));
    }
    CHECK(operations::begin_login(database, "other", "192.0.2.1", start + seconds(6)).allowed);
    // Failures spread over more than 15 minutes never lock.
    for (int attempt = 0; attempt < 8; ++attempt)
      CHECK(operations::begin_login(database, "slow", "192.0.2.1", start + minutes(4 * attempt))
                .allowed);
  }
}

TEST_CASE("failures of one name from many addresses lock it everywhere past a higher bound") {
  AccountsDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  auto start = operations::Clock::time_point(std::chrono::seconds(1'800'000'000));
  int allowed = 0;
  for (int address = 0; address < 20; ++address)
    for (int attempt = 0; attempt < 4; ++attempt)
      allowed += operations::begin_login(database, "admin", "10.0.0." + std::to_string(address),
                                         start + std::chrono::seconds(address))
                     .allowed;
  CHECK(allowed == operations::login_failures_per_name);
  auto refused =
      operations::begin_login(database, "admin", "203.0.113.9", start + std::chrono::seconds(30));
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_seconds > 0);
  CHECK(refused.retry_after_seconds <= 15 * 60);
  // It ends too.
  CHECK(operations::begin_login(database, "admin", "203.0.113.9", start + std::chrono::minutes(16))
            .allowed);
}

TEST_CASE("an account is removed with its tokens and sessions, but not the last enabled admin") {
  AccountsDirectory directory;
  auto database = Database::open(directory.database(), OpenMode::CreateOrMigrate);
  operations::add_account(database, admin_context(), new_account("chief", "admin"));
  operations::add_account(database, admin_context(), new_account("leaver", "editor", {"Huế"}));
  std::string token = operations::issue_token(database, admin_context(), "leaver");
  auto session = operations::start_session(database, "leaver");
  CHECK_THROWS_AS(operations::remove_account(database, admin_context(), "chief"),
                  operations::LastAdminRefused);
  CHECK_THROWS_AS(operations::remove_account(database, admin_context(), "ghost"), NotFound);
  operations::remove_account(database, admin_context(), "LEAVER");
  CHECK_FALSE(operations::find_account(database, "leaver"));
  CHECK_FALSE(operations::account_for_token(database, token));
  CHECK_FALSE(operations::account_for_session(database, session.id));
  auto history = database.history("", 100);
  REQUIRE_FALSE(history.empty());
  CHECK(history.back().entity == "account:leaver");
  CHECK(history.back().field == "removed");
  // The name may be taken again.
  CHECK_NOTHROW(
      operations::add_account(database, admin_context(), new_account("leaver", "viewer")));
}
