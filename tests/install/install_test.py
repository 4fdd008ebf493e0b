#!/usr/bin/env python3
"""`make install DESTDIR=...` as a newcomer would use it: the installed tiendo runs the demo from a
folder far from the source tree, its man page renders and names every command --help lists, and
its bash completion offers the commands, options and values.

Usage: install_test.py BUILD_DIR
`make install` runs `cmake --install BUILD --prefix PREFIX` with DESTDIR in the environment; this
test runs the same, so that it does not rebuild or reconfigure the build it checks.
"""
import gzip
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import help_walk  # noqa: E402

PREFIX = "/usr/local"
failures = []


def check(condition, message):
    print(("ok: " if condition else "FAILED: ") + message)
    if not condition:
        failures.append(message)


def run(command, **options):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          **options)


def completions(script, words, folder=None):
    """What the completion offers for the words typed so far (the last one being completed), in
    `folder` for file names."""
    program = (f"source {shlex.quote(script)}; COMP_WORDS=({' '.join(map(shlex.quote, words))}); "
               f"COMP_CWORD={len(words) - 1}; _tiendo; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    result = run(["bash", "--norc", "--noprofile", "-c", program], cwd=folder)
    return [line for line in result.stdout.splitlines() if line]


def systemd_words(line, environment):
    """A unit's command line as systemd makes it an argument list (systemd.service(5), "Command
    lines"): words split at spaces outside quotes, then "${NAME}" replaced by the value whole,
    anywhere in a word, and a word that is only $NAME by the value split at whitespace."""
    words = []
    for word in shlex.split(line):
        whole = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", word)
        if whole:
            words.extend(environment.get(whole.group(1), "").split())
            continue
        words.append(re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}",
                            lambda match: environment.get(match.group(1), ""), word))
    return words


def check_service(build, binary, work):
    """The settings file documents both kinds of database, and the unit hands TIENDO_DB to
    tiendo as one argument, unchanged, whatever it holds; its writable folder does not hang on
    the setting."""
    root = os.path.join(work, "service-root")
    installed = run(["cmake", "--install", build, "--component", "service", "--prefix", "/usr"],
                    env=dict(os.environ, DESTDIR=root))
    check(installed.returncode == 0, "cmake --install --component service " +
          (installed.stderr.strip() or "succeeds"))
    with open(os.path.join(root, "etc/tiendo/tiendo.conf"), encoding="utf-8") as handle:
        settings = handle.read()
    with open(os.path.join(root, "lib/systemd/system/tiendo.service"), encoding="utf-8") as handle:
        unit = handle.read()
    check(re.search(r"^TIENDO_DB=/var/lib/tiendo/\S+\.db$", settings, re.MULTILINE) is not None and
          "SQLite" in settings and
          re.search(r"postgresql://user@host:port/db", settings) is not None and
          re.search(r"TIENDO_DB=postgresql://\S+@\S+:\d+/\S+", settings) is not None,
          "tiendo.conf documents TIENDO_DB as a SQLite path or a postgresql://user@host:port/db URI")
    commands = {key: value for key, value in
                re.findall(r"^(ExecStartPre|ExecStart)=(.*)$", unit, re.MULTILINE)}
    values = ["/var/lib/tiendo/sở kế hoạch.db",
              "postgresql://tiendo@db.example.vn:5432/tiendo?sslmode=require&application_name=x"]
    for key in ("ExecStartPre", "ExecStart"):
        for value in values:
            words = systemd_words(commands.get(key, ""),
                                  {"TIENDO_DB": value, "TIENDO_LISTEN": "127.0.0.1:8080",
                                   "TIENDO_SERVE_OPTIONS": "--max-body 1000"})
            passed = any(words[i:i + 2] == ["--db", value] for i in range(len(words))) or \
                f"--db={value}" in words
            check(passed and words[0] == "/usr/bin/tiendo",
                  f"{key} passes TIENDO_DB={value!r} to tiendo --db unchanged ({words})")
    # The start command run as systemd would run it, on a database path with spaces in it.
    folder = os.path.join(work, "state folder")
    os.mkdir(folder)
    database = os.path.join(folder, "sở kế hoạch.db")
    words = systemd_words(commands.get("ExecStartPre", ""), {"TIENDO_DB": database})
    started = run([binary] + words[1:], cwd=folder,
                  env={key: value for key, value in os.environ.items() if key != "TIENDO_DB"})
    check(started.returncode == 0 and os.path.isfile(database),
          f"ExecStartPre creates the database named in TIENDO_DB ({started.stderr.strip()})")
    writable = re.findall(r"^ReadWritePaths=(.*)$", unit, re.MULTILINE)
    check(writable == ["/var/lib/tiendo"],
          f"ReadWritePaths is the state folder alone, not taken from TIENDO_DB ({writable})")


def main():
    build = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="tiendo-install-") as work:
        root = os.path.join(work, "root")
        installed = run(["cmake", "--install", build, "--prefix", PREFIX],
                        env=dict(os.environ, DESTDIR=root))
        check(installed.returncode == 0, "cmake --install with DESTDIR " +
              (installed.stderr.strip() or "succeeds"))
        prefix = root + PREFIX
        binary = os.path.join(prefix, "bin", "tiendo")
        page = os.path.join(prefix, "share", "man", "man1", "tiendo.1.gz")
        completion = os.path.join(prefix, "share", "bash-completion", "completions", "tiendo")
        data = os.path.join(prefix, "share", "tiendo")
        files = sorted(os.path.relpath(os.path.join(folder, name), root)
                       for folder, _, names in os.walk(root) for name in names)
        # The message catalogue, where gettext's tools look for it: the web workspace embeds the
        # same file, so translators can check an installed one against the pages.
        catalogue = os.path.join(prefix, "share", "locale", "vi", "LC_MESSAGES", "tiendo.mo")
        expected = sorted(os.path.relpath(path, root) for path in [
            binary, page, completion, catalogue, os.path.join(data, "templates.csv"),
            *(os.path.join(data, "seed", name)
              for name in ("projects.csv", "milestones.csv", "dependencies.csv"))])
        check(files == expected, f"installed exactly {len(expected)} files under {PREFIX} "
              f"(got {files})")

        # The demo from a folder with no fixtures/ in it and nothing pointing at the source tree.
        elsewhere = os.path.join(work, "elsewhere")
        os.mkdir(elsewhere)
        environment = {key: value for key, value in os.environ.items()
                       if key not in ("TIENDO_FIXTURES", "TIENDO_DB")}
        demo = run([binary, "demo", "--db", "demo.db"], cwd=elsewhere, env=environment)
        seed = os.path.join(data, "seed")
        check(demo.returncode == 0 and f"from {seed} " in demo.stdout,
              f"installed `tiendo demo` in another folder reads {seed} "
              f"(exit {demo.returncode}: {demo.stderr.strip() or demo.stdout.splitlines()[:1]})")
        generated = run([binary, "generate", "--projects", "5", "--out", "generated"],
                        cwd=elsewhere, env=environment)
        check(generated.returncode == 0,
              f"installed `tiendo generate` finds templates.csv ({generated.stderr.strip()})")

        # The man page: renders without a warning, names every command and global option.
        with gzip.open(page, "rt", encoding="ascii") as handle:
            check(handle.read().startswith(".TH TIENDO 1"), "the man page is a gzipped tiendo(1)")
        rendered = run(["man", "--warnings", "-l", page],
                       env=dict(os.environ, MANWIDTH="100", LC_ALL="C.UTF-8", MANPAGER="cat",
                                PAGER="cat"))
        check(rendered.returncode == 0 and rendered.stderr == "",
              f"man -l renders the page without warnings ({rendered.stderr.strip()})")
        text = rendered.stdout
        commands = help_walk.commands(binary)
        missing = [command for command in commands if f"tiendo {command}\n" not in text]
        check(commands and not missing,
              f"the man page has a section for each of the {len(commands)} commands "
              f"--help lists (missing {missing})")
        options = [name for entry in help_walk.program(binary).options for name in entry.names
                   if name.startswith("--")]
        check(all(name in text for name in options),
              f"the man page names every global option ({' '.join(options)})")

        # The completion: registered for tiendo, offering what --help lists at each level.
        registered = run(["bash", "--norc", "--noprofile", "-c",
                          f"source {shlex.quote(completion)} && complete -p tiendo"])
        check(registered.stdout.strip() == "complete -o filenames -F _tiendo tiendo",
              f"complete -p tiendo: {registered.stdout.strip() or registered.stderr.strip()}")
        for path, names in help_walk.command_groups(binary).items():
            words = ["tiendo", *path.split(), ""]
            offered = completions(completion, words)
            check(offered == names, f"`{' '.join(words)}<TAB>` offers {' '.join(names)} "
                  f"(got {' '.join(offered)})")
        check(completions(completion, ["tiendo", "pi"]) == ["pipeline"],
              "`tiendo pi<TAB>` completes to pipeline")
        offered = completions(completion, ["tiendo", "--db", "x.db", "import", "--"])
        check({"--from", "--dry-run", "--db", "--quiet", "--lang"} <= set(offered),
              f"`tiendo --db x.db import --<TAB>` offers import's and the global options "
              f"(got {' '.join(offered)})")
        check(completions(completion, ["tiendo", "--lang", ""]) == ["en", "vi"],
              "`tiendo --lang <TAB>` offers en vi")
        check(completions(completion, ["tiendo", "export", "--format", "x"]) == ["xlsx"],
              "`tiendo export --format x<TAB>` offers export's own xlsx")
        check(completions(completion, ["tiendo", "project", "status", "LS-X", "c"]) ==
              ["cancelled"], "`tiendo project status LS-X c<TAB>` offers cancelled")
        check(completions(completion, ["tiendo", "user", "add", "ana", "--role", ""]) ==
              ["viewer", "editor", "admin"], "`tiendo user add ana --role <TAB>` offers the roles")
        check(completions(completion, ["tiendo", "depend", "add", "A:x", "B:y", "--type", ""]) ==
              ["FS", "SS", "FF", "SF"], "`tiendo depend add A:x B:y --type <TAB>` offers the links")
        offered = completions(completion, ["tiendo", "--db", "demo"], elsewhere)
        check(offered == ["demo.db"], f"`tiendo --db demo<TAB>` completes a file name "
              f"(got {offered})")
        check_service(build, binary, work)
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    print("install: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
