"""File steps of the archive: hashing, and writes that are undone if a step fails."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

__all__ = ["FileOps", "fsync_dir", "inside", "sha256_file"]


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _utc_stamp() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fsync_dir(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def inside(root: Path, rel: str | None) -> Path | None:
    """``root / rel`` if ``rel`` is a plain relative path that stays inside ``root``, else None.

    An archived path pointing elsewhere (absolute, ``..``, a symlink out) means the
    journal was edited: docgen never reads or writes there.
    """
    if not rel or rel.startswith(("/", "\\")) or "\\" in rel:
        return None
    parts = Path(rel).parts
    if not parts or any(part in ("", ".", "..") for part in parts) or Path(rel).is_absolute():
        return None
    path = root / rel
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return path


def aside_name(path: Path) -> Path:
    """A free ``<stem>.replaced-<UTC stamp>.pdf`` beside ``path`` for its old copy."""
    stamp = _utc_stamp()
    aside = path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.stem}.replaced-{stamp}-{counter}{path.suffix}")
    return aside


class FileOps:
    """File changes of one archive step, undone in reverse order if the step fails."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def undo(self) -> None:
        for step in reversed(self._undo):
            with suppress(OSError):
                step()
        self._undo.clear()

    def make_dirs(self, folder: Path) -> None:
        created: list[Path] = []
        probe = folder
        while not probe.exists():
            created.append(probe)
            probe = probe.parent
        folder.mkdir(parents=True, exist_ok=True)
        for made in reversed(created):  # undo runs backwards: deepest folder first
            self._undo.append(made.rmdir)

    def keep_aside(self, path: Path, aside: Path) -> Path:
        """Rename ``path`` to ``aside`` (see :func:`aside_name`) and return ``aside``."""
        os.rename(path, aside)
        self._undo.append(lambda: os.rename(aside, path))
        return aside

    def write_read_only(self, data: bytes, dest: Path) -> None:
        """Write ``data`` to ``dest`` atomically (temp file + os.replace), mode 0o444."""
        fd, temp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o444)
            os.replace(temp, dest)
        except BaseException:
            with suppress(OSError):
                os.unlink(temp)
            raise
        self._undo.append(dest.unlink)
        fsync_dir(dest.parent)

