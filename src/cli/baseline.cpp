// tiendo baseline save|list|diff NAME: snapshots of the plan, to measure slip against.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "io/json_export.h"
#include "operations/edits.h"
#include "operations/listings.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_baseline(CLI::App& app, Context& context) {
  auto* command = add_command(app, "baseline", "save, list and compare baselines of the plan");
  command->require_subcommand(1);
  auto name = std::make_shared<std::string>();

  auto* save = add_command(*command, "save", "save today's planned dates under NAME");
  save->add_option("NAME", *name, "baseline name, e.g. 2020-Q3")->required();
  save->callback([&context, name] {
    auto change = context.change_context();
    auto database = context.open_database();
    std::size_t milestones = operations::save_baseline(database, change, *name);
    context.out << report::say(context.language(), "saved baseline {} ({} milestones)", *name,
                               milestones)
                << '\n';
  });

  auto* list = add_command(*command, "list", "the saved baselines");
  list->callback([&context] {
    auto database = context.open_database();
    report::Table table;
    table.headers =
        report::headers(context.language(), {"name", "saved (UTC)", "by", "milestones"});
    table.alignment = {report::Align::Left, report::Align::Left, report::Align::Left,
                       report::Align::Right};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& baseline : operations::list_baselines(database)) {
      table.rows.push_back({baseline.name, baseline.created_at_utc, baseline.actor,
                            std::to_string(baseline.milestones)});
      rows.push_back({{"name", baseline.name},
                      {"created_at_utc", baseline.created_at_utc},
                      {"actor", baseline.actor},
                      {"milestones", baseline.milestones}});
    }
    context.print(table, nlohmann::json{{"baselines", rows}});
  });

  auto* diff =
      add_command(*command, "diff", "per milestone: baseline plan vs plan and forecast now");
  auto diff_name = std::make_shared<std::string>();
  diff->add_option("NAME", *diff_name, "baseline name")->required();
  diff->callback([&context, diff_name] {
    // The baseline is looked up before --as-of is read, so an unknown name is the error shown.
    auto database = context.open_database();
    auto dates = operations::baseline_dates(database, *diff_name);
    auto scheduled = operations::load_scheduled(database, context.as_of());
    const Portfolio& portfolio = scheduled.portfolio;
    auto language = context.language();
    auto date = [&](const std::optional<Date>& value) {
      return value ? report::format_date(*value, language) : std::string();
    };
    report::Table table;
    table.headers = report::headers(
        language, {"milestone", "baseline", "planned now", "early finish", "slip vs baseline"});
    table.alignment = {report::Align::Left, report::Align::Left, report::Align::Left,
                       report::Align::Left, report::Align::Right};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& change : operations::baseline_changes(scheduled, dates)) {
      const auto& milestone = portfolio.milestones[static_cast<std::size_t>(change.milestone)];
      std::int32_t early_finish =
          scheduled.schedule.milestones[static_cast<std::size_t>(change.milestone)].early_finish;
      table.rows.push_back({portfolio.reference(change.milestone),
                            change.in_baseline ? date(change.baseline_planned)
                                               : std::string(report::word("(new)", language)),
                            date(milestone.planned),
                            report::format_date(Date::from_days(early_finish), language),
                            change.slip_days ? std::to_string(*change.slip_days) : ""});
      nlohmann::json row = {
          {"project", portfolio.projects[static_cast<std::size_t>(milestone.project)].code},
          {"key", milestone.key},
          {"in_baseline", change.in_baseline},
          {"early_finish", Date::from_days(early_finish).iso_day()},
          {"baseline_slip_days",
           change.slip_days ? nlohmann::json(*change.slip_days) : nlohmann::json(nullptr)}};
      io::add_date(row, "baseline_planned", change.baseline_planned);
      io::add_date(row, "planned", milestone.planned);
      rows.push_back(std::move(row));
    }
    context.print(table, nlohmann::json{{"as_of", context.as_of().iso_day()},
                                        {"baseline", *diff_name},
                                        {"milestones", rows}});
  });
}

}  // namespace tiendo::cli
