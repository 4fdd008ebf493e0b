#include "operations/contractor_preview.h"

#include "io/mspdi_reader.h"

namespace tiendo::operations {

ContractorPreview preview_contractor_schedule(store::Database& database,
                                              const store::ChangeContext& context,
                                              const std::string& file,
                                              const ContractorImportOptions& options, Date as_of,
                                              const Account* account) {
  ContractorPreview preview;
  // The dry run first: a refusal (not a schedule, a bad row, outside the caller's provinces) is
  // the answer, whatever the file holds. Then the file read again for the page, as the import
  // reads it (a preview is rare; the import keeps its own reading).
  preview.result =
      import_contractor_schedule(database, context, file, options, true, as_of, account);
  preview.schedule = io::is_mspdi_file(file) ? io::read_mspdi(file) : io::read_xer(file);
  if (!options.file_name.empty())
    preview.schedule.file = options.file_name;
  return preview;
}

}  // namespace tiendo::operations
