#include "operations/activity_groups.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "domain/milestone_catalog.h"

namespace tiendo::operations {

std::vector<ActivityGroup> group_activities(const Portfolio& portfolio,
                                            const std::vector<std::int32_t>& milestones) {
  const std::size_t count = milestones.size();
  std::unordered_map<std::int32_t, std::size_t> local;  // Milestone index -> position.
  local.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    local.emplace(milestones[i], i);

  // The key milestones in catalog order: their rank is the catalog position.
  const auto catalog = milestone_catalog();
  std::vector<std::ptrdiff_t> rank(count, -1);
  std::vector<std::size_t> keys;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& key = portfolio.milestones[static_cast<std::size_t>(milestones[i])].key;
    auto found = std::find_if(catalog.begin(), catalog.end(),
                              [&](const MilestoneKind& kind) { return kind.key == key; });
    if (found != catalog.end()) {
      rank[i] = found - catalog.begin();
      keys.push_back(i);
    }
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });

  // Predecessors within the project, as a compact adjacency (offsets and targets).
  std::vector<std::pair<std::size_t, std::size_t>> edges;  // (successor, predecessor)
  for (const auto& dependency : portfolio.dependencies) {
    auto from = local.find(dependency.from);
    if (from == local.end())
      continue;
    auto to = local.find(dependency.to);
    if (to != local.end())
      edges.emplace_back(to->second, from->second);
  }
  std::vector<std::size_t> offset(count + 1, 0);
  for (const auto& [successor, predecessor] : edges)
    ++offset[successor + 1];
  for (std::size_t i = 0; i < count; ++i)
    offset[i + 1] += offset[i];
  std::vector<std::size_t> predecessors(edges.size());
  std::vector<std::size_t> filled(offset.begin(), offset.end() - 1);
  for (const auto& [successor, predecessor] : edges)
    predecessors[filled[successor]++] = predecessor;

  // One breadth-first walk backwards from every key milestone at once, the earliest in the
  // catalog first: each activity is reached first from its nearest key milestone downstream.
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> group_of(count, none);  // Position in `keys`.
  std::deque<std::size_t> queue;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    group_of[keys[k]] = k;
    queue.push_back(keys[k]);
  }
  while (!queue.empty()) {
    std::size_t at = queue.front();
    queue.pop_front();
    for (std::size_t e = offset[at]; e < offset[at + 1]; ++e) {
      std::size_t predecessor = predecessors[e];
      // A key milestone keeps its own group; it is not an activity of another.
      if (group_of[predecessor] != none)
        continue;
      group_of[predecessor] = group_of[at];
      queue.push_back(predecessor);
    }
  }

  std::vector<ActivityGroup> groups(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k)
    groups[k].key_milestone = milestones[keys[k]];
  ActivityGroup leading_nowhere;
  for (std::size_t i = 0; i < count; ++i) {
    if (rank[i] >= 0)
      continue;
    if (group_of[i] == none)
      leading_nowhere.activities.push_back(milestones[i]);
    else
      groups[group_of[i]].activities.push_back(milestones[i]);
  }
  if (!leading_nowhere.activities.empty())
    groups.push_back(std::move(leading_nowhere));
  return groups;
}

}  // namespace tiendo::operations
