#include "domain/province.h"

#include <fmt/format.h>

#include "domain/error.h"
#include "domain/reference_data.h"
#include "domain/text.h"

namespace tiendo {
namespace {

std::vector<std::string_view> split_line(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return fields;
}

// Users write "Tỉnh Sóc Trăng" or "TP. Cần Thơ" as often as the bare name.
std::string fold_province(std::string_view name) {
  std::string folded = fold_for_matching(name);
  for (std::string_view prefix : {"tinh ", "thanh pho ", "tp "}) {
    if (folded.starts_with(prefix))
      return folded.substr(prefix.size());
  }
  return folded;
}

}  // namespace

ProvinceRegistry ProvinceRegistry::from_csv(std::string_view csv_text) {
  ProvinceRegistry registry;
  std::size_t start = 0;
  bool header = true;
  while (start < csv_text.size()) {
    std::size_t end = csv_text.find('\n', start);
    std::string_view line =
        csv_text.substr(start, end == std::string_view::npos ? end : end - start);
    start = end == std::string_view::npos ? csv_text.size() : end + 1;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty())
      continue;
    if (header) {
      header = false;
      continue;
    }
    auto fields = split_line(line);
    if (fields.size() != 5)
      throw Error(fmt::format("provinces table: bad line '{}'", line));
    Province province{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                      std::string(fields[3]), fields[4] == "yes"};
    registry.m_by_folded_legacy[fold_province(province.legacy_name)] = registry.m_provinces.size();
    registry.m_by_folded_legacy[fold_province(province.legacy_slug)] = registry.m_provinces.size();
    registry.m_current_by_folded[fold_province(province.current_name)] = province.current_name;
    registry.m_current_by_folded[fold_province(province.current_slug)] = province.current_name;
    registry.m_provinces.push_back(std::move(province));
  }
  // Names the reports use that the 2025 table does not: Thừa Thiên Huế became Huế in January
  // 2025, Hồ Chí Minh City is written TP HCM or Sài Gòn, Bà Rịa–Vũng Tàu with a plain hyphen.
  // Each finds the province it means; the project keeps the table's name.
  constexpr std::pair<std::string_view, std::string_view> aliases[] = {
      {"Thừa Thiên Huế", "Huế"},
      {"Thừa Thiên - Huế", "Huế"},
      {"TP HCM", "Hồ Chí Minh"},
      {"TPHCM", "Hồ Chí Minh"},
      {"TP.HCM", "Hồ Chí Minh"},
      {"TP. Hồ Chí Minh", "Hồ Chí Minh"},
      {"Sài Gòn", "Hồ Chí Minh"},
      {"Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu"},
      {"Bà Rịa Vũng Tàu", "Bà Rịa–Vũng Tàu"}};
  for (const auto& [alias, name] : aliases) {
    auto target = registry.m_by_folded_legacy.find(fold_province(name));
    if (target != registry.m_by_folded_legacy.end())
      registry.m_by_folded_legacy.try_emplace(fold_province(alias), target->second);
  }
  return registry;
}

const ProvinceRegistry& ProvinceRegistry::builtin() {
  static const ProvinceRegistry registry = from_csv(builtin_provinces_csv());
  return registry;
}

const Province* ProvinceRegistry::find_legacy(std::string_view name) const {
  auto found = m_by_folded_legacy.find(fold_province(name));
  return found == m_by_folded_legacy.end() ? nullptr : &m_provinces[found->second];
}

const Province& ProvinceRegistry::resolve_legacy(std::string_view name) const {
  if (const auto* province = find_legacy(name))
    return *province;
  std::vector<std::string> names;
  for (const auto& province : m_provinces)
    names.push_back(province.legacy_name);
  auto nearest = nearest_names(name, names);
  throw InvalidInput(
      message("'{}': unknown province (nearest: {})", name, fmt::format("{}", fmt::join(nearest, ", "))));
}

std::optional<std::string> ProvinceRegistry::find_current(std::string_view name) const {
  auto found = m_current_by_folded.find(fold_province(name));
  if (found == m_current_by_folded.end())
    return std::nullopt;
  return found->second;
}

std::string_view ProvinceRegistry::current_of(std::string_view legacy_name) const {
  if (const auto* province = find_legacy(legacy_name))
    return province->current_name;
  return legacy_name;
}

ProvinceFilter ProvinceFilter::parse(std::string_view text, const ProvinceRegistry& registry,
                                     bool legacy_only) {
  ProvinceFilter filter;
  filter.m_registry = &registry;
  if (fold_for_matching(text) == unknown_province) {
    filter.m_legacy = unknown_province;
    filter.m_display = unknown_province;
    return filter;
  }
  if (!legacy_only) {
    if (auto current = registry.find_current(text)) {
      filter.m_current = *current;
      filter.m_display = *current;
      return filter;
    }
  }
  try {
    filter.m_legacy = registry.resolve_legacy(text).legacy_name;
  } catch (const InvalidInput& error) {
    // The same message naming the option, as one message id that each face words whole.
    const auto& refused = error.messages().front();
    throw InvalidInput(message("--province: '{}': unknown province (nearest: {})",
                               refused.values.at(0), refused.values.at(1)));
  }
  filter.m_display = filter.m_legacy;
  return filter;
}

bool ProvinceFilter::matches(std::string_view recorded_legacy_name) const {
  if (!m_current.empty())
    return m_registry->current_of(recorded_legacy_name) == m_current;
  return recorded_legacy_name == m_legacy;
}

}  // namespace tiendo
