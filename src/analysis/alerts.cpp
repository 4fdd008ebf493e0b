#include "analysis/alerts.h"

#include <algorithm>
#include <unordered_map>

#include "analysis/pipeline.h"

namespace tiendo::analysis {

std::string_view alert_kind_key(AlertKind kind) {
  switch (kind) {
    case AlertKind::Overdue:
      return "overdue";
    case AlertKind::CodSlip:
      return "cod_slip";
    case AlertKind::BaselineSlip:
      return "baseline_slip";
    case AlertKind::Stale:
      return "stale";
    case AlertKind::OutOfSequence:
      return "out_of_sequence";
    case AlertKind::MissingReason:
      return "missing_reason";
  }
  return "";
}

std::string_view severity_key(Severity severity) {
  switch (severity) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Critical:
      return "critical";
  }
  return "";
}

std::optional<Severity> parse_severity(std::string_view key) {
  for (auto severity : {Severity::Info, Severity::Warning, Severity::Critical})
    if (severity_key(severity) == key)
      return severity;
  return std::nullopt;
}

std::string project_reason(const Portfolio& portfolio, std::span<const std::int32_t> milestones) {
  std::string reason;
  const Milestone* latest = nullptr;
  for (std::int32_t index : milestones) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(index)];
    if (milestone.reason.empty())
      continue;
    if (milestone.key == "cod")
      return milestone.reason;
    // Among the others, the one due last is the freshest news about the project.
    auto due = [](const Milestone& entry) {
      return entry.actual ? entry.actual : entry.forecast ? entry.forecast : entry.planned;
    };
    if (!latest || (due(milestone) && (!due(*latest) || *due(*latest) < *due(milestone))))
      latest = &milestone;
  }
  return latest ? latest->reason : reason;
}

void unexplained_slips(std::span<const MilestoneChangeRow> rows,
                       std::map<std::string, std::int32_t>& slips) {
  for (const auto& row : rows) {
    if (!row.reason.empty()) {
      slips.erase(row.reference);
      continue;
    }
    if (row.field != "planned" && row.field != "forecast")
      continue;
    auto before = Date::try_parse(row.old_value), after = Date::try_parse(row.new_value);
    if (before && after && after->days() > before->days())
      slips[row.reference] = after->days() - before->days();
  }
}

namespace {

// The alerts of the projects in `only` (all when null), in the order they are found. With
// `only`, the work is that of the projects it marks (after an edit, a few of a national
// portfolio): their milestones, statuses and reasons alone are looked at, and the driver chains
// walked from them are remembered in a map, not in a table over every milestone.
std::vector<Alert> find_alerts(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                               const Schedule& schedule, const AlertInputs& inputs,
                               const std::vector<bool>* only) {
  std::vector<Alert> alerts;
  auto wanted = [&](std::int32_t project) {
    return !only || (*only)[static_cast<std::size_t>(project)];
  };
  const Date as_of = schedule.as_of;
  const auto& thresholds = inputs.thresholds;
  // The projects looked at, in order, and each one's place among them.
  std::vector<std::int32_t> looked_at;
  std::unordered_map<std::int32_t, std::size_t> place_of;
  if (only) {
    for (std::size_t p = 0; p < only->size(); ++p)
      if ((*only)[p]) {
        place_of.emplace(static_cast<std::int32_t>(p), looked_at.size());
        looked_at.push_back(static_cast<std::int32_t>(p));
      }
  } else {
    looked_at.resize(portfolio.projects.size());
    for (std::size_t p = 0; p < looked_at.size(); ++p)
      looked_at[p] = static_cast<std::int32_t>(p);
  }
  auto place = [&](std::int32_t project) {
    return only ? place_of.at(project) : static_cast<std::size_t>(project);
  };
  std::vector<std::string> reasons(looked_at.size());
  for (std::size_t i = 0; i < looked_at.size(); ++i)
    reasons[i] = project_reason(portfolio, portfolio.milestones_of(looked_at[i]));
  // Projects that are cancelled, retired or suspended on the as-of date raise no delay alerts:
  // nobody is expected to act on their dates.
  std::vector<std::optional<ProjectStatus>> statuses;
  if (only) {
    statuses.reserve(looked_at.size());
    for (auto project : looked_at)
      statuses.push_back(status_as_of(portfolio, project, as_of));
  } else {
    statuses = statuses_as_of(portfolio, as_of);
  }

  // The milestone whose reason is the nearest along each milestone's driver chain (itself
  // first), -1 for none, found once per milestone: walking each alert's whole chain would cost
  // the square of a long chain's length.
  constexpr std::int32_t not_yet = -2;
  std::vector<std::int32_t> nearest_reason(only ? 0 : portfolio.milestones.size(), not_yet);
  std::unordered_map<std::int32_t, std::int32_t> nearest_reason_of;
  auto known_reason = [&](std::int32_t milestone) {
    if (!only)
      return nearest_reason[static_cast<std::size_t>(milestone)];
    auto found = nearest_reason_of.find(milestone);
    return found == nearest_reason_of.end() ? not_yet : found->second;
  };
  std::vector<std::int32_t> walked;
  auto reason_along_chain = [&](std::int32_t milestone) {
    walked.clear();
    std::int32_t at = milestone, found = -1;
    for (;;) {
      if (std::int32_t known = known_reason(at); known != not_yet) {
        found = known;
        break;
      }
      walked.push_back(at);
      if (!portfolio.milestones[static_cast<std::size_t>(at)].reason.empty()) {
        found = at;
        break;
      }
      const auto& entry = schedule.milestones[static_cast<std::size_t>(at)];
      if (entry.driver != DriverKind::Predecessor)
        break;
      at = portfolio.dependencies[static_cast<std::size_t>(entry.driver_dependency)].from;
    }
    // Every milestone passed had no reason of its own: the nearest along its chain is the same.
    for (auto step : walked) {
      if (only)
        nearest_reason_of[step] = found;
      else
        nearest_reason[static_cast<std::size_t>(step)] = found;
    }
    return found;
  };

  auto add = [&](std::int32_t project, std::int32_t milestone, AlertKind kind, std::int32_t days) {
    Alert alert;
    alert.project = project;
    alert.milestone = milestone;
    alert.kind = kind;
    alert.days = days;
    alert.severity = thresholds.severity(days);
    alert.reason = reasons[place(project)];
    if (milestone >= 0) {
      // The cause of a delay is often upstream: a wind farm is late because its line is. The
      // nearest reason along the driver chain explains it best.
      if (auto nearest = reason_along_chain(milestone); nearest >= 0)
        alert.reason = portfolio.milestones[static_cast<std::size_t>(nearest)].reason;
      const auto& entry = portfolio.milestones[static_cast<std::size_t>(milestone)];
      alert.source = entry.source;
      alert.forecast = schedule.milestones[static_cast<std::size_t>(milestone)].early_finish;
    }
    alerts.push_back(std::move(alert));
    return &alerts.back();
  };

  // Every milestone in order, or only the wanted projects' (each project's in order, which is
  // the order its alerts are found in either way; the sort puts projects in order).
  std::vector<std::int32_t> chosen;
  if (only)
    for (auto project : looked_at) {
      auto own = portfolio.milestones_of(project);
      chosen.insert(chosen.end(), own.begin(), own.end());
    }
  const std::size_t count = only ? chosen.size() : portfolio.milestones.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t m = only ? static_cast<std::size_t>(chosen[i]) : i;
    const Milestone& milestone = portfolio.milestones[m];
    const auto index = static_cast<std::int32_t>(m);
    if (!wanted(milestone.project) || statuses[place(milestone.project)].has_value())
      continue;
    const auto& entry = schedule.milestones[m];
    if (auto overdue = overdue_days(milestone, as_of); overdue && *overdue > 0)
      add(milestone.project, index, AlertKind::Overdue, *overdue)->reference_date =
          milestone.planned;
    if (milestone.key == "cod" && !milestone.done()) {
      const Project& project = portfolio.projects[static_cast<std::size_t>(milestone.project)];
      std::optional<Date> promised = milestone.planned ? milestone.planned : project.target_cod;
      if (promised && entry.early_finish > promised->days())
        add(milestone.project, index, AlertKind::CodSlip, entry.early_finish - promised->days())
            ->reference_date = promised;
    }
    if (inputs.baseline && !milestone.done()) {
      auto found = inputs.baseline->find(portfolio.reference(index));
      if (found != inputs.baseline->end() && found->second &&
          entry.early_finish > found->second->days())
        add(milestone.project, index, AlertKind::BaselineSlip,
            entry.early_finish - found->second->days())
            ->reference_date = found->second;
    }
    if (milestone.done()) {
      // Out of sequence exactly as DESIGN.md defines it, lag-free as in P6 (a lag is a planning
      // estimate; finishing faster than it suggests is not an alert): a predecessor not done at
      // all, or one whose own actual dates do not allow this milestone's.
      const std::int32_t start = entry.early_start;    // actual_start, else actual - duration
      const std::int32_t finish = entry.early_finish;  // actual
      for (std::int32_t e : network.incoming(index)) {
        const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(e)];
        const Milestone& predecessor = portfolio.milestones[static_cast<std::size_t>(link.from)];
        if (!predecessor.done()) {
          // How long this milestone has stood done without what it waits for.
          Alert* alert = add(milestone.project, index, AlertKind::OutOfSequence,
                             std::max(0, as_of.days() - finish));
          alert->other_milestone = link.from;
          alert->predecessor_open = true;
          continue;
        }
        const auto& from = schedule.milestones[static_cast<std::size_t>(link.from)];
        std::int32_t days = 0;
        switch (link.type) {
          case LinkType::FinishToStart:
            days = from.early_finish - start;
            break;
          case LinkType::StartToStart:
            days = from.early_start - start;
            break;
          case LinkType::FinishToFinish:
            days = from.early_finish - finish;
            break;
          case LinkType::StartToFinish:
            days = from.early_start - finish;
            break;
        }
        if (days > 0)
          add(milestone.project, index, AlertKind::OutOfSequence, days)->other_milestone =
              link.from;
      }
    }
  }

  // One note per milestone whose plan or forecast last moved later with nobody saying why: the
  // slip is real, the explanation missing.
  if (inputs.unexplained_slips) {
    auto note = [&](std::int32_t index, std::int32_t days) {
      const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(index)];
      if (!wanted(milestone.project) || statuses[place(milestone.project)].has_value())
        return;
      Alert* alert = add(milestone.project, index, AlertKind::MissingReason, days);
      alert->severity = Severity::Info;
      alert->reference_date = milestone.forecast ? milestone.forecast : milestone.planned;
    };
    const auto& slips = *inputs.unexplained_slips;
    if (only && chosen.size() < slips.size()) {
      // Fewer milestones looked at than slips noted: each is looked up, and the notes made in
      // the order of their references, as the pass over every note makes them.
      std::vector<std::pair<std::string, std::int32_t>> found;
      for (auto index : chosen) {
        std::string reference = portfolio.reference(index);
        if (slips.count(reference))
          found.emplace_back(std::move(reference), index);
      }
      std::sort(found.begin(), found.end());
      for (const auto& [reference, index] : found)
        note(index, slips.at(reference));
    } else {
      for (const auto& [reference, days] : slips) {
        auto [code, key] = split_reference(reference);
        if (auto index = portfolio.find_milestone(code, key))
          note(*index, days);  // Nothing when removed since.
      }
    }
  }

  if (inputs.last_change) {
    for (std::size_t i = 0; i < looked_at.size(); ++i) {
      auto index = looked_at[i];
      const Project& project = portfolio.projects[static_cast<std::size_t>(index)];
      auto status = statuses[i];
      if (status == ProjectStatus::Cancelled || status == ProjectStatus::Retired)
        continue;
      if (stage_as_of(portfolio, index, as_of, portfolio.milestones_of(index)) == Stage::Operating)
        continue;
      auto found = inputs.last_change->find(project.code);
      if (found == inputs.last_change->end())
        continue;
      std::int32_t days = as_of.days() - found->second.days();
      if (days >= thresholds.stale_days) {
        Alert* alert = add(index, -1, AlertKind::Stale, days);
        alert->reference_date = found->second;
        alert->source = project.source;
      }
    }
  }

  return alerts;
}

}  // namespace

// Most severe and latest first. Alerts that tie belong to one project (codes are unique), so
// they keep the order they were found in: sorting kept alerts with recomputed ones gives the
// order a full computation does.
bool alert_before(const Portfolio& portfolio, const Alert& a, const Alert& b) {
  if (a.severity != b.severity)
    return a.severity > b.severity;
  if (a.days != b.days)
    return a.days > b.days;
  return portfolio.projects[static_cast<std::size_t>(a.project)].code <
         portfolio.projects[static_cast<std::size_t>(b.project)].code;
}

namespace {

void sort_alerts(const Portfolio& portfolio, std::vector<Alert>& alerts) {
  std::stable_sort(alerts.begin(), alerts.end(), [&](const Alert& a, const Alert& b) {
    return alert_before(portfolio, a, b);
  });
}

}  // namespace

std::vector<Alert> compute_alerts(const Portfolio& portfolio,
                                  const graph::MilestoneNetwork& network, const Schedule& schedule,
                                  const AlertInputs& inputs) {
  auto alerts = find_alerts(portfolio, network, schedule, inputs, nullptr);
  sort_alerts(portfolio, alerts);
  return alerts;
}

std::vector<std::int32_t> moved_milestones(const Portfolio& before, const Schedule& before_schedule,
                                           const Portfolio& after, const Schedule& after_schedule) {
  std::vector<std::int32_t> moved;
  for (std::size_t m = 0; m < after.milestones.size(); ++m) {
    const auto& old_entry = before_schedule.milestones[m];
    const auto& new_entry = after_schedule.milestones[m];
    if (before.milestones[m] != after.milestones[m] ||
        old_entry.early_start != new_entry.early_start ||
        old_entry.early_finish != new_entry.early_finish || old_entry.driver != new_entry.driver ||
        old_entry.driver_dependency != new_entry.driver_dependency)
      moved.push_back(static_cast<std::int32_t>(m));
  }
  return moved;
}

std::vector<std::int32_t> moved_milestones(const Schedule& before_schedule,
                                           const Schedule& after_schedule,
                                           std::span<const std::int32_t> edited,
                                           std::span<const std::int32_t> link_renumbering,
                                           std::int32_t inserted, std::int32_t removed) {
  std::vector<bool> marked(after_schedule.milestones.size(), false);
  for (auto m : edited)
    marked[static_cast<std::size_t>(m)] = true;
  if (inserted >= 0)
    marked[static_cast<std::size_t>(inserted)] = true;
  std::vector<std::int32_t> moved;
  for (std::size_t m = 0; m < after_schedule.milestones.size(); ++m) {
    if (marked[m]) {
      moved.push_back(static_cast<std::int32_t>(m));
      continue;
    }
    std::size_t was = inserted >= 0 && m > static_cast<std::size_t>(inserted) ? m - 1 : m;
    if (removed >= 0 && m >= static_cast<std::size_t>(removed))
      ++was;
    const auto& old_entry = before_schedule.milestones[was];
    const auto& new_entry = after_schedule.milestones[m];
    std::int32_t old_driver = old_entry.driver_dependency;
    if (!link_renumbering.empty() && old_entry.driver == DriverKind::Predecessor && old_driver >= 0 &&
        static_cast<std::size_t>(old_driver) < link_renumbering.size())
      old_driver = link_renumbering[static_cast<std::size_t>(old_driver)];
    if (old_entry.early_start != new_entry.early_start ||
        old_entry.early_finish != new_entry.early_finish || old_entry.driver != new_entry.driver ||
        old_driver != new_entry.driver_dependency)
      moved.push_back(static_cast<std::int32_t>(m));
  }
  return moved;
}

void renumber_alert_milestones(std::vector<Alert>& alerts, std::int32_t inserted,
                               std::int32_t removed) {
  auto renumbered = [&](std::int32_t& milestone) {
    if (milestone < 0)
      return;
    if (inserted >= 0 && milestone >= inserted)
      ++milestone;
    else if (removed >= 0 && milestone == removed)
      milestone = -1;
    else if (removed >= 0 && milestone > removed)
      --milestone;
  };
  for (auto& alert : alerts) {
    renumbered(alert.milestone);
    renumbered(alert.other_milestone);
  }
}

std::vector<bool> projects_alerts_reach(const Portfolio& portfolio,
                                        const graph::MilestoneNetwork& network,
                                        const Schedule& schedule,
                                        std::span<const std::int32_t> moved) {
  std::vector<bool> projects(portfolio.projects.size(), false);
  // Every milestone whose driver chain passes through a moved one: its nearest reason may be
  // another now. A chain that passed through one before and no longer does left it at a
  // milestone whose driver changed, itself moved and on the new chain.
  std::vector<bool> reached(portfolio.milestones.size(), false);
  std::vector<std::int32_t> queue(moved.begin(), moved.end());
  for (auto m : queue)
    reached[static_cast<std::size_t>(m)] = true;
  for (std::size_t next = 0; next < queue.size(); ++next) {
    std::int32_t at = queue[next];
    projects[static_cast<std::size_t>(portfolio.milestones[static_cast<std::size_t>(at)].project)] =
        true;
    for (std::int32_t e : network.outgoing(at)) {
      std::int32_t to = portfolio.dependencies[static_cast<std::size_t>(e)].to;
      // A successor's out-of-sequence alert reads this milestone's dates and whether it is done.
      projects[static_cast<std::size_t>(portfolio.milestones[static_cast<std::size_t>(to)].project)] =
          true;
      const auto& entry = schedule.milestones[static_cast<std::size_t>(to)];
      if (!reached[static_cast<std::size_t>(to)] && entry.driver == DriverKind::Predecessor &&
          entry.driver_dependency == e) {
        reached[static_cast<std::size_t>(to)] = true;
        queue.push_back(to);
      }
    }
  }
  return projects;
}

std::vector<Alert> update_alerts(std::span<const Alert> previous, const Portfolio& portfolio,
                                 const graph::MilestoneNetwork& network, const Schedule& schedule,
                                 const AlertInputs& inputs, const std::vector<bool>& recompute,
                                 std::vector<std::int32_t>* kept_from) {
  auto fresh = find_alerts(portfolio, network, schedule, inputs, &recompute);
  // Only the alerts computed again are sorted; the kept ones are in order already (`previous`
  // is sorted, and what orders a kept alert, its project's code and its own severity and days,
  // did not change), so the two are merged: sorting the whole national list again took most of
  // the first dashboard after a save. The merge gives what a stable sort of the new alerts
  // followed by the kept ones gives (a tie is between alerts of one project, all new or all
  // kept), which is compute_alerts' order.
  std::vector<std::int32_t> order(fresh.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = static_cast<std::int32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t left, std::int32_t right) {
    return alert_before(portfolio, fresh[static_cast<std::size_t>(left)],
                        fresh[static_cast<std::size_t>(right)]);
  });
  std::vector<Alert> sorted;
  sorted.reserve(fresh.size() + previous.size());
  if (kept_from) {
    kept_from->clear();
    kept_from->reserve(fresh.size() + previous.size());
  }
  std::size_t next_fresh = 0, next_kept = 0;
  auto skip_recomputed = [&] {
    while (next_kept < previous.size() &&
           recompute[static_cast<std::size_t>(previous[next_kept].project)])
      ++next_kept;
  };
  skip_recomputed();
  while (next_fresh < order.size() || next_kept < previous.size()) {
    bool take_kept =
        next_kept < previous.size() &&
        (next_fresh == order.size() ||
         alert_before(portfolio, previous[next_kept],
                      fresh[static_cast<std::size_t>(order[next_fresh])]));
    if (take_kept) {
      sorted.push_back(previous[next_kept]);
      if (kept_from)
        kept_from->push_back(static_cast<std::int32_t>(next_kept));
      ++next_kept;
      skip_recomputed();
    } else {
      sorted.push_back(std::move(fresh[static_cast<std::size_t>(order[next_fresh])]));
      if (kept_from)
        kept_from->push_back(-1);
      ++next_fresh;
    }
  }
  return sorted;
}

}  // namespace tiendo::analysis
