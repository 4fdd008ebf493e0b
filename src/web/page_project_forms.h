#pragma once
// The forms that create, change, remove and set the status of a whole project
// (page_project_forms.cpp), and the pieces of them the project pages show: the links to the forms
// for a user who may write, and the line that says a write was saved.
#include <string>

#include "domain/portfolio.h"
#include "web/pages.h"

namespace tiendo::web {

// /projects/new, /projects/CODE/edit, /projects/CODE/delete and /projects/CODE/status, GET and
// POST. Registered before /projects/CODE, whose pattern would take "new" otherwise.
void register_project_form_pages(Router& server, Workspace& workspace,
                                 const ServerOptions& options);

// "Sửa", "Trạng thái", "Xoá" for a user who may write the project; nothing for the others.
std::string project_actions_html(const PageContext& page, const Project& project);
// "Thêm dự án" for a user who may write some project; nothing for the others.
std::string new_project_link_html(const PageContext& page);
// The "đã lưu" (saved) line after a write (?saved=1), or the line naming a project just removed
// (?removed=CODE); nothing otherwise.
std::string saved_notice_html(const PageContext& page);

// The <option>s of a project's technology and province, as the project form offers them (a
// contractor's schedule asks for both too).
std::string project_technology_options(const PageContext& page, const std::string& chosen);
std::string project_province_options(const PageContext& page, const std::string& chosen);

}  // namespace tiendo::web
