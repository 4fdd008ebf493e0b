#include "report/catalogue.h"

#include <algorithm>
#include <boost/locale/gnu_gettext.hpp>
#include <boost/locale/message.hpp>

#include <locale>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace tiendo::report {
namespace {

// The locale that holds the Vietnamese catalogue, made once. Boost.Locale asks the callback for
// the file it would read from disk; the callback hands it the embedded bytes instead, so the
// program needs no installed file and no locale of the system (vi_VN need not be generated).
const std::locale& vietnamese_locale() {
  static const std::locale locale = [] {
    namespace gettext = boost::locale::gnu_gettext;
    gettext::messages_info info;
    info.language = "vi";
    info.country = "VN";
    info.encoding = "UTF-8";
    info.paths.push_back("embedded");
    info.domains.push_back(gettext::messages_info::domain("tiendo"));
    info.callback = [](const std::string& file_name, const std::string&) {
      std::vector<char> bytes;
      if (file_name.ends_with("/vi/LC_MESSAGES/tiendo.mo")) {
        auto catalogue = embedded_vietnamese_catalogue();
        bytes.assign(catalogue.begin(), catalogue.end());
      }
      return bytes;
    };
    return std::locale(std::locale::classic(), gettext::create_messages_facet<char>(info));
  }();
  return locale;
}

// The Vietnamese of `id`, or nothing when the catalogue does not hold it. Boost.Locale answers
// an unknown id with the id itself, which is how it is told apart (a Vietnamese text equal to its
// English, such as "MW", is found as well: it is the same text either way).
std::string lookup(std::string_view context, std::string_view id) {
  const auto& facet = std::use_facet<boost::locale::message_format<char>>(vietnamese_locale());
  std::string key(id);
  const char* found =
      context.empty() ? facet.get(0, nullptr, key.c_str())
                      : facet.get(0, std::string(context).c_str(), key.c_str());
  return found ? std::string(found) : key;
}

bool is_field_character(char character) {
  return (character >= 'A' && character <= 'Z') || (character >= 'a' && character <= 'z') ||
         (character >= '0' && character <= '9') || character == '_' || character == '-';
}

}  // namespace

std::string_view label(Language language, std::string_view id) {
  return label_in(language, "", id);
}

std::string_view label_in(Language language, std::string_view context, std::string_view id) {
  if (language != Language::Vietnamese)
    return id;
  // Labels are looked up on every page many times: each is translated once and kept. Only ids
  // the catalogue holds are kept, so the map is never larger than the catalogue.
  static std::shared_mutex mutex;
  static std::unordered_map<std::string, std::string> kept;
  std::string key = std::string(context) + '\x04' + std::string(id);
  {
    std::shared_lock lock(mutex);
    if (auto found = kept.find(key); found != kept.end())
      return found->second;
  }
  if (!catalogue_has(context, id))
    return id;
  std::string text = lookup(context, id);
  std::unique_lock lock(mutex);
  // References to the values of an unordered_map stay valid as it grows.
  return kept.try_emplace(std::move(key), std::move(text)).first->second;
}

std::string translate(Language language, std::string_view id) {
  return translate_in(language, "", id);
}

std::string translate_in(Language language, std::string_view context, std::string_view id) {
  if (language != Language::Vietnamese)
    return std::string(id);
  return lookup(context, id);
}

bool catalogue_has(std::string_view context, std::string_view id) {
  const auto& facet = std::use_facet<boost::locale::message_format<char>>(vietnamese_locale());
  std::string key(id);
  return (context.empty() ? facet.get(0, nullptr, key.c_str())
                          : facet.get(0, std::string(context).c_str(), key.c_str())) != nullptr;
}

namespace {

// A message's text without the command line's option marks: "--reason: 'x': ..." reads
// "reason: 'x': ...", "at least one --province" "at least one province". Messages raised below
// the faces name a field by its option where the command line is the usual caller; a web user
// never meets an option.
std::string without_options(std::string text) {
  std::string result;
  result.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool starts_word = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(';
    if (starts_word && text.compare(i, 2, "--") == 0 && i + 2 < text.size() &&
        text[i + 2] >= 'a' && text[i + 2] <= 'z') {
      ++i;  // Both dashes are left out.
      continue;
    }
    result += text[i];
  }
  return result;
}

std::string words_as_written(Language language, const Message& message);

// A message that begins with the field it is about, named as a request, a form or a CSV names it
// ("as_of: 'x': not a date", "slip: '0': not a count ..."), begins on a Vietnamese page with that
// field's label from the catalogue (context "field"): a reader never meets a parameter's code.
// Messages with an id of their own already say the field in their translation.
std::string with_field_label(Language language, std::string text) {
  if (language != Language::Vietnamese)
    return text;
  auto colon = text.find(": ");
  if (colon == std::string::npos || colon == 0 || colon > 40)
    return text;
  std::string_view field(text.data(), colon);
  for (char character : field)
    if (!is_field_character(character))
      return text;
  if (!catalogue_has("field", field))
    return text;
  return lookup("field", field) + text.substr(colon);
}

}  // namespace

std::string words(Language language, const Message& message) {
  return with_field_label(language, without_options(words_as_written(language, message)));
}

namespace {

std::string words_as_written(Language language, const Message& message) {
  if (language != Language::Vietnamese)
    return message.values.empty() && message.command_line_id.empty()
               ? message.id
               : Message::fill(message.id, message.values);
  // A value that is a message of its own ("table TASK row 12") is worded in the language too;
  // counts are grouped as Vietnamese groups them ("36.500"); a typed value stays as typed.
  std::vector<std::string> values = message.values;
  for (std::size_t i = 0; i < message.value_messages.size() && i < values.size(); ++i)
    if (!message.value_messages[i].id.empty())
      values[i] = words_as_written(language, message.value_messages[i]);
  for (auto index : message.counts)
    if (index < values.size())
      std::replace(values[index].begin(), values[index].end(), ',', '.');
  for (auto index : message.days)
    if (index < values.size() && values[index].size() == 10 && values[index][4] == '-' &&
        values[index][7] == '-') {
      const std::string& iso = values[index];
      values[index] = iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    }
  if (catalogue_has("", message.id))
    return Message::fill(lookup("", message.id), values);
  if (!values.empty())
    return Message::fill(message.id, values);
  // A line with no id of its own: "[place: ]field: 'value': reason". The place, the field and
  // the value stay as they are; the reason is translated when the catalogue holds it.
  std::string_view line = message.id;
  auto value_end = line.rfind("': ");
  if (value_end != std::string_view::npos) {
    std::string_view reason = line.substr(value_end + 3);
    if (catalogue_has("", reason))
      return std::string(line.substr(0, value_end + 3)) + lookup("", reason);
  }
  // "[place: ]field: reason" (no value), such as "password: shorter than 12 characters".
  auto colon = line.rfind(": ");
  if (colon != std::string_view::npos && colon > 0 && is_field_character(line[colon - 1])) {
    std::string_view reason = line.substr(colon + 2);
    if (catalogue_has("", reason))
      return std::string(line.substr(0, colon + 2)) + lookup("", reason);
  }
  return message.id;
}

}  // namespace

std::vector<std::string> error_lines(Language language, const Error& error) {
  std::vector<std::string> lines;
  for (const auto& message : error.messages())
    lines.push_back(words(language, message));
  return lines;
}

std::string error_text(Language language, const Error& error) {
  std::string text;
  for (const auto& line : error_lines(language, error)) {
    if (!text.empty())
      text += '\n';
    text += line;
  }
  return text;
}

}  // namespace tiendo::report
