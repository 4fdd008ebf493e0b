// tiendo backup FILE: a consistent copy of the database, safe while others are writing to it.
#include <fmt/format.h>

#include "cli/common.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_backup(CLI::App& app, Context& context) {
  auto* command = add_command(
      app, "backup", "copy the whole database to a new FILE or an empty PostgreSQL database");
  auto target = std::make_shared<std::string>();
  command
      ->add_option("FILE", *target,
                   "where to write the copy: a new file in an existing folder (must not exist), "
                   "or postgresql://user@host:port/db naming an empty database")
      ->required();
  command->callback([&context, target] {
    auto database = context.open_database();
    // The store checks the target and makes the new file itself (io::create_empty_file), so no
    // other writer of a backup can skip the checks.
    {
      ProgressScope shown(context.progress());
      database.backup_to(*target);
    }
    // Both as the store shows them: a URI without its password.
    context.out << report::say(context.language(), "backed up {} to {}", database.location(),
                               store::printable_location(*target))
                << '\n';
  });
}

}  // namespace tiendo::cli
