#pragma once
// Reading a whole input file, shared by every importer: each parses text it holds in full, so
// that a problem can name any line and nothing is written before all of it was read.
#include <optional>
#include <string>

namespace tiendo::io {

// The file's bytes as they are, or nothing when it cannot be opened.
std::optional<std::string> read_text_file(const std::string& path);

}  // namespace tiendo::io
