#!/usr/bin/env python3
"""tools/catalogue.py --check fails when a message the source raises could not be shown in
Vietnamese: a message id with no msgstr in po/vi.po, or a problem raised in src/operations/ as a
text rather than a message id. Run on a small source tree of its own; the real tree's check is the
ctest catalogue.complete."""
import os
import subprocess
import sys
import tempfile

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools', 'catalogue.py')

CATALOGUE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "project '{}' not found"
msgstr "không tìm thấy dự án '{}'"

msgid "untranslated '{}'"
msgstr ""
'''


def check(source):
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, 'po'))
        os.makedirs(os.path.join(root, 'src', 'operations'))
        with open(os.path.join(root, 'po', 'vi.po'), 'w', encoding='utf-8') as out:
            out.write(CATALOGUE)
        with open(os.path.join(root, 'src', 'operations', 'thing.cpp'), 'w',
                  encoding='utf-8') as out:
            out.write(source)
        done = subprocess.run([sys.executable, TOOL, '--check', '--source', root],
                              capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout


def main():
    failures = []

    def expect(name, source, code, *lines):
        returned, output = check(source)
        if returned != code:
            failures.append(f'{name}: exit {returned}, expected {code}\n{output}')
        for line in lines:
            if line not in output:
                failures.append(f'{name}: no line with "{line}" in\n{output}')

    expect('translated', 'void f() {\n  throw NotFound(message("project \'{}\' not found", c));\n}\n',
           0, '0 problems')
    expect('id without Vietnamese',
           'void f() {\n  throw NotFound(message("no such thing \'{}\'", c));\n}\n', 1,
           'thing.cpp:2: "no such thing \'{}\'" has no Vietnamese')
    expect('id with an empty msgstr',
           'void f() {\n  throw InvalidInput(message("untranslated \'{}\'", c));\n}\n', 1,
           'thing.cpp:2: "untranslated \'{}\'" has no Vietnamese')
    expect('formatted text',
           '// A comment\n// on two lines.\nvoid f() {\n'
           '  throw InvalidInput(fmt::format("project \'{}\' not found", c));\n}\n', 1,
           'thing.cpp:4: a problem raised as text')
    expect('literal text', 'void f() {\n  throw Conflict(\n      "taken");\n}\n', 1,
           'thing.cpp:2: a problem raised as text')
    for failure in failures:
        print(failure)
    print("5 checks as expected" if not failures else "FAILED")
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
