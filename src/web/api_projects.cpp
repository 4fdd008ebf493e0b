// The API's writes of whole projects (DESIGN.md "Writing in the browser"): POST /api/v1/projects
// creates one (with its technology's milestone template when `"template": true`), PATCH
// /api/v1/projects/CODE changes its fields (If-Match: VERSION optional; 409 naming who changed it
// and when), DELETE /api/v1/projects/CODE?reason= removes one entered by mistake (409 while other
// projects link to it). Every rule is the operations'; this file reads JSON and answers it.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/command_line.h"
#include "domain/edit.h"
#include "domain/text.h"
#include "io/json_export.h"
#include "operations/edits.h"
#include "operations/project_writes.h"
#include "web/routes.h"

namespace tiendo::web {
namespace {

// The fields of a project a body may carry, as the projects CSV names them.
Fields project_body(const std::string& body, bool creating, bool& use_template) {
  if (body.empty())
    throw InvalidInput("body: '': a JSON object of project fields is needed");
  if (!is_valid_utf8(body))
    throw InvalidInput(fmt::format("body: '{}': not valid UTF-8", shown_safely(body)));
  if (nests_deeper_than(body, 8))
    throw InvalidInput("body: '...': nested too deeply (a JSON object of project fields)");
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw InvalidInput(fmt::format("body: '{}': not a JSON object", shown_safely(body)));
  Fields fields;
  std::vector<std::string> problems;
  std::string known = creating ? "code, name, technology, province, capacity_mw, capacity_mwp, "
                                 "investor, parent, stage, target_cod, lat, lon, site, source, "
                                 "template"
                               : "name, technology, province, capacity_mw, capacity_mwp, "
                                 "investor, parent, stage, target_cod, lat, lon, site, source";
  for (const auto& [name, value] : json.items()) {
    if (creating && name == "template") {
      if (!value.is_boolean()) {
        problems.push_back(fmt::format("template: '{}': true or false", shown_value(value)));
        continue;
      }
      use_template = value.get<bool>();
      continue;
    }
    bool column =
        std::find(project_columns.begin(), project_columns.end(), name) != project_columns.end();
    if (!column || (!creating && name == "code")) {
      problems.push_back(fmt::format(
          "{}: '{}': {} (one of {})", shown_safely(name), shown_value(value),
          name == "code" ? "the code of a project cannot change" : "unknown field", known));
      continue;
    }
    bool numeric =
        name == "capacity_mw" || name == "capacity_mwp" || name == "lat" || name == "lon";
    std::string text;
    if (value.is_null())
      text = "";
    else if (value.is_string())
      text = value.get<std::string>();
    else if (numeric && value.is_number())
      text = value.dump();
    else {
      problems.push_back(fmt::format("{}: '{}': {} (or null to clear)", name, shown_value(value),
                                     numeric ? "not a number" : "not text"));
      continue;
    }
    fields.push_back(Field{name, std::move(text)});
  }
  if (!problems.empty())
    throw InvalidInput(problems);
  if (fields.empty())
    throw InvalidInput("body: '{}': give at least one field");
  return fields;
}

// The project as GET /api/v1/projects/CODE begins it: its fields and its version.
nlohmann::json project_answer(Workspace& workspace, const std::string& code) {
  auto snapshot = workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  auto index = portfolio.find_project(code);
  if (!index)
    throw NotFound(fmt::format("project '{}' not found", shown_safely(code)));
  nlohmann::json json = io::project_json(portfolio.projects[static_cast<std::size_t>(*index)]);
  json["version"] = workspace.with_reading(
      [&](store::Database& database) { return operations::project_version(database, code); });
  return json;
}

void check_code_text(const std::string& code) {
  if (auto problem = text_problem(code); !problem.empty())
    throw InvalidInput(fmt::format("code: '{}': {}", shown_safely(code), problem));
}

}  // namespace

void register_project_api(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Post("/api/v1/projects",
              api_route(workspace, [&workspace, &options](const httplib::Request& request,
                                                          httplib::Response& response,
                                                          const Caller& caller) {
                bool use_template = false;
                Fields fields = project_body(request.body, true, use_template);
                auto code = std::find_if(fields.begin(), fields.end(),
                                         [](const Field& field) { return field.name == "code"; });
                if (code == fields.end())
                  throw InvalidInput("code: '': a project needs a code");
                std::string chosen = code->value;
                std::vector<io::TemplateStep> steps;
                if (use_template) {
                  if (options.templates_path.empty())
                    throw InvalidInput("template: 'true': no milestone templates are installed");
                  steps = operations::read_templates(options.templates_path);
                }
                store::ChangeContext context{caller.account.name, "", ""};
                try {
                  workspace.with_database([&](store::Database& database) {
                    operations::edit_project(database, context, operations::EditKind::Add, fields,
                                             use_template ? &steps : nullptr, &caller.account);
                  });
                } catch (const InvalidInput& error) {
                  // The operation names the command line's option for the template; the body's
                  // field is "template".
                  std::vector<std::string> problems;
                  for (auto problem : error.problems())
                    problems.push_back(problem.starts_with("--template: ")
                                           ? "template: 'true': " + problem.substr(12)
                                           : std::move(problem));
                  throw InvalidInput(problems);
                }
                send_json(response, 201, project_answer(workspace, chosen));
              }));

  server.Patch(
      R"(/api/v1/projects/([^/]+))",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        std::string code = request.matches[1].str();
        check_code_text(code);
        bool use_template = false;
        Fields fields = project_body(request.body, false, use_template);
        fields.insert(fields.begin(), Field{"code", code});
        auto version = if_match(request);
        store::ChangeContext context{caller.account.name, "", ""};
        // One row written, the portfolio brought up to date from the project.
        workspace.set_project(context, fields, &caller.account, version);
        send_json(response, 200, project_answer(workspace, code));
      }));

  server.Delete(
      R"(/api/v1/projects/([^/]+))",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        std::string code = request.matches[1].str();
        check_code_text(code);
        std::string reason = parameter_or(request, "reason", "");
        auto version = if_match(request);
        store::ChangeContext context{caller.account.name, reason, ""};
        auto removed = workspace.with_database([&](store::Database& database) {
          return operations::remove_project(database, context, code, &caller.account, version);
        });
        send_json(response, 200,
                  {{"removed", code},
                   {"milestones", removed.milestones},
                   {"dependencies", removed.dependencies},
                   {"status_events", removed.status_events},
                   {"change_log_rows", removed.change_log_rows}});
      }));
}

}  // namespace tiendo::web
