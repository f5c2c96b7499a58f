"""All or nothing, even under kill -9: the files of one run switched into a folder together.

A run builds the complete new folder beside the target (``<parent>/.docgen-run-<pid>-<token>-
<name>/new/``): its own files, plus hard links to everything in the target that docgen does
not own or does not replace this time (:func:`~docgen.rendering.outtree.carry_over`). Then
one ``renameat2(RENAME_EXCHANGE)`` swaps the two folders, so a person, a print script or a
file sync looking at any instant sees the complete old set or the complete new set. Before
anything moves, every path the run writes or removes is checked
(:func:`~docgen.rendering.outtree.check_way`): no symbolic link on the way, and nothing in
the way that docgen did not write.

A run whose papers are numbered registers them in the journal first and swaps second; its
record (``commit.json``) lets the next run finish the swap if a kill came in between (roll
forward), or drop the run if the journal does not have it (roll back). Where the file system
cannot swap folders, files are moved one by one behind the same record (and a note says so).
Two runs into one folder switch one at a time (:func:`folder_lock`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import OutputError
from docgen.i18n import _
from docgen.rendering.outtree import (
    UNSWAPPABLE,
    carry_over,
    check_way,
    drain,
    exchange,
    prune,
    refuse_link,
    written_by_docgen,
)

STAGING_PREFIX = ".docgen-run-"
RECORD = "commit.json"
LOCK_WAIT = 60.0
"""Seconds a run waits for another run to finish switching files into the same folder
(``DOCGEN_LOCK_WAIT`` overrides it); a switch takes milliseconds."""


def _advice(exc: OSError) -> str:
    """What to do about a failed write, in words."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("the disk is full: free some space and run again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("docgen may not write there: check the folder's permissions or choose --out")
    return _("check the folder and run again")


def write_error(path: Path, exc: OSError) -> OutputError:
    """One clear message for a failed write: the path, the reason, what to do."""
    return OutputError(_("cannot write {path}: {reason} ({advice}); "
                         "nothing was changed").format(
                             path=path, reason=exc.strerror or exc, advice=_advice(exc)))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@functools.lru_cache(maxsize=4096)  # a run asks for each file's parts several times
def _rel_parts(rel: str) -> tuple[str, ...]:
    path = Path(rel)
    parts = path.parts
    if not parts or path.is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise OutputError(_("refusing to write outside the output folder: {rel}").format(rel=rel))
    return parts


def _lock_wait() -> float:
    value = os.environ.get("DOCGEN_LOCK_WAIT", "").strip()
    try:
        return max(0.0, float(value)) if value else LOCK_WAIT
    except ValueError:
        return LOCK_WAIT


def _same(fd: int, folder: Path) -> bool:
    try:
        here, now = os.fstat(fd), os.stat(folder)
    except OSError:
        return True
    return (here.st_dev, here.st_ino) == (now.st_dev, now.st_ino)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder`` while one run switches its files in (an exclusive ``flock`` on the
    folder itself: no lock file; the kernel drops it when the process dies, even by kill -9).
    A swap puts a new folder under the name, so a lock won on the old one is tried again.

    Waits :data:`LOCK_WAIT` seconds for another run, then refuses with nothing changed.
    Where locks are not available (no ``fcntl``, a file system without them) it goes on
    unlocked, as before.
    """
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        yield
        return
    deadline = time.monotonic() + _lock_wait()
    while True:
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            yield
            return
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OutputError(
                            _("another docgen run is writing into {folder}: wait for it to "
                              "finish and run again (nothing was changed)").format(
                                  folder=folder)) from None
                    time.sleep(0.05)
                except OSError:  # the file system does not lock
                    break
            if _same(fd, folder):
                yield
                return
        finally:
            os.close(fd)


Judge = Callable[[dict], bool]
"""Whether the journal has the documents a run's record lists (``record["journal"]``)."""


def _mount_point(folder: Path) -> bool:
    try:
        return os.stat(folder).st_dev != os.stat(folder.parent).st_dev
    except OSError:
        return False


def _stages(folder: Path) -> list[Path]:
    """This folder's staging folders beside it (and inside it, from older docgen versions)."""
    found = []
    for where, inside in ((folder.parent, False), (folder, True)):
        try:
            names = [p for p in where.iterdir() if p.name.startswith(STAGING_PREFIX)]
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise OutputError(_("cannot read {where}: {reason}").format(
                where=where, reason=exc.strerror or exc)) from None
        for stage in names:
            rest = stage.name[len(STAGING_PREFIX):].split("-", 2)
            if inside or (len(rest) == 3 and rest[2] == folder.name):
                found.append(stage)
    return found


def recover(folder: Path, judge: Judge | None = None) -> None:
    """Finish (roll forward) or undo (roll back) every interrupted run into ``folder``.

    A registered run's record is decided by ``judge`` (the journal); without one it is
    left for a run that can ask the journal (the folder shows the old set meanwhile)."""
    if not folder.is_dir() or folder.is_symlink():
        return
    with folder_lock(folder):
        _remove_stale_parts(folder)
        for stage in _stages(folder):
            pid = stage.name[len(STAGING_PREFIX):].split("-", 1)[0]
            if pid.isdigit() and _pid_alive(int(pid)):
                continue  # another docgen run is writing there right now
            try:
                _recover_stage(folder, stage, judge)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                reason = (exc.strerror if isinstance(exc, OSError)
                          else _("damaged record ({exc})").format(exc=exc))
                raise OutputError(_("cannot finish an interrupted docgen run in {stage}: "
                                    "{reason}; fix the folder's permissions (or delete that "
                                    "folder to discard the interrupted run) and run again").format(
                                        stage=stage, reason=reason)
                                  ) from None


def _recover_stage(folder: Path, stage: Path, judge: Judge | None) -> None:
    record = stage / RECORD
    plan = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else None
    if plan is None:  # killed before it decided: drop it (a swapped-out old folder too)
        shutil.rmtree(stage)
        return
    if plan.get("journal") is not None:
        if judge is None:
            return
        if not judge(plan["journal"]):
            shutil.rmtree(stage)  # the journal does not have it: roll back
            return
    if plan.get("swap"):
        now = os.lstat(folder)
        if [now.st_dev, now.st_ino] != plan["swap"]:  # not swapped yet: roll forward
            skip = set(plan["files"]) | set(plan["delete"])
            for rel in sorted(skip):
                check_way(folder, _rel_parts(rel), owned=written_by_docgen)
            carry_over(folder, stage / "new", skip)
            if exchange(stage / "new", folder):
                drain(stage / "new", folder, skip)
                shutil.rmtree(stage)
                return
            # (a file system that cannot swap now: moved file by file below)
        else:
            shutil.rmtree(stage)
            return
    for rel in plan["delete"]:
        check_way(folder, _rel_parts(rel))
        (folder.joinpath(*_rel_parts(rel))).unlink(missing_ok=True)
    for rel in plan["files"]:
        new = stage.joinpath("new", *_rel_parts(rel))
        if new.exists():
            check_way(folder, _rel_parts(rel))
            target = folder.joinpath(*_rel_parts(rel))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new, target)
    shutil.rmtree(stage)


STALE_SECONDS = 600
"""A ``.part`` file this old beside the outputs is a leftover of an interrupted write."""


def _remove_stale_parts(folder: Path) -> None:
    """Remove ``.<name>.….part`` files that interrupted writes of older docgen versions (and
    of ``docgen pdf``) left in ``folder``, once they are :data:`STALE_SECONDS` old."""
    limit = time.time() - STALE_SECONDS
    for part in folder.rglob(".*.part"):
        if any(p.startswith(STAGING_PREFIX) for p in part.relative_to(folder).parts):
            continue
        with contextlib.suppress(OSError):
            if part.is_file() and part.stat().st_mtime < limit:
                part.unlink()


@dataclass
class Transaction:
    """The files of one run into ``folder``: :meth:`add` stages, :meth:`commit` switches.

    ``previous(folder)``: the files an earlier run's manifest in the folder lists (docgen's,
    replaced or removed by this run); ``judge``: how recovery asks the journal."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    delete: set[str] = field(default_factory=set)
    previous: Callable[[Path], set[str]] | None = None
    judge: Judge | None = None
    notes: list[str] = field(default_factory=list)
    stage: Path | None = None
    _made: list[Path] = field(default_factory=list)
    _registered: bool = False

    def begin(self) -> Transaction:
        """Recover what an interrupted run left, then open this run's staging folder."""
        refuse_link(self.folder)
        recover(self.folder, self.judge)
        missing = [p for p in (self.folder, *self.folder.parents) if not p.exists()]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._made = list(missing)
            name = f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
            if _mount_point(self.folder):  # nothing can be swapped with it: inside it
                stage = self.folder / name
            else:
                stage = self.folder.parent / f"{name}-{self.folder.name}"
            (stage / "new").mkdir(parents=True)
        except OSError as exc:
            self._remove_made()
            raise write_error(self.folder, exc) from None
        self.stage = stage
        return self

    @property
    def new_root(self) -> Path:
        """Where this run's files are staged (mirrors ``folder``)."""
        assert self.stage is not None, "begin() first"
        return self.stage / "new"

    def staged_path(self, rel: str) -> Path:
        """The staging path of ``rel`` (a path relative to ``folder``)."""
        return self.new_root.joinpath(*_rel_parts(rel))

    def add(self, rel: str, data: bytes) -> Path:
        """Stage ``data`` as ``folder/rel``; returns the staged path."""
        path = self.staged_path(rel)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)
        except OSError as exc:
            raise write_error(self.folder.joinpath(*_rel_parts(rel)), exc) from None
        self.files[rel] = path
        return path

    def adopt(self, staged: Path) -> str:
        """Take a file written into the staging folder by someone else (a PDF)."""
        rel = Path(staged).relative_to(self.new_root).as_posix()
        self.files[rel] = Path(staged)
        return rel

    def target(self, rel: str) -> Path:
        """The final path of ``rel``."""
        return self.folder.joinpath(*_rel_parts(rel))

    def commit(self, register: Callable[[], object] | None = None,
               journal: dict | None = None) -> list[Path]:
        """Check the way, build the new folder, then swap it in; the final paths.

        ``register`` (numbered papers: it commits them to the journal, described by
        ``journal`` for recovery) runs after every check and before anything is visible:
        if it fails, nothing changed. Another run switching into the same folder is waited
        for (:func:`folder_lock`)."""
        assert self.stage is not None, "begin() first"
        self._registered = False
        try:
            with folder_lock(self.folder):
                self._check()
                swap = self._carry()
                self._record(swap, journal)
                if register is not None:
                    register()
                    self._registered = True
                return self._switch(swap)
        except BaseException:
            if self.stage is not None and not self._registered:
                self.rollback()
            raise

    def _failed(self, path: Path, exc: OSError) -> OutputError:
        if not self._registered:
            return write_error(path, exc)
        return OutputError(_("cannot write {path}: {reason}; the journal has "
                             "the new papers, the folder still shows the old ones: the next "
                             "docgen run into it puts the new ones in place").format(
                                 path=path, reason=exc.strerror or exc))

    def _check(self) -> None:
        """Every path this run writes or removes: no link, nothing docgen does not own."""
        listed = self.previous(self.folder) if self.previous is not None else set()
        self.delete |= listed - set(self.files)
        seen: dict[Path, bool] = {}

        def owned(path: Path) -> bool:
            return path.relative_to(self.folder).as_posix() in listed or written_by_docgen(path)

        for rel in sorted(self.files):
            check_way(self.folder, _rel_parts(rel), owned=owned, seen=seen)
        self._drop_stale_pdfs()
        for rel in sorted(self.delete - set(self.files)):
            check_way(self.folder, _rel_parts(rel), owned=owned, seen=seen)
        self.delete -= set(self.files)

    def _drop_stale_pdfs(self) -> None:
        """A DOCX and its PDF are one unit: a PDF beside a DOCX this run changes goes."""
        for rel in list(self.files):
            if not rel.endswith(".docx"):
                continue
            pdf = rel[: -len(".docx")] + ".pdf"
            if pdf in self.files or not os.path.lexists(self.target(pdf)):
                continue
            old = self.target(rel)
            try:
                same = old.is_file() and old.read_bytes() == self.files[rel].read_bytes()
            except OSError:
                same = False
            if not same:
                self.delete.add(pdf)

    def _carry(self) -> bool:
        """Link what stays into the new folder; False where the file system cannot."""
        import errno

        assert self.stage is not None
        if self.stage.parent == self.folder:
            return False
        try:
            with contextlib.suppress(OSError):  # the folder keeps its permissions
                os.chmod(self.new_root, stat.S_IMODE(os.stat(self.folder).st_mode))
            prune(self.new_root, self.files)
            carry_over(self.folder, self.new_root, set(self.files) | self.delete)
        except OSError as exc:
            if exc.errno in (errno.EPERM, errno.EMLINK, errno.EXDEV, errno.ENOTSUP,
                             errno.EOPNOTSUPP, errno.ENOSYS):
                return False
            raise write_error(self.folder, exc) from None
        return True

    def _record(self, swap: bool, journal: dict | None) -> None:
        """Write ``commit.json``: what to finish if this run is killed (only needed for a
        registered run, or to move files one by one)."""
        if journal is None and swap:
            return
        assert self.stage is not None
        info = os.lstat(self.new_root)
        plan = {"files": sorted(self.files), "delete": sorted(self.delete),
                "swap": [info.st_dev, info.st_ino] if swap else None, "journal": journal}
        partial = self.stage / (RECORD + ".part")
        try:
            partial.write_text(json.dumps(plan), encoding="utf-8")
            os.replace(partial, self.stage / RECORD)
        except OSError as exc:
            raise write_error(self.folder, exc) from None

    def _switch(self, swap: bool) -> list[Path]:
        assert self.stage is not None
        skip = set(self.files) | self.delete
        try:
            swapped = swap and exchange(self.new_root, self.folder)
        except OSError as exc:
            raise self._failed(self.folder, exc) from None
        if swapped:
            drain(self.new_root, self.folder, skip)
            self._finish()
            return [self.target(rel) for rel in self.files]
        self.notes.append(_(UNSWAPPABLE))
        return self._move_files()

    def _move_files(self) -> list[Path]:
        """Where folders cannot be swapped: each old file aside, each new one in place."""
        assert self.stage is not None
        done: list[tuple[Path, Path | None, Path | None]] = []  # target, old copy, staged
        old_root = self.stage / "old"
        current = self.folder
        try:
            for rel in sorted(self.delete) + sorted(self.files):
                current = self.target(rel)
                backup = None
                if os.path.lexists(current):
                    backup = old_root.joinpath(*_rel_parts(rel))
                    backup.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(current, backup)
                done.append((current, backup, None))
                if rel in self.files:
                    current.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.files[rel], current)
                    done[-1] = (current, backup, self.files[rel])
        except OSError as exc:
            self._undo(done)
            raise self._failed(current, exc) from None
        self._finish()
        return [self.target(rel) for rel in self.files]

    def _undo(self, done: list[tuple[Path, Path | None, Path | None]]) -> None:
        """Put every old file back after a failed switch (the new ones back in the staging
        folder); a registered run's record stays for the next run to finish."""
        assert self.stage is not None
        for target, backup, staged in reversed(done):
            with contextlib.suppress(OSError):
                if staged is not None:
                    os.replace(target, staged)
                if backup is not None:
                    os.replace(backup, target)
        if not self._registered:
            self.rollback()

    def _finish(self) -> None:
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)
            self.stage = None

    def rollback(self) -> None:
        """Drop the staging folder and the folders this run created."""
        self._finish()
        self.files.clear()
        self._remove_made()

    def _remove_made(self) -> None:
        for folder in self._made:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._made = []
