// tiendo depend add|set|remove|list: the links between milestones, across projects too.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/json_export.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

// `add` makes a new link and `set` changes one, as `project add|set` and `milestone add|set` do:
// adding a link that exists is a conflict (4), setting one that does not is not found (3). Both
// go through apply_dependency and the cycle check, and the change log records either.
void register_add_or_set(CLI::App* parent, Context& context, bool adding) {
  auto* command = add_command(*parent, adding ? "add" : "set",
                              adding ? "FROM must happen before TO can (with type and lag)"
                                     : "change the type or lag of the dependency FROM -> TO");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>();
  auto lag = std::make_shared<std::string>();
  command->add_option("FROM", *from, "PROJECT_CODE:key of the predecessor")->required();
  command->add_option("TO", *to, "PROJECT_CODE:key of the successor")->required();
  auto* type_option = command->add_option(
      "--type", *type, adding ? "FS (default), SS, FF or SF" : "FS, SS, FF or SF");
  auto* lag_option = command->add_option("--lag", *lag,
                                         adding ? "days between them (default 0); may be negative"
                                                : "days between them; may be negative");
  command->callback([&context, from, to, type, lag, adding, type_option, lag_option] {
    Fields given{{"from", *from}, {"to", *to}};
    if (adding || type_option->count() > 0)
      given.push_back(Field{"type", adding && type_option->count() == 0 ? "FS" : *type});
    if (adding || lag_option->count() > 0)
      given.push_back(Field{"lag_days", adding && lag_option->count() == 0 ? "0" : *lag});
    if (!adding && given.size() == 2)
      throw InvalidInput("depend set: give --type or --lag to change");
    std::string described;
    Date as_of = context.as_of();
    auto database = context.open_database();
    database.modify(context.change_context(), [&](Portfolio& portfolio) {
      // Unknown milestones are "not found", not bad input.
      std::int32_t predecessor = portfolio.milestone_by_reference(*from);
      std::int32_t successor = portfolio.milestone_by_reference(*to);
      std::string link =
          fmt::format("{} -> {}", portfolio.reference(predecessor), portfolio.reference(successor));
      bool exists = portfolio.find_dependency(predecessor, successor).has_value();
      if (adding && exists)
        throw Conflict(
            fmt::format("dependency '{}' exists already (change it with depend set)", link));
      if (!adding && !exists)
        throw NotFound(fmt::format("dependency '{}' not found (add it with depend add)", link));
      ProblemList problems;
      auto index = apply_dependency(portfolio, given, InputLocation{}, problems);
      problems.throw_if_any();
      check_schedulable(portfolio, as_of);
      const Dependency& dependency = portfolio.dependencies[static_cast<std::size_t>(index)];
      described = report::say(
          context.language(),
          adding ? report::Label("{} -> {} ({} {})") : report::Label("updated {} -> {} ({} {})"),
          portfolio.reference(predecessor), portfolio.reference(successor),
          link_type_key(dependency.type), dependency.lag_days);
    });
    context.out << described << '\n';
  });
}

void register_remove(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "remove", "remove the dependency FROM -> TO");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  command->add_option("FROM", *from, "PROJECT_CODE:key")->required();
  command->add_option("TO", *to, "PROJECT_CODE:key")->required();
  command->callback([&context, from, to] {
    auto database = context.open_database();
    database.modify(context.change_context(), [&](Portfolio& portfolio) {
      auto index = portfolio.find_dependency(portfolio.milestone_by_reference(*from),
                                             portfolio.milestone_by_reference(*to));
      if (!index)
        throw NotFound(fmt::format("no dependency {} -> {}", *from, *to));
      portfolio.remove_dependency(static_cast<std::size_t>(*index));
    });
    context.out << report::say(context.language(), "removed {} -> {}", *from, *to) << '\n';
  });
}

void register_list(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "list", "dependencies, of one project or all");
  auto project = std::make_shared<std::string>();
  command->add_option("--project", *project, "only those touching this project");
  command->callback([&context, project] {
    auto database = context.open_database();
    Portfolio portfolio = database.load();
    std::optional<std::int32_t> only;
    if (!project->empty()) {
      only = portfolio.find_project(*project);
      if (!only)
        throw NotFound(fmt::format("project '{}' not found", *project));
    }
    report::Table table;
    table.headers = report::headers(context.language(), {"from", "to", "type", "lag"});
    table.alignment = {report::Align::Left, report::Align::Left, report::Align::Left,
                       report::Align::Right};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& dependency : portfolio.dependencies) {
      auto owner = [&](std::int32_t milestone) {
        return portfolio.milestones[static_cast<std::size_t>(milestone)].project;
      };
      if (only && owner(dependency.from) != *only && owner(dependency.to) != *only)
        continue;
      table.rows.push_back(
          {portfolio.reference(dependency.from), portfolio.reference(dependency.to),
           std::string(link_type_key(dependency.type)), std::to_string(dependency.lag_days)});
      rows.push_back(io::dependency_json(portfolio, dependency));
    }
    context.print(table, nlohmann::json{{"dependencies", rows}});
  });
}

}  // namespace

void register_depend(CLI::App& app, Context& context) {
  auto* command = add_command(app, "depend", "add, change, remove and list dependencies");
  command->require_subcommand(1);
  register_add_or_set(command, context, true);
  register_add_or_set(command, context, false);
  register_remove(command, context);
  register_list(command, context);
}

}  // namespace tiendo::cli
