"""Finding and running LibreOffice: ``soffice`` calls, private profiles, process groups.

:func:`run_soffice` converts a list of DOCX files with one ``soffice --headless
--convert-to pdf`` call and its own temporary profile (``-env:UserInstallation``;
concurrent instances cannot share one). A call that hangs or crashes is killed with its
whole process group. :class:`Profiles` lends and removes the private profiles.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import ConverterNotFoundError

__all__ = [
    "INSTALL_COMMAND",
    "CallResult",
    "Job",
    "Profiles",
    "find_soffice",
    "looks_complete",
    "run_soffice",
]

INSTALL_COMMAND = "sudo apt-get install libreoffice-writer-nogui fonts-croscore fonts-liberation2"

_COMMON_PATHS = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/usr/local/bin/soffice",
    "/opt/libreoffice*/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_PDF_FILTER = "pdf:writer_pdf_Export"
_PDFA2_FILTER = _PDF_FILTER + ':{"SelectPdfVersion":{"type":"long","value":"2"}}'
_DOCX_FILTER = "MS Word 2007 XML"  # never let LibreOffice import a broken file as text
_CONVERT_LINE = re.compile(r"^convert (.+) -> (.+) using filter : ")


def find_soffice() -> str:
    """Return the LibreOffice ``soffice`` executable to use.

    Order: ``$DOCGEN_SOFFICE``, ``soffice`` / ``libreoffice`` on ``PATH``, then the usual
    install locations. Raises :class:`ConverterNotFoundError` with the install command.
    """
    override = os.environ.get("DOCGEN_SOFFICE", "").strip()
    if override:
        found = shutil.which(override)
        if found:
            return found
        raise ConverterNotFoundError(
            f"DOCGEN_SOFFICE={override!r} is not an executable LibreOffice soffice; "
            f"unset it or install LibreOffice with: {INSTALL_COMMAND}"
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _COMMON_PATHS:
        for candidate in sorted(glob.glob(pattern), reverse=True):
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    raise ConverterNotFoundError(
        "LibreOffice (soffice) was not found; it converts DOCX to PDF. "
        f"Install it with: {INSTALL_COMMAND} (or set DOCGEN_SOFFICE to its soffice)"
    )


@dataclass
class Job:
    """One DOCX to convert: where it is, where its PDF goes, its place in the input."""

    index: int
    docx: Path
    target: Path
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class CallResult:
    """The outcome of one soffice call: PDFs ready in the staging dir, and why others lack."""

    produced: dict[int, Path]
    errors: list[str]
    reason: str | None  # set when the call timed out or crashed
    abnormal: bool


@dataclass
class _Lease:
    """A profile lent to one soffice call; ``keep=False`` throws it away afterwards."""

    path: Path
    keep: bool = True


class Profiles:
    """Temporary LibreOffice profiles, one per concurrently running soffice call."""

    def __init__(self) -> None:
        self._free: queue.SimpleQueue[Path] = queue.SimpleQueue()
        self._all: list[Path] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def lease(self) -> Iterator[_Lease]:
        """Lend a free profile, or a fresh one; a discarded one is deleted at once."""
        try:
            path = self._free.get_nowait()
        except queue.Empty:
            path = Path(tempfile.mkdtemp(prefix="docgen-soffice-profile-"))
            with self._lock:
                self._all.append(path)
        lease = _Lease(path)
        try:
            yield lease
        finally:
            if lease.keep:
                self._free.put(path)
            else:  # a killed soffice may leave a locked or damaged profile behind
                shutil.rmtree(path, ignore_errors=True)

    def cleanup(self) -> None:
        """Delete every profile made."""
        with self._lock:
            for path in self._all:
                shutil.rmtree(path, ignore_errors=True)


def _reader(stream: io.BufferedReader, lines: queue.SimpleQueue[str | None]) -> None:
    """Copy soffice's output lines into ``lines``; ``None`` marks the end."""
    try:
        for raw in stream:
            lines.put(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
    except (OSError, ValueError):  # the pipe was closed under us
        pass
    finally:
        lines.put(None)


def _group_exited(pid: int) -> bool:
    """True when ``pid`` (our child) has exited; it is *not* reaped, so its pid stays taken."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def run_soffice(
    soffice: str,
    profile: Path,
    jobs: list[Job],
    staging: Path,
    *,
    pdfa: bool,
    timeout: float,
    on_ready: Callable[[list[int]], None],
) -> CallResult:
    """Convert ``jobs`` into ``staging`` with one soffice call, killing it after ``timeout``.

    ``on_ready`` is called with the indexes of jobs LibreOffice has finished with, as soon
    as it moves on to a later file, so their PDFs can be finished while it works.
    """
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"--infilter={_DOCX_FILTER}",
        "--convert-to",
        _PDFA2_FILTER if pdfa else _PDF_FILTER,
        "--outdir",
        str(staging),
        *(str(job.docx) for job in jobs),
    ]
    by_name = {job.docx.stem + ".pdf": pos for pos, job in enumerate(jobs)}
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as exc:
        return CallResult({}, [], f"cannot run {soffice}: {exc}", abnormal=True)
    lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
    assert proc.stdout is not None
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    errors: list[str] = []
    settled = 0  # jobs[:settled] were handed to on_ready
    timed_out = False
    exited_at: float | None = None
    try:
        while True:
            now = time.monotonic()
            if now >= deadline:
                timed_out = True
                break
            try:
                line = lines.get(timeout=min(deadline - now, 0.2))
            except queue.Empty:
                # soffice exited but a stray helper still holds the pipe open
                if exited_at is None and _group_exited(proc.pid):
                    exited_at = now
                if exited_at is not None and now - exited_at > 1.0:
                    break
                continue
            if line is None:
                break
            match = _CONVERT_LINE.match(line)
            if match:
                pos = by_name.get(Path(match.group(2)).name)
                if pos is not None and pos > settled:
                    on_ready([job.index for job in jobs[settled:pos]])
                    settled = pos
            elif line.strip() and not line.startswith("Warning: failed to launch javaldx"):
                errors.append(line.strip())
        while not timed_out and not _group_exited(proc.pid):
            if time.monotonic() >= deadline:
                timed_out = True
            else:
                time.sleep(0.02)
    finally:
        # Kill the whole group: a hung soffice, or helpers left behind by one that exited.
        # The leader is not reaped yet, so the group id cannot belong to anyone else.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        returncode = proc.wait()
        reader.join(timeout=2)
        if not reader.is_alive():  # else a helper that left the group still holds the pipe
            proc.stdout.close()
    if timed_out:
        reason = f"LibreOffice did not finish within {timeout:g} s and was killed"
    elif returncode != 0:
        reason = (
            f"LibreOffice crashed (signal {-returncode})"
            if returncode < 0
            else f"LibreOffice exited with status {returncode}"
        )
    else:
        reason = None
    produced = {}
    for job in jobs:
        pdf = staging / (job.docx.stem + ".pdf")
        if looks_complete(pdf):
            produced[job.index] = pdf
    return CallResult(produced, errors, reason, timed_out or returncode != 0)


def looks_complete(pdf: Path) -> bool:
    """True when ``pdf`` exists and ends with ``%%EOF`` (a killed soffice leaves it cut)."""
    try:
        size = pdf.stat().st_size
        if size < 64:
            return False
        with pdf.open("rb") as fh:
            fh.seek(max(0, size - 1024))
            return b"%%EOF" in fh.read()
    except OSError:
        return False
