// `tiendo generate`: the synthetic portfolio must be the same for the same seed, and of the shape
// the benchmark issue asks for, or the benchmark measures something unrealistic.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "random_portfolio.h"
#include "graph/network.h"
#include "io/synthetic.h"
#include "io/tiendo_csv.h"

using namespace tiendo;

namespace {

std::string as_csv(const Portfolio& portfolio) {
  std::ostringstream out;
  io::write_projects_csv(out, portfolio);
  io::write_milestones_csv(out, portfolio);
  io::write_dependencies_csv(out, portfolio);
  return out.str();
}

}  // namespace

TEST_CASE("generate: the same seed gives the same portfolio, another seed another") {
  auto templates = testing::fixture_templates();
  io::SyntheticOptions options;
  options.projects = 300;
  options.seed = 42;
  auto first = as_csv(io::generate_portfolio(options, templates));
  auto again = as_csv(io::generate_portfolio(options, templates));
  CHECK(first == again);
  options.seed = 43;
  CHECK(as_csv(io::generate_portfolio(options, templates)) != first);
}

TEST_CASE("generate: realistic shape") {
  auto templates = testing::fixture_templates();
  io::SyntheticOptions options;
  options.projects = 3000;
  options.seed = 5;
  Portfolio portfolio = io::generate_portfolio(options, templates);
  REQUIRE(portfolio.projects.size() == 3000);

  std::vector<int> milestone_count(portfolio.projects.size(), 0);
  std::size_t done = 0, overdue = 0, planned_ahead = 0, started_phases = 0, with_reason = 0;
  for (const auto& milestone : portfolio.milestones) {
    ++milestone_count[static_cast<std::size_t>(milestone.project)];
    REQUIRE(milestone.planned.has_value());
    if (milestone.done()) {
      ++done;
      CHECK(*milestone.actual <= options.progress_date);
    } else if (*milestone.planned < options.progress_date) {
      ++overdue;
    } else {
      ++planned_ahead;
    }
    started_phases += !milestone.done() && milestone.actual_start.has_value();
    with_reason += !milestone.reason.empty();
  }
  // Every leaf has 10 to 30 milestones; a parent built in phases has none of its own.
  std::map<std::string, std::int64_t> children_watts;
  std::size_t parents = 0, grid_works = 0;
  for (const auto& project : portfolio.projects)
    if (!project.parent.empty())
      children_watts[project.parent] += project.capacity->watts();
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    const auto& project = portfolio.projects[p];
    CAPTURE(project.code);
    if (children_watts.count(project.code)) {
      ++parents;
      CHECK(milestone_count[p] == 0);
      CHECK(project.capacity->watts() == children_watts[project.code]);
      continue;
    }
    CHECK(milestone_count[p] >= 10);
    CHECK(milestone_count[p] <= 30);
    if (project.technology == Technology::Grid) {
      ++grid_works;
      CHECK_FALSE(project.capacity.has_value());
    } else {
      CHECK(project.capacity.has_value());
    }
  }
  CHECK(parents > 30);
  CHECK(grid_works > 300);
  // A share done, a share overdue, a share planned ahead: each at least a tenth of the whole.
  CHECK(done * 10 > portfolio.milestones.size());
  CHECK(overdue * 10 > portfolio.milestones.size() / 10);
  CHECK(planned_ahead * 10 > portfolio.milestones.size());
  CHECK(started_phases > 0);
  CHECK(with_reason > 0);

  // Lines gate plants of other projects; the whole network is acyclic.
  std::size_t cross_project = 0, phases_linked = 0;
  for (const auto& link : portfolio.dependencies) {
    const auto& from = portfolio.milestones[static_cast<std::size_t>(link.from)];
    const auto& to = portfolio.milestones[static_cast<std::size_t>(link.to)];
    if (from.project != to.project) {
      ++cross_project;
      CHECK(from.key == "grid_line_energized");
      CHECK(portfolio.projects[static_cast<std::size_t>(from.project)].technology ==
            Technology::Grid);
    }
    phases_linked += link.type != LinkType::FinishToStart;
  }
  CHECK(cross_project > 600);
  CHECK(phases_linked > 0);
  CHECK_NOTHROW(graph::check_acyclic(portfolio));
}
