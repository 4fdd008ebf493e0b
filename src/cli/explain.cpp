// tiendo explain REF: why a milestone is forecast when it is, link by link back to what fixes it.
#include <fmt/format.h>

#include "cli/common.h"
#include "operations/queries.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_explain(CLI::App& app, Context& context) {
  auto* command = add_command(app, "explain", "the driver chain behind a milestone's forecast");
  auto reference = std::make_shared<std::string>();
  command->add_option("REF", *reference, "PROJECT_CODE:key")->required();
  command->callback([&context, reference] {
    Date as_of = context.as_of();
    auto database = context.open_database();
    auto scheduled = operations::load_scheduled(database, as_of);
    const Portfolio& portfolio = scheduled.portfolio;
    std::int32_t milestone = portfolio.milestone_by_reference(*reference);
    if (context.format() == report::OutputFormat::Json) {
      nlohmann::json steps = nlohmann::json::array();
      for (const auto& step : analysis::driver_chain(portfolio, scheduled.schedule, milestone)) {
        nlohmann::json object = {{"milestone", portfolio.reference(step.milestone)},
                                 {"early_finish", Date::from_days(step.early_finish).iso_day()},
                                 {"driver", analysis::driver_kind_key(step.driver)}};
        if (step.dependency >= 0) {
          const auto& link = portfolio.dependencies[static_cast<std::size_t>(step.dependency)];
          object["type"] = link_type_key(link.type);
          object["lag_days"] = link.lag_days;
        }
        steps.push_back(std::move(object));
      }
      context.print_json({{"as_of", context.as_of().iso_day()}, {"chain", steps}});
      return;
    }
    context.out << report::describe_chain(portfolio, scheduled.schedule, milestone,
                                          context.language());
  });
}

}  // namespace tiendo::cli
