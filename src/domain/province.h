#pragma once
// Vietnam's provinces before and after the reorganisation of 1 July 2025. A project keeps the
// province it was recorded under (the legacy one, in reports written before then); queries group
// by the current unit unless asked for the legacy ones.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tiendo {

struct Province {
  std::string legacy_name;
  std::string legacy_slug;
  std::string current_name;
  std::string current_slug;
  bool centrally_run = false;
};

// Projects imported from files that carry no province (the WRI database) are recorded as this.
inline constexpr std::string_view unknown_province = "unknown";

class ProvinceRegistry {
 public:
  // Parses the provinces CSV (legacy_province,legacy_slug,province_since_2025_07_01,...).
  static ProvinceRegistry from_csv(std::string_view csv_text);
  // The registry built into tiendo from fixtures/provinces.csv.
  static const ProvinceRegistry& builtin();

  const std::vector<Province>& provinces() const { return m_provinces; }

  // Finds the legacy province a user means, ignoring case and accents; a current unit's name
  // matches the legacy province of the same name. Throws InvalidInput with the nearest names.
  const Province& resolve_legacy(std::string_view name) const;
  const Province* find_legacy(std::string_view name) const;
  // True when the name is one of the 34 current units.
  std::optional<std::string> find_current(std::string_view name) const;
  // The current unit of a recorded (legacy) province name; unknown stays unknown.
  std::string_view current_of(std::string_view legacy_name) const;

 private:
  std::vector<Province> m_provinces;
  std::unordered_map<std::string, std::size_t> m_by_folded_legacy;
  std::unordered_map<std::string, std::string> m_current_by_folded;
};

// What a `--province` filter selects: a current unit means all of its legacy provinces, any other
// name that legacy province alone; with legacy_only every name is a legacy province.
class ProvinceFilter {
 public:
  static ProvinceFilter parse(std::string_view text, const ProvinceRegistry& registry,
                              bool legacy_only);
  bool matches(std::string_view recorded_legacy_name) const;
  const std::string& display_name() const { return m_display; }

 private:
  const ProvinceRegistry* m_registry = nullptr;
  std::string m_display;
  std::string m_legacy;
  std::string m_current;
};

}  // namespace tiendo
