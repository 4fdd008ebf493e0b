#pragma once
// The capacity pipeline: MW and project counts grouped by province, technology, stage, year of
// commercial operation and investor, as of any date. Leaves only (a parent's MW are its
// children's), never grid works, in MW AC with MWp beside it for solar.
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "analysis/schedule.h"
#include "domain/province.h"

namespace tiendo::analysis {

// The stage a project had reached by a date: its explicit stage raised by the gates of the
// milestones done by then.
Stage stage_as_of(const Portfolio& portfolio, std::int32_t project, Date date,
                  const std::vector<std::vector<std::int32_t>>& milestones_by_project);
// The same from the project's own milestones (Portfolio::milestones_of).
Stage stage_as_of(const Portfolio& portfolio, std::int32_t project, Date date,
                  std::span<const std::int32_t> milestones);
// The side state in force on a date (the latest status event on or before it), if any.
std::optional<ProjectStatus> status_as_of(const Portfolio& portfolio, std::int32_t project,
                                          Date date);
// The side state in force on a date for every project at once, in one pass over the events (a
// call of status_as_of per project would read every event once per project).
std::vector<std::optional<ProjectStatus>> statuses_as_of(const Portfolio& portfolio, Date date);
// Stage key, or the side state's key when one is in force ("suspended", "cancelled", "retired"),
// the status as statuses_as_of gives it.
std::string stage_or_status_key(const Portfolio& portfolio, std::int32_t project, Date date,
                                const std::vector<std::vector<std::int32_t>>& milestones_by_project,
                                std::optional<ProjectStatus> status);

std::vector<std::vector<std::int32_t>> milestones_by_project(const Portfolio& portfolio);

enum class GroupField { Province, Technology, TechnologyGroup, Stage, CodYear, Investor };
std::string_view group_field_key(GroupField field);
std::optional<GroupField> parse_group_field(std::string_view key);

// A project's value of a field that depends on the project alone (province, technology,
// technology group, investor); nullopt for "none", and for the fields that depend on a date.
std::optional<std::string> project_group_value(const Project& project, GroupField field,
                                               bool legacy_provinces,
                                               const ProvinceRegistry& provinces);

enum class CodBasis { Forecast, Planned };

struct PipelineQuery {
  std::vector<GroupField> group_by;
  std::optional<ProvinceFilter> province;
  std::optional<TechnologyFilter> technology;
  std::optional<std::string> stage;  // A stage or side-state key.
  bool legacy_provinces = false;
  CodBasis cod_basis = CodBasis::Forecast;
};

struct PipelineRow {
  std::vector<std::optional<std::string>> keys;  // One per group field; nullopt is "none".
  std::int64_t projects = 0;
  Capacity mw;
  Capacity mwp;
};

struct PipelineResult {
  std::vector<PipelineRow> rows;  // Sorted by key; stages in ladder order.
  PipelineRow total;
  std::vector<std::string> warnings;  // Parents whose capacity differs from their children's.
};

// Whether the pipeline asked needs the schedule (COD years come from the network); without it, it
// reads only the projects, their status events and the done milestones of pipeline_milestone_keys.
bool pipeline_needs_schedule(const PipelineQuery& query);
// The keys of the milestones that can raise a project's stage when done (a gate).
std::vector<std::string> pipeline_milestone_keys();

// `schedule` supplies forecast COD years; it must be computed at the same as-of date.
PipelineResult compute_pipeline(const Portfolio& portfolio, const Schedule& schedule,
                                const PipelineQuery& query, const ProvinceRegistry& provinces);

namespace detail {
struct ProjectShare;
}

// The pipeline kept between states of one portfolio (the same projects, in the same order), so
// that after edits only the projects whose values may have moved are counted again: each
// project's share (its MW and MWp) is taken out of the group it was in and put in the one it
// falls in now. result() equals compute_pipeline's answer on the new state
// (tests/unit/test_incremental_pipeline.cpp).
class PipelineTally {
 public:
  // `by_project` is milestones_by_project(portfolio) (operations::ProjectIndex keeps it).
  PipelineTally(const Portfolio& portfolio, const Schedule& schedule, const PipelineQuery& query,
                const ProvinceRegistry& provinces,
                const std::vector<std::vector<std::int32_t>>& by_project);
  // Brought up to the new state: `changed` marks by project those whose fields, status events
  // or milestones (their fields or schedule entries) may differ; those whose place among the
  // parents and children changed are found here. False, and nothing changed, when the new state
  // has other projects or another as-of date: then a new tally is needed.
  bool update(const Portfolio& portfolio, const Schedule& schedule,
              const std::vector<bool>& changed, const ProvinceRegistry& provinces,
              const std::vector<std::vector<std::int32_t>>& by_project);
  PipelineResult result() const;
  const PipelineQuery& query() const { return m_query; }

 private:
  void count(std::size_t project, const std::optional<detail::ProjectShare>& share);
  static std::int32_t parent_of(const Portfolio& portfolio, const Project& project);
  void note_parents(const Portfolio& portfolio);

  PipelineQuery m_query;
  Date m_as_of;
  std::vector<bool> m_leaf;
  // By project: its parent's index (-1: none); and every code named as a parent.
  std::shared_ptr<const std::vector<std::int32_t>> m_parent;
  // (Shared: a tally is copied for each snapshot after an edit, the names rarely change.)
  std::shared_ptr<const std::unordered_set<std::string>> m_parent_names;
  // By project: the group it is counted in (-1: none) and the MW and MWp it added there. Kept
  // in chunks shared with the tally this one was copied from, as a tally is copied for every
  // snapshot after an edit and changes in a few projects: copying the whole table each time
  // was most of the first dashboard after a save.
  struct Counted {
    std::int32_t group = -1;
    Capacity mw, mwp;
  };
  static constexpr std::size_t counted_chunk = 512;
  std::size_t m_project_count = 0;
  std::vector<std::shared_ptr<std::vector<Counted>>> m_counted;
  const Counted& counted(std::size_t project) const;
  Counted& counted_for_writing(std::size_t project);
  std::map<std::vector<std::string>, std::int32_t> m_group_index;
  std::vector<PipelineRow> m_groups;
  PipelineRow m_total;
  std::vector<std::string> m_warnings;
};

// What moved between two dates: for each stage, the projects (and MW) that reached it or beyond
// after `from` and by `to`, the way reports say "in nine months, 7 projects started construction".
struct StageMovement {
  Stage stage = Stage::Proposed;
  std::int64_t projects = 0;
  Capacity mw;
  std::vector<std::int32_t> project_indices;
};
std::vector<StageMovement> compare_stages(const Portfolio& portfolio, const PipelineQuery& query,
                                          Date from, Date to, const ProvinceRegistry& provinces);

}  // namespace tiendo::analysis
