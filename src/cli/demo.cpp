// tiendo demo: (re)build a database from the seed portfolio in fixtures/ and show what tiendo does
// with it, at a date inside the seed reports' period.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "analysis/alerts.h"
#include "analysis/periodic.h"
#include "analysis/pipeline.h"
#include "cli/common.h"
#include "domain/error.h"
#include "io/output_path.h"
#include "operations/forecast.h"
#include "operations/import.h"
#include "operations/listings.h"
#include "operations/queries.h"
#include "report/periodic_report.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

// The Trà Vinh report closes the year 2020; the Sóc Trăng one covers nine months of it.
constexpr int demo_year = 2020, demo_month = 12, demo_day = 31;

}  // namespace

void register_demo(CLI::App& app, Context& context) {
  auto* command = add_command(
      app, "demo", "rebuild --db from the seed fixtures and show the pipeline and alerts");
  auto fixtures = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  command->add_option("--fixtures", *fixtures,
                      "directory with projects.csv, milestones.csv, dependencies.csv");
  command->add_flag("--force", *force,
                    "replace a database that was not made by demo, and a report beside it");
  const CLI::Option* database_option = app.get_option("--db");
  command->callback([&context, fixtures, force, database_option] {
    std::filesystem::path directory = find_fixture(*fixtures, "seed");
    if (database_option->count() > 0 && context.options.database.empty())
      io::check_file_name("--db", "");
    std::string path = context.database_path();
    // On a PostgreSQL server the demo rebuilds tiendo's tables in the database the URI names.
    const bool on_server = store::is_postgres_uri(path);
    // The demo deletes and rebuilds the file, so a link at --db is refused like any other target:
    // rebuilding would replace the link and leave the database it points at as it was.
    if (!on_server)
      io::check_file_target("--db", path, io::Overwrite::Replace);
    // Rebuilding deletes the file: never under a server or a command that has it open (their
    // writes would go to the deleted file), so it is held alone until the demo is done.
    auto lock = store::Database::lock_alone(path);
    // Rebuilding deletes the file; never do that to a department's real portfolio by accident.
    bool made_by_demo = false;
    if (store::Database::exists(path)) {
      auto existing = context.open_database();
      made_by_demo = operations::is_demo_database(existing);
      if (!made_by_demo && !*force)
        throw Conflict(
            fmt::format("{} holds data not made by `tiendo demo`; use another --db, or --force",
                        store::printable_location(path)));
    }
    // The report beside the database is the demo's own when the database was made by demo: a
    // rebuild replaces both. Any other file of that name is replaced only with --force. It is
    // checked before anything is deleted, so a refusal leaves everything as it was.
    bool vi = context.language() == report::Language::Vietnamese;
    // Beside a database file; in the current folder for a database on a server.
    std::string report_name = vi ? "tiendo-bao-cao.html" : "tiendo-report.html";
    std::string report_path =
        on_server ? report_name
                  : (std::filesystem::path(path).parent_path() / report_name).string();
    auto report_overwrite = made_by_demo || *force ? io::Overwrite::Replace : io::Overwrite::Refuse;
    io::check_file_target("demo", report_path, report_overwrite);
    store::Database::remove(path);
    auto database = context.open_database(store::OpenMode::CreateOrMigrate);
    // Shown as the store shows it: a URI without its password.
    path = database.location();
    operations::mark_as_demo(database, context.change_context());
    std::vector<std::string> files;
    for (const char* name : {"projects.csv", "milestones.csv", "dependencies.csv"})
      files.push_back((directory / name).string());
    Date as_of = context.options.as_of.empty() ? *Date::from_ymd(demo_year, demo_month, demo_day)
                                               : context.as_of();
    {
      ProgressScope shown(context.progress());
      operations::import_files(database, context.change_context("", "tiendo demo: seed fixtures"),
                               operations::ImportFormat::TiendoCsv, files, false, as_of);
    }
    auto scheduled = operations::load_scheduled(database, as_of);
    const Portfolio& portfolio = scheduled.portfolio;
    const auto& schedule = scheduled.schedule;
    const auto& network = *scheduled.network;
    auto language = context.language();
    context.out << fmt::format(
        fmt::runtime(
            vi ? "Cơ sở dữ liệu {}: {} dự án, {} mốc, {} phụ thuộc từ {} (5 báo cáo mẫu)\n"
               : "Database {}: {} projects, {} milestones, {} dependencies from {} (the five "
                 "seed reports)\n"),
        path, portfolio.projects.size(), portfolio.milestones.size(), portfolio.dependencies.size(),
        directory.string());
    context.out << fmt::format(fmt::runtime(vi ? "Số liệu tính đến ngày {}\n\n" : "As of {}\n\n"),
                               report::format_date(as_of, language));

    analysis::PipelineQuery query;
    query.group_by = {analysis::GroupField::Province, analysis::GroupField::Stage};
    auto pipeline =
        analysis::compute_pipeline(portfolio, schedule, query, ProvinceRegistry::builtin());
    context.out << (vi ? "Công suất theo tỉnh và giai đoạn (MW)\n"
                       : "Pipeline by province and stage (MW)\n");
    report::render_table(context.out, report::pipeline_table(pipeline, query.group_by, language));
    for (const auto& warning : pipeline.warnings)
      context.out << report::say(language, "warning: {}", warning) << '\n';

    analysis::AlertInputs inputs;
    auto alerts = analysis::compute_alerts(portfolio, network, schedule, inputs);
    std::vector<analysis::Alert> top;
    for (const auto& alert : alerts)
      if (alert.severity != analysis::Severity::Info && top.size() < 10)
        top.push_back(alert);
    context.out << fmt::format(fmt::runtime(vi ? "\nCảnh báo chậm tiến độ ({} trên tổng {})\n"
                                               : "\nTop delay alerts ({} of {})\n"),
                               top.size(), alerts.size());
    report::render_table(context.out, report::alerts_table(portfolio, schedule, top, language));
    // The report of the year up to the demo date, written beside the database.
    Date year_start = *Date::from_ymd(as_of.year(), 1, 1);
    auto periodic = analysis::compute_periodic_report(portfolio, network, schedule, year_start,
                                                      std::nullopt, ProvinceRegistry::builtin());
    auto online = operations::chart_forecast(portfolio, network, as_of, std::nullopt);
    auto report_file = io::OutputFile::open("demo", report_path, report_overwrite);
    report::render_report_html(
        report_file.stream(),
        report::ReportContext{portfolio, schedule, periodic, nullptr, "", language, &online, ""});
    report_file.close();
    context.out << fmt::format(
        fmt::runtime(vi ? "\nBáo cáo kỳ {} – {}: {}\n" : "\nReport for {} to {}: {}\n"),
        report::format_date(year_start, language), report::format_date(as_of, language),
        report_path);
    context.out << fmt::format(
        fmt::runtime(vi ? "Thử: tiendo --db {} explain LS-KHANHKHE:cod --as-of {}\n"
                        : "Try: tiendo --db {} explain LS-KHANHKHE:cod --as-of {}\n"),
        path, as_of.iso_day());
  });
}

}  // namespace tiendo::cli
