#include "analysis/forecast.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <optional>
#include <thread>

#include "analysis/forward_pass.h"
#include "analysis/impact.h"
#include "analysis/periodic.h"
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

void ForecastModel::add_lateness(const std::string& key, const std::string& group,
                                 std::int32_t days, bool plan_bound) {
  m_by_key_and_group[{key, group}].days.push_back(days);
  m_by_key[key].days.push_back(days);
  m_all.days.push_back(days);
  if (plan_bound)
    ++m_plan_bound;
}

void ForecastModel::finish() {
  for (auto& [key, entry] : m_by_key_and_group)
    std::sort(entry.days.begin(), entry.days.end());
  for (auto& [key, entry] : m_by_key)
    std::sort(entry.days.begin(), entry.days.end());
  std::sort(m_all.days.begin(), m_all.days.end());
}

const ForecastSamples* ForecastModel::lateness(const std::string& key, const std::string& group,
                                               ForecastBasis& basis) const {
  auto exact = m_by_key_and_group.find({key, group});
  if (exact != m_by_key_and_group.end() && exact->second.days.size() >= minimum_samples) {
    basis = ForecastBasis::KeyAndGroup;
    return &exact->second;
  }
  auto by_key = m_by_key.find(key);
  if (by_key != m_by_key.end() && by_key->second.days.size() >= minimum_samples) {
    basis = ForecastBasis::Key;
    return &by_key->second;
  }
  if (!m_all.days.empty()) {
    basis = ForecastBasis::AllSteps;
    return &m_all;
  }
  basis = ForecastBasis::None;
  return nullptr;
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
  // Uniform in [0, count), count > 0 (the modulo bias is below 1e-12 for the counts used here).
  std::size_t below(std::size_t count) { return static_cast<std::size_t>(next() % count); }
};

// What one open step draws, prepared once for every draw.
struct OpenStep {
  std::int32_t milestone = 0;
  // Its predecessors done: the later of its plan and what they allowed, which the drawn lateness
  // follows. Waiting for one: no_bound, and the lateness lengthens it and moves its plan.
  std::int32_t fixed_bound = no_bound;
  std::int32_t planned = no_bound;
  std::int32_t duration = 0;
  const std::int32_t* samples = nullptr;
  std::size_t count = 0;  // Samples to draw from: those a step not finished by as-of can have.
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
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    if (!done_by(milestone, day))
      continue;
    bool plan_bound = false;
    auto bound = own_bound(portfolio, network, m, day, plan_bound);
    // Nothing bounded it (no plan, no predecessor), or it was done before a predecessor (out of
    // sequence): it says nothing about lateness.
    if (!bound || *bound == std::numeric_limits<std::int64_t>::min())
      continue;
    const std::string group = technology_bucket(
        portfolio.projects[static_cast<std::size_t>(milestone.project)].technology);
    model.add_lateness(milestone.key, group,
                       static_cast<std::int32_t>(std::clamp<std::int64_t>(
                           milestone.actual->days() - *bound, -36'500, 36'500)),
                       plan_bound);
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
  const std::int32_t day = as_of.days();
  const std::size_t count = portfolio.milestones.size();

  // The portfolio's own dates, as the schedule takes them.
  const MilestoneDates dates = milestone_dates(portfolio);

  // Every open step, with the samples it may draw.
  std::vector<OpenStep> open;
  std::vector<ForecastBasis> basis_of(count, ForecastBasis::None);
  for (std::size_t m = 0; m < count; ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    if (milestone.actual)
      continue;
    const std::string group = technology_bucket(
        portfolio.projects[static_cast<std::size_t>(milestone.project)].technology);
    ForecastBasis basis = ForecastBasis::None;
    const ForecastSamples* samples = model.lateness(milestone.key, group, basis);
    OpenStep step;
    step.milestone = static_cast<std::int32_t>(m);
    step.duration = milestone.duration_days;
    step.planned = dates.planned[m];
    bool plan_bound = false;
    auto bound = own_bound(portfolio, network, m, day, plan_bound);
    if (bound && *bound == std::numeric_limits<std::int64_t>::min())
      continue;  // Nothing bounds it but the as-of date and its duration: nothing to draw.
    if (bound) {
      // Not finished by the as-of date: only lateness that ends after it can still happen. When
      // history holds none that late, the step keeps the as-of date's bound alone.
      step.fixed_bound = static_cast<std::int32_t>(*bound);
      if (samples) {
        auto first = std::upper_bound(samples->days.begin(), samples->days.end(),
                                      static_cast<std::int64_t>(day) - *bound);
        step.samples = samples->days.data() + (first - samples->days.begin());
        step.count = static_cast<std::size_t>(samples->days.end() - first);
      }
    } else if (samples) {
      step.samples = samples->days.data();
      step.count = samples->days.size();
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
    if (step.count > 0)
      open.push_back(step);
  }

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
    entry.done = portfolio.milestones[static_cast<std::size_t>(step)].actual.has_value();
    entry.mw = project.capacity.value_or(Capacity{});
    entry.counted = leaf[p] && project.technology != Technology::Grid;
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
  {
    Output output{fixed_start, fixed_finish, nullptr};
    forward_pass(
        portfolio.dependencies, network, day,
        ForwardInputs{
            dates.actual, dates.actual_start, dates.planned, dates.forecast, {}, dates.durations},
        output);
    for (auto& entry : result.projects)
      entry.deterministic = fixed_finish[static_cast<std::size_t>(entry.cod_milestone)];
  }
  // A draw changes nothing done: it runs the pass over the open milestones alone, in the
  // network's order, on top of the dates the pass above gave the done ones.
  std::vector<std::int32_t> open_order;
  for (std::int32_t m : network.topological_order())
    if (!portfolio.milestones[static_cast<std::size_t>(m)].actual)
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
    std::vector<std::int32_t> drawn_planned = dates.planned, drawn_durations = dates.durations;
    std::vector<std::int32_t> start = fixed_start, finish = fixed_finish, dependency;
    if (explained_cod >= 0)
      dependency.assign(count, -1);
    Output output{start, finish, explained_cod >= 0 ? &dependency : nullptr};
    for (std::size_t d = next_draw++; d < draws; d = next_draw++) {
      Random random{query.seed * 0x100000001b3ULL + d * 0x9e3779b97f4a7c15ULL + 1};
      for (const auto& step : open) {
        std::int32_t sample = step.samples[random.below(step.count)];
        auto m = static_cast<std::size_t>(step.milestone);
        if (step.fixed_bound != no_bound) {
          drawn_planned[m] = step.fixed_bound + sample;
        } else {
          // The lateness after its predecessors' drawn dates (through finish-to-start and
          // start-to-start links; a finish-type link bounds the finish itself) and after its plan.
          drawn_durations[m] = std::max(0, step.duration + sample);
          if (step.planned != no_bound)
            drawn_planned[m] = step.planned + sample;
        }
      }
      forward_pass(
          portfolio.dependencies, network, day,
          ForwardInputs{
              dates.actual, dates.actual_start, drawn_planned, dates.forecast, {}, drawn_durations},
          output, open_order);
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
          if (!portfolio.milestones[static_cast<std::size_t>(m)].actual)
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
  }

  // MW online by the end of each year, per group: from the as-of year to the last year in which
  // a project's P90 falls (at most twenty years on).
  const int first_year = as_of.year();
  int last_year = first_year;
  for (const auto& entry : result.projects)
    if (entry.counted)
      last_year = std::max(last_year, Date::from_days(entry.p90).year());
  last_year = std::min(last_year, first_year + 20);
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
