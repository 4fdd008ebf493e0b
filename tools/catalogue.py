#!/usr/bin/env python3
"""The message catalogue's keeper: moves English/Vietnamese pairs written in the source into
po/vi.po, and checks that every message the source asks for has its Vietnamese.

    tools/catalogue.py [--source DIR]          extract and rewrite (idempotent; safe to re-run)
    tools/catalogue.py --check [--source DIR]  fail when a message lacks its Vietnamese

Extracting finds, in src/**/*.{cpp,h}:
  * `text("English", "Tiếng Việt")` calls (page.text, labels.text, ...): the pair goes into
    po/vi.po and the call becomes `text("English")`, which looks the Vietnamese up in the
    catalogue;
  * the entries `{"English", "Tiếng Việt"},` of report::wordings (src/report/wording.h): each
    becomes `{"English"},`.
When an English text is already in the catalogue with another Vietnamese, the new pair gets a
context of its own (gettext's msgctxt, named after the file: `page_project`, `wording`) and the call
names it: `text_in("page_project", "English")`, `{"English", {}, Context("wording")}`.

Checking fails (exit 1), naming each, when:
  * a pair is still written in the source (run this script without --check);
  * a message the source uses has no Vietnamese in po/vi.po: ids of `text("...")`,
    `text_in("ctx", "...")`, `say("...", ...)`, `message("...", ...)`, `label(language, "...")`,
    `label_in(language, "ctx", "...")`, `N_("...")` and the entries of report::wordings;
  * an entry's Vietnamese has other {} placeholders than its English;
  * a problem is raised in src/operations/ with a text rather than a message id
    (`throw InvalidInput(fmt::format("..."))` or `throw NotFound("...")`): its words could not
    be looked up, so a Vietnamese page would show the English (raise `message("...", values)`).
docs/translating.md says how to add or change a message.
"""
import argparse
import os
import re
import sys

LITERAL = r'"(?:[^"\\\n]|\\.)*"'
LITERALS = rf'{LITERAL}(?:\s*{LITERAL})*'
# text("English", "Tiếng Việt"): any receiver (page.text, labels.text, a local text).
PAIR_CALL = re.compile(rf'(\btext)\(\s*({LITERALS})\s*,\s*({LITERALS})\s*\)')
# An entry of report::wordings written as a pair.
PAIR_WORDING = re.compile(rf'\{{\s*({LITERALS})\s*,\s*({LITERALS})\s*\}}')
# Ids the source asks the catalogue for.
USES = [
    (re.compile(rf'\b(?:text|say|message|N_)\(\s*({LITERALS})\s*[,)]'), None),
    (re.compile(rf'\btext_in\(\s*({LITERAL})\s*,\s*({LITERALS})\s*\)'), 'context'),
    (re.compile(rf'\blabel\(\s*[^,()]+,\s*({LITERALS})\s*\)'), None),
    (re.compile(rf'\blabel_in\(\s*[^,()]+,\s*({LITERAL})\s*,\s*({LITERALS})\s*\)'), 'context'),
]
# A problem raised in src/operations/ as a formatted or literal text, without a message id.
RAISED_AS_TEXT = re.compile(
    r'\bthrow\s+(?:InvalidInput|NotFound|Conflict|Forbidden|Error)\s*\(\s*'
    rf'(?:fmt::format\s*\(|{LITERAL})')
OPERATIONS = os.path.join('src', 'operations') + os.sep
WORDING_ENTRY = re.compile(
    rf'\{{\s*({LITERALS})\s*(?:,\s*\{{\}}\s*,\s*Context\(\s*({LITERAL})\s*\))?\s*\}}')
WORDINGS_FILE = os.path.join('src', 'report', 'wording.h')
CATALOGUE = os.path.join('po', 'vi.po')


def joined(literals):
    """The text of adjacent C++ literals, with their escapes as written (PO uses the same)."""
    return ''.join(re.findall(r'"((?:[^"\\\n]|\\.)*)"', literals))


def placeholders(text):
    return text.count('{}')


class Entry:
    def __init__(self, context, msgid, msgstr, comments=()):
        self.context, self.msgid, self.msgstr, self.comments = context, msgid, msgstr, list(comments)


class Catalogue:
    """po/vi.po as a list of entries, written back in the same order with new ones at the end."""

    def __init__(self, path):
        self.path = path
        self.header_comments, self.header, self.entries = [], '', []
        text = open(path, encoding='utf-8').read() if os.path.exists(path) else ''
        for block in re.split(r'\n\s*\n', text):
            if not block.strip():
                continue
            comments, fields, current = [], {}, None
            for line in block.splitlines():
                if line.startswith('#'):
                    comments.append(line)
                    continue
                match = re.match(r'(msgctxt|msgid|msgstr)\s+(".*")\s*$', line)
                if match:
                    current = match.group(1)
                    fields[current] = joined(match.group(2))
                elif line.strip().startswith('"') and current:
                    fields[current] += joined(line.strip())
            if 'msgid' not in fields:
                continue
            if fields['msgid'] == '' and 'msgctxt' not in fields:
                self.header_comments, self.header = comments, fields.get('msgstr', '')
                continue
            self.entries.append(Entry(fields.get('msgctxt'), fields['msgid'],
                                      fields.get('msgstr', ''), comments))

    def find(self, context, msgid):
        for entry in self.entries:
            if entry.context == context and entry.msgid == msgid:
                return entry
        return None

    def place(self, msgid, msgstr, wanted_context):
        """The context under which (msgid, msgstr) lives, adding the entry when it is new."""
        plain = self.find(None, msgid)
        if plain is None:
            self.entries.append(Entry(None, msgid, msgstr))
            return None
        if plain.msgstr == msgstr:
            return None
        for entry in self.entries:
            if entry.msgid == msgid and entry.context is not None and entry.msgstr == msgstr:
                return entry.context
        context, number = wanted_context, 1
        while self.find(context, msgid) is not None:
            number += 1
            context = f'{wanted_context}-{number}'
        self.entries.append(Entry(context, msgid, msgstr))
        return context

    def write(self):
        def quoted(text):
            return '"' + text + '"'
        lines = self.header_comments + ['msgid ""', 'msgstr ""']
        lines += [quoted(part) for part in re.findall(r'.*?\\n|.+$', self.header)]
        lines.append('')
        for entry in self.entries:
            lines += entry.comments
            if entry.context is not None:
                lines.append('msgctxt ' + quoted(entry.context))
            lines.append('msgid ' + quoted(entry.msgid))
            lines.append('msgstr ' + quoted(entry.msgstr))
            lines.append('')
        with open(self.path, 'w', encoding='utf-8') as out:
            out.write('\n'.join(lines))


def sources(root):
    found = []
    for folder, _, files in os.walk(os.path.join(root, 'src')):
        for name in files:
            if name.endswith(('.cpp', '.h')):
                found.append(os.path.join(folder, name))
    return sorted(found)


def context_name(path):
    return os.path.splitext(os.path.basename(path))[0]


def wordings_span(text):
    """Where report::wordings' entries are written in wording.h: (start, end)."""
    start = text.find('wordings[] = {')
    if start < 0:
        return None
    end = text.find('\n};', start)
    return start, end


def extract(root):
    catalogue = Catalogue(os.path.join(root, CATALOGUE))
    changed = []
    for path in sources(root):
        text = open(path, encoding='utf-8').read()
        original = text

        def rewrite_call(match):
            english, vietnamese = match.group(2), match.group(3)
            context = catalogue.place(joined(english), joined(vietnamese), context_name(path))
            if context is None:
                return f'{match.group(1)}({english})'
            return f'{match.group(1)}_in("{context}", {english})'
        text = PAIR_CALL.sub(rewrite_call, text)

        if os.path.relpath(path, root) == WORDINGS_FILE and wordings_span(text):
            start, end = wordings_span(text)

            def rewrite_wording(match):
                english, vietnamese = match.group(1), match.group(2)
                context = catalogue.place(joined(english), joined(vietnamese), 'wording')
                if context is None:
                    return '{' + english + '}'
                return '{' + english + ', {}, Context("' + context + '")}'
            text = text[:start] + PAIR_WORDING.sub(rewrite_wording, text[start:end]) + text[end:]
        if text != original:
            with open(path, 'w', encoding='utf-8') as out:
                out.write(text)
            changed.append(os.path.relpath(path, root))
    catalogue.write()
    for path in changed:
        print(f'rewrote {path}')
    return 0


def check(root):
    catalogue = Catalogue(os.path.join(root, CATALOGUE))
    problems = []
    used = {}
    for path in sources(root):
        text = open(path, encoding='utf-8').read()
        # Comments name calls as examples: they are blanked (lines kept, so places stay right).
        text = re.sub(r'(?m)^[ \t]*//.*$', '', text)
        shown = os.path.relpath(path, root)
        for match in PAIR_CALL.finditer(text):
            line = text.count('\n', 0, match.start()) + 1
            problems.append(f'{shown}:{line}: a pair written in the source; run tools/catalogue.py')
        if shown.startswith(OPERATIONS):
            for match in RAISED_AS_TEXT.finditer(text):
                line = text.count('\n', 0, match.start()) + 1
                problems.append(f'{shown}:{line}: a problem raised as text, without a message '
                                'id: raise message("...", values) so each face words it')
        # A pair's English is not looked up until it is moved: it is reported above.
        unpaired = PAIR_CALL.sub(lambda match: ' ' * len(match.group(0)), text)
        for pattern, kind in USES:
            for match in pattern.finditer(unpaired):
                line = text.count('\n', 0, match.start()) + 1
                if kind == 'context':
                    key = (joined(match.group(1)), joined(match.group(2)))
                else:
                    key = (None, joined(match.group(1)))
                used.setdefault(key, f'{shown}:{line}')
        if shown == WORDINGS_FILE and wordings_span(text):
            start, end = wordings_span(text)
            body = text[start:end]
            for match in PAIR_WORDING.finditer(body):
                line = text.count('\n', 0, start + match.start()) + 1
                problems.append(f'{shown}:{line}: a pair written in the source; '
                                'run tools/catalogue.py')
            for match in WORDING_ENTRY.finditer(body):
                line = text.count('\n', 0, start + match.start()) + 1
                context = joined(match.group(2)) if match.group(2) else None
                used.setdefault((context, joined(match.group(1))), f'{shown}:{line}')
    for (context, msgid), where in sorted(used.items(), key=lambda item: item[1]):
        entry = catalogue.find(context, msgid)
        if entry is None or not entry.msgstr:
            named = f' (context {context})' if context else ''
            problems.append(f'{where}: "{msgid}"{named} has no Vietnamese in {CATALOGUE}')
    for entry in catalogue.entries:
        if entry.msgstr and placeholders(entry.msgid) != placeholders(entry.msgstr):
            problems.append(f'{CATALOGUE}: "{entry.msgid}": the Vietnamese has '
                            f'{placeholders(entry.msgstr)} {{}} placeholders, the English '
                            f'{placeholders(entry.msgid)}')
    for problem in problems:
        print(problem)
    print(f'{len(used)} messages used, {len(catalogue.entries)} in {CATALOGUE}, '
          f'{len(problems)} problems')
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--source', default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    arguments = parser.parse_args()
    return check(arguments.source) if arguments.check else extract(arguments.source)


if __name__ == '__main__':
    sys.exit(main())
