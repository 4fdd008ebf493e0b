#pragma once
// The server's routes, registered by area: the JSON API (api.cpp) and the pages (pages*.cpp).
#include <httplib.h>

#include <string>
#include <vector>

#include "operations/edits.h"
#include "web/http.h"
#include "web/http_server.h"

namespace tiendo::web {

struct UploadedFile {
  std::string name;  // As the browser or script named it; only its plain last part is used.
  std::string content;
};

// Imports tiendo CSV files uploaded by a caller, all or nothing (nothing at all with dry_run), as
// the caller: every project touched must lie in their scope. Problems name the files as uploaded.
void run_import(Workspace& workspace, const Caller& caller, const std::vector<UploadedFile>& files,
                bool dry_run, Date as_of, store::WriteSummary& summary);

void register_api(Router& server, Workspace& workspace);
void register_pages(Router& server, Workspace& workspace, const ServerOptions& options);

}  // namespace tiendo::web
