#pragma once
// Every failure tiendo reports to a user is one of these; main maps them to exit codes.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace tiendo {

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
  using std::runtime_error::runtime_error;
  virtual ExitCode exit_code() const { return ExitCode::Internal; }
};

// Bad input may carry many problems (one per bad row); all of them are shown, one per line.
class InvalidInput : public Error {
 public:
  explicit InvalidInput(std::string message) : Error(message), m_problems{std::move(message)} {}
  explicit InvalidInput(std::vector<std::string> problems)
      : Error(join(problems)), m_problems(std::move(problems)) {}
  ExitCode exit_code() const override { return ExitCode::BadInput; }
  const std::vector<std::string>& problems() const { return m_problems; }

 private:
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
  VersionConflict(std::string message, std::string changed_by, std::string changed_at,
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
