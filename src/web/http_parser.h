#pragma once
// The strict reading of an HTTP/1.1 request (RFC 9112) that the server does before any route sees
// it: the head (request line and fields) within fixed limits, and the two body encodings forms
// use (urlencoded and multipart). Everything here is a pure function of bytes, so the rules can be
// tested without a socket; every loop is bounded by the limits or by the input's length, and
// nothing recurses.
//
// Where RFC 9112 says a server "MUST reject" (whitespace between a field name and its colon, a
// line folded onto the previous one, a Content-Length that is not a number, two of them, an
// HTTP/1.1 request without exactly one Host), the request is refused with 400 and the connection
// closed: a proxy in front may have read the same bytes differently, which is how request
// smuggling starts. A body in chunks is refused (411) rather than read, as the workspace's pages
// and scripts always send a length.
#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tiendo::web::http1 {

struct Limits {
  std::size_t request_line_bytes = 8 * 1024;  // 414 past it.
  std::size_t head_bytes = 32 * 1024;         // Request line and fields together; 431 past it.
  std::size_t field_count = 100;              // 431 past it.
  std::size_t form_fields = 2000;             // Query pairs, urlencoded pairs or multipart parts.
  std::size_t part_head_bytes = 8 * 1024;     // The fields of one multipart part.
};

// A refusal: the status to answer with and a short English line for the log and the JSON body.
struct Problem {
  int status = 400;
  std::string message;
};

// Where the head ends in what has been received so far.
struct HeadScan {
  enum class State { NeedMore, Complete, Refused } state = State::NeedMore;
  std::size_t begin = 0;    // After the empty lines a client may send before a request.
  std::size_t end = 0;      // Just after the empty line that ends the head (Complete).
  std::size_t scanned = 0;  // Where the next scan of a longer buffer may resume.
  bool request_line_ended = false;
  Problem problem;  // Refused: 414 or 431.
};

// Looks for the end of the head in `buffer`, resuming at `previous.scanned`; linear in what was
// added since.
HeadScan scan_head(std::string_view buffer, const HeadScan& previous, const Limits& limits);

struct Head {
  std::string method;
  std::string target;   // As sent.
  std::string path;     // Percent-decoded, without the query.
  std::string query;    // Raw, after '?'.
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"; any other is refused (400).
  httplib::Headers fields;
  std::optional<std::size_t> content_length;
  bool keep_alive = true;
  bool expects_continue = false;
};

// Reads a complete head (the bytes from scan_head's begin to its end). Either a head or a problem.
struct HeadResult {
  std::optional<Head> head;
  Problem problem;
};
HeadResult parse_head(std::string_view head, const Limits& limits);

// Percent-decoding; '+' is a space in forms and queries, not in paths. False for a bad escape, or
// an encoded NUL unless `allow_nul`.
bool percent_decode(std::string_view text, bool plus_is_space, std::string& decoded,
                    bool allow_nul = false);

// `name=value&…` into `params`; a problem names the first bad pair.
std::optional<Problem> parse_form(std::string_view text, const Limits& limits,
                                  httplib::Params& params);

// A multipart/form-data body into `files` (every part, with or without a file name, as httplib
// kept them); `content_type` is the request's Content-Type field.
std::optional<Problem> parse_multipart(std::string_view body, std::string_view content_type,
                                       const Limits& limits, httplib::MultipartFormDataMap& files);

// The reason phrase of a status code.
std::string_view reason_phrase(int status);

}  // namespace tiendo::web::http1
