#include "operations/change_log.h"

#include <fmt/format.h>

#include "domain/command_line.h"
#include "domain/error.h"

namespace tiendo::operations {

std::vector<store::ChangeRecord> history_of(store::Database& database, const Portfolio& portfolio,
                                            const std::string& project_code, std::size_t limit) {
  if (!project_code.empty() && !portfolio.find_project(project_code))
    throw NotFound(fmt::format("project '{}' not found", shown_safely(project_code)));
  return database.history(project_code, limit);
}

}  // namespace tiendo::operations
