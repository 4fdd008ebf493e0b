// tiendo schedule: early and late dates, float, slip and driver of every milestone.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "io/json_export.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_schedule(CLI::App& app, Context& context) {
  auto* command = add_command(app, "schedule", "critical path schedule: dates, float, slip, driver");
  auto project = std::make_shared<std::string>();
  auto baseline = std::make_shared<std::string>();
  command->add_option("--project", *project, "only this project's milestones");
  command->add_option("--baseline", *baseline, "add the slip against this saved baseline");
  command->callback([&context, project, baseline] {
    Scheduled scheduled = load_and_schedule(context);
    const Portfolio& portfolio = scheduled.portfolio;
    std::optional<std::int32_t> only;
    if (!project->empty()) {
      only = portfolio.find_project(*project);
      if (!only) throw NotFound(fmt::format("project '{}' not found", *project));
    }
    std::optional<store::BaselineDates> baseline_dates;
    if (!baseline->empty()) baseline_dates = context.open_database().baseline(*baseline);
    auto language = context.language();
    auto day = [&](std::optional<std::int32_t> days) {
      return days ? report::format_date(Date::from_days(*days), language) : std::string();
    };
    auto date = [&](const std::optional<Date>& value) {
      return value ? report::format_date(*value, language) : std::string();
    };
    auto number = [](std::optional<std::int32_t> value) {
      return value ? std::to_string(*value) : std::string();
    };
    report::Table table;
    table.headers = {"milestone", "planned", "actual", "early start", "early finish",
                     "late finish", "float", "critical", "slip", "driver"};
    if (baseline_dates) table.headers.push_back("baseline slip");
    table.alignment = {report::Align::Left, report::Align::Left, report::Align::Left,
                       report::Align::Left, report::Align::Left, report::Align::Left,
                       report::Align::Right, report::Align::Left, report::Align::Right};
    nlohmann::json rows = nlohmann::json::array();
    auto json_number = [](std::optional<std::int32_t> value) {
      return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
      const Milestone& milestone = portfolio.milestones[m];
      if (only && milestone.project != *only) continue;
      const auto& entry = scheduled.schedule.milestones[m];
      auto slip = analysis::slip_days(milestone, entry);
      std::string reference = portfolio.reference(static_cast<std::int32_t>(m));
      std::optional<std::int32_t> baseline_slip;
      if (baseline_dates) {
        auto found = baseline_dates->find(reference);
        if (found != baseline_dates->end() && found->second)
          baseline_slip = entry.early_finish - found->second->days();
      }
      std::string driver = report::describe_driver(portfolio, entry, language);
      std::vector<std::string> row = {reference,
                                      date(milestone.planned),
                                      date(milestone.actual),
                                      day(entry.early_start),
                                      day(entry.early_finish),
                                      day(entry.late_finish),
                                      number(entry.total_float),
                                      entry.critical ? "yes" : "",
                                      number(slip),
                                      driver};
      if (baseline_dates) row.push_back(number(baseline_slip));
      table.rows.push_back(std::move(row));
      nlohmann::json object = {
          {"project", portfolio.projects[static_cast<std::size_t>(milestone.project)].code},
          {"key", milestone.key},
          {"planned", io::date_json(milestone.planned)},
          {"actual", io::date_json(milestone.actual)},
          {"early_start", Date::from_days(entry.early_start).iso_day()},
          {"early_finish", Date::from_days(entry.early_finish).iso_day()},
          {"late_finish", entry.late_finish ? nlohmann::json(Date::from_days(*entry.late_finish).iso_day())
                                            : nlohmann::json(nullptr)},
          {"total_float_days", json_number(entry.total_float)},
          {"critical", entry.critical},
          {"slip_days", json_number(slip)},
          {"driver", entry.driver == analysis::DriverKind::Predecessor
                         ? portfolio.reference(portfolio.dependencies[static_cast<std::size_t>(
                                                   entry.driver_dependency)].from)
                         : std::string(analysis::driver_kind_key(entry.driver))}};
      if (baseline_dates) object["baseline_slip_days"] = json_number(baseline_slip);
      rows.push_back(std::move(object));
    }
    context.print(table, nlohmann::json{{"as_of", context.as_of().iso_day()}, {"milestones", rows}});
  });
}

}  // namespace tiendo::cli
