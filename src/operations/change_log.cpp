#include "operations/change_log.h"

#include <fmt/format.h>

#include "domain/command_line.h"
#include "domain/error.h"
#include "operations/accounts.h"

namespace tiendo::operations {

std::vector<store::ChangeRecord> history_of(store::Database& database, const Portfolio& portfolio,
                                            const std::string& project_code, std::size_t limit,
                                            const Account& reader) {
  if (!project_code.empty() && !portfolio.find_project(project_code))
    throw NotFound(message("project '{}' not found", shown_safely(project_code)));
  return database.history(project_code, limit, account_rows_for(reader));
}

}  // namespace tiendo::operations
