// tiendo pipeline: MW and projects by province, technology, stage, COD year and investor.
#include <fmt/format.h>

#include "analysis/pipeline.h"
#include "cli/common.h"
#include "domain/error.h"
#include "operations/queries.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {
void register_pipeline(CLI::App& app, Context& context) {
  auto* command =
      add_command(app, "pipeline", "MW and projects by stage, province, technology, COD year");
  struct Options {
    std::string by = "stage";
    std::string province, technology, stage, compare;
    std::string cod_basis = "forecast";
    bool legacy = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--by", options->by,
                      "comma-separated: province, technology, technology_group, stage, cod_year, "
                      "investor (default stage)");
  command->add_option("--province", options->province,
                      "a current unit (all of it) or a legacy province");
  command->add_option("--technology", options->technology,
                      "a technology or a group (wind, solar, thermal, hydro)");
  command->add_option("--stage", options->stage, "only projects at this stage (or side state)");
  command->add_flag("--legacy-provinces", options->legacy, "the 63 provinces before 1 July 2025");
  command
      ->add_option("--cod-basis", options->cod_basis,
                   "COD year from the forecast (default) or the plan")
      ->check(CLI::IsMember({"forecast", "planned"}));
  command->add_option("--compare", options->compare, "what moved between this date and --as-of");
  command->callback([&context, options] {
    const auto& provinces = ProvinceRegistry::builtin();
    analysis::PipelineQuery query;
    query.legacy_provinces = options->legacy;
    query.cod_basis = options->cod_basis == "planned" ? analysis::CodBasis::Planned
                                                      : analysis::CodBasis::Forecast;
    std::string_view fields = options->by;
    while (!fields.empty()) {
      auto comma = fields.find(',');
      std::string_view name = fields.substr(0, comma);
      auto field = analysis::parse_group_field(name);
      if (!field)
        throw InvalidInput(fmt::format(
            "--by: '{}': unknown field (province, technology, technology_group, stage, cod_year, "
            "investor)",
            name));
      query.group_by.push_back(*field);
      fields = comma == std::string_view::npos ? "" : fields.substr(comma + 1);
    }
    if (!options->province.empty())
      query.province = ProvinceFilter::parse(options->province, provinces, options->legacy);
    if (!options->technology.empty())
      query.technology = TechnologyFilter::parse(options->technology);
    if (!options->stage.empty()) {
      if (!parse_stage(options->stage) && !parse_status(options->stage))
        throw InvalidInput(fmt::format(
            "--stage: '{}': unknown stage (proposed, in_plan, approved, permitted, construction, "
            "commissioning, operating, suspended, cancelled, retired)",
            options->stage));
      query.stage = options->stage;
    }
    Date as_of = context.as_of();
    auto database = context.open_database();
    auto scheduled = operations::load_scheduled(database, as_of, store::Database::Detail::Lean);
    auto language = context.language();
    auto mw = [&](Capacity capacity) { return report::format_megawatts(capacity, language); };

    if (!options->compare.empty()) {
      Date from = Date::parse_option("--compare", options->compare);
      Date to = context.as_of();
      auto movements = analysis::compare_stages(scheduled.portfolio, query, from, to, provinces);
      report::Table table;
      table.headers = report::headers(language, {"reached stage", "projects", "MW", "codes"});
      table.alignment = {report::Align::Left, report::Align::Right, report::Align::Right};
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& movement : movements) {
        std::vector<std::string> codes;
        for (auto index : movement.project_indices)
          codes.push_back(scheduled.portfolio.projects[static_cast<std::size_t>(index)].code);
        table.rows.push_back({language == report::Language::Vietnamese
                                  ? std::string(stage_label_vi(movement.stage))
                                  : std::string(stage_key(movement.stage)),
                              report::format_integer(movement.projects, language), mw(movement.mw),
                              fmt::format("{}", fmt::join(codes, " "))});
        rows.push_back({{"stage", stage_key(movement.stage)},
                        {"projects", movement.projects},
                        {"mw", movement.mw.megawatts()},
                        {"codes", codes}});
      }
      context.print(table,
                    nlohmann::json{{"from", from.iso_day()}, {"to", to.iso_day()}, {"rows", rows}});
      return;
    }

    auto result =
        analysis::compute_pipeline(scheduled.portfolio, scheduled.schedule, query, provinces);
    for (const auto& warning : result.warnings)
      context.err << "warning: " << warning << '\n';
    context.print(report::pipeline_table(result, query.group_by, language),
                  report::pipeline_json(result, query.group_by, scheduled.schedule.as_of));
  });
}

}  // namespace tiendo::cli
