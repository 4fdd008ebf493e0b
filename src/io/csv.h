#pragma once
// RFC 4180 CSV through libcsv, strict: an open quote or a row with the wrong number of fields is
// reported with its row number (the header is row 1, as a spreadsheet shows it).
#include <cstdint>
#include <cstdio>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tiendo::io {

struct CsvRow {
  std::int64_t number = 0;
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Parses text handed over piece by piece, so that a national import (hundreds of megabytes)
// never has to be held whole. Complete rows wait in a queue until taken. Problems, formatted as
// "file:row: reason", are appended to `problems`; rows with problems are left out.
class CsvParser {
 public:
  CsvParser(std::string file_name, std::vector<std::string>& problems);
  ~CsvParser();
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;

  // A UTF-8 byte order mark at the start of the first piece is skipped. A NUL byte stops the
  // parse: the file is not text; the rows before it are read, nothing from its row on.
  void feed(std::string_view piece);
  // The end of the text: a last row without a line end is completed, an open quote reported.
  void finish();
  // Ends the parse early for a reason outside the text (the file could not be read on).
  void give_up(std::string problem);
  bool stopped() const { return m_stopped; }

  const std::string& file() const { return m_file; }
  bool has_header() const { return m_header_done; }
  const std::vector<std::string>& header() const { return m_header; }
  // Moves the oldest waiting row into `row`; false when none waits.
  bool take(CsvRow& row);
  std::size_t waiting() const { return m_ready_count - m_next_ready; }

 private:
  struct State;
  friend struct State;
  std::string m_file;
  std::vector<std::string>* m_problems;
  std::vector<std::string> m_header;
  bool m_header_done = false;
  bool m_stopped = false;
  bool m_finished = false;
  bool m_not_text = false;  // A NUL byte or a read failure: no "empty file" on top of it.
  bool m_first_piece = true;
  std::int64_t m_lines_before = 0;  // Line ends in the pieces fed so far, to place a NUL.
  std::string m_opening;            // The first bytes, while they may still be a byte order mark.
  std::vector<CsvRow> m_ready;      // Slots; the first m_ready_count hold rows not yet taken.
  std::size_t m_ready_count = 0;
  std::size_t m_next_ready = 0;
  std::unique_ptr<State> m_state;
  void parse(std::string_view piece);
  void report_malformed();
};

// Rows drawn one at a time, from a file being read or from a table already in memory, so that
// one import routine serves both.
class CsvRows {
 public:
  virtual ~CsvRows() = default;
  virtual const std::string& file() const = 0;
  // Empty when there is no header (an unreadable or empty file, reported already).
  virtual const std::vector<std::string>& header() const = 0;
  // The next good row; false at the end. Problems found on the way are appended to the list
  // given when the source was made.
  virtual bool next(CsvRow& row) = 0;
  // About how many rows there are, so that a reader of a national file can make room for them
  // at once instead of growing its tables by doubling (which holds the old and the new copy).
  virtual std::size_t expected_rows() const = 0;
  // A sheet of a workbook: skipped with a note when its header is no tiendo table's (a workbook
  // may carry other sheets), and its problems name cells as the spreadsheet shows them.
  virtual bool is_sheet() const { return false; }
};

// A CSV file read in pieces of up to one mebibyte. Construction reads the first piece for the
// header and an estimate of the rows, then closes the file; the rows are read from the start
// again when first asked for, and the file is closed once they are all read. An import of
// hundreds of files so holds one open file and one piece at a time. A file that cannot be read,
// or has no header, is reported as a problem and gives no header.
//
// The rows are parsed ahead by a thread of its own, a piece or two in front of the rows handed
// out, so that the caller checks and applies rows while the next ones are parsed (a national
// import: 0.4 s of its 1.4 s of reading). The problems found in a piece are handed over just
// before its rows, as a parse on the caller's thread would add them.
class CsvFileReader final : public CsvRows {
 public:
  CsvFileReader(std::string path, std::vector<std::string>& problems);
  ~CsvFileReader() override;
  CsvFileReader(const CsvFileReader&) = delete;
  CsvFileReader& operator=(const CsvFileReader&) = delete;
  const std::string& file() const override { return m_path; }
  const std::vector<std::string>& header() const override { return m_header; }
  bool next(CsvRow& row) override;
  // The rows of the first piece, scaled by the file's size.
  std::size_t expected_rows() const override { return m_expected_rows; }

 private:
  // Opens the file and parses it up to its header, problems going to `problems`; false when it
  // cannot be opened (reported).
  bool start(std::vector<std::string>& problems);
  // Feeds the next piece of the file; false once the whole file has been parsed.
  bool read_piece();
  void close();
  // The thread that parses ahead, and the pieces it hands over.
  struct ReadAhead;
  // A reader that has not looked at its file yet: the thread's own, which starts it.
  struct Unopened {};
  CsvFileReader(std::string path, std::vector<std::string>& problems, Unopened);
  std::string m_path;
  std::vector<std::string>* m_problems;
  std::vector<std::string> m_header;
  std::unique_ptr<CsvParser> m_parser;
  std::FILE* m_stream = nullptr;
  std::string m_buffer;
  bool m_reading = false;  // Rows are being handed out.
  bool m_finished = false;
  std::size_t m_bytes_read = 0;
  std::uintmax_t m_file_size = 0;
  std::size_t m_expected_rows = 0;
  std::unique_ptr<ReadAhead> m_read_ahead;
};

// The rows of a table parsed before, handed out in order.
class CsvTableRows final : public CsvRows {
 public:
  explicit CsvTableRows(CsvTable table) : m_table(std::move(table)) {}
  const std::string& file() const override { return m_table.file; }
  const std::vector<std::string>& header() const override { return m_table.header; }
  bool next(CsvRow& row) override;
  std::size_t expected_rows() const override { return m_table.rows.size(); }

 private:
  CsvTable m_table;
  std::size_t m_next = 0;
};

// Parses the whole text (a UTF-8 byte order mark is skipped). Problems, formatted as
// "file:row: reason", are appended to `problems`; rows with problems are left out of the table.
CsvTable parse_csv(std::string_view text, std::string_view file_name,
                   std::vector<std::string>& problems);

// Reads a whole file; a file that cannot be read is reported as a problem.
CsvTable read_csv_file(const std::string& path, std::vector<std::string>& problems);

// A cell a spreadsheet would run as a formula gets a leading ': one that starts with =, +, - or @
// and is not a number, also after leading blanks (" =1+1", "\t=1+1"), and one that starts with a
// tab or a line break.
// Reading removes exactly that prefix, so export then import gives back the same text.
std::string neutralise_formula(std::string_view cell);
std::string restore_formula(std::string_view cell);

// Writes one CSV line (quoted where needed, formulas neutralised) ending in "\n".
void write_csv_row(std::ostream& out, const std::vector<std::string>& cells);
// The same with every cell made printable first (a line break stored by an older tiendo is written
// as \x0a): what exports and reports write, so a file opened in a terminal or a spreadsheet shows
// one record per line and no control character.
void write_printable_csv_row(std::ostream& out, std::vector<std::string> cells);

}  // namespace tiendo::io
