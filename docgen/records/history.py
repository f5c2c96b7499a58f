"""The journal's chained history: events, the chain head, its check, and backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from docgen.errors import JournalError
from docgen.i18n import _
from docgen.records.chain import ChainProblem, append_event, check_chain, head
from docgen.records.checks import utc_now
from docgen.records.connection import JournalConnection
from docgen.records.rows import HistoryEvent


class HistoryLog(JournalConnection):
    """Events per document, each chained to the one before (see :mod:`docgen.records.chain`)."""

    def log(self, doc_id: str, event: str, detail: str = "") -> None:
        """Append an event to the chained history of ``doc_id`` (with its state now)."""
        with self.transaction():
            append_event(self._conn, doc_id, utc_now(), event, detail)

    def history(self, doc_id: str | None = None, *, event: str | None = None) -> list[HistoryEvent]:
        """Events of ``doc_id`` (or of every document), oldest first, optionally one kind."""
        where: list[str] = ["doc_id IS NOT NULL"]  # not the records of the roll's rows
        params: list[Any] = []
        if doc_id is not None:
            where.append("doc_id = ?")
            params.append(doc_id)
        if event is not None:
            where.append("event = ?")
            params.append(event)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(
            f"SELECT doc_id, at, event, detail FROM history{clause} ORDER BY id", params
        )
        return [HistoryEvent(**dict(row)) for row in rows]

    def head(self) -> tuple[int, str] | None:
        """``(record number, chain hash)`` of the newest event; None for an empty journal."""
        return head(self._conn)

    def check_chain(self, head_hash: str | None = None) -> list[ChainProblem]:
        """Every break of the chain (and, with ``head_hash``, whether it still extends it)."""
        return check_chain(self._conn, head_hash=head_hash)

    def backup(self, target: Path | str) -> Path:
        """A consistent copy of the journal at ``target`` (SQLite's online backup API).

        Works while other processes read and write; refuses to overwrite a file.
        """
        target = Path(target)
        if target.exists():
            raise JournalError(_("{target}: already exists; give a new file for the backup").format(
                target=target))
        partial = target.with_name(f".{target.name}.partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(str(partial)) as copy:
                self._conn.backup(copy)
            copy.close()
            partial.replace(target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise JournalError(_("{target}: cannot write the backup: {exc}").format(
                target=target, exc=exc)) from exc
        return target
