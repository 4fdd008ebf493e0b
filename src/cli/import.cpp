// tiendo import FILE...: all files in one transaction; every bad row reported; nothing written
// unless everything is good.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/psplib.h"
#include "io/tiendo_csv.h"

namespace tiendo::cli {

void register_import(CLI::App& app, Context& context) {
  auto* command =
      add_command(app, "import", "import files (all or nothing; existing keys updated)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto from = std::make_shared<std::string>("tiendo-csv");
  auto dry_run = std::make_shared<bool>(false);
  command->add_option("FILE", *files, "files to import")->required();
  command->add_option("--from", *from, "tiendo-csv (default) or psplib")
      ->check(CLI::IsMember({"tiendo-csv", "psplib"}));
  command->add_flag("--dry-run", *dry_run, "report what would change, write nothing");
  command->callback([&context, files, from, dry_run] {
    ProblemList problems;
    std::vector<io::CsvTable> tables;
    std::vector<io::PsplibProject> networks;
    for (const auto& file : *files) {
      if (*from == "psplib") {
        networks.push_back(io::read_psplib_file(file, problems));
      } else {
        std::vector<std::string> csv_problems;
        tables.push_back(io::read_csv_file(file, csv_problems));
        for (auto& line : csv_problems)
          problems.add_line(std::move(line));
      }
    }
    auto database = context.open_database();
    auto summary = database.modify(
        // Each change-log row takes the source recorded on its own row, which names the document.
        context.change_context(),
        [&](Portfolio& portfolio) {
          if (*from == "psplib") {
            for (std::size_t i = 0; i < networks.size(); ++i)
              io::apply_psplib(portfolio, networks[i], (*files)[i], problems);
          } else {
            io::apply_tables(portfolio, tables, problems, ProvinceRegistry::builtin());
          }
          problems.throw_if_any();
          graph::check_acyclic(portfolio);
        },
        *dry_run);
    context.out << fmt::format(
        "{}projects: {} added, {} changed; milestones: {} added, {} changed; dependencies: {} "
        "added, {} changed\n",
        *dry_run ? "dry run, nothing written. would import " : "imported ", summary.projects_added,
        summary.projects_changed, summary.milestones_added, summary.milestones_changed,
        summary.dependencies_added, summary.dependencies_changed);
  });
}

}  // namespace tiendo::cli
