// libFuzzer target: every importer's parsing and validation, on arbitrary text. The first byte
// picks the format (tiendo CSV, PSPLIB, WRI power plant CSV, PDP VII annex); nothing may crash, and
// a tiendo CSV that is accepted must form a portfolio whose dependencies are acyclic or be refused
// by the cycle check.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/error.h"
#include "graph/network.h"
#include "io/pdp7_annex.h"
#include "io/psplib.h"
#include "io/tiendo_csv.h"
#include "io/wri_gppd.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  tiendo::ProblemList problems;
  tiendo::Portfolio portfolio;
  tiendo::ProblemList notes;
  switch (data[0] % 4) {
    case 0:
      tiendo::io::apply_psplib(portfolio, tiendo::io::parse_psplib(text, "fuzz.sm", problems),
                               "fuzz.sm", problems);
      break;
    case 2:
      tiendo::io::apply_wri_gppd(
          portfolio, tiendo::io::parse_wri_gppd(text, "fuzz.csv", problems, notes), problems);
      break;
    case 3:
      tiendo::io::apply_pdp7_annex(
          portfolio, tiendo::io::parse_pdp7_annex(text, "fuzz.txt", problems, notes), problems);
      break;
    default: {
      // Up to three tables in one input, split at form feeds, as one import of several files.
      std::vector<tiendo::io::CsvTable> tables;
      std::vector<std::string> csv_problems;
      std::size_t start = 0;
      while (start <= text.size() && tables.size() < 3) {
        std::size_t end = text.find('\f', start);
        std::string part =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        tables.push_back(tiendo::io::parse_csv(part, "fuzz.csv", csv_problems));
        if (end == std::string::npos)
          break;
        start = end + 1;
      }
      tiendo::io::apply_tables(portfolio, tables, problems, tiendo::ProvinceRegistry::builtin());
    }
  }
  try {
    tiendo::graph::check_acyclic(portfolio);
  } catch (const tiendo::CycleError&) {
  }
  return 0;
}
