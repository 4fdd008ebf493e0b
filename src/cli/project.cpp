// tiendo project add|set|show|list|status|remove: the projects of the portfolio, one at a time.
#include <fmt/format.h>

#include <algorithm>

#include "analysis/pipeline.h"
#include "cli/common.h"
#include "domain/error.h"
#include "domain/milestone_catalog.h"
#include "domain/text.h"
#include "io/json_export.h"
#include "io/templates.h"
#include "operations/edits.h"
#include "operations/listings.h"
#include "operations/project_writes.h"
#include "report/labels.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

void add_project_options(CLI::App* command, FieldCollector& fields) {
  fields.option(command, "--name", "name", "name, in Vietnamese with diacritics");
  fields.option(command, "--technology", "technology", "wind_onshore, solar_farm, coal, grid, ...");
  fields.option(command, "--province", "province", "province as recorded (accents optional)");
  fields.option(command, "--capacity", "capacity_mw", "capacity in MW (AC)");
  fields.option(command, "--capacity-mwp", "capacity_mwp", "capacity in MWp (DC), solar only");
  fields.option(command, "--investor", "investor", "investor");
  fields.option(command, "--parent", "parent", "code of the parent project (complex or plant)");
  fields.option(command, "--stage", "stage", "explicit stage (proposed ... operating)");
  fields.option(command, "--target-cod", "target_cod", "target commercial operation date");
  fields.option(command, "--lat", "lat", "latitude, decimal degrees");
  fields.option(command, "--lon", "lon", "longitude, decimal degrees");
  fields.option(command, "--site", "site", "district, commune or site description");
  fields.option(command, "--source", "source", "where this comes from (decision, report, URL)");
  fields.option(command, "--calendar", "calendar",
                "working calendar: all-days (default), vn-mon-fri, vn-mon-sat or one added");
}

std::string capacity_text(const std::optional<Capacity>& capacity, report::Language language) {
  return capacity ? report::format_megawatts(*capacity, language) : "";
}

// A project's stage as of a date, or the side state in force then, as pipeline counts it.
std::string derived_stage(const Portfolio& portfolio, std::int32_t project, Date as_of) {
  auto by_project = analysis::milestones_by_project(portfolio);
  return analysis::stage_or_status_key(portfolio, project, as_of, by_project,
                                       analysis::status_as_of(portfolio, project, as_of));
}

// A stage or side-state key as a reader of the language reads it.
std::string stage_text(const std::string& key, report::Language language) {
  if (language != report::Language::Vietnamese)
    return key;
  if (auto stage = parse_stage(key))
    return std::string(stage_label_vi(*stage));
  if (auto status = parse_status(key))
    return std::string(status_label_vi(*status));
  return key;
}

void register_add_or_set(CLI::App* parent, Context& context, bool adding) {
  auto* command = add_command(*parent, adding ? "add" : "set",
                              adding ? "add a project" : "change fields of a project");
  auto code = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto fields = std::make_shared<FieldCollector>();
  auto use_template = std::make_shared<bool>(false);
  auto templates = std::make_shared<std::string>();
  command->add_option("CODE", *code, "project code, e.g. ST-LONGPHU-1")->required();
  add_project_options(command, *fields);
  if (!adding)
    command->add_option("--reason", *reason, "why it changed (for the change log)");
  if (adding) {
    command->add_flag("--template", *use_template,
                      "add the milestones and links of its technology's template (refused, "
                      "nothing added, when it has none)");
    command->add_option("--templates", *templates,
                        "template file (default fixtures/templates.csv)");
  }
  command->callback([&context, code, fields, reason, adding, use_template, templates] {
    std::vector<io::TemplateStep> steps;
    if (*use_template) {
      std::vector<std::string> csv_problems;
      auto table = io::read_csv_file(find_fixture(*templates, "templates.csv"), csv_problems);
      ProblemList problems;
      for (auto& line : csv_problems)
        problems.add_line(std::move(line));
      steps = io::parse_templates(table, problems);
      problems.throw_if_any();
    }
    Fields given = fields->fields();
    given.insert(given.begin(), Field{"code", *code});
    if (!adding && given.size() == 1)
      throw InvalidInput("project set: give at least one field to change");
    auto change = context.change_context(*reason);
    auto database = context.open_database();
    auto result = operations::edit_project(
        database, change, adding ? operations::EditKind::Add : operations::EditKind::Set, given,
        *use_template ? &steps : nullptr);
    auto summary = result.summary;
    std::size_t template_milestones = result.template_milestones;
    auto language = context.language();
    if (*use_template)
      context.out << report::say(language,
                                 "added {} ({} change-log rows; {} milestones from the template)",
                                 *code, summary.change_log_rows, template_milestones);
    else
      context.out << report::say(language,
                                 adding ? report::Label("added {} ({} change-log rows)")
                                        : report::Label("updated {} ({} change-log rows)"),
                                 *code, summary.change_log_rows);
    context.out << '\n';
  });
}

void register_show(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "show", "a project with its milestones");
  auto code = std::make_shared<std::string>();
  command->add_option("CODE", *code, "project code")->required();
  command->callback([&context, code] {
    auto database = context.open_database();
    auto loaded = operations::load_project(database, *code);
    const Portfolio& portfolio = loaded.portfolio;
    std::int32_t index = loaded.project;
    const Project& project = portfolio.projects[static_cast<std::size_t>(index)];
    auto language = context.language();
    // The stage shown is the one pipeline counts: as of --as-of, raised by the milestones done by
    // then, or the side state in force; the stage recorded by hand is kept beside it.
    std::string stage = derived_stage(portfolio, index, context.as_of());
    nlohmann::json json = io::project_json(project);
    json["recorded_stage"] = json["stage"];
    json["stage"] = stage;
    json["milestones"] = nlohmann::json::array();
    for (const auto& milestone : portfolio.milestones)
      if (milestone.project == index)
        json["milestones"].push_back(io::milestone_json(portfolio, milestone));
    if (context.format() == report::OutputFormat::Json) {
      context.print_json(json);
      return;
    }
    bool vietnamese = language == report::Language::Vietnamese;
    // Labels padded to one width as the terminal shows them (Vietnamese has combining marks).
    auto line = [&](report::Label label, const std::string& value) {
      // One line per field: a line break an older database holds is shown, not obeyed.
      if (value.empty())
        return;
      std::string_view text = report::word(label, language);
      std::size_t width = report::display_width(text);
      context.out << text << std::string(width < 14 ? 14 - width : 1, ' ') << printable(value)
                  << '\n';
    };
    line("code", project.code);
    line("name", project.name);
    line("technology", vietnamese ? std::string(technology_label_vi(project.technology))
                                  : std::string(technology_key(project.technology)));
    line("province", project.province);
    line("capacity MW", capacity_text(project.capacity, language));
    line("capacity MWp", capacity_text(project.capacity_peak, language));
    line("investor", project.investor);
    line("parent", project.parent);
    line("stage", stage_text(stage, language));
    line("target COD",
         project.target_cod ? report::format_date(*project.target_cod, language) : "");
    line("site", project.site);
    line("source", project.source);
    line("calendar", project.calendar);
    for (const auto& event : portfolio.status_events)
      if (event.project == index)
        line("status",
             fmt::format("{} {} {}", report::word_for_key(status_key(event.status), language),
                         report::format_date(event.date, language), event.reason));
    report::Table table;
    table.headers =
        report::headers(language, {"milestone", "planned", "actual", "forecast", "reason"});
    for (const auto& milestone : portfolio.milestones) {
      if (milestone.project != index)
        continue;
      auto date = [&](const std::optional<Date>& value) {
        return value ? report::format_date(*value, language) : std::string();
      };
      // A Vietnamese table names the milestone and the reason by their labels; the English one
      // keeps the keys the commands take.
      bool vietnamese = language == report::Language::Vietnamese;
      table.rows.push_back(
          {vietnamese ? report::milestone_label(milestone, language) : milestone.key,
           date(milestone.planned), date(milestone.actual), date(milestone.forecast),
           vietnamese ? report::reason_text(milestone.reason, language) : milestone.reason});
    }
    if (!table.rows.empty()) {
      context.out << '\n';
      report::render_table(context.out, table);
    }
  });
}

void register_list(CLI::App* parent, Context& context) {
  auto* command = add_command(*parent, "list", "projects, filtered");
  auto province = std::make_shared<std::string>();
  auto technology = std::make_shared<std::string>();
  auto legacy = std::make_shared<bool>(false);
  command->add_option("--province", *province, "a current unit or a legacy province");
  command->add_option("--technology", *technology, "a technology or group (wind, solar, ...)");
  command->add_flag("--legacy-provinces", *legacy, "read --province as a legacy province");
  command->callback([&context, province, technology, legacy] {
    std::optional<ProvinceFilter> province_filter;
    std::optional<TechnologyFilter> technology_filter;
    if (!province->empty())
      province_filter = ProvinceFilter::parse(*province, ProvinceRegistry::builtin(), *legacy);
    if (!technology->empty())
      technology_filter = TechnologyFilter::parse(*technology);
    auto database = context.open_database();
    Portfolio portfolio = operations::load_portfolio(database);
    auto language = context.language();
    Date as_of = context.as_of();
    auto by_project = analysis::milestones_by_project(portfolio);
    auto statuses = analysis::statuses_as_of(portfolio, as_of);
    report::Table table;
    table.headers =
        report::headers(language, {"code", "name", "technology", "province", "MW", "stage"});
    table.alignment = {report::Align::Left, report::Align::Left,  report::Align::Left,
                       report::Align::Left, report::Align::Right, report::Align::Left};
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
      const Project& project = portfolio.projects[p];
      if (province_filter && !province_filter->matches(project.province))
        continue;
      if (technology_filter && !technology_filter->matches(project.technology))
        continue;
      // The stage as of --as-of, as pipeline counts it (see project show).
      std::string stage = analysis::stage_or_status_key(portfolio, static_cast<std::int32_t>(p),
                                                        as_of, by_project, statuses[p]);
      table.rows.push_back({project.code, project.name,
                            std::string(language == report::Language::Vietnamese
                                            ? technology_label_vi(project.technology)
                                            : technology_key(project.technology)),
                            project.province, capacity_text(project.capacity, language),
                            stage_text(stage, language)});
      auto row = io::project_json(project);
      row["recorded_stage"] = row["stage"];
      row["stage"] = stage;
      rows.push_back(std::move(row));
    }
    context.print(table, nlohmann::json{{"projects", rows}});
  });
}

void register_status(CLI::App* parent, Context& context) {
  auto* command = add_command(
      *parent, "status", "record a side state: suspended, cancelled, retired, or active again");
  auto code = std::make_shared<std::string>();
  auto status = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto source = std::make_shared<std::string>();
  command->add_option("CODE", *code, "project code")->required();
  command->add_option("STATUS", *status, "suspended|cancelled|retired|active")
      ->required()
      ->check(CLI::IsMember({"suspended", "cancelled", "retired", "active"}));
  command->add_option("--date", *date, "when it took effect")->required();
  command->add_option("--reason", *reason, "why");
  command->add_option("--source", *source, "decision or document");
  command->callback([&context, code, status, date, reason, source] {
    Date when = Date::parse_option("--date", *date);
    auto change = context.change_context(*reason, *source);
    auto database = context.open_database();
    operations::set_project_status(database, change, *code, *parse_status(*status), when);
    auto language = context.language();
    context.out << report::say(language, "{} is {} from {}", *code,
                               report::word_for_key(*status, language),
                               report::format_date(when, language))
                << '\n';
  });
}

void register_remove(CLI::App* parent, Context& context) {
  auto* command = add_command(
      *parent, "remove",
      "remove a project entered by mistake, with its milestones (refused while other projects "
      "link to it; the change log keeps what was removed)");
  auto code = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  command->add_option("CODE", *code, "project code")->required();
  command->add_option("--reason", *reason, "why it is removed (for the change log)")->required();
  command->callback([&context, code, reason] {
    auto change = context.change_context(*reason);
    auto database = context.open_database();
    auto removed = operations::remove_project(database, change, *code);
    context.out << report::say(context.language(),
                               "removed {} ({} milestones, {} dependencies; {} change-log rows)",
                               *code, removed.milestones, removed.dependencies,
                               removed.change_log_rows)
                << '\n';
  });
}

}  // namespace

void register_project(CLI::App& app, Context& context) {
  auto* command = add_command(app, "project", "add, change, show, list and remove projects");
  command->require_subcommand(1);
  register_add_or_set(command, context, true);
  register_add_or_set(command, context, false);
  register_show(command, context);
  register_list(command, context);
  register_status(command, context);
  register_remove(command, context);
}

}  // namespace tiendo::cli
