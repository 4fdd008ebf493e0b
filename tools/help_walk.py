#!/usr/bin/env python3
"""Every command of tiendo with its options, read from `tiendo --help` and the --help of each
subcommand. The command reference in docs/commands.md (tests/cli/command_reference.py), the man
page and the bash completion (tools/man_page.py, tools/bash_completion.py) are all made from this
one walk, so none of them can name a command or an option the program does not have, or miss one
it has.
"""
import re
import subprocess
from dataclasses import dataclass, field


def help_text(binary, words):
    return subprocess.run([binary, *words, "--help"], stdout=subprocess.PIPE, check=True,
                          text=True).stdout


def subcommands(text):
    """The names in the "Subcommands:" section of a --help text, in their order."""
    names, inside = [], False
    for line in text.splitlines():
        if line.startswith("Subcommands:"):
            inside = True
        elif inside and line.startswith("  ") and not line.startswith("   "):
            names.append(line.split()[0])
        elif inside and line.strip():
            inside = False
    return names


def commands(binary, words=()):
    """Every command that does something, found by walking --help from the top, so a command added
    to the program (or one left out of a list, as `report` once was) cannot be missing here."""
    found = []
    for name in subcommands(help_text(binary, list(words))):
        path = [*words, name]
        below = commands(binary, path)
        found.extend(below if below else [" ".join(path)])
    return found


def command_groups(binary, words=()):
    """Every command that has subcommands of its own ("" for the program), each with their names:
    what a shell offers after it."""
    names = subcommands(help_text(binary, list(words)))
    if not names:
        return {}
    groups = {" ".join(words): names}
    for name in names:
        groups.update(command_groups(binary, [*words, name]))
    return groups


@dataclass
class Entry:
    """One line of a Positionals: or Options: section."""
    names: list            # ["-h", "--help"], or ["CODE"] for a positional
    value: str = ""        # TEXT, UINT, ... when it takes a value; "" for a flag
    choices: list = field(default_factory=list)  # the values CLI11 accepts, when it lists them
    required: bool = False
    repeated: bool = False  # "TEXT ...": may be given many times
    description: str = ""

    @property
    def positional(self):
        return not self.names[0].startswith("-")


@dataclass
class Command:
    path: str              # "project add"; "" for the program itself
    description: str
    usage: str             # "tiendo project add [OPTIONS] CODE"
    positionals: list
    options: list


SPEC = re.compile(r"^  (\S.*?)(?:\s{2,}(\S.*))?$")


def parse_entry(spec, description):
    words = spec.split()
    entry = Entry(names=words[0].split(","), description=description)
    for word in words[1:]:
        if word == "REQUIRED":
            entry.required = True
        elif word == "...":
            entry.repeated = True
        elif re.match(r"^[A-Z][A-Z0-9_]*(:|$)", word) and not entry.value:
            entry.value, _, rest = word.partition(":")
            if rest.startswith("{") and rest.endswith("}"):
                entry.choices = rest[1:-1].split(",")
    return entry


def parse(path, text):
    """A --help text as its description, usage line and entries."""
    lines = text.splitlines()
    usage = next(line for line in lines if line.startswith("Usage:"))
    sections = {"Positionals:": [], "Options:": []}
    current = None
    for line in lines:
        if line in sections:
            current = sections[line]
        elif not line.startswith(" "):
            current = None
        elif current is not None and line.startswith(" " * 30) and current:
            # A description too long for the first line goes on the next one.
            entry = current[-1]
            entry.description = (entry.description + " " + line.strip()).strip()
        elif current is not None and line.strip():
            match = SPEC.match(line)
            current.append(parse_entry(match.group(1), match.group(2) or ""))
    return Command(path=path, description=lines[0], usage=usage.replace("Usage: ", "", 1),
                   positionals=sections["Positionals:"], options=sections["Options:"])


def program(binary):
    """The program's own --help (its global options and the list of commands)."""
    return parse("", help_text(binary, []))


def all_commands(binary):
    """Every command that does something, parsed, in the order of the program's help."""
    return [parse(path, help_text(binary, path.split())) for path in commands(binary)]


def version(binary):
    return subprocess.run([binary, "--version"], stdout=subprocess.PIPE, check=True,
                          text=True).stdout.strip()


def main():
    import argparse
    import gzip
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bash_completion
    import man_page

    parser = argparse.ArgumentParser(description="Write the man page and the bash completion "
                                                 "of tiendo from its --help.")
    parser.add_argument("binary")
    parser.add_argument("--man-page", help="where to write tiendo.1 (gzipped if it ends in .gz)")
    parser.add_argument("--bash-completion", help="where to write the completion script")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    top = program(binary)
    every = all_commands(binary)
    if arguments.man_page:
        text = man_page.page(top, every, version(binary)).encode("ascii")
        if arguments.man_page.endswith(".gz"):
            # No name and no time in the header, so the same page gives the same bytes.
            with open(arguments.man_page, "wb") as raw, \
                    gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9,
                                  mtime=0) as packed:
                packed.write(text)
        else:
            with open(arguments.man_page, "wb") as handle:
                handle.write(text)
    if arguments.bash_completion:
        with open(arguments.bash_completion, "w", encoding="utf-8") as handle:
            handle.write(bash_completion.script(top, every, command_groups(binary)))


if __name__ == "__main__":
    main()
