#pragma once
// Everything tiendo prints to a terminal passes through one filter, so that no text — a name in an
// older database, a file name, a header of a CSV file, a mistyped option — can send a terminal an
// escape sequence or forge a line. The filter is the last line of defence: tables and CSV cells
// escape line breaks themselves (a newline inside a cell cannot be told from the end of a line
// here), and stored text is checked where it enters (text_problem).
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace tiendo::report {

// A stream buffer that passes printable UTF-8 and line feeds to `target` and writes everything
// else as printable() shows it (\x1b, \u009b, \xf3 for a stray byte). Multi-byte characters split
// across writes are joined again. In binary mode (an xlsx workbook, an iCalendar file with its
// CRLF line ends) bytes pass unchanged; the formats written that way escape text themselves.
class SafeTextBuffer : public std::streambuf {
 public:
  // With a buffer (standard output) text is filtered a buffer at a time, which keeps a large
  // export as fast as writing it straight; without one (standard error) each write goes through
  // at once, so messages keep their order with what was printed before them.
  enum class Buffering { Unbuffered, Buffered };
  explicit SafeTextBuffer(std::streambuf* target, Buffering buffering = Buffering::Unbuffered);
  SafeTextBuffer(const SafeTextBuffer&) = delete;
  SafeTextBuffer& operator=(const SafeTextBuffer&) = delete;
  ~SafeTextBuffer() override;

  enum class Mode { Text, Binary };
  void set_mode(Mode mode);

 protected:
  int_type overflow(int_type character) override;
  std::streamsize xsputn(const char* data, std::streamsize count) override;
  int sync() override;

 private:
  // Filters and passes on what the buffer holds, and empties it.
  void drain();
  // Filters one piece of output (or passes it unchanged in binary mode).
  void consume(std::string_view data);
  void write_text(std::string_view text);
  void flush_pending();

  std::streambuf* m_target;
  std::vector<char> m_buffer;
  // The start of a multi-byte character whose other bytes have not been written yet.
  std::string m_pending;
  Mode m_mode = Mode::Text;
};

// Switches the stream to binary mode when it writes through a SafeTextBuffer; for an export whose
// bytes must reach the file exactly.
void set_binary_output(std::ostream& stream);

}  // namespace tiendo::report
