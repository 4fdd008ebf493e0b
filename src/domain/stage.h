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
std::string_view stage_label_vi(Stage stage);
std::string_view stage_label_en(Stage stage);
std::optional<Stage> parse_stage(std::string_view key);
std::span<const Stage> all_stages();

std::string_view status_key(ProjectStatus status);
std::string_view status_label_vi(ProjectStatus status);
std::optional<ProjectStatus> parse_status(std::string_view key);

}  // namespace tiendo
