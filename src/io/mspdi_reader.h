#pragma once
// Microsoft Project's XML export (MSPDI, issue 31): the limits its reader keeps within, so that
// tests can meet them with small files. `read_mspdi(path)` in io/contractor_schedule.h reads with
// the defaults.
#include <cstdint>
#include <string>

#include "io/contractor_schedule.h"

namespace tiendo::io {

struct MspdiLimits {
  // The whole file: an MSPDI export of a 20,000-task schedule with its resources, assignments and
  // timephased data is a few hundred megabytes at most.
  std::uint64_t total_bytes = std::uint64_t{1} << 30;
  // One XML tag, comment or processing instruction, held whole by expat until its end (as in the
  // workbook reader): MS Project's longest tag is the root with its namespace.
  std::uint64_t token_bytes = std::uint64_t{1} << 20;
  // MS Project nests Project > Tasks > Task > TimephasedData > ...: seven levels at most.
  int depth = 64;
  // One value the reader keeps (a name, a date, a number); longer notes it skips are not held.
  std::size_t value_bytes = 64 * 1024;
  // Days one calendar's exceptions may cover (a range "all of 2000–2049 off" counts each day).
  std::size_t exception_days = 200'000;
  // Days the whole file's exceptions, work weeks and derived calendars may make the reader walk,
  // counted again for each range that repeats them and each calendar copying its base's: 200
  // ranges of three centuries once took 22 s, and a 20 MiB file of them would take hours.
  std::size_t exception_days_in_file = 500'000;
};

ContractorSchedule read_mspdi(const std::string& path, const MspdiLimits& limits);

// Whether the import reads `path` as MS Project XML: its name ends in .xml, in any case (the
// import's dispatch by extension; read_mspdi refuses one that is not MSPDI, naming its root).
bool is_mspdi_file(const std::string& path);

}  // namespace tiendo::io
