"""Interrupted archive steps: an intent written before the files move, undone or finished later.

An archive step moves files (the old copy aside, the new one in place) inside the
journal's write transaction. Before the first move it writes an *intent*
(``<archive>/.pending/<doc id>.json``, flushed to disk); after the journal commits it
removes it. If the process dies in between, the next command that takes the journal's
write lock finds the intent and:

* **completes** the step when the journal committed (the journal already names the new
  file and the old copy kept aside), by removing the intent;
* **rolls it back** otherwise: the new file goes, the old copy returns to its place.

Either way no copy is left orphaned, and the archive matches the journal again.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from docgen.archive.fileops import fsync_dir, inside, sha256_file
from docgen.errors import ArchiveError
from docgen.i18n import _
from docgen.records.journal import Journal

PENDING_DIR = ".pending"

__all__ = ["PENDING_DIR", "Intent", "recover_pending"]


@dataclass(frozen=True)
class Intent:
    """The file steps of one archive write: paths relative to the archive folder."""

    doc_id: str
    dest: str
    aside: str | None
    old_sha256: str | None
    new_sha256: str

    def write(self, root: Path) -> Path:
        """Store the intent durably under ``root``; return its file."""
        folder = root / PENDING_DIR
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.doc_id}.json"
        with path.open("w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle)
            handle.flush()
            os.fsync(handle.fileno())
        fsync_dir(folder)
        return path


def _read(path: Path) -> Intent:
    try:
        return Intent(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ArchiveError(_("{path}: unreadable record of an interrupted archive step: "
                             "{error}").format(path=path, error=exc)) from exc


def _roll_back(root: Path, intent: Intent) -> None:
    dest = inside(root, intent.dest)
    aside = inside(root, intent.aside) if intent.aside else None
    if dest is None or (intent.aside and aside is None):
        raise ArchiveError(_(
            "the interrupted archive step of {doc_id} names a path outside the archive "
            "({dest}, {aside}); it was not undone").format(doc_id=intent.doc_id,
                                                          dest=intent.dest, aside=intent.aside))
    if dest.is_file() and sha256_file(dest) == intent.new_sha256:
        dest.unlink()
    if aside is not None and aside.is_file() and not dest.exists():
        os.rename(aside, dest)
    for temp in dest.parent.glob(".tmp-*.pdf"):  # a write cut short
        with suppress(OSError):
            temp.unlink()
    fsync_dir(dest.parent)


def recover_pending(journal: Journal, root: Path | str) -> list[str]:
    """Complete or roll back every interrupted archive step; say what was done."""
    root = Path(root).absolute()
    folder = root / PENDING_DIR
    if not folder.is_dir() or not any(folder.glob("*.json")):
        return []
    done: list[str] = []
    with journal.transaction():  # the writer that left the intent no longer holds the lock
        for path in sorted(folder.glob("*.json")):
            intent = _read(path)
            record = journal.get(intent.doc_id)
            if (
                record is not None
                and record.archived_sha256 == intent.new_sha256
                and record.archived_path == intent.dest
            ):
                done.append(f"completed the interrupted archive step of {intent.doc_id} "
                            f"({intent.dest})")
            else:
                _roll_back(root, intent)
                done.append(f"rolled back the interrupted archive step of {intent.doc_id}: "
                            f"{intent.dest} is the archived copy again")
            path.unlink()
        with suppress(OSError):
            folder.rmdir()
    return done
