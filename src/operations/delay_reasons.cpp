#include "operations/delay_reasons.h"

namespace tiendo::operations {

std::vector<LaterDate> dates_moved_later(const Milestone& before, const Fields& fields) {
  std::vector<LaterDate> later;
  for (const auto& field : fields) {
    const std::optional<Date>* stored = field.name == "planned"    ? &before.planned
                                        : field.name == "forecast" ? &before.forecast
                                                                   : nullptr;
    if (!stored || !*stored)
      continue;
    auto after = Date::try_parse(field.value);
    if (after && after->days() > (*stored)->days())
      later.push_back(LaterDate{field.name, **stored, *after});
  }
  return later;
}

}  // namespace tiendo::operations
