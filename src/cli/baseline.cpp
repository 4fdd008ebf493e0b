// tiendo baseline save|list|diff NAME: snapshots of the plan, to measure slip against.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "io/json_export.h"
#include "operations/edits.h"
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
    for (const auto& baseline : database.baselines()) {
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
    auto dates = context.open_database().baseline(*diff_name);
    Scheduled scheduled = load_and_schedule(context);
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
    for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
      const auto& milestone = portfolio.milestones[m];
      std::string reference = portfolio.reference(static_cast<std::int32_t>(m));
      auto found = dates.find(reference);
      std::optional<Date> baseline_planned = found == dates.end() ? std::nullopt : found->second;
      std::int32_t early_finish = scheduled.schedule.milestones[m].early_finish;
      std::optional<std::int32_t> slip;
      if (baseline_planned)
        slip = early_finish - baseline_planned->days();
      bool changed = found == dates.end() || !identical(baseline_planned, milestone.planned) ||
                     (slip && *slip != 0);
      if (!changed)
        continue;
      table.rows.push_back({reference,
                            found == dates.end() ? std::string(report::word("(new)", language))
                                                 : date(baseline_planned),
                            date(milestone.planned),
                            report::format_date(Date::from_days(early_finish), language),
                            slip ? std::to_string(*slip) : ""});
      nlohmann::json row = {
          {"project", portfolio.projects[static_cast<std::size_t>(milestone.project)].code},
          {"key", milestone.key},
          {"in_baseline", found != dates.end()},
          {"early_finish", Date::from_days(early_finish).iso_day()},
          {"baseline_slip_days", slip ? nlohmann::json(*slip) : nlohmann::json(nullptr)}};
      io::add_date(row, "baseline_planned", baseline_planned);
      io::add_date(row, "planned", milestone.planned);
      rows.push_back(std::move(row));
    }
    context.print(table, nlohmann::json{{"as_of", context.as_of().iso_day()},
                                        {"baseline", *diff_name},
                                        {"milestones", rows}});
  });
}

}  // namespace tiendo::cli
