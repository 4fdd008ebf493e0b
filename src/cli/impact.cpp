// tiendo impact REF --slip DAYS: which projects' COD moves if REF is late, and the MW at stake.
#include <fmt/format.h>

#include "analysis/impact.h"
#include "cli/common.h"
#include "cli/options.h"
#include "operations/queries.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_impact(CLI::App& app, Context& context) {
  auto* command = add_command(app, "impact", "projects whose COD moves if REF slips, with MW");
  auto reference = std::make_shared<std::string>();
  auto slip = std::make_shared<int>(0);
  command->add_option("REF", *reference, "PROJECT_CODE:key")->required();
  // A hundred years, as for durations and lags: more is a typing mistake, and would overflow dates.
  add_count_option(command, "--slip", *slip, "days of delay to impose", CountRange{1, 36'500})
      ->required();
  command->callback([&context, reference, slip] {
    Date as_of = context.as_of();
    auto database = context.open_database();
    auto answer =
        operations::query_impact(database, as_of, *reference, static_cast<std::int32_t>(*slip));
    const Portfolio& portfolio = answer.scheduled.portfolio;
    const auto& impact = answer.impact;
    auto language = context.language();
    auto day = [&](std::int32_t days) {
      return report::format_date(Date::from_days(days), language);
    };
    if (context.format() == report::OutputFormat::Json) {
      context.print_json(report::impact_json(portfolio, impact, as_of, *reference,
                                             static_cast<std::int32_t>(*slip)));
      return;
    }
    report::Table table;
    table.headers =
        report::headers(language, {"project", "name", "COD before", "COD after", "days", "MW"});
    table.alignment = {report::Align::Left, report::Align::Left,  report::Align::Left,
                       report::Align::Left, report::Align::Right, report::Align::Right};
    for (const auto& entry : impact.projects) {
      const auto& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
      table.rows.push_back(
          {project.code, project.name, day(entry.cod_before), day(entry.cod_after),
           std::to_string(entry.cod_after - entry.cod_before),
           entry.capacity ? report::format_megawatts(*entry.capacity, language) : ""});
    }
    table.total_rows.push_back(table.rows.size());
    table.rows.push_back({std::string(report::word("total", language)),
                          impact.projects.size() == 1
                              ? report::say(language, "{} project", 1)
                              : report::say(language, "{} projects", impact.projects.size()),
                          "", "", "", report::format_megawatts(impact.total, language)});
    if (context.format() == report::OutputFormat::Csv) {
      report::render_csv(context.out, table, language);
      return;
    }
    context.out << report::say(language, "{} +{} days", *reference, *slip) << "\n\n";
    report::render_table(context.out, table);
    auto totals = [&](report::Label heading, const std::map<std::string, Capacity>& values) {
      if (values.empty())
        return;
      report::Table by;
      by.headers = report::headers(language, {heading, "MW"});
      by.alignment = {report::Align::Left, report::Align::Right};
      for (const auto& [name, mw] : values) {
        // Provinces are names already; technologies are keys, shown in Vietnamese with --lang vi.
        auto technology = parse_technology(name);
        std::string shown = technology && language == report::Language::Vietnamese
                                ? std::string(technology_label_vi(*technology))
                                : name;
        by.rows.push_back({shown, report::format_megawatts(mw, language)});
      }
      context.out << '\n';
      report::render_table(context.out, by);
    };
    totals("province", impact.by_province);
    totals("technology", impact.by_technology);
  });
}

}  // namespace tiendo::cli
