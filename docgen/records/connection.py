"""The journal's SQLite connection: opening, migrating, transactions, statements."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Self

from docgen.errors import JournalError
from docgen.i18n import _
from docgen.records.checks import DEFAULT_TIMEOUT
from docgen.records.row_chain import flush_rows, has_unchained_rows, install_capture
from docgen.records.schema import migrate, schema_version


def journal_timeout() -> float:
    """Seconds to wait for another docgen holding the journal: ``DOCGEN_JOURNAL_TIMEOUT``
    (default 30)."""
    value = os.environ.get("DOCGEN_JOURNAL_TIMEOUT", "").strip()
    try:
        seconds = float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 86400:
        raise JournalError(_("DOCGEN_JOURNAL_TIMEOUT must be a number of seconds, not "
                             "{value!r}").format(value=value))
    return seconds


class JournalConnection:
    """One connection to a journal file, migrated to the current schema on opening.

    ``create=False`` refuses to create a missing journal (for read-only commands).
    """

    def __init__(
        self, path: Path | str, *, timeout: float | None = None, create: bool = True
    ) -> None:
        self.path = Path(path)
        timeout = journal_timeout() if timeout is None else timeout
        if not self.path.exists():
            if not create:
                raise JournalError(_("{path}: no journal here (nothing archived yet?)").format(
                    path=self.path))
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise JournalError(_("{path}: cannot create the journal folder: {exc}").format(
                    path=self.path, exc=exc)) from exc
        self._depth = 0
        self._closed = False
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(_("{path}: cannot open the journal: {exc}").format(
                path=self.path, exc=exc)) from exc
        self._timeout = timeout
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._use_wal()
            migrate(self._conn)
            install_capture(self._conn)
        except sqlite3.OperationalError as exc:
            self._conn.close()
            raise self._busy(exc) from exc
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise JournalError(_("{path}: not a usable docgen journal ({exc}): restore "
                                 "it from a backup (`docgen archive backup` makes one) or move "
                                 "it aside to start a new journal").format(
                                     path=self.path, exc=exc)) from exc
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def copy_of(cls, path: Path | str) -> Self:
        """The journal at ``path`` copied into memory (empty if there is none), for a dry
        run: what is planned there is never written, and the file is only read."""
        copy = cls(":memory:")
        source = Path(path)
        if source.exists():
            try:
                # Without a write-ahead log beside it (no other connection), read it as
                # immutable: SQLite then makes no -wal/-shm files either.
                busy = source.with_name(source.name + "-wal").exists()
                mode = "mode=ro" if busy else "immutable=1"
                with closing(sqlite3.connect(f"{source.absolute().as_uri()}?{mode}",
                                             uri=True, timeout=copy._timeout)) as read:
                    read.backup(copy._conn)
                migrate(copy._conn)
            except sqlite3.Error as exc:
                copy.close()
                raise JournalError(_("{source}: cannot read the journal: {exc}").format(
                    source=source, exc=exc)) from exc
        copy.path = source
        return copy

    def _use_wal(self) -> None:
        """Write-ahead logging: readers never wait for a writer (kept in the file)."""
        with closing(self._conn.execute("PRAGMA journal_mode")) as cur:
            mode = str(cur.fetchone()[0]).lower()
        if mode != "wal":
            self._conn.execute("PRAGMA journal_mode = WAL")

    def _busy(self, exc: sqlite3.OperationalError) -> JournalError:
        """The error for a lock not obtained in time (or another operational failure)."""
        if "locked" in str(exc) or "busy" in str(exc):
            return JournalError(
                _("{path}: another docgen is writing to the journal; waited "
                  "{timeout:g} s for it to finish: try again when it is done").format(
                      path=self.path, timeout=self._timeout)
            )
        return JournalError(_("{path}: the journal is not usable: {exc}").format(
            path=self.path, exc=exc))

    # -- lifecycle

    def close(self) -> None:
        """Close the connection (chaining any row written outside a transaction first)."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self._depth and has_unchained_rows(self._conn):
                with self.transaction():
                    pass
        finally:
            self._conn.close()

    def __enter__(self) -> JournalConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        """The schema version of the open journal."""
        return schema_version(self._conn)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction (``BEGIN IMMEDIATE``); nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._busy(exc) from exc
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        try:
            flush_rows(self._conn)
        except BaseException:
            self._depth = 0
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise JournalError(_("{path}: cannot save the journal: {exc}").format(
                path=self.path, exc=exc)) from exc

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with closing(self._conn.execute(sql, params)) as cur:
            return cur.fetchall()

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement; return its lastrowid. Integrity errors → JournalError.

        Outside a transaction the statement gets its own, so its rows are chained.
        """
        if not self._conn.in_transaction:
            with self.transaction():
                return self._exec(sql, params)
        try:
            with closing(self._conn.execute(sql, params)) as cur:
                return int(cur.lastrowid or 0)
        except sqlite3.IntegrityError as exc:
            raise JournalError(_("{path}: the journal refused the change: {exc}").format(
                path=self.path, exc=exc)) from exc
