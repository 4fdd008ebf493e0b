// tiendo generate --projects N --seed S --out DIR: a synthetic portfolio of realistic shape as the
// three tiendo CSVs, for benchmarks and load tests. It needs no database.
#include <fmt/format.h>

#include "cli/common.h"
#include "cli/options.h"
#include "domain/error.h"
#include "io/output_path.h"
#include "io/synthetic.h"
#include "io/tiendo_csv.h"
#include "report/wording.h"

namespace tiendo::cli {

void register_generate(CLI::App& app, Context& context) {
  auto* command = add_command(
      app, "generate", "write a synthetic portfolio (projects, milestones, dependencies CSV)");
  auto projects = std::make_shared<std::size_t>(1000);
  auto seed = std::make_shared<std::uint64_t>(1);
  auto out_directory = std::make_shared<std::string>();
  auto templates = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto progress = std::make_shared<std::string>();
  add_count_option(command, "--projects", *projects, "rows in projects.csv (default 1000)",
                   CountRange{1, 10'000'000});
  add_count_option(command, "--seed", *seed, "the same seed gives the same portfolio (default 1)");
  command
      ->add_option("--out", *out_directory,
                   "directory to write the three CSVs into (made if only it is missing)")
      ->required();
  command->add_flag("--force", *force, "replace CSV files that are in --out already");
  command->add_option("--templates", *templates, "template file (default fixtures/templates.csv)");
  command->add_option("--progress", *progress,
                      "history up to this date: steps that finish by then are done (default "
                      "2026-06-30)");
  command->callback([&context, projects, seed, out_directory, templates, force, progress] {
    io::SyntheticOptions options;
    if (!progress->empty())
      options.progress_date = Date::parse_option("--progress", *progress);
    ProblemList problems;
    std::vector<std::string> csv_problems;
    auto table = io::read_csv_file(find_fixture(*templates, "templates.csv"), csv_problems);
    for (auto& line : csv_problems)
      problems.add_line(std::move(line));
    auto steps = io::parse_templates(table, problems);
    problems.throw_if_any();

    auto directory = io::OutputDirectory::open("--out", *out_directory);
    auto overwrite = *force ? io::Overwrite::Replace : io::Overwrite::Refuse;
    using Writer = void (*)(std::ostream&, const Portfolio&);
    const std::vector<std::pair<std::string, Writer>> writers = {
        {"projects.csv", io::write_projects_csv},
        {"milestones.csv", io::write_milestones_csv},
        {"dependencies.csv", io::write_dependencies_csv}};
    // All three are checked before a large portfolio is generated and before any is written, so a
    // refusal comes at once and leaves the folder as it was.
    for (const auto& [name, writer] : writers)
      directory.check_file(name, overwrite);

    options.projects = *projects;
    options.seed = *seed;
    Portfolio portfolio;
    {
      // The progress line is gone before the summary is printed.
      ProgressScope shown(context.progress());
      portfolio = io::generate_portfolio(options, steps);
      for (const auto& [name, writer] : writers) {
        auto file = directory.create_file(name, overwrite);
        writer(file.stream(), portfolio);
        file.close();
      }
    }
    std::size_t done = 0;
    for (const auto& milestone : portfolio.milestones)
      done += milestone.done();
    auto language = context.language();
    context.out << report::say(language,
                               "wrote {} projects, {} milestones ({} done), {} dependencies to {} "
                               "(seed {}, progress to {})",
                               portfolio.projects.size(), portfolio.milestones.size(), done,
                               portfolio.dependencies.size(), *out_directory, *seed,
                               report::format_date(options.progress_date, language))
                << '\n';
  });
}

}  // namespace tiendo::cli
