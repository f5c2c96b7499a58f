"""Detached signatures kept in the journal (schema version 6).

A CMS signature that came beside a PDF (``archive add PAPER.pdf --signature
PAPER.pdf.cms``) is stored here with the sha256 of the PDF it signs, so that the
archived copy and its signature are filed in one journal transaction and ``archive
verify`` can check it again. The table is chained row by row
(:mod:`docgen.records.row_chain`).
"""

from __future__ import annotations

import sqlite3

from docgen.records.checks import utc_now
from docgen.records.connection import JournalConnection

DETACHED_TABLE = """
    CREATE TABLE detached_signatures (
        doc_id      TEXT NOT NULL REFERENCES documents (doc_id),
        pdf_sha256  TEXT NOT NULL,
        cms_sha256  TEXT NOT NULL,
        source      TEXT NOT NULL,
        cms         BLOB NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (doc_id, pdf_sha256, cms_sha256)
    )
"""


def create_detached_signatures(conn: sqlite3.Connection) -> None:
    """Journal migration: detached CMS signatures of archived PDFs."""
    conn.execute(DETACHED_TABLE)


class DetachedSignatures(JournalConnection):
    """The detached CMS signatures of archived PDFs."""

    def record_detached(self, doc_id: str, pdf_sha256: str, cms_sha256: str, source: str,
                        der: bytes) -> None:
        """Keep one detached signature of the PDF ``pdf_sha256`` of ``doc_id``."""
        self._exec("INSERT OR IGNORE INTO detached_signatures (doc_id, pdf_sha256, cms_sha256, "
                   "source, cms, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                   (doc_id, pdf_sha256, cms_sha256, source, der, utc_now()))

    def detached(self, doc_id: str, pdf_sha256: str) -> list[tuple[str, bytes]]:
        """``(file name, DER)`` of each detached signature of that PDF, in filing order."""
        rows = self._rows("SELECT source, cms FROM detached_signatures WHERE doc_id = ? AND "
                          "pdf_sha256 = ? ORDER BY rowid", (doc_id, pdf_sha256))
        return [(str(row["source"]), bytes(row["cms"])) for row in rows]

    def detached_times(self, doc_id: str, pdf_sha256: str) -> list[str]:
        """When each detached signature of that PDF was filed (UTC ISO-8601), in filing
        order: the journal's proof that it existed then."""
        rows = self._rows("SELECT created_at FROM detached_signatures WHERE doc_id = ? AND "
                          "pdf_sha256 = ? ORDER BY rowid", (doc_id, pdf_sha256))
        return [str(row["created_at"]) for row in rows]
