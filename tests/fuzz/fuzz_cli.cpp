// libFuzzer target: the command-line parser. Arguments are the input split at NUL bytes; every
// command runs against a database in a scratch directory (named by TIENDO_DB; the working
// directory stays, since libFuzzer reads its corpus relative to it), so parsing and dispatch are
// exercised end to end. Nothing may crash; every outcome is an exit code from the contract.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string directory = [] {
    auto path =
        std::filesystem::temp_directory_path() / ("tiendo-fuzz-cli-" + std::to_string(getpid()));
    std::filesystem::create_directories(path);
    setenv("TIENDO_DB", (path / "fuzz.db").c_str(), 1);
    return path.string();
  }();
  std::vector<std::string> words{"tiendo"};
  std::string current;
  for (std::size_t i = 0; i < size && words.size() < 16; ++i) {
    if (data[i] == 0) {
      words.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  if (!current.empty())
    words.push_back(current);
  // Writing files named by the input would litter the disk; those commands are left to the tests.
  for (const auto& word : words)
    if (word == "backup" || word == "report" || word == "demo" || word == "--out")
      return 0;
  std::vector<const char*> arguments;
  for (const auto& word : words)
    arguments.push_back(word.c_str());
  std::ostringstream out, err;
  int code = tiendo::cli::run(static_cast<int>(arguments.size()), arguments.data(), out, err);
  if (code < 0 || code > 5)
    __builtin_trap();
  return 0;
}
