// Times the three steps of `tiendo schedule` on a database: load the portfolio, build the
// milestone network, run the critical path method. Usage: tiendo_schedule_bench DB [REPEATS]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "analysis/schedule.h"
#include "graph/network.h"
#include "store/database.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} DB [REPEATS]\n", argv[0]);
    return 2;
  }
  int repeats = argc > 2 ? std::stoi(argv[2]) : 5;
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
  };
  std::vector<double> load, network, schedule;
  std::size_t milestones = 0, dependencies = 0;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    auto start = Clock::now();
    auto database = tiendo::store::Database::open(argv[1]);
    tiendo::Portfolio portfolio = database.load();
    auto loaded = Clock::now();
    tiendo::graph::MilestoneNetwork graph(portfolio);
    auto built = Clock::now();
    auto result =
        tiendo::analysis::compute_schedule(portfolio, graph, *tiendo::Date::from_ymd(2021, 1, 1));
    auto done = Clock::now();
    load.push_back(seconds(loaded - start));
    network.push_back(seconds(built - loaded));
    schedule.push_back(seconds(done - built));
    milestones = portfolio.milestones.size();
    dependencies = portfolio.dependencies.size();
    if (result.milestones.size() != milestones)
      return 1;
  }
  auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  fmt::print(
      "{} milestones, {} dependencies, median of {}: load {:.3f} s, network {:.3f} s, "
      "schedule {:.3f} s\n",
      milestones, dependencies, repeats, median(load), median(network), median(schedule));
  return 0;
}
