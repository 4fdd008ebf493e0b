#pragma once
// The change log as the web workspace reads it: the server already holds the portfolio, so
// whether a project exists is asked of that rather than by loading the whole store again, as
// query_history does for the command line.
#include <string>
#include <vector>

#include "store/database.h"

namespace tiendo::operations {

// The latest `limit` changes (oldest first, as query_history) of the project `project_code`
// names in `portfolio`, or of everything `reader` may read when the code is empty (account rows
// only for an admin: account_rows_for); NotFound when the portfolio holds no such project.
std::vector<store::ChangeRecord> history_of(store::Database& database, const Portfolio& portfolio,
                                            const std::string& project_code, std::size_t limit,
                                            const Account& reader);

}  // namespace tiendo::operations
