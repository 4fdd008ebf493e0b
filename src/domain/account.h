#pragma once
// Accounts of the web workspace and the API: who may read, who may write where, who manages
// accounts. Plain values; the rules live in operations/accounts.h, the rows in store/.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiendo {

// A viewer reads everything; an editor also writes projects within its provinces; an admin
// writes everything and manages accounts.
enum class Role { Viewer, Editor, Admin };

std::string_view role_key(Role role);
std::optional<Role> parse_role(std::string_view key);

// An account as listings show it. The password hash is deliberately not a member: it is read
// only where a password is verified, so no listing or export can print it by accident.
struct Account {
  std::string name;
  Role role = Role::Viewer;
  // Official names (a current unit or a legacy province), in the order given.
  std::vector<std::string> provinces;
  bool disabled = false;
  std::size_t active_tokens = 0;
  std::string created_at_utc;
  std::string updated_at_utc;
};

}  // namespace tiendo
