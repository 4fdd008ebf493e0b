// tiendo backup FILE: a consistent copy of the database, safe while others are writing to it.
#include <fmt/format.h>

#include "cli/common.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_backup(CLI::App& app, Context& context) {
  auto* command = add_command(app, "backup", "copy the database to FILE (SQLite online backup)");
  auto target = std::make_shared<std::string>();
  command
      ->add_option("FILE", *target,
                   "where to write the copy: a new file in an existing folder (must not exist)")
      ->required();
  command->callback([&context, target] {
    auto database = context.open_database();
    // The store checks the target and makes the new file itself (io::create_empty_file), so no
    // other writer of a backup can skip the checks.
    {
      ProgressScope shown(context.progress());
      database.backup_to(*target);
    }
    context.out << report::say(context.language(), "backed up {} to {}", context.database_path(),
                               *target)
                << '\n';
  });
}

}  // namespace tiendo::cli
