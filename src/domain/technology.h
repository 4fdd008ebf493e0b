#pragma once
#include <optional>
#include <span>
#include <string_view>

namespace tiendo {

enum class Technology {
  WindOnshore,
  WindNearshore,
  WindOffshore,
  SolarFarm,
  SolarRooftop,
  SolarFloating,
  Coal,
  Gas,
  Biomass,
  Waste,
  Hydro,
  HydroSmall,
  PumpedStorage,
  Oil,
  Nuclear,
  RenewableMixed,
  Other,
  Grid
};

// Groups answer the planner's usual question ("how much wind?") without listing every kind.
enum class TechnologyGroup { Wind, Solar, Thermal, Hydro, None };

std::string_view technology_key(Technology technology);
std::string_view technology_label_vi(Technology technology);
std::optional<Technology> parse_technology(std::string_view key);
std::span<const Technology> all_technologies();
TechnologyGroup technology_group(Technology technology);
std::string_view technology_group_key(TechnologyGroup group);
std::optional<TechnologyGroup> parse_technology_group(std::string_view key);

// A filter of one technology or one group, as `--technology wind` or `--technology coal`.
class TechnologyFilter {
 public:
  // Throws InvalidInput listing the valid keys when the text is neither.
  static TechnologyFilter parse(std::string_view text);
  bool matches(Technology technology) const;

 private:
  std::optional<Technology> m_technology;
  TechnologyGroup m_group = TechnologyGroup::None;
};

}  // namespace tiendo
