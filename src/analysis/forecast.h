#pragma once
// The probabilistic COD: how likely each project is to be online by a date, learned from the
// portfolio's own history. Pure: a portfolio, its network and a date in, numbers out.
//
// The model is learned from the milestones done by the as-of date: how late each step finished
// against the later of its plan and what its predecessors' actual dates allowed (through the
// links, as the forward pass computes it) — its own lateness, on top of whatever held it back.
// It is kept per milestone key and technology group, falling back to the key alone and then to
// every step when a group holds fewer than `minimum_samples` (the basis says which was used). A
// step started but not done draws instead from how much longer than their duration the started
// steps of its kind ran after their actual start (their overrun), by the same fallbacks.
//
// Lateness is not independent from step to step: a project whose land ran late tends to run late
// at its grid connection too. The model measures that from history, as the correlation between
// two steps of one project of where each step's lateness ranks among its kind's (normal scores),
// and draws through a Gaussian copula: every draw gives a project one shared factor, and each of
// its open steps a rank that leans on it by that correlation. The factor is first conditioned on
// the project's own done steps, so a project that ran late so far is drawn later than its kind.
//
// Each draw gives every open step its lateness and runs the schedule's forward pass
// (analysis/forward_pass.h) over the network with it: a step finishes its lateness after the
// later of its plan and what its predecessors allowed — done predecessors' actual dates or
// waiting predecessors' drawn ones, through any link — and a step whose predecessors are done is
// drawn given that it has not finished by the as-of date. So lateness adds up along a chain as it
// did in history, and a late 110 kV line holds back every wind farm behind it in every draw. The
// investor's forecast stays a bound: a draw is never earlier.
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

// One kind of step's lateness (or overrun): the done steps' own, and the open steps' known only to
// exceed a value (not finished by the as-of date, that long after their bound: censored). Leaving
// the open ones out would learn from the steps that finished soonest only, and draw too early;
// the distribution drawn is the Kaplan-Meier estimate from both, kept as a table of equally
// likely values. What the estimate leaves beyond the last done step's lateness goes to the open
// steps still later, each at the least it can be.
struct ForecastSamples {
  static constexpr std::size_t quantile_count = 1024;
  std::vector<std::int32_t> days;       // Done steps, sorted.
  std::vector<std::int32_t> censored;   // Open steps: the lateness each exceeds, sorted.
  std::vector<std::int32_t> values;     // The estimate: the values it gives, ascending,
  std::vector<double> cumulative;       // and the probability of at most each.
  std::vector<std::int32_t> quantiles;  // quantile_count equally likely values, ascending.

  void estimate();  // Sorts and computes the three from days and censored.
  // The probability of a lateness below `days`, and of one at most `days`.
  std::pair<double, double> probability_around(std::int32_t days) const;
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

  std::size_t sample_count() const { return m_lateness.all.days.size(); }
  std::size_t open_count() const { return m_lateness.all.censored.size(); }
  // Of the samples, those whose plan was the later bound; the others were held by predecessors.
  std::size_t plan_bound_count() const { return m_plan_bound; }

  // How much longer than its duration a started step of `key` in `group` runs after its actual
  // start, and where it came from (the same fallbacks).
  const ForecastSamples* overrun(const std::string& key, const std::string& group,
                                 ForecastBasis& basis) const;

  // The correlation of two steps' lateness within one project, on the normal-score scale, as
  // history shows it (0 when it shows none or too little to tell).
  double correlation() const { return m_correlation; }
  // The normal scores of a project's done steps: their sum and how many.
  std::pair<double, std::size_t> project_scores(std::int32_t project) const;

  // Built by learn(); public for a test that states a model by hand. `project` is the project a
  // sample came from (-1: none; such samples say nothing of the correlation).
  void add_lateness(const std::string& key, const std::string& group, std::int32_t days,
                    bool plan_bound = true, std::int32_t project = -1);
  void add_overrun(const std::string& key, const std::string& group, std::int32_t days);
  // An open step whose lateness (or overrun) exceeds `days`, as far as the as-of date tells.
  void add_open_lateness(const std::string& key, const std::string& group, std::int32_t days);
  void add_open_overrun(const std::string& key, const std::string& group, std::int32_t days);
  // Sorts every sample and measures the correlation; call after the last add.
  void finish();

  // One kind of sample, by key and group with its fallbacks.
  struct Table {
    std::map<std::pair<std::string, std::string>, ForecastSamples> by_key_and_group;
    std::map<std::string, ForecastSamples> by_key;
    ForecastSamples all;
    void add(const std::string& key, const std::string& group, std::int32_t days);
    void add_open(const std::string& key, const std::string& group, std::int32_t days);
    void estimate();
    const ForecastSamples* find(const std::string& key, const std::string& group,
                                ForecastBasis& basis) const;
  };

 private:
  struct Observed {
    std::int32_t project;
    std::string key, group;
    std::int32_t days;
  };
  Table m_lateness, m_overrun;
  std::vector<Observed> m_observed;
  std::map<std::int32_t, std::pair<double, std::size_t>> m_project_scores;
  double m_correlation = 0;
  std::size_t m_plan_bound = 0;
};

// The standard normal distribution's quantile function (Acklam's approximation, relative error
// below 1.2e-9), for 0 < probability < 1.
double normal_quantile(double probability);

struct ForecastQuery {
  std::int32_t draws = 1000;
  std::uint64_t seed = 1;
  std::optional<Date> target;
  std::vector<GroupField> group_by;  // Province, Technology, TechnologyGroup, Investor.
  bool legacy_provinces = false;
  std::optional<std::int32_t> explain_project;  // Count the driving steps of this project.
  // Only the projects of this province count toward MW online (all of them are drawn: a line in
  // the next province still holds back its plants).
  std::optional<ProvinceFilter> province;
  unsigned threads = 0;  // 0: one per core.
};

struct ProjectForecast {
  std::int32_t project = 0;
  std::int32_t cod_milestone = 0;
  bool done = false;  // Its COD is history: every percentile is the actual date.
  std::int32_t p10 = 0, p50 = 0, p80 = 0, p90 = 0;  // Days since 1970-01-01.
  std::optional<double> p_by_target;
  // The probability of COD by the project's own `target_cod`, for a project that has one.
  std::optional<double> p_by_target_cod;
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
  std::size_t open_samples = 0;  // Open steps whose lateness is known to exceed a value.
  double correlation = 0;        // Of lateness within a project, as the model measured it.
};

// The COD step of a project: `cod`, or for a grid work `grid_line_energized`; -1 for none.
std::int32_t cod_step(const Portfolio& portfolio, const std::vector<std::int32_t>& milestones,
                      bool grid);

ForecastResult compute_forecast(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                                Date as_of, const ForecastModel& model, const ForecastQuery& query,
                                const ProvinceRegistry& provinces);

}  // namespace tiendo::analysis
