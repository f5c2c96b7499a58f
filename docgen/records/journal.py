"""The registration journal: one SQLite file that knows every document docgen made.

The journal lives at ``<archive dir>/journal.sqlite`` (see :func:`resolve_archive_dir`);
its tables and migrations are described in :mod:`docgen.records.schema`. Every write runs
in ``BEGIN IMMEDIATE`` with a busy timeout, so several processes can share one journal.
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
from docgen.records.detached import DetachedSignatures
from docgen.records.documents import DocumentRecords
from docgen.records.prints import PagePrints
from docgen.records.rows import HistoryEvent, Record, SignatureRecord  # noqa: F401
from docgen.records.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version  # noqa: F401


class Journal(DocumentRecords, DetachedSignatures, PagePrints):
    """The registration journal (SQLite): numbering and document records over one connection.

    Use as a context manager; writes are atomic. ``create=False`` refuses to create a
    missing journal (for read-only commands).
    """

    def __enter__(self) -> Journal:
        return self

def open_journal(archive_dir: Path | str, *, create: bool = True,
                 dry_run: bool = False) -> Journal:
    """The journal of ``archive_dir`` (``<archive_dir>/journal.sqlite``); ``dry_run``: a
    copy in memory, so nothing is written (not even a missing journal)."""
    if dry_run:
        return Journal.copy_of(journal_path(archive_dir))
    return Journal(journal_path(archive_dir), create=create)
