#include "analysis/forecast.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "analysis/forward_pass.h"
#include "analysis/impact.h"
#include "analysis/periodic.h"
#include "domain/error.h"
#include "domain/progress.h"

namespace tiendo::analysis {

std::string_view forecast_basis_key(ForecastBasis basis) {
  switch (basis) {
    case ForecastBasis::KeyAndGroup:
      return "key_and_group";
    case ForecastBasis::Key:
      return "key";
    case ForecastBasis::AllSteps:
      return "all_steps";
    case ForecastBasis::None:
      return "none";
  }
  return "none";
}

void ForecastModel::Table::add(const std::string& key, const std::string& group,
                               std::int32_t days) {
  by_key_and_group[{key, group}].days.push_back(days);
  by_key[key].days.push_back(days);
  all.days.push_back(days);
}

void ForecastModel::Table::add_open(const std::string& key, const std::string& group,
                                    std::int32_t days) {
  by_key_and_group[{key, group}].censored.push_back(days);
  by_key[key].censored.push_back(days);
  all.censored.push_back(days);
}

void ForecastModel::Table::estimate() {
  for (auto& [key, entry] : by_key_and_group)
    entry.estimate();
  for (auto& [key, entry] : by_key)
    entry.estimate();
  all.estimate();
}

void ForecastSamples::estimate() {
  std::sort(days.begin(), days.end());
  std::sort(censored.begin(), censored.end());
  values.clear();
  cumulative.clear();
  quantiles.clear();
  if (days.empty())
    return;
  // Kaplan-Meier: at each lateness a done step had, the share of the steps still at risk (done
  // at it or later, or open and known to exceed no more than it) that were done at it.
  double survival = 1;
  std::size_t open_index = 0;
  for (std::size_t i = 0; i < days.size();) {
    const std::int32_t value = days[i];
    std::size_t ties = 0;
    while (i + ties < days.size() && days[i + ties] == value)
      ++ties;
    while (open_index < censored.size() && censored[open_index] < value)
      ++open_index;
    const auto at_risk = static_cast<double>(days.size() - i + censored.size() - open_index);
    survival -= survival * static_cast<double>(ties) / at_risk;
    values.push_back(value);
    cumulative.push_back(1 - survival);
    i += ties;
  }
  // What is left belongs to the open steps beyond the last done one, each at the least it can be.
  while (open_index < censored.size() && censored[open_index] < values.back())
    ++open_index;
  const std::size_t beyond = censored.size() - open_index;
  if (survival > 1e-12 && beyond > 0) {
    for (std::size_t i = open_index; i < censored.size(); ++i) {
      const std::int32_t value = censored[i] + 1;
      double share = survival / static_cast<double>(beyond);
      if (value == values.back())
        cumulative.back() += share;
      else {
        values.push_back(value);
        cumulative.push_back(cumulative.back() + share);
      }
    }
  }
  cumulative.back() = 1;
  quantiles.resize(quantile_count);
  for (std::size_t q = 0; q < quantile_count; ++q) {
    double probability = (static_cast<double>(q) + 0.5) / quantile_count;
    auto found = std::lower_bound(cumulative.begin(), cumulative.end(), probability);
    quantiles[q] =
        values[std::min(static_cast<std::size_t>(found - cumulative.begin()), values.size() - 1)];
  }
}

std::pair<double, double> ForecastSamples::probability_around(std::int32_t value) const {
  auto below = std::lower_bound(values.begin(), values.end(), value) - values.begin();
  auto at_most = std::upper_bound(values.begin(), values.end(), value) - values.begin();
  return {below > 0 ? cumulative[static_cast<std::size_t>(below - 1)] : 0.0,
          at_most > 0 ? cumulative[static_cast<std::size_t>(at_most - 1)] : 0.0};
}

const ForecastSamples* ForecastModel::Table::find(const std::string& key, const std::string& group,
                                                  ForecastBasis& basis) const {
  auto exact = by_key_and_group.find({key, group});
  if (exact != by_key_and_group.end() && exact->second.days.size() >= minimum_samples) {
    basis = ForecastBasis::KeyAndGroup;
    return &exact->second;
  }
  auto found = by_key.find(key);
  if (found != by_key.end() && found->second.days.size() >= minimum_samples) {
    basis = ForecastBasis::Key;
    return &found->second;
  }
  if (!all.days.empty()) {
    basis = ForecastBasis::AllSteps;
    return &all;
  }
  basis = ForecastBasis::None;
  return nullptr;
}

void ForecastModel::add_lateness(const std::string& key, const std::string& group,
                                 std::int32_t days, bool plan_bound, std::int32_t project) {
  m_lateness.add(key, group, days);
  if (plan_bound)
    ++m_plan_bound;
  if (project >= 0)
    m_observed.push_back(Observed{project, key, group, days});
}

void ForecastModel::add_overrun(const std::string& key, const std::string& group,
                                std::int32_t days) {
  m_overrun.add(key, group, days);
}

void ForecastModel::add_open_lateness(const std::string& key, const std::string& group,
                                      std::int32_t days) {
  m_lateness.add_open(key, group, days);
}

void ForecastModel::add_open_overrun(const std::string& key, const std::string& group,
                                     std::int32_t days) {
  m_overrun.add_open(key, group, days);
}

double normal_quantile(double probability) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double low = 0.02425;
  if (probability < low) {
    double q = std::sqrt(-2 * std::log(probability));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (probability > 1 - low)
    return -normal_quantile(1 - probability);
  double q = probability - 0.5;
  double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

void ForecastModel::finish() {
  m_lateness.estimate();
  m_overrun.estimate();
  // Each done step's normal score: where its lateness ranks in the distribution its kind draws
  // from (the middle of its ties), through the normal quantile function.
  m_project_scores.clear();
  std::map<std::int32_t, double> squares_of;
  double squares = 0;
  for (const auto& observed : m_observed) {
    ForecastBasis basis = ForecastBasis::None;
    const ForecastSamples& samples = *m_lateness.find(observed.key, observed.group, basis);
    const auto n = static_cast<double>(samples.days.size());
    auto [below, at_most] = samples.probability_around(observed.days);
    double rank = (below + at_most) / 2;
    double score = normal_quantile(std::clamp(rank, 0.5 / n, 1 - 0.5 / n));
    auto& [sum, count] = m_project_scores[observed.project];
    sum += score;
    ++count;
    squares_of[observed.project] += score * score;
    squares += score * score;
  }
  // The correlation of two scores of one project: their mean product over every pair of distinct
  // done steps of one project, (sum)^2 - (sum of squares) per project, over the scores' mean
  // square (ties at one lateness make their variance a little below 1).
  double pairs_product = 0, pairs = 0;
  for (const auto& [project, entry] : m_project_scores) {
    const auto& [sum, count] = entry;
    if (count < 2)
      continue;
    pairs_product += sum * sum - squares_of[project];
    pairs += static_cast<double>(count) * static_cast<double>(count - 1);
  }
  m_correlation = 0;
  if (pairs > 0 && squares > 0) {
    double mean_square = squares / static_cast<double>(m_observed.size());
    // At most 0.95, so that a step keeps some lateness of its own.
    m_correlation = std::clamp(pairs_product / pairs / mean_square, 0.0, 0.95);
  }
}

std::pair<double, std::size_t> ForecastModel::project_scores(std::int32_t project) const {
  auto found = m_project_scores.find(project);
  return found == m_project_scores.end() ? std::pair<double, std::size_t>{0.0, 0} : found->second;
}

const ForecastSamples* ForecastModel::lateness(const std::string& key, const std::string& group,
                                               ForecastBasis& basis) const {
  return m_lateness.find(key, group, basis);
}

const ForecastSamples* ForecastModel::overrun(const std::string& key, const std::string& group,
                                              ForecastBasis& basis) const {
  return m_overrun.find(key, group, basis);
}

namespace {

bool done_by(const Milestone& milestone, std::int32_t day) {
  return milestone.actual && milestone.actual->days() <= day;
}

// The finish a predecessor's actual dates allow a milestone of duration `duration` through one
// link, as the forward pass computes it.
std::int64_t finish_allowed(const Milestone& predecessor, const Dependency& link,
                            std::int32_t duration) {
  std::int64_t finish = predecessor.actual->days();
  std::int64_t start = predecessor.actual_start ? predecessor.actual_start->days()
                                                : finish - predecessor.duration_days;
  return link_start_bound(link.type, link.lag_days, start, finish, duration) + duration;
}

// SplitMix64: small, fast, and seeded per draw, so a draw's numbers do not depend on which thread
// made it or how many there are.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1), from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

// The standard normal distribution by tables, so that a draw of 20,000 projects costs no
// logarithms: a quantile table for drawing a normal number (16,384 equally likely values, the
// middle of each slice: the tails stop near ±4, which changes the variance by a thousandth), and
// the distribution function on [-6, 6], interpolated.
class NormalTables {
 public:
  NormalTables() : m_quantiles(quantile_count), m_distribution(distribution_count + 1) {
    for (std::size_t i = 0; i < quantile_count; ++i)
      m_quantiles[i] = normal_quantile((static_cast<double>(i) + 0.5) / quantile_count);
    for (std::size_t i = 0; i <= distribution_count; ++i) {
      double z = -limit + 2 * limit * static_cast<double>(i) / distribution_count;
      m_distribution[i] = 0.5 * std::erfc(-z / std::sqrt(2.0));
    }
  }
  double normal(Random& random) const { return m_quantiles[random.next() >> 50]; }
  double distribution(double z) const {
    double position = (std::clamp(z, -limit, limit) + limit) / (2 * limit) * distribution_count;
    auto index = std::min(static_cast<std::size_t>(position), distribution_count - 1);
    double fraction = position - static_cast<double>(index);
    return m_distribution[index] + fraction * (m_distribution[index + 1] - m_distribution[index]);
  }

 private:
  static constexpr std::size_t quantile_count = 1 << 14;  // The top 14 bits of a draw.
  static constexpr std::size_t distribution_count = 4096;
  static constexpr double limit = 6;
  std::vector<double> m_quantiles, m_distribution;
};

// What one open step draws, prepared once for every draw.
struct OpenStep {
  std::int32_t milestone = 0;
  std::int32_t slot = 0;  // Its project's place among the projects drawn.
  // The samples it draws from, sorted: those a step not finished by the as-of date can have.
  const std::int32_t* samples = nullptr;
  std::size_t count = 0;
  // Added to a drawn sample: the days a step later than any in history is late already.
  std::int32_t offset = 0;
};

// The later of a milestone's plan and what its predecessors done by `day` allowed; nullopt when
// a predecessor is not done by then. `plan_bound` says whether the plan was the later one.
std::optional<std::int64_t> own_bound(const Portfolio& portfolio,
                                      const graph::MilestoneNetwork& network, std::size_t m,
                                      std::int32_t day, bool& plan_bound) {
  const Milestone& milestone = portfolio.milestones[m];
  std::int64_t allowed = std::numeric_limits<std::int64_t>::min();
  for (std::int32_t e : network.incoming(static_cast<std::int32_t>(m))) {
    const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(e)];
    const Milestone& predecessor = portfolio.milestones[static_cast<std::size_t>(link.from)];
    if (!done_by(predecessor, day))
      return std::nullopt;
    allowed = std::max(allowed, finish_allowed(predecessor, link, milestone.duration_days));
  }
  std::int64_t planned =
      milestone.planned ? milestone.planned->days() : std::numeric_limits<std::int64_t>::min();
  plan_bound = planned >= allowed;
  return std::max(allowed, planned);
}

// Nearest rank: the smallest value with at least `fraction` of the values at or below it.
template <class Value>
Value percentile(const std::vector<Value>& sorted, double fraction) {
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace

ForecastModel ForecastModel::learn(const Portfolio& portfolio,
                                   const graph::MilestoneNetwork& network, Date as_of) {
  ForecastModel model;
  const std::int32_t day = as_of.days();
  // The open steps of a project given up on will never finish: they say nothing of lateness.
  const auto statuses = statuses_as_of(portfolio, as_of);
  auto given_up = [&](const Milestone& milestone) {
    auto status = statuses[static_cast<std::size_t>(milestone.project)];
    return status == ProjectStatus::Cancelled || status == ProjectStatus::Retired;
  };
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    bool plan_bound = false;
    auto bound = own_bound(portfolio, network, m, day, plan_bound);
    if (!done_by(milestone, day)) {
      // Open, its predecessors done and not started: by the as-of date it has run that long past
      // its bound without finishing.
      if (bound && *bound != std::numeric_limits<std::int64_t>::min() && !given_up(milestone) &&
          !(milestone.actual_start && milestone.actual_start->days() <= day))
        model.add_open_lateness(
            milestone.key,
            technology_bucket(
                portfolio.projects[static_cast<std::size_t>(milestone.project)].technology),
            static_cast<std::int32_t>(std::clamp<std::int64_t>(day - *bound, -36'500, 36'500)));
      continue;
    }
    // Nothing bounded it (no plan, no predecessor), or it was done before a predecessor (out of
    // sequence): it says nothing about lateness.
    if (!bound || *bound == std::numeric_limits<std::int64_t>::min())
      continue;
    const std::string group = technology_bucket(
        portfolio.projects[static_cast<std::size_t>(milestone.project)].technology);
    model.add_lateness(milestone.key, group,
                       static_cast<std::int32_t>(std::clamp<std::int64_t>(
                           milestone.actual->days() - *bound, -36'500, 36'500)),
                       plan_bound, milestone.project);
  }
  // The span of a phase after its actual start, against its duration: what a phase started but
  // not done draws.
  for (const auto& milestone : portfolio.milestones) {
    if (!milestone.actual_start || milestone.actual_start->days() > day ||
        milestone.duration_days <= 0 || (!done_by(milestone, day) && given_up(milestone)))
      continue;
    const std::string group = technology_bucket(
        portfolio.projects[static_cast<std::size_t>(milestone.project)].technology);
    const std::int64_t end = done_by(milestone, day) ? milestone.actual->days() : day;
    auto overrun = static_cast<std::int32_t>(std::clamp<std::int64_t>(
        end - milestone.actual_start->days() - milestone.duration_days, -36'500, 36'500));
    if (done_by(milestone, day))
      model.add_overrun(milestone.key, group, overrun);
    else
      model.add_open_overrun(milestone.key, group, overrun);
  }
  model.finish();
  return model;
}

std::int32_t cod_step(const Portfolio& portfolio, const std::vector<std::int32_t>& milestones,
                      bool grid) {
  std::int32_t found = -1;
  for (std::int32_t m : milestones) {
    const auto& key = portfolio.milestones[static_cast<std::size_t>(m)].key;
    if (key == "cod")
      return m;
    if (grid && key == "grid_line_energized")
      found = m;
  }
  return found;
}

ForecastResult compute_forecast(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                                Date as_of, const ForecastModel& model, const ForecastQuery& query,
                                const ProvinceRegistry& provinces) {
  ForecastResult result;
  result.as_of = as_of;
  result.draws = query.draws;
  result.seed = query.seed;
  result.samples = model.sample_count();
  result.plan_bound_samples = model.plan_bound_count();
  result.open_samples = model.open_count();
  const std::int32_t day = as_of.days();
  const std::size_t count = portfolio.milestones.size();

  // The portfolio's own dates, as the schedule takes them, cut at the as-of date: a step done or
  // started later was not known then, so a forecast from a past date draws it like the model
  // (learned from what was done by then) and a backtest needs no edited copy of the data.
  const MilestoneDates dates = [&] {
    MilestoneDates known = milestone_dates(portfolio);
    for (std::size_t m = 0; m < known.actual.size(); ++m) {
      if (known.actual[m] != no_bound && known.actual[m] > day)
        known.actual[m] = no_bound;
      if (known.actual_start[m] != no_bound && known.actual_start[m] > day)
        known.actual_start[m] = no_bound;
    }
    return known;
  }();
  auto done = [&](std::int32_t m) { return dates.actual[static_cast<std::size_t>(m)] != no_bound; };

  // Every open step, with the samples it may draw, and the projects they belong to.
  std::vector<OpenStep> open;
  std::vector<ForecastBasis> basis_of(count, ForecastBasis::None);
  std::vector<std::int32_t> slot_of(portfolio.projects.size(), -1);
  std::vector<std::int32_t> slot_projects;
  // The samples of `samples` above `least`: those a step not finished by the as-of date can have.
  // When history holds none that late, the step is later than any recorded one: it runs on past
  // the as-of date by what a late step of its kind ran late (the positive samples), rather than
  // finishing the next day for certain.
  auto draw_above = [](OpenStep& step, const ForecastSamples& samples, std::int64_t least) {
    const auto& values = samples.quantiles;
    auto first = std::upper_bound(values.begin(), values.end(), least);
    if (first == values.end() && least >= 0) {
      first = std::upper_bound(values.begin(), values.end(), 0);
      // Bounded only so that the sum stays an int32; a date that far on is refused below.
      step.offset = static_cast<std::int32_t>(std::min<std::int64_t>(least, 1'000'000));
    }
    step.samples = values.data() + (first - values.begin());
    step.count = static_cast<std::size_t>(values.end() - first);
  };
  for (std::size_t m = 0; m < count; ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    if (done(static_cast<std::int32_t>(m)))
      continue;
    const std::string group = technology_bucket(
        portfolio.projects[static_cast<std::size_t>(milestone.project)].technology);
    ForecastBasis basis = ForecastBasis::None;
    OpenStep step;
    step.milestone = static_cast<std::int32_t>(m);
    if (dates.actual_start[m] != no_bound) {
      // Started: it runs its overrun past its duration after its actual start.
      const ForecastSamples* samples = model.overrun(milestone.key, group, basis);
      if (samples)
        draw_above(step, *samples,
                   std::int64_t{day} - dates.actual_start[m] - milestone.duration_days);
    } else {
      bool plan_bound = false;
      auto bound = own_bound(portfolio, network, m, day, plan_bound);
      if (bound && *bound == std::numeric_limits<std::int64_t>::min())
        continue;  // Nothing bounds it but the as-of date and its duration: nothing to draw.
      const ForecastSamples* samples = model.lateness(milestone.key, group, basis);
      if (samples && bound)
        draw_above(step, *samples, std::int64_t{day} - *bound);
      else if (samples)
        draw_above(step, *samples, std::numeric_limits<std::int64_t>::min());
    }
    basis_of[m] = basis;
    switch (basis) {
      case ForecastBasis::KeyAndGroup:
        ++result.steps_by_key_and_group;
        break;
      case ForecastBasis::Key:
        ++result.steps_by_key;
        break;
      case ForecastBasis::AllSteps:
        ++result.steps_by_all;
        break;
      case ForecastBasis::None:
        ++result.steps_without;
        break;
    }
    if (step.count == 0)
      continue;
    auto& slot = slot_of[static_cast<std::size_t>(milestone.project)];
    if (slot < 0) {
      slot = static_cast<std::int32_t>(slot_projects.size());
      slot_projects.push_back(milestone.project);
    }
    step.slot = slot;
    open.push_back(step);
  }

  // Each drawn project's shared factor, given the normal scores of its done steps: with
  // correlation r, a score is sqrt(r) F + sqrt(1 - r) e, so F given n scores summing to S is
  // normal with precision 1 + n r / (1 - r) and mean sqrt(r) S / (1 - r) over that precision.
  const double correlation = model.correlation();
  result.correlation = correlation;
  const double loading = std::sqrt(correlation), own = std::sqrt(1 - correlation);
  std::vector<double> factor_mean(slot_projects.size(), 0), factor_spread(slot_projects.size(), 1);
  for (std::size_t slot = 0; slot < slot_projects.size(); ++slot) {
    auto [sum, scores] = model.project_scores(slot_projects[slot]);
    double precision = 1 + static_cast<double>(scores) * correlation / (1 - correlation);
    factor_mean[slot] = loading * sum / (1 - correlation) / precision;
    factor_spread[slot] = 1 / std::sqrt(precision);
  }
  const NormalTables normal;

  // The projects forecast: those with a COD step, not cancelled or retired by the as-of date.
  auto by_project = milestones_by_project(portfolio);
  auto statuses = statuses_as_of(portfolio, as_of);
  auto leaf = leaf_projects(portfolio);
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    if (statuses[p] == ProjectStatus::Cancelled || statuses[p] == ProjectStatus::Retired)
      continue;
    const Project& project = portfolio.projects[p];
    std::int32_t step = cod_step(portfolio, by_project[p], project.technology == Technology::Grid);
    if (step < 0)
      continue;
    ProjectForecast entry;
    entry.project = static_cast<std::int32_t>(p);
    entry.cod_milestone = step;
    entry.done = done(step);
    entry.mw = project.capacity.value_or(Capacity{});
    entry.counted = leaf[p] && project.technology != Technology::Grid &&
                    (!query.province || query.province->matches(project.province));
    result.projects.push_back(entry);
  }
  const std::size_t projects = result.projects.size();
  const auto draws = static_cast<std::size_t>(std::max(query.draws, 1));

  // The deterministic schedule's early finish, by the same pass with nothing drawn.
  struct Output {
    std::vector<std::int32_t>& start_days;
    std::vector<std::int32_t>& finish_days;
    std::vector<std::int32_t>* dependencies;
    std::int32_t start(std::int32_t m) const { return start_days[static_cast<std::size_t>(m)]; }
    std::int32_t finish(std::int32_t m) const { return finish_days[static_cast<std::size_t>(m)]; }
    void set(std::int32_t m, std::int32_t start_day, std::int32_t finish_day, DriverKind,
             std::int32_t dependency) {
      start_days[static_cast<std::size_t>(m)] = start_day;
      finish_days[static_cast<std::size_t>(m)] = finish_day;
      if (dependencies)
        (*dependencies)[static_cast<std::size_t>(m)] = dependency;
    }
  };
  std::vector<std::int32_t> fixed_start(count), fixed_finish(count);
  // Where some project works on a calendar, every pass counts in instants (forward_pass.h); the
  // instants of the done milestones, like their days, are the same in every draw.
  const std::optional<CalendarNetwork> calendars = calendar_network(portfolio);
  EarlyInstants fixed_instants;
  if (calendars)
    fixed_instants = {std::vector<std::int64_t>(count), std::vector<std::int64_t>(count)};
  {
    Output output{fixed_start, fixed_finish, nullptr};
    const ForwardInputs inputs{
        dates.actual, dates.actual_start, dates.planned, dates.forecast, {}, dates.durations, {}};
    if (calendars)
      calendar_forward_pass(portfolio.dependencies, network, *calendars, day, inputs, output,
                            fixed_instants);
    else
      forward_pass(portfolio.dependencies, network, day, inputs, output);
    for (auto& entry : result.projects)
      entry.deterministic = fixed_finish[static_cast<std::size_t>(entry.cod_milestone)];
  }
  // A draw changes nothing done: it runs the pass over the open milestones alone, in the
  // network's order, on top of the dates the pass above gave the done ones.
  std::vector<std::int32_t> open_order;
  for (std::int32_t m : network.topological_order())
    if (!done(m))
      open_order.push_back(m);

  // The draws, spread over the cores; each writes its own row of `cods`, and counts the driving
  // steps of the explained project in its thread's own map.
  std::vector<std::int32_t> cods(draws * projects);
  const std::int32_t explained_cod = [&] {
    if (!query.explain_project)
      return -1;
    auto p = static_cast<std::size_t>(*query.explain_project);
    return cod_step(portfolio, by_project[p], portfolio.projects[p].technology == Technology::Grid);
  }();
  unsigned threads =
      query.threads ? query.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, draws));
  std::vector<std::map<std::int32_t, std::int64_t>> driving(threads);
  std::atomic<std::size_t> next_draw{0};
  auto work = [&](unsigned thread) {
    // Allocated once per thread, not per draw.
    std::vector<std::int32_t> lateness(count, 0);
    std::vector<double> factor(slot_projects.size(), 0);
    std::vector<std::int32_t> start = fixed_start, finish = fixed_finish, dependency;
    if (explained_cod >= 0)
      dependency.assign(count, -1);
    Output output{start, finish, explained_cod >= 0 ? &dependency : nullptr};
    EarlyInstants instants = fixed_instants;
    for (std::size_t d = next_draw++; d < draws; d = next_draw++) {
      Random random{query.seed * 0x100000001b3ULL + d * 0x9e3779b97f4a7c15ULL + 1};
      if (correlation > 0)
        for (std::size_t slot = 0; slot < factor.size(); ++slot)
          factor[slot] = factor_mean[slot] + factor_spread[slot] * normal.normal(random);
      for (const auto& step : open) {
        // The step's rank among its samples: uniform, leaning on its project's factor.
        double rank =
            correlation > 0
                ? normal.distribution(loading * factor[static_cast<std::size_t>(step.slot)] +
                                      own * normal.normal(random))
                : random.uniform();
        auto index = std::min(step.count - 1,
                              static_cast<std::size_t>(rank * static_cast<double>(step.count)));
        lateness[static_cast<std::size_t>(step.milestone)] = step.offset + step.samples[index];
      }
      const ForwardInputs inputs{dates.actual,   dates.actual_start, dates.planned,
                                 dates.forecast, {},                 dates.durations,
                                 lateness};
      if (calendars)
        calendar_forward_pass(portfolio.dependencies, network, *calendars, day, inputs, output,
                              instants, open_order);
      else
        forward_pass(portfolio.dependencies, network, day, inputs, output, open_order);
      std::int32_t* row = cods.data() + d * projects;
      for (std::size_t k = 0; k < projects; ++k)
        row[k] = finish[static_cast<std::size_t>(result.projects[k].cod_milestone)];
      // Only the calling thread has the command's reporter (if any); the others only count.
      if (thread == 0)
        report_progress(ProgressTask::Drawing, std::min(next_draw.load(), draws), draws);
      if (explained_cod >= 0) {
        // Follow the links that set each finish back from the COD; every open step met is on
        // this draw's driving chain.
        std::int32_t m = explained_cod;
        for (std::size_t guard = 0; guard <= count && m >= 0; ++guard) {
          if (!done(m))
            ++driving[thread][m];
          std::int32_t via = dependency[static_cast<std::size_t>(m)];
          m = via < 0 ? -1 : portfolio.dependencies[static_cast<std::size_t>(via)].from;
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work, t);
  work(0);
  for (auto& thread : pool)
    thread.join();

  // Percentiles per project.
  std::vector<std::int32_t> column(draws);
  for (std::size_t k = 0; k < projects; ++k) {
    auto& entry = result.projects[k];
    for (std::size_t d = 0; d < draws; ++d)
      column[d] = cods[d * projects + k];
    std::sort(column.begin(), column.end());
    entry.p10 = percentile(column, 0.10);
    entry.p50 = percentile(column, 0.50);
    entry.p80 = percentile(column, 0.80);
    entry.p90 = percentile(column, 0.90);
    if (query.target) {
      auto by =
          std::upper_bound(column.begin(), column.end(), query.target->days()) - column.begin();
      entry.p_by_target = static_cast<double>(by) / static_cast<double>(draws);
    }
    if (const auto& target = portfolio.projects[static_cast<std::size_t>(entry.project)].target_cod) {
      // A coarse target (2027, 06/2027) stands for the last day of its period, as everywhere.
      auto by = std::upper_bound(column.begin(), column.end(), target->days()) - column.begin();
      entry.p_by_target_cod = static_cast<double>(by) / static_cast<double>(draws);
    }
  }

  // A date past the last supported year cannot be shown or counted in a year; the schedule
  // refuses such a portfolio the same way.
  for (const auto& entry : result.projects) {
    std::int32_t latest = std::max(entry.p90, entry.deterministic);
    if (latest > Date::last_supported_day())
      throw InvalidInput(fmt::format(
          "{}: COD {} {} falls after {}, outside the supported years {}-{}",
          portfolio.reference(entry.cod_milestone),
          entry.p90 > Date::last_supported_day() ? "P90" : "by the schedule",
          Date::from_days(latest).iso_day(), Date::from_days(Date::last_supported_day()).iso_day(),
          first_supported_year, last_supported_year));
  }

  // MW online by the end of each year, per group: from the as-of year to the last year in which
  // a project's P90 falls (at most twenty years on).
  const int first_year = as_of.year();
  int last_year = first_year;
  for (const auto& entry : result.projects)
    if (entry.counted)
      last_year = std::max(last_year, Date::from_days(entry.p90).year());
  last_year = std::min({last_year, first_year + 20, last_supported_year});
  const auto years = static_cast<std::size_t>(last_year - first_year + 1);
  std::vector<std::int32_t> year_ends(years);
  for (std::size_t y = 0; y < years; ++y)
    year_ends[y] = Date::from_ymd(first_year + static_cast<int>(y), 12, 31)->days();
  std::map<std::vector<std::optional<std::string>>, std::size_t> group_index;
  std::vector<std::vector<std::optional<std::string>>> group_keys;
  std::vector<std::size_t> group_of(projects, 0);
  for (std::size_t k = 0; k < projects; ++k) {
    std::vector<std::optional<std::string>> keys;
    for (GroupField field : query.group_by)
      keys.push_back(project_group_value(
          portfolio.projects[static_cast<std::size_t>(result.projects[k].project)], field,
          query.legacy_provinces, provinces));
    auto [found, inserted] = group_index.try_emplace(keys, group_keys.size());
    if (inserted)
      group_keys.push_back(keys);
    group_of[k] = found->second;
  }
  const std::size_t groups = group_keys.size();
  std::vector<std::int64_t> online(groups * years * draws, 0);
  std::vector<std::int64_t> added(groups * years);
  for (std::size_t d = 0; d < draws; ++d) {
    std::fill(added.begin(), added.end(), 0);
    for (std::size_t k = 0; k < projects; ++k) {
      if (!result.projects[k].counted)
        continue;
      std::int32_t cod = cods[d * projects + k];
      auto y = static_cast<std::size_t>(std::lower_bound(year_ends.begin(), year_ends.end(), cod) -
                                        year_ends.begin());
      if (y < years)
        added[group_of[k] * years + y] += result.projects[k].mw.watts();
    }
    for (std::size_t g = 0; g < groups; ++g) {
      std::int64_t total = 0;
      for (std::size_t y = 0; y < years; ++y) {
        total += added[g * years + y];
        online[(g * years + y) * draws + d] = total;
      }
    }
  }
  // Sorted by the group keys ("none" last), then year.
  std::vector<std::size_t> order(groups);
  for (std::size_t g = 0; g < groups; ++g)
    order[g] = g;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = group_keys[a];
    const auto& y = group_keys[b];
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i] == y[i])
        continue;
      if (!x[i] || !y[i])
        return static_cast<bool>(x[i]);
      return *x[i] < *y[i];
    }
    return false;
  });
  std::vector<std::int64_t> values(draws);
  for (std::size_t g : order) {
    for (std::size_t y = 0; y < years; ++y) {
      std::copy_n(online.begin() + static_cast<std::ptrdiff_t>((g * years + y) * draws), draws,
                  values.begin());
      std::sort(values.begin(), values.end());
      result.online.push_back(OnlineBand{group_keys[g], first_year + static_cast<int>(y),
                                         Capacity::from_watts(percentile(values, 0.10)),
                                         Capacity::from_watts(percentile(values, 0.50)),
                                         Capacity::from_watts(percentile(values, 0.90))});
    }
  }

  if (explained_cod >= 0) {
    std::map<std::int32_t, std::int64_t> total;
    for (const auto& counts : driving)
      for (const auto& [m, times] : counts)
        total[m] += times;
    for (const auto& [m, times] : total)
      result.driving.push_back(DrivingStep{m,
                                           static_cast<double>(times) / static_cast<double>(draws),
                                           basis_of[static_cast<std::size_t>(m)]});
    std::stable_sort(result.driving.begin(), result.driving.end(),
                     [](const DrivingStep& a, const DrivingStep& b) { return a.share > b.share; });
  }
  return result;
}

}  // namespace tiendo::analysis
