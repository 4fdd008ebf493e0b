// libFuzzer target: the contractor schedule readers (P6 XER and MS Project XML) and the import
// that turns what they read into a portfolio, on arbitrary bytes. The first byte picks the
// reader; the rest is written to a file, since the readers read files. Nothing may crash, hang or
// throw anything but InvalidInput; a schedule read is imported into an empty portfolio as a dry
// run would, so that calendars, lags and dates reach the schedule.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "analysis/schedule.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/contractor_schedule.h"
#include "operations/contractor_import.h"

namespace {

std::string scratch_file(bool xml) {
  static const std::string base = "/tmp/fuzz_schedule_file." + std::to_string(::getpid());
  return base + (xml ? ".xml" : ".xer");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const bool xml = data[0] % 2 == 1;
  const std::string path = scratch_file(xml);
  if (std::FILE* file = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data + 1, 1, size - 1, file);
    std::fclose(file);
  } else {
    return 0;
  }
  try {
    auto schedule = xml ? tiendo::io::read_mspdi(path) : tiendo::io::read_xer(path);
    tiendo::Portfolio portfolio;
    tiendo::operations::ContractorImportOptions options;
    options.province = "Bạc Liêu";
    options.technology = "wind_onshore";
    std::vector<std::string> notes;
    tiendo::operations::apply_contractor_schedule(portfolio, schedule, options, notes);
    tiendo::graph::check_acyclic(portfolio);
    tiendo::graph::MilestoneNetwork network(portfolio);
    tiendo::analysis::compute_schedule(portfolio, network, tiendo::Date::from_days(20454));
  } catch (const tiendo::InvalidInput&) {
    // A cycle (CycleError) is one too.
  }
  return 0;
}
