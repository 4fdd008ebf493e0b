"""The manual page tiendo(1), written from the walk of --help (help_walk.py): every command with
its usage, arguments and options as the program states them, and around them the few things
--help does not say (environment, files, exit status)."""
import re

ENVIRONMENT = [
    ("TIENDO_DB", "the database file when --db is not given (else ./tiendo.db)."),
    ("TIENDO_FIXTURES", "a folder holding seed/ and templates.csv, read by demo, generate and "
                        "project add --template before the installed copy in share/tiendo."),
    ("USER", "who makes a change, for the change log, when --actor is not given."),
    ("NO_COLOR", "when set to anything, the progress line on a terminal has no colour."),
]
FILES = [
    ("PREFIX/share/tiendo/seed/", "the seed portfolio that demo imports."),
    ("PREFIX/share/tiendo/templates.csv", "milestone templates per technology."),
    ("/etc/tiendo/tiendo.conf", "the settings of the tiendo service (the Debian package): "
                                "listen address, database, further options of serve."),
    ("/var/lib/tiendo/tiendo.db", "the service's database (the Debian package)."),
]
EXIT_STATUS = [
    ("0", "done."),
    ("1", "alerts --fail-on matched."),
    ("2", "bad input: one line per problem, file:row: field: 'value': reason; nothing written."),
    ("3", "not found."),
    ("4", "conflict (a key that exists, a database from a newer tiendo)."),
    ("5", "internal error."),
]


def roff(text):
    """Text as roff shows it literally: backslashes and hyphens escaped (a plain hyphen may be
    shown as a typographic one, which cannot be typed back as an option), anything beyond ASCII
    as a named code point, and no line taken for a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    text = "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in text)
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.MULTILINE)


def entry_lines(entry):
    names = ", ".join(f"\\fB{roff(name)}\\fR" for name in entry.names)
    if entry.positional:
        names = f"\\fI{roff(entry.names[0])}\\fR"
    value = ""
    if entry.choices:
        value = " {" + roff("|".join(entry.choices)) + "}"
    elif entry.value and not entry.positional:
        value = f" \\fI{roff(entry.value)}\\fR"
    notes = []
    if entry.required:
        notes.append("required")
    if entry.repeated:
        notes.append("may be repeated")
    suffix = f" ({', '.join(notes)})" if notes else ""
    return [".TP", names + value + suffix, roff(entry.description)]


def page(program, commands, version):
    name, _, summary = program.description.partition(" — ")
    lines = [
        f'.TH TIENDO 1 "" "{roff(version)}" "User Commands"',
        # Ragged right and no hyphenation: option names and commands stay whole, as typed.
        ".nh",
        ".ad l",
        ".SH NAME",
        f"{roff(name)} \\- {roff(summary)}",
        ".SH SYNOPSIS",
        f".B {roff(name)}",
        "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]",
        ".SH DESCRIPTION",
        f"{roff(name)} records energy projects, their milestones and the dependencies between "
        "them in one SQLite database, schedules them by the critical path method and reports the "
        "pipeline, delay alerts and their causes, in English or Vietnamese "
        "(\\fB\\-\\-lang vi\\fR).",
        "Global options may be given before or after the command name.",
        ".SH OPTIONS",
    ]
    for entry in program.options:
        lines.extend(entry_lines(entry))
    lines.append(".SH COMMANDS")
    for command in commands:
        lines.append(f'.SS "{roff("tiendo " + command.path)}"')
        lines.append(roff(command.description))
        lines.append(".PP")
        lines.append(f"\\fB{roff(command.usage)}\\fR")
        for entry in command.positionals + command.options:
            if "--help" in entry.names:
                continue
            lines.extend(entry_lines(entry))
    for title, entries in (("ENVIRONMENT", ENVIRONMENT), ("FILES", FILES),
                           ("EXIT STATUS", EXIT_STATUS)):
        lines.append(f".SH {title}")
        for key, text in entries:
            lines.extend([".TP", f"\\fB{roff(key)}\\fR", roff(text)])
    lines.extend([
        ".SH SEE ALSO",
        "The README and docs/ of the source tree: concepts, formats, the web workspace, the service.",
    ])
    return "\n".join(lines) + "\n"
