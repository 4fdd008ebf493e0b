// /import: upload, dry-run preview, confirm.
#include "web/pages.h"

namespace tiendo::web {

void register_import_pages(httplib::Server&, Workspace&, const ServerOptions&) {}

}  // namespace tiendo::web
