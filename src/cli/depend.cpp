// tiendo depend add|set|remove|list: the links between milestones, across projects too.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "io/json_export.h"
#include "operations/edits.h"
#include "operations/listings.h"
#include "report/catalogue.h"
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
  auto* type_option =
      command
          ->add_option("--type", *type, adding ? "FS (default), SS, FF or SF" : "FS, SS, FF or SF")
          ->type_name("TEXT:{FS,SS,FF,SF}");
  auto* lag_option = command->add_option("--lag", *lag,
                                         adding ? "days between them (default 0); may be negative"
                                                : "days between them; may be negative");
  command->callback([&context, from, to, type, lag, adding, type_option, lag_option] {
    std::optional<std::string> type_given, lag_given;
    if (type_option->count() > 0)
      type_given = *type;
    if (lag_option->count() > 0)
      lag_given = *lag;
    if (!adding && !type_given && !lag_given)
      throw InvalidInput("depend set: give --type or --lag to change");
    Date as_of = context.as_of();
    auto change = context.change_context();
    auto database = context.open_database();
    auto link = operations::edit_dependency(
        database, change, adding ? operations::EditKind::Add : operations::EditKind::Set, *from,
        *to, type_given, lag_given, as_of);
    context.out << report::say(context.language(),
                               adding ? report::Label("{} -> {} ({} {})")
                                      : report::Label("updated {} -> {} ({} {})"),
                               link.from, link.to, link_type_key(link.type), link.lag_days)
                << '\n';
  });
}

void register_remove(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "remove", "remove the dependency FROM -> TO");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  command->add_option("FROM", *from, "PROJECT_CODE:key")->required();
  command->add_option("TO", *to, "PROJECT_CODE:key")->required();
  command->callback([&context, from, to] {
    auto change = context.change_context();
    auto database = context.open_database();
    operations::remove_dependency(database, change, *from, *to);
    context.out << report::say(context.language(), "removed {} -> {}", *from, *to) << '\n';
  });
}

void register_list(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "list", "dependencies, of one project or all");
  auto project = std::make_shared<std::string>();
  command->add_option("--project", *project, "only those touching this project");
  command->callback([&context, project] {
    auto database = context.open_database();
    auto selection = operations::select_project(database, *project);
    const Portfolio& portfolio = selection.portfolio;
    const auto& only = selection.project;
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
      // A lag on a calendar of the link's own (MS Project's elapsed lag) says so beside its days.
      std::string lag = std::to_string(dependency.lag_days);
      if (dependency.lag_calendar == LagCalendarRule::TwentyFourHour)
        lag = report::words(context.language(), message("{} (24-hour clock)", lag));
      else if (dependency.lag_calendar)
        lag = report::words(context.language(),
                            message("{} (on the {} calendar)", lag,
                                    std::string(lag_calendar_text(*dependency.lag_calendar))));
      table.rows.push_back({portfolio.reference(dependency.from),
                            portfolio.reference(dependency.to),
                            std::string(link_type_key(dependency.type)), lag});
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
