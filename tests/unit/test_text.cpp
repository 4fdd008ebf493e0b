// Text from anywhere: what may be stored (text_problem), how anything is shown (printable), and
// the output filter every command writes through (SafeTextBuffer).
#include <doctest/doctest.h>

#include <ostream>
#include <sstream>
#include <string>

#include "domain/text.h"
#include "report/safe_output.h"

using namespace tiendo;

TEST_CASE("text: one line of printable UTF-8 is accepted, anything else is named") {
  CHECK(text_problem("Điện gió Bạc Liêu – giai đoạn 3 (99,2 MW)").empty());
  CHECK(text_problem("").empty());
  CHECK(text_problem("\xF0\x9F\x8C\xAC wind").empty());
  CHECK(text_problem("Gi\xF3") == "not valid UTF-8");
  CHECK(text_problem("\xC0\xAF") == "not valid UTF-8");      // An overlong '/'.
  CHECK(text_problem("\xED\xA0\x80") == "not valid UTF-8");  // A UTF-16 surrogate.
  for (std::string_view bad : std::initializer_list<std::string_view>{
           "a\nb", "a\rb", "a\tb", std::string_view("a\0b", 3), "\x1b[31m", "del\x7f",
           "csi\xC2\x9B", "nel\xC2\x85", "\xE2\x80\xA8",
           "\xE2\x80\xAE"
           "evil",
           "\xE2\x81\xA6", "\xE2\x80\x8F"}) {
    CAPTURE(bad);
    CHECK(text_problem(bad).starts_with("a control character"));
  }
  CHECK(text_problem(std::string(10000, 'x')).empty());
  CHECK(text_problem(std::string(10001, 'x')) == "longer than 10,000 bytes");
}

TEST_CASE("text: printable escapes exactly what may not be shown, and is idempotent") {
  CHECK(printable("Sóc Trăng") == "Sóc Trăng");
  CHECK(printable("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(printable("two\nlines\r") == "two\\x0alines\\x0d");
  CHECK(printable("Gi\xF3 m\xE1t") == "Gi\\xf3 m\\xe1t");
  CHECK(printable("csi\xC2\x9B"
                  "31m") == "csi\\u009b31m");
  CHECK(printable("\xE2\x80\xAE"
                  "abc") == "\\u202eabc");
  CHECK(printable("cut \xE1\xBB") == "cut \\xe1\\xbb");
  CHECK(printable(printable("a\x1b\xff")) == printable("a\x1b\xff"));
  CHECK(is_printable("Điện gió"));
  CHECK_FALSE(is_printable("x\x1b"));
  CHECK_FALSE(is_printable("x\xC2\x9B"));
}

namespace {

// Writes the pieces through a SafeTextBuffer one write each, as a stream would.
std::string through_filter(std::initializer_list<std::string_view> pieces) {
  std::ostringstream target;
  {
    report::SafeTextBuffer buffer(target.rdbuf());
    std::ostream out(&buffer);
    for (auto piece : pieces)
      out << piece;
  }
  return target.str();
}

}  // namespace

TEST_CASE("safe output: escapes control characters and stray bytes, keeps text and line ends") {
  CHECK(through_filter({"Công suất 1.435,2 MW\n"}) == "Công suất 1.435,2 MW\n");
  CHECK(through_filter({"a\x1b[31mb\n"}) == "a\\x1b[31mb\n");
  CHECK(through_filter({"tab\there\r\n"}) == "tab\\x09here\\x0d\n");
  CHECK(through_filter({"c1 \xC2\x9B", "x\n"}) == "c1 \\u009bx\n");
  CHECK(through_filter({"bad \xFF byte"}) == "bad \\xff byte");
  // A character split across two writes is joined again, not taken for two stray bytes.
  CHECK(through_filter({"Đi\xE1\xBB", "\x87n gió"}) == "Điện gió");
  CHECK(through_filter({"\xC2", "\x9B"}) == "\\u009b");
  // A lead byte whose character never completes is shown as the stray byte it is.
  CHECK(through_filter({"end \xE1\xBB"}) == "end \\xe1\\xbb");
  CHECK(through_filter({"\xE1", "\nnext"}) == "\\xe1\nnext");
  CHECK(through_filter({"\xE1X\n"}) == "\\xe1X\n");
}

TEST_CASE("safe output: binary mode passes bytes unchanged") {
  std::ostringstream target;
  {
    report::SafeTextBuffer buffer(target.rdbuf());
    std::ostream out(&buffer);
    out << "text\x1b\n";
    report::set_binary_output(out);
    out << std::string("PK\x03\x04\r\n\x1b", 7);
  }
  CHECK(target.str() == std::string("text\\x1b\nPK\x03\x04\r\n\x1b", 16));
}

TEST_CASE("safe output: a buffered stream filters the same, across buffer ends, and keeps order") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "Điện gió \x1b[31m " + std::to_string(i) + "\n";
  std::string expected;
  for (int i = 0; i < 20000; ++i)
    expected += "Điện gió \\x1b[31m " + std::to_string(i) + "\n";
  std::ostringstream target;
  {
    report::SafeTextBuffer buffer(target.rdbuf(), report::SafeTextBuffer::Buffering::Buffered);
    std::ostream out(&buffer);
    // Pieces of every size, so characters and escapes fall across the buffer's ends.
    std::size_t position = 0, size = 1;
    while (position < text.size()) {
      out << std::string_view(text).substr(position, size);
      position += size;
      size = size % 7919 + 1 + size / 3;
    }
    out << std::flush;
    CHECK(target.str() == expected);
    report::set_binary_output(out);
    out << "\x1b\r\n";
  }
  CHECK(target.str() == expected + "\x1b\r\n");
}

TEST_CASE("text: document_text replaces stray bytes with U+FFFD and escapes control characters") {
  using namespace std::string_literals;
  CHECK(document_text("Sóc Trăng") == "Sóc Trăng");
  CHECK(document_text("T\xc3\xaan \xff\x1b[31m\0hai"s) == "Tên \xef\xbf\xbd\\x1b[31m\\x00hai");
  CHECK(document_text("a\xc2\x9b"
                      "b\xe2\x80\xae") == "a\\u009bb\\u202e");
  CHECK(is_valid_utf8(document_text("\xc3\x28\xa0\xa1\xf0\x28\x8c\xbc")));
}
