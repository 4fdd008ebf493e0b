#pragma once
// The rule that a milestone's plan or forecast moving later is explained: which of the fields an
// edit sets move a date later than the value it replaces. The milestone form refuses such an edit
// without a reason given with it; the API and the command line take it, and `alerts` then notes
// the slip left unexplained (analysis::unexplained_slips).
#include <string>
#include <vector>

#include "domain/edit.h"
#include "domain/portfolio.h"

namespace tiendo::operations {

struct LaterDate {
  std::string field;  // "planned" or "forecast"
  Date before, after;
};

// The planned and forecast dates among `fields` that lie later than the milestone's stored ones
// (a date set where there was none, or cleared, moves nothing; a text that is no date is left
// to the edit's own checks).
std::vector<LaterDate> dates_moved_later(const Milestone& before, const Fields& fields);

}  // namespace tiendo::operations
