// The forms of a whole project (DESIGN.md "Writing in the browser"): /projects/new creates one,
// with its technology's milestone template when asked, as `project add --template` does;
// /projects/CODE/edit changes its fields against the version the user saw (409 naming who changed
// it and when); /projects/CODE/status records a side state with its date and reason;
// /projects/CODE/delete removes one entered by mistake, with a reason, refused while other
// projects link to it. GET shows the form, POST writes through the operations (scope, versions,
// the change log with the user as actor) and answers 303 to the project, which then says "đã
// lưu"; a bad value shows the form again with what the user typed and a line naming the field.
#include "web/page_project_forms.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include "domain/calendar.h"
#include "domain/command_line.h"
#include "domain/edit.h"
#include "domain/province.h"
#include "domain/text.h"
#include "operations/accounts.h"
#include "operations/edits.h"
#include "operations/project_writes.h"
#include "operations/scope.h"
#include "report/periodic_report.h"
#include "report/wording.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

using report::html_escape;

enum class Kind { Text, Wide, Number, Date, Technology, Province, Stage, Calendar };

struct FieldSpec {
  std::string_view name, english, vietnamese, hint_english, hint_vietnamese;
  Kind kind;
};

// The project's fields in the projects CSV's names, as the forms show them.
constexpr FieldSpec project_fields[] = {
    {"code", "Code", "Mã dự án", "letters, digits, '-', '_' or '.', e.g. ST-LONGPHU-1",
     "chữ không dấu, chữ số, '-', '_' hoặc '.', ví dụ ST-LONGPHU-1", Kind::Text},
    {"name", "Name", "Tên dự án", "", "", Kind::Wide},
    {"technology", "Technology", "Công nghệ", "", "", Kind::Technology},
    {"province", "Province", "Tỉnh", "the province the project was recorded under",
     "tỉnh nơi dự án được ghi nhận", Kind::Province},
    {"capacity_mw", "Capacity (MW)", "Công suất (MW)", "e.g. 49.5", "ví dụ 49,5", Kind::Number},
    {"capacity_mwp", "Capacity (MWp)", "Công suất (MWp)", "solar only", "chỉ cho điện mặt trời",
     Kind::Number},
    {"investor", "Investor", "Chủ đầu tư", "", "", Kind::Wide},
    {"parent", "Part of (code)", "Thuộc dự án (mã)", "the code of its complex or plant, if any",
     "mã của cụm hoặc nhà máy chứa dự án, nếu có", Kind::Text},
    {"stage", "Stage", "Giai đoạn", "", "", Kind::Stage},
    {"target_cod", "Target COD", "COD mục tiêu", "15/08/2027, 08/2027 or 2027",
     "15/08/2027, 08/2027 hoặc 2027", Kind::Date},
    {"site", "Site", "Địa điểm", "district, commune or site", "huyện, xã hoặc khu vực", Kind::Wide},
    {"lat", "Latitude", "Vĩ độ", "decimal degrees, e.g. 9.61", "độ thập phân, ví dụ 9,61",
     Kind::Number},
    {"lon", "Longitude", "Kinh độ", "decimal degrees, e.g. 105.97", "độ thập phân, ví dụ 105,97",
     Kind::Number},
    {"calendar", "Working calendar", "Lịch làm việc",
     "what durations count: every day, or working days with Vietnam's public holidays",
     "thời lượng tính theo: mọi ngày, hoặc ngày làm việc trừ ngày lễ, tết của Việt Nam",
     Kind::Calendar},
    {"source", "Source", "Nguồn", "decision, document or address",
     "quyết định, văn bản hoặc đường dẫn", Kind::Wide},
};

const FieldSpec* find_spec(std::string_view name) {
  for (const auto& spec : project_fields)
    if (spec.name == name)
      return &spec;
  return nullptr;
}

// The delay categories as the lists show them.
struct Category {
  std::string_view key, english, vietnamese;
};
constexpr Category categories[] = {
    {"site_clearance", "Site clearance", "Giải phóng mặt bằng"},
    {"weather", "Weather", "Thời tiết"},
    {"supply_chain", "Supply chain", "Cung ứng thiết bị"},
    {"financing", "Financing", "Thu xếp vốn"},
    {"permitting", "Permitting", "Thủ tục"},
    {"grid", "Grid", "Lưới điện"},
    {"investor", "Investor", "Chủ đầu tư"},
    {"other", "Other", "Khác"},
};

std::string trimmed(const std::string& text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A number as a Vietnamese reader writes it ("49,5", "1.435,2") in the form the store reads
// ("49.5", "1435.2"); a number written with a dot alone is taken as it is.
std::string number_for_store(const std::string& typed) {
  std::string text = trimmed(typed);
  if (text.find(',') == std::string::npos)
    return text;
  std::string result;
  for (char c : text)
    if (c == ',')
      result += '.';
    else if (c != '.')
      result += c;
  return result;
}

// A stored number as the page's reader writes it: a decimal comma on a Vietnamese page.
std::string number_for_page(std::string text, const PageContext& page) {
  if (page.vietnamese())
    std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

bool may_write_some(const Account& account) {
  if (account.disabled)
    return false;
  return account.role == Role::Admin ||
         (account.role == Role::Editor && !account.provinces.empty());
}

std::string project_form_path(std::string_view code, std::string_view form) {
  return project_path(code) + "/" + std::string(form);
}

void redirect(PageContext& page, const std::string& path) {
  page.response.status = 303;
  page.response.set_header("Location", path);
  add_security_headers(page.response);
}

// The address of a page with one more parameter, keeping ?lang=en.
std::string with_parameter(const PageContext& page, const std::string& path,
                           const std::string& parameter) {
  return path + "?" + parameter + (page.vietnamese() ? "" : "&lang=en");
}

// ---- Messages ----

// A problem the operations word in English ("field: 'value': reason"), as the page's reader reads
// it: the field by its label, the reason in Vietnamese on a Vietnamese page. The field, when one
// is named, goes to `field` so that the form can mark it.
std::string problem_for_page(const PageContext& page, const std::string& problem,
                             std::string& field) {
  auto value_start = problem.find(": '");
  auto value_end = problem.rfind("': ");
  if (value_start == std::string::npos || value_end == std::string::npos ||
      value_end < value_start + 3)
    return problem;
  std::string name = problem.substr(0, value_start);
  std::string value = problem.substr(value_start + 3, value_end - value_start - 3);
  std::string reason = problem.substr(value_end + 3);
  while (!name.empty() && name.front() == '-')
    name.erase(0, 1);
  field = name;
  std::string label = name;
  if (const FieldSpec* spec = find_spec(name))
    label = page.text(spec->english, spec->vietnamese);
  else if (name == "template")
    label = page.text("Milestone template");
  else if (name == "reason" || name == "reason_text")
    label = page.text("Reason"), field = "reason_text";
  else if (name == "date")
    label = page.text("Date");
  else if (name == "status")
    label = page.text("Status");
  else if (name == "reason_category")
    label = page.text("Reason category");
  else if (name == "version")
    label = page.text("Version");
  if (!page.vietnamese())
    return fmt::format("{}: '{}': {}", label, value, reason);
  struct Reason {
    std::string_view english_start, vietnamese;
  };
  static const Reason reasons[] = {
      {"required", "bắt buộc với dự án mới"},
      {"a project needs a code", "dự án cần có mã"},
      {"a project needs a name", "dự án cần có tên"},
      {"a project needs a province", "dự án cần có tỉnh"},
      {"a code is", "mã gồm 1-64 chữ không dấu, chữ số, '-', '_' hoặc '.', ví dụ ST-LONGPHU-1"},
      {"reserved", "mã 'new' được dành riêng cho trang thêm dự án; hãy chọn mã khác"},
      {"exists already", "đã có dự án mang mã này"},
      {"unknown technology", "công nghệ không có trong danh sách"},
      {"unknown stage", "giai đoạn không có trong danh sách"},
      {"unknown province", "không có tỉnh này"},
      {"not a number", "không phải là một số (ví dụ 49,5)"},
      {"capacity must be zero or more", "công suất phải từ 0 trở lên"},
      {"more than six decimals", "quá sáu chữ số thập phân"},
      {"larger than any power plant", "lớn hơn mọi nhà máy điện"},
      {"not a coordinate", "không phải là tọa độ theo độ thập phân"},
      {"a project cannot be its own parent", "dự án không thể thuộc chính nó"},
      {"no such project", "không có dự án mang mã này"},
      {"a grid work carries", "công trình lưới điện không ghi công suất MW; hãy để trống"},
      {"MWp is for solar", "MWp chỉ dùng cho dự án điện mặt trời"},
      {"parents form a loop", "các dự án mẹ tạo thành vòng lặp"},
      {"no milestone template", "công nghệ này chưa có mẫu mốc tiến độ; bỏ chọn mẫu để thêm dự án"},
      {"no milestone templates are installed", "máy chủ chưa có tệp mẫu mốc tiến độ"},
      {"say why", "hãy ghi lý do (nhật ký thay đổi lưu lại)"},
      {"give the reason's text", "hãy ghi nội dung lý do sau khi chọn nhóm"},
      {"not a status", "trạng thái không có trong danh sách"},
      {"unknown delay category", "nhóm lý do không có trong danh sách"},
      {"not a version", "không phải là số phiên bản"},
      {"give a date", "hãy ghi ngày"},
  };
  for (const auto& known : reasons)
    if (reason.starts_with(known.english_start))
      return fmt::format("{}: '{}': {}", label, value, known.vietnamese);
  if (name == "target_cod" || name == "date")
    return fmt::format("{}: '{}': không phải là ngày (dd/mm/yyyy, mm/yyyy hoặc yyyy)", label,
                       value);
  return fmt::format("{}: '{}': giá trị không hợp lệ", label, value);
}

// The box of problems above a form; each problem's field is added to `invalid`.
std::string problems_html(const PageContext& page, const std::vector<std::string>& problems,
                          std::set<std::string>& invalid) {
  if (problems.empty())
    return "";
  std::string html = fmt::format(R"(<div class="error" role="alert"><p>{}</p><ul>)",
                                 page.text("Nothing was saved:"));
  for (const auto& problem : problems) {
    std::string field;
    html += "<li>" + html_escape(problem_for_page(page, problem, field)) + "</li>";
    if (!field.empty())
      invalid.insert(field);
  }
  return html + "</ul></div>";
}

// The answer to a form made against a version that has changed since: who changed it, when, and
// the way back to the form, which shows their change.
void send_conflict_page(PageContext& page, const std::string& code, const std::string& form,
                        const VersionConflict& conflict) {
  std::string when = report::format_moment(conflict.changed_at(), page.language);
  std::string who = conflict.changed_by().empty() ? std::string(page.text("someone"))
                                                  : conflict.changed_by();
  std::string html = fmt::format(
      R"(<p class="error" role="alert">{}</p><p>{}</p>)"
      R"(<p><a class="button" href="{}">{}</a> <a href="{}">{}</a></p>)",
      html_escape(page.vietnamese()
                      ? fmt::format("Dự án {} đã được {} thay đổi lúc {} sau khi bạn mở biểu mẫu. "
                                    "Không có gì được ghi.",
                                    code, who, when)
                      : fmt::format("Project {} was changed by {} at {} after you opened the "
                                    "form. Nothing was written.",
                                    code, who, when)),
      page.text("Reload the form to see their change, then enter yours again."),
      page.link(project_form_path(code, form)), page.text("Reload the form"),
      page.link(project_path(code)), page.text("Back to the project"));
  send_html(page.response, 409,
            page_frame(page, page.text("Changed meanwhile"), "projects", html));
}

std::optional<std::int64_t> parse_version(const std::string& text) {
  auto version = parse_count(
      text, CountRange{0, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())});
  if (!version)
    return std::nullopt;
  return static_cast<std::int64_t>(*version);
}

// ---- Pieces of the forms ----

std::string option_html(std::string_view value, std::string_view label, std::string_view chosen) {
  return fmt::format(R"(<option value="{}"{}>{}</option>)", html_escape(value),
                     value == chosen ? " selected" : "", html_escape(label));
}

std::string technology_options(const PageContext& page, const std::string& chosen) {
  std::string html = option_html("", page.text_in("page_project_forms", "— choose —"), chosen);
  for (Technology technology : all_technologies())
    html +=
        option_html(technology_key(technology), technology_text(technology, page.language), chosen);
  if (!chosen.empty() && !parse_technology(chosen))
    html += option_html(chosen, chosen, chosen);
  return html;
}

// The provinces as projects are recorded under them, grouped by the unit each belongs to since
// 2025; the units of the user's own provinces first.
std::string province_options(const PageContext& page, const std::string& chosen) {
  std::map<std::string, std::vector<std::string>> by_unit;
  for (const auto& province : ProvinceRegistry::builtin().provinces())
    by_unit[province.current_name].push_back(province.legacy_name);
  std::vector<std::string> own;
  for (const auto& [unit, legacy] : by_unit)
    for (const auto& name : legacy)
      if (page.caller.account.role == Role::Editor &&
          operations::can_write(page.caller.account, name) &&
          std::find(own.begin(), own.end(), unit) == own.end())
        own.push_back(unit);
  std::string html = option_html("", page.text_in("page_project_forms", "— choose —"), chosen);
  bool known = chosen.empty();
  auto group = [&](const std::string& unit) {
    auto& legacy = by_unit[unit];
    std::sort(legacy.begin(), legacy.end());
    std::string options;
    for (const auto& name : legacy) {
      options += option_html(name, name, chosen);
      known = known || name == chosen;
    }
    return fmt::format(R"(<optgroup label="{}">{}</optgroup>)", html_escape(unit), options);
  };
  for (const auto& unit : own)
    html += group(unit);
  for (const auto& [unit, legacy] : by_unit)
    if (std::find(own.begin(), own.end(), unit) == own.end())
      html += group(unit);
  if (!known)
    html += option_html(chosen, chosen, chosen);
  return html;
}

// The working calendars a project may follow: the built-in ones by what they mean, then those the
// department added (`tiendo calendar add`) by their names.
std::string calendar_options(const PageContext& page, const std::string& chosen) {
  std::string html =
      option_html("", page.text("Every day (calendar days, the default)"),
                  chosen == all_days_calendar ? "" : chosen);
  html += option_html("vn-mon-fri",
                      page.text("Monday to Friday, Vietnam's public holidays off"),
                      chosen);
  html += option_html("vn-mon-sat",
                      page.text("Monday to Saturday, Vietnam's public holidays off"),
                      chosen);
  auto snapshot = page.workspace.snapshot();
  for (const auto& calendar : snapshot->portfolio().calendars)
    html += option_html(calendar.name, calendar.name, chosen);
  return html;
}

std::string stage_options(const PageContext& page, const std::string& chosen) {
  std::string html;
  for (Stage stage : all_stages())
    html += option_html(stage_key(stage), stage_text(stage_key(stage), page.language), chosen);
  if (!chosen.empty() && !parse_stage(chosen))
    html += option_html(chosen, chosen, chosen);
  return html;
}

std::string category_options(const PageContext& page, const std::string& chosen) {
  std::string html = option_html("", page.text_in("page_project_forms", "— none —"), chosen);
  for (const auto& category : categories)
    html += option_html(category.key, page.text(category.english, category.vietnamese), chosen);
  return html;
}

// One labelled field of a form: the input, or the list for a field chosen from one.
std::string field_html(const PageContext& page, std::string_view name, std::string_view label,
                       std::string_view hint, Kind kind, const std::string& value, bool invalid,
                       bool required = false) {
  std::string control;
  std::string attributes =
      fmt::format(R"( id="{0}" name="{0}"{1}{2})", name, invalid ? R"( aria-invalid="true")" : "",
                  required ? " required" : "");
  if (!hint.empty())
    attributes += fmt::format(R"( aria-describedby="{}-hint")", name);
  switch (kind) {
    case Kind::Technology:
      control = fmt::format("<select{}>{}</select>", attributes, technology_options(page, value));
      break;
    case Kind::Province:
      control = fmt::format("<select{}>{}</select>", attributes, province_options(page, value));
      break;
    case Kind::Stage:
      control = fmt::format("<select{}>{}</select>", attributes, stage_options(page, value));
      break;
    case Kind::Calendar:
      control = fmt::format("<select{}>{}</select>", attributes, calendar_options(page, value));
      break;
    default:
      control = fmt::format(R"(<input type="text"{} value="{}"{}>)", attributes, html_escape(value),
                            kind == Kind::Date || kind == Kind::Number
                                ? R"( inputmode="decimal" autocomplete="off")"
                                : "");
  }
  return fmt::format(
      R"(<div class="field{}"><label for="{}">{}</label>{}{}</div>)",
      kind == Kind::Wide ? " wide" : "", name, html_escape(label), control,
      hint.empty() ? std::string()
                   : fmt::format(R"(<small id="{}-hint">{}</small>)", name, html_escape(hint)));
}

std::string back_link(const PageContext& page, const std::string& path) {
  return fmt::format(R"(<a href="{}">{}</a>)", page.link(path), page.text_in("page_import", "Cancel"));
}

void require_may_write(const PageContext& page, const Project* project) {
  bool allowed = project ? operations::can_write(page.caller.account, project->province)
                         : may_write_some(page.caller.account);
  if (!allowed)
    throw Forbidden(page.vietnamese()
                        ? (project ? fmt::format("Bạn chỉ được xem dự án {}, không được thay đổi: "
                                                 "dự án nằm ngoài vai trò hoặc các tỉnh của bạn.",
                                                 project->code)
                                   : std::string("Bạn không được thêm dự án: vai trò của bạn chỉ "
                                                 "được xem."))
                        : (project ? fmt::format("You may read project {} but not change it: it "
                                                 "lies outside your role or provinces.",
                                                 project->code)
                                   : std::string("You may not add projects: your role may only "
                                                 "read.")));
}

const Project& find_project_or_404(const PageContext& page, const Snapshot& snapshot,
                                   const std::string& code) {
  auto index = snapshot.portfolio().find_project(code);
  if (!index)
    throw NotFound(page.vietnamese() ? fmt::format("Không có dự án '{}'.", shown_safely(code))
                                     : fmt::format("project '{}' not found", shown_safely(code)));
  return snapshot.portfolio().projects[static_cast<std::size_t>(*index)];
}

std::string subtitle(const PageContext& page, const Project& project) {
  return fmt::format(R"(<p class="subtitle"><a href="{}">← {} {}</a></p>)",
                     page.link(project_path(project.code)), html_escape(project.code),
                     html_escape(project.name));
}

// ---- /projects/new and /projects/CODE/edit ----

struct ProjectFormState {
  std::map<std::string, std::string> values;
  bool use_template = false;
  std::string version;
  std::vector<std::string> problems;
};

// The values of a project as its edit form starts.
std::map<std::string, std::string> stored_values(const PageContext& page, const Project& project) {
  auto cells = project_cells(project);
  std::map<std::string, std::string> values;
  for (std::size_t column = 0; column < project_columns.size(); ++column)
    values[std::string(project_columns[column])] = cells[column];
  values["target_cod"] = date_text(project.target_cod, page.language);
  for (std::string_view name : {"capacity_mw", "capacity_mwp", "lat", "lon"})
    values[std::string(name)] = number_for_page(values[std::string(name)], page);
  return values;
}

void send_project_form(PageContext& page, int status, const Project* editing,
                       const ProjectFormState& state) {
  std::set<std::string> invalid;
  std::string html = editing ? subtitle(page, *editing) : "";
  html += problems_html(page, state.problems, invalid);
  std::string inputs;
  for (const auto& spec : project_fields) {
    if (editing && spec.name == "code")
      continue;
    auto value = state.values.find(std::string(spec.name));
    bool required = !editing && (spec.name == "code" || spec.name == "name" ||
                                 spec.name == "technology" || spec.name == "province");
    inputs += field_html(page, spec.name, page.text(spec.english, spec.vietnamese),
                         page.text(spec.hint_english, spec.hint_vietnamese), spec.kind,
                         value == state.values.end() ? "" : value->second,
                         invalid.count(std::string(spec.name)) > 0, required);
  }
  std::string extra;
  if (!editing) {
    std::vector<std::string> covered;
    if (!page.options.templates_path.empty()) {
      try {
        for (const auto& key : operations::template_technologies(
                 operations::read_templates(page.options.templates_path))) {
          if (auto technology = parse_technology(key))
            covered.push_back(technology_text(*technology, page.language));
          else
            covered.push_back(report::technology_bucket_label(key, page.language));
        }
      } catch (const Error&) {
        // A template file that cannot be read: the box is offered without the list, and the
        // write names the problem if it is ticked.
      }
    }
    extra = fmt::format(
        R"(<div class="field wide checkbox"><label><input type="checkbox" name="template" value="1"{}{}> {}</label>)"
        R"(<small>{}</small></div>)",
        state.use_template ? " checked" : "",
        invalid.count("template") ? R"( aria-invalid="true")" : "",
        page.text("Add the milestones and links of its technology's template"),
        html_escape(covered.empty()
                        ? std::string(page.text("No template is installed."))
                        : fmt::format("{}: {}", page.text("Templates for"),
                                      fmt::join(covered, ", "))));
  }
  std::string action = editing ? project_form_path(editing->code, "edit") : "/projects/new";
  html += fmt::format(
      R"(<form class="edit-form" method="post" action="{action}">{csrf}{version})"
      R"(<div class="form-grid">{inputs}{extra}</div><div class="actions">)"
      R"(<button type="submit" class="primary">{submit}</button> {cancel}</div></form>)",
      fmt::arg("action", page.link(action)), fmt::arg("csrf", page.csrf_field()),
      fmt::arg("version", editing
                              ? fmt::format(R"(<input type="hidden" name="version" value="{}">)",
                                            html_escape(state.version))
                              : std::string()),
      fmt::arg("inputs", inputs), fmt::arg("extra", extra),
      fmt::arg("submit",
               editing ? page.text("Save") : page.text("Add project")),
      fmt::arg("cancel", back_link(page, editing ? project_path(editing->code) : "/projects")));
  std::string title = editing ? fmt::format("{} — {}", editing->code,
                                            page.text("edit project"))
                              : std::string(page.text("New project"));
  send_html(page.response, status, page_frame(page, title, "projects", html));
}

// Whether what the user left in a field of the edit form differs from the stored value: a date
// or a number written another way is the same value, and is not written again.
bool changed(const FieldSpec& spec, const std::string& typed, const std::string& stored) {
  if (typed == stored)
    return false;
  if (typed.empty() || stored.empty())
    return true;
  if (spec.kind == Kind::Date) {
    auto a = Date::try_parse(typed), b = Date::try_parse(stored);
    return !(a && b && a->identical(*b));
  }
  if (spec.kind == Kind::Number) {
    char* typed_end = nullptr;
    char* stored_end = nullptr;
    double a = std::strtod(typed.c_str(), &typed_end);
    double b = std::strtod(stored.c_str(), &stored_end);
    return !(*typed_end == '\0' && *stored_end == '\0' && a == b);
  }
  return true;
}

void new_project_page(PageContext& page) {
  require_may_write(page, nullptr);
  ProjectFormState state;
  state.values["stage"] = "proposed";
  if (page.request.method != "POST") {
    send_project_form(page, 200, nullptr, state);
    return;
  }
  Fields fields;
  for (const auto& spec : project_fields) {
    auto sent = sent_form_field(page.request, std::string(spec.name));
    if (!sent)
      continue;
    std::string typed = spec.kind == Kind::Wide ? *sent : trimmed(*sent);
    state.values[std::string(spec.name)] = typed;
    std::string value = spec.kind == Kind::Number ? number_for_store(typed) : typed;
    // A new project takes only what was filled in: an empty field is no value.
    if (!value.empty())
      fields.push_back(Field{std::string(spec.name), value});
  }
  state.use_template = form_field(page.request, "template") == "1";
  std::string code = state.values["code"];
  if (code.empty()) {
    state.problems.push_back("code: '': a project needs a code");
    send_project_form(page, 400, nullptr, state);
    return;
  }
  // The code first, as the operation wants it.
  std::stable_partition(fields.begin(), fields.end(),
                        [](const Field& field) { return field.name == "code"; });
  try {
    std::vector<io::TemplateStep> steps;
    if (state.use_template) {
      if (page.options.templates_path.empty())
        throw InvalidInput("template: '1': no milestone templates are installed");
      steps = operations::read_templates(page.options.templates_path);
    }
    store::ChangeContext context{page.caller.account.name, "", ""};
    page.workspace.with_database([&](store::Database& database) {
      operations::edit_project(database, context, operations::EditKind::Add, fields,
                               state.use_template ? &steps : nullptr, &page.caller.account);
    });
  } catch (const operations::OutOfScope&) {
    throw;
  } catch (const InvalidInput& error) {
    // The operation names the command line's option for the template; the form has its box.
    for (auto problem : error.problems()) {
      if (problem.starts_with("--template: "))
        problem = "template: '1': " + problem.substr(12);
      state.problems.push_back(std::move(problem));
    }
    send_project_form(page, 400, nullptr, state);
    return;
  } catch (const Conflict&) {
    state.problems.push_back(fmt::format("code: '{}': exists already", shown_safely(code)));
    send_project_form(page, 409, nullptr, state);
    return;
  }
  redirect(page, with_parameter(page, project_path(code), "saved=1"));
}

void edit_project_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  auto snapshot = page.workspace.snapshot();
  const Project& project = find_project_or_404(page, *snapshot, code);
  require_may_write(page, &project);
  ProjectFormState state;
  auto stored = stored_values(page, project);
  state.values = stored;
  if (page.request.method != "POST") {
    state.version = std::to_string(page.workspace.with_reading(
        [&](store::Database& database) { return operations::project_version(database, code); }));
    send_project_form(page, 200, &project, state);
    return;
  }
  // Only the fields the form sent and the user changed are written, so a field another writer
  // changed and this user did not touch is never put back; the version catches the rest. A field
  // sent empty clears it.
  auto cells = project_cells(project);
  Fields fields{{"code", code}};
  for (const auto& spec : project_fields) {
    if (spec.name == "code")
      continue;
    auto sent = sent_form_field(page.request, std::string(spec.name));
    if (!sent)
      continue;
    std::string typed = spec.kind == Kind::Wide ? *sent : trimmed(*sent);
    state.values[std::string(spec.name)] = typed;
    std::string value = spec.kind == Kind::Number ? number_for_store(typed) : typed;
    auto column = static_cast<std::size_t>(
        std::find(project_columns.begin(), project_columns.end(), spec.name) -
        project_columns.begin());
    if (changed(spec, value, cells[column]))
      fields.push_back(Field{std::string(spec.name), value});
  }
  state.version = form_field(page.request, "version");
  auto version = parse_version(state.version);
  if (!version) {
    state.problems.push_back(
        fmt::format("version: '{}': not a version (a whole number)", shown_safely(state.version)));
    send_project_form(page, 400, &project, state);
    return;
  }
  std::string back = project_path(code);
  if (fields.size() == 1) {
    redirect(page, back + (page.vietnamese() ? "" : "?lang=en"));
    return;
  }
  try {
    store::ChangeContext context{page.caller.account.name, "", ""};
    // One row written, the portfolio brought up to date from the project (Workspace::set_project).
    page.workspace.set_project(context, fields, &page.caller.account, *version);
  } catch (const VersionConflict& conflict) {
    send_conflict_page(page, code, "edit", conflict);
    return;
  } catch (const operations::OutOfScope&) {
    throw;
  } catch (const InvalidInput& error) {
    state.problems = error.problems();
    send_project_form(page, 400, &project, state);
    return;
  }
  redirect(page, with_parameter(page, back, "saved=1"));
}

// ---- /projects/CODE/status ----

struct StatusFormState {
  std::string status, date, category, text, source;
  std::vector<std::string> problems;
};

void send_status_form(PageContext& page, int status_code, const Project& project,
                      const Portfolio& portfolio, const StatusFormState& state) {
  std::set<std::string> invalid;
  std::string html = subtitle(page, project);
  // The side states recorded so far, latest last, so the user sees what a new one follows.
  std::vector<std::vector<std::string>> rows;
  auto index = portfolio.find_project(project.code);
  for (const auto& event : portfolio.status_events) {
    if (!index || event.project != *index)
      continue;
    std::string reason = event.reason;
    auto colon = reason.find(':');
    if (colon != std::string::npos)
      for (const auto& category : categories)
        if (reason.substr(0, colon) == category.key)
          reason = fmt::format("{}: {}", page.text(category.english, category.vietnamese),
                               reason.substr(colon + 1));
    rows.push_back({html_escape(stage_text(status_key(event.status), page.language)),
                    html_escape(report::format_date(event.date, page.language)),
                    html_escape(reason), html_escape(event.source)});
  }
  html +=
      fmt::format(R"(<section class="panel"><h2>{}</h2>{}</section>)",
                  page.text("Statuses recorded"),
                  rows.empty() ? fmt::format(R"(<p class="muted">{}</p>)",
                                             page.text("None: the project follows its stages."))
                               : html_table_raw({std::string(page.text("Status")),
                                                 std::string(page.text("From")),
                                                 std::string(page.text("Reason")),
                                                 std::string(page.text("Source"))},
                                                rows, {false, false, false, false}, "compact"));
  html += problems_html(page, state.problems, invalid);
  std::string statuses;
  for (std::string_view key : {"suspended", "cancelled", "retired", "active"})
    statuses += option_html(key, stage_text(key, page.language), state.status);
  std::string inputs = fmt::format(
      R"(<div class="field"><label for="status">{}</label><select id="status" name="status"{}>{}</select></div>)",
      page.text("Status"), invalid.count("status") ? R"( aria-invalid="true")" : "",
      statuses);
  inputs += field_html(page, "date", page.text("From (date)"),
                       page.text("15/08/2027, 08/2027 or 2027"),
                       Kind::Date, state.date, invalid.count("date") > 0, true);
  inputs += fmt::format(
      R"(<div class="field"><label for="reason_category">{}</label><select id="reason_category" name="reason_category"{}>{}</select></div>)",
      page.text("Reason category"),
      invalid.count("reason_category") ? R"( aria-invalid="true")" : "",
      category_options(page, state.category));
  inputs += field_html(page, "reason_text", page.text("Reason"),
                       page.text("what happened, in a few words"),
                       Kind::Wide, state.text, invalid.count("reason_text") > 0);
  inputs +=
      field_html(page, "source", page.text("Source"),
                 page.text("decision, document or meeting"),
                 Kind::Wide, state.source, invalid.count("source") > 0);
  html += fmt::format(
      R"(<form class="edit-form" method="post" action="{}">{}<div class="form-grid">{}</div>)"
      R"(<div class="actions"><button type="submit" class="primary">{}</button> {}</div></form>)",
      page.link(project_form_path(project.code, "status")), page.csrf_field(), inputs,
      page.text("Record the status"),
      back_link(page, project_path(project.code)));
  send_html(page.response, status_code,
            page_frame(
                page, fmt::format("{} — {}", project.code, page.text_in("page_project_forms", "status")),
                "projects", html));
}

void status_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  auto snapshot = page.workspace.snapshot();
  const Project& project = find_project_or_404(page, *snapshot, code);
  require_may_write(page, &project);
  StatusFormState state;
  state.status = "suspended";
  Date today = Date::today_in_vietnam();
  state.date = page.vietnamese() ? today.vietnamese() : today.iso();
  if (page.request.method != "POST") {
    send_status_form(page, 200, project, snapshot->portfolio(), state);
    return;
  }
  state.status = trimmed(form_field(page.request, "status"));
  state.date = trimmed(form_field(page.request, "date"));
  state.category = trimmed(form_field(page.request, "reason_category"));
  state.text = form_field(page.request, "reason_text");
  state.source = form_field(page.request, "source");
  auto status = parse_status(state.status);
  if (!status)
    state.problems.push_back(
        fmt::format("status: '{}': not a status (suspended, cancelled, retired or active)",
                    shown_safely(state.status)));
  std::optional<Date> when;
  if (state.date.empty())
    state.problems.push_back("date: '': give a date");
  else if (!(when = Date::try_parse(state.date)))
    state.problems.push_back(
        fmt::format("date: '{}': {}", shown_safely(state.date), Date::why_not_a_date(state.date)));
  std::string reason = trimmed(state.text);
  if (!state.category.empty()) {
    bool known =
        std::any_of(std::begin(categories), std::end(categories),
                    [&](const Category& category) { return category.key == state.category; });
    if (!known)
      state.problems.push_back(fmt::format("reason_category: '{}': unknown delay category",
                                           shown_safely(state.category)));
    else if (reason.empty())
      state.problems.push_back("reason_text: '': give the reason's text after its category");
    else
      reason = state.category + ":" + reason;
  }
  if (!state.problems.empty()) {
    send_status_form(page, 400, project, snapshot->portfolio(), state);
    return;
  }
  try {
    store::ChangeContext context{page.caller.account.name, reason, trimmed(state.source)};
    page.workspace.set_status(context, code, *status, *when, &page.caller.account);
  } catch (const operations::OutOfScope&) {
    throw;
  } catch (const InvalidInput& error) {
    state.problems = error.problems();
    send_status_form(page, 400, project, snapshot->portfolio(), state);
    return;
  }
  redirect(page, with_parameter(page, project_path(code), "saved=1"));
}

// ---- /projects/CODE/delete ----

// The other projects linking to one, as remove_project would name them.
std::vector<operations::StillLinked::Link> links_of(const Portfolio& portfolio,
                                                    std::int32_t index) {
  std::vector<operations::StillLinked::Link> links;
  const std::string& code = portfolio.projects[static_cast<std::size_t>(index)].code;
  for (const auto& other : portfolio.projects)
    if (other.parent == code)
      links.push_back({other.code, ""});
  for (const auto& dependency : portfolio.dependencies) {
    auto from = portfolio.milestones[static_cast<std::size_t>(dependency.from)].project;
    auto to = portfolio.milestones[static_cast<std::size_t>(dependency.to)].project;
    if ((from == index) == (to == index))
      continue;
    links.push_back({portfolio.projects[static_cast<std::size_t>(from == index ? to : from)].code,
                     fmt::format("{} -> {}", portfolio.reference(dependency.from),
                                 portfolio.reference(dependency.to))});
  }
  return links;
}

std::string still_linked_html(const PageContext& page, const std::string& code,
                              const std::vector<operations::StillLinked::Link>& links) {
  std::string items;
  for (const auto& link : links)
    items += fmt::format(
        "<li>{} — {}</li>", project_link(page, link.project),
        link.how.empty() ? html_escape(page.vietnamese() ? fmt::format("thuộc dự án {}", code)
                                                         : fmt::format("is part of {}", code))
                         : html_escape(page.vietnamese() ? fmt::format("phụ thuộc {}", link.how)
                                                         : fmt::format("dependency {}", link.how)));
  return fmt::format(
      R"(<div class="error" role="alert"><p>{}</p><ul>{}</ul></div>)",
      html_escape(page.vietnamese()
                      ? fmt::format("Không thể xoá dự án {} khi còn dự án khác liên kết tới nó. "
                                    "Hãy gỡ các liên kết này trước; không có gì bị xoá.",
                                    code)
                      : fmt::format("Project {} cannot be removed while other projects link to "
                                    "it. Remove these links first; nothing was removed.",
                                    code)),
      items);
}

void send_delete_form(PageContext& page, int status, const Project& project,
                      const Portfolio& portfolio, const std::string& reason,
                      const std::string& version, const std::vector<std::string>& problems,
                      const std::vector<operations::StillLinked::Link>& links) {
  std::set<std::string> invalid;
  auto index = *portfolio.find_project(project.code);
  std::size_t milestones = 0, inner_links = 0;
  for (const auto& milestone : portfolio.milestones)
    milestones += milestone.project == index;
  for (const auto& dependency : portfolio.dependencies)
    inner_links +=
        portfolio.milestones[static_cast<std::size_t>(dependency.from)].project == index &&
        portfolio.milestones[static_cast<std::size_t>(dependency.to)].project == index;
  std::string html = subtitle(page, project);
  html += fmt::format(
      R"(<p>{}</p>)",
      html_escape(
          page.vietnamese()
              ? fmt::format("Xoá dự án {} ({}) cùng {} mốc tiến độ và {} quan hệ phụ thuộc giữa "
                            "các mốc đó. Chỉ dùng cho dự án nhập nhầm: nhật ký thay đổi vẫn giữ "
                            "lại mọi thứ đã xoá.",
                            project.code, project.name, milestones, inner_links)
              : fmt::format("Remove project {} ({}) with its {} milestones and the {} "
                            "dependencies between them. Only for a project entered by mistake: "
                            "the change log keeps everything removed.",
                            project.code, project.name, milestones, inner_links)));
  if (!links.empty())
    html += still_linked_html(page, project.code, links);
  html += problems_html(page, problems, invalid);
  html += fmt::format(
      R"(<form class="edit-form" method="post" action="{}">{}<input type="hidden" name="version" value="{}">)"
      R"(<div class="form-grid">{}</div><div class="actions">)"
      R"(<button type="submit" class="danger"{}>{}</button> {}</div></form>)",
      page.link(project_form_path(project.code, "delete")), page.csrf_field(), html_escape(version),
      field_html(page, "reason_text", page.text("Reason"),
                 page.text("why it is removed (required)"),
                 Kind::Wide, reason, invalid.count("reason_text") > 0, true),
      links.empty() ? "" : " disabled", page.text("Remove the project"),
      back_link(page, project_path(project.code)));
  send_html(
      page.response, status,
      page_frame(page,
                 fmt::format("{} — {}", project.code, page.text("remove project")),
                 "projects", html));
}

void delete_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  auto snapshot = page.workspace.snapshot();
  const Project& project = find_project_or_404(page, *snapshot, code);
  require_may_write(page, &project);
  const Portfolio& portfolio = snapshot->portfolio();
  auto links = links_of(portfolio, *portfolio.find_project(code));
  if (page.request.method != "POST") {
    auto version = page.workspace.with_reading(
        [&](store::Database& database) { return operations::project_version(database, code); });
    send_delete_form(page, 200, project, portfolio, "", std::to_string(version), {}, links);
    return;
  }
  std::string reason = form_field(page.request, "reason_text");
  std::string version_text = form_field(page.request, "version");
  auto version = parse_version(version_text);
  if (!version) {
    send_delete_form(
        page, 400, project, portfolio, reason, version_text,
        {fmt::format("version: '{}': not a version (a whole number)", shown_safely(version_text))},
        links);
    return;
  }
  try {
    store::ChangeContext context{page.caller.account.name, trimmed(reason), ""};
    page.workspace.with_database([&](store::Database& database) {
      operations::remove_project(database, context, code, &page.caller.account, *version);
    });
  } catch (const VersionConflict& conflict) {
    send_conflict_page(page, code, "delete", conflict);
    return;
  } catch (const operations::StillLinked& error) {
    send_delete_form(page, 409, project, portfolio, reason, version_text, {}, error.links());
    return;
  } catch (const operations::OutOfScope&) {
    throw;
  } catch (const InvalidInput& error) {
    send_delete_form(page, 400, project, portfolio, reason, version_text, error.problems(), {});
    return;
  }
  redirect(page, with_parameter(page, "/projects", "removed=" + report::url_component(code)));
}

}  // namespace

std::string project_technology_options(const PageContext& page, const std::string& chosen) {
  return technology_options(page, chosen);
}

std::string project_province_options(const PageContext& page, const std::string& chosen) {
  return province_options(page, chosen);
}

std::string project_actions_html(const PageContext& page, const Project& project) {
  if (!operations::can_write(page.caller.account, project.province))
    return "";
  return fmt::format(
      R"(<p class="actions project-actions"><a class="button" href="{}">{}</a> )"
      R"(<a class="button" href="{}">{}</a> <a class="button danger" href="{}">{}</a></p>)",
      page.link(project_form_path(project.code, "edit")), page.text("Edit"),
      page.link(project_form_path(project.code, "status")), page.text("Status"),
      page.link(project_form_path(project.code, "delete")), page.text_in("page_project_forms", "Remove"));
}

std::string new_project_link_html(const PageContext& page) {
  if (!may_write_some(page.caller.account))
    return "";
  return fmt::format(R"(<p class="actions"><a class="button primary" href="{}">{}</a></p>)",
                     page.link("/projects/new"), page.text("Add a project"));
}

std::string saved_notice_html(const PageContext& page) {
  if (page.request.has_param("saved"))
    return fmt::format(R"(<p class="notice saved" role="status">{}</p>)",
                       page.text("Saved."));
  if (page.request.has_param("removed")) {
    std::string code = page.request.get_param_value("removed");
    if (!text_problem(code).empty())
      return "";
    return fmt::format(
        R"(<p class="notice saved" role="status">{}</p>)",
        html_escape(page.vietnamese() ? fmt::format("Đã xoá dự án {}.", shown_safely(code))
                                      : fmt::format("Removed project {}.", shown_safely(code))));
  }
  return "";
}

void register_project_form_pages(Router& server, Workspace& workspace,
                                 const ServerOptions& options) {
  for (const auto& [pattern, handler] : std::vector<std::pair<std::string, PageHandler>>{
           {"/projects/new", new_project_page},
           {R"(/projects/([^/]+)/edit)", edit_project_page},
           {R"(/projects/([^/]+)/status)", status_page},
           {R"(/projects/([^/]+)/delete)", delete_page}}) {
    server.Get(pattern, page_route(workspace, options, handler));
    server.Post(pattern, page_route(workspace, options, handler));
  }
}

}  // namespace tiendo::web
