#include "io/csv.h"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <ostream>
#include <thread>

#include "domain/progress.h"
#include "domain/text.h"

namespace tiendo::io {
namespace {

bool is_number(std::string_view text) {
  if (text.empty())
    return false;
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

// The text after the blanks a spreadsheet skips before it looks for a formula: spaces, tabs and
// line breaks, the no-break space (U+00A0), the ideographic space (U+3000) and a byte order mark.
std::string_view after_leading_blanks(std::string_view cell) {
  constexpr std::string_view wide_blanks[] = {"\xC2\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF"};
  bool skipped = true;
  while (skipped && !cell.empty()) {
    skipped = false;
    char first = cell.front();
    if (first == ' ' || first == '\t' || first == '\r' || first == '\n') {
      cell.remove_prefix(1);
      skipped = true;
      continue;
    }
    for (auto blank : wide_blanks)
      if (cell.starts_with(blank)) {
        cell.remove_prefix(blank.size());
        skipped = true;
      }
  }
  return cell;
}

bool needs_prefix(std::string_view cell) {
  if (cell.empty())
    return false;
  if (cell.front() == '\'')
    return needs_prefix(cell.substr(1));
  // A tab or a line break first is what some spreadsheets take as the start of a formula too.
  if (cell.front() == '\t' || cell.front() == '\r' || cell.front() == '\n')
    return true;
  std::string_view text = after_leading_blanks(cell);
  if (text.empty())
    return false;
  char first = text.front();
  if (first == '=' || first == '+' || first == '-' || first == '@')
    return !is_number(text);
  return false;
}

// A cell that export prefixed with ' to keep a spreadsheet from running it.
bool neutralised(std::string_view cell) {
  return !cell.empty() && cell.front() == '\'' && needs_prefix(cell.substr(1));
}

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

}  // namespace

// libcsv calls back with each field and each row end. The row being built is written straight
// into a slot of the ready queue whose strings are reused from row to row, so that a file of a
// million rows does not allocate a million times over.
struct CsvParser::State {
  CsvParser* owner = nullptr;
  csv_parser parser{};
  std::size_t field_count = 0;
  std::int64_t row = 0;
  int previous_terminator = 0;

  std::vector<std::string>& slot() {
    auto& ready = owner->m_ready;
    if (ready.size() <= owner->m_ready_count)
      ready.resize(owner->m_ready_count + 1);
    return ready[owner->m_ready_count].fields;
  }

  static void on_field(void* data, std::size_t length, void* pointer) {
    auto* state = static_cast<State*>(pointer);
    auto& fields = state->slot();
    // An empty field may arrive as a null pointer.
    std::string_view text =
        length == 0 ? std::string_view() : std::string_view(static_cast<const char*>(data), length);
    if (state->field_count < fields.size())
      fields[state->field_count].assign(text);
    else
      fields.emplace_back(text);
    ++state->field_count;
  }

  static void on_row(int terminator, void* pointer) {
    auto* state = static_cast<State*>(pointer);
    auto& owner = *state->owner;
    auto& fields = state->slot();
    std::size_t count = state->field_count;
    state->field_count = 0;
    // A byte order mark after leading blank lines is still a byte order mark, not a column name.
    while (!owner.m_header_done && count > 0 && fields[0].starts_with(byte_order_mark))
      fields[0].erase(0, byte_order_mark.size());
    bool blank = count == 0 || (count == 1 && fields[0].empty());
    // The parser reports every line ending, so that a blank line still counts when rows are
    // numbered as a spreadsheet shows them; the LF of a CRLF pair is the same line ending again.
    bool second_half_of_crlf = blank && terminator == '\n' && state->previous_terminator == '\r';
    state->previous_terminator = terminator;
    if (second_half_of_crlf)
      return;
    ++state->row;
    // A blank line is not a row of empty fields; skip it as spreadsheet exports do.
    if (blank)
      return;
    for (std::size_t i = 0; i < count; ++i)
      if (neutralised(fields[i]))
        fields[i].erase(0, 1);
    if (!owner.m_header_done) {
      owner.m_header.assign(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(count));
      owner.m_header_done = true;
      return;
    }
    if (count != owner.m_header.size()) {
      owner.m_problems->push_back(fmt::format("{}:{}: row has {} fields, the header has {}",
                                              owner.m_file, state->row, count,
                                              owner.m_header.size()));
      return;
    }
    fields.resize(count);
    owner.m_ready[owner.m_ready_count].number = state->row;
    ++owner.m_ready_count;
  }
};

CsvParser::CsvParser(std::string file_name, std::vector<std::string>& problems)
    : m_file(std::move(file_name)), m_problems(&problems), m_state(std::make_unique<State>()) {
  m_state->owner = this;
  csv_init(&m_state->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
}

CsvParser::~CsvParser() {
  csv_free(&m_state->parser);
}

void CsvParser::feed(std::string_view piece) {
  if (m_stopped)
    return;
  if (!m_first_piece) {
    parse(piece);
    return;
  }
  // A byte order mark may arrive split over the first pieces; what could still be one is held
  // back until it is known.
  std::string joined;
  if (!m_opening.empty()) {
    joined = std::move(m_opening) + std::string(piece);
    m_opening.clear();
    piece = joined;
  }
  if (piece.size() < byte_order_mark.size() && byte_order_mark.starts_with(piece)) {
    m_opening = std::string(piece);
    return;
  }
  m_first_piece = false;
  if (piece.starts_with(byte_order_mark))
    piece.remove_prefix(byte_order_mark.size());
  parse(piece);
}

void CsvParser::parse(std::string_view piece) {
  // libcsv would pass a NUL through inside a field; a NUL is never part of a name or a date.
  // The rows before it are read, and the row it stands in is never completed.
  std::size_t nul = piece.find('\0');
  std::string_view text = piece.substr(0, nul);
  m_lines_before += std::count(text.begin(), text.end(), '\n');
  // Rows taken already free their slots for the rows of this piece. A row cut in two by the
  // end of the last piece is carried to the first slot, to be completed there.
  if (m_next_ready == m_ready_count && m_ready_count > 0) {
    if (m_ready_count < m_ready.size())
      std::swap(m_ready[0], m_ready[m_ready_count]);
    m_next_ready = m_ready_count = 0;
  }
  std::size_t parsed = csv_parse(&m_state->parser, text.data(), text.size(), State::on_field,
                                 State::on_row, m_state.get());
  if (parsed != text.size()) {
    report_malformed();
    return;
  }
  if (nul != std::string_view::npos) {
    m_problems->push_back(fmt::format("{}:{}: contains a NUL byte (not a text CSV file)", m_file,
                                      m_lines_before + 1));
    m_stopped = true;
    m_not_text = true;
  }
}

void CsvParser::finish() {
  if (m_finished)
    return;
  m_finished = true;
  // A text shorter than a byte order mark that began like one is text after all.
  if (m_first_piece && !m_opening.empty() && !m_stopped) {
    m_first_piece = false;
    std::string opening = std::move(m_opening);
    parse(opening);
  }
  if (!m_stopped) {
    m_stopped = true;
    if (csv_fini(&m_state->parser, State::on_field, State::on_row, m_state.get()) != 0)
      report_malformed();
  }
  if (!m_header_done && !m_not_text)
    m_problems->push_back(fmt::format("{}: empty file, no header", m_file));
}

void CsvParser::give_up(std::string problem) {
  m_problems->push_back(std::move(problem));
  m_stopped = true;
  m_not_text = true;
}

void CsvParser::report_malformed() {
  m_problems->push_back(fmt::format("{}:{}: malformed CSV ({}), e.g. a quote opened and not closed",
                                    m_file, m_state->row + 1,
                                    csv_strerror(csv_error(&m_state->parser))));
  m_stopped = true;
}

bool CsvParser::take(CsvRow& row) {
  if (m_next_ready == m_ready_count)
    return false;
  auto& ready = m_ready[m_next_ready++];
  row.number = ready.number;
  // The caller's strings come back into the slot, to be written over by a later row.
  std::swap(row.fields, ready.fields);
  return true;
}

CsvFileReader::CsvFileReader(std::string path, std::vector<std::string>& problems)
    : m_path(std::move(path)), m_problems(&problems) {
  // The first look is parsed again when the rows are read, so what it finds wrong is kept only
  // when there is no header to read on from.
  std::vector<std::string> first_look;
  if (!start(first_look)) {
    problems.insert(problems.end(), first_look.begin(), first_look.end());
    m_finished = true;
    return;
  }
  if (!m_parser->has_header()) {
    problems.insert(problems.end(), first_look.begin(), first_look.end());
    close();
    m_finished = true;
    return;
  }
  m_header = m_parser->header();
  m_expected_rows = m_parser->waiting();
  std::error_code error;
  auto size = std::filesystem::file_size(m_path, error);
  if (!m_finished && !error && m_bytes_read > 0 && size > m_bytes_read)
    m_expected_rows =
        static_cast<std::size_t>(static_cast<double>(m_expected_rows) * static_cast<double>(size) /
                                 static_cast<double>(m_bytes_read) * 1.02);
  close();
  m_finished = false;
}

// A piece of the file parsed: its rows, the problems found in it, and how far into the file it
// ends.
struct ParsedPiece {
  std::vector<CsvRow> rows;
  std::vector<std::string> problems;
  std::size_t bytes_read = 0;
  bool last = false;
};

struct CsvFileReader::ReadAhead {
  // Pieces parsed and not yet taken; two keep the parse ahead without holding much of the file.
  static constexpr std::size_t pieces_ahead = 2;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<ParsedPiece> ready;
  bool stopping = false;
  // Rows taken, their strings to be used again.
  std::deque<std::vector<CsvRow>> spent;
  ParsedPiece current;
  std::size_t next_row = 0;
  std::thread thread;

  // Runs on the thread: parses the file a piece at a time, as start and read_piece do, with a
  // parser and a list of problems of its own.
  void parse(CsvFileReader& reader) {
    std::vector<std::string> problems;
    CsvFileReader own(reader.m_path, problems, Unopened{});
    bool opened = own.start(problems);
    std::size_t bytes = own.m_bytes_read;
    // The first piece hands over what start parsed; each further one reads a piece more.
    for (bool first = true;; first = false) {
      ParsedPiece piece;
      if (!first && opened && !own.m_finished) {
        own.read_piece();
        bytes = own.m_bytes_read;
      }
      // Rows handed back by the caller lend their strings to the parser (take swaps them into
      // its slots), so that a national file is parsed without a fresh allocation per field.
      {
        std::lock_guard lock(mutex);
        if (!spent.empty()) {
          piece.rows = std::move(spent.front());
          spent.pop_front();
        }
      }
      std::size_t count = 0;
      while (own.m_parser) {
        if (count == piece.rows.size())
          piece.rows.emplace_back();
        if (!own.m_parser->take(piece.rows[count]))
          break;
        ++count;
      }
      piece.rows.resize(count);
      piece.problems = std::move(problems);
      problems.clear();
      piece.bytes_read = bytes;
      piece.last = !opened || own.m_finished;
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return ready.size() < pieces_ahead || stopping; });
      if (stopping)
        return;
      bool last = piece.last;
      ready.push_back(std::move(piece));
      changed.notify_all();
      if (last)
        return;
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
      changed.notify_all();
    }
    if (thread.joinable())
      thread.join();
  }
};

CsvFileReader::CsvFileReader(std::string path, std::vector<std::string>& problems, Unopened)
    : m_path(std::move(path)), m_problems(&problems) {}

CsvFileReader::~CsvFileReader() {
  if (m_read_ahead)
    m_read_ahead->stop();
  close();
}

bool CsvFileReader::start(std::vector<std::string>& problems) {
  m_parser = std::make_unique<CsvParser>(m_path, problems);
  m_bytes_read = 0;
  m_finished = false;
  m_stream = std::fopen(m_path.c_str(), "rb");
  if (!m_stream) {
    problems.push_back(fmt::format("{}: cannot read the file", m_path));
    return false;
  }
  // A small file is read in one piece of its own size rather than a mebibyte.
  constexpr std::size_t piece_size = 1 << 20;
  std::error_code error;
  auto size = std::filesystem::file_size(m_path, error);
  m_buffer.resize(error ? piece_size : std::min<std::size_t>(piece_size, size + 1));
  m_file_size = error ? 0 : size;
  while (!m_parser->has_header() && read_piece()) {
  }
  return true;
}

void CsvFileReader::close() {
  if (m_stream)
    std::fclose(m_stream);
  m_stream = nullptr;
  m_buffer = std::string();
}

bool CsvFileReader::read_piece() {
  if (m_finished)
    return false;
  std::size_t count = std::fread(m_buffer.data(), 1, m_buffer.size(), m_stream);
  m_bytes_read += count;
  if (count > 0)
    m_parser->feed(std::string_view(m_buffer.data(), count));
  if (count < m_buffer.size() || m_parser->stopped()) {
    if (std::ferror(m_stream))
      m_parser->give_up(fmt::format("{}: cannot read the file", m_path));
    m_parser->finish();
    m_finished = true;
    close();
  }
  return true;
}

bool CsvFileReader::next(CsvRow& row) {
  if (!m_reading) {
    if (m_finished)
      return false;
    m_reading = true;
    // Read from the start again, on the thread; the header row is parsed again and its row
    // number counted.
    m_read_ahead = std::make_unique<ReadAhead>();
    m_read_ahead->thread = std::thread([this] {
      try {
        m_read_ahead->parse(*this);
      } catch (const std::exception& error) {
        // Out of memory, say: the rows end here, and the import fails with the reason.
        ParsedPiece last;
        last.problems.push_back(fmt::format("{}: cannot read the file: {}", m_path, error.what()));
        last.last = true;
        std::lock_guard lock(m_read_ahead->mutex);
        m_read_ahead->ready.push_back(std::move(last));
        m_read_ahead->changed.notify_all();
      }
    });
  }
  auto& ahead = *m_read_ahead;
  while (ahead.next_row == ahead.current.rows.size()) {
    if (ahead.current.last || m_finished) {
      m_finished = true;
      ahead.stop();
      return false;
    }
    {
      std::unique_lock lock(ahead.mutex);
      ahead.changed.wait(lock, [&] { return !ahead.ready.empty(); });
      if (ahead.spent.size() < ReadAhead::pieces_ahead + 1)
        ahead.spent.push_back(std::move(ahead.current.rows));
      ahead.current = std::move(ahead.ready.front());
      ahead.ready.pop_front();
      ahead.changed.notify_all();
    }
    ahead.next_row = 0;
    m_problems->insert(m_problems->end(), std::make_move_iterator(ahead.current.problems.begin()),
                       std::make_move_iterator(ahead.current.problems.end()));
    // Only the reading of the rows counts; the first look for the header is over at once.
    report_progress(ProgressTask::Reading, ahead.current.bytes_read, m_file_size, m_path);
  }
  // The caller's strings go back with the piece, to be written over by a later row.
  std::swap(row, ahead.current.rows[ahead.next_row++]);
  return true;
}

bool CsvTableRows::next(CsvRow& row) {
  if (m_next == m_table.rows.size())
    return false;
  row = std::move(m_table.rows[m_next++]);
  return true;
}

CsvTable parse_csv(std::string_view text, std::string_view file_name,
                   std::vector<std::string>& problems) {
  CsvParser parser{std::string(file_name), problems};
  parser.feed(text);
  CsvTable table{std::string(file_name), {}, {}};
  CsvRow row;
  while (parser.take(row))
    table.rows.push_back(std::move(row));
  parser.finish();
  while (parser.take(row))
    table.rows.push_back(std::move(row));
  table.header = parser.header();
  return table;
}

CsvTable read_csv_file(const std::string& path, std::vector<std::string>& problems) {
  CsvFileReader reader(path, problems);
  CsvTable table{path, reader.header(), {}};
  CsvRow row;
  while (reader.next(row))
    table.rows.push_back(std::move(row));
  return table;
}

std::string neutralise_formula(std::string_view cell) {
  return needs_prefix(cell) ? "'" + std::string(cell) : std::string(cell);
}

std::string restore_formula(std::string_view cell) {
  if (neutralised(cell))
    return std::string(cell.substr(1));
  return std::string(cell);
}

void write_printable_csv_row(std::ostream& out, std::vector<std::string> cells) {
  for (auto& cell : cells)
    if (!is_printable(cell))
      cell = document_text(cell);
  write_csv_row(out, cells);
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  bool first = true;
  for (const auto& raw : cells) {
    if (!first)
      out << ',';
    first = false;
    std::string cell = neutralise_formula(raw);
    // The reader trims blanks around an unquoted field, so a cell that starts or ends with a
    // space or a tab is quoted to keep them.
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                 (!cell.empty() && (blank(cell.front()) || blank(cell.back())));
    if (!quote) {
      out << cell;
      continue;
    }
    out << '"';
    for (char c : cell) {
      if (c == '"')
        out << '"';
      out << c;
    }
    out << '"';
  }
  out << '\n';
}

}  // namespace tiendo::io
