"""The registration journal: one SQLite file that knows every document docgen made.

The journal lives at ``<archive dir>/journal.sqlite`` (see :func:`resolve_archive_dir`).
Three tables hold the state, one holds the log:

``registrations``
    One row per registration number: ``(body, region, kind, year, number)`` is unique.
    The Russian and Kazakh copies of one document share the row, so a number is
    unique per *document*, not per language. ``holder`` is an optional key chosen by
    the caller (e.g. the data file's id) naming the document a number belongs to,
    so that regenerating the same document does not take a new number.
``documents``
    One row per generated file (``doc_id``, one language). ``(body, region, kind, year,
    reg_number)`` references ``registrations``; ``(..., reg_number, lang)`` is unique.
    ``status`` only moves forward: generated → signed → archived (a trigger refuses
    going back). ``pdf_sha256`` is the PDF docgen wrote; ``archived_sha256`` is the
    signed PDF kept in the archive.
``signatures``
    The signatures found in the archived PDF, in signing order.
``history``
    Events per document (generated, regenerated, signed, archived, replaced, restored),
    with a JSON detail where useful.

Every write runs in ``BEGIN IMMEDIATE`` with a busy timeout, so several processes can
share one journal. The schema is versioned with ``PRAGMA user_version``: each step of
:data:`MIGRATIONS` turns version ``n`` into ``n + 1`` and all pending steps run in one
transaction. Timestamps are UTC ISO-8601 strings.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from docgen.errors import JournalError

KINDS = ("notice", "agenda", "minutes", "decision", "order")
BODIES = ("assembly", "council", "small_assembly")
LANGS = ("ru", "kk")
STATUSES = ("generated", "signed", "archived")
JOURNAL_NAME = "journal.sqlite"
ENV_ARCHIVE = "DOCGEN_ARCHIVE"
DEFAULT_TIMEOUT = 30.0

# Names that end up in archive file names: letters, digits, '_' and '-', no dots or slashes.
_SAFE_NAME = re.compile(r"^\w[\w-]{0,63}$")


def resolve_archive_dir(explicit: Path | str | None = None) -> Path:
    """The archive folder: ``explicit``, else ``$DOCGEN_ARCHIVE``, else ``./archive``."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = os.environ.get(ENV_ARCHIVE, "").strip()
    if from_env:
        return Path(from_env)
    return Path("archive")


def journal_path(archive_dir: Path | str) -> Path:
    """Where the journal of ``archive_dir`` lives."""
    return Path(archive_dir) / JOURNAL_NAME


def utc_now() -> str:
    """The current UTC time as ISO-8601, to the second (``2025-03-01T09:30:00+00:00``)."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Record:
    """One row of ``documents``: one generated file in one language."""

    doc_id: str
    kind: str
    body: str
    region: str
    year: int
    reg_number: int | None
    doc_date: str
    lang: str
    data_sha256: str | None
    docx_sha256: str | None
    pdf_sha256: str | None
    status: str
    archived_path: str | None
    archived_sha256: str | None
    signer_name: str | None
    signed_at: str | None
    signature_type: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class SignatureRecord:
    """One signature of an archived PDF. ``intact``/``valid`` are None when not checked."""

    field_name: str
    signer_name: str | None
    signed_at: str | None
    signature_type: str | None
    intact: bool | None
    valid: bool | None
    trust: str


@dataclass(frozen=True)
class HistoryEvent:
    """One entry of a document's history."""

    doc_id: str
    at: str
    event: str
    detail: str


_RECORD_COLUMNS = ", ".join(f.name for f in fields(Record))


# ---------------------------------------------------------------------------- schema

_SCHEMA_V1 = (
    """
    CREATE TABLE registrations (
        id          INTEGER PRIMARY KEY,
        body        TEXT NOT NULL,
        region      TEXT NOT NULL DEFAULT '',
        kind        TEXT NOT NULL,
        year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
        number      INTEGER NOT NULL CHECK (number >= 1),
        holder      TEXT,
        created_at  TEXT NOT NULL,
        UNIQUE (body, region, kind, year, number),
        UNIQUE (body, region, kind, year, holder)
    )
    """,
    """
    CREATE TABLE documents (
        doc_id          TEXT PRIMARY KEY,
        kind            TEXT NOT NULL,
        body            TEXT NOT NULL,
        region          TEXT NOT NULL DEFAULT '',
        year            INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
        reg_number      INTEGER CHECK (reg_number >= 1),
        doc_date        TEXT NOT NULL,
        lang            TEXT NOT NULL CHECK (lang IN ('ru', 'kk')),
        data_sha256     TEXT,
        docx_sha256     TEXT,
        pdf_sha256      TEXT,
        status          TEXT NOT NULL DEFAULT 'generated'
                        CHECK (status IN ('generated', 'signed', 'archived')),
        archived_path   TEXT UNIQUE,
        archived_sha256 TEXT,
        signer_name     TEXT,
        signed_at       TEXT,
        signature_type  TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        CHECK (status <> 'archived' OR (archived_path IS NOT NULL AND archived_sha256 IS NOT NULL)),
        UNIQUE (body, region, kind, year, reg_number, lang),
        FOREIGN KEY (body, region, kind, year, reg_number)
            REFERENCES registrations (body, region, kind, year, number)
    )
    """,
    "CREATE INDEX documents_by_year_kind ON documents (year, kind, region)",
    """
    CREATE TRIGGER documents_status_forward
    BEFORE UPDATE OF status ON documents
    WHEN (CASE NEW.status WHEN 'generated' THEN 0 WHEN 'signed' THEN 1 ELSE 2 END)
       < (CASE OLD.status WHEN 'generated' THEN 0 WHEN 'signed' THEN 1 ELSE 2 END)
    BEGIN
        SELECT RAISE(ABORT, 'document status only moves forward: generated, signed, archived');
    END
    """,
    """
    CREATE TABLE signatures (
        doc_id          TEXT NOT NULL REFERENCES documents (doc_id),
        seq             INTEGER NOT NULL,
        field_name      TEXT NOT NULL,
        signer_name     TEXT,
        signed_at       TEXT,
        signature_type  TEXT,
        intact          INTEGER,
        valid           INTEGER,
        trust           TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (doc_id, seq)
    )
    """,
    """
    CREATE TABLE history (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id  TEXT NOT NULL REFERENCES documents (doc_id),
        at      TEXT NOT NULL,
        event   TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX history_by_doc ON history (doc_id, id)",
)


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    """Version 1: registrations, documents, signatures, history."""
    for statement in _SCHEMA_V1:
        conn.execute(statement)


Migration = Callable[[sqlite3.Connection], None]

#: ``MIGRATIONS[n]`` turns a version-``n`` journal into version ``n + 1``.
MIGRATIONS: tuple[Migration, ...] = (_migrate_0_to_1,)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The ``PRAGMA user_version`` of an open journal."""
    with closing(conn.execute("PRAGMA user_version")) as cur:
        return int(cur.fetchone()[0])


def migrate(conn: sqlite3.Connection, steps: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the pending ``steps`` in order, in one transaction; return the new version.

    ``conn`` must be in autocommit mode (``isolation_level=None``). A journal newer than
    ``len(steps)`` is refused; a failing step rolls every step back.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn)
        if current > len(steps):
            raise JournalError(
                f"the journal has schema version {current}, newer than this docgen "
                f"understands ({len(steps)}); upgrade docgen"
            )
        for version in range(current, len(steps)):
            steps[version](conn)
            # PRAGMA takes no parameters; the value is an int we computed.
            conn.execute(f"PRAGMA user_version = {version + 1:d}")
        conn.execute("COMMIT")
        return max(current, len(steps))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


# ---------------------------------------------------------------------------- checks


def check_choice(value: str, choices: Sequence[str], what: str) -> str:
    """``value`` if it is one of ``choices``, else JournalError."""
    if value not in choices:
        raise JournalError(f"{what} {value!r} is not one of: {', '.join(choices)}")
    return value


def check_region(region: str | None) -> str:
    """The region id ('' for none); it goes into file names, so only letters, digits, _ -."""
    region = (region or "").strip()
    if region and not _SAFE_NAME.match(region):
        raise JournalError(f"region id {region!r} may hold only letters, digits, '_' and '-'")
    return region


def check_doc_id(doc_id: str) -> str:
    """A document id safe for file names (``DG-3F2A91C4D0E1B2A7``)."""
    if not isinstance(doc_id, str) or not _SAFE_NAME.match(doc_id):
        raise JournalError(f"document id {doc_id!r} is not a valid docgen id")
    return doc_id


def check_year(year: int) -> int:
    """A four-digit year."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise JournalError(f"year {year!r} is not a four-digit year")
    return year


def check_number(number: int) -> int:
    """A registration number: a whole number from 1."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise JournalError(f"registration number {number!r} is not a whole number from 1")
    return number


def iso_date(value: _dt.date | str) -> str:
    """A document date as ``YYYY-MM-DD``."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        return _dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise JournalError(f"document date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _check_registration(
    body: str, region: str | None, kind: str, year: int
) -> tuple[str, str, str]:
    """Checked (body, region, kind); the year is checked too."""
    body = check_choice(body, BODIES, "body")
    region = check_region(region)
    if body == "small_assembly" and not region:
        raise JournalError("a small_assembly document needs a region id")
    check_year(year)
    return body, region, check_choice(kind, KINDS, "kind")


def _registration_label(body: str, region: str, kind: str, year: int) -> str:
    where = f"{body}/{region}" if region else body
    return f"{where} {kind} {year}"


# ---------------------------------------------------------------------------- journal


class Journal:
    """The registration journal (SQLite). Use as a context manager; writes are atomic.

    ``create=False`` refuses to create a missing journal (for read-only commands).
    """

    def __init__(
        self, path: Path | str, *, timeout: float = DEFAULT_TIMEOUT, create: bool = True
    ) -> None:
        self.path = Path(path)
        if not self.path.exists():
            if not create:
                raise JournalError(f"{self.path}: no journal here (nothing archived yet?)")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise JournalError(f"{self.path}: cannot create the journal folder: {exc}") from exc
        self._depth = 0
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(f"{self.path}: cannot open the journal: {exc}") from exc
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys = ON")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise JournalError(f"{self.path}: not a usable docgen journal: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Journal:
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
            raise JournalError(f"{self.path}: cannot lock the journal: {exc}") from exc
        self._depth = 1
        try:
            yield
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
            raise JournalError(f"{self.path}: cannot save the journal: {exc}") from exc

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with closing(self._conn.execute(sql, params)) as cur:
            return cur.fetchall()

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement; return its lastrowid. Integrity errors → JournalError."""
        try:
            with closing(self._conn.execute(sql, params)) as cur:
                return int(cur.lastrowid or 0)
        except sqlite3.IntegrityError as exc:
            raise JournalError(f"{self.path}: the journal refused the change: {exc}") from exc

    # -- registration numbers

    def allocate_number(
        self, body: str, region: str | None, kind: str, year: int, *, holder: str | None = None
    ) -> int:
        """Take the next registration number (max + 1, from 1) for (body, region, kind, year).

        With ``holder``, a number already registered to that holder is returned instead
        of a new one, so regenerating a document keeps its number.
        """
        body, region, kind = _check_registration(body, region, kind, year)
        with self.transaction():
            if holder is not None:
                held = self._rows(
                    "SELECT number FROM registrations WHERE body=? AND region=? AND kind=? "
                    "AND year=? AND holder=?",
                    (body, region, kind, year, holder),
                )
                if held:
                    return int(held[0]["number"])
            number = int(
                self._rows(
                    "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM registrations "
                    "WHERE body=? AND region=? AND kind=? AND year=?",
                    (body, region, kind, year),
                )[0]["n"]
            )
            self._insert_registration(body, region, kind, year, number, holder)
            return number

    def _insert_registration(self, body: str, region: str | None, kind: str, year: int,
                             number: int, holder: str | None) -> None:
        """Store one registration number (inside the caller's transaction)."""
        self._exec(
            "INSERT INTO registrations (body, region, kind, year, number, holder, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (body, region, kind, year, number, holder, utc_now()),
        )

    def reserve_number(
        self,
        body: str,
        region: str | None,
        kind: str,
        year: int,
        number: int,
        *,
        holder: str | None = None,
    ) -> int:
        """Register an explicitly given number; JournalError if another document has it.

        Reserving again with the same ``holder`` is a no-op. Returns ``number``.
        """
        body, region, kind = _check_registration(body, region, kind, year)
        check_number(number)
        with self.transaction():
            taken = self._rows(
                "SELECT holder FROM registrations WHERE body=? AND region=? AND kind=? "
                "AND year=? AND number=?",
                (body, region, kind, year, number),
            )
            if taken:
                if holder is not None and taken[0]["holder"] == holder:
                    return number
                users = [
                    row["doc_id"]
                    for row in self._rows(
                        "SELECT doc_id FROM documents WHERE body=? AND region=? AND kind=? "
                        "AND year=? AND reg_number=? ORDER BY doc_id",
                        (body, region, kind, year, number),
                    )
                ]
                by = f" by {', '.join(users)}" if users else ""
                held = f" (holder {taken[0]['holder']!r})" if taken[0]["holder"] else ""
                label = _registration_label(body, region, kind, year)
                raise JournalError(
                    f"registration number {number} of {label} is already taken{by}{held}"
                )
            if holder is not None:
                other = self._rows(
                    "SELECT number FROM registrations WHERE body=? AND region=? AND kind=? "
                    "AND year=? AND holder=?",
                    (body, region, kind, year, holder),
                )
                if other:
                    raise JournalError(
                        f"holder {holder!r} already has number {other[0]['number']} of "
                        f"{_registration_label(body, region, kind, year)}"
                    )
            self._insert_registration(body, region, kind, year, number, holder)
            return number

    def ensure_registration(
        self, body: str, region: str | None, kind: str, year: int, number: int
    ) -> None:
        """Register ``number`` if it is not registered yet (used when adopting a PDF)."""
        body, region, kind = _check_registration(body, region, kind, year)
        check_number(number)
        with self.transaction():
            self._exec(
                "INSERT OR IGNORE INTO registrations "
                "(body, region, kind, year, number, holder, created_at) "
                "VALUES (?, ?, ?, ?, ?, NULL, ?)",
                (body, region, kind, year, number, utc_now()),
            )

    def numbers(self, body: str, region: str | None, kind: str, year: int) -> list[int]:
        """All registered numbers of (body, region, kind, year), ascending."""
        body, region, kind = _check_registration(body, region, kind, year)
        rows = self._rows(
            "SELECT number FROM registrations WHERE body=? AND region=? AND kind=? AND year=? "
            "ORDER BY number",
            (body, region, kind, year),
        )
        return [int(row["number"]) for row in rows]

    # -- documents

    def record_generated(
        self,
        doc_id: str,
        *,
        kind: str,
        body: str,
        region: str | None,
        doc_date: _dt.date | str,
        lang: str,
        reg_number: int | None = None,
        year: int | None = None,
        data_sha256: str | None = None,
        docx_sha256: str | None = None,
        pdf_sha256: str | None = None,
    ) -> Record:
        """Record (or update) a document docgen has just written; idempotent per ``doc_id``.

        ``year`` defaults to the year of ``doc_date``. A ``reg_number`` must have been
        allocated or reserved first. A signed or archived document cannot change.
        """
        check_doc_id(doc_id)
        date = iso_date(doc_date)
        year = check_year(year if year is not None else int(date[:4]))
        body, region, kind = _check_registration(body, region, kind, year)
        check_choice(lang, LANGS, "language")
        if reg_number is not None:
            check_number(reg_number)
        wanted = {
            "kind": kind,
            "body": body,
            "region": region,
            "year": year,
            "reg_number": reg_number,
            "doc_date": date,
            "lang": lang,
            "data_sha256": data_sha256,
            "docx_sha256": docx_sha256,
            "pdf_sha256": pdf_sha256,
        }
        with self.transaction():
            if reg_number is not None:
                self._require_registration(body, region, kind, year, reg_number)
                self._refuse_same_number(doc_id, body, region, kind, year, reg_number, lang)
            old = self.get(doc_id)
            now = utc_now()
            if old is None:
                columns = ", ".join(wanted)
                marks = ", ".join("?" for _ in wanted)
                self._exec(
                    f"INSERT INTO documents (doc_id, {columns}, status, created_at, updated_at) "
                    f"VALUES (?, {marks}, 'generated', ?, ?)",
                    (doc_id, *wanted.values(), now, now),
                )
                self.log(doc_id, "generated", "")
                return self._get_required(doc_id)
            # None for a hash means "not given": keep what the journal has.
            for key in ("data_sha256", "docx_sha256", "pdf_sha256"):
                if wanted[key] is None:
                    wanted[key] = getattr(old, key)
            changed = {k: v for k, v in wanted.items() if getattr(old, k) != v}
            if not changed:
                return old
            if old.status != "generated":
                raise JournalError(
                    f"document {doc_id} is already {old.status}; a regenerated copy "
                    f"({', '.join(sorted(changed))} changed) would not match it: "
                    "give the new document a new id"
                )
            sets = ", ".join(f"{k} = ?" for k in changed)
            self._exec(
                f"UPDATE documents SET {sets}, updated_at = ? WHERE doc_id = ?",
                (*changed.values(), now, doc_id),
            )
            self.log(doc_id, "regenerated", json.dumps(sorted(changed)))
            return self._get_required(doc_id)

    def _require_registration(
        self, body: str, region: str, kind: str, year: int, number: int
    ) -> None:
        rows = self._rows(
            "SELECT 1 FROM registrations WHERE body=? AND region=? AND kind=? AND year=? "
            "AND number=?",
            (body, region, kind, year, number),
        )
        if not rows:
            raise JournalError(
                f"registration number {number} of {_registration_label(body, region, kind, year)}"
                " is not in the journal: allocate or reserve it first"
            )

    def _refuse_same_number(
        self, doc_id: str, body: str, region: str, kind: str, year: int, number: int, lang: str
    ) -> None:
        rows = self._rows(
            "SELECT doc_id FROM documents WHERE body=? AND region=? AND kind=? AND year=? "
            "AND reg_number=? AND lang=? AND doc_id <> ?",
            (body, region, kind, year, number, lang, doc_id),
        )
        if rows:
            raise JournalError(
                f"registration number {number} of {_registration_label(body, region, kind, year)}"
                f" in {lang} is already used by document {rows[0]['doc_id']}"
            )

    def get(self, doc_id: str) -> Record | None:
        """The record of ``doc_id``, or None."""
        rows = self._rows(f"SELECT {_RECORD_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,))
        return Record(**dict(rows[0])) if rows else None

    def _get_required(self, doc_id: str) -> Record:
        record = self.get(doc_id)
        if record is None:  # pragma: no cover - only after a write of that very row
            raise JournalError(f"document {doc_id} vanished from the journal")
        return record

    def find(
        self,
        *,
        year: int | None = None,
        kind: str | None = None,
        region: str | None = None,
        body: str | None = None,
        status: str | None = None,
    ) -> list[Record]:
        """Records matching every filter given, ordered by year, body, region, kind, number."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("year", year),
            ("kind", kind),
            ("region", region),
            ("body", body),
            ("status", status),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(
            f"SELECT {_RECORD_COLUMNS} FROM documents{clause} "
            "ORDER BY year, body, region, kind, reg_number IS NULL, reg_number, lang, doc_id",
            params,
        )
        return [Record(**dict(row)) for row in rows]

    def record_signed(self, doc_id: str, signatures: Sequence[SignatureRecord]) -> None:
        """Store the signatures of ``doc_id``; a generated document becomes signed.

        The summary columns hold every signer (``; ``-joined), the last signing time
        and the distinct signature types.
        """
        names = list(dict.fromkeys(s.signer_name for s in signatures if s.signer_name))
        types = list(dict.fromkeys(s.signature_type for s in signatures if s.signature_type))
        times = [s.signed_at for s in signatures if s.signed_at]
        with self.transaction():
            self._exec("DELETE FROM signatures WHERE doc_id = ?", (doc_id,))
            for seq, sig in enumerate(signatures, start=1):
                self._exec(
                    "INSERT INTO signatures (doc_id, seq, field_name, signer_name, signed_at, "
                    "signature_type, intact, valid, trust) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        seq,
                        sig.field_name,
                        sig.signer_name,
                        sig.signed_at,
                        sig.signature_type,
                        sig.intact,
                        sig.valid,
                        sig.trust,
                    ),
                )
            self._exec(
                "UPDATE documents SET signer_name = ?, signed_at = ?, signature_type = ?, "
                "status = CASE status WHEN 'generated' THEN 'signed' ELSE status END, "
                "updated_at = ? WHERE doc_id = ?",
                (
                    "; ".join(names) or None,
                    times[-1] if times else None,
                    ", ".join(types) or None,
                    utc_now(),
                    doc_id,
                ),
            )
            if signatures:
                self.log(doc_id, "signed", "; ".join(names))

    def record_archived(self, doc_id: str, archived_path: str, archived_sha256: str) -> None:
        """Mark ``doc_id`` archived at ``archived_path`` (relative to the archive folder)."""
        with self.transaction():
            self._exec(
                "UPDATE documents SET status = 'archived', archived_path = ?, "
                "archived_sha256 = ?, updated_at = ? WHERE doc_id = ?",
                (archived_path, archived_sha256, utc_now(), doc_id),
            )

    def signatures(self, doc_id: str) -> list[SignatureRecord]:
        """The stored signatures of ``doc_id``, in signing order."""
        rows = self._rows(
            "SELECT field_name, signer_name, signed_at, signature_type, intact, valid, trust "
            "FROM signatures WHERE doc_id = ? ORDER BY seq",
            (doc_id,),
        )
        return [
            SignatureRecord(
                field_name=row["field_name"],
                signer_name=row["signer_name"],
                signed_at=row["signed_at"],
                signature_type=row["signature_type"],
                intact=None if row["intact"] is None else bool(row["intact"]),
                valid=None if row["valid"] is None else bool(row["valid"]),
                trust=row["trust"],
            )
            for row in rows
        ]

    # -- history

    def log(self, doc_id: str, event: str, detail: str = "") -> None:
        """Append an event to the history of ``doc_id``."""
        with self.transaction():
            self._exec(
                "INSERT INTO history (doc_id, at, event, detail) VALUES (?, ?, ?, ?)",
                (doc_id, utc_now(), event, detail),
            )

    def history(self, doc_id: str | None = None, *, event: str | None = None) -> list[HistoryEvent]:
        """Events of ``doc_id`` (or of every document), oldest first, optionally one kind."""
        where: list[str] = []
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


def open_journal(archive_dir: Path | str, *, create: bool = True) -> Journal:
    """The journal of ``archive_dir`` (``<archive_dir>/journal.sqlite``)."""
    return Journal(journal_path(archive_dir), create=create)
