// The API's writes of milestones added and removed and of the links between them (DESIGN.md,
// "Writing in the browser"): the same operations as the pages and the command line, for the
// caller's account, with If-Match versions where something can change meanwhile.
#include <fmt/format.h>

#include <algorithm>

#include "domain/command_line.h"
#include "domain/text.h"
#include "io/json_export.h"
#include "operations/edits.h"
#include "operations/links.h"
#include "operations/projects.h"
#include "web/api_parts.h"
#include "web/routes.h"

namespace tiendo::web {
namespace {

// A JSON object body, checked as the milestone PATCH checks its own.
nlohmann::json object_body(const std::string& body, std::string_view what) {
  if (body.empty())
    throw InvalidInput(fmt::format("body: '': a JSON object of {} is needed", what));
  if (!is_valid_utf8(body))
    throw InvalidInput(fmt::format("body: '{}': not valid UTF-8", shown_safely(body)));
  if (nests_deeper_than(body, 8))
    throw InvalidInput(fmt::format("body: '...': nested too deeply (a JSON object of {})", what));
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw InvalidInput(fmt::format("body: '{}': not a JSON object", shown_safely(body)));
  return json;
}

// A text member of a body: absent or null gives nothing; anything but text is refused.
std::optional<std::string> text_member(const nlohmann::json& json, const std::string& name,
                                       bool whole_number_too = false) {
  auto found = json.find(name);
  if (found == json.end() || found->is_null())
    return std::nullopt;
  if (found->is_string()) {
    std::string text = found->get<std::string>();
    if (auto problem = text_problem(text); !problem.empty())
      throw InvalidInput(fmt::format("{}: '{}': {}", name, shown_safely(text), problem));
    return text;
  }
  // As JSON wrote it: a number past int64 (9223372036854775808) was quoted back wrapped round
  // to a negative one.
  if (whole_number_too && found->is_number_integer())
    return found->dump();
  throw InvalidInput(fmt::format("{}: '{}': {}", name, shown_value(*found),
                                 whole_number_too ? "not a whole number of days" : "not text"));
}

// Only the members named are allowed, so that a misspelt one is never silently ignored.
void only_members(const nlohmann::json& json, std::initializer_list<std::string_view> names) {
  std::vector<std::string> problems;
  for (const auto& [name, value] : json.items())
    if (std::find(names.begin(), names.end(), name) == names.end())
      problems.push_back(fmt::format("{}: '{}': unknown field ({})", shown_safely(name),
                                     shown_value(value), fmt::join(names, ", ")));
  if (!problems.empty())
    throw InvalidInput(problems);
}

// A reference in a path, checked as text; one without its project is not a milestone.
std::string reference_in_path(const std::string& given, std::string_view field) {
  if (auto problem = text_problem(given); !problem.empty())
    throw InvalidInput(fmt::format("{}: '{}': {}", field, shown_safely(given), problem));
  if (given.find(':') == std::string::npos)
    throw NotFound(fmt::format("milestone '{}' not found (write CODE:key)", shown_safely(given)));
  return given;
}

// The link FROM -> TO as the project's answer gives it, read from a fresh snapshot.
nlohmann::json link_answer(Workspace& workspace, const std::string& from, const std::string& to) {
  auto snapshot = workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  auto link = portfolio.find_dependency(portfolio.milestone_by_reference(from),
                                        portfolio.milestone_by_reference(to));
  if (!link)
    throw NotFound(fmt::format("no dependency {} -> {}", shown_safely(from), shown_safely(to)));
  auto versions = workspace.with_reading([&](store::Database& database) {
    return operations::dependency_versions(database, portfolio, {*link});
  });
  nlohmann::json json =
      io::dependency_json(portfolio, portfolio.dependencies[static_cast<std::size_t>(*link)]);
  json["version"] = versions.front();
  return json;
}

std::string reason_parameter(const httplib::Request& request) {
  return parameter_or(request, "reason", "");
}

}  // namespace

nlohmann::json dependencies_answer(Workspace& workspace, const Portfolio& portfolio,
                                   std::int32_t project) {
  std::vector<std::int32_t> links;
  for (std::size_t i = 0; i < portfolio.dependencies.size(); ++i) {
    const auto& dependency = portfolio.dependencies[i];
    if (portfolio.milestones[static_cast<std::size_t>(dependency.from)].project == project ||
        portfolio.milestones[static_cast<std::size_t>(dependency.to)].project == project)
      links.push_back(static_cast<std::int32_t>(i));
  }
  auto versions = workspace.with_reading([&](store::Database& database) {
    return operations::dependency_versions(database, portfolio, links);
  });
  nlohmann::json json = nlohmann::json::array();
  for (std::size_t i = 0; i < links.size(); ++i) {
    nlohmann::json link =
        io::dependency_json(portfolio, portfolio.dependencies[static_cast<std::size_t>(links[i])]);
    link["version"] = versions[i];
    json.push_back(std::move(link));
  }
  return json;
}

void register_link_api(Router& server, Workspace& workspace) {
  server.Post(
      R"(/api/v1/projects/([^/]+)/milestones)",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        std::string code = request.matches[1].str();
        if (auto problem = text_problem(code); !problem.empty())
          throw InvalidInput(fmt::format("project: '{}': {}", shown_safely(code), problem));
        nlohmann::json json = object_body(request.body, "milestone fields with its key");
        auto key = text_member(json, "key");
        if (!key || key->empty())
          throw InvalidInput("key: '': a milestone needs a key");
        json.erase("key");
        std::string reason;
        Fields fields;
        if (!json.empty())
          fields = milestone_patch(json.dump(), reason);
        std::string source;
        for (const auto& field : fields)
          if (field.name == "source")
            source = field.value;
        std::string reference = code + ":" + *key;
        workspace.add_milestone(store::ChangeContext{caller.account.name, reason, source},
                                reference, fields,
                                operations::Guard{&caller.account, std::nullopt});
        auto snapshot = workspace.snapshot();
        const Portfolio& portfolio = snapshot->portfolio();
        auto index = portfolio.find_milestone(code, *key);
        if (!index)
          throw NotFound(fmt::format("milestone '{}' not found", shown_safely(reference)));
        auto changes = workspace.with_reading([&](store::Database& database) {
          return operations::milestone_changes(database, code);
        });
        send_json(response, 201,
                  milestone_answer(
                      portfolio, portfolio.milestones[static_cast<std::size_t>(*index)], changes));
      }));

  server.Delete(
      R"(/api/v1/milestones/([^/]+))",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        std::string reference = reference_in_path(request.matches[1].str(), "milestone");
        std::string reason = reason_parameter(request);
        auto version = if_match(request);
        auto removed =
            workspace.remove_milestone(store::ChangeContext{caller.account.name, reason, ""},
                                       reference, operations::Guard{&caller.account, version});
        send_json(
            response, 200,
            {{"removed", removed.reference}, {"dependencies_removed", removed.links_removed}});
      }));

  server.Post("/api/v1/dependencies",
              api_route(workspace, [&workspace](const httplib::Request& request,
                                                httplib::Response& response, const Caller& caller) {
                nlohmann::json json =
                    object_body(request.body, "the link's from, to, type and lag_days");
                only_members(json, {"from", "to", "type", "lag_days"});
                auto from = text_member(json, "from");
                auto to = text_member(json, "to");
                auto type = text_member(json, "type");
                auto lag = text_member(json, "lag_days", true);
                if (!from || from->empty())
                  throw InvalidInput("from: '': a dependency needs both ends (PROJECT_CODE:key)");
                if (!to || to->empty())
                  throw InvalidInput("to: '': a dependency needs both ends (PROJECT_CODE:key)");
                operations::DependencyResult link;
                // One row written, the portfolio brought up to date from the link's ends.
                link = workspace.add_link(store::ChangeContext{caller.account.name, "", ""}, *from,
                                          *to, type, lag, &caller.account);
                send_json(response, 201, link_answer(workspace, link.from, link.to));
              }));

  server.Patch(
      R"(/api/v1/dependencies/([^/]+)/([^/]+))",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        std::string from = reference_in_path(request.matches[1].str(), "from");
        std::string to = reference_in_path(request.matches[2].str(), "to");
        nlohmann::json json = object_body(request.body, "the link's type and lag_days");
        only_members(json, {"type", "lag_days"});
        auto type = text_member(json, "type");
        auto lag = text_member(json, "lag_days", true);
        if (!type && !lag)
          throw InvalidInput("body: '{}': give type or lag_days to change");
        auto version = if_match(request);
        // One row written, the portfolio brought up to date from the link's ends.
        auto link = workspace.set_link(store::ChangeContext{caller.account.name, "", ""}, from, to,
                                       type, lag, &caller.account, version);
        send_json(response, 200, link_answer(workspace, link.from, link.to));
      }));

  server.Delete(
      R"(/api/v1/dependencies/([^/]+)/([^/]+))",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        std::string from = reference_in_path(request.matches[1].str(), "from");
        std::string to = reference_in_path(request.matches[2].str(), "to");
        std::string reason = reason_parameter(request);
        auto version = if_match(request);
        workspace.remove_link(store::ChangeContext{caller.account.name, reason, ""}, from, to,
                              &caller.account, version);
        send_json(response, 200, {{"removed", {{"from", from}, {"to", to}}}});
      }));
}

}  // namespace tiendo::web
