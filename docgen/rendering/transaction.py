"""All or nothing, even under kill -9: the files of one run switched into a folder together.

A run writes every file into a staging folder inside the target folder
(``<folder>/.docgen-run-<pid>-<token>/new/…``). To commit it writes a small record
(``commit.json``: the files to place and the stale ones to remove), then moves each old
file aside (``old/…``) and renames the new one into place. The record is the switch:

- killed before the record exists → the next run removes the staging folder (roll back);
- killed after → the next run finishes the renames (roll forward);
- an error while switching → every step is undone and the old files are back.

So a folder is only ever seen by a docgen run with the complete old set or the complete
new set, and no staging folder outlives the next run. Two runs into one folder switch one
at a time (:func:`folder_lock`), so their files never mix: the folder holds the complete set
of the run that finished last.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import OutputError

STAGING_PREFIX = ".docgen-run-"
RECORD = "commit.json"
LOCK_WAIT = 60.0
"""Seconds a run waits for another run to finish switching files into the same folder
(``DOCGEN_LOCK_WAIT`` overrides it); a switch takes milliseconds."""


def _advice(exc: OSError) -> str:
    """What to do about a failed write, in words."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full: free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "docgen may not write there: check the folder's permissions or choose --out"
    return "check the folder and run again"


def write_error(path: Path, exc: OSError) -> OutputError:
    """One clear message for a failed write: the path, the reason, what to do."""
    return OutputError(f"cannot write {path}: {exc.strerror or exc} ({_advice(exc)}); "
                       "nothing was changed")


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
        raise OutputError(f"refusing to write outside the output folder: {rel}")
    return parts


def _lock_wait() -> float:
    value = os.environ.get("DOCGEN_LOCK_WAIT", "").strip()
    try:
        return max(0.0, float(value)) if value else LOCK_WAIT
    except ValueError:
        return LOCK_WAIT


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder`` while one run switches its files in (an exclusive ``flock`` on the
    folder itself: no lock file; the kernel drops it when the process dies, even by kill -9).

    Waits :data:`LOCK_WAIT` seconds for another run, then refuses with nothing changed.
    Where locks are not available (no ``fcntl``, a file system without them) it goes on
    unlocked, as before.
    """
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + _lock_wait()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"another docgen run is writing into {folder}: wait for it to "
                        "finish and run again (nothing was changed)") from None
                time.sleep(0.05)
            except OSError:  # the file system does not lock
                break
        yield
    finally:
        os.close(fd)


def recover(folder: Path) -> None:
    """Finish (roll forward) or undo (roll back) every interrupted run in ``folder``."""
    if not folder.is_dir():
        return
    with folder_lock(folder):
        _recover(folder)


def _recover(folder: Path) -> None:
    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX)]
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise OutputError(f"cannot read {folder}: {exc.strerror or exc}") from None
    _remove_stale_parts(folder)
    for stage in leftovers:
        pid = stage.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and _pid_alive(int(pid)):
            continue  # another docgen run is writing there right now
        record = stage / RECORD
        try:
            if record.is_file():
                plan = json.loads(record.read_text(encoding="utf-8"))
                for rel in plan["delete"]:
                    (folder.joinpath(*_rel_parts(rel))).unlink(missing_ok=True)
                for rel in plan["files"]:
                    new = stage.joinpath("new", *_rel_parts(rel))
                    if new.exists():
                        target = folder.joinpath(*_rel_parts(rel))
                        target.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(new, target)
            shutil.rmtree(stage)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else f"damaged record ({exc})"
            raise OutputError(f"cannot finish an interrupted docgen run in {stage}: {reason}; "
                              "fix the folder's permissions (or delete that folder to "
                              "discard the interrupted run) and run again") from None


STALE_SECONDS = 600
"""A ``.part`` file this old beside the outputs is a leftover of an interrupted write."""


def _remove_stale_parts(folder: Path) -> None:
    """Remove ``.<name>.….part`` files that interrupted writes of older docgen versions (and
    of ``docgen pdf``) left in ``folder``, once they are :data:`STALE_SECONDS` old."""
    import time

    limit = time.time() - STALE_SECONDS
    for part in folder.rglob(".*.part"):
        if any(p.startswith(STAGING_PREFIX) for p in part.relative_to(folder).parts):
            continue
        with contextlib.suppress(OSError):
            if part.is_file() and part.stat().st_mtime < limit:
                part.unlink()


@dataclass
class Transaction:
    """The files of one run into ``folder``: :meth:`add` stages, :meth:`commit` switches."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    delete: set[str] = field(default_factory=set)
    stage: Path | None = None
    _made: list[Path] = field(default_factory=list)

    def begin(self) -> Transaction:
        """Recover what an interrupted run left, then open this run's staging folder."""
        recover(self.folder)
        missing = [p for p in (self.folder, *self.folder.parents) if not p.exists()]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._made = list(missing)
            stage = self.folder / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
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

    def drop_stale_pdfs(self) -> None:
        """A DOCX and its PDF are one unit: a PDF beside a DOCX this run changes goes."""
        for rel in list(self.files):
            if not rel.endswith(".docx"):
                continue
            pdf = rel[: -len(".docx")] + ".pdf"
            if pdf in self.files or not self.target(pdf).exists():
                continue
            old = self.target(rel)
            try:
                same = old.is_file() and old.read_bytes() == self.files[rel].read_bytes()
            except OSError:
                same = False
            if not same:
                self.delete.add(pdf)

    def commit(self) -> list[Path]:
        """Write the record, then switch every file into place; the final paths.

        Another run switching into the same folder is waited for (:func:`folder_lock`)."""
        assert self.stage is not None, "begin() first"
        try:
            with folder_lock(self.folder):
                return self._switch()
        except OutputError:
            if self.stage is not None:
                self.rollback()
            raise

    def _switch(self) -> list[Path]:
        assert self.stage is not None
        self.delete -= set(self.files)
        record = self.stage / RECORD
        partial = self.stage / (RECORD + ".part")
        try:
            partial.write_text(json.dumps({"files": sorted(self.files),
                                           "delete": sorted(self.delete)}), encoding="utf-8")
            os.replace(partial, record)
        except OSError as exc:
            self.rollback()
            raise write_error(self.folder, exc) from None
        done: list[tuple[Path, Path | None]] = []  # (target, its old copy)
        old_root = self.stage / "old"
        current = self.folder
        whole = self._whole_folders()
        placed = {rel for rels in whole.values() for rel in rels}
        try:
            for top in sorted(whole):  # a new folder moves in with one rename, not one per file
                current = self.target(top)
                os.replace(self.new_root / top, current)
                done.append((current, None))
            for rel in sorted(self.delete) + sorted(set(self.files) - placed):
                current = self.target(rel)
                backup = None
                if current.exists():
                    backup = old_root.joinpath(*_rel_parts(rel))
                    backup.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(current, backup)
                if rel in self.files:
                    done.append((current, backup))
                    current.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.files[rel], current)
                else:
                    done.append((current, backup))
        except OSError as exc:
            self._undo(done, record)
            raise write_error(current, exc) from None
        self._finish()
        return [self.target(rel) for rel in self.files]

    def _whole_folders(self) -> dict[str, list[str]]:
        """Top-level folders of this run that do not exist in ``folder`` yet, by name, with
        their files: each holds exactly this run's files at their staged paths, so the
        staged folder itself can be renamed into place (on a slow disk, creating the
        folders and moving the files one by one is most of a batch's commit)."""
        assert self.stage is not None
        tops: dict[str, list[str]] = {}
        for rel in self.files:
            parts = _rel_parts(rel)
            if len(parts) > 1:
                tops.setdefault(parts[0], []).append(rel)
        whole = {}
        for top, rels in tops.items():
            staged = self.new_root / top
            if (os.path.lexists(self.target(top)) or staged.is_symlink()
                    or any(self.files[rel] != self.staged_path(rel) for rel in rels)):
                continue
            present = {p.relative_to(self.new_root).as_posix()
                       for p in staged.rglob("*") if not p.is_dir() or p.is_symlink()}
            if present == set(rels):
                whole[top] = rels
        return whole

    def _undo(self, done: list[tuple[Path, Path | None]], record: Path) -> None:
        """Put every old file back after a failed switch, then drop the staging folder."""
        with contextlib.suppress(OSError):
            record.unlink()
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None and backup.exists():
                    os.replace(backup, target)
                elif backup is None and target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)  # a folder this run moved in whole
                elif backup is None:
                    target.unlink(missing_ok=True)
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
