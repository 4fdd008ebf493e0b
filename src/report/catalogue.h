#pragma once
// The message catalogue: every message and label a person reads on a page, looked up by its
// English text (gettext's msgid) in po/vi.po, which the build compiles to a .mo and embeds in the
// program (the package installs the same .mo under /usr/share/locale for translators' tools).
// Lookups go through Boost.Locale with a locale object of their own: the process's global locale
// is never touched, so one request in English and another in Vietnamese are answered side by side.
// English is the msgid itself. docs/translating.md says how to add or change a message.
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "report/format.h"

namespace tiendo::report {

// The text of `id` in `language`: the catalogue's Vietnamese, or the id itself (in English, or
// when the catalogue does not hold it). `context` tells apart two Vietnamese texts of one English
// text (gettext's msgctxt); empty for none.
std::string translate(Language language, std::string_view id);
std::string translate_in(Language language, std::string_view context, std::string_view id);
// The same for a label whose id lives as long as the program (a literal, or a key of a table of
// literals): the text stays valid as long as the program runs (each Vietnamese text is kept once),
// so it can be held as a string_view as the labels were before they came from the catalogue.
std::string_view label(Language language, std::string_view id);
std::string_view label_in(Language language, std::string_view context, std::string_view id);
// Labels in one language, for a page drawn before anyone is known (the login form, the pages the
// server answers itself): `text("English")` as PageContext::text.
struct Labels {
  Language language;
  std::string_view text(std::string_view english) const { return label(language, english); }
  std::string_view text_in(std::string_view context, std::string_view english) const {
    return label_in(language, context, english);
  }
  // A pair not yet moved into the catalogue (tools/catalogue.py moves it).
  std::string_view text(std::string_view english, std::string_view vietnamese) const {
    return language == Language::Vietnamese ? vietnamese : english;
  }
};

// Marks a literal as a message id of the catalogue where it is written apart from its lookup (a
// table of labels): tools/catalogue.py checks that it has its Vietnamese.
constexpr std::string_view N_(std::string_view id) { return id; }

// Whether the catalogue holds a Vietnamese text for `id` (in `context`).
bool catalogue_has(std::string_view context, std::string_view id);

// A message in `language`: its id translated and its values in their places. A problem line that
// has no id of its own ("file:3: planned: '2019-13-45': not a date") keeps its place, field and
// value and has its reason translated when the catalogue holds that reason.
std::string words(Language language, const Message& message);
// Every message of an error in `language`, one a line.
std::vector<std::string> error_lines(Language language, const Error& error);
// The same, joined by line ends.
std::string error_text(Language language, const Error& error);

// The compiled catalogue (po/vi.po as a .mo), embedded by the build.
std::string_view embedded_vietnamese_catalogue();

}  // namespace tiendo::report
