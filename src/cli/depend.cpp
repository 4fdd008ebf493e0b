// tiendo depend add|remove|list: the links between milestones, across projects too.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/json_export.h"

namespace tiendo::cli {
namespace {

void register_add(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "add", "FROM must happen before TO can (with type and lag)");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>("FS");
  auto lag = std::make_shared<std::string>("0");
  command->add_option("FROM", *from, "PROJECT_CODE:key of the predecessor")->required();
  command->add_option("TO", *to, "PROJECT_CODE:key of the successor")->required();
  command->add_option("--type", *type, "FS (default), SS, FF or SF");
  command->add_option("--lag", *lag, "days between them; may be negative");
  command->callback([&context, from, to, type, lag] {
    Date as_of = context.as_of();
    auto database = context.open_database();
    database.modify(context.change_context(), [&](Portfolio& portfolio) {
      // Unknown milestones are "not found", not bad input.
      portfolio.milestone_by_reference(*from);
      portfolio.milestone_by_reference(*to);
      ProblemList problems;
      apply_dependency(portfolio,
                       Fields{{"from", *from}, {"to", *to}, {"type", *type}, {"lag_days", *lag}},
                       InputLocation{}, problems);
      problems.throw_if_any();
      check_schedulable(portfolio, as_of);
    });
    context.out << fmt::format("{} -> {} ({} {})\n", *from, *to, *type, *lag);
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
    context.out << fmt::format("removed {} -> {}\n", *from, *to);
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
    table.headers = {"from", "to", "type", "lag"};
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
  auto* command = add_command(app, "depend", "add, remove and list dependencies");
  command->require_subcommand(1);
  register_add(command, context);
  register_remove(command, context);
  register_list(command, context);
}

}  // namespace tiendo::cli
