#pragma once
// The milestone network: every milestone of every project is a vertex, every dependency an edge,
// across projects too (a wind farm's COD waits for the 110 kV line's energisation). Built once per
// command on Boost.Graph; what analysis needs is handed out as plain contiguous arrays, so no Boost
// type appears here.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "domain/edit.h"
#include "domain/portfolio.h"

namespace tiendo::graph {

class MilestoneNetwork {
 public:
  // Builds the network and orders it; throws CycleError naming a cycle, e.g. "A:cod ->
  // B:construction_start -> A:cod" (a long one by its first 20 milestones and "… and 3,980
  // more"). The depth-first search keeps its own stack, so no depth of links reaches the
  // thread's.
  explicit MilestoneNetwork(const Portfolio& portfolio);

  std::size_t milestone_count() const { return m_in_offsets.size() - 1; }
  // This network with a milestone linked to nothing yet (a milestone added to a project comes
  // without links) at index `position`, those from there on moved up one
  // (Portfolio::place_last_milestone): a copy of its arrays, not a search of the whole network
  // again.
  MilestoneNetwork with_milestone_inserted(std::int32_t position) const;

  // Every milestone after all of its predecessors.
  std::span<const std::int32_t> topological_order() const { return m_order; }
  // Indices into Portfolio::dependencies of the edges into / out of a milestone.
  std::span<const std::int32_t> incoming(std::int32_t milestone) const {
    auto m = static_cast<std::size_t>(milestone);
    return {m_in_edges.data() + m_in_offsets[m], m_in_edges.data() + m_in_offsets[m + 1]};
  }
  std::span<const std::int32_t> outgoing(std::int32_t milestone) const {
    auto m = static_cast<std::size_t>(milestone);
    return {m_out_edges.data() + m_out_offsets[m], m_out_edges.data() + m_out_offsets[m + 1]};
  }

  // Where a change spreads, for an incremental schedule. Visits `seeds` and what `visit` sends on
  // to, each milestone at most once and only after every visited milestone before it in the
  // topological order, so a milestone is recomputed once, from predecessors that are final.
  // `visit(m)` recomputes m and answers whether its successors must be looked at again (its
  // dates moved); the walk stops where nothing moves. visit_upstream walks the other way, from
  // successors to predecessors. Both cost the visited milestones and their links, never the
  // whole network.
  void visit_downstream(std::span<const std::int32_t> seeds,
                        const std::function<bool(std::int32_t)>& visit) const;
  void visit_upstream(std::span<const std::int32_t> seeds,
                      const std::function<bool(std::int32_t)>& visit) const;

 private:
  std::vector<std::int32_t> m_order;
  std::vector<std::int32_t> m_position;  // Each milestone's place in m_order.
  std::vector<std::int32_t> m_in_offsets, m_in_edges;
  std::vector<std::int32_t> m_out_offsets, m_out_edges;
  // The milestone at the other end of each edge, parallel to m_in_edges and m_out_edges.
  std::vector<std::int32_t> m_in_neighbours, m_out_neighbours;
};

// Where the row that made a dependency came from (an import's file and row), or an empty
// location for a link the command line made or the database held.
using DependencyLocator = std::function<InputLocation(std::int32_t dependency)>;

// Throws CycleError when the portfolio's dependencies form a cycle; used by `depend add` and
// every import before anything is written. The problem line names the link that closed the cycle
// in the usual form: "dependencies.csv:7: to: 'A:cod': closes a dependency cycle: A:cod -> B:x
// -> A:cod".
void check_acyclic(const Portfolio& portfolio, const DependencyLocator& locate = {});

}  // namespace tiendo::graph
