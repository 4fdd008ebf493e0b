#pragma once
// The catalog of milestone keys every project shares. Each entry says what the milestone is called
// in the reports and which stage a project reaches when it is done (its gate).
#include <optional>
#include <span>
#include <string_view>

#include "domain/stage.h"
#include "domain/technology.h"

namespace tiendo {

struct MilestoneKind {
  std::string_view key;
  std::string_view label_en;
  std::string_view label_vi;
  std::optional<Stage> gate;
};

std::span<const MilestoneKind> milestone_catalog();
const MilestoneKind* find_milestone_kind(std::string_view key);
// The stage a done milestone raises a project to. A grid work becomes operating when its line is
// energised; for a plant the energised connection line is only a step toward commissioning.
std::optional<Stage> milestone_gate(std::string_view key, Technology technology);

}  // namespace tiendo
