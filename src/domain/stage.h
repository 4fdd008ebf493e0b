#pragma once
#include <optional>
#include <span>
#include <string_view>

namespace tiendo {

// The ladder a project climbs, in order; a project's stage is the highest rung it has reached.
enum class Stage { Proposed, InPlan, Approved, Permitted, Construction, Commissioning, Operating };

// Side states are dated events beside the ladder; Active ends a suspension.
enum class ProjectStatus { Active, Suspended, Cancelled, Retired };

std::string_view stage_key(Stage stage);
// The stage as a reader sees it: "Đang thi công", "Under construction" (capitalised, as every
// English label of a page is); the command line's English shows the key.
std::string_view stage_label_vi(Stage stage);
std::string_view stage_label_en(Stage stage);
std::optional<Stage> parse_stage(std::string_view key);
std::span<const Stage> all_stages();

// Where a project stands on a date: its rung on the ladder and the side state in force, if any.
struct ProjectStanding {
  Stage stage = Stage::Proposed;
  std::optional<ProjectStatus> status;
};

// The Global Energy Monitor tracker status (announced, pre-construction, construction,
// operating, shelved, mothballed, cancelled, retired) of a project standing so.
std::string_view gem_status(const ProjectStanding& standing);
// The EIA-860 status code (P, L, T, U, TS, OP, IP, OS, CN, RE) of a project standing so.
std::string_view eia860_status(const ProjectStanding& standing);

std::string_view status_key(ProjectStatus status);
std::string_view status_label_vi(ProjectStatus status);
std::string_view status_label_en(ProjectStatus status);
std::optional<ProjectStatus> parse_status(std::string_view key);

}  // namespace tiendo
