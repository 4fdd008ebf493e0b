// libFuzzer target: the workbook reader. The first byte picks what the rest is: odd, the XML of
// the first sheet of an otherwise good workbook (so the fuzzer explores cells, rows, types, dates
// and merges rather than the zip format); even, the whole file (the archive and its checks).
// Nothing may crash, leak or read beyond a buffer; every row read is applied as an import would.
#include <unistd.h>
#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "domain/error.h"
#include "io/tiendo_csv.h"

namespace {

const char* const workbook_parts[][2] = {
    {"_rels/.rels",
     R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
    {"xl/workbook.xml",
     R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Mốc" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
    {"xl/_rels/workbook.xml.rels",
     R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)"},
    {"xl/styles.xml",
     R"(<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="164" formatCode="mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>)"},
    {"xl/sharedStrings.xml",
     R"(<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>project</t></si><si><t>key</t></si><si><r><t>planned</t></r></si><si><t>Điện gió</t></si></sst>)"},
};

// Writes a workbook whose first sheet is `sheet` to `path`; false when libzip cannot.
bool write_workbook(const std::string& path, const std::string& sheet) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!archive)
    return false;
  auto add = [&](const char* name, const void* data, std::size_t size) {
    zip_source_t* source = zip_source_buffer(archive, data, size, 0);
    if (!source)
      return false;
    zip_int64_t index = zip_file_add(archive, name, source, ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(source);
      return false;
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    return true;
  };
  bool ok = true;
  for (const auto& part : workbook_parts)
    ok = ok && add(part[0], part[1], std::char_traits<char>::length(part[1]));
  ok = ok && add("xl/worksheets/sheet1.xml", sheet.data(), sheet.size());
  if (!ok || zip_close(archive) != 0) {
    zip_discard(archive);
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  static const std::string path = "/tmp/tiendo-fuzz-" + std::to_string(::getpid()) + ".xlsx";
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 1) {
    if (!write_workbook(path, rest))
      return 0;
  } else {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file)
      return 0;
    std::fwrite(rest.data(), 1, rest.size(), file);
    std::fclose(file);
  }
  tiendo::ProblemList problems, notes;
  tiendo::Portfolio portfolio;
  tiendo::io::apply_csv_files(portfolio, {path}, problems, tiendo::ProvinceRegistry::builtin(),
                              nullptr, &notes);
  std::remove(path.c_str());
  return 0;
}
