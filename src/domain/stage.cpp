#include "domain/stage.h"

#include "domain/text.h"

#include <array>

namespace tiendo {
namespace {

struct StageInfo {
  Stage stage;
  std::string_view key;
  std::string_view label_en;
  std::string_view label_vi;
};

constexpr std::array<StageInfo, 7> stages{{
    {Stage::Proposed, "proposed", "Proposed", "Đề xuất, khảo sát"},
    {Stage::InPlan, "in_plan", "In plan", "Bổ sung quy hoạch"},
    {Stage::Approved, "approved", "Approved", "Chủ trương đầu tư"},
    {Stage::Permitted, "permitted", "Permitted", "Đủ thủ tục"},
    {Stage::Construction, "construction", "Under construction", "Đang thi công"},
    {Stage::Commissioning, "commissioning", "Commissioning", "Đóng điện, chạy thử"},
    {Stage::Operating, "operating", "Operating", "Vận hành thương mại"},
}};

constexpr std::array<Stage, 7> stage_list{
    Stage::Proposed,     Stage::InPlan,        Stage::Approved, Stage::Permitted,
    Stage::Construction, Stage::Commissioning, Stage::Operating};

struct StatusInfo {
  ProjectStatus status;
  std::string_view key;
  std::string_view label_en;
  std::string_view label_vi;
};

constexpr std::array<StatusInfo, 4> statuses{{
    {ProjectStatus::Active, "active", "Active", "Đang triển khai"},
    {ProjectStatus::Suspended, "suspended", "Suspended", "Tạm dừng"},
    {ProjectStatus::Cancelled, "cancelled", "Cancelled", "Hủy bỏ"},
    {ProjectStatus::Retired, "retired", "Retired", "Ngừng vận hành"},
}};

}  // namespace

std::string_view stage_key(Stage stage) {
  return stages[static_cast<std::size_t>(stage)].key;
}
std::string_view stage_label_en(Stage stage) {
  return stages[static_cast<std::size_t>(stage)].label_en;
}
std::string_view stage_label_vi(Stage stage) {
  return stages[static_cast<std::size_t>(stage)].label_vi;
}
std::span<const Stage> all_stages() {
  return stage_list;
}

std::optional<Stage> parse_stage(std::string_view key) {
  for (const auto& entry : stages)
    if (entry.key == key)
      return entry.stage;
  // The Vietnamese label is accepted too, accents and case ignored ("đang thi công").
  std::string folded = fold_for_matching(key);
  for (const auto& entry : stages)
    if (fold_for_matching(entry.label_vi) == folded)
      return entry.stage;
  return std::nullopt;
}

std::string_view status_key(ProjectStatus status) {
  return statuses[static_cast<std::size_t>(status)].key;
}
std::string_view status_label_en(ProjectStatus status) {
  return statuses[static_cast<std::size_t>(status)].label_en;
}
std::string_view status_label_vi(ProjectStatus status) {
  return statuses[static_cast<std::size_t>(status)].label_vi;
}
std::optional<ProjectStatus> parse_status(std::string_view key) {
  for (const auto& entry : statuses)
    if (entry.key == key)
      return entry.status;
  return std::nullopt;
}

// Global Energy Monitor counts a plant as announced until its developer takes concrete steps;
// inclusion in a national or provincial plan is such an announcement, not yet a step. Approval
// of the investment policy starts the permitting GEM calls pre-construction; commissioning is
// still construction until commercial operation. A suspension is "shelved" for a plant not yet
// built and "mothballed" for one that ran.
std::string_view gem_status(const ProjectStanding& standing) {
  if (standing.status) {
    switch (*standing.status) {
      case ProjectStatus::Suspended:
        return standing.stage == Stage::Operating ? "mothballed" : "shelved";
      case ProjectStatus::Cancelled:
        return "cancelled";
      case ProjectStatus::Retired:
        return "retired";
      case ProjectStatus::Active:
        break;
    }
  }
  switch (standing.stage) {
    case Stage::Proposed:
    case Stage::InPlan:
      return "announced";
    case Stage::Approved:
    case Stage::Permitted:
      return "pre-construction";
    case Stage::Construction:
    case Stage::Commissioning:
      return "construction";
    case Stage::Operating:
      return "operating";
  }
  return "announced";
}

// EIA-860 proposed-generator codes climb P (planned, no approvals sought), L (approvals
// pending), T (approvals received), U/V (under construction, up to or over half complete), TS
// (built, not yet in commercial operation) to OP. tiendo records no share complete, so
// construction is U, the code that claims less. A suspended plan is IP (indefinitely
// postponed); a suspended plant OS (out of service).
std::string_view eia860_status(const ProjectStanding& standing) {
  if (standing.status) {
    switch (*standing.status) {
      case ProjectStatus::Suspended:
        return standing.stage == Stage::Operating ? "OS" : "IP";
      case ProjectStatus::Cancelled:
        return "CN";
      case ProjectStatus::Retired:
        return "RE";
      case ProjectStatus::Active:
        break;
    }
  }
  switch (standing.stage) {
    case Stage::Proposed:
    case Stage::InPlan:
      return "P";
    case Stage::Approved:
      return "L";
    case Stage::Permitted:
      return "T";
    case Stage::Construction:
      return "U";
    case Stage::Commissioning:
      return "TS";
    case Stage::Operating:
      return "OP";
  }
  return "P";
}

}  // namespace tiendo
