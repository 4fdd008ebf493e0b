// The pages that say something went wrong: an error inside the workspace (a form's bad input, a
// refusal, a record changed meanwhile) in the frame of every page, and the answers the server
// gives before any page runs (an unknown path, a method the path does not take, a body over the
// limit, an internal error) as a page of their own in the workspace's style. Every one is in the
// request's language, its messages from the catalogue (report/catalogue.h), with a link back;
// only /api/ answers JSON.
#include <fmt/format.h>

#include "report/catalogue.h"
#include "web/pages.h"

namespace tiendo::web {

std::string_view status_title(report::Language language, int status) {
  switch (status) {
    case 400:
      return report::label(language, "Bad input");
    case 401:
      return report::label(language, "Not logged in");
    case 403:
      return report::label(language, "Not allowed");
    case 404:
      return report::label(language, "Not found");
    case 405:
      return report::label(language, "Not possible here");
    case 409:
      return report::label(language, "Changed meanwhile");
    case 411:
    case 415:
      return report::label(language, "Request not understood");
    case 408:
      return report::label(language, "Request too slow");
    case 413:
      return report::label(language, "Too large");
    case 429:
      return report::label(language, "Server busy");
    case 503:
      return report::label(language, "Database unavailable");
    default:
      return report::label(language, "Error");
  }
}

namespace {

// The lines of an error as a paragraph, or a list when there are several.
std::string lines_html(const std::vector<std::string>& lines) {
  if (lines.size() == 1)
    return fmt::format(R"(<p class="error" role="alert">{}</p>)", report::html_escape(lines[0]));
  std::string items;
  for (const auto& line : lines)
    items += fmt::format("<li>{}</li>", report::html_escape(line));
  return fmt::format(R"(<div class="error" role="alert"><ul>{}</ul></div>)", items);
}

// What a status says when nothing more precise is known.
std::string_view status_message(int status) {
  switch (status) {
    case 401:
      return report::N_("Log in to see this page.");
    case 403:
      return report::N_("Your account may not do this; nothing was changed.");
    case 404:
      return report::N_("There is no page at this address.");
    case 405:
      return report::N_("This address does not take this kind of request; nothing was changed.");
    case 413:
      return report::N_("What was sent is larger than the server takes; nothing was changed.");
    case 429:
      return report::N_("The server is busy. Try again in a moment.");
    case 500:
      return report::N_("Internal error; the server's log says more.");
    default:
      return report::N_("The request could not be answered; nothing was changed.");
  }
}

}  // namespace

void send_error_page(const PageContext& page, int status, const std::vector<std::string>& lines) {
  send_html(page.response, status,
            page_frame(page, status_title(page.language, status), "",
                       fmt::format(R"({}<p><a href="{}">{}</a></p>)", lines_html(lines),
                                   page.link("/"),
                                   report::label(page.language, "Back to the dashboard"))));
}

void send_error_page(const PageContext& page, int status, const std::string& message) {
  send_error_page(page, status, std::vector<std::string>{message});
}

void send_error_page(const PageContext& page, int status, const Error& error) {
  if (status == 500) {
    send_error_page(page, 500, std::string(report::label(page.language, status_message(500))));
    return;
  }
  send_error_page(page, status, report::error_lines(page.language, error));
}

void send_conflict_page(const PageContext& page, const VersionConflict& conflict,
                        const std::string& reload_path, const std::string& back_path) {
  std::string who = conflict.changed_by().empty() ? std::string(report::label(page.language, "another user"))
                                                  : conflict.changed_by();
  std::string said =
      conflict.changed_at().empty()
          ? report::words(page.language,
                          message("This was changed by {} after you opened the form; nothing was "
                                  "written.",
                                  who))
          : report::words(page.language,
                          message("This was changed by {} at {} after you opened the form; "
                                  "nothing was written.",
                                  who, report::format_moment(conflict.changed_at(), page.language)));
  std::string html = fmt::format(
      R"(<p class="error" role="alert">{}</p><p>{}</p>)"
      R"(<p><a class="button" href="{}">{}</a> <a href="{}">{}</a></p>)",
      report::html_escape(said),
      report::label(page.language,
                    "Reload the form to see their change, then enter yours again."),
      page.link(reload_path), report::label(page.language, "Reload the form"),
      page.link(back_path.empty() ? "/" : back_path),
      back_path.empty() ? report::label(page.language, "Back to the dashboard")
                        : report::label(page.language, "Back"));
  send_html(page.response, 409,
            page_frame(page, status_title(page.language, 409), "", html));
}

void send_status_page(const httplib::Request& request, httplib::Response& response, int status,
                      const Message& what) {
  auto language = language_of(request);
  bool vietnamese = language == report::Language::Vietnamese;
  std::string text = what.id.empty() ? std::string(report::label(language, status_message(status)))
                                     : report::words(language, what);
  std::string_view title = status_title(language, status);
  send_html(response, status,
            html_document(vietnamese, title, "", "login",
                          fmt::format(R"(<main>
<h1>tiendo</h1>
<h2>{title}</h2>
<p class="error" role="alert">{message}</p>
<p><a href="{home}">{back}</a></p>
</main>
)",
                                      fmt::arg("title", report::html_escape(title)),
                                      fmt::arg("message", report::html_escape(text)),
                                      fmt::arg("home", vietnamese ? "/" : "/?lang=en"),
                                      fmt::arg("back", report::label(language, "Back to the dashboard")))));
}

void send_status_page(const httplib::Request& request, httplib::Response& response, int status) {
  send_status_page(request, response, status, Message{});
}

}  // namespace tiendo::web
