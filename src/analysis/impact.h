#pragma once
// What a late milestone does downstream: which projects' commercial operation moves, by how many
// days, and how many MW that puts at risk, by province and technology.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/schedule.h"
#include "domain/province.h"

namespace tiendo::analysis {

struct ImpactedProject {
  std::int32_t project = 0;
  std::int32_t cod_before = 0;
  std::int32_t cod_after = 0;
  // Leaves only: a parent's MW are its children's, counted with them.
  std::optional<Capacity> capacity;
  // The COD leaves the year it was forecast in (31 December 2027 → January 2028): the MW that a
  // year's plan counted on and will not get.
  bool leaves_its_year = false;
};

// A milestone whose early finish the slip moves, with the milestone whose move pushed it (the
// predecessor of the link that now sets its date; -1 for the slipped milestone itself).
struct MovedMilestone {
  std::int32_t milestone = 0;
  std::int32_t finish_before = 0;
  std::int32_t finish_after = 0;
  std::int32_t pushed_by = -1;
};

struct Impact {
  std::int32_t source = 0;
  std::int32_t slip_days = 0;
  std::vector<ImpactedProject> projects;
  // Every milestone that moves, the slipped one first, then in the order of the portfolio.
  std::vector<MovedMilestone> milestones;
  Capacity total;
  // The MW of projects whose COD moves out of the year it was forecast in.
  Capacity leaving_their_year;
  std::map<std::string, Capacity> by_province;  // Current provincial unit.
  std::map<std::string, Capacity> by_technology;
};

// Gives `source` the extra bound EF ≥ its early finish + slip, reschedules, and compares every
// project's `cod`. Throws InvalidInput for a milestone already done (the past cannot slip).
Impact compute_impact(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                      const Schedule& before, std::int32_t source, std::int32_t slip,
                      const ProvinceRegistry& provinces);

// True for projects no other project names as parent.
std::vector<bool> leaf_projects(const Portfolio& portfolio);

}  // namespace tiendo::analysis
