"""Handing files to a running LibreOffice over its own pipe, as a second ``soffice`` does.

A LibreOffice listens on a named socket (``/tmp/OSL_PIPE_<uid>_SingleOfficeIPC_<hash of
its profile>``); a second ``soffice`` started on the same profile connects, waits for
``InternalIPC::SendArguments``, sends ``InternalIPC::Arguments`` with its working
folder and command line (NUL-terminated, ``,`` ``\\`` and NUL escaped with ``\\``) and
waits for ``InternalIPC::ProcessingDone``. :func:`hand_over` does the same without
starting that second process (~0.1 s of CPU, and its start-up on the way). Anything
unexpected and it returns None: the caller then runs the second ``soffice``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Handover", "hand_over", "pipes_of"]

_SEND_ARGUMENTS = b"InternalIPC::SendArguments"
_ARGUMENTS = "InternalIPC::Arguments"
_PROCESSING_DONE = b"InternalIPC::ProcessingDone"


def pipes_of(pid: int) -> list[Path]:
    """The named sockets process ``pid`` listens on that are LibreOffice pipes (Linux).

    LibreOffice removes its pipe when it exits normally; a killed one leaves it behind.
    """
    try:
        inodes = {os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")}
        table = Path("/proc/net/unix").read_text().splitlines()[1:]
    except OSError:
        return []
    pipes = []
    for row in table:
        fields = row.split()
        if len(fields) == 8 and fields[6] in inodes and "OSL_PIPE_" in fields[7]:
            pipes.append(Path(fields[7]))
    return pipes


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _message(sock: socket.socket) -> bytes | None:
    """One NUL-terminated message (without the NUL); None when the pipe closes first."""
    data = b""
    while not data.endswith(b"\0"):
        chunk = sock.recv(1024)
        if not chunk:
            return None
        data += chunk
    return data[:-1]


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("\0", "\\0")


@dataclass
class Handover:
    """A request LibreOffice is working on: ``done`` is set when it ends, ``ok`` when it
    ended with ``ProcessingDone`` (every file handled), not with a closed pipe."""

    sock: socket.socket
    on_done: Callable[[], None]
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False

    def _wait(self) -> None:
        try:
            self.ok = _message(self.sock) == _PROCESSING_DONE
        except OSError:
            self.ok = False
        finally:
            self.done.set()
            if self.ok:  # every PDF is written; its output lines are already in the pipe
                time.sleep(0.01)
                self.on_done()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


def hand_over(pid: int, args: list[str], *, greeting_timeout: float,
              on_done: Callable[[], None]) -> Handover | None:
    """Send ``args`` (a command line without the program and ``-env:`` options) to the
    LibreOffice ``pid`` over its pipe; None when that cannot be done. ``on_done()`` is
    called (from another thread) when LibreOffice reports the request done.

    Waits up to 1 s for LibreOffice to open its pipe (it does ~0.05 s into its start-up;
    a LibreOffice that names it otherwise costs no more) and at most
    ``greeting_timeout`` seconds for it to take the request.
    """
    give_up = time.monotonic() + min(1.0, greeting_timeout)
    pipes = pipes_of(pid)
    while not pipes and _running(pid) and time.monotonic() < give_up:
        time.sleep(0.01)
        pipes = pipes_of(pid)
    if len(pipes) != 1:
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(greeting_timeout)
        sock.connect(str(pipes[0]))
        if _message(sock) != _SEND_ARGUMENTS:
            sock.close()
            return None
        request = _ARGUMENTS + "1" + _escaped(Path.cwd().as_uri())
        request += "".join("," + _escaped(arg) for arg in args) + "\0"
        sock.sendall(request.encode("utf-8"))
        sock.settimeout(None)
    except (OSError, ValueError):
        sock.close()
        return None
    handover = Handover(sock, on_done)
    threading.Thread(target=handover._wait, daemon=True).start()
    return handover
