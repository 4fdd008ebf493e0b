#pragma once
// Upcoming and overdue milestones as an iCalendar file (RFC 5545), for Outlook or Google
// Calendar: one all-day VEVENT per milestone not yet done that has a date.
#include <iosfwd>
#include <string>
#include <string_view>

#include "domain/portfolio.h"

namespace tiendo::io {

// Every milestone not done with a planned or forecast date: on its forecast when there is one,
// else on its planned date; one whose planned (or forecast) date has passed is marked overdue.
// DTSTAMP is the as-of date, so the same data gives the same file.
void write_ics(std::ostream& out, const Portfolio& portfolio, Date as_of);

// A TEXT value escaped as RFC 5545 3.3.11 asks: backslash, semicolon, comma and newline.
std::string ics_escape(std::string_view text);
// One content line folded at 75 octets (continuations start with a space, never inside a UTF-8
// character), each physical line ending in CRLF.
std::string ics_fold(std::string_view line);

}  // namespace tiendo::io
