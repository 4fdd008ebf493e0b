#!/usr/bin/env python3
"""Prints the command reference (docs/commands.md) from `tiendo --help` of every command, so the two
can never drift apart: a golden test compares this output with the block in docs/commands.md. The
man page and the bash completion come from the same walk of --help.

Usage: command_reference.py TIENDO [--check docs/commands.md | --write docs/commands.md]
"""
import os
import re
import sys

# The walk of --help is shared with the man page and the bash completion (tools/help_walk.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from help_walk import commands, help_text  # noqa: E402,F401  (vietnamese_check.py uses commands)

BEGIN, END = "<!-- command reference: begin -->", "<!-- command reference: end -->"


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
        document = open(sys.argv[sys.argv.index("--check") + 1], encoding="utf-8").read()
        block = document.split(BEGIN, 1)[1].split(END, 1)[0].strip() + "\n"
        if block != text:
            documented = set(re.findall(r"^#### `tiendo ([^`]+)`$", block, re.MULTILINE))
            for command in commands(binary):
                if command not in documented:
                    print(f"the command reference lacks `tiendo {command}`")
            print("the command reference differs from --help; regenerate it with")
            print("  python3 tests/cli/command_reference.py build/tiendo --write docs/commands.md")
            return 1
        print("the command reference matches --help")
        return 0
    if "--write" in sys.argv:
        path = sys.argv[sys.argv.index("--write") + 1]
        document = open(path, encoding="utf-8").read()
        before, rest = document.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        open(path, "w", encoding="utf-8").write(before + BEGIN + "\n" + text + END + after)
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
