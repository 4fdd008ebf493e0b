// The strict reading of requests (src/web/http_parser.h): what RFC 9112 says a server must reject
// is refused, the limits hold, and nothing depends on how the bytes were cut into reads.
#include <doctest/doctest.h>

#include <string>

#include "web/http_parser.h"

using namespace tiendo::web::http1;

namespace {

HeadScan scan_all(const std::string& text, const Limits& limits = {}) {
  return scan_head(text, HeadScan{}, limits);
}

// The head of `text` parsed, or the problem's status.
int status_of(const std::string& text) {
  Limits limits;
  auto scan = scan_all(text, limits);
  if (scan.state == HeadScan::State::Refused)
    return scan.problem.status;
  REQUIRE(scan.state == HeadScan::State::Complete);
  auto result =
      parse_head(std::string_view(text).substr(scan.begin, scan.end - scan.begin), limits);
  return result.head ? 200 : result.problem.status;
}

}  // namespace

TEST_CASE("http: a plain request is read, with its path decoded and its query kept") {
  std::string text = "\r\nGET /projects/T%C3%A2n?lang=en HTTP/1.1\r\nHost: x\r\nA:  b \r\n\r\nrest";
  auto scan = scan_all(text);
  REQUIRE(scan.state == HeadScan::State::Complete);
  CHECK(text.substr(scan.end) == "rest");
  auto result = parse_head(std::string_view(text).substr(scan.begin, scan.end - scan.begin), {});
  REQUIRE(result.head);
  CHECK(result.head->path == "/projects/Tân");
  CHECK(result.head->query == "lang=en");
  CHECK(result.head->fields.find("a")->second == "b");
  CHECK(result.head->keep_alive);
}

TEST_CASE("http: the head is found the same way whatever the reads were") {
  std::string text = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
  for (std::size_t cut = 1; cut < text.size(); ++cut) {
    HeadScan scan;
    scan = scan_head(std::string_view(text).substr(0, cut), scan, {});
    if (scan.state != HeadScan::State::Complete)
      scan = scan_head(text, scan, {});
    REQUIRE(scan.state == HeadScan::State::Complete);
    CHECK(scan.end == text.size() - 3);
  }
}

TEST_CASE("http: what RFC 9112 says to reject is refused") {
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == 200);
  CHECK(status_of("GET / HTTP/1.0\r\n\r\n") == 200);
  CHECK(status_of("GET / HTTP/1.1\r\n\r\n") == 400);                        // No Host.
  CHECK(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400);  // Two.
  CHECK(status_of("GET / HTTP/1.1\r\nHost: a b\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n") == 200);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: \r\n\r\n") == 200);  // Empty is allowed.
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") ==
        400);
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n") ==
        400);
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +16\r\n\r\n") == 400);
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 6\r\n\r\n") == 400);
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nName : value\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n folded\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\nHost: x\n\n") == 400);  // Bare LF.
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nA: b\rc\r\n\r\n") == 400);
  CHECK(status_of(std::string("GET / HTTP/1.1\r\nHost: x\r\nA: b\0c\r\n\r\n", 35)) == 400);
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") == 411);
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                  "Content-Length: 3\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/2.0\r\nHost: x\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n") == 400);
  CHECK(status_of("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(status_of("GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(status_of("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(status_of("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n") == 417);
}

TEST_CASE("http: the head's limits") {
  Limits limits;
  CHECK(status_of("GET /" + std::string(limits.request_line_bytes, 'a') + " HTTP/1.1\r\n\r\n") ==
        414);
  // Without a line end yet, a request line past the limit is refused before more is read.
  CHECK(scan_all("GET /" + std::string(limits.request_line_bytes, 'a')).state ==
        HeadScan::State::Refused);
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (std::size_t index = 0; index < limits.field_count; ++index)
    many += "A: b\r\n";
  CHECK(status_of(many + "\r\n") == 431);
  std::string long_field = "GET / HTTP/1.1\r\nHost: x\r\nA: " + std::string(limits.head_bytes, 'b');
  CHECK(scan_all(long_field).problem.status == 431);
  CHECK(scan_all(std::string(limits.head_bytes + 10, '\n')).state != HeadScan::State::NeedMore);
}

TEST_CASE("http: forms and multipart bodies") {
  httplib::Params params;
  CHECK_FALSE(parse_form("a=1&b=x+y%21&&c", {}, params));
  CHECK(params.find("b")->second == "x y!");
  CHECK(params.count("c") == 1);
  httplib::Params more;
  CHECK(parse_form("a=%0", {}, more));
  CHECK(parse_form("a=%zz", {}, more));
  CHECK_FALSE(parse_form("a=%00", {}, more));  // Decoded; the route's reading refuses it by name.
  Limits few;
  few.form_fields = 3;
  CHECK(parse_form("a&b&c&d", few, more));

  std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"files\"; "
      "filename=\"du an.csv\"\r\nContent-Type: text/csv\r\n\r\ncode,name\r\nA,B\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n--XyZ--\r\n";
  httplib::MultipartFormDataMap files;
  CHECK_FALSE(parse_multipart(body, "multipart/form-data; boundary=XyZ", {}, files));
  REQUIRE(files.size() == 2);
  CHECK(files.find("files")->second.filename == "du an.csv");
  CHECK(files.find("files")->second.content == "code,name\r\nA,B");
  CHECK(files.find("dry_run")->second.content == "1");

  httplib::MultipartFormDataMap bad;
  CHECK(parse_multipart(body, "multipart/form-data", {}, bad));
  CHECK(parse_multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
                        "multipart/form-data; boundary=XyZ", {}, bad));
  std::string long_part_head = "--XyZ\r\nX: " + std::string(10000, 'a') + "\r\n\r\nv\r\n--XyZ--";
  CHECK(parse_multipart(long_part_head, "multipart/form-data; boundary=XyZ", {}, bad));
  std::string many_parts;
  for (int index = 0; index < 3000; ++index)
    many_parts += "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n";
  many_parts += "--XyZ--";
  CHECK(parse_multipart(many_parts, "multipart/form-data; boundary=XyZ", {}, bad));
}
