#include "domain/technology.h"

#include "domain/text.h"

#include <fmt/format.h>

#include <array>

#include "domain/error.h"

namespace tiendo {
namespace {

struct TechnologyInfo {
  Technology technology;
  std::string_view key;
  std::string_view label_vi;
  TechnologyGroup group;
};

constexpr std::array<TechnologyInfo, 18> technologies{{
    {Technology::WindOnshore, "wind_onshore", "Điện gió trên bờ", TechnologyGroup::Wind},
    {Technology::WindNearshore, "wind_nearshore", "Điện gió gần bờ", TechnologyGroup::Wind},
    {Technology::WindOffshore, "wind_offshore", "Điện gió ngoài khơi", TechnologyGroup::Wind},
    {Technology::SolarFarm, "solar_farm", "Điện mặt trời", TechnologyGroup::Solar},
    {Technology::SolarRooftop, "solar_rooftop", "Điện mặt trời mái nhà", TechnologyGroup::Solar},
    {Technology::SolarFloating, "solar_floating", "Điện mặt trời nổi", TechnologyGroup::Solar},
    {Technology::Coal, "coal", "Nhiệt điện than", TechnologyGroup::Thermal},
    {Technology::Gas, "gas", "Nhiệt điện khí, LNG", TechnologyGroup::Thermal},
    {Technology::Biomass, "biomass", "Điện sinh khối", TechnologyGroup::None},
    {Technology::Waste, "waste", "Điện rác", TechnologyGroup::None},
    {Technology::Hydro, "hydro", "Thủy điện", TechnologyGroup::Hydro},
    {Technology::HydroSmall, "hydro_small", "Thủy điện nhỏ", TechnologyGroup::Hydro},
    {Technology::PumpedStorage, "pumped_storage", "Thủy điện tích năng", TechnologyGroup::Hydro},
    {Technology::Oil, "oil", "Nhiệt điện dầu", TechnologyGroup::Thermal},
    {Technology::Nuclear, "nuclear", "Điện hạt nhân", TechnologyGroup::None},
    {Technology::RenewableMixed, "renewable_mixed", "Năng lượng tái tạo", TechnologyGroup::None},
    {Technology::Other, "other", "Khác", TechnologyGroup::None},
    {Technology::Grid, "grid", "Lưới điện", TechnologyGroup::None},
}};

constexpr std::array<Technology, 18> technology_list = [] {
  std::array<Technology, 18> list{};
  for (std::size_t i = 0; i < technologies.size(); ++i)
    list[i] = technologies[i].technology;
  return list;
}();

const TechnologyInfo& info(Technology technology) {
  return technologies[static_cast<std::size_t>(technology)];
}

}  // namespace

std::string_view technology_key(Technology technology) {
  return info(technology).key;
}
std::string_view technology_label_vi(Technology technology) {
  return info(technology).label_vi;
}
TechnologyGroup technology_group(Technology technology) {
  return info(technology).group;
}
std::span<const Technology> all_technologies() {
  return technology_list;
}

std::optional<Technology> parse_technology(std::string_view key) {
  for (const auto& entry : technologies)
    if (entry.key == key)
      return entry.technology;
  // Staff write the Vietnamese label as often as the key ("Điện gió trên bờ", "dien gio tren bo").
  std::string folded = fold_for_matching(key);
  for (const auto& entry : technologies)
    if (fold_for_matching(entry.label_vi) == folded)
      return entry.technology;
  return std::nullopt;
}

std::string_view technology_group_key(TechnologyGroup group) {
  switch (group) {
    case TechnologyGroup::Wind:
      return "wind";
    case TechnologyGroup::Solar:
      return "solar";
    case TechnologyGroup::Thermal:
      return "thermal";
    case TechnologyGroup::Hydro:
      return "hydro";
    case TechnologyGroup::None:
      break;
  }
  return "";
}

std::optional<TechnologyGroup> parse_technology_group(std::string_view key) {
  for (auto group : {TechnologyGroup::Wind, TechnologyGroup::Solar, TechnologyGroup::Thermal,
                     TechnologyGroup::Hydro})
    if (technology_group_key(group) == key)
      return group;
  return std::nullopt;
}

TechnologyFilter TechnologyFilter::parse(std::string_view text) {
  TechnologyFilter filter;
  // "hydro" is both a technology and a group; as a filter the group is what a planner means.
  if (auto group = parse_technology_group(text)) {
    filter.m_group = *group;
    return filter;
  }
  if (auto technology = parse_technology(text)) {
    filter.m_technology = technology;
    return filter;
  }
  std::string keys = "wind, solar, thermal, hydro";
  for (const auto& entry : technologies)
    keys += fmt::format(", {}", entry.key);
  // A page offers the technologies as a list of their labels; the command line names the codes.
  throw InvalidInput(message("technology: '{}': unknown; choose one from the list", text)
                         .on_command_line(fmt::format("technology: '{{}}': unknown (one of {})",
                                                      keys)));
}

bool TechnologyFilter::matches(Technology technology) const {
  if (m_technology)
    return *m_technology == technology;
  return technology_group(technology) == m_group;
}

}  // namespace tiendo
