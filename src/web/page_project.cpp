// /projects, /projects/CODE and the milestone form.
#include "web/pages.h"

namespace tiendo::web {

void register_project_pages(httplib::Server&, Workspace&, const ServerOptions&) {}

}  // namespace tiendo::web
