#pragma once
// Reading a whole input file, shared by the importers of published files (WRI, the PDP VII annex,
// PSPLIB): each is at most a few megabytes and parsed from text held in full. tiendo's own CSVs,
// which reach hundreds of megabytes, are read in pieces instead (io/csv.h).
#include <optional>
#include <string>

namespace tiendo::io {

// The file's bytes as they are, or nothing when it cannot be opened.
std::optional<std::string> read_text_file(const std::string& path);

}  // namespace tiendo::io
