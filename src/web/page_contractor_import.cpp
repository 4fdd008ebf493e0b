#include "web/page_contractor_import.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

#include "domain/command_line.h"
#include "operations/contractor_import.h"
#include "report/catalogue.h"
#include "report/format.h"
#include "report/html.h"
#include "web/page_import.h"
#include "web/page_project_forms.h"
#include "web/page_widgets.h"
#include "web/routes.h"

namespace tiendo::web {
namespace {

using report::html_escape;

// What the command line asks beside the file, as the form sent it.
struct ScheduleFields {
  std::string province, technology, capacity_mw, code, cod;
};

ScheduleFields posted_fields(const httplib::Request& request) {
  return ScheduleFields{form_field(request, "province"), form_field(request, "technology"),
                        form_field(request, "capacity_mw"), form_field(request, "code"),
                        form_field(request, "cod")};
}

bool is_schedule_name(std::string_view name) {
  std::string lower(name.substr(name.size() < 4 ? 0 : name.size() - 4));
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == ".xer" || lower == ".xml";
}

// The one file of the post: chosen in the form, or kept by the preview's confirm form.
UploadedFile posted_schedule(const httplib::Request& request) {
  std::vector<UploadedFile> files;
  for (const auto& [field, part] : request.files)
    if (!part.filename.empty() && (field == "schedule_file" || field == "files"))
      files.push_back(UploadedFile{part.filename, part.content});
  std::string kept_name = form_field(request, "kept_name");
  if (!kept_name.empty()) {
    std::string kept;
    if (request.has_param("kept_content"))
      kept = request.get_param_value("kept_content");
    else if (request.has_file("kept_content"))
      kept = request.get_file_value("kept_content").content;
    auto content = base64_decode(kept);
    if (!content)
      throw InvalidInput(message("kept_content: '{}': not base64; upload the file again",
                                 shown_safely(kept)));
    files.push_back(UploadedFile{kept_name, std::move(*content)});
  }
  if (files.empty())
    throw InvalidInput(message("schedule_file: '': choose the contractor's schedule (.xer or .xml)"));
  if (files.size() > 1)
    throw InvalidInput(message("schedule_file: '{}': one contractor's schedule at a time",
                               files.size()));
  return files.front();
}

std::string hidden(std::string_view name, std::string_view value) {
  return fmt::format(R"(<input type="hidden" name="{}" value="{}">)", name, html_escape(value));
}

std::string field(std::string_view id, std::string_view label, std::string_view input,
                  std::string_view hint = "") {
  return fmt::format(R"(<div class="field"><label for="{}">{}</label>{}{}</div>)", id, label,
                     input,
                     hint.empty() ? std::string() : fmt::format("<small>{}</small>", hint));
}

std::string upload_form_with(const PageContext& page, const ScheduleFields& fields) {
  std::string inputs =
      field("schedule_file", page.text("File (.xer or .xml)"),
            R"(<input id="schedule_file" type="file" name="schedule_file" accept=".xer,.xml" required>)") +
      field("schedule_province", page.text("Province"),
            fmt::format(R"(<select id="schedule_province" name="province" required>{}</select>)",
                        project_province_options(page, fields.province))) +
      field("schedule_technology", page.text("Technology"),
            fmt::format(R"(<select id="schedule_technology" name="technology" required>{}</select>)",
                        project_technology_options(page, fields.technology))) +
      field("schedule_capacity", page.text("Capacity (MW)"),
            fmt::format(R"(<input id="schedule_capacity" name="capacity_mw" inputmode="decimal" value="{}">)",
                        html_escape(fields.capacity_mw)),
            page.text("Optional.")) +
      field("schedule_code", page.text("Project code"),
            fmt::format(R"(<input id="schedule_code" name="code" value="{}">)",
                        html_escape(fields.code)),
            page.text("Empty: the project ID in the file."));
  return fmt::format(
      R"(<h2 id="schedule">{heading}</h2>
<p class="hint">{hint}</p>
<form method="post" action="{action}" enctype="multipart/form-data" class="upload edit-form schedule">
{csrf}{schedule}{dry}
<div class="form-grid">{inputs}</div>
<div class="actions"><button type="submit">{preview}</button></div>
</form>
)",
      fmt::arg("heading", page.text("Contractor's schedule (Primavera P6 or MS Project)")),
      fmt::arg("hint",
               page.text("A P6 export (.xer) or an MS Project XML file: each project in it becomes "
                         "a project, each activity a milestone. You first see what would be added "
                         "and choose the activity that is the COD; nothing is written until you "
                         "confirm.")),
      fmt::arg("action", page.link("/import")), fmt::arg("csrf", page.csrf_field()),
      fmt::arg("schedule", hidden("schedule", "1")), fmt::arg("dry", hidden("dry_run", "1")),
      fmt::arg("inputs", inputs), fmt::arg("preview", page.text("Preview")));
}

std::string kind_text(const PageContext& page, io::ActivityKind kind) {
  return std::string(kind == io::ActivityKind::LevelOfEffort
                         ? page.text("a level-of-effort activity")
                         : page.text("a WBS summary activity"));
}

bool skipped(const io::ContractorActivity& activity) {
  return activity.kind == io::ActivityKind::LevelOfEffort ||
         activity.kind == io::ActivityKind::Summary;
}

std::string moment_text(const std::optional<std::int64_t>& instant, report::Language language) {
  if (!instant)
    return "";
  auto days = *instant >= 0 ? *instant / 1440 : -((-*instant + 1439) / 1440);
  return report::format_date(Date::from_days(static_cast<std::int32_t>(days)), language);
}

std::string preview_content(const PageContext& page, const UploadedFile& file,
                            const ScheduleFields& fields,
                            const operations::ContractorPreview& preview) {
  const auto& schedule = preview.schedule;
  const auto& summary = preview.result.summary;
  std::map<std::string, const io::ContractorCalendar*> calendar_by_id;
  for (const auto& calendar : schedule.calendars)
    calendar_by_id.emplace(calendar.id, &calendar);
  auto calendar_text = [&](const std::string& id) {
    auto found = calendar_by_id.find(id);
    return found == calendar_by_id.end() ? std::string() : found->second->name;
  };

  std::string html = fmt::format(
      R"(<p class="notice">{}</p>)",
      html_escape(page.say("dry run, nothing written. would import projects: {} added, {} changed; "
                           "milestones: {} added, {} changed; dependencies: {} added, {} changed",
                           summary.projects_added, summary.projects_changed,
                           summary.milestones_added, summary.milestones_changed,
                           summary.dependencies_added, summary.dependencies_changed)));
  html += fmt::format("<p>{} <strong>{}</strong></p>", page.text("File:"),
                      html_escape(schedule.file));
  // What the officer chose beside the file, as the projects will carry it.
  auto technology = parse_technology(fields.technology);
  html += fmt::format(
      R"(<dl class="details compact"><div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div></dl>)",
      page.text("Province"), html_escape(fields.province), page.text("Technology"),
      html_escape(technology ? technology_text(*technology, page.language) : fields.technology),
      page.text("Capacity (MW)"),
      fields.capacity_mw.empty() ? "—" : html_escape(fields.capacity_mw));

  // The projects, with what each brings.
  std::vector<std::vector<std::string>> rows;
  std::set<std::string> used_calendars;
  std::vector<const io::ContractorActivity*> left_out, offered;
  std::size_t other_constraints = 0;
  // The file's scheduling options that differ from P6's defaults, which tiendo honours: said,
  // since they move dates.
  std::set<io::LagCalendar> lag_calendars;
  std::set<io::OutOfSequence> out_of_sequence;
  for (std::size_t p = 0; p < schedule.projects.size(); ++p) {
    const auto& contractor = schedule.projects[p];
    std::size_t kept = 0;
    for (const auto& activity : contractor.activities) {
      used_calendars.insert(activity.calendar_id);
      other_constraints += activity.constraint == io::ConstraintKind::Other;
      if (skipped(activity)) {
        left_out.push_back(&activity);
      } else {
        ++kept;
        offered.push_back(&activity);
      }
    }
    if (!contractor.default_calendar_id.empty())
      used_calendars.insert(contractor.default_calendar_id);
    // MS Project's own rule (lags on the successor's calendar) is no option of its file.
    if (contractor.lag_calendar != io::LagCalendar::Predecessor && schedule.format != "mspdi")
      lag_calendars.insert(contractor.lag_calendar);
    if (contractor.out_of_sequence != io::OutOfSequence::RetainedLogic)
      out_of_sequence.insert(contractor.out_of_sequence);
    std::string code = p < preview.result.projects.size() ? preview.result.projects[p] : "";
    rows.push_back({html_escape(code),
                    html_escape(contractor.name.empty() ? contractor.short_name : contractor.name),
                    html_escape(moment_text(contractor.data_date, page.language)),
                    html_escape(report::format_integer(static_cast<long long>(kept), page.language)),
                    html_escape(report::format_integer(
                        static_cast<long long>(contractor.activities.size() - kept), page.language)),
                    html_escape(calendar_text(contractor.default_calendar_id))});
  }
  html += fmt::format("<h2>{}</h2>", page.text("Projects in the file"));
  html += html_table_raw(
      {std::string(page.text("Code")), std::string(page.text("Name")),
       std::string(page.text("Data date")),
       std::string(page.text("Activities")),
       std::string(page.text("Skipped")),
       std::string(page.text("Project calendar"))},
      rows, {false, false, false, true, true, false}, "schedule-projects");

  html += fmt::format("<h2>{}</h2><ul class=\"calendars\">",
                      page.text("Calendars of the file"));
  for (const auto& id : used_calendars)
    if (auto found = calendar_by_id.find(id); found != calendar_by_id.end())
      html += fmt::format("<li>{}</li>", html_escape(found->second->name.empty()
                                                         ? found->second->id
                                                         : found->second->name));
  html += "</ul>";

  if (!left_out.empty()) {
    html += fmt::format("<h2>{}</h2>", page.text("Activities skipped"));
    std::vector<std::vector<std::string>> skipped_rows;
    for (const auto* activity : left_out)
      skipped_rows.push_back({html_escape(activity->id), html_escape(activity->name),
                              html_escape(kind_text(page, activity->kind))});
    html += html_table_raw({std::string(page.text("Activity ID")),
                            std::string(page.text("Activity")),
                            std::string(page.text("Why"))},
                           skipped_rows, {false, false, false}, "skipped");
  }
  std::string notes;
  if (other_constraints > 0)
    notes += fmt::format("<li>{}</li>", html_escape(page.say(
        "{} activities carry other constraints than start on or after and finish on or before; "
        "they do not bound the schedule",
        report::format_integer(static_cast<long long>(other_constraints), page.language))));
  for (auto lag : lag_calendars)
    notes += fmt::format(
        "<li>{}</li>",
        lag == io::LagCalendar::Successor
            ? page.text("The file counts lags on the successor's calendar; tiendo does too.")
        : lag == io::LagCalendar::Project
            ? page.text("The file counts lags on the project's default calendar; tiendo does too.")
            : page.text("The file counts lags on a 24-hour calendar; tiendo does too."));
  for (auto rule : out_of_sequence)
    notes += fmt::format(
        "<li>{}</li>",
        rule == io::OutOfSequence::ProgressOverride
            ? page.text("Work started out of sequence goes on from the data date whatever its "
                        "predecessors (P6's progress override); tiendo schedules it so too.")
            : page.text("Work started out of sequence goes on from the data date whatever its "
                        "predecessors (P6's actual dates); tiendo schedules it so too."));
  if (!schedule.notes.empty())
    notes += fmt::format("<li>{}</li>", html_escape(page.say(
        "{} target or early dates outside the supported years are left out; they only measure",
        report::format_integer(static_cast<long long>(schedule.notes.size()), page.language))));
  if (!notes.empty())
    html += fmt::format(R"(<h2>{}</h2><ul class="notes">{}</ul>)", page.text("Notes"),
                        notes);

  // The confirmation: the COD among the activities, the file and the fields kept.
  std::string cod_options =
      fmt::format(R"(<option value="">{}</option>)",
                  page.text("— none of them —"));
  for (const auto* activity : offered) {
    bool chosen = fields.cod.empty() ? operations::fold_activity_key(activity->id) == "cod"
                                     : activity->id == fields.cod;
    cod_options += fmt::format(R"(<option value="{}"{}>{} — {}</option>)",
                               html_escape(activity->id), chosen ? " selected" : "",
                               html_escape(activity->id), html_escape(activity->name));
  }
  html += fmt::format(
      R"(<form method="post" action="{action}" enctype="multipart/form-data" class="confirm edit-form">
{csrf}{schedule}{dry}{province}{technology}{capacity}{code}{kept_name}{kept_content}
<div class="form-grid">{cod}</div>
<div class="actions"><button type="submit">{confirm}</button> <a href="{cancel}">{cancel_label}</a></div>
</form>
)",
      fmt::arg("action", page.link("/import")), fmt::arg("csrf", page.csrf_field()),
      fmt::arg("schedule", hidden("schedule", "1")), fmt::arg("dry", hidden("dry_run", "0")),
      fmt::arg("province", hidden("province", fields.province)),
      fmt::arg("technology", hidden("technology", fields.technology)),
      fmt::arg("capacity", hidden("capacity_mw", fields.capacity_mw)),
      fmt::arg("code", hidden("code", fields.code)),
      fmt::arg("kept_name", hidden("kept_name", file.name)),
      fmt::arg("kept_content", hidden("kept_content", base64_encode(file.content))),
      fmt::arg("cod",
               field("cod", page.text("The activity that is the project's COD"),
                     fmt::format(R"(<select id="cod" name="cod">{}</select>)", cod_options))),
      fmt::arg("confirm", page.text("Confirm: import this schedule")),
      fmt::arg("cancel", page.link("/import")),
      fmt::arg("cancel_label", page.text_in("page_import", "Cancel")));
  return html;
}

std::string result_content(const PageContext& page, const operations::ContractorPreview& done) {
  const auto& summary = done.result.summary;
  std::string html = fmt::format(
      R"(<p class="notice saved" role="status">{} {}</p>)", page.text("Saved."),
      html_escape(page.say("imported projects: {} added, {} changed; milestones: {} added, {} "
                           "changed; dependencies: {} added, {} changed",
                           summary.projects_added, summary.projects_changed,
                           summary.milestones_added, summary.milestones_changed,
                           summary.dependencies_added, summary.dependencies_changed)));
  html += fmt::format("<p>{} <strong>{}</strong></p><ul class=\"files\">",
                      page.text("File:"), html_escape(done.schedule.file));
  for (const auto& code : done.result.projects)
    html += fmt::format(R"(<li><a href="{}">{}</a></li>)",
                        html_escape(page.link("/projects/" + report::url_component(code))),
                        html_escape(code));
  html += fmt::format(R"(</ul><p><a href="{}">{}</a> · <a href="{}">{}</a></p>)",
                      page.link("/history"), page.text("See the change log"),
                      page.link("/import"), page.text("Import more files"));
  return html;
}

// Every problem in the page's language. The readers' reasons travel as the last value of a
// located message ("{}: table {} row {} (line {}), field {}: '{}' {}"), so they are worded here
// when the catalogue holds them; the rest as report::error_lines words it.
std::vector<std::string> problem_lines(const PageContext& page, const Error& error) {
  std::vector<std::string> lines;
  constexpr std::string_view cycle = ": closes a dependency cycle: ";
  for (auto problem : error.messages()) {
    // A cycle is named by the relationship that closed it, a line of its own (graph/network.cpp).
    if (auto at = problem.id.find(cycle); problem.values.empty() && at != std::string::npos) {
      lines.push_back(page.say("{}: closes a dependency cycle: {}", problem.id.substr(0, at),
                               problem.id.substr(at + cycle.size())));
      continue;
    }
    if (!problem.values.empty() && problem.id.ends_with("{}") &&
        report::catalogue_has("", problem.values.back()))
      problem.values.back() = std::string(report::label(page.language, problem.values.back()));
    lines.push_back(report::words(page.language, problem));
  }
  return lines;
}

}  // namespace

bool is_schedule_post(const httplib::Request& request) {
  if (request.has_param("schedule") || request.has_file("schedule"))
    return true;
  for (const auto& [field, part] : request.files)
    if (field == "files" && is_schedule_name(part.filename))
      return true;
  return false;
}

std::string schedule_upload_form(const PageContext& page) {
  return upload_form_with(page, ScheduleFields{});
}

void post_schedule_import(PageContext& page) {
  std::string dry_text = form_field(page.request, "dry_run");
  if (dry_text != "" && dry_text != "0" && dry_text != "1")
    throw InvalidInput(message("dry_run: '{}': write 0 or 1", shown_safely(dry_text)));
  const bool dry_run = dry_text != "0";
  ScheduleFields fields = posted_fields(page.request);
  auto refuse = [&](const Error& error) {
    std::string problems;
    for (const auto& problem : problem_lines(page, error))
      problems += fmt::format("<li>{}</li>\n", html_escape(problem));
    std::string content = fmt::format(
        "<div class=\"error\" role=\"alert\">\n<p>{}</p>\n<ul>\n{}</ul>\n</div>\n{}",
        page.text("Nothing was imported. Correct these problems and upload the file again:"),
        problems, upload_form_with(page, fields));
    send_html(page.response, 400, page_frame(page, page.text("Import"), "import", content));
  };
  try {
    UploadedFile file = posted_schedule(page.request);
    std::vector<Message> missing;
    if (fields.province.empty())
      missing.push_back(message("province: '': choose the province of the schedule's projects"));
    if (fields.technology.empty())
      missing.push_back(
          message("technology: '': choose the technology of the schedule's projects"));
    if (!missing.empty())
      throw InvalidInput(missing);
    // Field by field, so that an option added to the import keeps its default here.
    operations::ContractorImportOptions options;
    options.province = fields.province;
    options.technology = fields.technology;
    options.capacity_mw = fields.capacity_mw;
    options.code = fields.code;
    options.cod_activity = dry_run ? std::string() : fields.cod;
    auto outcome = run_schedule_import(page.workspace, page.caller, file, options, dry_run,
                                       Date::today_in_vietnam());
    if (dry_run)
      send_html(page.response, 200,
                page_frame(page, page.text("Import: preview"), "import",
                           preview_content(page, file, fields, outcome)));
    else
      send_html(page.response, 200,
                page_frame(page, page.text("Import: done"), "import",
                           result_content(page, outcome)));
  } catch (const InvalidInput& error) {
    refuse(error);
  }
}

}  // namespace tiendo::web
