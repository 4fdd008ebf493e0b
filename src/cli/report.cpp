// tiendo report: draft the energy section of the periodic report for a period, as HTML (with
// charts), Markdown or a Word document, in Vietnamese or English.
#include <fmt/format.h>

#include <filesystem>

#include "cli/common.h"
#include "domain/error.h"
#include "domain/text.h"
#include "io/output_path.h"
#include "operations/listings.h"
#include "report/periodic_report.h"
#include "report/report_docx.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_report(CLI::App& app, Context& context) {
  auto* command = add_command(
      app, "report", "draft the periodic report's energy section (HTML, Markdown or Word)");
  struct Options {
    std::string from, to, province, out, baseline, format;
    bool legacy = false;
    bool force = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--from", options->from, "first day of the period, e.g. 01/01/2020")
      ->required();
  command->add_option("--to", options->to, "last day of the period (the report's as-of date)")
      ->required();
  command->add_option("--province", options->province, "a current unit or a legacy province");
  command->add_flag("--legacy-provinces", options->legacy, "read --province as a legacy province");
  command->add_option("--baseline", options->baseline,
                      "baseline for the Gantt strips (default the latest)");
  command
      ->add_option("--out", options->out, "FILE.html, FILE.md or FILE.docx; - for standard output")
      ->required();
  command
      ->add_option("--format", options->format,
                   "html, md (Markdown) or docx (Word); by default the extension of --out says "
                   "which")
      ->check(CLI::IsMember({"html", "md", "docx"}));
  command->add_flag("--force", options->force, "replace --out if it exists");
  command->callback([&context, options] {
    Date from = Date::parse_option("--from", options->from);
    Date to = Date::parse_option("--to", options->to);
    if (to < from)
      throw InvalidInput(fmt::format("--to: '{}': before --from '{}'", options->to, options->from));
    std::string extension = std::filesystem::path(options->out).extension().string();
    // Its own --format, else the global one (which app.cpp allows here only as html, md or
    // docx), else the file name. A format that contradicts the file name is refused, not silently
    // obeyed.
    std::string format = options->format;
    if (format.empty() && (context.options.format == "html" || context.options.format == "md" ||
                           context.options.format == "docx"))
      format = context.options.format;
    std::string named = extension == ".html"   ? "html"
                        : extension == ".md"   ? "md"
                        : extension == ".docx" ? "docx"
                                               : "";
    const bool to_standard_output = options->out == "-";
    if (format.empty() && named.empty())
      throw InvalidInput(fmt::format(
          "--out: '{}': write FILE.html, FILE.md or FILE.docx, or give --format", options->out));
    if (!format.empty() && !named.empty() && format != named)
      throw InvalidInput(
          fmt::format("--format: '{}': --out '{}' ends in {}", format, options->out, extension));
    if (format.empty())
      format = named;
    // A Word document is binary: on a terminal it is noise that may change the terminal's state.
    if (format == "docx" && to_standard_output && context.output_is_terminal)
      throw InvalidInput(
          "--format docx: a Word document is binary and standard output is a terminal; give "
          "--out FILE.docx, or redirect standard output to a file");
    if (options->force && to_standard_output)
      throw InvalidInput("--force: replaces the file at --out; --out - is standard output");
    auto overwrite = options->force ? io::Overwrite::Replace : io::Overwrite::Refuse;
    // Checked before the work, so a refused target costs nothing; opened after it, so a failure
    // on the way leaves no empty report behind.
    if (!to_standard_output)
      io::check_file_target("--out", options->out, overwrite);
    std::optional<ProvinceFilter> province;
    if (!options->province.empty())
      province =
          ProvinceFilter::parse(options->province, ProvinceRegistry::builtin(), options->legacy);

    auto database = context.open_database();
    auto answer =
        operations::query_periodic_report(database, from, to, province, options->baseline);
    const auto& report = answer.report;
    const auto& baseline = answer.baseline;
    report::ReportContext view{answer.scheduled.portfolio,
                               answer.scheduled.schedule,
                               report,
                               baseline.dates ? &*baseline.dates : nullptr,
                               baseline.name,
                               context.language(),
                               &answer.forecast,
                               ""};
    auto write = [&](std::ostream& out) {
      if (format == "html")
        report::render_report_html(out, view);
      else if (format == "md")
        report::render_report_markdown(out, view);
      else
        out << report::render_report_docx(view);
    };
    if (to_standard_output) {
      write(context.out);
      return;
    }
    auto file = io::OutputFile::open("--out", options->out, overwrite);
    write(file.stream());
    file.close();
    context.out << report::say(context.language(),
                               "wrote {} ({} delayed projects, {} milestones due next quarter)",
                               printable(options->out), report.delayed.size(),
                               report.due_next_quarter.size())
                << '\n';
  });
}

}  // namespace tiendo::cli
