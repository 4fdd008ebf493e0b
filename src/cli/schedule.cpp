// tiendo schedule: early and late dates, float, slip and driver of every milestone.
#include <fmt/format.h>

#include "cli/common.h"
#include "io/json_export.h"
#include "operations/listings.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_schedule(CLI::App& app, Context& context) {
  auto* command =
      add_command(app, "schedule", "critical path schedule: dates, float, slip, driver");
  auto project = std::make_shared<std::string>();
  auto baseline = std::make_shared<std::string>();
  command->add_option("--project", *project, "only this project's milestones");
  command->add_option("--baseline", *baseline, "add the slip against this saved baseline");
  command->callback([&context, project, baseline] {
    Date as_of = context.as_of();
    auto database = context.open_database();
    auto answer = operations::query_schedule(database, as_of, *project, *baseline);
    const auto& scheduled = answer.scheduled;
    const Portfolio& portfolio = scheduled.portfolio;
    const auto& only = answer.project;
    const auto& baseline_dates = answer.baseline;
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
    table.headers =
        report::headers(language, {"milestone", "planned", "actual", "early start", "early finish",
                                   "late finish", "float", "critical", "slip", "driver"});
    if (baseline_dates)
      table.headers.emplace_back(report::word("baseline slip", language));
    table.alignment = {report::Align::Left,  report::Align::Left, report::Align::Left,
                       report::Align::Left,  report::Align::Left, report::Align::Left,
                       report::Align::Right, report::Align::Left, report::Align::Right};
    if (context.format() == report::OutputFormat::Json) {
      std::vector<std::optional<std::int32_t>> slips;
      if (baseline_dates)
        for (std::size_t m = 0; m < portfolio.milestones.size(); ++m)
          slips.push_back(operations::baseline_slip(
              *baseline_dates, portfolio.reference(static_cast<std::int32_t>(m)),
              scheduled.schedule.milestones[m].early_finish));
      report::write_schedule_json(context.out, portfolio, scheduled.schedule, only,
                                  baseline_dates ? &slips : nullptr);
      return;
    }
    bool csv = context.format() == report::OutputFormat::Csv;
    bool csv_header_written = false;
    for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
      const Milestone& milestone = portfolio.milestones[m];
      if (only && milestone.project != *only)
        continue;
      const auto& entry = scheduled.schedule.milestones[m];
      auto slip = analysis::slip_days(milestone, entry);
      std::string reference = portfolio.reference(static_cast<std::int32_t>(m));
      std::optional<std::int32_t> baseline_slip;
      if (baseline_dates)
        baseline_slip = operations::baseline_slip(*baseline_dates, reference, entry.early_finish);
      std::vector<std::string> row = {
          reference,
          date(milestone.planned),
          date(milestone.actual),
          day(entry.early_start),
          day(entry.early_finish),
          day(entry.late_finish),
          number(entry.total_float),
          entry.critical ? std::string(report::word("yes", language)) : std::string(),
          number(slip),
          report::describe_driver(portfolio, entry, language)};
      if (baseline_dates)
        row.push_back(number(baseline_slip));
      table.rows.push_back(std::move(row));
      // CSV, like JSON, goes out in slices; an aligned table needs every row to size its columns.
      if (csv && table.rows.size() >= 10'000) {
        report::render_csv(context.out, table, language, !csv_header_written);
        csv_header_written = true;
        table.rows.clear();
      }
    }
    if (csv) {
      report::render_csv(context.out, table, language, !csv_header_written);
      return;
    }
    context.print(table, nlohmann::json());
  });
}

}  // namespace tiendo::cli
