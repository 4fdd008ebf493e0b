// /history and /admin/users.
#include "web/pages.h"

namespace tiendo::web {

void register_admin_pages(httplib::Server&, Workspace&, const ServerOptions&) {}

}  // namespace tiendo::web
