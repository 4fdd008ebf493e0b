#pragma once
// The probabilistic COD: how likely each project is to be online by a date, learned from the
// portfolio's own history. Pure: a portfolio, its network and a date in, numbers out.
//
// The model is learned from the milestones done by the as-of date: how late each step finished
// against the later of its plan and what its predecessors' actual dates allowed (through the
// links, as the forward pass computes it) — its own lateness, on top of whatever held it back.
// It is kept per milestone key and technology group, falling back to the key alone and then to
// every step when a group holds fewer than `minimum_samples` (the basis says which was used).
//
// Each draw gives every open step its own lateness from those distributions and runs the
// schedule's forward pass (analysis/forward_pass.h) over the network: a step whose predecessors
// are done finishes its lateness after the later of its plan and what they allowed, drawn given
// that it has not finished by the as-of date; a step still waiting for a predecessor finishes its
// lateness after the later of its plan and its predecessors' drawn dates (the lateness lengthens
// its duration and moves its plan). So lateness adds up along a chain as it did in history, and a
// late 110 kV line holds back every wind farm behind it in every draw. The investor's forecast
// stays a bound: a draw is never earlier.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/pipeline.h"
#include "domain/portfolio.h"
#include "domain/province.h"
#include "graph/network.h"

namespace tiendo::analysis {

// Where a step's distribution came from, widest last.
enum class ForecastBasis : std::uint8_t { KeyAndGroup, Key, AllSteps, None };
std::string_view forecast_basis_key(ForecastBasis basis);

struct ForecastSamples {
  std::vector<std::int32_t> days;  // Sorted.
};

class ForecastModel {
 public:
  static constexpr std::size_t minimum_samples = 20;

  // Learns from the milestones of `portfolio` done by `as_of`.
  static ForecastModel learn(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                             Date as_of);

  // The lateness of a step of `key` in `group` (a technology group key, or the technology's own
  // key where it belongs to none), and where it came from.
  const ForecastSamples* lateness(const std::string& key, const std::string& group,
                                  ForecastBasis& basis) const;

  std::size_t sample_count() const { return m_all.days.size(); }
  // Of the samples, those whose plan was the later bound; the others were held by predecessors.
  std::size_t plan_bound_count() const { return m_plan_bound; }

  // Built by learn(); public for a test that states a model by hand.
  void add_lateness(const std::string& key, const std::string& group, std::int32_t days,
                    bool plan_bound = true);
  void finish();  // Sorts every sample; call after the last add.

 private:
  std::map<std::pair<std::string, std::string>, ForecastSamples> m_by_key_and_group;
  std::map<std::string, ForecastSamples> m_by_key;
  ForecastSamples m_all;
  std::size_t m_plan_bound = 0;
};

struct ForecastQuery {
  std::int32_t draws = 1000;
  std::uint64_t seed = 1;
  std::optional<Date> target;
  std::vector<GroupField> group_by;  // Province, Technology, TechnologyGroup, Investor.
  bool legacy_provinces = false;
  std::optional<std::int32_t> explain_project;  // Count the driving steps of this project.
  unsigned threads = 0;                         // 0: one per core.
};

struct ProjectForecast {
  std::int32_t project = 0;
  std::int32_t cod_milestone = 0;
  bool done = false;  // Its COD is history: every percentile is the actual date.
  std::int32_t p10 = 0, p50 = 0, p80 = 0, p90 = 0;  // Days since 1970-01-01.
  std::optional<double> p_by_target;
  std::int32_t deterministic = 0;  // The schedule's early finish, for comparison.
  Capacity mw;
  bool counted = false;  // A leaf, not a grid work: its MW count toward the bands.
};

struct OnlineBand {
  std::vector<std::optional<std::string>> keys;  // One per group field.
  std::int32_t year = 0;
  Capacity p10, p50, p90;  // MW online by the end of the year.
};

// How often an open step lay on the chain that set the explained project's COD, over the draws.
struct DrivingStep {
  std::int32_t milestone = 0;
  double share = 0;
  ForecastBasis basis = ForecastBasis::None;
};

struct ForecastResult {
  Date as_of;
  std::int32_t draws = 0;
  std::uint64_t seed = 0;
  std::vector<ProjectForecast> projects;  // Projects with a COD step, not cancelled or retired.
  std::vector<OnlineBand> online;         // By group, then year.
  std::vector<DrivingStep> driving;       // For explain_project, most often first.
  // Per open step drawn, the basis its distribution came from, counted: what the model rests on.
  std::size_t steps_by_key_and_group = 0, steps_by_key = 0, steps_by_all = 0, steps_without = 0;
  std::size_t samples = 0, plan_bound_samples = 0;
};

// The COD step of a project: `cod`, or for a grid work `grid_line_energized`; -1 for none.
std::int32_t cod_step(const Portfolio& portfolio, const std::vector<std::int32_t>& milestones,
                      bool grid);

ForecastResult compute_forecast(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                                Date as_of, const ForecastModel& model, const ForecastQuery& query,
                                const ProvinceRegistry& provinces);

}  // namespace tiendo::analysis
