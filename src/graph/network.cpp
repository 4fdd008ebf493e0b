#include "graph/network.h"

#include <fmt/format.h>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/depth_first_search.hpp>

#include <algorithm>
#include <functional>
#include <queue>

#include "domain/error.h"

namespace tiendo::graph {
namespace {

struct MilestoneVertex {
  std::int32_t milestone = 0;
};
struct DependencyEdge {
  std::int32_t dependency = 0;
};

// Compressed sparse row storage keeps every edge in one contiguous array: no allocation per
// vertex or per edge, which is what lets 300,000 milestones build in milliseconds.
using Graph =
    boost::compressed_sparse_row_graph<boost::bidirectionalS, MilestoneVertex, DependencyEdge,
                                       boost::no_property, std::uint32_t, std::uint32_t>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

struct CycleFound {
  std::vector<std::int32_t> milestones;  // The cycle, first milestone repeated at the end.
};

// Records the finishing order (its reverse is a topological order) and stops at the first back
// edge, reconstructing the cycle from the tree-edge predecessors.
class OrderVisitor : public boost::default_dfs_visitor {
 public:
  OrderVisitor(std::vector<std::int32_t>& finished, std::vector<std::int32_t>& predecessor)
      : m_finished(finished), m_predecessor(predecessor) {}
  void tree_edge(Edge edge, const Graph& graph) const {
    m_predecessor[boost::target(edge, graph)] =
        static_cast<std::int32_t>(boost::source(edge, graph));
  }
  void back_edge(Edge edge, const Graph& graph) const {
    auto from = static_cast<std::int32_t>(boost::source(edge, graph));
    auto to = static_cast<std::int32_t>(boost::target(edge, graph));
    CycleFound cycle;
    for (std::int32_t at = from; at != to; at = m_predecessor[static_cast<std::size_t>(at)])
      cycle.milestones.push_back(at);
    cycle.milestones.push_back(to);
    std::reverse(cycle.milestones.begin(), cycle.milestones.end());
    cycle.milestones.push_back(to);
    throw cycle;
  }
  void finish_vertex(Vertex vertex, const Graph&) const {
    m_finished.push_back(static_cast<std::int32_t>(vertex));
  }

 private:
  std::vector<std::int32_t>& m_finished;
  std::vector<std::int32_t>& m_predecessor;
};

// The problem line of a cycle: the link that closed it is the one a user added last — the
// latest row of an import where rows are known, else the newest link — named by its `to` end,
// with the cycle after it (its first members and a count when it is long).
CycleError cycle_error(const Portfolio& portfolio, const std::vector<std::int32_t>& milestones,
                       const std::vector<std::int32_t>& links, const DependencyLocator& locate) {
  // `milestones` repeats the first at the end; only the first members are named, so the line
  // stays short however long the cycle is.
  std::size_t members = milestones.empty() ? 0 : milestones.size() - 1;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < std::min(members, chain_names_shown); ++i)
    names.push_back(portfolio.reference(milestones[i]));
  std::int32_t blamed = links.empty() ? -1 : *std::max_element(links.begin(), links.end());
  InputLocation location;
  if (locate) {
    for (auto link : links) {
      InputLocation candidate = locate(link);
      if (!candidate.file.empty() &&
          (location.file.empty() || candidate.file > location.file ||
           (candidate.file == location.file && candidate.row > location.row))) {
        location = candidate;
        blamed = link;
      }
    }
  }
  std::string chain =
      chain_text(names, members, milestones.empty() ? "" : portfolio.reference(milestones.front()));
  if (blamed < 0)
    return CycleError(fmt::format("dependency cycle: {}", chain), links, names, members);
  const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(blamed)];
  ProblemList problems;
  problems.add(location, "to", portfolio.reference(link.to),
               fmt::format("closes a dependency cycle: {}", chain));
  return CycleError(problems.lines().front(), links, std::move(names), members);
}

}  // namespace

MilestoneNetwork::MilestoneNetwork(const Portfolio& portfolio) {
  const std::size_t vertex_count = portfolio.milestones.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
  std::vector<DependencyEdge> properties;
  ends.reserve(portfolio.dependencies.size());
  properties.reserve(portfolio.dependencies.size());
  for (std::size_t i = 0; i < portfolio.dependencies.size(); ++i) {
    const auto& dependency = portfolio.dependencies[i];
    ends.emplace_back(static_cast<std::uint32_t>(dependency.from),
                      static_cast<std::uint32_t>(dependency.to));
    properties.push_back(DependencyEdge{static_cast<std::int32_t>(i)});
  }
  Graph graph(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), properties.begin(),
              vertex_count);
  for (std::size_t v = 0; v < vertex_count; ++v)
    graph[static_cast<Vertex>(v)].milestone = static_cast<std::int32_t>(v);

  std::vector<std::int32_t> finished;
  std::vector<std::int32_t> predecessor(vertex_count, -1);
  finished.reserve(vertex_count);
  std::vector<boost::default_color_type> colors(vertex_count);
  try {
    boost::depth_first_search(
        graph, OrderVisitor(finished, predecessor),
        boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph)));
  } catch (const CycleFound& cycle) {
    std::vector<std::int32_t> links;
    for (std::size_t i = 0; i + 1 < cycle.milestones.size(); ++i)
      if (auto link = portfolio.find_dependency(cycle.milestones[i], cycle.milestones[i + 1]))
        links.push_back(*link);
    throw cycle_error(portfolio, cycle.milestones, links, {});
  }
  m_order.assign(finished.rbegin(), finished.rend());
  m_position.resize(vertex_count);
  for (std::size_t i = 0; i < m_order.size(); ++i)
    m_position[static_cast<std::size_t>(m_order[i])] = static_cast<std::int32_t>(i);

  // Flat in/out edge lists in the order Boost holds them, read once from the graph.
  m_in_offsets.assign(vertex_count + 1, 0);
  m_out_offsets.assign(vertex_count + 1, 0);
  m_in_edges.reserve(portfolio.dependencies.size());
  m_out_edges.reserve(portfolio.dependencies.size());
  m_in_neighbours.reserve(portfolio.dependencies.size());
  m_out_neighbours.reserve(portfolio.dependencies.size());
  for (std::size_t v = 0; v < vertex_count; ++v) {
    auto vertex = static_cast<Vertex>(v);
    for (auto [edge, end] = boost::in_edges(vertex, graph); edge != end; ++edge) {
      m_in_edges.push_back(graph[*edge].dependency);
      m_in_neighbours.push_back(static_cast<std::int32_t>(boost::source(*edge, graph)));
    }
    for (auto [edge, end] = boost::out_edges(vertex, graph); edge != end; ++edge) {
      m_out_edges.push_back(graph[*edge].dependency);
      m_out_neighbours.push_back(static_cast<std::int32_t>(boost::target(*edge, graph)));
    }
    m_in_offsets[v + 1] = static_cast<std::int32_t>(m_in_edges.size());
    m_out_offsets[v + 1] = static_cast<std::int32_t>(m_out_edges.size());
  }
}

MilestoneNetwork MilestoneNetwork::with_milestone_inserted(std::int32_t position) const {
  MilestoneNetwork network = *this;
  auto shifted = [position](std::int32_t& milestone) {
    milestone += milestone >= position ? 1 : 0;
  };
  for (auto& milestone : network.m_order)
    shifted(milestone);
  for (auto& milestone : network.m_in_neighbours)
    shifted(milestone);
  for (auto& milestone : network.m_out_neighbours)
    shifted(milestone);
  // With no link, it may come anywhere in the order: last.
  const auto at = static_cast<std::size_t>(position);
  network.m_position.insert(network.m_position.begin() + position,
                            static_cast<std::int32_t>(network.m_order.size()));
  network.m_order.push_back(position);
  network.m_in_offsets.insert(network.m_in_offsets.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                              network.m_in_offsets[at]);
  network.m_out_offsets.insert(network.m_out_offsets.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                               network.m_out_offsets[at]);
  return network;
}

namespace {

// The walk both directions share: a heap of places in the topological order (the smallest first
// downstream, the largest first upstream), each milestone queued once.
template <class Before>
void visit_in_order(const std::vector<std::int32_t>& position, const std::vector<std::int32_t>& order,
                    std::span<const std::int32_t> seeds,
                    const std::function<bool(std::int32_t)>& visit,
                    const std::function<void(std::int32_t, std::vector<std::int32_t>&)>& next) {
  std::priority_queue<std::int32_t, std::vector<std::int32_t>, Before> queue;
  std::vector<bool> queued(position.size(), false);
  auto push = [&](std::int32_t milestone) {
    auto m = static_cast<std::size_t>(milestone);
    if (queued[m])
      return;
    queued[m] = true;
    queue.push(position[m]);
  };
  for (std::int32_t seed : seeds)
    push(seed);
  std::vector<std::int32_t> neighbours;
  while (!queue.empty()) {
    const std::int32_t milestone = order[static_cast<std::size_t>(queue.top())];
    queue.pop();
    if (!visit(milestone))
      continue;
    neighbours.clear();
    next(milestone, neighbours);
    for (std::int32_t neighbour : neighbours)
      push(neighbour);
  }
}

}  // namespace

void MilestoneNetwork::visit_downstream(std::span<const std::int32_t> seeds,
                                        const std::function<bool(std::int32_t)>& visit) const {
  // The smallest place first: a min-heap.
  visit_in_order<std::greater<>>(
      m_position, m_order, seeds, visit,
      [this](std::int32_t milestone, std::vector<std::int32_t>& into) {
        auto m = static_cast<std::size_t>(milestone);
        into.insert(into.end(), m_out_neighbours.begin() + m_out_offsets[m],
                    m_out_neighbours.begin() + m_out_offsets[m + 1]);
      });
}

void MilestoneNetwork::visit_upstream(std::span<const std::int32_t> seeds,
                                      const std::function<bool(std::int32_t)>& visit) const {
  // The largest place first: a max-heap.
  visit_in_order<std::less<>>(
      m_position, m_order, seeds, visit,
      [this](std::int32_t milestone, std::vector<std::int32_t>& into) {
        auto m = static_cast<std::size_t>(milestone);
        into.insert(into.end(), m_in_neighbours.begin() + m_in_offsets[m],
                    m_in_neighbours.begin() + m_in_offsets[m + 1]);
      });
}

void check_acyclic(const Portfolio& portfolio, const DependencyLocator& locate) {
  try {
    MilestoneNetwork network(portfolio);
  } catch (const CycleError& error) {
    if (!locate)
      throw;
    // The cycle again, from its links, now named by the row that closed it.
    std::vector<std::int32_t> milestones;
    for (auto link : error.dependencies())
      milestones.push_back(portfolio.dependencies[static_cast<std::size_t>(link)].from);
    if (!error.dependencies().empty())
      milestones.push_back(milestones.front());
    throw cycle_error(portfolio, milestones, error.dependencies(), locate);
  }
}

}  // namespace tiendo::graph
