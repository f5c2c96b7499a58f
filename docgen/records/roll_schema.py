"""The member roll's tables in the journal (a migration step of the journal's schema).

Kept apart from the document tables (``documents``, ``history``) so that the roll's
changes never touch the documents' records. Nothing is ever deleted (triggers refuse
it); a membership is closed by a removal, never erased, and its admission never changes.

``roll_members``
    One row per person ever on the roll: names, gender, positions, region (or
    ``republican``), how they sit, Council membership, contacts, letter language.
``roll_memberships``
    One row per period of membership: admitted (date, order, ground), and, once
    removed, removed (date, order, ground, detail). A member is on the roll on day D
    when ``admitted_on <= D`` and (``removed_on`` is empty or ``removed_on > D``).
``roll_orders``
    Each applied order (number, date, sha256 of its file): an order is applied once.
``roll_log``
    Every change to a member (imported, updated fields, admitted, removed).
``roll_pending_orders`` (version 4)
    The data file of each order rendered with ``--archive``, by document id, so that the
    order enters the roll when its signed copy is archived. Since version 6 each row
    also holds ``content_sha256`` (sha256 of the canonical JSON of the checked order),
    fixed once set: other content under the same number is a new revision with a new id.
``roll_order_pdfs`` (version 6)
    The sha256 of every PDF docgen made of such a document: a signed copy must be one of
    them, signed (its unsigned revision is one of these files). ``roll_orders.applied_from``
    says what an order was applied from: ``signed PDF DG-…``, ``paper-signed scan DG-…``
    or ``without signature``.
"""

from __future__ import annotations

import sqlite3

ROLL_SCHEMA = (
    """
    CREATE TABLE roll_members (
        id            INTEGER PRIMARY KEY,
        name_ru       TEXT NOT NULL,
        name_kk       TEXT NOT NULL,
        gender        TEXT CHECK (gender IN ('m', 'f')),
        position_ru   TEXT NOT NULL DEFAULT '',
        position_kk   TEXT NOT NULL DEFAULT '',
        region        TEXT NOT NULL,
        seat          TEXT CHECK (seat IN ('office', 'personal')),
        civil_servant INTEGER NOT NULL DEFAULT 0,
        council       INTEGER NOT NULL DEFAULT 0,
        phone         TEXT NOT NULL DEFAULT '',
        email         TEXT NOT NULL DEFAULT '',
        address       TEXT NOT NULL DEFAULT '',
        language      TEXT NOT NULL DEFAULT 'both' CHECK (language IN ('ru', 'kk', 'both')),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE roll_memberships (
        id                INTEGER PRIMARY KEY,
        member_id         INTEGER NOT NULL REFERENCES roll_members (id),
        admitted_on       TEXT NOT NULL,
        admit_order       TEXT NOT NULL DEFAULT '',
        admit_ground      TEXT NOT NULL DEFAULT '',
        removed_on        TEXT,
        remove_order      TEXT,
        remove_ground     TEXT,
        remove_detail     TEXT,
        CHECK (removed_on IS NULL OR removed_on >= admitted_on)
    )
    """,
    "CREATE INDEX roll_memberships_by_member ON roll_memberships (member_id, admitted_on)",
    """
    CREATE TABLE roll_orders (
        id          INTEGER PRIMARY KEY,
        year        INTEGER NOT NULL,
        number      INTEGER NOT NULL,
        order_date  TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        source      TEXT NOT NULL DEFAULT '',
        applied_at  TEXT NOT NULL,
        UNIQUE (year, number)
    )
    """,
    """
    CREATE TABLE roll_log (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        member_id  INTEGER NOT NULL REFERENCES roll_members (id),
        at         TEXT NOT NULL,
        event      TEXT NOT NULL,
        detail     TEXT NOT NULL DEFAULT ''
    )
    """,
    *(
        f"""
        CREATE TRIGGER {table}_never_deleted BEFORE DELETE ON {table}
        BEGIN
            SELECT RAISE(ABORT, 'the roll keeps its history: nothing is deleted from {table}');
        END
        """
        for table in ("roll_members", "roll_memberships", "roll_orders", "roll_log")
    ),
    """
    CREATE TRIGGER roll_memberships_history_fixed BEFORE UPDATE ON roll_memberships
    WHEN OLD.removed_on IS NOT NULL OR NEW.admitted_on <> OLD.admitted_on
      OR NEW.admit_order <> OLD.admit_order OR NEW.member_id <> OLD.member_id
    BEGIN
        SELECT RAISE(ABORT, 'a membership only changes by being closed, once');
    END
    """,
)


def create_roll_tables(conn: sqlite3.Connection) -> None:
    """Journal migration: the member roll's tables (inside the migration's transaction)."""
    for statement in ROLL_SCHEMA:
        conn.execute(statement)


def create_roll_pending_orders(conn: sqlite3.Connection) -> None:
    """Journal migration: orders rendered and waiting for their signed copy."""
    conn.execute("""
        CREATE TABLE roll_pending_orders (
            doc_id      TEXT PRIMARY KEY,
            source      TEXT NOT NULL,
            data        TEXT NOT NULL,
            sha256      TEXT NOT NULL,
            created_at  TEXT NOT NULL
        )
    """)


def bind_order_sources(conn: sqlite3.Connection) -> None:
    """Journal migration: an order's documents are bound to the content they were rendered
    from (its canonical sha256, fixed once set) and to the PDFs docgen made of them; an
    applied order says what it was applied from (a signed copy, or without signature)."""
    conn.execute("ALTER TABLE roll_pending_orders ADD COLUMN content_sha256 TEXT NOT NULL "
                 "DEFAULT ''")
    conn.execute("ALTER TABLE roll_orders ADD COLUMN applied_from TEXT NOT NULL DEFAULT ''")
    conn.execute("""
        CREATE TABLE roll_order_pdfs (
            doc_id      TEXT NOT NULL REFERENCES roll_pending_orders (doc_id),
            pdf_sha256  TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            PRIMARY KEY (doc_id, pdf_sha256)
        )
    """)
    for table in ("roll_pending_orders", "roll_order_pdfs"):
        conn.execute(f"""
            CREATE TRIGGER {table}_never_deleted BEFORE DELETE ON {table}
            BEGIN
                SELECT RAISE(ABORT, 'rendered orders are kept: nothing is deleted from {table}');
            END
        """)
    conn.execute("""
        CREATE TRIGGER roll_pending_orders_content_fixed BEFORE UPDATE ON roll_pending_orders
        WHEN OLD.content_sha256 <> '' AND (NEW.data IS NOT OLD.data
          OR NEW.sha256 IS NOT OLD.sha256 OR NEW.content_sha256 IS NOT OLD.content_sha256
          OR NEW.doc_id IS NOT OLD.doc_id)
        BEGIN
            SELECT RAISE(ABORT, 'a document id names one content: other content is a new revision');
        END
    """)
