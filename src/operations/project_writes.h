#pragma once
// The writes of a whole project that the web workspace added to the command line's: a project's
// version (what an edit form or an If-Match was made against), its removal, and the milestone
// templates a new project may take. Adding and changing a project's fields is edit_project
// (operations/edits.h), which the command line, the forms and the API all call.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/error.h"
#include "io/templates.h"
#include "store/database.h"

namespace tiendo::operations {

// The version of a project: the id of its latest change-log row of its own (entity
// "project:CODE": its fields, its creation, its status events), 0 before any. Read in the edit's
// own transaction when checked, so no write can come in between.
std::int64_t project_version(store::Database& database, const std::string& code);

// Throws VersionConflict, naming who changed the project and when, unless its version is
// `expected`.
void check_project_version(store::Database& database, const std::string& code,
                           std::int64_t expected);

// A removal refused because other projects link to the project (HTTP 409, exit 4): each names the
// other project and how ("LS-A:cod -> X:construction_start", or that it names X as its parent),
// so a page can word the refusal in its own language.
class StillLinked : public Conflict {
 public:
  struct Link {
    std::string project;  // The other project's code.
    std::string how;      // "A:cod -> X:start", or empty: it names the project as its parent.
  };
  StillLinked(std::string message, std::string code, std::vector<Link> links)
      : Conflict(std::move(message)), m_code(std::move(code)), m_links(std::move(links)) {}
  const std::string& code() const { return m_code; }
  const std::vector<Link>& links() const { return m_links; }

 private:
  std::string m_code;
  std::vector<Link> m_links;
};

// Removes a project entered by mistake, with its milestones, the links between them and its
// status events; the change log keeps every removed row with its values, the context's reason
// (required: InvalidInput naming `reason` when empty) on each. Refused, nothing written, while
// another project links to it (a dependency either way, or a child naming it as parent:
// StillLinked), when the account may not write it or the parent it leaves (OutOfScope), or when
// `expected_version` is given and the project changed since (VersionConflict).
store::RemovedProject remove_project(store::Database& database, const store::ChangeContext& context,
                                     const std::string& code, const Account* account = nullptr,
                                     std::optional<std::int64_t> expected_version = std::nullopt);

// The milestone templates of a file (fixtures/templates.csv); problems name the file and row.
std::vector<io::TemplateStep> read_templates(const std::string& path);

// The technologies and groups a template covers, sorted ("grid", "hydro", "solar", "wind").
std::vector<std::string> template_technologies(const std::vector<io::TemplateStep>& steps);

}  // namespace tiendo::operations
