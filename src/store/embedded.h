#pragma once
#include <string_view>
#include <vector>

namespace tiendo::embedded {
// schema/NNNN_*.sql in order; migration i brings the database to user_version i + 1.
const std::vector<std::string_view>& migrations();
}  // namespace tiendo::embedded
