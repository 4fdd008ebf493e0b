#include "domain/account.h"

namespace tiendo {

std::string_view role_key(Role role) {
  switch (role) {
    case Role::Viewer:
      return "viewer";
    case Role::Editor:
      return "editor";
    case Role::Admin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view key) {
  for (Role role : {Role::Viewer, Role::Editor, Role::Admin})
    if (role_key(role) == key)
      return role;
  return std::nullopt;
}

}  // namespace tiendo
