#pragma once
// Which of the portfolio's three tables an export writes (`export --what`).

namespace tiendo::io {

struct TableSelection {
  bool projects = true;
  bool milestones = true;
  bool dependencies = true;
};

}  // namespace tiendo::io
