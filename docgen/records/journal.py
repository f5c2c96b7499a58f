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

from pathlib import Path

from docgen.records.checks import (  # noqa: F401  (the journal's public names)
    BODIES,
    DEFAULT_TIMEOUT,
    ENV_ARCHIVE,
    JOURNAL_NAME,
    KINDS,
    LANGS,
    STATUSES,
    check_choice,
    check_doc_id,
    check_number,
    check_region,
    check_year,
    iso_date,
    journal_path,
    resolve_archive_dir,
    utc_now,
)
from docgen.records.documents import DocumentRecords
from docgen.records.rows import HistoryEvent, Record, SignatureRecord  # noqa: F401
from docgen.records.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version  # noqa: F401


class Journal(DocumentRecords):
    """The registration journal (SQLite): numbering and document records over one connection.

    Use as a context manager; writes are atomic. ``create=False`` refuses to create a
    missing journal (for read-only commands).
    """

    def __enter__(self) -> Journal:
        return self

def open_journal(archive_dir: Path | str, *, create: bool = True) -> Journal:
    """The journal of ``archive_dir`` (``<archive_dir>/journal.sqlite``)."""
    return Journal(journal_path(archive_dir), create=create)
