#!/usr/bin/env python3
"""Prints the README's command reference from `tiendo --help` of every command, so the two can
never drift apart: a golden test compares this output with the block in README.md.

Usage: command_reference.py TIENDO [--check README.md | --write README.md]
"""
import re
import subprocess
import sys

BEGIN, END = "<!-- command reference: begin -->", "<!-- command reference: end -->"


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


def reference(binary):
    lines = ["```", help_text(binary, []).rstrip(), "```", ""]
    for command in commands(binary):
        text = help_text(binary, command.split())
        description = text.splitlines()[0]
        usage = next(line for line in text.splitlines() if line.startswith("Usage:"))
        body = []
        keep = False
        for line in text.splitlines():
            if line.startswith(("Positionals:", "Options:")):
                keep = True
            if keep and "-h,--help" not in line:
                body.append(line)
        while body and not body[-1].strip():
            body.pop()
        lines.append(f"#### `tiendo {command}`")
        lines.append(description)
        lines.append("```")
        lines.append(usage.replace("Usage: tiendo", "tiendo"))
        lines.extend(line for line in body if line.strip() not in ("Options:",) or True)
        lines.append("```")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main():
    binary = sys.argv[1]
    text = reference(binary)
    if "--check" in sys.argv:
        readme = open(sys.argv[sys.argv.index("--check") + 1], encoding="utf-8").read()
        block = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip() + "\n"
        if block != text:
            documented = set(re.findall(r"^#### `tiendo ([^`]+)`$", block, re.MULTILINE))
            for command in commands(binary):
                if command not in documented:
                    print(f"README command reference lacks `tiendo {command}`")
            print("README command reference differs from --help; regenerate it with")
            print("  python3 tests/cli/command_reference.py build/tiendo --write README.md")
            return 1
        print("README command reference matches --help")
        return 0
    if "--write" in sys.argv:
        path = sys.argv[sys.argv.index("--write") + 1]
        readme = open(path, encoding="utf-8").read()
        before, rest = readme.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        open(path, "w", encoding="utf-8").write(before + BEGIN + "\n" + text + END + after)
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
