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
    operations::PipelineRequest request;
    request.by = options->by;
    request.province = options->province;
    request.technology = options->technology;
    request.stage = options->stage;
    request.cod_basis = options->cod_basis;
    request.legacy_provinces = options->legacy;
    analysis::PipelineQuery query = operations::parse_pipeline_request(request);
    Date as_of = context.as_of();
    auto database = context.open_database();
    // A comparison of dates reads the whole portfolio; the pipeline itself only what it needs.
    auto scheduled =
        options->compare.empty()
            ? operations::load_for_pipeline(database, as_of, query)
            : operations::load_scheduled(database, as_of, store::Database::Detail::Lean);
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
