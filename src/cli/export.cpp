// tiendo export: the portfolio as the tiendo CSVs or JSON, for other tools and for re-import.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "cli/common.h"
#include "domain/error.h"
#include "io/json_export.h"
#include "io/tiendo_csv.h"

namespace tiendo::cli {

void register_export(CLI::App& app, Context& context) {
  auto* command = add_command(app, "export", "write projects, milestones and dependencies");
  auto what = std::make_shared<std::string>("all");
  auto out_directory = std::make_shared<std::string>();
  command->add_option("--what", *what, "projects, milestones, dependencies or all (default)")
      ->check(CLI::IsMember({"projects", "milestones", "dependencies", "all"}));
  command->add_option("--out", *out_directory,
                      "directory to write projects.csv, milestones.csv, dependencies.csv into");
  command->callback([&context, what, out_directory] {
    auto database = context.open_database();
    Portfolio portfolio = database.load();
    auto format = context.options.format;
    bool all = *what == "all";
    if (format == "json") {
      nlohmann::json json = nlohmann::json::object();
      if (all || *what == "projects") {
        json["projects"] = nlohmann::json::array();
        for (const auto& project : portfolio.projects)
          json["projects"].push_back(io::project_json(project));
      }
      if (all || *what == "milestones") {
        json["milestones"] = nlohmann::json::array();
        for (const auto& milestone : portfolio.milestones)
          json["milestones"].push_back(io::milestone_json(portfolio, milestone));
      }
      if (all || *what == "dependencies") {
        json["dependencies"] = nlohmann::json::array();
        for (const auto& dependency : portfolio.dependencies)
          json["dependencies"].push_back(io::dependency_json(portfolio, dependency));
      }
      context.print_json(json);
      return;
    }
    if (format != "csv" && format != "table")
      throw InvalidInput(fmt::format("--format: '{}': export writes csv or json", format));
    using Writer = void (*)(std::ostream&, const Portfolio&);
    const std::vector<std::pair<std::string, Writer>> writers = {
        {"projects", io::write_projects_csv},
        {"milestones", io::write_milestones_csv},
        {"dependencies", io::write_dependencies_csv}};
    if (out_directory->empty()) {
      if (all)
        throw InvalidInput(
            "export --what all --format csv: three files; give --out DIR, or --what one table");
      for (const auto& [name, writer] : writers)
        if (name == *what)
          writer(context.out, portfolio);
      return;
    }
    std::filesystem::create_directories(*out_directory);
    for (const auto& [name, writer] : writers) {
      if (!all && name != *what)
        continue;
      auto path = std::filesystem::path(*out_directory) / (name + ".csv");
      std::ofstream file(path, std::ios::binary);
      if (!file)
        throw InvalidInput(fmt::format("{}: cannot write", path.string()));
      writer(file, portfolio);
      context.out << fmt::format("wrote {}\n", path.string());
    }
  });
}

}  // namespace tiendo::cli
