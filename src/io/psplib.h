#pragma once
// PSPLIB single-mode project files (.sm), the standard benchmark networks for project scheduling:
// each file one project, each job a milestone `job<N>` with its duration, precedences as
// finish-to-start links with lag 0.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/edit.h"
#include "domain/portfolio.h"

namespace tiendo::io {

struct PsplibJob {
  int number = 0;
  std::int32_t duration = 0;
  std::vector<int> successors;
};

struct PsplibProject {
  std::string code;            // The file name without its extension.
  std::int32_t mpm_time = -1;  // Critical path length from PROJECT INFORMATION, -1 if absent.
  std::vector<PsplibJob> jobs;
};

// Parses one file's text; problems name the file and line.
PsplibProject parse_psplib(const std::string& text, const std::string& file_name,
                           ProblemList& problems);
PsplibProject read_psplib_file(const std::string& path, ProblemList& problems);

// Adds the project (province unknown, technology other, in plan), its milestones and links.
void apply_psplib(Portfolio& portfolio, const PsplibProject& project, const std::string& file,
                  ProblemList& problems);

}  // namespace tiendo::io
