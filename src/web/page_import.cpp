// /import: tiendo CSV files or workbooks uploaded from a browser, first tried (a dry run: what
// would be added and changed, or every problem, nothing written), then confirmed. Both steps go
// through run_import, which applies the account's province scope and imports all or nothing.
//
// A browser cannot send a chosen file a second time, so the preview keeps the files in its
// confirm form: each as a hidden pair of fields, its name and its content in base64. Base64,
// because a form re-sends a hidden field's value with its line breaks rewritten (and cannot hold
// every byte a file may), while the confirmation must import exactly the bytes that were
// previewed. Keeping them in the page rather than on the server means nothing is stored between
// the steps, nothing expires and nothing needs cleaning up; the price is that the confirmation
// sends the files again, a third larger, within the same body limit (--max-body, 20 MiB by
// default, so files up to about 15 MiB can be confirmed; larger ones go through the command line
// or the API). The content is not trusted for having been previewed: the confirmation is checked
// again, row by row and against the account's scope, as any upload is.
#include <fmt/format.h>

#include <array>

#include "domain/command_line.h"
#include "report/wording.h"
#include "web/heavy_work.h"
#include "web/page_contractor_import.h"
#include "web/page_import.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    auto value = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    text += base64_alphabet[(value >> 18) & 63];
    text += base64_alphabet[(value >> 12) & 63];
    text += base64_alphabet[(value >> 6) & 63];
    text += base64_alphabet[value & 63];
  }
  if (i < bytes.size()) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size())
      value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    text += base64_alphabet[(value >> 18) & 63];
    text += base64_alphabet[(value >> 12) & 63];
    text += i + 1 < bytes.size() ? base64_alphabet[(value >> 6) & 63] : '=';
    text += '=';
  }
  return text;
}

// Nothing when the text is not base64 as base64_encode writes it.
std::optional<std::string> base64_decode(std::string_view text) {
  std::array<int, 256> values;
  values.fill(-1);
  for (std::size_t i = 0; i < base64_alphabet.size(); ++i)
    values[static_cast<unsigned char>(base64_alphabet[i])] = static_cast<int>(i);
  if (text.size() % 4 != 0)
    return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int padding = 0;
    unsigned value = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
        value <<= 6;
        continue;
      }
      int digit = values[static_cast<unsigned char>(c)];
      if (digit < 0 || padding > 0)
        return std::nullopt;
      value = (value << 6) | static_cast<unsigned>(digit);
    }
    bytes += static_cast<char>((value >> 16) & 255);
    if (padding < 2)
      bytes += static_cast<char>((value >> 8) & 255);
    if (padding < 1)
      bytes += static_cast<char>(value & 255);
  }
  return bytes;
}

namespace {

// Every value of a form field, in the order sent: a multipart form's parts (where cpp-httplib
// keeps the plain fields too) or an urlencoded form's parameters.
std::vector<std::string> form_values(const httplib::Request& request, const std::string& name) {
  std::vector<std::string> values;
  auto [first, last] = request.files.equal_range(name);
  for (auto it = first; it != last; ++it)
    values.push_back(it->second.content);
  auto count = request.get_param_value_count(name.c_str());
  for (std::size_t i = 0; i < count; ++i)
    values.push_back(request.get_param_value(name.c_str(), i));
  return values;
}

// The files of a post: those chosen in the file field, and those the preview kept.
std::vector<UploadedFile> posted_files(const httplib::Request& request) {
  std::vector<UploadedFile> files;
  for (const auto& [field, part] : request.files)
    if (!part.filename.empty() && (field != "kept_name" && field != "kept_content"))
      files.push_back(UploadedFile{part.filename, part.content});
  auto names = form_values(request, "kept_name");
  auto contents = form_values(request, "kept_content");
  if (names.size() != contents.size())
    throw InvalidInput(
        fmt::format("kept_content: '': {} names but {} contents; upload the files again",
                    names.size(), contents.size()));
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto content = base64_decode(contents[i]);
    if (!content)
      throw InvalidInput(fmt::format("kept_content: '{}': not base64; upload the files again",
                                     shown_safely(contents[i])));
    files.push_back(UploadedFile{names[i], std::move(*content)});
  }
  return files;
}

std::string upload_form(const PageContext& page) {
  return fmt::format(
      R"(<form method="post" action="{action}" enctype="multipart/form-data" class="upload">
{csrf}
<input type="hidden" name="dry_run" value="1">
<p><label for="files">{files_label}</label>
<input id="files" type="file" name="files" multiple accept=".csv,text/csv,.xlsx,.xer,.xml" required></p>
<p class="hint">{hint}</p>
<button type="submit">{preview}</button>
</form>
)",
      fmt::arg("action", page.link("/import")), fmt::arg("csrf", page.csrf_field()),
      fmt::arg("files_label", page.text("tiendo CSV files or Excel workbooks (one or several)")),
      fmt::arg("hint",
               page.text("projects.csv, milestones.csv and dependencies.csv, as tiendo export "
                         "writes them, or a workbook (.xlsx) with such sheets (recognised by their "
                         "header row). You first see what would change; nothing is written until "
                         "you confirm.")),
      fmt::arg("preview", page.text("Preview")));
}

std::string summary_table(const PageContext& page, const store::WriteSummary& summary) {
  report::Table table;
  table.headers = {
      std::string(page.text("table")), std::string(page.text("added")),
      std::string(page.text("changed")), std::string(page.text("removed"))};
  table.alignment = {report::Align::Left, report::Align::Right, report::Align::Right,
                     report::Align::Right};
  auto number = [&](std::size_t value) {
    return report::format_integer(static_cast<long long>(value), page.language);
  };
  table.rows = {
      {std::string(page.text("projects")), number(summary.projects_added),
       number(summary.projects_changed), ""},
      {std::string(page.text_in("page_import", "milestones")), number(summary.milestones_added),
       number(summary.milestones_changed), ""},
      {std::string(page.text("dependencies")), number(summary.dependencies_added),
       number(summary.dependencies_changed), number(summary.dependencies_removed)},
  };
  return table_html(table);
}

void show_upload(PageContext& page) {
  std::string content =
      fmt::format("{}<p>{} <a href=\"{}\">{}</a>.</p>\n{}", upload_form(page),
                  page.text("To start from the current data, download it from"),
                  page.link("/pipeline"), page.text("the pipeline page"),
                  schedule_upload_form(page));
  send_html(page.response, 200,
            page_frame(page, page.text("Import"), "import", content));
}

void post_import(PageContext& page) {
  if (is_schedule_post(page.request))
    return post_schedule_import(page);
  std::string dry_text = form_field(page.request, "dry_run");
  if (dry_text != "" && dry_text != "0" && dry_text != "1")
    throw InvalidInput(fmt::format("dry_run: '{}': write 0 or 1", shown_safely(dry_text)));
  bool dry_run = dry_text == "1";
  auto files = posted_files(page.request);
  std::string title(page.text("Import"));

  store::WriteSummary summary;
  try {
    run_import(page.workspace, page.caller, files, dry_run, Date::today_in_vietnam(), summary);
  } catch (const InvalidInput& error) {
    std::string problems;
    for (const auto& problem : report::error_lines(page.language, error))
      problems += fmt::format("<li>{}</li>\n", report::html_escape(problem));
    std::string content = fmt::format(
        "<div class=\"error\" role=\"alert\">\n<p>{}</p>\n<ul>\n{}</ul>\n</div>\n{}",
        page.text("Nothing was imported. Correct these problems and upload the files again:"),
        problems, upload_form(page));
    send_html(page.response, 400, page_frame(page, title, "import", content));
    return;
  }

  std::string file_list;
  for (const auto& file : files)
    file_list += fmt::format(
        "<li>{} ({} {})</li>\n", report::html_escape(file.name),
        report::format_integer(static_cast<long long>(file.content.size()), page.language),
        page.text("bytes"));

  if (dry_run) {
    std::string kept;
    for (const auto& file : files)
      kept += fmt::format(
          "<input type=\"hidden\" name=\"kept_name\" value=\"{}\">\n"
          "<input type=\"hidden\" name=\"kept_content\" value=\"{}\">\n",
          report::html_escape(file.name), report::html_escape(base64_encode(file.content)));
    std::string content = fmt::format(
        R"(<p class="notice">{said}</p>
<h2>{preview_heading}</h2>
{table}
<p>{files_label}</p>
<ul class="files">
{files}</ul>
<form method="post" action="{action}" enctype="multipart/form-data" class="confirm">
{csrf}
<input type="hidden" name="dry_run" value="0">
{kept}<button type="submit">{confirm}</button>
<a href="{cancel}">{cancel_label}</a>
</form>
)",
        fmt::arg("said",
                 report::html_escape(report::say(
                     page.language,
                     "dry run, nothing written. would import projects: {} added, {} changed; "
                     "milestones: {} added, {} changed; dependencies: {} added, {} changed",
                     summary.projects_added, summary.projects_changed, summary.milestones_added,
                     summary.milestones_changed, summary.dependencies_added,
                     summary.dependencies_changed))),
        fmt::arg("preview_heading",
                 page.text("What the import would change")),
        fmt::arg("table", summary_table(page, summary)),
        fmt::arg("files_label", page.text("Files:")), fmt::arg("files", file_list),
        fmt::arg("action", page.link("/import")), fmt::arg("csrf", page.csrf_field()),
        fmt::arg("kept", kept),
        fmt::arg("confirm", page.text("Confirm: import these files")),
        fmt::arg("cancel", page.link("/import")),
        fmt::arg("cancel_label", page.text_in("page_import", "Cancel")));
    send_html(page.response, 200,
              page_frame(page, page.text("Import: preview"), "import",
                         content));
    return;
  }

  std::string content = fmt::format(
      R"(<p class="notice" role="status">{said}</p>
{table}
<ul class="files">
{files}</ul>
<p><a href="{history}">{history_label}</a> · <a href="{projects}">{projects_label}</a> · <a href="{again}">{again_label}</a></p>
)",
      fmt::arg("said", report::html_escape(report::say(
                           page.language,
                           "imported projects: {} added, {} changed; milestones: {} added, {} "
                           "changed; dependencies: {} added, {} changed",
                           summary.projects_added, summary.projects_changed,
                           summary.milestones_added, summary.milestones_changed,
                           summary.dependencies_added, summary.dependencies_changed))),
      fmt::arg("table", summary_table(page, summary)), fmt::arg("files", file_list),
      fmt::arg("history", page.link("/history")),
      fmt::arg("history_label", page.text("See the change log")),
      fmt::arg("projects", page.link("/projects")),
      fmt::arg("projects_label", page.text("Projects")),
      fmt::arg("again", page.link("/import")),
      fmt::arg("again_label", page.text("Import more files")));
  send_html(
      page.response, 200,
      page_frame(page, page.text("Import: done"), "import", content));
}

}  // namespace

void register_import_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get("/import", page_route(workspace, options, show_upload));
  server.Post("/import", page_route(workspace, options, busy_answered(post_import)));
}

}  // namespace tiendo::web
