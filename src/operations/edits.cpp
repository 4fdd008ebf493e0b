#include "operations/edits.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "analysis/incremental_schedule.h"
#include "analysis/schedule.h"
#include "domain/error.h"
#include "graph/network.h"
#include "operations/accounts.h"
#include "operations/in_place_edits.h"
#include "operations/links.h"
#include "operations/project_writes.h"
#include "operations/scope.h"

namespace tiendo::operations {
namespace {

void require_context(const store::ChangeContext& context) {
  // Everything here goes to the append-only change log, so it is checked before anything is
  // written: a bad byte there could never be taken out again.
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
}

const std::string* find_field(const Fields& fields, std::string_view name) {
  for (const auto& field : fields)
    if (field.name == name)
      return &field.value;
  return nullptr;
}

// "--template: no milestone template for technology 'coal' or its group 'thermal' (the
// templates cover grid, hydro, solar, wind); nothing was added".
Message no_template(const Project& project, const std::vector<io::TemplateStep>& steps) {
  std::vector<std::string> technologies;
  for (const auto& step : steps)
    if (std::find(technologies.begin(), technologies.end(), step.technology) == technologies.end())
      technologies.push_back(step.technology);
  std::sort(technologies.begin(), technologies.end());
  std::string group(technology_group_key(technology_group(project.technology)));
  std::string covered =
      technologies.empty() ? "nothing" : fmt::format("{}", fmt::join(technologies, ", "));
  std::string technology(technology_key(project.technology));
  Message text =
      group.empty()
          ? message("template: no milestone template for technology '{}' (the templates cover "
                    "{}); nothing was added",
                    technology, covered)
          : message("template: no milestone template for technology '{}' or its group '{}' (the "
                    "templates cover {}); nothing was added",
                    technology, group, covered);
  // The command line names its option.
  text.command_line_id = "--" + text.id;
  return text;
}

void apply_milestone_or_throw(Portfolio& portfolio, const Fields& fields) {
  ProblemList problems;
  apply_milestone(portfolio, fields, InputLocation{}, problems);
  problems.throw_if_any();
}

// The project and key of a "CODE:key" reference before the fields of an edit.
Fields with_reference(const std::string& reference, const Fields& fields) {
  auto [code, key] = split_reference(reference);
  Fields result{{"project", std::string(code)}, {"key", std::string(key)}};
  result.insert(result.end(), fields.begin(), fields.end());
  return result;
}

// The guard's rules for a write to one project: the account's scope, then the version.
void check_guard(store::Database& database, const Guard& guard, const Project& project,
                 const std::string& entity, const std::string& shown) {
  if (guard.account) {
    TouchedProjects touched;
    touched.own_rows(project);
    touched.check(*guard.account);
  }
  if (guard.expected_version)
    check_version(database, project.code, entity, shown, *guard.expected_version);
}

// A link's version, as check_guard checks a milestone's: the link is logged under its
// successor's project.
void check_link_version(store::Database& database, const Portfolio& portfolio,
                        std::int32_t predecessor, std::int32_t successor, std::int64_t expected) {
  const Project& project = portfolio.projects[static_cast<std::size_t>(
      portfolio.milestones[static_cast<std::size_t>(successor)].project)];
  check_guard(database, Guard{nullptr, expected}, project,
              link_entity(portfolio.reference(predecessor), portfolio.reference(successor)),
              fmt::format("dependency '{} -> {}'", portfolio.reference(predecessor),
                          portfolio.reference(successor)));
}

}  // namespace

void check_version(store::Database& database, const std::string& project_code,
                   const std::string& entity, const std::string& shown, std::int64_t expected) {
  auto last = database.last_change(project_code, entity);
  std::int64_t current = last ? last->id : 0;
  if (current != expected)
    throw VersionConflict(
        message("{} was changed by {} at {} (version {}, the edit was made against version {}); "
                "nothing was written",
                shown, last ? last->actor : std::string("nobody"),
                last ? last->at_utc : std::string("-"), current, expected),
        last ? last->actor : "", last ? last->at_utc : "", current);
}

void check_scope(const Account& account, const Portfolio& before, const Portfolio& after) {
  touched_between(before, after).check(account);
}

std::int64_t milestone_version(store::Database& database, const std::string& reference) {
  auto [code, key] = split_reference(reference);
  auto last = database.last_change(std::string(code), fmt::format("milestone:{}:{}", code, key));
  return last ? last->id : 0;
}

void check_schedulable(const Portfolio& portfolio, Date as_of,
                       const std::function<InputLocation(std::int32_t dependency)>& locate) {
  std::optional<graph::MilestoneNetwork> network;
  try {
    network.emplace(portfolio);
  } catch (const CycleError&) {
    // Found again with the rows known, so the problem names the row that closed the cycle.
    graph::check_acyclic(portfolio, locate);
    throw;
  }
  analysis::compute_schedule(portfolio, *network, as_of);
}

ProjectResult edit_project(store::Database& database, const store::ChangeContext& context,
                           EditKind kind, const Fields& fields,
                           const std::vector<io::TemplateStep>* template_steps,
                           const Account* account, std::optional<std::int64_t> expected_version) {
  require_context(context);
  const std::string* code = find_field(fields, "code");
  if (!code)
    throw InvalidInput(message("code: '': a project needs a code"));
  if (kind == EditKind::Set && fields.size() == 1)
    throw InvalidInput(message("give at least one field to change").on_command_line(
        "project set: give at least one field to change"));
  ProjectResult result;
  result.summary = database.modify(context, [&](Portfolio& portfolio) {
    bool exists = portfolio.find_project(*code).has_value();
    if (kind == EditKind::Add && exists)
      throw Conflict(message("project '{}' exists already", *code));
    if (kind == EditKind::Set && !exists)
      throw NotFound(message("project '{}' not found", *code));
    std::optional<Project> before;
    if (exists)
      before = portfolio.projects[static_cast<std::size_t>(*portfolio.find_project(*code))];
    if (exists && expected_version) {
      // A form made against an older version is refused before its values are read; the
      // account's scope first, so that a reader outside it learns nothing of who changed it.
      if (account) {
        TouchedProjects touched;
        touched.own_rows(*before);
        touched.check(*account);
      }
      check_project_version(database, *code, *expected_version);
    }
    ProblemList problems;
    auto index =
        apply_project(portfolio, fields, InputLocation{}, problems, ProvinceRegistry::builtin());
    check_parents(portfolio, problems);
    problems.throw_if_any();
    if (account) {
      // Only this project's row changed, so the one portfolio serves as both before and after:
      // a parent it leaves is as it was.
      TouchedProjects touched;
      touched.project_row(before ? &*before : nullptr,
                          portfolio.projects[static_cast<std::size_t>(index)], portfolio,
                          portfolio);
      touched.check(*account);
    }
    if (template_steps) {
      result.template_milestones = io::apply_template(portfolio, index, *template_steps, problems);
      problems.throw_if_any();
      // The user asked for a template; a project without one is refused whole rather than
      // added bare, so nothing is half done and the message says why.
      if (result.template_milestones == 0)
        throw InvalidInput(
            no_template(portfolio.projects[static_cast<std::size_t>(index)], *template_steps));
    }
  });
  return result;
}

void set_project_status(store::Database& database, const store::ChangeContext& context,
                        const std::string& code, ProjectStatus status, Date when,
                        const Account* account) {
  require_context(context);
  database.modify(context, [&](Portfolio& portfolio) {
    auto index = portfolio.find_project(code);
    if (!index)
      throw NotFound(message("project '{}' not found", code));
    if (account) {
      TouchedProjects touched;
      touched.own_rows(portfolio.projects[static_cast<std::size_t>(*index)]);
      touched.check(*account);
    }
    portfolio.status_events.push_back(
        StatusEvent{*index, status, when, context.reason, context.source});
  });
}

void edit_milestone(store::Database& database, const store::ChangeContext& context, EditKind kind,
                    const std::string& reference, const Fields& fields, Date as_of,
                    const Guard& guard) {
  require_context(context);
  if (kind == EditKind::Set && fields.empty())
    throw InvalidInput(message("give at least one field to change").on_command_line(
        "milestone set: give at least one field to change"));
  Fields given = with_reference(reference, fields);
  database.modify(context, [&](Portfolio& portfolio) {
    auto [code, key] = split_reference(reference);
    auto project = portfolio.find_project(code);
    if (!project)
      throw NotFound(message("project '{}' not found", code));
    bool exists = portfolio.find_milestone(code, key).has_value();
    if (exists || kind == EditKind::Add)
      check_guard(database, guard, portfolio.projects[static_cast<std::size_t>(*project)],
                  fmt::format("milestone:{}:{}", code, key),
                  fmt::format("milestone '{}'", reference));
    if (kind == EditKind::Add && exists)
      throw Conflict(message("milestone '{}' exists already", reference));
    if (kind == EditKind::Set && !exists)
      throw NotFound(message("milestone '{}' not found", reference));
    apply_milestone_or_throw(portfolio, given);
    check_schedulable(portfolio, as_of);
  });
}

InPlaceMilestoneAdd add_milestone_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    const graph::MilestoneNetwork& network, analysis::Schedule& schedule,
    std::span<const std::int32_t> also_changed, const store::Database::Stamp& stamp,
    const std::string& reference, const Fields& fields, Date as_of, const Guard& guard) {
  // The same checks, in the same order and with the same messages, as edit_milestone (Add).
  require_context(context);
  Fields given = with_reference(reference, fields);
  InPlaceMilestoneAdd edit;
  const std::size_t milestone_count = portfolio.milestones.size();
  const std::size_t link_count = portfolio.dependencies.size();
  // Where the milestone is in `portfolio` while it is there: appended, then placed.
  std::int32_t added = -1;
  auto put_back = [&] {
    if (added >= 0)
      portfolio.remove_rows({}, {added}, {});
  };
  try {
    edit.written = database.write_if_unchanged(stamp, [&] {
      auto [code, key] = split_reference(reference);
      auto project = portfolio.find_project(code);
      if (!project)
        throw NotFound(message("project '{}' not found", code));
      check_guard(database, guard, portfolio.projects[static_cast<std::size_t>(*project)],
                  fmt::format("milestone:{}:{}", code, key),
                  fmt::format("milestone '{}'", reference));
      if (portfolio.find_milestone(code, key))
        throw Conflict(message("milestone '{}' exists already", reference));
      apply_milestone_or_throw(portfolio, given);
      if (portfolio.milestones.size() > milestone_count)
        added = static_cast<std::int32_t>(milestone_count);
      if (portfolio.milestones.size() != milestone_count + 1 ||
          portfolio.dependencies.size() != link_count)
        throw Error(message("internal: a milestone added was not the one last"));
      // Where a reload puts it, after its project's others; those after it move up one.
      added = portfolio.place_last_milestone();
      edit.milestone = added;
      edit.value = portfolio.milestones[static_cast<std::size_t>(added)];
      // check_schedulable's rules: a milestone without links closes no cycle, and only what the
      // update recomputes can have left the supported years (it throws then).
      edit.network =
          std::make_shared<const graph::MilestoneNetwork>(network.with_milestone_inserted(added));
      analysis::make_room_for_milestone(schedule, added);
      analysis::ScheduleChange change;
      for (auto m : also_changed)
        change.milestones.push_back(m + (m >= added ? 1 : 0));
      change.milestones.push_back(added);
      analysis::update_schedule(schedule, portfolio, *edit.network, as_of, change);
      database.insert_milestone(context, portfolio, edit.value);
      edit.stamp = database.stamp();
      edit.changed_day = latest_change_day(database);
    });
  } catch (...) {
    put_back();
    throw;
  }
  if (!edit.written)
    put_back();
  return edit;
}

std::optional<EditedPortfolio> edit_milestone_in_memory(
    store::Database& database, const store::ChangeContext& context, const Portfolio& current,
    const graph::MilestoneNetwork& network, const store::Database::Stamp& stamp,
    const std::string& reference, const Fields& fields, Date as_of, const Guard& guard) {
  auto batch = edit_milestones_in_memory(database, current, network, stamp,
                                         {MilestoneEdit{context, reference, fields, guard}}, as_of);
  if (!batch.errors.empty() && batch.errors.front())
    std::rethrow_exception(batch.errors.front());
  return std::move(batch.edited);
}

BatchEdit edit_milestones_in_memory(store::Database& database, const Portfolio& current,
                                    const graph::MilestoneNetwork& network,
                                    const store::Database::Stamp& stamp,
                                    const std::vector<MilestoneEdit>& edits, Date as_of) {
  Portfolio portfolio = current;
  auto made = edit_milestones_in_place(database, portfolio, network, stamp, edits, as_of);
  BatchEdit batch;
  batch.errors = std::move(made.errors);
  if (made.written)
    batch.edited = EditedPortfolio{std::move(portfolio), std::move(made.schedule), made.stamp,
                                   made.changed_day};
  return batch;
}

InPlaceBatch edit_milestones_in_place(store::Database& database, Portfolio& portfolio,
                                      const graph::MilestoneNetwork& network,
                                      const store::Database::Stamp& stamp,
                                      const std::vector<MilestoneEdit>& edits, Date as_of,
                                      std::optional<analysis::Schedule> previous,
                                      std::span<const std::int32_t> also_changed) {
  InPlaceBatch batch;
  batch.errors.assign(edits.size(), nullptr);
  const std::size_t milestone_count = portfolio.milestones.size();
  const std::size_t dependency_count = portfolio.dependencies.size();
  // Each edit's milestone, and its value before and after the edit, for writing it in order.
  std::vector<std::int32_t> index(edits.size(), -1);
  std::vector<Milestone> before(edits.size()), after(edits.size());
  // Who changed a milestone earlier in this batch: a later edit made against the version before
  // it was made against a version that has changed since.
  std::map<std::int32_t, std::string> changed_in_batch;
  struct ChangedInBatch {};
  // Puts every milestone the batch changed back as it was, latest first, so that the caller's
  // portfolio is again what the database holds when nothing is written.
  auto restore = [&] {
    for (std::size_t e = edits.size(); e-- > 0;)
      if (index[e] >= 0)
        portfolio.milestones[static_cast<std::size_t>(index[e])] = before[e];
  };
  bool written = false;
  try {
    written = database.write_if_unchanged(stamp, [&] {
      // Apply one edit to the copy, every rule checked; on a refusal the milestone is put back.
      auto apply = [&](std::size_t e) {
        const MilestoneEdit& edit = edits[e];
        require_context(edit.context);
        if (edit.fields.empty())
          throw InvalidInput(message("give at least one field to change").on_command_line(
        "milestone set: give at least one field to change"));
        auto [code, key] = split_reference(edit.reference);
        auto project = portfolio.find_project(code);
        if (!project)
          throw NotFound(message("project '{}' not found", code));
        auto milestone = portfolio.find_milestone(code, key);
        if (!milestone)
          throw NotFound(message("milestone '{}' not found", edit.reference));
        const Project& owner = portfolio.projects[static_cast<std::size_t>(*project)];
        std::string entity = fmt::format("milestone:{}:{}", code, key);
        std::string shown = fmt::format("milestone '{}'", edit.reference);
        // The account's scope first, as edit_milestone checks it before the values.
        check_guard(database, Guard{edit.guard.account, std::nullopt}, owner, entity, shown);
        if (edit.guard.expected_version) {
          // Its answer names the change this batch makes before it, once that is written.
          if (changed_in_batch.count(*milestone))
            throw ChangedInBatch{};
          check_guard(database, Guard{nullptr, edit.guard.expected_version}, owner, entity, shown);
        }
        auto& slot = portfolio.milestones[static_cast<std::size_t>(*milestone)];
        before[e] = slot;
        try {
          apply_milestone_or_throw(portfolio, with_reference(edit.reference, edit.fields));
        } catch (...) {
          slot = before[e];
          throw;
        }
        if (portfolio.milestones.size() != milestone_count ||
            portfolio.dependencies.size() != dependency_count) {
          // Cannot happen for a milestone that exists; should it, the portfolio is put back
          // first.
          portfolio.milestones.resize(milestone_count);
          portfolio.dependencies.resize(dependency_count);
          portfolio.milestones[static_cast<std::size_t>(*milestone)] = before[e];
          throw Error(message("internal: a milestone edit added milestones or links"));
        }
        index[e] = *milestone;
        after[e] = slot;
      };
      std::vector<bool> conflict_in_batch(edits.size(), false);
      for (std::size_t e = 0; e < edits.size(); ++e) {
        try {
          apply(e);
          changed_in_batch[index[e]] = edits[e].context.actor;
        } catch (const ChangedInBatch&) {
          conflict_in_batch[e] = true;
        } catch (...) {
          batch.errors[e] = std::current_exception();
        }
      }
      // The same check as check_schedulable: the links are those of `network`, so no cycle can
      // have appeared, and the schedule keeps every date within the supported years. When the
      // batch's schedule leaves them, the edits are tried again one at a time, so that only the
      // one that leaves them is refused, named as it would be alone.
      try {
        if (previous) {
          // Only what the batch's milestones (and those the previous schedule lacks) reach.
          analysis::ScheduleChange change;
          change.milestones.assign(also_changed.begin(), also_changed.end());
          for (std::size_t e = 0; e < edits.size(); ++e)
            if (index[e] >= 0)
              change.milestones.push_back(index[e]);
          batch.schedule = std::move(*previous);
          previous.reset();
          analysis::update_schedule(batch.schedule, portfolio, network, as_of, change);
        } else {
          batch.schedule = analysis::compute_schedule(portfolio, network, as_of);
        }
      } catch (const InvalidInput&) {
        for (std::size_t e = edits.size(); e-- > 0;)
          if (index[e] >= 0)
            portfolio.milestones[static_cast<std::size_t>(index[e])] = before[e];
        changed_in_batch.clear();
        for (std::size_t e = 0; e < edits.size(); ++e) {
          if (index[e] < 0)
            continue;
          index[e] = -1;
          try {
            apply(e);
            analysis::compute_schedule(portfolio, network, as_of);
            changed_in_batch[index[e]] = edits[e].context.actor;
          } catch (const ChangedInBatch&) {
            conflict_in_batch[e] = true;
          } catch (...) {
            if (index[e] >= 0)
              portfolio.milestones[static_cast<std::size_t>(index[e])] = before[e];
            index[e] = -1;
            batch.errors[e] = std::current_exception();
          }
        }
        batch.schedule = analysis::compute_schedule(portfolio, network, as_of);
      }
      for (std::size_t e = 0; e < edits.size(); ++e)
        if (index[e] >= 0)
          database.update_milestone(edits[e].context, portfolio, before[e], after[e]);
      for (std::size_t e = 0; e < edits.size(); ++e) {
        if (!conflict_in_batch[e] || batch.errors[e])
          continue;
        // The change that came in between is written now: the refusal names it as any other.
        auto [code, key] = split_reference(edits[e].reference);
        auto project = portfolio.find_project(code);
        try {
          check_guard(database, Guard{nullptr, edits[e].guard.expected_version},
                      portfolio.projects[static_cast<std::size_t>(*project)],
                      fmt::format("milestone:{}:{}", code, key),
                      fmt::format("milestone '{}'", edits[e].reference));
          throw VersionConflict(message("milestone '{}' changed meanwhile; nothing was written",
                                        edits[e].reference),
                                "", "", 0);
        } catch (...) {
          batch.errors[e] = std::current_exception();
        }
      }
      batch.stamp = database.stamp();
      batch.changed_day = latest_change_day(database);
    });
  } catch (...) {
    restore();
    throw;
  }
  if (!written) {
    restore();
    return batch;
  }
  batch.written = true;
  for (std::size_t e = 0; e < edits.size(); ++e)
    if (index[e] >= 0)
      batch.changes.push_back(
          MilestoneChange{index[e], portfolio.milestones[static_cast<std::size_t>(index[e])]});
  return batch;
}

void complete_milestone(store::Database& database, const store::ChangeContext& context,
                        const std::string& reference, const std::string& date, Date as_of,
                        const Account* account) {
  require_context(context);
  Fields fields{{"actual", date}};
  if (!context.reason.empty())
    fields.push_back(Field{"reason", context.reason});
  if (!context.source.empty())
    fields.push_back(Field{"source", context.source});
  Fields given = with_reference(reference, fields);
  database.modify(context, [&](Portfolio& portfolio) {
    std::int32_t milestone = portfolio.milestone_by_reference(reference);
    if (account) {
      TouchedProjects touched;
      touched.own_rows(portfolio.projects[static_cast<std::size_t>(
          portfolio.milestones[static_cast<std::size_t>(milestone)].project)]);
      touched.check(*account);
    }
    apply_milestone_or_throw(portfolio, given);
    check_schedulable(portfolio, as_of);
  });
}

DependencyResult edit_dependency(store::Database& database, const store::ChangeContext& context,
                                 EditKind kind, const std::string& from, const std::string& to,
                                 const std::optional<std::string>& type,
                                 const std::optional<std::string>& lag_days, Date as_of,
                                 const Account* account,
                                 std::optional<std::int64_t> expected_version) {
  require_context(context);
  Fields given{{"from", from}, {"to", to}};
  if (kind == EditKind::Add || type)
    given.push_back(Field{"type", type.value_or("FS")});
  if (kind == EditKind::Add || lag_days)
    given.push_back(Field{"lag_days", lag_days.value_or("0")});
  if (kind == EditKind::Set && given.size() == 2)
    throw InvalidInput(message("give a type or a lag to change")
                           .on_command_line("depend set: give --type or --lag to change"));
  DependencyResult result;
  database.modify(context, [&](Portfolio& portfolio) {
    // Unknown milestones are "not found", not bad input.
    std::int32_t predecessor = portfolio.milestone_by_reference(from);
    std::int32_t successor = portfolio.milestone_by_reference(to);
    std::string link =
        fmt::format("{} -> {}", portfolio.reference(predecessor), portfolio.reference(successor));
    bool exists = portfolio.find_dependency(predecessor, successor).has_value();
    if (kind == EditKind::Add && exists)
      throw Conflict(message("dependency '{}' exists already", link)
                         .on_command_line("dependency '{}' exists already (change it with depend set)"));
    if (kind == EditKind::Set && !exists)
      throw NotFound(message("dependency '{}' not found", link)
                         .on_command_line("dependency '{}' not found (add it with depend add)"));
    ProblemList problems;
    auto index = apply_dependency(portfolio, given, InputLocation{}, problems);
    problems.throw_if_any();
    if (account) {
      TouchedProjects touched;
      touched.link(portfolio, portfolio.dependencies[static_cast<std::size_t>(index)]);
      touched.check(*account);
    }
    if (expected_version)
      check_link_version(database, portfolio, predecessor, successor, *expected_version);
    check_schedulable(portfolio, as_of);
    const Dependency& dependency = portfolio.dependencies[static_cast<std::size_t>(index)];
    result = DependencyResult{portfolio.reference(predecessor), portfolio.reference(successor),
                              dependency.type, dependency.lag_days};
  });
  return result;
}

void remove_dependency(store::Database& database, const store::ChangeContext& context,
                       const std::string& from, const std::string& to, const Account* account,
                       std::optional<std::int64_t> expected_version) {
  require_context(context);
  database.modify(context, [&](Portfolio& portfolio) {
    auto index = portfolio.find_dependency(portfolio.milestone_by_reference(from),
                                           portfolio.milestone_by_reference(to));
    if (!index)
      throw NotFound(message("no dependency {} -> {}", from, to));
    if (account) {
      TouchedProjects touched;
      touched.link(portfolio, portfolio.dependencies[static_cast<std::size_t>(*index)]);
      touched.check(*account);
    }
    if (expected_version) {
      const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(*index)];
      check_link_version(database, portfolio, link.from, link.to, *expected_version);
    }
    portfolio.remove_dependency(static_cast<std::size_t>(*index));
  });
}

namespace {

// save_baseline's rules for what it is given, before anything is read or written.
void check_baseline(const store::ChangeContext& context, const std::string& name) {
  require_context(context);
  require_valid_text("NAME", name);
  if (name.empty())
    throw InvalidInput(message("name: '': a baseline needs a name")
                           .on_command_line("NAME: '': a baseline needs a name"));
}

}  // namespace

std::size_t save_baseline(store::Database& database, const store::ChangeContext& context,
                          const std::string& name) {
  check_baseline(context, name);
  Portfolio portfolio = database.load();
  database.save_baseline(name, context.actor, portfolio);
  return portfolio.milestones.size();
}

InPlaceBaseline save_baseline_in_place(store::Database& database,
                                       const store::ChangeContext& context,
                                       const Portfolio& portfolio,
                                       const store::Database::Stamp& stamp,
                                       const std::string& name) {
  check_baseline(context, name);
  InPlaceBaseline saved;
  saved.written = database.write_if_unchanged(stamp, [&] {
    database.add_baseline(name, context.actor, portfolio);
    saved.stamp = database.stamp();
  });
  if (!saved.written)
    return saved;
  saved.milestones = portfolio.milestones.size();
  // As Database::baseline reads the rows back: every milestone's planned date by "CODE:key".
  for (const auto& milestone : portfolio.milestones)
    saved.dates[portfolio.projects[static_cast<std::size_t>(milestone.project)].code + ":" +
                milestone.key] = milestone.planned;
  return saved;
}

}  // namespace tiendo::operations
