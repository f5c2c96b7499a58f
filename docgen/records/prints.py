"""Page prints kept in the journal (schema version 9).

When docgen makes a PDF of a journal document it keeps, per page, a small picture of
where the ink is (:mod:`docgen.rendering.page_prints`), with the sha256 of that PDF, so
that a paper-signed scan can be shown to be that paper's pages and not only to carry its
QR code. The table is chained row by row (:mod:`docgen.records.row_chain`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from docgen.records.checks import utc_now
from docgen.records.connection import JournalConnection

PRINTS_TABLE = """
    CREATE TABLE page_prints (
        doc_id      TEXT NOT NULL REFERENCES documents (doc_id),
        pdf_sha256  TEXT NOT NULL,
        page        INTEGER NOT NULL,
        print       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (doc_id, pdf_sha256, page)
    )
"""


def create_page_prints(conn: sqlite3.Connection) -> None:
    """Journal migration: the page prints of the PDFs docgen made."""
    conn.execute(PRINTS_TABLE)


class PagePrints(JournalConnection):
    """The page prints of the PDFs made of journal documents."""

    def record_prints(self, doc_id: str, pdf_sha256: str, prints: Sequence[str]) -> None:
        """Keep the print of every page (1-based, in order) of the PDF ``pdf_sha256``."""
        now = utc_now()
        for page, value in enumerate(prints, start=1):
            self._exec("INSERT OR IGNORE INTO page_prints (doc_id, pdf_sha256, page, print, "
                       "created_at) VALUES (?, ?, ?, ?, ?)",
                       (doc_id, pdf_sha256, page, value, now))

    def page_prints(self, doc_id: str) -> dict[str, list[str]]:
        """The prints of each PDF made of ``doc_id`` (sha256 → prints by page), oldest
        PDF first."""
        rows = self._rows("SELECT pdf_sha256, print FROM page_prints WHERE doc_id = ? "
                          "ORDER BY rowid", (doc_id,))
        found: dict[str, list[str]] = {}
        for row in rows:
            found.setdefault(str(row["pdf_sha256"]), []).append(str(row["print"]))
        return found
