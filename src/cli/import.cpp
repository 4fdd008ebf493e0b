// tiendo import FILE...: all files in one transaction; every bad row reported; nothing written
// unless everything is good.
#include <fmt/format.h>

#include "cli/common.h"
#include "domain/error.h"
#include "domain/text.h"
#include "graph/network.h"
#include "io/pdp7_annex.h"
#include "io/psplib.h"
#include "io/tiendo_csv.h"
#include "io/wri_gppd.h"
#include "report/format.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_import(CLI::App& app, Context& context) {
  auto* command =
      add_command(app, "import", "import files (all or nothing; existing keys updated)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto from = std::make_shared<std::string>("tiendo-csv");
  auto dry_run = std::make_shared<bool>(false);
  command->add_option("FILE", *files, "files to import")->required();
  command
      ->add_option("--from", *from,
                   "tiendo-csv (default), wri-gppd (WRI Global Power Plant Database CSV), "
                   "pdp7-annex (revised PDP VII project list) or psplib")
      ->check(CLI::IsMember({"tiendo-csv", "wri-gppd", "pdp7-annex", "psplib"}));
  command->add_flag("--dry-run", *dry_run, "report what would change, write nothing");
  command->callback([&context, files, from, dry_run] {
    ProblemList problems;
    // Defects of a published file that were repaired or marked rather than refused; they are
    // shown with the result, so nothing is changed without the user seeing it.
    ProblemList notes;
    std::vector<io::PsplibProject> networks;
    std::vector<io::WriFile> plant_lists;
    std::vector<io::Pdp7Annex> annexes;
    for (const auto& file : *files) {
      if (*from == "psplib") {
        networks.push_back(io::read_psplib_file(file, problems));
      } else if (*from == "wri-gppd") {
        plant_lists.push_back(io::read_wri_gppd_file(file, problems, notes));
      } else if (*from == "pdp7-annex") {
        annexes.push_back(io::read_pdp7_annex_file(file, problems, notes));
      }
    }
    Date as_of = context.as_of();
    auto database = context.open_database();
    io::RowLocations locations;
    auto summary = database.modify(
        // Each change-log row takes the source recorded on its own row, which names the document.
        context.change_context(),
        [&](Portfolio& portfolio) {
          if (*from == "psplib") {
            for (std::size_t i = 0; i < networks.size(); ++i)
              io::apply_psplib(portfolio, networks[i], (*files)[i], problems);
          } else if (*from == "wri-gppd") {
            for (const auto& plants : plant_lists)
              io::apply_wri_gppd(portfolio, plants, problems);
          } else if (*from == "pdp7-annex") {
            for (const auto& annex : annexes)
              io::apply_pdp7_annex(portfolio, annex, problems);
          } else {
            // tiendo CSV files are read while they are applied, a piece at a time.
            io::apply_csv_files(portfolio, *files, problems, ProvinceRegistry::builtin(),
                                &locations);
          }
          problems.throw_if_any();
          check_schedulable(portfolio, as_of, [&](std::int32_t dependency) {
            return locations.dependency(dependency);
          });
        },
        *dry_run);
    for (const auto& line : notes.lines())
      context.out << line << '\n';
    auto language = context.language();
    for (const auto& plants : plant_lists)
      context.out << report::say(language, "{}: {} plants, {} MW", printable(plants.file),
                                 plants.plants.size(),
                                 report::format_megawatts(plants.total, language))
                  << '\n';
    for (const auto& annex : annexes) {
      Capacity total;
      for (const auto& entry : annex.entries)
        total += entry.capacity;
      context.out << report::say(language, "{}: {} projects, {} MW", printable(annex.file),
                                 annex.entries.size(), report::format_megawatts(total, language))
                  << '\n';
    }
    context.out
        << report::say(
               language,
               *dry_run
                   ? report::Label("dry run, nothing written. would import projects: {} added, "
                                   "{} changed; milestones: {} added, {} changed; "
                                   "dependencies: {} added, {} changed")
                   : report::Label("imported projects: {} added, {} changed; milestones: {} "
                                   "added, {} changed; dependencies: {} added, {} changed"),
               summary.projects_added, summary.projects_changed, summary.milestones_added,
               summary.milestones_changed, summary.dependencies_added, summary.dependencies_changed)
        << '\n';
  });
}

}  // namespace tiendo::cli
