#include "io/xlsx_reader.h"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "domain/date.h"
#include "domain/edit.h"
#include "domain/text.h"

namespace tiendo::io {
namespace {

constexpr std::size_t piece_size = 64 * 1024;
constexpr std::int64_t last_row = 1'048'576;
constexpr std::size_t column_count = 16'384;

// The archive, opened once for all its sheets, and what every sheet needs of the workbook.
struct Book {
  std::string path;
  WorkbookLimits limits;
  zip_t* archive = nullptr;
  std::uint64_t inflated = 0;  // Bytes inflated from every entry so far.
  bool date1904 = false;
  // The shared strings, one after another, and where each ends.
  std::string shared_text;
  std::vector<std::uint64_t> shared_ends;
  // For each cell format (the s of a cell), the precision a date in it shows, -1 for no date.
  std::vector<std::int8_t> date_styles;

  ~Book() {
    if (archive)
      zip_discard(archive);
  }
  std::string_view shared_string(std::size_t index) const {
    std::uint64_t begin = index == 0 ? 0 : shared_ends[index - 1];
    return std::string_view(shared_text).substr(begin, shared_ends[index] - begin);
  }
};

std::string_view local_name(const char* name) {
  std::string_view text(name);
  auto bar = text.rfind('|');
  return bar == std::string_view::npos ? text : text.substr(bar + 1);
}

const char* attribute(const char** attributes, std::string_view name) {
  for (std::size_t i = 0; attributes[i]; i += 2)
    if (local_name(attributes[i]) == name)
      return attributes[i + 1];
  return nullptr;
}

std::optional<std::uint64_t> whole_number(const char* text) {
  if (!text)
    return std::nullopt;
  std::string_view view(text);
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc{} || end != view.data() + view.size() || view.empty())
    return std::nullopt;
  return value;
}

class XmlPart;

// What a part's elements mean; the part hands each element and piece of text over.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(XmlPart& part, std::string_view name, const char** attributes) = 0;
  virtual void end(XmlPart& part, std::string_view name) = 0;
  virtual void text(XmlPart& part, std::string_view text) = 0;
  // Where in the part the parse has got, for a problem that no element names (", row 5, column
  // B"); nothing outside a sheet's rows.
  virtual std::string position() const { return {}; }
};

// One entry of the archive parsed as it is inflated, a piece at a time. A DOCTYPE is refused: a
// workbook's XML has none, and only through one could entities be declared (expanded a billion
// times over, or fetched from outside).
class XmlPart {
 public:
  XmlPart(Book& book, std::string entry, std::string shown, XmlHandler& handler,
          std::vector<std::string>& problems)
      : m_book(book), m_shown(std::move(shown)), m_handler(handler), m_problems(problems) {
    zip_int64_t index = zip_name_locate(book.archive, entry.c_str(), 0);
    if (index < 0)
      index = zip_name_locate(book.archive, entry.c_str(), ZIP_FL_NOCASE);
    if (index < 0) {
      fail(fmt::format("not a workbook: no part {}", entry));
      return;
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(book.archive, static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
        !(stat.valid & ZIP_STAT_SIZE)) {
      fail(fmt::format("{}: not a workbook: the archive does not give its size", entry));
      return;
    }
    m_declared = stat.size;
    m_file = zip_fopen_index(book.archive, static_cast<zip_uint64_t>(index), 0);
    if (!m_file) {
      fail(fmt::format("{}: cannot be read ({})", entry, zip_strerror(book.archive)));
      return;
    }
    m_parser = XML_ParserCreateNS(nullptr, '|');
    XML_SetUserData(m_parser, this);
    XML_SetElementHandler(m_parser, on_start, on_end);
    XML_SetCharacterDataHandler(m_parser, on_text);
    XML_SetStartDoctypeDeclHandler(m_parser, on_doctype);
    XML_SetEntityDeclHandler(m_parser, on_entity);
    XML_SetParamEntityParsing(m_parser, XML_PARAM_ENTITY_PARSING_NEVER);
  }
  ~XmlPart() {
    if (m_parser)
      XML_ParserFree(m_parser);
    if (m_file)
      zip_fclose(m_file);
  }
  XmlPart(const XmlPart&) = delete;
  XmlPart& operator=(const XmlPart&) = delete;

  bool failed() const { return m_failed; }
  // What the archive says the part inflates to.
  std::uint64_t declared_bytes() const { return m_declared; }

  // Inflates and parses the next piece; false once the part is parsed whole, or given up.
  bool step() {
    if (m_done || m_failed)
      return false;
    void* buffer = XML_GetBuffer(m_parser, static_cast<int>(piece_size));
    if (!buffer) {
      fail("out of memory");
      return false;
    }
    zip_int64_t count = zip_fread(m_file, buffer, piece_size);
    if (count < 0) {
      fail(fmt::format("cannot be inflated ({})", zip_file_strerror(m_file)));
      return false;
    }
    auto bytes = static_cast<std::uint64_t>(count);
    m_inflated += bytes;
    m_book.inflated += bytes;
    // The sizes were checked against the limits before inflating; a part that inflates to more
    // than it declared lies about itself.
    if (m_inflated > m_declared || m_book.inflated > m_book.limits.total_bytes) {
      fail("inflates to more than the archive declares (a zip bomb?)");
      return false;
    }
    bool last = count == 0;
    if (XML_ParseBuffer(m_parser, static_cast<int>(count), last) == XML_STATUS_ERROR) {
      if (!m_failed)
        fail(fmt::format("not well-formed XML (line {}: {})", XML_GetCurrentLineNumber(m_parser),
                         XML_ErrorString(XML_GetErrorCode(m_parser))));
      return false;
    }
    // Expat hands text over as it comes, but holds a tag (its name and attributes), a comment or
    // a processing instruction whole until its end: one such token a gigabyte long would be held
    // in memory whole, and more as expat doubles its buffer. What expat holds unparsed is what
    // was inflated past the end of the last thing it handed over.
    if (m_inflated - m_handed_over > m_book.limits.token_bytes) {
      report(
          fmt::format("{}{}: an XML tag longer than {} bytes, refused (a workbook's are short; "
                      "a cell holds at most {} characters)",
                      printable(m_shown), m_handler.position(), m_book.limits.token_bytes,
                      m_book.limits.cell_characters));
      return false;
    }
    m_done = last;
    return !last;
  }
  // Parses what is left; false when the part could not be parsed whole.
  bool run() {
    while (step()) {
    }
    return !m_failed;
  }
  // Stops the parse for a problem, written as "SHOWN: problem".
  void fail(std::string_view problem) {
    report(fmt::format("{}: {}", printable(m_shown), problem));
  }
  // Stops the parse for a problem written whole.
  void report(std::string line) {
    if (m_failed)
      return;
    m_failed = true;
    m_problems.push_back(std::move(line));
    if (m_parser)
      XML_StopParser(m_parser, XML_FALSE);
  }

 private:
  // Notes where what expat has handed over so far ends.
  void handed_over() {
    m_handed_over = static_cast<std::uint64_t>(XML_GetCurrentByteIndex(m_parser)) +
                    static_cast<std::uint64_t>(XML_GetCurrentByteCount(m_parser));
  }
  static void on_start(void* data, const char* name, const char** attributes) {
    auto* part = static_cast<XmlPart*>(data);
    part->handed_over();
    // A workbook's XML nests a handful of levels; a part nested without end would make expat
    // keep a record per open element, gigabytes from a small upload.
    if (++part->m_depth > maximum_depth) {
      part->fail(fmt::format("XML nested deeper than {} levels, refused (a workbook's is not)",
                             maximum_depth));
      return;
    }
    part->m_handler.start(*part, local_name(name), attributes);
  }
  static void on_end(void* data, const char* name) {
    auto* part = static_cast<XmlPart*>(data);
    part->handed_over();
    --part->m_depth;
    part->m_handler.end(*part, local_name(name));
  }
  static void on_text(void* data, const char* text, int length) {
    auto* part = static_cast<XmlPart*>(data);
    part->handed_over();
    part->m_handler.text(*part, std::string_view(text, static_cast<std::size_t>(length)));
  }
  static void on_doctype(void* data, const char*, const char*, const char*, int) {
    static_cast<XmlPart*>(data)->fail(
        "XML with a DOCTYPE, refused (a workbook has none; entities are neither declared nor "
        "expanded)");
  }
  static void on_entity(void* data, const char*, int, const char*, int, const char*, const char*,
                        const char*, const char*) {
    static_cast<XmlPart*>(data)->fail("XML declaring an entity, refused");
  }

  Book& m_book;
  std::string m_shown;
  XmlHandler& m_handler;
  std::vector<std::string>& m_problems;
  zip_file_t* m_file = nullptr;
  XML_Parser m_parser = nullptr;
  std::uint64_t m_declared = 0;
  static constexpr int maximum_depth = 64;
  int m_depth = 0;
  std::uint64_t m_inflated = 0;
  std::uint64_t m_handed_over = 0;
  bool m_done = false;
  bool m_failed = false;
};

// _rels/.rels and xl/_rels/workbook.xml.rels: which part each relationship points to.
struct Relationship {
  std::string id, type, target;
};

class RelationshipsHandler final : public XmlHandler {
 public:
  std::vector<Relationship> relationships;
  void start(XmlPart&, std::string_view name, const char** attributes) override {
    if (name != "Relationship")
      return;
    const char* id = attribute(attributes, "Id");
    const char* type = attribute(attributes, "Type");
    const char* target = attribute(attributes, "Target");
    if (id && type && target && relationships.size() < 100'000)
      relationships.push_back(Relationship{id, type, target});
  }
  void end(XmlPart&, std::string_view) override {}
  void text(XmlPart&, std::string_view) override {}
  const Relationship* of_type(std::string_view suffix) const {
    for (const auto& relationship : relationships)
      if (std::string_view(relationship.type).ends_with(suffix))
        return &relationship;
    return nullptr;
  }
};

struct SheetEntry {
  std::string name, relationship;
};

class WorkbookHandler final : public XmlHandler {
 public:
  bool date1904 = false;
  std::vector<SheetEntry> sheets;
  void start(XmlPart&, std::string_view name, const char** attributes) override {
    if (name == "workbookPr") {
      const char* value = attribute(attributes, "date1904");
      date1904 = value && (std::string_view(value) == "1" || std::string_view(value) == "true");
    } else if (name == "sheet" && sheets.size() < 100'000) {
      const char* sheet_name = attribute(attributes, "name");
      const char* id = attribute(attributes, "id");
      sheets.push_back(SheetEntry{sheet_name ? sheet_name : "", id ? id : ""});
    }
  }
  void end(XmlPart&, std::string_view) override {}
  void text(XmlPart&, std::string_view) override {}
};

// The precision a number format shows a date at, or nothing when it shows no date (a number, a
// time of day). Excel's built-in formats are known by number; a format of the workbook's own by
// its code: d for a day, m (not minutes) for a month, y for a year, outside quoted text, escaped
// characters, [colours] and AM/PM.
std::optional<DatePrecision> date_format(std::uint64_t id, const std::string* code) {
  if (!code) {
    if (id == 14 || id == 15 || id == 16 || id == 22 || (id >= 27 && id <= 36) ||
        (id >= 50 && id <= 58))
      return DatePrecision::Day;
    if (id == 17)
      return DatePrecision::Month;
    return std::nullopt;
  }
  std::string_view format(*code);
  bool day = false, month = false, year = false, hour = false;
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(format[i])));
    if (format[i] == ';')
      break;
    if (format[i] == '"') {
      auto close = format.find('"', i + 1);
      i = close == std::string_view::npos ? format.size() : close;
    } else if (format[i] == '\\' || format[i] == '_' || format[i] == '*') {
      ++i;
    } else if (format[i] == '[') {
      auto close = format.find(']', i + 1);
      i = close == std::string_view::npos ? format.size() : close;
    } else if (c == 'a' && (format.substr(i, 5) == "AM/PM" || format.substr(i, 5) == "am/pm")) {
      i += 4;
    } else if (c == 'a' && (format.substr(i, 3) == "A/P" || format.substr(i, 3) == "a/p")) {
      i += 2;
    } else if (c == 'd') {
      day = true;
    } else if (c == 'y') {
      year = true;
    } else if (c == 'h') {
      hour = true;
    } else if (c == 'm') {
      // Minutes follow an hour or come before seconds: h:mm, mm:ss.
      std::size_t after = i;
      while (after < format.size() && (format[after] == 'm' || format[after] == 'M'))
        ++after;
      std::string_view rest = format.substr(after);
      bool before_seconds = rest.starts_with(":s") || rest.starts_with(":S") ||
                            rest.starts_with(":ss") || rest.starts_with(":SS");
      month = month || !(hour || before_seconds);
      i = after - 1;
    }
  }
  if (day)
    return DatePrecision::Day;
  if (month)
    return DatePrecision::Month;
  if (year)
    return DatePrecision::Year;
  return std::nullopt;
}

class StylesHandler final : public XmlHandler {
 public:
  std::map<std::uint64_t, std::string> codes;
  std::vector<std::uint64_t> formats;  // The number format of each cell format, in order.
  void start(XmlPart& part, std::string_view name, const char** attributes) override {
    if (name == "numFmt") {
      auto id = whole_number(attribute(attributes, "numFmtId"));
      const char* code = attribute(attributes, "formatCode");
      if (id && code && codes.size() < 100'000)
        codes[*id] = code;
    } else if (name == "cellXfs") {
      m_in_cell_formats = true;
    } else if (name == "xf" && m_in_cell_formats) {
      if (formats.size() >= 100'000) {
        part.fail("more cell formats than a workbook holds");
        return;
      }
      formats.push_back(whole_number(attribute(attributes, "numFmtId")).value_or(0));
    }
  }
  void end(XmlPart&, std::string_view name) override {
    if (name == "cellXfs")
      m_in_cell_formats = false;
  }
  void text(XmlPart&, std::string_view) override {}

 private:
  bool m_in_cell_formats = false;
};

// xl/sharedStrings.xml: each <si> is one string, plain (<t>) or rich (runs <r><t>), without its
// phonetic guides (<rPh>).
class SharedStringsHandler final : public XmlHandler {
 public:
  explicit SharedStringsHandler(Book& book) : m_book(book) {}
  void start(XmlPart&, std::string_view name, const char**) override {
    if (name == "si") {
      m_in_item = true;
      m_start = m_book.shared_text.size();
    } else if (name == "rPh") {
      ++m_phonetic;
    } else if (name == "t" && m_in_item && m_phonetic == 0) {
      m_in_text = true;
    }
  }
  void end(XmlPart& part, std::string_view name) override {
    if (name == "t") {
      m_in_text = false;
    } else if (name == "rPh") {
      --m_phonetic;
    } else if (name == "si" && m_in_item) {
      m_in_item = false;
      std::string_view added = std::string_view(m_book.shared_text).substr(m_start);
      if (utf8_length(added) > m_book.limits.cell_characters)
        part.fail(fmt::format("shared string {} is longer than a cell holds ({} characters)",
                              m_book.shared_ends.size(), m_book.limits.cell_characters));
      // Each string's end is kept too: empty strings cost memory though they add no text.
      if (m_book.shared_text.size() + sizeof(std::size_t) * (m_book.shared_ends.size() + 1) >
          m_book.limits.shared_string_bytes) {
        part.fail("more shared strings than a workbook of this reader's bounds holds");
        return;
      }
      m_book.shared_ends.push_back(m_book.shared_text.size());
    }
  }
  void text(XmlPart& part, std::string_view text) override {
    if (!m_in_text)
      return;
    // Four bytes a character at most: one string too long for a cell is refused as it grows, not
    // once the whole of it (perhaps a gigabyte) is held.
    if (m_book.shared_text.size() - m_start + text.size() > 4 * m_book.limits.cell_characters) {
      part.fail(fmt::format("shared string {} is longer than a cell holds ({} characters)",
                            m_book.shared_ends.size(), m_book.limits.cell_characters));
      m_in_text = false;
      return;
    }
    if (m_book.shared_text.size() + text.size() > m_book.limits.shared_string_bytes) {
      part.fail("more shared text than a workbook of this reader's bounds holds");
      return;
    }
    m_book.shared_text.append(text);
  }

  static std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
  }

 private:
  Book& m_book;
  std::uint64_t m_start = 0;
  int m_phonetic = 0;
  bool m_in_item = false;
  bool m_in_text = false;
};

// "AB12": column 27 (from 0) and row 12; nothing when it is no cell reference.
std::optional<std::pair<std::size_t, std::int64_t>> cell_reference(std::string_view text) {
  std::size_t column = 0, i = 0;
  for (; i < text.size() && text[i] >= 'A' && text[i] <= 'Z' && i < 3; ++i)
    column = column * 26 + static_cast<std::size_t>(text[i] - 'A' + 1);
  if (i == 0 || column > column_count)
    return std::nullopt;
  std::int64_t row = 0;
  auto [end, error] = std::from_chars(text.data() + i, text.data() + text.size(), row);
  if (error != std::errc{} || end != text.data() + text.size() || row < 1 || row > last_row)
    return std::nullopt;
  return std::pair{column - 1, row};
}

// The date text of a day given as Excel's serial number, at `precision`; nothing when the number
// is no day of its system. The 1900 system starts at 1 (1 January 1900; its 0 is the 0 January
// 1900 Excel shows, no day) and counts a 29 February 1900 that never was (as Lotus 1-2-3 did):
// serial 60 gives that text, which the date rules then refuse. The 1904 system starts at 0
// (1 January 1904). Both end on 31 December 9999.
std::optional<std::string> serial_date(double serial, bool date1904, DatePrecision precision) {
  double first = date1904 ? 0 : 1;
  double past_last = date1904 ? 2'957'004 : 2'958'466;
  if (!std::isfinite(serial) || serial < first || serial >= past_last)
    return std::nullopt;
  auto whole = static_cast<std::int32_t>(std::floor(serial));
  if (!date1904 && whole == 60)
    return precision == DatePrecision::Year    ? "1900"
           : precision == DatePrecision::Month ? "02/1900"
                                               : "29/02/1900";
  // Day 25,569 of the 1900 system and day 24,107 of the 1904 system are 1 January 1970.
  std::int32_t days = date1904 ? whole - 24'107 : whole < 60 ? whole - 25'568 : whole - 25'569;
  return Date::from_days(days, precision).vietnamese();
}

// <c t="d">: a date written as ISO 8601 text (2019-08-15, 2019-08-15T00:00:00).
std::optional<std::string> iso_cell_date(std::string_view text, DatePrecision precision) {
  int year = 0, month = 0, day = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t length, int& value) {
    auto [end, error] = std::from_chars(text.data() + at, text.data() + at + length, value);
    return error == std::errc{} && end == text.data() + at + length;
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day))
    return std::nullopt;
  auto date = Date::from_ymd(year, month, day);
  if (!date)
    return std::nullopt;
  return Date::from_days(date->days(), precision).vietnamese();
}

struct Cell {
  std::size_t column = 0;
  std::string type;
  std::uint64_t style = 0;
  bool formula = false;
  std::string value, formula_text, inline_text;
};

// A worksheet's rows, as they are parsed: the first row is the header; every later row that is
// not blank is queued with one text for each column of the header.
class SheetHandler final : public XmlHandler {
 public:
  SheetHandler(const Book& book, std::string table, std::vector<std::string>& problems)
      : m_book(book), m_table(std::move(table)), m_problems(&problems) {}

  void set_problems(std::vector<std::string>& problems) { m_problems = &problems; }
  bool has_header() const { return m_header_done; }
  const std::vector<std::string>& header() const { return m_header; }
  std::int64_t last_row_declared() const { return m_dimension_rows; }

  bool take(CsvRow& row) {
    if (m_next_ready == m_ready_count) {
      m_next_ready = m_ready_count = 0;
      return false;
    }
    std::swap(row, m_ready[m_next_ready++]);
    return true;
  }

  void start(XmlPart& part, std::string_view name, const char** attributes) override {
    if (name == "c" && m_in_row) {
      start_cell(part, attributes);
    } else if (name == "v" && m_in_cell) {
      m_target = &m_cell.value;
    } else if (name == "f" && m_in_cell) {
      m_cell.formula = true;
      m_target = &m_cell.formula_text;
    } else if (name == "rPh") {
      ++m_phonetic;
    } else if (name == "t" && m_in_cell && m_phonetic == 0) {
      m_target = &m_cell.inline_text;
    } else if (name == "row" && m_in_data) {
      start_row(part, attributes);
    } else if (name == "sheetData") {
      m_in_data = true;
    } else if (name == "dimension") {
      const char* reference = attribute(attributes, "ref");
      std::string_view text = reference ? reference : "";
      if (auto colon = text.find(':'); colon != std::string_view::npos)
        if (auto last = cell_reference(text.substr(colon + 1)))
          m_dimension_rows = last->second;
    } else if (name == "mergeCell") {
      merged(attribute(attributes, "ref"));
    }
  }

  void end(XmlPart& part, std::string_view name) override {
    if (name == "v" || name == "f" || name == "t") {
      m_target = nullptr;
    } else if (name == "rPh") {
      --m_phonetic;
    } else if (name == "c" && m_in_cell) {
      m_in_cell = false;
      m_target = nullptr;
      finish_cell();
    } else if (name == "row" && m_in_row) {
      m_in_row = false;
      finish_row();
    } else if (name == "sheetData") {
      m_in_data = false;
    }
    (void)part;
  }

  void text(XmlPart& part, std::string_view text) override {
    if (!m_target)
      return;
    // Four bytes a character at most: a cell Excel could hold.
    if (m_target->size() + text.size() > 4 * m_book.limits.cell_characters) {
      part.report(cell_problem(m_table, m_row, m_cell.column, column_name(m_cell.column),
                               m_target->substr(0, 40) + "...",
                               fmt::format("longer than a spreadsheet cell holds ({} characters)",
                                           m_book.limits.cell_characters)));
      m_target = nullptr;
      return;
    }
    m_target->append(text);
  }

  std::string position() const override {
    if (!m_in_row)
      return {};
    // Inside a cell, that cell; between cells, the one that would come next.
    std::size_t column = m_in_cell ? m_cell.column : m_next_column;
    std::string_view field = column_name(column);
    return field.empty() ? fmt::format(", row {}, column {}", m_row, column_letters(column))
                         : fmt::format(", row {}, column {} ({})", m_row, column_letters(column),
                                       printable(field));
  }

 private:
  std::string_view column_name(std::size_t column) const {
    return m_header_done && column < m_header.size() ? std::string_view(m_header[column]) : "";
  }

  void problem(std::size_t column, std::string_view value, std::string_view reason) {
    m_row_refused = true;
    if (counted_problem())
      m_problems->push_back(
          cell_problem(m_table, m_row, column, column_name(column), value, reason));
  }

  // At most this many problems are kept per sheet, then one line says more were found: a small
  // upload of refused cells must not grow into gigabytes of messages.
  static constexpr std::size_t maximum_problems = 1000;
  bool counted_problem() {
    if (++m_problem_count <= maximum_problems)
      return true;
    if (m_problem_count == maximum_problems + 1)
      m_problems->push_back(fmt::format("{}: more than {} problems; the first {} are listed",
                                        printable(m_table), maximum_problems, maximum_problems));
    return false;
  }

  void start_row(XmlPart& part, const char** attributes) {
    std::int64_t number = m_row + 1;
    if (const char* given = attribute(attributes, "r")) {
      auto value = whole_number(given);
      if (!value || *value < 1 || *value > static_cast<std::uint64_t>(last_row)) {
        part.fail(fmt::format("row '{}': not a row number", printable(given)));
        return;
      }
      number = static_cast<std::int64_t>(*value);
    }
    if (number <= m_row) {
      part.fail(fmt::format("row {} comes after row {}", number, m_row));
      return;
    }
    m_row = number;
    m_in_row = true;
    m_row_refused = false;
    m_used = 0;
    m_next_column = 0;
  }

  void start_cell(XmlPart& part, const char** attributes) {
    m_in_cell = true;
    m_cell.formula = false;
    m_cell.value.clear();
    m_cell.formula_text.clear();
    m_cell.inline_text.clear();
    const char* type = attribute(attributes, "t");
    m_cell.type = type ? type : "n";
    m_cell.style = whole_number(attribute(attributes, "s")).value_or(0);
    m_cell.column = m_next_column;
    if (const char* reference = attribute(attributes, "r")) {
      auto cell = cell_reference(reference);
      if (!cell || cell->second != m_row) {
        part.fail(
            fmt::format("row {}: cell '{}': not a cell of this row", m_row, printable(reference)));
        return;
      }
      m_cell.column = cell->first;
    }
    if (m_cell.column < m_next_column || m_cell.column >= column_count) {
      part.fail(fmt::format("row {}: cell {}{} given twice or out of order", m_row,
                            column_letters(m_cell.column), m_row));
      return;
    }
    m_next_column = m_cell.column + 1;
  }

  // The cell's text as the CSV would hold it, into the row's cells.
  void finish_cell() {
    std::string text;
    const std::string& type = m_cell.type;
    auto date_precision = [&]() -> std::optional<DatePrecision> {
      if (m_cell.style < m_book.date_styles.size() && m_book.date_styles[m_cell.style] >= 0)
        return static_cast<DatePrecision>(m_book.date_styles[m_cell.style]);
      return std::nullopt;
    };
    if (m_cell.formula) {
      std::string shown = m_cell.formula_text.empty() ? m_cell.value : "=" + m_cell.formula_text;
      problem(m_cell.column, shown, "a formula, not a value (paste it as values)");
      return;
    }
    if (type == "s") {
      // A cell given a format but no value (<c t="s"/>) is blank, as writers leave it.
      if (m_cell.value.empty())
        return;
      auto index = whole_number(m_cell.value.c_str());
      if (!index || *index >= m_book.shared_ends.size()) {
        problem(m_cell.column, m_cell.value, "no such shared string");
        return;
      }
      text = m_book.shared_string(*index);
    } else if (type == "inlineStr") {
      text = std::move(m_cell.inline_text);
    } else if (type == "str") {
      text = std::move(m_cell.value);
    } else if (type == "b") {
      text = m_cell.value == "1" ? "TRUE" : m_cell.value == "0" ? "FALSE" : m_cell.value;
    } else if (type == "e") {
      problem(m_cell.column, m_cell.value, "an error value, not a value");
      return;
    } else if (type == "d") {
      if (m_cell.value.empty())
        return;
      auto date = iso_cell_date(m_cell.value, date_precision().value_or(DatePrecision::Day));
      if (!date) {
        problem(m_cell.column, m_cell.value, "a date cell that holds no date");
        return;
      }
      text = std::move(*date);
    } else if (type == "n") {
      if (m_cell.value.empty())
        return;
      double number = 0;
      const std::string& given = m_cell.value;
      auto [end, error] = std::from_chars(given.data(), given.data() + given.size(), number);
      if (error != std::errc{} || end != given.data() + given.size() || !std::isfinite(number)) {
        problem(m_cell.column, given, "a number cell that holds no number");
        return;
      }
      std::optional<std::string> date;
      if (auto precision = date_precision())
        date = serial_date(number, m_book.date1904, *precision);
      text = date ? std::move(*date) : shortest_decimal(number);
    } else {
      problem(m_cell.column, type, "a cell of an unknown type");
      return;
    }
    if (text.empty())
      return;
    if (m_cells.size() <= m_cell.column)
      m_cells.resize(m_cell.column + 1);
    for (; m_used <= m_cell.column; ++m_used)
      m_cells[m_used].clear();
    m_cells[m_cell.column] = std::move(text);
  }

  void finish_row() {
    std::size_t used = m_used;
    while (used > 0 && m_cells[used - 1].empty())
      --used;
    if (!m_header_done) {
      // Blank rows above the table (a formatted but empty first row) are no header.
      if (used == 0)
        return;
      m_header.assign(m_cells.begin(), m_cells.begin() + static_cast<std::ptrdiff_t>(used));
      m_header_done = true;
      m_header_row = m_row;
      m_row_refused = false;
      return;
    }
    // A blank row is skipped, as a blank line of a CSV file is.
    if (used == 0 || m_row_refused)
      return;
    for (std::size_t column = m_header.size(); column < used; ++column)
      if (!m_cells[column].empty())
        problem(column, m_cells[column], "a value in a column without a header");
    if (m_row_refused)
      return;
    if (m_ready.size() <= m_ready_count)
      m_ready.resize(m_ready_count + 1);
    CsvRow& ready = m_ready[m_ready_count++];
    ready.number = m_row;
    ready.fields.resize(m_header.size());
    for (std::size_t column = 0; column < m_header.size(); ++column) {
      if (column < used)
        std::swap(ready.fields[column], m_cells[column]);
      else
        ready.fields[column].clear();
    }
  }

  // A merged range shows one value over several cells; a table needs each cell's own.
  void merged(const char* reference) {
    std::string_view text = reference ? reference : "";
    auto colon = text.find(':');
    auto first = cell_reference(text.substr(0, colon));
    if (!first)
      return;
    bool header = m_header_done && first->second == m_header_row;
    if (!counted_problem())
      return;
    m_problems->push_back(
        cell_problem(m_table, first->second, first->first, column_name(first->first), text,
                     header ? "merged header cells (give each column its own header)"
                            : "merged cells (give each cell its own value)"));
  }

  const Book& m_book;
  std::string m_table;
  std::vector<std::string>* m_problems;
  std::size_t m_problem_count = 0;
  std::vector<std::string> m_header;
  bool m_header_done = false;
  std::int64_t m_header_row = 0;
  std::int64_t m_dimension_rows = 0;
  bool m_in_data = false, m_in_row = false, m_in_cell = false, m_row_refused = false;
  int m_phonetic = 0;
  std::int64_t m_row = 0;
  std::size_t m_next_column = 0;
  Cell m_cell;
  std::string* m_target = nullptr;
  std::vector<std::string> m_cells;  // The current row's texts; the first m_used are its own.
  std::size_t m_used = 0;
  std::vector<CsvRow> m_ready;
  std::size_t m_ready_count = 0, m_next_ready = 0;
};

// One worksheet as a source of rows. Construction parses up to the header and lets the sheet go;
// the rows are parsed from the start again when first asked for, a piece at a time.
class SheetRows final : public CsvRows {
 public:
  SheetRows(std::shared_ptr<Book> book, std::string name, std::string entry,
            std::vector<std::string>& problems)
      : m_book(std::move(book)),
        m_name(std::move(name)),
        m_entry(std::move(entry)),
        m_problems(&problems) {
    std::vector<std::string> first_look;
    SheetHandler handler(*m_book, m_name, first_look);
    XmlPart part(*m_book, m_entry, m_name, handler, first_look);
    while (!handler.has_header() && part.step()) {
    }
    if (!handler.has_header() || part.failed()) {
      problems.insert(problems.end(), first_look.begin(), first_look.end());
      m_finished = true;
      return;
    }
    m_header = handler.header();
    // The sheet's own <dimension> is only a hint, and a lying one must not make the import
    // reserve room for a million rows: no row takes fewer than 16 bytes of XML.
    m_expected_rows = static_cast<std::size_t>(std::max<std::int64_t>(
        0, std::min<std::int64_t>({handler.last_row_declared(), last_row,
                                   static_cast<std::int64_t>(part.declared_bytes() / 16)}) -
               1));
  }
  const std::string& file() const override { return m_name; }
  const std::vector<std::string>& header() const override { return m_header; }
  std::size_t expected_rows() const override { return m_expected_rows; }
  bool is_sheet() const override { return true; }

  bool next(CsvRow& row) override {
    if (!m_handler) {
      if (m_finished)
        return false;
      m_handler = std::make_unique<SheetHandler>(*m_book, m_name, *m_problems);
      m_part = std::make_unique<XmlPart>(*m_book, m_entry, m_name, *m_handler, *m_problems);
      // The header row was read when the sheet was opened; its problems are reported now.
    }
    while (!m_handler->take(row)) {
      if (!m_part) {
        m_finished = true;
        return false;
      }
      if (!m_part->step())
        m_part.reset();
    }
    return true;
  }

 private:
  std::shared_ptr<Book> m_book;
  std::string m_name, m_entry;
  std::vector<std::string>* m_problems;
  std::vector<std::string> m_header;
  std::size_t m_expected_rows = 0;
  bool m_finished = false;
  std::unique_ptr<SheetHandler> m_handler;
  std::unique_ptr<XmlPart> m_part;
};

// Where a relationship's target lies in the archive: relative to the folder of the part that
// names it, or from the root when it starts with '/'.
std::string resolve(std::string_view folder, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1))
                                             : std::string(folder) + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty())
        parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string::npos)
      break;
    start = slash + 1;
  }
  std::string resolved;
  for (const auto& part : parts)
    resolved += (resolved.empty() ? "" : "/") + part;
  return resolved;
}

bool entry_exists(const Book& book, const std::string& entry) {
  return zip_name_locate(book.archive, entry.c_str(), ZIP_FL_NOCASE) >= 0;
}

// Opens the archive and checks its entries against the limits before anything is inflated.
bool open_archive(Book& book, std::vector<std::string>& problems) {
  auto refuse = [&](std::string_view reason) {
    problems.push_back(fmt::format("{}: {}", printable(book.path), reason));
    return false;
  };
  std::FILE* stream = std::fopen(book.path.c_str(), "rb");
  if (!stream)
    return refuse("cannot read the file");
  unsigned char magic[4] = {0, 0, 0, 0};
  std::size_t magic_size = std::fread(magic, 1, sizeof magic, stream);
  std::fclose(stream);
  if (magic_size == 4 && magic[0] == 0xD0 && magic[1] == 0xCF && magic[2] == 0x11 &&
      magic[3] == 0xE0)
    return refuse(
        "not a workbook tiendo reads: an Excel 97-2003 file (.xls) or an encrypted workbook; "
        "save it as an Excel workbook (.xlsx)");
  int error = 0;
  book.archive = zip_open(book.path.c_str(), ZIP_RDONLY, &error);
  if (!book.archive) {
    if (error == ZIP_ER_NOZIP)
      return refuse("not a workbook: not a zip archive");
    zip_error_t details;
    zip_error_init_with_code(&details, error);
    std::string reason =
        fmt::format("not a workbook: a damaged zip archive ({})", zip_error_strerror(&details));
    zip_error_fini(&details);
    return refuse(reason);
  }
  zip_int64_t entries = zip_get_num_entries(book.archive, 0);
  if (entries < 0 || static_cast<std::uint64_t>(entries) > book.limits.entries)
    return refuse(fmt::format("not a workbook: {} entries in the archive (at most {})", entries,
                              book.limits.entries));
  std::uint64_t total = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(book.archive, static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
        !(stat.valid & ZIP_STAT_SIZE))
      return refuse("not a workbook: an entry of the archive without a size");
    if (stat.size > book.limits.entry_bytes)
      return refuse(
          fmt::format("{}: inflates to {} bytes, more than a workbook's part may ({}; a zip bomb?)",
                      printable(stat.valid & ZIP_STAT_NAME ? stat.name : "?"), stat.size,
                      book.limits.entry_bytes));
    total += stat.size;
  }
  if (total > book.limits.total_bytes)
    return refuse(fmt::format("inflates to {} bytes, more than a workbook may ({}; a zip bomb?)",
                              total, book.limits.total_bytes));
  return true;
}

}  // namespace

std::string shortest_decimal(double value) {
  if (value == 0)
    return "0";
  char buffer[400];
  auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (error != std::errc{})
    return fmt::format("{}", value);
  return std::string(buffer, end);
}

bool is_workbook_file(const std::string& path) {
  std::string lower;
  for (char c : path)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.ends_with(".xlsx"))
    return true;
  std::FILE* stream = std::fopen(path.c_str(), "rb");
  if (!stream)
    return false;
  char magic[4] = {0, 0, 0, 0};
  std::size_t size = std::fread(magic, 1, sizeof magic, stream);
  std::fclose(stream);
  return size == 4 && std::string_view(magic, 4) == std::string_view("PK\x03\x04", 4);
}

std::vector<std::unique_ptr<CsvRows>> open_workbook(const std::string& path,
                                                    std::vector<std::string>& problems,
                                                    const WorkbookLimits& limits) {
  std::vector<std::unique_ptr<CsvRows>> sheets;
  auto book = std::make_shared<Book>();
  book->path = path;
  book->limits = limits;
  if (!open_archive(*book, problems))
    return sheets;
  auto parse = [&](const std::string& entry, XmlHandler& handler) {
    XmlPart part(*book, entry, path + ": " + entry, handler, problems);
    return !part.failed() && part.run();
  };
  std::string workbook_entry = "xl/workbook.xml";
  if (entry_exists(*book, "_rels/.rels")) {
    RelationshipsHandler package;
    if (!parse("_rels/.rels", package))
      return sheets;
    if (const auto* office = package.of_type("/officeDocument"))
      workbook_entry = resolve("", office->target);
  }
  if (!entry_exists(*book, workbook_entry)) {
    problems.push_back(fmt::format("{}: not a workbook: no {} in the archive", printable(path),
                                   printable(workbook_entry)));
    return sheets;
  }
  std::string folder = workbook_entry.substr(0, workbook_entry.rfind('/') + 1);
  std::string relationships_entry =
      folder + "_rels/" + workbook_entry.substr(workbook_entry.rfind('/') + 1) + ".rels";
  RelationshipsHandler relationships;
  if (entry_exists(*book, relationships_entry) && !parse(relationships_entry, relationships))
    return sheets;
  WorkbookHandler workbook;
  if (!parse(workbook_entry, workbook))
    return sheets;
  book->date1904 = workbook.date1904;
  std::string styles_entry = folder + "styles.xml";
  if (const auto* styles = relationships.of_type("/styles"))
    styles_entry = resolve(folder, styles->target);
  if (entry_exists(*book, styles_entry)) {
    StylesHandler styles;
    if (!parse(styles_entry, styles))
      return sheets;
    for (auto format : styles.formats) {
      auto code = styles.codes.find(format);
      auto precision = date_format(format, code == styles.codes.end() ? nullptr : &code->second);
      book->date_styles.push_back(precision ? static_cast<std::int8_t>(*precision) : -1);
    }
  }
  std::string strings_entry = folder + "sharedStrings.xml";
  if (const auto* strings = relationships.of_type("/sharedStrings"))
    strings_entry = resolve(folder, strings->target);
  if (entry_exists(*book, strings_entry)) {
    SharedStringsHandler strings(*book);
    if (!parse(strings_entry, strings))
      return sheets;
  }
  for (const auto& sheet : workbook.sheets) {
    std::string shown = fmt::format("{}: sheet '{}'", path, sheet.name);
    const Relationship* target = nullptr;
    for (const auto& relationship : relationships.relationships)
      if (relationship.id == sheet.relationship)
        target = &relationship;
    if (!target) {
      problems.push_back(fmt::format("{}: not in the archive", printable(shown)));
      continue;
    }
    // A chart sheet or a dialog sheet holds no table.
    if (!std::string_view(target->type).ends_with("/worksheet"))
      continue;
    sheets.push_back(
        std::make_unique<SheetRows>(book, shown, resolve(folder, target->target), problems));
  }
  return sheets;
}

}  // namespace tiendo::io
