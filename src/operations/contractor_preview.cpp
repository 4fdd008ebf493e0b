#include "operations/contractor_preview.h"

namespace tiendo::operations {

ContractorPreview preview_contractor_schedule(store::Database& database,
                                              const store::ChangeContext& context,
                                              io::ContractorSchedule schedule,
                                              const ContractorImportOptions& options, Date as_of,
                                              const Account* account) {
  ContractorPreview preview;
  preview.result =
      import_contractor_schedule(database, context, schedule, options, true, as_of, account);
  preview.schedule = std::move(schedule);
  return preview;
}

}  // namespace tiendo::operations
