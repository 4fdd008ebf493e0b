// tiendo init: create the database, or bring an older one up to this tiendo's schema.
#include <fmt/format.h>

#include "cli/common.h"
#include "io/output_path.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_init(CLI::App& app, Context& context) {
  auto* command = add_command(app, "init", "create or migrate the database");
  const CLI::Option* database_option = app.get_option("--db");
  command->callback([&context, database_option] {
    // An empty --db would otherwise fall back to $TIENDO_DB or ./tiendo.db: not what was asked.
    if (database_option->count() > 0 && context.options.database.empty())
      io::check_file_name("--db", "");
    // The name is checked (and a new file made) first, so that no lock file is made for a name
    // that is refused.
    std::string path = context.database_path();
    if (!store::is_postgres_uri(path))
      io::prepare_database_file("--db", path);
    // Migrating a file another tiendo process has open would change its schema under it: the
    // file is held alone (exit 4 while it is in use, naming it).
    auto lock = store::Database::lock_alone(path);
    auto database = context.open_database(store::OpenMode::CreateOrMigrate);
    context.out << report::say(context.language(), "{}: tiendo database, schema version {}",
                               database.location(), database.schema_version())
                << '\n';
  });
}

}  // namespace tiendo::cli
