#pragma once
#include <string_view>
#include <vector>

namespace tiendo::embedded {
// schema/NNNN_*.sql in order; migration i brings the database to user_version i + 1.
const std::vector<std::string_view>& migrations();
// schema/postgres/NNNN_*.sql: the same migrations in PostgreSQL's dialect, one for each.
const std::vector<std::string_view>& postgres_migrations();
}  // namespace tiendo::embedded
