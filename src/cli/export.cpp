// tiendo export: the portfolio as the tiendo CSVs or JSON, for other tools and for re-import; as
// an Excel workbook, GeoJSON for maps, iCalendar for calendars and DOT for Graphviz.
#include <fmt/format.h>

#include <optional>

#include "cli/common.h"
#include "domain/error.h"
#include "domain/text.h"
#include "io/dot_export.h"
#include "io/geojson_export.h"
#include "io/ics_export.h"
#include "io/json_export.h"
#include "io/output_path.h"
#include "io/tiendo_csv.h"
#include "io/xlsx_export.h"
#include "operations/listings.h"
#include "report/safe_output.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

void require_table(const std::string& what, const std::string& format,
                   std::initializer_list<std::string_view> allowed) {
  for (auto table : allowed)
    if (what == table)
      return;
  throw InvalidInput(fmt::format("--what: '{}': --format {} writes {}", what, format,
                                 fmt::join(allowed.begin() + 1, allowed.end(), " or ")));
}

}  // namespace

void register_export(CLI::App& app, Context& context) {
  auto* command = add_command(app, "export", "write projects, milestones and dependencies");
  auto what = std::make_shared<std::string>("all");
  auto out_path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>();
  auto status_codes = std::make_shared<bool>(false);
  command->add_option("--what", *what, "projects, milestones, dependencies or all (default)")
      ->check(CLI::IsMember({"projects", "milestones", "dependencies", "all"}));
  command
      ->add_option("--format", *format,
                   "csv (default), json, xlsx (workbook), geojson (projects with coordinates), "
                   "ics (open milestones), dot (dependency network)")
      ->check(CLI::IsMember({"csv", "json", "xlsx", "geojson", "ics", "dot"}));
  // The tiendo CSV stays the format that round-trips: the derived columns come only on request,
  // as the side states they depend on are not in the three files.
  command->add_flag("--status-codes", *status_codes,
                    "add gem_status and eia860_status (Global Energy Monitor, EIA-860) to the "
                    "projects CSV; xlsx and json always have them");
  const CLI::Option* out_option = command->add_option(
      "--out", *out_path,
      "csv: the directory to write projects.csv, milestones.csv, dependencies.csv into (and "
      "calendars.csv when the department has calendars); any other format: the file to write");
  auto force = std::make_shared<bool>(false);
  command->add_flag("--force", *force, "replace files that are at --out already");
  command->callback([&context, what, out_path, format, status_codes, force, out_option] {
    // An empty --out would otherwise mean no --out: the table on standard output.
    if (out_option->count() > 0 && out_path->empty())
      io::check_file_name("--out", "");
    // The global --format (table, csv, json) applies when export's own is not given.
    std::string chosen = format->empty() ? context.options.format : *format;
    if (chosen == "table")
      chosen = "csv";
    // An option the chosen format does not use is refused rather than silently ignored.
    if (*status_codes && chosen != "csv")
      throw InvalidInput(fmt::format(
          "--status-codes: --format {} has gem_status and eia860_status always; the option is "
          "for csv",
          chosen));
    if (*force && out_path->empty())
      throw InvalidInput("--force: replaces files at --out; give --out");
    // A workbook is binary: on a terminal it is noise that may change the terminal's state.
    if (chosen == "xlsx" && out_path->empty() && context.output_is_terminal)
      throw InvalidInput(
          "--format xlsx: a workbook is binary and standard output is a terminal; give --out "
          "FILE.xlsx, or redirect standard output to a file");
    bool all = *what == "all";
    Date as_of = context.as_of();
    io::TableSelection selection{all || *what == "projects", all || *what == "milestones",
                                 all || *what == "dependencies"};
    if (chosen != "csv") {
      if (chosen == "dot")
        require_table(*what, chosen, {"all", "milestones", "dependencies"});
      if (chosen == "geojson")
        require_table(*what, chosen, {"all", "projects"});
      if (chosen == "ics")
        require_table(*what, chosen, {"all", "milestones"});
      // These formats are one file: --out names it, else it goes to standard output. Checked
      // before the work, so a refused target costs nothing; opened after it, so a failure on
      // the way leaves no empty file behind.
      const std::string& file_name = *out_path;
      auto overwrite = *force ? io::Overwrite::Replace : io::Overwrite::Refuse;
      if (!file_name.empty())
        io::check_file_target("--out", file_name, overwrite);
      // A progress line shares a terminal with the output only when the output goes elsewhere.
      // The line counts from here, so that reading a large portfolio counts towards the moment
      // it is worth drawing.
      std::optional<ProgressScope> shown;
      shown.emplace(file_name.empty() ? context.progress(true) : context.progress());
      auto database = context.open_database();
      std::optional<io::OutputFile> file;
      auto target = [&]() -> std::ostream& {
        if (file_name.empty())
          return context.out;
        file.emplace(io::OutputFile::open("--out", file_name, overwrite));
        return file->stream();
      };
      if (chosen == "dot") {
        auto scheduled = operations::load_scheduled(database, as_of);
        auto marks = operations::network_marks(scheduled);
        io::write_dot(target(), scheduled.portfolio, marks);
      } else {
        Portfolio portfolio = operations::load_portfolio(database);
        // Each project's stage and side state as of the data date, for the GEM and EIA-860
        // columns.
        auto standings = operations::project_standings(portfolio, as_of);
        if (chosen == "xlsx") {
          if (file_name.empty())
            report::set_binary_output(context.out);
          io::write_xlsx(target(), portfolio, standings, selection);
        } else if (chosen == "geojson") {
          auto document = io::projects_geojson(portfolio, standings);
          target() << report::json_text(document) << '\n';
        } else if (chosen == "ics") {
          if (file_name.empty())
            report::set_binary_output(context.out);
          io::write_ics(target(), portfolio, as_of);
        } else {
          io::write_portfolio_json(
              target(), portfolio, standings, selection,
              [](const nlohmann::json& row) { return report::json_text(row); });
        }
      }
      if (file) {
        file->close();
        shown.reset();
        context.out << report::say(context.language(), "wrote {}", printable(file->path())) << '\n';
      }
      return;
    }
    auto database = context.open_database();
    Portfolio portfolio = operations::load_portfolio(database);
    // Each project's stage and side state as of the data date, for the GEM and EIA-860 columns.
    auto standings = operations::project_standings(portfolio, as_of);
    using Writer = std::function<void(std::ostream&, const Portfolio&)>;
    const std::vector<std::pair<std::string, Writer>> writers = {
        {"projects",
         [&standings, status_codes](std::ostream& out, const Portfolio& portfolio) {
           if (*status_codes)
             io::write_projects_csv(out, portfolio, standings);
           else
             io::write_projects_csv(out, portfolio);
         }},
        {"milestones", io::write_milestones_csv},
        {"dependencies", io::write_dependencies_csv}};
    if (out_path->empty()) {
      if (all)
        throw InvalidInput(
            "export --what all --format csv: three files; give --out DIR, or --what one table");
      // Rows on a terminal and a progress line there would be mixed; rows into a pipe are not.
      ProgressScope shown(context.progress(true));
      for (const auto& [name, writer] : writers)
        if (name == *what)
          writer(context.out, portfolio);
      return;
    }
    auto directory = io::OutputDirectory::open("--out", *out_path);
    auto overwrite = *force ? io::Overwrite::Replace : io::Overwrite::Refuse;
    // Every file is checked before any is written, so a refusal leaves the folder as it was.
    // The department's own calendars go with the three tables when it has some, so that the
    // projects and milestones on them (a contractor's schedule) import elsewhere as they are.
    auto written = [&](const std::string& name) {
      return name == "calendars" ? all && !portfolio.calendars.empty() : all || name == *what;
    };
    auto tables = writers;
    tables.insert(tables.begin(), {"calendars", io::write_calendars_csv});
    for (const auto& [name, writer] : tables)
      if (written(name))
        directory.check_file(name + ".csv", overwrite);
    for (const auto& [name, writer] : tables) {
      if (!written(name))
        continue;
      auto file = directory.create_file(name + ".csv", overwrite);
      {
        // The progress line is gone before the file is named.
        ProgressScope shown(context.progress());
        writer(file.stream(), portfolio);
      }
      file.close();
      context.out << report::say(context.language(), "wrote {}", printable(file.path())) << '\n';
    }
  });
}

}  // namespace tiendo::cli
