#include "io/json_export.h"

#include <ostream>

#include "domain/progress.h"

namespace tiendo::io {
namespace {

nlohmann::json text_json(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json capacity_json(const std::optional<Capacity>& capacity) {
  return capacity ? nlohmann::json(capacity->megawatts()) : nlohmann::json(nullptr);
}

nlohmann::json number_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json date_json(const std::optional<Date>& date) {
  return date ? nlohmann::json(date->iso_day()) : nlohmann::json(nullptr);
}

void add_date(nlohmann::json& object, const std::string& key, const std::optional<Date>& date) {
  object[key] = date_json(date);
  if (date && date->precision() != DatePrecision::Day)
    object[key + "_as_entered"] = date->iso();
}

nlohmann::json project_json(const Project& project) {
  nlohmann::json object = {{"code", project.code},
                           {"name", project.name},
                           {"technology", technology_key(project.technology)},
                           {"province", project.province},
                           {"capacity_mw", capacity_json(project.capacity)},
                           {"capacity_mwp", capacity_json(project.capacity_peak)},
                           {"investor", text_json(project.investor)},
                           {"parent", text_json(project.parent)},
                           {"stage", stage_key(project.stage)}};
  add_date(object, "target_cod", project.target_cod);
  object["lat"] = number_json(project.latitude);
  object["lon"] = number_json(project.longitude);
  object["site"] = text_json(project.site);
  object["source"] = text_json(project.source);
  // Only a project on a working calendar has the key, as the CSV has the column only then.
  if (!project.calendar.empty())
    object["calendar"] = project.calendar;
  return object;
}

nlohmann::json milestone_json(const Portfolio& portfolio, const Milestone& milestone) {
  nlohmann::json object = {
      {"project", portfolio.projects[static_cast<std::size_t>(milestone.project)].code},
      {"key", milestone.key},
      {"name", text_json(milestone.name)},
      {"duration_days", milestone.duration_days}};
  add_date(object, "planned", milestone.planned);
  add_date(object, "actual_start", milestone.actual_start);
  add_date(object, "actual", milestone.actual);
  add_date(object, "forecast", milestone.forecast);
  object["reason"] = text_json(milestone.reason);
  object["source"] = text_json(milestone.source);
  return object;
}

nlohmann::json dependency_json(const Portfolio& portfolio, const Dependency& dependency) {
  nlohmann::json object = {{"from", portfolio.reference(dependency.from)},
                           {"to", portfolio.reference(dependency.to)},
                           {"type", link_type_key(dependency.type)},
                           {"lag_days", dependency.lag_days}};
  // What an imported schedule brings, only where a link has it.
  if (dependency.lag_minutes)
    object["lag_minutes"] = *dependency.lag_minutes;
  if (dependency.lag_calendar)
    object["lag_calendar"] = lag_calendar_text(*dependency.lag_calendar);
  return object;
}

void write_portfolio_json(std::ostream& out, const Portfolio& portfolio,
                          const std::vector<ProjectStanding>& standings, TableSelection selection,
                          const std::function<std::string(const nlohmann::json&)>& row_text) {
  bool first_table = true;
  auto write_table = [&](std::string_view name, std::size_t count, const auto& row_of) {
    out << (first_table ? "{\n" : ",\n") << "  \"" << name << "\": ";
    first_table = false;
    if (count == 0) {
      out << "[]";
      return;
    }
    out << "[\n";
    ProgressCounter progress(ProgressTask::Writing, count);
    std::string indented;
    for (std::size_t i = 0; i < count; ++i) {
      // A row sits two levels deep: each of its lines four spaces further in. Its text has no
      // newline but between its lines (a string's own are escaped).
      std::string text = row_text(row_of(i));
      indented.assign("    ");
      for (std::size_t from = 0;;) {
        std::size_t newline = text.find('\n', from);
        indented.append(text, from,
                        newline == std::string::npos ? std::string::npos : newline + 1 - from);
        if (newline == std::string::npos)
          break;
        indented.append("    ");
        from = newline + 1;
      }
      indented.append(i + 1 < count ? ",\n" : "\n");
      out << indented;
      progress.add();
    }
    out << "  ]";
  };
  // In the order of the keys of a JSON object as nlohmann keeps them: sorted.
  if (selection.dependencies)
    write_table("dependencies", portfolio.dependencies.size(), [&](std::size_t d) {
      return dependency_json(portfolio, portfolio.dependencies[d]);
    });
  if (selection.milestones)
    write_table("milestones", portfolio.milestones.size(),
                [&](std::size_t m) { return milestone_json(portfolio, portfolio.milestones[m]); });
  if (selection.projects)
    write_table("projects", portfolio.projects.size(), [&](std::size_t p) {
      auto row = project_json(portfolio.projects[p]);
      row["gem_status"] = gem_status(standings[p]);
      row["eia860_status"] = eia860_status(standings[p]);
      return row;
    });
  out << (first_table ? "{}\n" : "\n}\n");
}

}  // namespace tiendo::io
