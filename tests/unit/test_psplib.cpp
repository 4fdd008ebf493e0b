// The schedule against the standard: every PSPLIB j30 network in fixtures/external, read by the
// real importer. With nothing done and as-of D, the latest early finish of each project must equal
// D + the MPM-Time its file states (the length of its critical path).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "analysis/schedule.h"
#include "graph/network.h"
#include "io/psplib.h"

using namespace tiendo;

namespace {

std::filesystem::path psplib_directory() {
  // The networks are kept in the repository, so a clone alone runs this test.
  return std::filesystem::path(TIENDO_SOURCE_DIR) / "fixtures/external/psplib-j30";
}

}  // namespace

TEST_CASE("all 480 PSPLIB j30 networks: latest early finish = as-of + MPM-Time") {
  auto directory = psplib_directory();
  REQUIRE_MESSAGE(std::filesystem::is_directory(directory), directory.string());
  Portfolio portfolio;
  std::map<std::string, std::int32_t> mpm_time;
  ProblemList problems;
  for (const auto& file : std::filesystem::directory_iterator(directory)) {
    if (file.path().extension() != ".sm")
      continue;
    auto project = io::read_psplib_file(file.path().string(), problems);
    REQUIRE(project.mpm_time > 0);
    REQUIRE(project.jobs.size() == 32);  // 30 jobs and the two dummies of every j30 file.
    mpm_time[project.code] = project.mpm_time;
    io::apply_psplib(portfolio, project, file.path().string(), problems);
  }
  REQUIRE_MESSAGE(problems.empty(), (problems.empty() ? "" : problems.lines().front()));
  REQUIRE(mpm_time.size() == 480);
  CHECK(portfolio.milestones.size() == 480 * 32);

  const Date as_of = *Date::from_ymd(2026, 1, 1);
  graph::MilestoneNetwork network(portfolio);
  auto schedule = analysis::compute_schedule(portfolio, network, as_of);
  std::vector<std::int32_t> latest(portfolio.projects.size(), as_of.days());
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    auto project = static_cast<std::size_t>(portfolio.milestones[m].project);
    latest[project] = std::max(latest[project], schedule.milestones[m].early_finish);
  }
  int matched = 0;
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    const auto& code = portfolio.projects[p].code;
    CAPTURE(code);
    CHECK(latest[p] - as_of.days() == mpm_time.at(code));
    matched += latest[p] - as_of.days() == mpm_time.at(code);
  }
  CHECK(matched == 480);
  // On a network where nothing is done and nothing is planned, the critical path has no float
  // and nothing has negative float.
  for (const auto& entry : schedule.milestones)
    CHECK(*entry.total_float >= 0);
}
