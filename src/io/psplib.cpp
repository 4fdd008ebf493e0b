#include "io/psplib.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "io/text_file.h"

namespace tiendo::io {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream stream(line);
  std::vector<std::string> result;
  for (std::string word; stream >> word;)
    result.push_back(word);
  return result;
}

std::optional<int> to_int(const std::string& word) {
  try {
    std::size_t used = 0;
    int value = std::stoi(word, &used);
    if (used != word.size())
      return std::nullopt;
    return value;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

PsplibProject parse_psplib(const std::string& text, const std::string& file_name,
                           ProblemList& problems) {
  PsplibProject project;
  project.code = std::filesystem::path(file_name).stem().string();
  enum class Section { None, ProjectInformation, Precedence, Durations } section = Section::None;
  std::map<int, PsplibJob> jobs;
  std::istringstream stream(text);
  std::string line;
  std::int64_t number = 0;
  auto problem = [&](std::string_view field, std::string_view value, std::string_view reason) {
    problems.add(InputLocation{file_name, number}, field, value, reason);
  };
  while (std::getline(stream, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.starts_with("PROJECT INFORMATION")) {
      section = Section::ProjectInformation;
      continue;
    }
    if (line.starts_with("PRECEDENCE RELATIONS")) {
      section = Section::Precedence;
      continue;
    }
    if (line.starts_with("REQUESTS/DURATIONS")) {
      section = Section::Durations;
      continue;
    }
    if (line.starts_with("****") || line.starts_with("RESOURCEAVAILABILITIES")) {
      section = Section::None;
      continue;
    }
    auto fields = words(line);
    if (fields.empty() || !to_int(fields[0]))
      continue;  // Column headings and rules.
    switch (section) {
      case Section::ProjectInformation:
        if (fields.size() >= 6) {
          if (auto mpm = to_int(fields[5]))
            project.mpm_time = *mpm;
          else
            problem("MPM-Time", fields[5], "not a whole number");
        }
        break;
      case Section::Precedence: {
        if (fields.size() < 3) {
          problem("successors", line, "expected job, modes, count, successors");
          break;
        }
        int job = *to_int(fields[0]);
        auto count = to_int(fields[2]);
        if (!count || fields.size() != 3 + static_cast<std::size_t>(*count)) {
          problem("#successors", fields[2], "does not match the successors listed");
          break;
        }
        jobs[job].number = job;
        for (std::size_t i = 3; i < fields.size(); ++i) {
          if (auto successor = to_int(fields[i]))
            jobs[job].successors.push_back(*successor);
          else
            problem("successors", fields[i], "not a job number");
        }
        break;
      }
      case Section::Durations: {
        // "jobnr. mode duration R1 R2 ...": only the first mode exists in single-mode files.
        if (fields.size() < 3) {
          problem("duration", line, "expected job, mode, duration");
          break;
        }
        auto duration = to_int(fields[2]);
        if (!duration || *duration < 0) {
          problem("duration", fields[2], "not a whole number of days");
          break;
        }
        jobs[*to_int(fields[0])].duration = *duration;
        break;
      }
      case Section::None:
        break;
    }
  }
  for (auto& [job, entry] : jobs) {
    entry.number = job;
    project.jobs.push_back(entry);
  }
  if (project.jobs.empty())
    problems.add(InputLocation{file_name, 0}, "jobs", "", "no PRECEDENCE RELATIONS found");
  return project;
}

PsplibProject read_psplib_file(const std::string& path, ProblemList& problems) {
  auto text = read_text_file(path);
  if (!text) {
    problems.add_line(fmt::format("{}: cannot read the file", path));
    return {};
  }
  return parse_psplib(*text, path, problems);
}

void apply_psplib(Portfolio& portfolio, const PsplibProject& project, const std::string& file,
                  ProblemList& problems) {
  InputLocation location{file, 0};
  std::string source =
      fmt::format("PSPLIB j30: {}", std::filesystem::path(file).filename().string());
  apply_project(portfolio,
                Fields{{"code", project.code},
                       {"name", fmt::format("PSPLIB {}", project.code)},
                       {"technology", "other"},
                       {"province", std::string(unknown_province)},
                       {"stage", "in_plan"},
                       {"source", source}},
                location, problems, ProvinceRegistry::builtin());
  for (const auto& job : project.jobs)
    apply_milestone(portfolio,
                    Fields{{"project", project.code},
                           {"key", fmt::format("job{}", job.number)},
                           {"duration_days", std::to_string(job.duration)},
                           {"source", source}},
                    location, problems);
  for (const auto& job : project.jobs)
    for (int successor : job.successors)
      apply_dependency(portfolio,
                       Fields{{"from", fmt::format("{}:job{}", project.code, job.number)},
                              {"to", fmt::format("{}:job{}", project.code, successor)},
                              {"type", "FS"},
                              {"lag_days", "0"}},
                       location, problems);
}

}  // namespace tiendo::io
