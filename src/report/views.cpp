#include "report/views.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <vector>

#include "analysis/impact.h"
#include "domain/text.h"
#include "report/labels.h"
#include "report/periodic_report.h"
#include "report/wording.h"

namespace tiendo::report {
namespace {

// A key as a person reads it: Vietnamese labels for stages and technologies with --lang vi.
std::string display(analysis::GroupField field, const std::optional<std::string>& value,
                    Language language, bool labels) {
  if (!value)
    return std::string(word("(none)", language));
  if (language != Language::Vietnamese) {
    if (!labels)
      return *value;
    if (field == analysis::GroupField::Stage) {
      if (auto stage = parse_stage(*value))
        return std::string(stage_label_en(*stage));
      if (auto status = parse_status(*value))
        return std::string(status_label_en(*status));
    }
    if (field == analysis::GroupField::Technology ||
        field == analysis::GroupField::TechnologyGroup)
      return technology_bucket_label(*value, language);
    return *value;
  }
  if (field == analysis::GroupField::Stage) {
    if (auto stage = parse_stage(*value))
      return std::string(stage_label_vi(*stage));
    if (auto status = parse_status(*value))
      return std::string(status_label_vi(*status));
  }
  if (field == analysis::GroupField::Technology)
    if (auto technology = parse_technology(*value))
      return std::string(technology_label_vi(*technology));
  if (field == analysis::GroupField::TechnologyGroup)
    return technology_bucket_label(*value, language);
  return *value;
}

nlohmann::json optional_text(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

}  // namespace

Table pipeline_table(const analysis::PipelineResult& result,
                     const std::vector<analysis::GroupField>& group_by, Language language,
                     bool labels) {
  Table table;
  auto mw = [&](Capacity capacity) { return format_megawatts(capacity, language); };
  auto mwp = [&](Capacity capacity) {
    return capacity.watts() == 0 ? std::string() : mw(capacity);
  };
  for (auto field : group_by) {
    std::string header(word_for_key(analysis::group_field_key(field), language));
    if (labels && language != Language::Vietnamese) {
      header = field == analysis::GroupField::CodYear ? "COD year" : header;
      std::replace(header.begin(), header.end(), '_', ' ');
    }
    table.headers.push_back(std::move(header));
    table.alignment.push_back(Align::Left);
  }
  for (auto& header : headers(language, {"projects", "MW", "MWp"}))
    table.headers.push_back(std::move(header));
  table.alignment.insert(table.alignment.end(), {Align::Right, Align::Right, Align::Right});
  for (const auto& row : result.rows) {
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < row.keys.size(); ++i)
      cells.push_back(display(group_by[i], row.keys[i], language, labels));
    cells.insert(cells.end(), {format_integer(row.projects, language), mw(row.mw), mwp(row.mwp)});
    table.rows.push_back(std::move(cells));
  }
  std::vector<std::string> total(group_by.size(), "");
  if (!total.empty())
    total[0] = word("total", language);
  total.insert(total.end(), {format_integer(result.total.projects, language), mw(result.total.mw),
                             mwp(result.total.mwp)});
  table.total_rows.push_back(table.rows.size());
  table.rows.push_back(std::move(total));
  return table;
}

nlohmann::json pipeline_json(const analysis::PipelineResult& result,
                             const std::vector<analysis::GroupField>& group_by, Date as_of) {
  nlohmann::json rows = nlohmann::json::array();
  nlohmann::json fields = nlohmann::json::array();
  for (auto field : group_by)
    fields.push_back(analysis::group_field_key(field));
  for (const auto& row : result.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t i = 0; i < row.keys.size(); ++i) {
      std::string key(analysis::group_field_key(group_by[i]));
      if (!row.keys[i])
        object[key] = nullptr;
      else if (group_by[i] == analysis::GroupField::CodYear)
        object[key] = std::stoi(*row.keys[i]);
      else
        object[key] = *row.keys[i];
    }
    object["projects"] = row.projects;
    object["mw"] = row.mw.megawatts();
    if (row.mwp.watts() != 0)
      object["mwp"] = row.mwp.megawatts();
    rows.push_back(std::move(object));
  }
  nlohmann::json total = {{"projects", result.total.projects}, {"mw", result.total.mw.megawatts()}};
  if (result.total.mwp.watts() != 0)
    total["mwp"] = result.total.mwp.megawatts();
  return {{"as_of", as_of.iso_day()}, {"group_by", fields}, {"rows", rows}, {"total", total}};
}

std::optional<Capacity> alert_capacity(const Portfolio& portfolio, const std::vector<bool>& leaf,
                                       std::int32_t project) {
  const Project& entry = portfolio.projects[static_cast<std::size_t>(project)];
  if (!leaf[static_cast<std::size_t>(project)] || entry.technology == Technology::Grid)
    return std::nullopt;
  return entry.capacity;
}

namespace {
std::string alert_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                        const analysis::Alert& alert, Language language) {
  if (alert.milestone < 0 || alert.kind == analysis::AlertKind::OutOfSequence)
    return "";
  return summarise_chain(portfolio, schedule, alert.milestone, language);
}
std::string alert_key(const Portfolio& portfolio, const analysis::Alert& alert) {
  return alert.milestone >= 0 ? portfolio.milestones[static_cast<std::size_t>(alert.milestone)].key
                              : "";
}
// The milestone and the reason as a reader of the table's language meets them: a Vietnamese
// table names them by their labels; the English one keeps the keys the command line takes.
std::string alert_milestone_text(const Portfolio& portfolio, const analysis::Alert& alert,
                                 Language language) {
  if (alert.milestone < 0 || language != Language::Vietnamese)
    return alert_key(portfolio, alert);
  return milestone_label(portfolio.milestones[static_cast<std::size_t>(alert.milestone)], language);
}
std::string alert_reason_text(const analysis::Alert& alert, Language language) {
  return language == Language::Vietnamese ? reason_text(alert.reason, language) : alert.reason;
}
}  // namespace

Table alerts_table(const Portfolio& portfolio, const analysis::Schedule& schedule,
                   const std::vector<analysis::Alert>& alerts, Language language) {
  auto leaf = analysis::leaf_projects(portfolio);
  Table table;
  table.headers = headers(language, {"severity", "kind", "project", "milestone", "days", "MW",
                                     "message", "reason", "driver chain"});
  table.alignment = {Align::Left, Align::Left,  Align::Left,
                     Align::Left, Align::Right, Align::Right};
  for (const auto& alert : alerts) {
    auto mw = alert_capacity(portfolio, leaf, alert.project);
    table.rows.push_back(
        {std::string(severity_label(alert.severity, language)),
         std::string(alert_kind_label(alert.kind, language)),
         portfolio.projects[static_cast<std::size_t>(alert.project)].code,
         alert_milestone_text(portfolio, alert, language), format_integer(alert.days, language),
         mw ? format_megawatts(*mw, language) : "", alert_message(portfolio, alert, language),
         alert_reason_text(alert, language), alert_chain(portfolio, schedule, alert, language)});
  }
  return table;
}

namespace {
nlohmann::json alert_object(const Portfolio& portfolio, const analysis::Schedule& schedule,
                            const std::vector<bool>& leaf, const analysis::Alert& alert) {
  auto mw = alert_capacity(portfolio, leaf, alert.project);
  std::string key = alert_key(portfolio, alert);
  return {{"project", portfolio.projects[static_cast<std::size_t>(alert.project)].code},
          {"milestone", optional_text(key)},
          {"kind", analysis::alert_kind_key(alert.kind)},
          {"severity", analysis::severity_key(alert.severity)},
          {"days", alert.days},
          {"message", alert_message(portfolio, alert, Language::English)},
          {"mw", mw ? nlohmann::json(mw->megawatts()) : nlohmann::json(nullptr)},
          {"driver_chain",
           optional_text(alert_chain(portfolio, schedule, alert, Language::English))},
          {"reason", optional_text(alert.reason)},
          {"source", optional_text(alert.source)}};
}
}  // namespace

nlohmann::json alerts_json(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           const std::vector<analysis::Alert>& alerts) {
  auto leaf = analysis::leaf_projects(portfolio);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& alert : alerts)
    rows.push_back(alert_object(portfolio, schedule, leaf, alert));
  return {{"as_of", schedule.as_of.iso_day()}, {"alerts", rows}};
}

std::string alert_json_row(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           const std::vector<bool>& leaf, const analysis::Alert& alert) {
  // json_text's own writing of the object alone, then indented by the two levels it stands at
  // in the document ("alerts" of the top object): only the layout's line breaks are raw
  // newlines, as text's are escaped.
  std::string alone = json_text(alert_object(portfolio, schedule, leaf, alert));
  std::string row;
  row.reserve(alone.size() + 64);
  for (char c : alone) {
    row.push_back(c);
    if (c == '\n')
      row.append("    ");
  }
  return row;
}

std::string alerts_json_text(Date as_of, const std::vector<std::string_view>& rows) {
  std::size_t size = 64;
  for (auto row : rows)
    size += row.size() + 6;
  std::string text;
  text.reserve(size);
  text += "{\n  \"alerts\": [";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    text += i == 0 ? "\n    " : ",\n    ";
    text += rows[i];
  }
  text += rows.empty() ? "]" : "\n  ]";
  text += ",\n  \"as_of\": \"" + as_of.iso_day() + "\"\n}";
  return text;
}

std::string json_text(const nlohmann::json& value) {
  // JSON cannot carry bytes that are not UTF-8 (an older database or another tool may have
  // stored some): each becomes U+FFFD, as in every other file tiendo writes. Control characters
  // are JSON's own escapes (\u001b), so the text comes back whole.
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_schedule_json(std::ostream& out, const Portfolio& portfolio,
                         const analysis::Schedule& schedule, std::optional<std::int32_t> only,
                         const std::vector<std::optional<std::int32_t>>* baseline_slips) {
  fmt::memory_buffer buffer;
  auto json_date = [](std::optional<std::int32_t> days) {
    return days ? json_string(Date::from_days(*days).iso_day()) : std::string("null");
  };
  // A coarse date keeps its precision beside the day it stands for, as every JSON shape does
  // (io::milestone_json): "planned": "2019-07-31", "planned_as_entered": "2019-07".
  auto json_entered_date = [](std::string_view key, const std::optional<Date>& date) {
    std::string text = fmt::format("\"{}\": {}", key, date ? json_string(date->iso_day()) : "null");
    if (date && date->precision() != DatePrecision::Day)
      text += fmt::format(", \"{}_as_entered\": {}", key, json_string(date->iso()));
    return text;
  };
  auto json_number = [](std::optional<std::int32_t> value) {
    return value ? std::to_string(value.value()) : std::string("null");
  };
  fmt::format_to(std::back_inserter(buffer), "{{\n  \"as_of\": \"{}\",\n  \"milestones\": [",
                 schedule.as_of.iso_day());
  bool first = true;
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    if (only && milestone.project != *only)
      continue;
    const auto& entry = schedule.milestones[m];
    auto slip = analysis::slip_days(milestone, entry);
    std::string driver =
        entry.driver == analysis::DriverKind::Predecessor
            ? portfolio.reference(
                  portfolio.dependencies[static_cast<std::size_t>(entry.driver_dependency)].from)
            : std::string(analysis::driver_kind_key(entry.driver));
    fmt::format_to(
        std::back_inserter(buffer),
        "{}\n    {{\"project\": {}, \"key\": {}, {}, {}, "
        "\"early_start\": {}, \"early_finish\": {}, \"late_finish\": {}, "
        "\"total_float_days\": {}, \"critical\": {}, \"slip_days\": {}, \"driver\": {}",
        first ? "" : ",",
        json_string(portfolio.projects[static_cast<std::size_t>(milestone.project)].code),
        json_string(milestone.key), json_entered_date("planned", milestone.planned),
        json_entered_date("actual", milestone.actual), json_date(entry.early_start),
        json_date(entry.early_finish), json_date(entry.late_finish), json_number(entry.total_float),
        entry.critical ? "true" : "false", json_number(slip), json_string(driver));
    if (baseline_slips)
      fmt::format_to(std::back_inserter(buffer), ", \"baseline_slip_days\": {}",
                     json_number((*baseline_slips)[m]));
    buffer.push_back('}');
    first = false;
    if (buffer.size() > (1 << 20)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  fmt::format_to(std::back_inserter(buffer), "{}]\n}}\n", first ? "" : "\n  ");
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

nlohmann::json impact_json(const Portfolio& portfolio, const analysis::Impact& impact, Date as_of,
                           const std::string& reference, std::int32_t slip_days) {
  nlohmann::json projects = nlohmann::json::array();
  for (const auto& entry : impact.projects)
    projects.push_back(
        {{"project", portfolio.projects[static_cast<std::size_t>(entry.project)].code},
         {"cod_before", Date::from_days(entry.cod_before).iso_day()},
         {"cod_after", Date::from_days(entry.cod_after).iso_day()},
         {"days", entry.cod_after - entry.cod_before},
         {"mw",
          entry.capacity ? nlohmann::json(entry.capacity->megawatts()) : nlohmann::json(nullptr)}});
  nlohmann::json by_province = nlohmann::json::object(), by_technology = nlohmann::json::object();
  for (const auto& [name, mw] : impact.by_province)
    by_province[name] = mw.megawatts();
  for (const auto& [name, mw] : impact.by_technology)
    by_technology[name] = mw.megawatts();
  return {{"as_of", as_of.iso_day()},
          {"source", reference},
          {"slip_days", slip_days},
          {"projects", projects},
          {"total_mw", impact.total.megawatts()},
          {"by_province", by_province},
          {"by_technology", by_technology}};
}

}  // namespace tiendo::report

namespace tiendo::report {

nlohmann::json forecast_json(const Portfolio& portfolio, const analysis::ForecastQuery& query,
                             const analysis::ForecastResult& result) {
  nlohmann::json projects = nlohmann::json::array();
  for (const auto& entry : result.projects) {
    if (query.explain_project && entry.project != *query.explain_project)
      continue;
    const Project& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
    nlohmann::json row{{"project", project.code},
                       {"cod_p10", Date::from_days(entry.p10).iso_day()},
                       {"cod_p50", Date::from_days(entry.p50).iso_day()},
                       {"cod_p80", Date::from_days(entry.p80).iso_day()},
                       {"cod_p90", Date::from_days(entry.p90).iso_day()}};
    if (entry.p_by_target)
      row["p_cod_by_target"] = *entry.p_by_target;
    row["target_cod"] = project.target_cod ? nlohmann::json(project.target_cod->iso()) : nullptr;
    row["p_cod_by_target_cod"] =
        entry.p_by_target_cod ? nlohmann::json(*entry.p_by_target_cod) : nullptr;
    row["mw"] = project.capacity ? nlohmann::json(project.capacity->megawatts()) : nullptr;
    row["schedule_cod"] = Date::from_days(entry.deterministic).iso_day();
    projects.push_back(row);
  }
  nlohmann::json online = nlohmann::json::array();
  for (const auto& band : result.online) {
    nlohmann::json row = nlohmann::json::object();
    for (std::size_t i = 0; i < query.group_by.size(); ++i)
      row[std::string(analysis::group_field_key(query.group_by[i]))] =
          band.keys[i] ? nlohmann::json(*band.keys[i]) : nullptr;
    row["year"] = band.year;
    row["p10"] = band.p10.megawatts();
    row["p50"] = band.p50.megawatts();
    row["p90"] = band.p90.megawatts();
    online.push_back(row);
  }
  nlohmann::json json{
      {"as_of", result.as_of.iso_day()}, {"draws", result.draws}, {"seed", result.seed}};
  if (query.target)
    json["target"] = query.target->iso_day();
  json["projects"] = projects;
  json["mw_online"] = online;
  json["model"] = {{"samples", result.samples},
                   {"plan_bound_samples", result.plan_bound_samples},
                   {"open_samples", result.open_samples},
                   {"project_correlation", std::round(result.correlation * 1000) / 1000},
                   {"open_steps",
                    {{"key_and_group", result.steps_by_key_and_group},
                     {"key", result.steps_by_key},
                     {"all_steps", result.steps_by_all},
                     {"none", result.steps_without}}}};
  if (query.explain_project) {
    nlohmann::json driving = nlohmann::json::array();
    for (const auto& step : result.driving)
      driving.push_back({{"milestone", portfolio.reference(step.milestone)},
                         {"share", step.share},
                         {"basis", analysis::forecast_basis_key(step.basis)}});
    json["driving"] = driving;
  }
  return json;
}

}  // namespace tiendo::report
