#include "web/http_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tiendo::web::http1 {
namespace {

// RFC 9110's tchar: what a method or a field name may be made of.
bool is_token_character(unsigned char character) {
  if (character >= '0' && character <= '9')
    return true;
  if ((character | 0x20) >= 'a' && (character | 0x20) <= 'z')
    return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(character)) !=
         std::string_view::npos;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char character) {
    return is_token_character(static_cast<unsigned char>(character));
  });
}

// A field value's characters (RFC 9110 field-content): visible ASCII, space, tab and the bytes of
// other encodings; never NUL, CR, LF or another control character.
bool is_field_value_character(unsigned char character) {
  return character == '\t' || character == ' ' || (character >= 0x21 && character != 0x7f);
}

std::string lower(std::string_view text) {
  std::string result(text);
  for (auto& character : result)
    if (character >= 'A' && character <= 'Z')
      character = static_cast<char>(character - 'A' + 'a');
  return result;
}

std::string_view trim_whitespace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  return left.size() == right.size() && lower(left) == lower(right);
}

// Whether a comma-separated field value (Connection, Expect) holds `token`, ignoring case.
bool list_holds(std::string_view value, std::string_view token) {
  while (true) {
    auto comma = value.find(',');
    if (equals_ignoring_case(trim_whitespace(value.substr(0, comma)), token))
      return true;
    if (comma == std::string_view::npos)
      return false;
    value.remove_prefix(comma + 1);
  }
}

Problem bad(std::string message) {
  return Problem{400, std::move(message)};
}

int hex_value(char character) {
  if (character >= '0' && character <= '9')
    return character - '0';
  if (character >= 'a' && character <= 'f')
    return character - 'a' + 10;
  if (character >= 'A' && character <= 'F')
    return character - 'A' + 10;
  return -1;
}

// One parameter of a Content-Type or Content-Disposition field (`boundary`, `name`, `filename`):
// a token or a quoted string, whose backslash escapes are undone. Nothing when it is absent or
// malformed.
std::optional<std::string> field_parameter(std::string_view value, std::string_view wanted) {
  auto semicolon = value.find(';');
  while (semicolon != std::string_view::npos) {
    value.remove_prefix(semicolon + 1);
    value = trim_whitespace(value);
    auto equals = value.find('=');
    if (equals == std::string_view::npos)
      return std::nullopt;
    bool match = equals_ignoring_case(trim_whitespace(value.substr(0, equals)), wanted);
    value.remove_prefix(equals + 1);
    value = trim_whitespace(value);
    std::string parameter;
    if (!value.empty() && value.front() == '"') {
      std::size_t position = 1;
      bool closed = false;
      for (; position < value.size(); ++position) {
        char character = value[position];
        if (character == '\\' && position + 1 < value.size()) {
          parameter += value[++position];
        } else if (character == '"') {
          closed = true;
          ++position;
          break;
        } else {
          parameter += character;
        }
      }
      if (!closed)
        return std::nullopt;
      value.remove_prefix(position);
    } else {
      auto end = value.find(';');
      parameter = std::string(trim_whitespace(value.substr(0, end)));
      value.remove_prefix(end == std::string_view::npos ? value.size() : end);
    }
    if (match)
      return parameter;
    semicolon = value.find(';');
  }
  return std::nullopt;
}

}  // namespace

HeadScan scan_head(std::string_view buffer, const HeadScan& previous, const Limits& limits) {
  HeadScan scan = previous;
  auto refuse = [&](int status, const char* message) {
    scan.state = HeadScan::State::Refused;
    scan.problem = {status, message};
    return scan;
  };
  // RFC 9112 2.2: a server should ignore at least one empty line received before a request line.
  // A few are skipped; a client sending only empty lines is bounded by the head's limit.
  if (!scan.request_line_ended && scan.scanned == scan.begin) {
    while (buffer.compare(scan.begin, 2, "\r\n") == 0) {
      scan.begin += 2;
      if (scan.begin > limits.head_bytes)
        return refuse(431, "request header fields too large");
    }
    if (buffer.size() == scan.begin + 1 && buffer[scan.begin] == '\r')
      return scan;  // A CR whose LF has not come yet.
    scan.scanned = scan.begin;
  }
  // The head ends at the first empty line ("\n\n" or "\n\r\n"). A bare LF is found here too and
  // refused by parse_head, so that a client sending them gets an answer rather than a wait.
  // `scanned` is where the next line end is looked for, or a line end whose next bytes had not
  // come yet: each byte is looked at a bounded number of times however slowly it arrives.
  std::size_t position = scan.scanned;
  while (true) {
    auto newline = buffer.find('\n', position);
    std::size_t end = newline == std::string_view::npos ? buffer.size() : newline;
    if (!scan.request_line_ended && end - scan.begin > limits.request_line_bytes)
      return refuse(414, "request line too long");
    if (end - scan.begin > limits.head_bytes)
      return refuse(431, "request header fields too large");
    if (newline == std::string_view::npos) {
      scan.scanned = buffer.size();
      return scan;
    }
    scan.request_line_ended = true;
    std::size_t next = newline + 1;
    if (next < buffer.size() && buffer[next] == '\n') {
      scan.state = HeadScan::State::Complete;
      scan.end = next + 1;
      return scan;
    }
    if (next + 1 < buffer.size() && buffer[next] == '\r' && buffer[next + 1] == '\n') {
      scan.state = HeadScan::State::Complete;
      scan.end = next + 2;
      return scan;
    }
    if (next >= buffer.size() || (buffer[next] == '\r' && next + 1 >= buffer.size())) {
      scan.scanned = newline;  // Look at this line end again once more has come.
      return scan;
    }
    position = next;
  }
}

HeadResult parse_head(std::string_view text, const Limits& limits) {
  HeadResult result;
  // Every line ends in CRLF: a bare CR or LF is refused (RFC 9112 2.2 lets a server read a bare LF
  // as a line end, but a proxy in front may not, which is where smuggling starts).
  for (std::size_t index = 0; index < text.size(); ++index) {
    if (text[index] == '\n' && (index == 0 || text[index - 1] != '\r')) {
      result.problem = bad("a line ends in LF without CR");
      return result;
    }
    if (text[index] == '\r' && (index + 1 >= text.size() || text[index + 1] != '\n')) {
      result.problem = bad("a CR that does not end a line");
      return result;
    }
  }
  Head head;
  auto line_end = text.find("\r\n");
  std::string_view request_line = text.substr(0, line_end);
  text.remove_prefix(line_end + 2);

  auto first_space = request_line.find(' ');
  auto second_space = first_space == std::string_view::npos
                          ? std::string_view::npos
                          : request_line.find(' ', first_space + 1);
  if (second_space == std::string_view::npos ||
      request_line.find(' ', second_space + 1) != std::string_view::npos) {
    result.problem = bad("the request line is not METHOD TARGET VERSION");
    return result;
  }
  std::string_view method = request_line.substr(0, first_space);
  std::string_view target = request_line.substr(first_space + 1, second_space - first_space - 1);
  std::string_view version = request_line.substr(second_space + 1);
  if (!is_token(method)) {
    result.problem = bad("the method is not a token");
    return result;
  }
  if (target.empty() || !std::all_of(target.begin(), target.end(), [](char character) {
        auto byte = static_cast<unsigned char>(character);
        return byte > 0x20 && byte < 0x7f;
      })) {
    result.problem = bad("the request target holds a space or a character outside ASCII");
    return result;
  }
  if (version.size() != 8 || version.compare(0, 5, "HTTP/") != 0 || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    result.problem = bad("the request line does not end in HTTP/1.1");
    return result;
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    // 505 is the status RFC 9110 names, but nothing a client sends is answered with a 5xx here
    // (a 5xx means the server failed): the version is bad input like any other.
    result.problem = bad("HTTP version not supported; send HTTP/1.1");
    return result;
  }
  head.method = std::string(method);
  head.target = std::string(target);
  head.version = std::string(version);

  // The target: origin form (/path?query), the asterisk form for OPTIONS, or the absolute form a
  // server must accept (RFC 9112 3.2.2), whose path is what routes see.
  std::string_view path_and_query = target;
  if (target == "*") {
    if (method != "OPTIONS") {
      result.problem = bad("the target '*' is only for OPTIONS");
      return result;
    }
  } else if (target.front() != '/') {
    std::string lowered = lower(target.substr(0, std::min<std::size_t>(target.size(), 8)));
    std::size_t scheme = lowered.rfind("http://", 0) == 0    ? 7
                         : lowered.rfind("https://", 0) == 0 ? 8
                                                             : 0;
    if (scheme == 0) {
      result.problem = bad("the request target is not a path");
      return result;
    }
    auto slash = target.find('/', scheme);
    path_and_query = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  auto question = path_and_query.find('?');
  if (!percent_decode(path_and_query.substr(0, question), false, head.path)) {
    result.problem = bad("the path holds a bad percent escape or an encoded NUL");
    return result;
  }
  if (question != std::string_view::npos)
    head.query = std::string(path_and_query.substr(question + 1));

  std::size_t host_count = 0, length_count = 0;
  bool has_transfer_encoding = false;
  std::string connection, expect;
  while (!text.empty()) {
    line_end = text.find("\r\n");
    std::string_view line = text.substr(0, line_end);
    text.remove_prefix(line_end + 2);
    if (line.empty())
      break;
    if (line.front() == ' ' || line.front() == '\t') {
      result.problem = bad("a header line folded onto the previous one (obsolete line folding)");
      return result;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      result.problem = bad("a header line without a colon");
      return result;
    }
    std::string_view name = line.substr(0, colon);
    if (!is_token(name)) {
      result.problem = bad(name.empty() || name.back() == ' ' || name.back() == '\t'
                               ? "whitespace or nothing before a header field's colon"
                               : "a header field name that is not a token");
      return result;
    }
    std::string_view value = trim_whitespace(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), [](char character) {
          return is_field_value_character(static_cast<unsigned char>(character));
        })) {
      result.problem = bad("a header field value holds a control character");
      return result;
    }
    if (head.fields.size() >= limits.field_count) {
      result.problem = {431, fmt::format("more than {} header fields", limits.field_count)};
      return result;
    }
    std::string lowered = lower(name);
    if (lowered == "host") {
      ++host_count;
      // RFC 9112 3.2: a Host that is not a valid host and port is refused (400).
      if (!std::all_of(value.begin(), value.end(), [](char character) {
            auto byte = static_cast<unsigned char>(character);
            return std::isalnum(byte) || std::string_view("-._~!$&'()*+,;=:%[]").find(character) !=
                                             std::string_view::npos;
          })) {
        result.problem = bad("the Host field is not a host and port");
        return result;
      }
    } else if (lowered == "content-length") {
      ++length_count;
      if (value.empty() || value.size() > 15 ||
          !std::all_of(value.begin(), value.end(),
                       [](char character) { return character >= '0' && character <= '9'; })) {
        result.problem = bad("Content-Length is not a plain decimal number");
        return result;
      }
      head.content_length = std::stoull(std::string(value));
    } else if (lowered == "transfer-encoding") {
      has_transfer_encoding = true;
    } else if (lowered == "connection") {
      connection += std::string(value) + ",";
    } else if (lowered == "expect") {
      expect += std::string(value) + ",";
    }
    head.fields.emplace(std::string(name), std::string(value));
  }
  if (length_count > 1) {
    result.problem = bad("more than one Content-Length");
    return result;
  }
  if (has_transfer_encoding) {
    // RFC 9112 6.1: a request with both must be refused or its length ignored; neither is read.
    result.problem = length_count > 0 ? bad("both Transfer-Encoding and Content-Length")
                                      : Problem{411,
                                                "send the body with a Content-Length, "
                                                "not in chunks"};
    return result;
  }
  if (head.version == "HTTP/1.1" ? host_count != 1 : host_count > 1) {
    result.problem = bad("an HTTP/1.1 request needs exactly one Host field");
    return result;
  }
  head.keep_alive = head.version == "HTTP/1.1" ? !list_holds(connection, "close")
                                               : list_holds(connection, "keep-alive");
  if (!expect.empty()) {
    expect.pop_back();
    if (!equals_ignoring_case(trim_whitespace(expect), "100-continue")) {
      result.problem = {417, "the only expectation understood is 100-continue"};
      return result;
    }
    head.expects_continue = head.version == "HTTP/1.1";
  }
  result.head = std::move(head);
  return result;
}

bool percent_decode(std::string_view text, bool plus_is_space, std::string& decoded,
                    bool allow_nul) {
  decoded.clear();
  decoded.reserve(text.size());
  for (std::size_t index = 0; index < text.size(); ++index) {
    char character = text[index];
    if (character == '%') {
      int high = index + 1 < text.size() ? hex_value(text[index + 1]) : -1;
      int low = index + 2 < text.size() ? hex_value(text[index + 2]) : -1;
      if (high < 0 || low < 0 || (high == 0 && low == 0 && !allow_nul))
        return false;
      decoded += static_cast<char>(high * 16 + low);
      index += 2;
    } else if (character == '+' && plus_is_space) {
      decoded += ' ';
    } else {
      decoded += character;
    }
  }
  return true;
}

std::optional<Problem> parse_form(std::string_view text, const Limits& limits,
                                  httplib::Params& params) {
  std::size_t count = 0;
  while (!text.empty()) {
    auto ampersand = text.find('&');
    std::string_view pair = text.substr(0, ampersand);
    text.remove_prefix(ampersand == std::string_view::npos ? text.size() : ampersand + 1);
    if (pair.empty())
      continue;
    if (++count > limits.form_fields)
      return bad(fmt::format("more than {} fields", limits.form_fields));
    auto equals = pair.find('=');
    std::string name, value;
    // An encoded NUL is decoded here and refused by the route's parameter reading, which names
    // the field (web/http.h `parameter`).
    if (!percent_decode(pair.substr(0, equals), true, name, true) ||
        (equals != std::string_view::npos &&
         !percent_decode(pair.substr(equals + 1), true, value, true)))
      return bad(fmt::format("field {}: a bad percent escape", count));
    params.emplace(std::move(name), std::move(value));
  }
  return std::nullopt;
}

std::optional<Problem> parse_multipart(std::string_view body, std::string_view content_type,
                                       const Limits& limits, httplib::MultipartFormDataMap& files) {
  auto boundary = field_parameter(content_type, "boundary");
  // RFC 2046 5.1.1: one to 70 characters. The bound also keeps every search below linear.
  if (!boundary || boundary->empty() || boundary->size() > 70)
    return bad("multipart/form-data without a boundary of 1 to 70 characters");
  std::string delimiter = "--" + *boundary;
  // The first delimiter may follow a preamble; each later one follows a CRLF.
  std::size_t position;
  if (body.compare(0, delimiter.size(), delimiter) == 0) {
    position = delimiter.size();
  } else {
    auto found = body.find("\r\n" + delimiter);
    if (found == std::string_view::npos)
      return bad("the multipart body holds no boundary");
    position = found + 2 + delimiter.size();
  }
  std::string next_delimiter = "\r\n" + delimiter;
  std::size_t count = 0;
  while (true) {
    if (body.compare(position, 2, "--") == 0)
      return std::nullopt;  // The closing delimiter; an epilogue after it is ignored.
    // Transport padding (spaces and tabs) may follow a delimiter before its CRLF.
    while (position < body.size() && (body[position] == ' ' || body[position] == '\t'))
      ++position;
    if (body.compare(position, 2, "\r\n") != 0)
      return bad("a multipart boundary not followed by a line end");
    position += 2;
    if (++count > limits.form_fields)
      return bad(fmt::format("more than {} parts", limits.form_fields));
    auto head_end = body.find("\r\n\r\n", position);
    std::size_t part_head_size;
    if (body.compare(position, 2, "\r\n") == 0) {
      part_head_size = 0;  // A part with no fields at all.
      head_end = position - 2;
    } else if (head_end == std::string_view::npos) {
      return bad(fmt::format("part {}: its header does not end", count));
    } else {
      part_head_size = head_end - position;
    }
    if (part_head_size > limits.part_head_bytes)
      return bad(
          fmt::format("part {}: header longer than {} bytes", count, limits.part_head_bytes));
    std::string_view part_head = body.substr(position, part_head_size);
    httplib::MultipartFormData part;
    bool form_data = false;
    while (!part_head.empty()) {
      auto end = part_head.find("\r\n");
      std::string_view line = part_head.substr(0, end);
      part_head.remove_prefix(end == std::string_view::npos ? part_head.size() : end + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
        return bad(fmt::format("part {}: a header line that is not NAME: VALUE", count));
      std::string_view name = line.substr(0, colon);
      std::string_view value = trim_whitespace(line.substr(colon + 1));
      if (equals_ignoring_case(name, "Content-Disposition")) {
        auto semicolon = value.find(';');
        if (!equals_ignoring_case(trim_whitespace(value.substr(0, semicolon)), "form-data"))
          return bad(fmt::format("part {}: Content-Disposition is not form-data", count));
        auto field_name = field_parameter(value, "name");
        if (!field_name)
          return bad(fmt::format("part {}: Content-Disposition without a name", count));
        form_data = true;
        part.name = *field_name;
        part.filename = field_parameter(value, "filename").value_or("");
      } else if (equals_ignoring_case(name, "Content-Type")) {
        part.content_type = std::string(value);
      }
    }
    if (!form_data)
      return bad(fmt::format("part {}: no Content-Disposition: form-data", count));
    std::size_t content_begin = head_end + 4;
    auto content_end = body.find(next_delimiter, content_begin);
    if (content_end == std::string_view::npos)
      return bad(fmt::format("part {} '{}': the body ends before its closing boundary", count,
                             part.name.substr(0, 64)));
    part.content = std::string(body.substr(content_begin, content_end - content_begin));
    std::string key = part.name;
    files.emplace(std::move(key), std::move(part));
    position = content_end + next_delimiter.size();
  }
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

}  // namespace tiendo::web::http1
