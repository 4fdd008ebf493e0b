#include "operations/import.h"

#include <fmt/format.h>

#include <optional>

#include "domain/edit.h"
#include "domain/error.h"
#include "io/pdp7_annex.h"
#include "io/psplib.h"
#include "io/tiendo_csv.h"
#include "io/wri_gppd.h"
#include "operations/edits.h"

namespace tiendo::operations {

ImportResult import_files(store::Database& database, const store::ChangeContext& context,
                          ImportFormat format, const std::vector<std::string>& files, bool dry_run,
                          Date as_of, const Account* account) {
  require_valid_text("--actor", context.actor);
  // A viewer imports nothing, not even rows that would change nothing.
  if (account && (account->role == Role::Viewer || account->disabled))
    throw Forbidden(message("{} may not import (role {})", account->name, role_key(account->role)));
  ProblemList problems;
  ProblemList notes;
  std::vector<io::PsplibProject> networks;
  std::vector<io::WriFile> plant_lists;
  std::vector<io::Pdp7Annex> annexes;
  // Published lists are read whole before the transaction; tiendo CSV files are read while they
  // are applied, a piece at a time.
  for (const auto& file : files) {
    if (format == ImportFormat::Psplib)
      networks.push_back(io::read_psplib_file(file, problems));
    else if (format == ImportFormat::WriGppd)
      plant_lists.push_back(io::read_wri_gppd_file(file, problems, notes));
    else if (format == ImportFormat::Pdp7Annex)
      annexes.push_back(io::read_pdp7_annex_file(file, problems, notes));
  }
  io::RowLocations locations;
  ImportResult result;
  result.summary = database.modify_in_stages(
      context,
      [&](Portfolio& portfolio, const std::function<void()>& milestones_final) {
        // Only an account limited to some provinces needs the portfolio as it was to compare.
        std::optional<Portfolio> before;
        if (account && account->role != Role::Admin)
          before = portfolio;
        switch (format) {
          case ImportFormat::Psplib:
            for (std::size_t i = 0; i < networks.size(); ++i)
              io::apply_psplib(portfolio, networks[i], files[i], problems);
            break;
          case ImportFormat::WriGppd:
            for (const auto& plants : plant_lists)
              io::apply_wri_gppd(portfolio, plants, problems);
            break;
          case ImportFormat::Pdp7Annex:
            for (const auto& annex : annexes)
              io::apply_pdp7_annex(portfolio, annex, problems);
            break;
          case ImportFormat::TiendoCsv:
            io::apply_csv_files(portfolio, files, problems, ProvinceRegistry::builtin(), &locations,
                                &notes, &milestones_final);
            break;
        }
        problems.throw_if_any();
        if (account)
          check_scope(*account, before ? *before : portfolio, portfolio);
        check_schedulable(portfolio, as_of, [&](std::int32_t dependency) {
          return locations.dependency(dependency);
        });
      },
      dry_run);
  result.notes = notes.lines();
  for (const auto& plants : plant_lists)
    result.plant_lists.push_back(ImportedList{plants.file, plants.plants.size(), plants.total});
  for (const auto& annex : annexes) {
    Capacity total;
    for (const auto& entry : annex.entries)
      total += entry.capacity;
    result.annexes.push_back(ImportedList{annex.file, annex.entries.size(), total});
  }
  return result;
}

}  // namespace tiendo::operations
