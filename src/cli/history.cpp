// tiendo history [CODE]: the change log, oldest first, of one project or of everything.
#include <fmt/format.h>

#include "cli/common.h"
#include "cli/options.h"
#include "domain/error.h"
#include "operations/queries.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_history(CLI::App& app, Context& context) {
  auto* command = add_command(app, "history", "the change log: who changed what, when and why");
  auto code = std::make_shared<std::string>();
  auto limit = std::make_shared<std::size_t>(200);
  command->add_option("CODE", *code, "only this project");
  // The store passes the limit to SQL as a signed 64-bit number, where a negative one means "all".
  add_count_option(command, "--limit", *limit,
                   "at most this many of the latest changes (default 200)",
                   CountRange{0, static_cast<std::uint64_t>(INT64_MAX)});
  command->callback([&context, code, limit] {
    auto database = context.open_database();
    auto records = operations::query_history(database, *code, *limit);
    report::Table table;
    table.headers = report::headers(context.language(), {"at (UTC)", "actor", "entity", "field",
                                                         "old", "new", "reason", "source"});
    nlohmann::json json = nlohmann::json::array();
    auto value = [](const std::optional<std::string>& text) -> nlohmann::json {
      return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
    };
    for (const auto& record : records) {
      table.rows.push_back({record.at_utc, record.actor, record.entity, record.field,
                            record.old_value.value_or(""), record.new_value.value_or(""),
                            record.reason, record.source});
      json.push_back(
          {{"at_utc", record.at_utc},
           {"actor", record.actor},
           {"project", record.project_code.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json(record.project_code)},
           {"entity", record.entity},
           {"field", record.field},
           {"old", value(record.old_value)},
           {"new", value(record.new_value)},
           {"reason", record.reason},
           {"source", record.source}});
    }
    context.print(table, nlohmann::json{{"changes", json}});
  });
}

}  // namespace tiendo::cli
