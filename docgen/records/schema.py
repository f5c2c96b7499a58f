"""The journal's schema and its versioned migrations.

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
    with a JSON detail where useful. Since version 2 each event also holds the document's
    state after it (``state``: its row and signatures as canonical JSON) and is chained
    to the event before it (``prev_hash``, ``hash``; see :mod:`docgen.records.chain`).

Version 2 also gives ``documents`` a ``revision`` (1, 2, …), the id it ``supersedes``
(a corrected document is a new revision with a new id) and how it was archived
(``archived_as``: ``signed PDF`` or ``paper-signed scan``); a registration number is
unique per language *and revision*.

Version 3 adds the member roll's tables (``roll_*``, :mod:`docgen.records.roll_schema`),
kept apart from these; version 4 the orders waiting for their signed copy; version 5 the
offices held on the roll with their dates (``roll_offices``,
:mod:`docgen.records.roll_offices`); version 6 binds an order's documents to the content
they were rendered from and the PDFs made of them.

Version 7 extends the chain over every other table (:mod:`docgen.records.row_chain`):
a ``history`` record may belong to no document (``doc_id`` NULL) and carry the rows it
chains (``rows``). After any upgrade, the rows of tables the upgrade created or
reshaped are chained as they stand (one record), so a schema change is never taken
for an edit. Version 8 keeps detached CMS signatures (``detached_signatures``), version
9 the page prints of the PDFs docgen made (``page_prints``).

Every write runs in ``BEGIN IMMEDIATE`` with a busy timeout, so several processes can
share one journal. The schema is versioned with ``PRAGMA user_version``: each step of
:data:`MIGRATIONS` turns version ``n`` into ``n + 1`` and all pending steps run in one
transaction. Timestamps are UTC ISO-8601 strings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing

from docgen.errors import JournalError
from docgen.i18n import _
from docgen.records.roll_offices import create_roll_offices
from docgen.records.roll_schema import (
    bind_order_sources,
    create_roll_pending_orders,
    create_roll_tables,
)

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


_DOCUMENTS_V2 = """
    CREATE TABLE documents_v2 (
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
        revision        INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        supersedes      TEXT UNIQUE REFERENCES documents (doc_id),
        archived_as     TEXT,
        CHECK (status <> 'archived' OR (archived_path IS NOT NULL AND archived_sha256 IS NOT NULL)),
        UNIQUE (body, region, kind, year, reg_number, lang, revision),
        FOREIGN KEY (body, region, kind, year, reg_number)
            REFERENCES registrations (body, region, kind, year, number)
    )
"""


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2: revisions, how a copy was archived, the chained history."""
    from docgen.records.chain import backfill_chain

    conn.execute(_DOCUMENTS_V2)
    conn.execute(
        "INSERT INTO documents_v2 SELECT *, 1, NULL, "
        "CASE status WHEN 'archived' THEN 'signed PDF' END FROM documents"
    )
    conn.execute("DROP TABLE documents")
    conn.execute("ALTER TABLE documents_v2 RENAME TO documents")
    for statement in _SCHEMA_V1:  # the index and the trigger went with the old table
        if "documents_by_year_kind" in statement or "documents_status_forward" in statement:
            conn.execute(statement)
    for column in ("state TEXT", "prev_hash TEXT", "hash TEXT"):
        conn.execute(f"ALTER TABLE history ADD COLUMN {column}")
    backfill_chain(conn)


_HISTORY_V5 = """
    CREATE TABLE history_v5 (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id    TEXT REFERENCES documents (doc_id),
        at        TEXT NOT NULL,
        event     TEXT NOT NULL,
        detail    TEXT NOT NULL DEFAULT '',
        state     TEXT,
        prev_hash TEXT,
        hash      TEXT,
        rows      TEXT
    )
"""


#: The version from which history records carry the rows they chain.
CHAINED_ROWS_VERSION = 7


def _migrate_6_to_7(conn: sqlite3.Connection) -> None:
    """Version 7: history records of no document, carrying the rows they chain."""
    conn.execute(_HISTORY_V5)
    conn.execute("INSERT INTO history_v5 (id, doc_id, at, event, detail, state, prev_hash, "
                 "hash) SELECT id, doc_id, at, event, detail, state, prev_hash, hash "
                 "FROM history ORDER BY id")
    conn.execute("DROP TABLE history")
    conn.execute("ALTER TABLE history_v5 RENAME TO history")
    conn.execute("CREATE INDEX history_by_doc ON history (doc_id, id)")


def _migrate_7_to_8(conn: sqlite3.Connection) -> None:
    """Version 8: detached CMS signatures (:mod:`docgen.records.detached`)."""
    from docgen.records.detached import create_detached_signatures

    create_detached_signatures(conn)


def _migrate_8_to_9(conn: sqlite3.Connection) -> None:
    """Version 9: page prints of the PDFs made (:mod:`docgen.records.prints`)."""
    from docgen.records.prints import create_page_prints

    create_page_prints(conn)


def _table_shapes(conn: sqlite3.Connection) -> dict[str, str]:
    """Each table's ``CREATE`` statement (to see which an upgrade created or reshaped)."""
    with closing(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")) as cur:
        return {str(name): str(sql) for name, sql in cur.fetchall()}


Migration = Callable[[sqlite3.Connection], None]

#: ``MIGRATIONS[n]`` turns a version-``n`` journal into version ``n + 1``.
MIGRATIONS: tuple[Migration, ...] = (_migrate_0_to_1, _migrate_1_to_2, create_roll_tables,
                                     create_roll_pending_orders, create_roll_offices,
                                     bind_order_sources, _migrate_6_to_7, _migrate_7_to_8,
                                     _migrate_8_to_9)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The ``PRAGMA user_version`` of an open journal."""
    with closing(conn.execute("PRAGMA user_version")) as cur:
        return int(cur.fetchone()[0])


def migrate(conn: sqlite3.Connection, steps: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the pending ``steps`` in order, in one transaction; return the new version.

    ``conn`` must be in autocommit mode (``isolation_level=None``). A journal newer than
    ``len(steps)`` is refused; a failing step rolls every step back. Foreign keys are
    off while the steps rebuild tables and checked before the commit (SQLite's
    procedure for schema changes). An up-to-date journal is not locked at all.
    """
    current = schema_version(conn)
    if current == len(steps):
        return current
    with closing(conn.execute("PRAGMA foreign_keys")) as cur:
        foreign_keys = int(cur.fetchone()[0])
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn)
        before = _table_shapes(conn)
        if current > len(steps):
            raise JournalError(
                _("the journal has schema version {current}, newer than this docgen "
                  "understands ({known}); upgrade docgen").format(current=current, known=len(steps))
            )
        for version in range(current, len(steps)):
            steps[version](conn)
            # PRAGMA takes no parameters; the value is an int we computed.
            conn.execute(f"PRAGMA user_version = {version + 1:d}")
        if len(steps) >= CHAINED_ROWS_VERSION and current < len(steps):
            from docgen.records.row_chain import chained_tables, sync_rows

            after = _table_shapes(conn)
            reshaped = [t for t in chained_tables(conn)  # every table when the chain begins
                        if current < CHAINED_ROWS_VERSION or before.get(t) != after.get(t)]
            dropped = [t for t in before if t not in after]
            sync_rows(conn, reshaped + dropped, len(steps))
        with closing(conn.execute("PRAGMA foreign_key_check")) as cur:
            broken = cur.fetchall()
        if broken:
            raise JournalError(
                _("the journal cannot be upgraded: {count} row(s) point to rows that do "
                  "not exist (first: table {table}, row {row})").format(
                      count=len(broken), table=broken[0][0], row=broken[0][1])
            )
        conn.execute("COMMIT")
        return max(current, len(steps))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {foreign_keys:d}")
