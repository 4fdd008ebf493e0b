#pragma once
// The scope rule of every write, in one place: a write is allowed only when every project whose
// figures it changes lies within the writer's scope. "Changes" is what the write alters directly:
// the project's own rows (fields, milestones, status), a parent it names or leaves (a project
// that becomes a parent stops counting toward the totals, one that stops being a parent counts
// again), and the successor of a link it adds, changes or removes (the link bounds the
// successor's dates, not the predecessor's). Projects whose computed dates merely move through
// the schedule are not touched: a late line of one's own province may delay another's wind farm,
// and saying so is the point of the tracker.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/portfolio.h"

#include "domain/error.h"

namespace tiendo::operations {

// Why a write touches a project outside the writer's scope.
enum class TouchReason : std::uint8_t { OwnRows, ParentNamed, ParentLeft, LinkSuccessor };

// The refusal of a write that touches a project outside the writer's scope (HTTP 403), with what
// a page needs to word it in its own language: the project, its province, why it is touched, and
// `related` (the project naming or leaving it as parent, or the link "A:x -> B:y").
class OutOfScope : public Forbidden {
 public:
  OutOfScope(std::string message, std::string account, std::string code, std::string province,
             TouchReason reason, std::string related)
      : Forbidden(std::move(message)),
        m_account(std::move(account)),
        m_code(std::move(code)),
        m_province(std::move(province)),
        m_reason(reason),
        m_related(std::move(related)) {}
  const std::string& account() const { return m_account; }
  const std::string& code() const { return m_code; }
  const std::string& province() const { return m_province; }
  TouchReason reason() const { return m_reason; }
  const std::string& related() const { return m_related; }

 private:
  std::string m_account, m_code, m_province;
  TouchReason m_reason;
  std::string m_related;
};

// The projects one write touches, each with why, gathered by the rules above and checked
// against an account at once. Every face's writes go through it: an import compares the
// portfolio before and after (touched_between), a single edit names what it alters.
class TouchedProjects {
 public:
  // A project's own rows change; `province` is one it lies in before or after the write (a
  // project that moves is added with both).
  void own_rows(const Project& project);
  // A project row as it was (null for a new one) and as it is, in the portfolios before and
  // after the write: the project itself, and the parent it left and the one it names when its
  // parent changes.
  void project_row(const Project* before, const Project& after, const Portfolio& portfolio_before,
                   const Portfolio& portfolio_after);
  // A link added, changed or removed: its successor's project, as `portfolio` holds it.
  void link(const Portfolio& portfolio, const Dependency& dependency);

  // Throws OutOfScope naming the first touched project outside the account's scope, and why it
  // is touched ("which 'LS-NEW' would name as its parent"); nothing is written then.
  void check(const Account& account) const;
  std::size_t size() const { return m_touched.size(); }

 private:
  using Why = TouchReason;
  struct Touched {
    const Project* project = nullptr;
    Why why = Why::OwnRows;
    const Project* child = nullptr;        // ParentNamed, ParentLeft: the project that names it.
    const Portfolio* portfolio = nullptr;  // LinkSuccessor: where the link's ends are.
    Dependency link;                       // LinkSuccessor.
  };
  std::vector<Touched> m_touched;
};

// Every project a whole-portfolio write (an import) touches, from the portfolio as it was and as
// it is: new or changed project rows with the parents they name or leave, new or changed
// milestones, new status events, and the successors of links added, changed or removed. Linear in
// the portfolio's size. Milestones are compared by position: no import removes one (a milestone
// goes only by operations::remove_milestone, which checks its own project and its links).
TouchedProjects touched_between(const Portfolio& before, const Portfolio& after);

}  // namespace tiendo::operations
