#pragma once
// Every failure tiendo reports to a user is one of these; main maps them to exit codes.
#include <fmt/format.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tiendo {

// A problem as each face words it in its own language: `id` is the English format string with {}
// placeholders (gettext's msgid, looked up in po/vi.po by the web), `values` what fills them, each
// already text. The command line prints english(), byte for byte what it printed before messages
// had ids; the web looks the id up in the catalogue for the request's language (report/catalogue.h).
// A message made from text that has no id of its own (a line built elsewhere) has no values and its
// whole text as the id: it is shown as it is when the catalogue does not have it.
struct Message {
  std::string id;
  std::vector<std::string> values;
  // Which values are counts written with English grouping ("36,500"): a translation writes them
  // with its own ("36.500"), whereas a value a user typed is always shown as typed.
  std::vector<std::size_t> counts = {};
  // The command line's own wording when it differs from the id: one that names its options
  // ("change it with depend set"), which a web page never shows.
  std::string command_line_id = {};
  // The values that are messages of their own ("table TASK row 12"), at their places in
  // `values`, so that a page words them in its language too; empty, or one per value with an
  // empty id where a value is plain text.
  std::vector<Message> value_messages = {};
  // Which values are days written as ISO writes them ("2200-12-31"): a Vietnamese page writes
  // them day first ("31/12/2200").
  std::vector<std::size_t> days = {};

  std::string english() const { return fill(command_line_id.empty() ? id : command_line_id, values); }
  // The same message, worded so on the command line.
  Message on_command_line(std::string_view pattern) && {
    command_line_id = pattern;
    return std::move(*this);
  }
  // The format string `pattern` (the id or its translation) with the values in its {} places.
  static std::string fill(std::string_view pattern, const std::vector<std::string>& values) {
    std::string text;
    std::size_t next = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
        if (next < values.size())
          text += values[next];
        ++next;
        ++i;
      } else {
        text += pattern[i];
      }
    }
    return text;
  }
};

// A count shown grouped by thousands in a message ("from 1 to 36,500"), in English on the command
// line and in each page's own language on the web.
struct Count {
  std::uint64_t value;
};

// A day in a message, as ISO writes it ("2200-12-31") on the command line and in English, and as
// each page's language writes days on the web.
struct Day {
  std::string iso;
};

// `value` grouped by thousands with commas, as English writes it.
std::string grouped_in_english(std::uint64_t value);

namespace detail {
template <typename Value>
std::string message_value(const Value& value) {
  if constexpr (std::is_same_v<Value, Message>)
    return value.english();
  else if constexpr (std::is_same_v<Value, Count>)
    return grouped_in_english(value.value);
  else if constexpr (std::is_same_v<Value, Day>)
    return value.iso;
  else
    return fmt::format("{}", value);
}
template <typename Value>
Message message_part(const Value& value) {
  if constexpr (std::is_same_v<Value, Message>)
    return value;
  else
    return Message{};
}
}  // namespace detail

// A message with its id and values, each value written as fmt writes it ({} of a number is its
// digits, of a Count its grouped digits, of a Day its ISO date), so that english() is what the
// command line printed. A value that is a message itself is kept as one too, for the web to word in
// its language.
template <typename... Values>
Message message(std::string_view id, const Values&... values) {
  Message made{std::string(id), {detail::message_value(values)...}};
  if constexpr ((std::is_same_v<Values, Message> || ...))
    made.value_messages = {detail::message_part(values)...};
  std::size_t index = 0;
  ((std::is_same_v<Values, Count> ? made.counts.push_back(index++) : void(index++)), ...);
  index = 0;
  ((std::is_same_v<Values, Day> ? made.days.push_back(index++) : void(index++)), ...);
  return made;
}

enum class ExitCode {
  Ok = 0,
  AlertMatched = 1,
  BadInput = 2,
  NotFound = 3,
  Conflict = 4,
  Internal = 5
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& text) : std::runtime_error(text), m_messages{{text, {}}} {}
  explicit Error(const char* text) : Error(std::string(text)) {}
  explicit Error(Message message)
      : std::runtime_error(message.english()), m_messages{std::move(message)} {}
  virtual ExitCode exit_code() const { return ExitCode::Internal; }
  // What went wrong, one message a line (many for bad input with one problem per row).
  const std::vector<Message>& messages() const { return m_messages; }

 protected:
  Error(const std::string& text, std::vector<Message> messages)
      : std::runtime_error(text), m_messages(std::move(messages)) {}

 private:
  std::vector<Message> m_messages;
};

// Bad input may carry many problems (one per bad row); all of them are shown, one per line.
class InvalidInput : public Error {
 public:
  explicit InvalidInput(std::string message) : Error(message), m_problems{std::move(message)} {}
  explicit InvalidInput(const char* message) : InvalidInput(std::string(message)) {}
  explicit InvalidInput(Message message)
      : Error(std::move(message)), m_problems{Error::what()} {}
  explicit InvalidInput(std::vector<std::string> problems)
      : Error(join(problems), as_messages(problems)), m_problems(std::move(problems)) {}
  explicit InvalidInput(std::vector<Message> problems)
      : Error(join(english(problems)), problems), m_problems(english(problems)) {}
  ExitCode exit_code() const override { return ExitCode::BadInput; }
  const std::vector<std::string>& problems() const { return m_problems; }

 private:
  static std::vector<Message> as_messages(const std::vector<std::string>& lines) {
    std::vector<Message> messages;
    for (const auto& line : lines)
      messages.push_back(Message{line, {}});
    return messages;
  }
  static std::vector<std::string> english(const std::vector<Message>& messages) {
    std::vector<std::string> lines;
    for (const auto& message : messages)
      lines.push_back(message.english());
    return lines;
  }
  static std::string join(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
      if (!text.empty())
        text += '\n';
      text += line;
    }
    return text;
  }
  std::vector<std::string> m_problems;
};

class NotFound : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const override { return ExitCode::NotFound; }
};

// A dependency cycle is bad input: the user asked for something that cannot be scheduled. It
// carries the links of the cycle (indices into Portfolio::dependencies), so that an import can
// name the row that closed it.
//
// It also carries the cycle as references ("CODE:key"), the first members in order (at most
// chain_names_shown of them) and how many it has: the portfolio it was found in is often a copy
// gone by the time a face words the refusal in its own language.
class CycleError : public InvalidInput {
 public:
  CycleError(std::string message, std::vector<std::int32_t> dependencies,
             std::vector<std::string> first_members = {}, std::size_t member_count = 0)
      : InvalidInput(std::move(message)),
        m_dependencies(std::move(dependencies)),
        m_first_members(std::move(first_members)),
        m_member_count(member_count) {}
  CycleError(Message message, std::vector<std::int32_t> dependencies,
             std::vector<std::string> first_members = {}, std::size_t member_count = 0)
      : InvalidInput(std::move(message)),
        m_dependencies(std::move(dependencies)),
        m_first_members(std::move(first_members)),
        m_member_count(member_count) {}
  const std::vector<std::int32_t>& dependencies() const { return m_dependencies; }
  const std::vector<std::string>& first_members() const { return m_first_members; }
  std::size_t member_count() const { return m_member_count; }

 private:
  std::vector<std::int32_t> m_dependencies;
  std::vector<std::string> m_first_members;
  std::size_t m_member_count = 0;
};

class Conflict : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const override { return ExitCode::Conflict; }
};

// The database cannot be reached: a PostgreSQL server that refuses the connection, or one that
// went away (stopped, restarted, the network cut) in the middle of a command. The message is one
// line naming the server. Nothing is half-written: the server rolls back a transaction whose
// connection is lost (one lost while committing is all written or not at all, and the message says
// that it is unknown which). The command line exits 5, as for any failure of its own; the web
// workspace answers 503 and connects again for the next request, so it answers again as soon as
// the server is back.
class Unavailable : public Error {
 public:
  using Error::Error;
};

// More of some slow work (password checks, forecasts, reports) is asked for than the server does
// at once: the web workspace answers 503 or 429 with Retry-After, never a reset connection.
class Overloaded : public Error {
 public:
  Overloaded(std::string message, int retry_after_seconds)
      : Error(std::move(message)), m_retry_after_seconds(retry_after_seconds) {}
  Overloaded(Message message, int retry_after_seconds)
      : Error(std::move(message)), m_retry_after_seconds(retry_after_seconds) {}
  int retry_after_seconds() const { return m_retry_after_seconds; }

 private:
  int m_retry_after_seconds;
};

// A write outside the account's role or provinces (HTTP 403). Only the web workspace and the API
// act for an account; the command line acts for whoever may open the database file.
class Forbidden : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const override { return ExitCode::Conflict; }
};

// An edit made against a version of a record that has changed since (HTTP 409): it names who made
// the change that came in between, and when, so the user can look before trying again.
class VersionConflict : public Conflict {
 public:
  VersionConflict(Message message, std::string changed_by, std::string changed_at,
                  std::int64_t version)
      : Conflict(std::move(message)),
        m_changed_by(std::move(changed_by)),
        m_changed_at(std::move(changed_at)),
        m_version(version) {}
  const std::string& changed_by() const { return m_changed_by; }
  const std::string& changed_at() const { return m_changed_at; }
  std::int64_t version() const { return m_version; }

 private:
  std::string m_changed_by, m_changed_at;
  std::int64_t m_version;
};

}  // namespace tiendo
