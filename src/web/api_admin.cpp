// GET /api/v1/history (the change log a page at a time, filtered as the history page filters it)
// and POST /api/v1/baselines (an administrator saves a baseline of the whole portfolio).
#include <fmt/format.h>

#include "domain/command_line.h"
#include "operations/accounts.h"
#include "operations/change_log.h"
#include "operations/edits.h"
#include "web/routes.h"

namespace tiendo::web {
namespace {

// A day of a query: any form the command line reads (ISO, dd/mm/yyyy, mm/yyyy, yyyy).
std::optional<Date> day_of(const httplib::Request& request, const std::string& name) {
  auto text = parameter(request, name);
  if (!text || text->empty())
    return std::nullopt;
  auto date = Date::try_parse(*text);
  if (!date)
    throw InvalidInput(
        fmt::format("{}: '{}': {}", name, shown_safely(*text), Date::why_not_a_date(*text)));
  return date;
}

nlohmann::json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

}  // namespace

void register_admin_api(Router& server, Workspace& workspace) {
  server.Get(
      "/api/v1/history",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        operations::HistoryQuery query;
        query.project_code = parameter_or(request, "project", "");
        query.actor = parameter_or(request, "actor", "");
        query.province = parameter_or(request, "province", "");
        query.since = day_of(request, "since");
        query.until = day_of(request, "until");
        query.limit = static_cast<std::size_t>(
            count_parameter(request, "limit", 50, 1, operations::history_page_limit));
        query.offset =
            static_cast<std::size_t>(count_parameter(request, "offset", 0, 0, INT64_MAX));
        auto snapshot = workspace.snapshot();
        auto page = workspace.with_reading([&](store::Database& database) {
          return operations::history_page(database, snapshot->portfolio(), query, caller.account);
        });
        nlohmann::json changes = nlohmann::json::array();
        for (const auto& record : page.changes)
          changes.push_back(
              {{"id", record.id},
               {"at_utc", record.at_utc},
               {"actor", record.actor},
               {"project", record.project_code.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(record.project_code)},
               {"entity", record.entity},
               {"field", record.field},
               {"old", optional_text(record.old_value)},
               {"new", optional_text(record.new_value)},
               {"reason", record.reason},
               {"source", record.source},
               {"write", record.write_id}});
        send_json(response, 200, {{"total", page.total}, {"changes", changes}});
      }));

  server.Post(
      "/api/v1/baselines",
      api_route(workspace,
                [&workspace](const httplib::Request& request, httplib::Response& response,
                             const Caller& caller) {
                  if (!operations::can_manage_accounts(caller.account))
                    throw Forbidden(
                        fmt::format("{} may not save a baseline: only an administrator may",
                                    caller.account.name));
                  auto body = nlohmann::json::parse(request.body, nullptr, false);
                  if (body.is_discarded() || !body.is_object() || !body.contains("name") ||
                      !body["name"].is_string())
                    throw InvalidInput("name: a JSON object {\"name\": \"...\"} is expected");
                  std::string name = body["name"].get<std::string>();
                  if (name.empty())
                    throw InvalidInput("name: '': a baseline needs a name");
                  store::ChangeContext context{caller.account.name, "", ""};
                  std::size_t milestones = workspace.save_baseline(context, name);
                  send_json(response, 201, {{"name", name}, {"milestones", milestones}});
                }),
      BodyRule{.minimum_role = Role::Admin, .max_bytes = 64 * 1024});
}

}  // namespace tiendo::web
