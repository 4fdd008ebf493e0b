#include "io/dot_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "domain/text.h"

#include "domain/progress.h"

namespace tiendo::io {

std::string dot_quote(std::string_view raw) {
  // The line breaks tiendo puts in a label stay line breaks; everything else stored is made
  // valid text here, as the graph may be written to a file byte for byte.
  std::string text;
  for (std::size_t start = 0; start <= raw.size();) {
    std::size_t end = std::min(raw.find('\n', start), raw.size());
    if (start > 0)
      text += '\n';
    text += document_text(raw.substr(start, end - start));
    start = end + 1;
  }
  std::string result = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      result += '\\';
    if (c == '\n') {
      result += "\\n";
      continue;
    }
    if (c == '\r')
      continue;
    result += c;
  }
  return result + "\"";
}

void write_dot(std::ostream& out, const Portfolio& portfolio, const NetworkMarks& marks) {
  out << "digraph tiendo {\n";
  out << fmt::format("  graph [rankdir=LR, compound=true, fontname=\"Helvetica\", label={}];\n",
                     dot_quote(fmt::format("tiendo milestone network as of {}; critical in red",
                                           marks.as_of.iso())));
  out << "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  std::vector<std::vector<std::size_t>> milestones_of(portfolio.projects.size());
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m)
    milestones_of[static_cast<std::size_t>(portfolio.milestones[m].project)].push_back(m);
  // One count for the whole file: each milestone drawn, then each dependency.
  ProgressCounter progress(ProgressTask::Writing,
                           portfolio.milestones.size() + portfolio.dependencies.size());
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    if (milestones_of[p].empty())
      continue;
    const Project& project = portfolio.projects[p];
    out << fmt::format("  subgraph {} {{\n", dot_quote(fmt::format("cluster_{}", project.code)));
    out << fmt::format("    label={};\n", dot_quote(project.code + "\n" + project.name));
    for (std::size_t m : milestones_of[p]) {
      const Milestone& milestone = portfolio.milestones[m];
      std::string label = milestone.key;
      if (marks.finish[m])
        label += "\n" + marks.finish[m]->iso_day();
      std::string attributes = fmt::format("label={}", dot_quote(label));
      if (milestone.done())
        attributes += ", style=\"rounded,filled\", fillcolor=\"gray90\"";
      if (marks.critical_milestones[m])
        attributes += ", color=\"red\", penwidth=2";
      out << fmt::format("    {} [{}];\n",
                         dot_quote(portfolio.reference(static_cast<std::int32_t>(m))), attributes);
      progress.add();
    }
    out << "  }\n";
  }
  for (std::size_t d = 0; d < portfolio.dependencies.size(); ++d) {
    const Dependency& dependency = portfolio.dependencies[d];
    std::string label(link_type_key(dependency.type));
    if (dependency.lag_days != 0)
      label += fmt::format(" {:+}", dependency.lag_days);
    std::string attributes = fmt::format("label={}", dot_quote(label));
    if (marks.critical_dependencies[d])
      attributes += ", color=\"red\", penwidth=2";
    out << fmt::format("  {} -> {} [{}];\n", dot_quote(portfolio.reference(dependency.from)),
                       dot_quote(portfolio.reference(dependency.to)), attributes);
    progress.add();
  }
  out << "}\n";
}

}  // namespace tiendo::io
