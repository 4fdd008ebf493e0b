// tiendo restore BACKUP: the database file replaced by a backup of it, safely: never under another
// tiendo process, never with the old file's write-ahead log replayed into it, and all or nothing.
#include <fmt/format.h>

#include "cli/common.h"
#include "io/output_path.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_restore(CLI::App& app, Context& context) {
  auto* command = add_command(
      app, "restore", "replace the database file with a BACKUP file, while no tiendo uses it");
  auto backup = std::make_shared<std::string>();
  command
      ->add_option("BACKUP", *backup,
                   "the backup file: a tiendo database of this or an older schema (never a link)")
      ->required();
  const CLI::Option* database_option = app.get_option("--db");
  command->callback([&context, backup, database_option] {
    // An empty --db would otherwise fall back to $TIENDO_DB or ./tiendo.db: not what was asked.
    if (database_option->count() > 0 && context.options.database.empty())
      io::check_file_name("--db", "");
    std::string path = context.database_path();
    // The store checks both files, holds the database alone, and replaces it in one rename.
    auto restored = store::Database::restore(*backup, path);
    context.out << report::say(context.language(),
                               "restored {} from {}: {} projects, schema version {}", path, *backup,
                               restored.projects, restored.schema_version)
                << '\n';
  });
}

}  // namespace tiendo::cli
