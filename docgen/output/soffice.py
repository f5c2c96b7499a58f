"""Finding and running LibreOffice: ``soffice`` calls, private profiles, process groups.

:func:`run_soffice` converts a list of DOCX files with one ``soffice --headless
--convert-to pdf`` call and its own private profile (``-env:UserInstallation``;
concurrent instances cannot share one). The call is killed with its whole process group
when a document takes longer than the per-document timeout, when the run's budget is
spent, or when docgen itself dies (even by ``kill -9``: the kernel sends the child
``SIGKILL`` when its parent thread ends, see :func:`_die_with_parent`).

Speed: when ``soffice`` is the usual launcher script, its ``soffice.bin`` is run
directly (the launcher's ``oosplash`` would fork it out of reach of the parent-death
signal). A fresh profile makes LibreOffice restart itself once, so :class:`Profiles`
copies an initialised profile kept in docgen's cache folder (made once per LibreOffice
install). glibc's malloc is told to keep freed memory instead of returning it to the
kernel at once: LibreOffice allocates and clears large buffers at start-up, and the page
faults that causes were half of its start-up time. Its temporary files, the profiles and
the staged PDFs live in memory (:func:`scratch_root`). :func:`start_warm` starts
LibreOffice before its documents exist, so that its start-up overlaps docgen's own work.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import glob
import hashlib
import os
import queue
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import ConverterNotFoundError
from docgen.i18n import _
from docgen.output.office_pipe import Handover, hand_over, pipes_of

__all__ = [
    "INSTALL_COMMAND",
    "CallResult",
    "Launcher",
    "Profiles",
    "Warm",
    "find_soffice",
    "launcher",
    "looks_complete",
    "run_soffice",
    "scratch_root",
    "start_warm",
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
_RESTART = 81  # soffice.bin asks its launcher to start it again (a new profile)
# Keep freed memory in the heap (up to 256 MiB) instead of unmapping it: LibreOffice
# clears large buffers over and over at start-up, each time in fresh pages otherwise.
_MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=268435456"
_PR_SET_PDEATHSIG = 1


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
            _("DOCGEN_SOFFICE={override!r} is not an executable LibreOffice soffice; "
              "unset it or install LibreOffice with: {install_command}").format(
                  override=override, install_command=INSTALL_COMMAND)
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
        _("LibreOffice (soffice) was not found; it converts DOCX to PDF. "
          "Install it with: {install_command} (or set DOCGEN_SOFFICE to its soffice)").format(
              install_command=INSTALL_COMMAND)
    )


# ---------------------------------------------------------------------------- launching


@dataclass(frozen=True)
class Launcher:
    """How to start LibreOffice: the program, its environment, and whether it is ``.bin``."""

    program: str
    env: dict[str, str]
    direct: bool  # soffice.bin itself: no oosplash to restart it for a new profile


def launcher(soffice: str) -> Launcher:
    """The way to run ``soffice``: its ``soffice.bin`` directly when it is the usual script."""
    env = dict(os.environ)
    tunables = env.get("GLIBC_TUNABLES", "")
    env["GLIBC_TUNABLES"] = f"{tunables}:{_MALLOC_TUNABLES}" if tunables else _MALLOC_TUNABLES
    real = Path(soffice).resolve()
    binary = real.with_name("soffice.bin")
    if real.name == "soffice" and os.access(binary, os.X_OK):
        # what the launcher script sets before it starts soffice.bin
        env["LO_SAVE_LC_ALL"] = env.get("LC_ALL", "")
        env["LC_ALL"] = "C"
        env["SAL_ENABLE_FILE_LOCKING"] = "1"
        return Launcher(str(binary), env, direct=True)
    return Launcher(soffice, env, direct=False)


def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl`` (Linux), looked up in the parent; ``None`` elsewhere."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()
_AS_LIMIT = resource.getrlimit(resource.RLIMIT_AS)
"""The address-space limit docgen started with: LibreOffice gets it back, never the cap a
template's render holds for a moment (:func:`docgen.rendering.limits.cap_memory`)."""


def _die_with_parent(parent: int) -> None:
    """In the child before exec: docgen's own memory limit back, and be killed when the
    thread that started us ends.

    ``PR_SET_PDEATHSIG`` survives ``exec``; it covers ``kill -9`` of docgen, which no
    cleanup code in docgen can.
    """
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, _AS_LIMIT)
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


def _spawn(args: list[str], env: dict[str, str], *, output: int | None) -> subprocess.Popen[bytes]:
    """Start LibreOffice in its own process group, bound to die with docgen.

    ``output``: the file descriptor its stdout and stderr go to (else nowhere).
    """
    return subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL if output is None else output,
        stderr=subprocess.DEVNULL if output is None else subprocess.STDOUT,
        start_new_session=True,
        env=env,
        preexec_fn=functools.partial(_die_with_parent, os.getpid()),
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> int:
    """Kill ``proc``'s whole process group (helpers it left behind too); its exit code.

    The pipe a killed LibreOffice leaves in ``/tmp`` is removed.
    """
    pipes = [] if _group_exited(proc.pid) else pipes_of(proc.pid)
    # The leader is not reaped yet, so its group id cannot belong to anyone else.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    code = proc.wait()
    for pipe in pipes:
        pipe.unlink(missing_ok=True)
    return code


# ---------------------------------------------------------------------------- profiles


def scratch_root() -> Path:
    """Where LibreOffice's private files go: ``/dev/shm`` (memory) when there is one.

    LibreOffice creates and deletes a dozen temporary files per document; on a busy
    disk file system that was a quarter of its time.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        return shm
    return Path(tempfile.gettempdir())


def _cache_root() -> Path:
    """docgen's cache folder (``$XDG_CACHE_HOME/docgen`` or ``~/.cache/docgen``)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "docgen"


def _initialise(run: Launcher, profile: Path) -> bool:
    """Let LibreOffice set up ``profile`` (it restarts itself once); True when it did."""
    for _attempt in range(3):
        proc = _spawn(
            [
                run.program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--terminate_after_init",
            ],
            run.env,
            output=None,
        )
        try:
            code = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            _kill_group(proc)
        if code == 0:
            return True
        if code != _RESTART:
            return False
    return False


def _template(run: Launcher) -> Path | None:
    """An initialised profile for ``run``'s LibreOffice, cached; ``None`` if none can be made."""
    stat = Path(run.program).stat()
    key = hashlib.sha256(f"{run.program}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    template = _cache_root() / f"soffice-profile-{key[:16]}"
    if (template / "user").is_dir():
        return template
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=".making-", dir=template.parent))
    except OSError:
        return None
    try:
        if not _initialise(run, fresh):
            return None
        with contextlib.suppress(OSError):  # another docgen may have made it meanwhile
            fresh.rename(template)
        return template if (template / "user").is_dir() else None
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


class Profiles:
    """Private LibreOffice profiles, one per concurrently running soffice call.

    Each is made in ``root`` as a copy of the cached initialised profile when there is
    one (else empty, and LibreOffice sets it up), and deleted after use.
    """

    def __init__(self, run: Launcher, root: Path) -> None:
        self._run = run
        self._root = root
        self._count = 0
        self._lock = threading.Lock()
        self._template: Path | None = None
        self._looked = False

    def _source(self) -> Path | None:
        with self._lock:
            if not self._looked and self._run.direct:
                self._template = _template(self._run)
            self._looked = True
            return self._template

    @contextlib.contextmanager
    def lease(self) -> Iterator[Path]:
        """A fresh private profile, deleted after use."""
        with self._lock:
            self._count += 1
            path = self._root / f"profile-{self._count}"
        source = self._source()
        if source is not None:
            try:
                shutil.copytree(source, path, symlinks=True)
            except OSError:
                shutil.rmtree(path, ignore_errors=True)
                source = None
        path.mkdir(exist_ok=True)
        if source is None and self._run.direct:  # no launcher to restart it: set it up
            _initialise(self._run, path)
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)



# ---------------------------------------------------------------------------- one call


@dataclass
class CallResult:
    """How one soffice call ended: ``reason`` is set when it was killed or crashed."""

    reason: str | None
    timed_out: bool
    errors: list[str]


class _Output:
    """One pipe that LibreOffice processes write their output lines into, read by a thread.

    A pre-started instance and the call that hands it the files share one: whichever of
    the two converts, its ``convert …`` lines arrive here.
    """

    def __init__(self) -> None:
        read_fd, self.write_fd = os.pipe()
        self.stream = os.fdopen(read_fd, "rb")
        self.lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        """Copy the output lines into ``lines``; ``None`` marks the end."""
        try:
            for raw in self.stream:
                self.lines.put(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        except (OSError, ValueError):  # the pipe was closed under us
            pass
        finally:
            self.lines.put(None)

    def writer_given(self) -> None:
        """Close docgen's copy of the write end: the last writer to exit ends the stream."""
        if self.write_fd >= 0:
            os.close(self.write_fd)
            self.write_fd = -1

    def close(self) -> None:
        self.writer_given()
        self.thread.join(timeout=2)
        if not self.thread.is_alive():  # else a helper that left its group holds the pipe
            self.stream.close()


@dataclass
class Warm:
    """A LibreOffice started before its documents exist (see :func:`start_warm`)."""

    run: Launcher
    profile: Path
    proc: subprocess.Popen[bytes]
    output: _Output

    def stop(self) -> None:
        """Kill it (if it still runs) and close its output."""
        _kill_group(self.proc)
        self.output.close()


def start_warm(run: Launcher, profile: Path) -> Warm | None:
    """Start LibreOffice on ``profile`` with no document, to take files later.

    It spends its ~0.45 s start-up while docgen validates and renders; a later
    :func:`run_soffice` call with ``warm`` set hands it the files over LibreOffice's own
    pipe (:func:`~docgen.output.office_pipe.hand_over`; a second ``soffice`` on the same
    profile does it when that fails) and waits until they are converted. Must be called
    from the thread that lives as long as the run (the parent-death signal follows it).
    """
    output = _Output()
    args = [run.program, f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless", "--norestore", "--nologo", "--nolockcheck"]
    try:
        proc = _spawn(args, run.env, output=output.write_fd)
    except OSError:
        output.close()
        return None
    return Warm(run, profile, proc, output)


def _exit_status(pid: int) -> int | None:
    """How our child ``pid`` ended (an exit code, or minus the signal); None while it runs.

    It is *not* reaped, so its pid stays taken.
    """
    try:
        info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return 0
    if info is None:
        return None
    return info.si_status if info.si_code == os.CLD_EXITED else -info.si_status


def _group_exited(pid: int) -> bool:
    """True when ``pid`` (our child) has exited."""
    return _exit_status(pid) is not None


def _watch(
    output: _Output,
    finished: Callable[[], bool],
    position: dict[str, int],
    *,
    timeout: float,
    deadline: float,
    on_started: Callable[[int], None],
    errors: list[str],
    linger: float,
    stop: threading.Event | None = None,
) -> str | None:
    """Follow the ``convert …`` lines until the call ends; "timeout"/"deadline"/"stopped"
    (``stop`` was set: the run is interrupted) if killed.

    The call has ended at the end of the output, or ``linger`` seconds after
    ``finished()`` became true while a process still holds the pipe open.
    """
    quiet_until = time.monotonic() + timeout  # the current document must finish by then
    exited_at: float | None = None
    while True:
        now = time.monotonic()
        if now >= min(quiet_until, deadline):
            return "deadline" if now >= deadline else "timeout"
        if stop is not None and stop.is_set():
            return "stopped"
        try:
            line = output.lines.get(timeout=min(min(quiet_until, deadline) - now, 0.05))
        except queue.Empty:
            # the call ended but a stray helper (or the pre-started one) still holds the pipe
            if exited_at is None and finished():
                exited_at = now
            if exited_at is not None and now - exited_at > linger:
                break
            continue
        if line is None:
            break
        match = _CONVERT_LINE.match(line)
        if match:
            k = position.get(Path(match.group(2)).name)
            if k is not None:
                quiet_until = time.monotonic() + timeout
                on_started(k)
        elif line.strip() and not line.startswith("Warning: failed to launch javaldx"):
            errors.append(line.strip())
    while not finished():
        now = time.monotonic()
        if now >= min(quiet_until, deadline):
            return "deadline" if now >= deadline else "timeout"
        if stop is not None and stop.is_set():
            return "stopped"
        time.sleep(0.01)
    return None


def run_soffice(
    run: Launcher,
    profile: Path,
    inputs: list[Path],
    outdir: Path,
    *,
    pdfa: bool,
    timeout: float,
    deadline: float,
    on_started: Callable[[int], None],
    warm: Warm | None = None,
    stop: threading.Event | None = None,
) -> CallResult:
    """Convert ``inputs`` into ``outdir`` with one soffice call.

    ``on_started(k)`` is called when LibreOffice starts exporting ``inputs[k]`` (so every
    earlier PDF is complete). The call is killed when no document finishes within
    ``timeout`` seconds, or at ``deadline`` (a :func:`time.monotonic` value). With
    ``warm`` (its profile must be ``profile``), that pre-started LibreOffice converts.
    When ``stop`` is set (Ctrl-C), the call is killed within 50 ms.
    """
    args = [
        run.program,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        f"--infilter={_DOCX_FILTER}",
        "--convert-to",
        _PDFA2_FILTER if pdfa else _PDF_FILTER,
        "--outdir",
        str(outdir),
        *(str(path) for path in inputs),
    ]
    position = {path.stem + ".pdf": k for k, path in enumerate(inputs)}
    output = warm.output if warm is not None else _Output()
    handover: Handover | None = None
    proc: subprocess.Popen[bytes] | None = None
    if warm is not None:  # no second soffice when the pipe protocol works
        # at "ProcessingDone" the call is over: end the output there (the process itself
        # exits ~0.06 s later, or is killed)
        handover = hand_over(warm.proc.pid, args[2:], greeting_timeout=min(timeout, 30.0),
                             on_done=functools.partial(output.lines.put, None))
    if handover is None:
        try:
            proc = _spawn(args, run.env, output=output.write_fd)
        except OSError as exc:
            if warm is not None:
                warm.stop()
            else:
                output.close()
            return CallResult(_("cannot run {program}: {exc}").format(
                program=run.program, exc=exc), False, [])
    output.writer_given()
    # An exited soffice may have left a helper holding the pipe: it gets 1 s.
    if handover is not None:
        finished, linger = handover.done.is_set, 0.1
    else:
        assert proc is not None
        finished, linger = functools.partial(_group_exited, proc.pid), 1.0
    errors: list[str] = []
    server_status: int | None = None
    try:
        killed = _watch(output, finished, position, timeout=timeout, deadline=deadline,
                        on_started=on_started, errors=errors, linger=linger, stop=stop)
        if warm is not None:
            server_status = _exit_status(warm.proc.pid)
    finally:
        returncode = _kill_group(proc) if proc is not None else 0
        if warm is not None:
            _kill_group(warm.proc)
        if handover is not None:
            handover.close()
        output.close()
    if returncode == 0 and server_status is not None and server_status < 0:
        returncode = server_status  # the pre-started LibreOffice crashed under the call
    if killed is None and handover is not None and not handover.ok and returncode == 0:
        returncode = server_status or 1  # it closed the pipe before it was done
    if killed == "timeout":
        reason = _("LibreOffice did not finish within {timeout:g} s on this document and was "
                   "killed").format(timeout=timeout)
    elif killed == "deadline":
        reason = _("not converted: the run's time budget ran out")
    elif killed == "stopped":
        reason = _("not converted: the run was interrupted")
    elif returncode == _RESTART:
        reason = _("LibreOffice restarted itself (a new profile)")
    elif returncode != 0:
        reason = (
            _("LibreOffice crashed (signal {signal})").format(signal=-returncode)
            if returncode < 0
            else _("LibreOffice exited with status {returncode}").format(returncode=returncode)
        )
    else:
        reason = None
    return CallResult(reason, killed == "timeout", errors)


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
