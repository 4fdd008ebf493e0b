// /alerts, /pipeline, /report and the exports.
#include "web/pages.h"

namespace tiendo::web {

void register_analysis_pages(httplib::Server&, Workspace&, const ServerOptions&) {}

}  // namespace tiendo::web
