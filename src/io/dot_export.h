#pragma once
// The milestone network for Graphviz: one cluster per project, an edge per dependency, the
// critical ones highlighted, so a planner can see at a glance what holds a COD back.
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/portfolio.h"

namespace tiendo::io {

// What the schedule says about each milestone and dependency, computed by the caller (the
// writer knows nothing of the critical path method).
struct NetworkMarks {
  std::vector<bool> critical_milestones;    // Parallel to Portfolio::milestones.
  std::vector<bool> critical_dependencies;  // Parallel to Portfolio::dependencies.
  std::vector<std::optional<Date>> finish;  // Early finish, parallel to the milestones.
  Date as_of;
};

void write_dot(std::ostream& out, const Portfolio& portfolio, const NetworkMarks& marks);

// A DOT double-quoted string: quotes and backslashes escaped, newlines as \n.
std::string dot_quote(std::string_view text);

}  // namespace tiendo::io
