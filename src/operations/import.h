#pragma once
// Importing files: every format read, every row applied to a copy of the portfolio, every rule
// checked (bad rows, parents, cycles named by their rows, the supported years), all in one
// transaction — all or nothing, or nothing at all with dry_run.
#include <string>
#include <vector>

#include "domain/account.h"
#include "store/database.h"

namespace tiendo::operations {

enum class ImportFormat { TiendoCsv, WriGppd, Pdp7Annex, Psplib };

// One file of a published list (WRI plants, PDP VII projects): how many rows and MW it held.
struct ImportedList {
  std::string file;
  std::size_t rows = 0;
  Capacity total;
};

struct ImportResult {
  store::WriteSummary summary;
  // Defects of a published file that were repaired or marked rather than refused, to be shown
  // with the result, so nothing is changed without the user seeing it.
  std::vector<std::string> notes;
  std::vector<ImportedList> plant_lists;  // WRI files
  std::vector<ImportedList> annexes;      // PDP VII annexes
};

// With an account (the web workspace), every project the import touches must lie in its scope
// (Forbidden otherwise, nothing written).
// Throws InvalidInput with every problem of every file when any row is bad; writes nothing then.
ImportResult import_files(store::Database& database, const store::ChangeContext& context,
                          ImportFormat format, const std::vector<std::string>& files, bool dry_run,
                          Date as_of, const Account* account = nullptr);

}  // namespace tiendo::operations
