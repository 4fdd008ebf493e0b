#!/usr/bin/env python3
"""A body sent a byte at a time holds no worker (attack of wave 3, finding 1).

Bodies used to be read by the worker that had accepted the request's head, for up to the
request's minute. An anonymous client could open 70 connections, each posting the login form
with Content-Length 16000 and sending one byte every few seconds: the 64 workers were all held,
and a GET /login waited 46 s. Now the reader thread waits for the rest of a body as it waits for a
head, and the request goes to a worker once its body has come whole. Checked here:
- during such an attack a page is answered within 5 s (was 46 s);
- a body sent slowly but whole is still answered (the login form's refusal, not 408);
- a body that stops coming is answered 408 once its read time is up, and the server goes on.

Usage (from the source directory):  python3 tests/web/attack_slow_body_test.py PATH_TO_TIENDO
"""
import socket
import threading
import time

import common
from common import check

CONNECTIONS = 70
workspace = common.Workspace("slowbody")
workspace.cli("init")
workspace.add_account("officer", "editor", "Bạc Liêu")
server = workspace.serve()
sockets = []
try:
    head = (b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 16000\r\n\r\n")
    for _ in range(CONNECTIONS):
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        connection.sendall(head + b"username=x&password=")
        sockets.append(connection)
    time.sleep(1)
    stop = threading.Event()

    def dribble():
        while not stop.wait(2):
            for connection in sockets:
                try:
                    connection.send(b"a")
                except OSError:
                    pass

    dribbler = threading.Thread(target=dribble)
    dribbler.start()
    try:
        time.sleep(2)
        started = time.monotonic()
        page = server.get("/login")
        took = time.monotonic() - started
        check(f"{CONNECTIONS} login bodies sent a byte at a time: GET /login answered in "
              f"{took:.2f} s (at most 5)", page.status == 200 and took < 5, page.summary())
        session = server.login("officer")
        started = time.monotonic()
        answer = server.get("/projects", session)
        took = time.monotonic() - started
        check(f"... and an editor's page in {took:.2f} s", answer.status == 200 and took < 5,
              answer.summary())
    finally:
        stop.set()
        dribbler.join()

    # One of them finishes its body: it is answered as a login form (a wrong password: 200 with
    # the form again, or 400/429), never 408 or a reset.
    finisher = sockets.pop()
    sent = 20 + 1  # "username=x&password=" and at least one dribbled byte
    finisher.settimeout(30)
    try:
        finisher.sendall(b"a" * (16000 - sent))
    except OSError:
        pass
    reply = b""
    try:
        while b"\r\n\r\n" not in reply:
            piece = finisher.recv(4096)
            if not piece:
                break
            reply += piece
    except OSError:
        pass
    status_line = reply.split(b"\r\n", 1)[0].decode(errors="replace")
    check("a slow body sent whole is answered by the login form, not 408",
          status_line.startswith("HTTP/1.1 ") and " 408 " not in status_line
          and " 500 " not in status_line, status_line)

    # The others stop: each is told 408 within the read time (5 s) and a little more.
    probe = sockets[0]
    probe.settimeout(20)
    started = time.monotonic()
    reply = b""
    try:
        reply = probe.recv(4096)
    except OSError:
        pass
    took = time.monotonic() - started
    check(f"a body that stops coming is answered 408 ({took:.1f} s)",
          reply.startswith(b"HTTP/1.1 408") and took < 12, reply[:200])
    check("the server still answers afterwards", server.get("/login").status == 200)
    check("the server is alive", server.alive())
finally:
    for connection in sockets:
        connection.close()
    server.stop()
    workspace.remove()
common.finish()
