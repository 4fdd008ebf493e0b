// A contractor's activities grouped under the key milestones they lead to (issue 31 §4,
// operations::group_activities): the nearest key milestone downstream, ties to the earlier in the
// catalog, activities leading nowhere apart, other projects' milestones and links ignored; and a
// project of 2,000 activities beside 20,000 others grouped in linear time.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "operations/activity_groups.h"

using namespace tiendo;

namespace {

std::int32_t add(Portfolio& portfolio, std::int32_t project, const std::string& key) {
  Milestone milestone;
  milestone.project = project;
  milestone.key = key;
  milestone.name = key;
  return portfolio.add_milestone(std::move(milestone));
}

void link(Portfolio& portfolio, std::int32_t from, std::int32_t to) {
  Dependency dependency;
  dependency.from = from;
  dependency.to = to;
  portfolio.add_dependency(dependency);
}

Portfolio with_projects(int count) {
  Portfolio portfolio;
  for (int i = 0; i < count; ++i) {
    Project project;
    project.code = "P" + std::to_string(i);
    project.name = project.code;
    portfolio.add_project(project);
  }
  return portfolio;
}

}  // namespace

TEST_CASE("activity groups: the nearest key milestone downstream, in catalog order") {
  Portfolio portfolio = with_projects(2);
  auto start = add(portfolio, 0, "construction_start");
  auto cod = add(portfolio, 0, "cod");
  auto survey = add(portfolio, 0, "a_100");    // -> construction_start -> ... -> cod
  auto piles = add(portfolio, 0, "a_200");     // -> a_300 -> cod
  auto towers = add(portfolio, 0, "a_300");
  auto both = add(portfolio, 0, "a_400");      // one link to each: the earlier in the catalog
  auto alone = add(portfolio, 0, "a_500");     // leads nowhere
  auto elsewhere = add(portfolio, 1, "b_100"); // another project's
  link(portfolio, survey, start);
  link(portfolio, start, piles);
  link(portfolio, piles, towers);
  link(portfolio, towers, cod);
  link(portfolio, both, cod);
  link(portfolio, both, start);
  link(portfolio, elsewhere, start);
  std::vector<std::int32_t> milestones{start, cod, survey, piles, towers, both, alone};

  auto groups = operations::group_activities(portfolio, milestones);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].key_milestone == start);
  CHECK(groups[0].activities == std::vector<std::int32_t>{survey, both});
  CHECK(groups[1].key_milestone == cod);
  CHECK(groups[1].activities == std::vector<std::int32_t>{piles, towers});
  CHECK(groups[2].key_milestone == -1);
  CHECK(groups[2].activities == std::vector<std::int32_t>{alone});
}

TEST_CASE("activity groups: key milestones without activities are kept; none leading nowhere") {
  Portfolio portfolio = with_projects(1);
  auto cod = add(portfolio, 0, "cod");
  auto approval = add(portfolio, 0, "investment_policy");
  auto work = add(portfolio, 0, "x_1");
  link(portfolio, work, cod);
  auto groups = operations::group_activities(portfolio, {cod, approval, work});
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].key_milestone == approval);
  CHECK(groups[0].activities.empty());
  CHECK(groups[1].key_milestone == cod);
  CHECK(groups[1].activities == std::vector<std::int32_t>{work});
}

TEST_CASE("activity groups: 2,000 activities among 20,000 projects in linear time") {
  Portfolio portfolio = with_projects(20'000);
  // The other projects: ten milestones in a chain each.
  for (int p = 1; p < 20'000; ++p) {
    std::int32_t previous = -1;
    for (int m = 0; m < 10; ++m) {
      auto at = add(portfolio, p, "m" + std::to_string(m));
      if (previous >= 0)
        link(portfolio, previous, at);
      previous = at;
    }
  }
  // The imported one: a chain of 2,000 activities ending at its COD, each also linked two ahead.
  std::vector<std::int32_t> milestones;
  for (int a = 0; a < 2'000; ++a)
    milestones.push_back(add(portfolio, 0, "a_" + std::to_string(a)));
  auto cod = add(portfolio, 0, "cod");
  milestones.push_back(cod);
  for (std::size_t a = 0; a + 1 < 2'000; ++a) {
    link(portfolio, milestones[a], milestones[a + 1]);
    if (a + 2 < 2'000)
      link(portfolio, milestones[a], milestones[a + 2]);
  }
  link(portfolio, milestones[1'999], cod);
  auto started = std::chrono::steady_clock::now();
  auto groups = operations::group_activities(portfolio, milestones);
  auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].activities.size() == 2'000);
  MESSAGE("grouped 2,000 activities among ", portfolio.dependencies.size(), " links in ",
          std::chrono::duration<double, std::milli>(took).count(), " ms");
  CHECK(took < std::chrono::milliseconds(500));
}
