#!/usr/bin/env python3
"""The Debian package as a provincial IT office would meet it: its contents and control fields
inspected (dpkg-deb), lintian with no error, then installed with apt-get into a bare Debian 12 made
by debootstrap, where `tiendo --version` and `tiendo demo` run, the service's user, folder and
database exist, systemd accepts the unit, and removal and purge keep the database.

Usage: package_test.py BUILD_DIR [--keep]
Needs root (debootstrap, chroot) and the network (the Debian mirror of this machine's apt
sources). `make test-package` builds the package first (`make package`). Everything is made under
BUILD_DIR/package-test and removed at the end unless --keep is given.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

failures = []
MIRROR = "http://deb.debian.org/debian"


def check(condition, message):
    print(("ok: " if condition else "FAILED: ") + message, flush=True)
    if not condition:
        failures.append(message)


def run(command, **options):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          **options)


def debian_sources():
    """This machine's Debian sources (the archive, its updates and security), in deb822 form, and
    the archive's mirror for debootstrap."""
    stanzas = []
    for path in glob.glob("/etc/apt/sources.list.d/*.sources"):
        for stanza in open(path, encoding="utf-8").read().split("\n\n"):
            if re.search(r"^URIs:.*debian", stanza, re.MULTILINE) and \
                    re.search(r"^Suites:.*bookworm", stanza, re.MULTILINE):
                stanzas.append(stanza.strip())
    mirror = MIRROR
    for stanza in stanzas:
        uri = re.search(r"^URIs:\s*(\S+)", stanza, re.MULTILINE).group(1)
        if not uri.rstrip("/").endswith("-security"):
            mirror = uri
    return "\n\n".join(stanzas) + "\n", mirror


def inspect(package):
    listing = run(["dpkg-deb", "-c", package]).stdout
    paths = {line.split()[-1] for line in listing.splitlines()}
    for path in ["./usr/bin/tiendo", "./usr/share/man/man1/tiendo.1.gz",
                 "./usr/share/bash-completion/completions/tiendo",
                 "./usr/share/tiendo/templates.csv", "./usr/share/tiendo/seed/projects.csv",
                 "./usr/share/tiendo/seed/milestones.csv",
                 "./usr/share/tiendo/seed/dependencies.csv", "./lib/systemd/system/tiendo.service",
                 "./usr/share/locale/vi/LC_MESSAGES/tiendo.mo",
                 "./etc/tiendo/tiendo.conf", "./usr/share/doc/tiendo/copyright",
                 "./usr/share/doc/tiendo/changelog.gz"]:
        check(path in paths, f"dpkg-deb -c lists {path}")
    owners = {line.split()[1] for line in listing.splitlines()}
    check(owners == {"root/root"}, f"every file belongs to root/root ({owners})")
    strange = [path for path in paths
               if not re.match(r"\./(usr/(bin|share)|lib/systemd/system|etc/tiendo)(/|$)|\./$|"
                               r"\./(usr|lib|lib/systemd|etc)/$", path)]
    check(not strange, f"nothing outside /usr, /lib/systemd/system and /etc/tiendo ({strange})")
    depends = run(["dpkg-deb", "-f", package, "Depends"]).stdout.strip()
    print(f"  Depends: {depends}")
    for library in ["libc6", "libstdc++6", "libsqlite3-0", "libsodium23", "libfmt9",
                    "libxlsxwriter", "libcpp-httplib", "adduser"]:
        check(library in depends, f"Depends names {library}")
    check("-dev" not in depends, "Depends names no -dev package")
    conffiles = run(["dpkg-deb", "-I", package, "conffiles"]).stdout.split()
    check(conffiles == ["/etc/tiendo/tiendo.conf"], f"conffiles: {conffiles}")
    print(f"  size: {os.path.getsize(package) / 1024 / 1024:.2f} MiB packed, "
          f"Installed-Size {run(['dpkg-deb', '-f', package, 'Installed-Size']).stdout.strip()} KiB")


def lint(package):
    result = run(["lintian", "--info", "--display-info", "--allow-root", package])
    tags = [line for line in result.stdout.splitlines() if re.match(r"^[EWIXP]: ", line)]
    errors = [line for line in tags if line.startswith("E: ")]
    warnings = [line for line in tags if line.startswith("W: ")]
    for line in tags:
        print("  " + line)
    check(not errors, f"lintian reports no error ({len(errors)} errors, {len(warnings)} "
          f"warnings, {len(tags) - len(errors) - len(warnings)} other tags)")


def in_root(root, command):
    return run(["chroot", root, "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "LC_ALL=C.UTF-8", "DEBIAN_FRONTEND=noninteractive", "HOME=/root",
                "sh", "-c", command])


def install_on_bare_debian(package, work):
    root = os.path.join(work, "root")
    sources, mirror = debian_sources()
    started = time.monotonic()
    made = run(["debootstrap", "--variant=minbase", "bookworm", root, mirror])
    check(made.returncode == 0, f"debootstrap --variant=minbase bookworm from {mirror} "
          f"({time.monotonic() - started:.0f} s) {made.stdout[-300:] if made.returncode else ''}")
    if made.returncode != 0:
        return
    with open(os.path.join(root, "etc/apt/sources.list.d/debian.sources"), "w") as handle:
        handle.write(sources)
    os.remove(os.path.join(root, "etc/apt/sources.list"))
    # A running Debian has /proc; the chroot gets it for the test and loses it before removal.
    proc = os.path.join(root, "proc")
    mounted = run(["mount", "-t", "proc", "proc", proc])
    check(mounted.returncode == 0, f"/proc mounted in the new root {mounted.stdout.strip()}")
    try:
        check_installed(package, root)
    finally:
        if mounted.returncode == 0:
            run(["umount", proc])


def check_installed(package, root):
    shutil.copy(package, os.path.join(root, "tmp"))
    before = set(in_root(root, "dpkg-query -W -f '${Package}\\n'").stdout.split())
    started = time.monotonic()
    installed = in_root(root, "apt-get update -qq && apt-get install -y -qq "
                              f"/tmp/{os.path.basename(package)}")
    check(installed.returncode == 0,
          f"apt-get install ./{os.path.basename(package)} on bare Debian 12 "
          f"({time.monotonic() - started:.0f} s) {installed.stdout[-800:] if installed.returncode else ''}")
    pulled = sorted(set(in_root(root, "dpkg-query -W -f '${Package}\\n'").stdout.split()) - before)
    print(f"  pulled in {len(pulled)} packages: {' '.join(pulled)}")

    version = in_root(root, "tiendo --version")
    check(version.stdout.strip() == "tiendo " + package.split("_")[1],
          f"tiendo --version: {version.stdout.strip()}")
    demo = in_root(root, "cd /tmp && tiendo demo --db /tmp/demo.db")
    check(demo.returncode == 0 and "from /usr/share/tiendo/seed " in demo.stdout
          and "Top delay alerts" in demo.stdout,
          f"tiendo demo from /tmp reads /usr/share/tiendo/seed ({demo.stdout[:200]!r})")
    user = in_root(root, "getent passwd tiendo").stdout.strip()
    check(re.match(r"^tiendo:x:\d+:\d+:[^:]*:/var/lib/tiendo:/usr/sbin/nologin$", user)
          is not None, f"the system user tiendo: {user}")
    state = in_root(root, "stat -c '%U:%G %a' /var/lib/tiendo /var/lib/tiendo/tiendo.db").stdout
    check(state.split("\n")[:2] == ["tiendo:tiendo 750", "tiendo:tiendo 644"],
          f"/var/lib/tiendo and its database belong to tiendo ({state.split()})")
    listed = in_root(root, "tiendo --db /var/lib/tiendo/tiendo.db project list --format json")
    check(listed.returncode == 0 and json.loads(listed.stdout) == {"projects": []},
          f"the service's database is an empty portfolio ({listed.stdout.strip()[:80]})")

    # systemd itself judges the unit, as Debian 12 ships it (the bare system has none; the man
    # page named in Documentation= is checked by the install test, as man is not here either).
    started = time.monotonic()
    added = in_root(root, "apt-get install -y -qq --no-install-recommends systemd > /dev/null")
    verified = in_root(root, "systemd-analyze verify --man=no tiendo.service")
    accepted = added.returncode == 0 and verified.returncode == 0 and verified.stdout == ""
    check(accepted, f"systemd-analyze verify tiendo.service ({time.monotonic() - started:.0f} s) "
          f"{'' if accepted else added.stdout[-300:] + verified.stdout.strip()}")
    unit = os.path.join(root, "lib/systemd/system/tiendo.service")
    security = run(["systemd-analyze", "security", "--offline=yes", unit])
    exposure = re.search(r"Overall exposure level for \S+: (.*)", security.stdout)
    print(f"  systemd-analyze security: {exposure.group(1) if exposure else security.stdout[-200:]}")

    removed = in_root(root, "apt-get remove -y -qq tiendo && test -f /var/lib/tiendo/tiendo.db && "
                            "test -f /etc/tiendo/tiendo.conf && ! test -e /usr/bin/tiendo")
    check(removed.returncode == 0, f"apt-get remove keeps the database and the settings "
          f"{removed.stdout[-300:] if removed.returncode else ''}")
    purged = in_root(root, "dpkg --purge tiendo > /dev/null && test -f /var/lib/tiendo/tiendo.db "
                           "&& ! test -e /etc/tiendo/tiendo.conf")
    check(purged.returncode == 0, f"dpkg --purge removes the settings and keeps the database "
          f"{purged.stdout[-300:] if purged.returncode else ''}")


def main():
    build = os.path.abspath(sys.argv[1])
    packages = glob.glob(os.path.join(build, "package", "tiendo_*.deb"))
    if len(packages) != 1:
        print(f"FAILED: one tiendo_*.deb in {build}/package expected, found {packages}")
        return 1
    package = packages[0]
    started = time.monotonic()
    inspect(package)
    lint(package)
    work = os.path.join(build, "package-test")
    # A run killed midway may have left /proc mounted in its root.
    run(["umount", os.path.join(work, "root", "proc")])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    try:
        install_on_bare_debian(package, work)
    finally:
        if "--keep" not in sys.argv:
            shutil.rmtree(work, ignore_errors=True)
    print(f"package test: {time.monotonic() - started:.0f} s")
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    print("package: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
