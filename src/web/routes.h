#pragma once
// The server's routes, registered by area: the JSON API (api.cpp) and the pages (pages*.cpp).
#include <httplib.h>

#include <string>
#include <vector>

#include "operations/contractor_preview.h"
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

// Imports a contractor's schedule (P6 XER or MS Project XML) uploaded by a caller, as run_import
// does CSV files: through operations::import_contractor_schedule with the caller's scope, all or
// nothing; with dry_run, what it would do (nothing written). Problems and sources name the file as
// uploaded.
operations::ContractorPreview run_schedule_import(Workspace& workspace, const Caller& caller,
                                                  const UploadedFile& file,
                                                  const operations::ContractorImportOptions& options,
                                                  bool dry_run, Date as_of);

// A route of the API: the caller must be known (401), and a cookie-authenticated write must carry
// the session's CSRF token in X-CSRF-Token (403), which another site's page cannot read.
Handler api_route(
    Workspace& workspace,
    std::function<void(const httplib::Request&, httplib::Response&, const Caller&)> handler);
// The version an `If-Match` header names (quotes and W/ allowed); nothing without the header,
// InvalidInput for one that is not a whole number.
std::optional<std::int64_t> if_match(const httplib::Request& request);

// How deeply a JSON text nests arrays and objects, counted without parsing it (see api.cpp).
bool nests_deeper_than(std::string_view text, int limit);
// A refused JSON value as a message shows it: its type, or a scalar's text cut short.
std::string shown_value(const nlohmann::json& value);

void register_api(Router& server, Workspace& workspace);
// POST /api/v1/projects, PATCH and DELETE /api/v1/projects/CODE (api_projects.cpp).
void register_project_api(Router& server, Workspace& workspace, const ServerOptions& options);
// GET /api/v1/history and POST /api/v1/baselines (api_admin.cpp).
void register_admin_api(Router& server, Workspace& workspace);
void register_pages(Router& server, Workspace& workspace, const ServerOptions& options);

}  // namespace tiendo::web
