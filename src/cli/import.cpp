// tiendo import FILE...: all files in one transaction; every bad row reported; nothing written
// unless everything is good.
#include <fmt/format.h>

#include <algorithm>

#include "cli/common.h"
#include "domain/command_line.h"
#include "domain/error.h"
#include "operations/contractor_import.h"
#include "operations/import.h"
#include "report/format.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

void import_contractor(Context& context, const std::vector<std::string>& files,
                       const operations::ContractorImportOptions& options, bool dry_run) {
  if (files.size() != 1)
    throw InvalidInput("FILE: a contractor's schedule (.xer, .xml) is imported one file at a time");
  Date as_of = context.as_of();
  auto database = context.open_database();
  operations::ContractorImportResult result;
  {
    ProgressScope shown(context.progress());
    result = operations::import_contractor_schedule(database, context.change_context(),
                                                    files.front(), options, dry_run, as_of);
  }
  for (const auto& line : result.notes)
    context.out << line << '\n';
  const auto& summary = result.summary;
  auto language = context.language();
  if (dry_run && !result.updated.empty()) {
    // An update's differences, in the change log's words, as `history` would show them.
    report::Table table;
    table.headers = report::headers(language, {"entity", "field", "old", "new"});
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& difference : result.differences) {
      table.rows.push_back({difference.entity, difference.field,
                            difference.old_value.value_or(""), difference.new_value.value_or("")});
      rows.push_back({{"entity", difference.entity},
                      {"field", difference.field},
                      {"old", difference.old_value ? nlohmann::json(*difference.old_value)
                                                   : nlohmann::json(nullptr)},
                      {"new", difference.new_value ? nlohmann::json(*difference.new_value)
                                                   : nlohmann::json(nullptr)}});
    }
    context.print(table, nlohmann::json{{"differences", rows}});
  }
  if (!result.updated.empty() || summary.milestones_removed > 0 || summary.dependencies_removed > 0)
    context.out << report::say(language,
                               dry_run ? report::Label("would remove milestones: {}; dependencies: {}")
                                       : report::Label("removed milestones: {}; dependencies: {}"),
                               summary.milestones_removed, summary.dependencies_removed)
                << '\n';
  context.out
      << report::say(
             language,
             dry_run
                 ? report::Label("dry run, nothing written. would import projects: {} added, "
                                 "{} changed; milestones: {} added, {} changed; "
                                 "dependencies: {} added, {} changed")
                 : report::Label("imported projects: {} added, {} changed; milestones: {} "
                                 "added, {} changed; dependencies: {} added, {} changed"),
             summary.projects_added, summary.projects_changed, summary.milestones_added,
             summary.milestones_changed, summary.dependencies_added, summary.dependencies_changed)
      << '\n';
}

}  // namespace

void register_import(CLI::App& app, Context& context) {
  auto* command =
      add_command(app, "import", "import files (all or nothing; existing keys updated)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto from = std::make_shared<std::string>("tiendo-csv");
  auto dry_run = std::make_shared<bool>(false);
  command->add_option("FILE", *files, "files to import")->required();
  command
      ->add_option("--from", *from,
                   "tiendo-csv (default), wri-gppd (WRI Global Power Plant Database CSV), "
                   "pdp7-annex (revised PDP VII project list) or psplib")
      ->check(CLI::IsMember({"tiendo-csv", "wri-gppd", "pdp7-annex", "psplib"}));
  command->add_flag("--dry-run", *dry_run, "report what would change, write nothing");
  // A contractor's schedule (P6 .xer) becomes projects of the department's: where and what.
  auto contractor = std::make_shared<operations::ContractorImportOptions>();
  command->add_option("--province", contractor->province,
                      "for a .xer file (P6): the province of its projects");
  command->add_option("--technology", contractor->technology,
                      "for a .xer file: the technology of its projects");
  command->add_option("--capacity", contractor->capacity_mw, "for a .xer file: capacity in MW");
  command->add_option("--code", contractor->code,
                      "for a .xer file: the project's code instead of the file's project ID (for a "
                      "later update: the code it was imported under)");
  command->add_option("--cod", contractor->cod_activity,
                      "for a .xer file: the activity ID that is the project's COD");
  command->add_option("--baseline", contractor->baseline,
                      "for a .xer file updating a project imported before: save the portfolio's "
                      "baseline NAME first, in the same write");
  command->callback([&context, command, files, from, dry_run, contractor] {
    // An option that applies to the other kind of file would be silently dropped: refuse it.
    if (std::any_of(files->begin(), files->end(), operations::is_contractor_schedule)) {
      if (command->get_option("--from")->count() > 0)
        throw InvalidInput(fmt::format("--from: '{}': a contractor's schedule (.xer, .xml) is read "
                                       "by its own format; leave --from out",
                                       shown_safely(*from)));
      import_contractor(context, *files, *contractor, *dry_run);
      return;
    }
    for (const char* name : {"--province", "--technology", "--capacity", "--code", "--cod",
                             "--baseline"})
      if (command->get_option(name)->count() > 0)
        throw InvalidInput(fmt::format(
            "{}: only for a contractor's schedule (.xer, .xml); {} is not one", name,
            shown_safely(files->empty() ? std::string() : files->front())));
    auto format = *from == "psplib"       ? operations::ImportFormat::Psplib
                  : *from == "wri-gppd"   ? operations::ImportFormat::WriGppd
                  : *from == "pdp7-annex" ? operations::ImportFormat::Pdp7Annex
                                          : operations::ImportFormat::TiendoCsv;
    Date as_of = context.as_of();
    // Each change-log row takes the source recorded on its own row, which names the document.
    auto change = context.change_context();
    auto database = context.open_database();
    operations::ImportResult result;
    {
      // The progress line is gone before the summary is printed.
      ProgressScope shown(context.progress());
      result = operations::import_files(database, change, format, *files, *dry_run, as_of);
    }
    const auto& summary = result.summary;
    for (const auto& line : result.notes)
      context.out << line << '\n';
    auto language = context.language();
    for (const auto& plants : result.plant_lists)
      context.out << report::say(language, "{}: {} plants, {} MW", plants.file, plants.rows,
                                 report::format_megawatts(plants.total, language))
                  << '\n';
    for (const auto& annex : result.annexes)
      context.out << report::say(language, "{}: {} projects, {} MW", annex.file, annex.rows,
                                 report::format_megawatts(annex.total, language))
                  << '\n';
    context.out
        << report::say(
               language,
               *dry_run
                   ? report::Label("dry run, nothing written. would import projects: {} added, "
                                   "{} changed; milestones: {} added, {} changed; "
                                   "dependencies: {} added, {} changed")
                   : report::Label("imported projects: {} added, {} changed; milestones: {} "
                                   "added, {} changed; dependencies: {} added, {} changed"),
               summary.projects_added, summary.projects_changed, summary.milestones_added,
               summary.milestones_changed, summary.dependencies_added, summary.dependencies_changed)
        << '\n';
  });
}

}  // namespace tiendo::cli
