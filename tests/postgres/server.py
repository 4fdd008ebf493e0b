#!/usr/bin/env python3
"""A throwaway PostgreSQL 15 server for the tests, from Debian's packages.

    server.py start DIR   initdb into DIR/data as an unprivileged user, start it on a free
                          loopback port, write its base URI to DIR/uri
    server.py stop DIR    stop the server and remove DIR
    server.py createdb DIR NAME
                          make an empty database NAME and print its URI
    server.py run DIR COMMAND...
                          run COMMAND with TIENDO_TEST_POSTGRES set to the server's base URI

CTest runs `start` and `stop` as the fixture of every test that needs PostgreSQL, so `ctest`
alone (and `make test`, which calls it) needs no server set up by hand. Run as root, the server
runs as the user `nobody`, as PostgreSQL refuses to run as root.
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        sys.exit("PostgreSQL is not installed (make deps installs postgresql-15)")
    return os.path.dirname(found[-1])


def as_server_user(command, **kwargs):
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                   "--reset-env"] + command
    return subprocess.run(command, check=True, **kwargs)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def home(directory):
    """The server's own folder (data, socket, log), recorded in DIR/home by start()."""
    with open(os.path.join(directory, "home"), encoding="utf-8") as handle:
        return handle.read().strip()


def start(directory):
    if os.path.exists(os.path.join(directory, "home")):
        stop(directory)
    os.makedirs(directory, exist_ok=True)
    # The server's files live in a folder of their own under the system's temporary folder: the
    # unprivileged user it runs as must reach them, which it could not under a build tree in a
    # private home folder.
    server_home = tempfile.mkdtemp(prefix="tiendo-postgres-server-")
    os.chmod(server_home, 0o755)
    with open(os.path.join(directory, "home"), "w", encoding="utf-8") as handle:
        handle.write(server_home)
    data = os.path.join(server_home, "data")
    os.makedirs(data)
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for path in (server_home, data):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
    os.chmod(data, 0o700)
    bin_dir = binaries()
    as_server_user([os.path.join(bin_dir, "initdb"), "-D", data, "-U", "tiendo", "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8"], stdout=subprocess.DEVNULL)
    for attempt in range(5):
        port = free_port()
        try:
            run_server(directory, port)
            break
        except subprocess.CalledProcessError:
            if attempt == 4:
                with open(os.path.join(server_home, "server.log"), encoding="utf-8") as log:
                    sys.stderr.write(log.read()[-2000:])
                raise
            time.sleep(1)
    with open(os.path.join(directory, "uri"), "w", encoding="utf-8") as handle:
        handle.write(f"postgresql://tiendo@127.0.0.1:{port}")
    print(f"PostgreSQL on 127.0.0.1:{port}, data in {data}")


def run_server(directory, port):
    server_home = home(directory)
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {server_home} "
               "-c max_connections=100 -c shared_buffers=128MB")
    as_server_user([os.path.join(binaries(), "pg_ctl"), "-D", os.path.join(server_home, "data"),
                    "-l", os.path.join(server_home, "server.log"), "-o", options, "-w", "-t",
                    "60", "start"], stdout=subprocess.DEVNULL)


def crash(directory):
    """Stops the server at once, as a power cut or a killed server would (its data stays)."""
    as_server_user([os.path.join(binaries(), "pg_ctl"), "-D",
                    os.path.join(home(directory), "data"), "-m", "immediate", "-w", "stop"],
                   stdout=subprocess.DEVNULL)


def halt(directory):
    """Stops the server as an administrator would: it ends every session first (its data stays)."""
    as_server_user([os.path.join(binaries(), "pg_ctl"), "-D",
                    os.path.join(home(directory), "data"), "-m", "fast", "-w", "stop"],
                   stdout=subprocess.DEVNULL)


def resume(directory):
    """Starts the server again on its port after crash() or halt()."""
    run_server(directory, int(base_uri(directory).rsplit(":", 1)[1]))


def stop(directory):
    if not os.path.exists(os.path.join(directory, "home")):
        shutil.rmtree(directory, ignore_errors=True)
        return
    server_home = home(directory)
    data = os.path.join(server_home, "data")
    if os.path.exists(os.path.join(data, "postmaster.pid")):
        try:
            as_server_user([os.path.join(binaries(), "pg_ctl"), "-D", data, "-m", "immediate",
                            "-w", "stop"], stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            pass
    shutil.rmtree(server_home, ignore_errors=True)
    shutil.rmtree(directory, ignore_errors=True)


def base_uri(directory):
    with open(os.path.join(directory, "uri"), encoding="utf-8") as handle:
        return handle.read().strip()


def createdb(directory, name):
    """Makes an empty database (dropping one of the same name) and returns its URI."""
    base = base_uri(directory)
    subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", base + "/postgres", "-c",
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "-c",
                    f'CREATE DATABASE "{name}"'], check=True, stdout=subprocess.DEVNULL)
    return f"{base}/{name}"


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    verb, where = sys.argv[1], os.path.abspath(sys.argv[2])
    if verb == "start":
        start(where)
    elif verb == "stop":
        stop(where)
    elif verb == "createdb":
        print(createdb(where, sys.argv[3]))
    elif verb == "run":
        os.environ["TIENDO_TEST_POSTGRES"] = base_uri(where)
        os.execvp(sys.argv[3], sys.argv[3:])
    else:
        sys.exit(__doc__)
