#pragma once
// What the API's files share (api.cpp, api_links.cpp): the route wrapper that knows the caller and
// checks the CSRF header, the If-Match version, the milestone's answer and the parsing of a JSON
// object of milestone fields.
#include <httplib.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/edit.h"
#include "web/http.h"
#include "web/http_server.h"

namespace tiendo::web {

// A route of the API: the caller must be known (401), and a cookie-authenticated write must carry
// the session's CSRF token in X-CSRF-Token (403).
Handler api_route(
    Workspace& workspace,
    std::function<void(const httplib::Request&, httplib::Response&, const Caller&)> handler);
// The milestone as `milestone list --format json` gives it, with its version.
nlohmann::json milestone_answer(const Portfolio& portfolio, const Milestone& milestone,
                                const std::map<std::string, store::ChangeRecord>& changes);
// The version the client saw (If-Match), if it sent one; InvalidInput when it is not a number.
std::optional<std::int64_t> if_match(const httplib::Request& request);
// The fields a PATCH may change, as the milestones CSV names them.
const std::vector<std::string_view>& milestone_fields();
// How deeply a JSON text nests, counted without parsing it (a deep one would exhaust the stack).
bool nests_deeper_than(std::string_view text, int limit);
// A refused JSON value as a message shows it, cut short.
std::string shown_value(const nlohmann::json& value);
// A JSON object of milestone fields as Fields; `reason` gets the reason given, if any.
Fields milestone_patch(const std::string& body, std::string& reason);

// The links into or out of a project, each as `depend list --format json` gives it with its
// version (the id of its latest change-log entry), for GET /api/v1/projects/CODE.
nlohmann::json dependencies_answer(Workspace& workspace, const Portfolio& portfolio,
                                   std::int32_t project);
// POST /api/v1/projects/CODE/milestones, DELETE /api/v1/milestones/REF, POST /api/v1/dependencies,
// PATCH and DELETE /api/v1/dependencies/FROM/TO (api_links.cpp).
void register_link_api(Router& server, Workspace& workspace);

}  // namespace tiendo::web
