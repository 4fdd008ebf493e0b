// tiendo milestone add|set|done|remove|list: what happened to a project, and when it is due.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "io/json_export.h"
#include "operations/edits.h"
#include "operations/links.h"
#include "operations/listings.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

void add_milestone_options(CLI::App* command, FieldCollector& fields) {
  fields.option(command, "--name", "name", "what the milestone is called here");
  fields.option(command, "--duration", "duration_days", "days; 0 (default) for an event");
  fields.option(command, "--planned", "planned", "the agreed date (15/07/2019, 07/2019, 2019)");
  fields.option(command, "--actual-start", "actual_start", "when a phase actually started");
  fields.option(command, "--actual", "actual", "when it actually happened (it is done)");
  fields.option(command, "--forecast", "forecast", "the date the investor now reports");
  fields.option(command, "--source", "source", "decision number or document");
}

void register_add_or_set(CLI::App* parent, Context& context, bool adding) {
  auto* command = add_command(*parent, adding ? "add" : "set",
                              adding ? "add a milestone to a project" : "change a milestone");
  auto reference = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto fields = std::make_shared<FieldCollector>();
  command->add_option("REF", *reference, "PROJECT_CODE:key, e.g. LS-KHANHKHE:cod")->required();
  add_milestone_options(command, *fields);
  command->add_option("--reason", *reason,
                      "delay reason CATEGORY:TEXT (site_clearance, weather, supply_chain, "
                      "financing, permitting, grid, investor, other)");
  command->callback([&context, reference, fields, reason, adding] {
    Fields given = fields->fields();
    if (!reason->empty())
      given.push_back(Field{"reason", *reason});
    if (!adding && given.empty())
      throw InvalidInput("milestone set: give at least one field to change");
    Date as_of = context.as_of();
    auto change = context.change_context(*reason);
    auto database = context.open_database();
    operations::edit_milestone(database, change,
                               adding ? operations::EditKind::Add : operations::EditKind::Set,
                               *reference, given, as_of);
    context.out << report::say(context.language(),
                               adding ? report::Label("added {}") : report::Label("updated {}"),
                               *reference)
                << '\n';
  });
}

void register_done(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "done", "record that a milestone happened");
  auto reference = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto source = std::make_shared<std::string>();
  command->add_option("REF", *reference, "PROJECT_CODE:key")->required();
  command->add_option("--date", *date, "when it happened")->required();
  command->add_option("--reason", *reason, "delay reason CATEGORY:TEXT, when it was late");
  command->add_option("--source", *source, "decision number or document");
  command->callback([&context, reference, date, reason, source] {
    Date as_of = context.as_of();
    auto change = context.change_context(*reason, *source);
    auto database = context.open_database();
    operations::complete_milestone(database, change, *reference, *date, as_of);
    context.out << report::say(
                       context.language(), "{} done on {}", *reference,
                       report::format_date(Date::parse_option("--date", *date), context.language()))
                << '\n';
  });
}

void register_remove(CLI::App* parent, Context& context) {
  auto* command =
      add_command(*parent, "remove", "remove a milestone entered by mistake, with its links");
  auto reference = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  command->add_option("REF", *reference, "PROJECT_CODE:key")->required();
  command->add_option("--reason", *reason, "why it goes (the history keeps it)")->required();
  command->callback([&context, reference, reason] {
    auto change = context.change_context(*reason);
    auto database = context.open_database();
    auto removed = operations::remove_milestone(database, change, *reference);
    context.out << report::say(context.language(), "removed {} with its {} links",
                               removed.reference, removed.links_removed)
                << '\n';
  });
}

void register_list(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "list", "milestones, of one project or all");
  auto project = std::make_shared<std::string>();
  command->add_option("--project", *project, "only this project");
  command->callback([&context, project] {
    auto database = context.open_database();
    auto selection = operations::select_project(database, *project);
    const Portfolio& portfolio = selection.portfolio;
    const auto& only = selection.project;
    auto language = context.language();
    auto date = [&](const std::optional<Date>& value) {
      return value ? report::format_date(*value, language) : std::string();
    };
    report::Table table;
    table.headers = report::headers(
        language, {"milestone", "days", "planned", "actual start", "actual", "forecast", "reason"});
    table.alignment = {report::Align::Left, report::Align::Right};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& milestone : portfolio.milestones) {
      if (only && milestone.project != *only)
        continue;
      table.rows.push_back(
          {portfolio.reference(static_cast<std::int32_t>(&milestone - portfolio.milestones.data())),
           std::to_string(milestone.duration_days), date(milestone.planned),
           date(milestone.actual_start), date(milestone.actual), date(milestone.forecast),
           milestone.reason});
      rows.push_back(io::milestone_json(portfolio, milestone));
    }
    context.print(table, nlohmann::json{{"milestones", rows}});
  });
}

}  // namespace

void register_milestone(CLI::App& app, Context& context) {
  auto* command =
      add_command(app, "milestone", "add, change, complete, remove and list milestones");
  command->require_subcommand(1);
  register_add_or_set(command, context, true);
  register_add_or_set(command, context, false);
  register_done(command, context);
  register_remove(command, context);
  register_list(command, context);
}

}  // namespace tiendo::cli
