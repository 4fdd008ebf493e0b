// tiendo init: create the database, or bring an older one up to this tiendo's schema.
#include <fmt/format.h>

#include "cli/common.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_init(CLI::App& app, Context& context) {
  auto* command = add_command(app, "init", "create or migrate the database");
  command->callback([&context] {
    auto database = context.open_database(store::OpenMode::CreateOrMigrate);
    context.out << report::say(context.language(), "{}: tiendo database, schema version {}",
                               context.database_path(), database.schema_version())
                << '\n';
  });
}

}  // namespace tiendo::cli
