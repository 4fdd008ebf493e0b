#pragma once
// The probabilistic COD: how likely each project is to be online by a date, learned from the
// portfolio's own history. Pure: a portfolio, its network and a date in, numbers out.
//
// The model is learned from the milestones done by the as-of date:
// - for a step with a planned date, how late it ran against its plan (actual - planned, days);
// - for a step without one, how much longer than its predecessors and duration allowed it took
//   (its actual finish minus the finish the forward pass gives it from its predecessors' actual
//   dates), its "span overrun".
// Both are kept per milestone key and technology group, falling back to the key alone and then to
// every step when a group holds fewer than `minimum_samples` (the basis says which was used).
//
// Each draw gives every open step a date from those distributions — a step whose plan has passed
// is drawn given that it has not finished by the as-of date — and runs the schedule's forward pass
// (analysis/forward_pass.h) over the whole network, so a late 110 kV line holds back every wind
// farm behind it in every draw. The investor's forecast stays a bound: a draw is never earlier.
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

  // The lateness against plan for a step of `key` in `group` (a technology group key, or the
  // technology's own key where it belongs to none), and where it came from.
  const ForecastSamples* lateness(const std::string& key, const std::string& group,
                                  ForecastBasis& basis) const;
  const ForecastSamples* overrun(const std::string& key, const std::string& group,
                                 ForecastBasis& basis) const;

  std::size_t lateness_count() const { return m_all_lateness.days.size(); }
  std::size_t overrun_count() const { return m_all_overrun.days.size(); }

  // Built by learn(); public for a test that states a model by hand.
  void add_lateness(const std::string& key, const std::string& group, std::int32_t days);
  void add_overrun(const std::string& key, const std::string& group, std::int32_t days);
  void finish();  // Sorts every sample; call after the last add.

 private:
  struct Samples {
    std::map<std::pair<std::string, std::string>, ForecastSamples> by_key_and_group;
    std::map<std::string, ForecastSamples> by_key;
  };
  static const ForecastSamples* pick(const Samples& samples, const ForecastSamples& all,
                                     const std::string& key, const std::string& group,
                                     ForecastBasis& basis);
  Samples m_lateness, m_overrun;
  ForecastSamples m_all_lateness, m_all_overrun;
};

// The group a technology's steps are learned in: its group's key ("wind"), or its own key for a
// technology in none ("biomass").
std::string forecast_group_of(Technology technology);

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
  std::size_t lateness_samples = 0, overrun_samples = 0;
};

// The COD step of a project: `cod`, or for a grid work `grid_line_energized`; -1 for none.
std::int32_t cod_step(const Portfolio& portfolio, const std::vector<std::int32_t>& milestones,
                      bool grid);

ForecastResult compute_forecast(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                                Date as_of, const ForecastModel& model, const ForecastQuery& query,
                                const ProvinceRegistry& provinces);

}  // namespace tiendo::analysis
