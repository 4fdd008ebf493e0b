#include "report/safe_output.h"

#include <algorithm>
#include <ostream>
#include <string_view>

#include "domain/text.h"

namespace tiendo::report {
namespace {

bool plain_byte(unsigned char byte) {
  return (byte >= 0x20 && byte < 0x7F) || byte == '\n';
}

// The length a UTF-8 lead byte announces; 1 for anything that cannot start a sequence.
std::size_t sequence_length(unsigned char byte) {
  if (byte >= 0xF0 && byte <= 0xF4)
    return 4;
  if (byte >= 0xE0)
    return byte <= 0xEF ? 3 : 1;
  if (byte >= 0xC2)
    return 2;
  return 1;
}

}  // namespace

SafeTextBuffer::SafeTextBuffer(std::streambuf* target, Buffering buffering) : m_target(target) {
  if (buffering == Buffering::Buffered) {
    m_buffer.resize(1 << 16);
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
  }
}

SafeTextBuffer::~SafeTextBuffer() {
  drain();
  flush_pending();
  m_target->pubsync();
}

void SafeTextBuffer::set_mode(Mode mode) {
  drain();
  flush_pending();
  m_mode = mode;
}

void SafeTextBuffer::flush_pending() {
  if (m_pending.empty())
    return;
  // A character still incomplete when nothing more comes is a stray byte.
  std::string shown = printable(m_pending);
  m_pending.clear();
  m_target->sputn(shown.data(), static_cast<std::streamsize>(shown.size()));
}

void SafeTextBuffer::drain() {
  if (m_buffer.empty())
    return;
  consume(std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
  setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

SafeTextBuffer::int_type SafeTextBuffer::overflow(int_type character) {
  drain();
  if (traits_type::eq_int_type(character, traits_type::eof()))
    return traits_type::not_eof(character);
  char byte = traits_type::to_char_type(character);
  if (m_buffer.empty())
    consume(std::string_view(&byte, 1));
  else
    sputc(byte);
  return character;
}

std::streamsize SafeTextBuffer::xsputn(const char* data, std::streamsize count) {
  if (!m_buffer.empty()) {
    // Small pieces gather in the buffer; a large one passes straight after what is waiting.
    if (count <= epptr() - pptr()) {
      std::copy(data, data + count, pptr());
      pbump(static_cast<int>(count));
      return count;
    }
    drain();
  }
  consume(std::string_view(data, static_cast<std::size_t>(count)));
  return count;
}

void SafeTextBuffer::consume(std::string_view text) {
  if (m_mode == Mode::Binary) {
    m_target->sputn(text.data(), static_cast<std::streamsize>(text.size()));
    return;
  }
  if (!m_pending.empty()) {
    // Complete the character the last write began, with continuation bytes only; anything else
    // ends it early, and it is shown as the stray bytes it is.
    std::size_t wanted = sequence_length(static_cast<unsigned char>(m_pending.front()));
    while (m_pending.size() < wanted && !text.empty() &&
           (static_cast<unsigned char>(text.front()) & 0xC0) == 0x80) {
      m_pending += text.front();
      text.remove_prefix(1);
    }
    if (m_pending.size() < wanted && text.empty())
      return;
    flush_pending();
  }
  write_text(text);
}

void SafeTextBuffer::write_text(std::string_view text) {
  std::size_t position = 0;
  while (position < text.size()) {
    // Most output is plain ASCII: pass whole runs of it at once.
    std::size_t run = position;
    while (run < text.size() && plain_byte(static_cast<unsigned char>(text[run])))
      ++run;
    if (run > position)
      m_target->sputn(text.data() + position, static_cast<std::streamsize>(run - position));
    position = run;
    if (position == text.size())
      break;
    std::size_t length = sequence_length(static_cast<unsigned char>(text[position]));
    std::size_t continued = 1;
    while (continued < length && position + continued < text.size() &&
           (static_cast<unsigned char>(text[position + continued]) & 0xC0) == 0x80)
      ++continued;
    if (continued < length && position + continued == text.size()) {
      // The rest of the character comes with the next write.
      m_pending.assign(text.substr(position));
      return;
    }
    // A lead byte followed by too few continuation bytes is a stray byte, shown alone.
    std::string_view piece = text.substr(position, continued);
    if (is_printable(piece)) {
      m_target->sputn(piece.data(), static_cast<std::streamsize>(piece.size()));
    } else {
      std::string shown = printable(piece);
      m_target->sputn(shown.data(), static_cast<std::streamsize>(shown.size()));
    }
    position += continued;
  }
}

int SafeTextBuffer::sync() {
  drain();
  return m_target->pubsync();
}

void set_binary_output(std::ostream& stream) {
  stream.flush();
  if (auto* buffer = dynamic_cast<SafeTextBuffer*>(stream.rdbuf()))
    buffer->set_mode(SafeTextBuffer::Mode::Binary);
}

}  // namespace tiendo::report
