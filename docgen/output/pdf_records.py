"""Record the PDFs made from journal-recorded documents (their sha256, found by DocgenId)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from docgen.errors import JournalError
from docgen.output.pdf_metadata import read_pdf_metadata
from docgen.records.journal import open_journal


def record_pdfs(archive_dir: str | Path, pdfs: Iterable[Path]) -> int:
    """Store the sha256 of PDFs made from recorded documents (found by their DocgenId).

    Returns how many were recorded; a PDF whose id the journal lacks is an error.
    """

    count = 0
    with open_journal(archive_dir) as journal, journal.transaction():
        for pdf in pdfs:
            doc_id = read_pdf_metadata(pdf).get("DocgenId", "")
            record = journal.get(doc_id) if doc_id else None
            if record is None:
                raise JournalError(f"{pdf}: document {doc_id or '(no DocgenId)'} is not in "
                                   "the journal")
            journal.record_generated(
                doc_id, kind=record.kind, body=record.body, region=record.region,
                doc_date=record.doc_date, lang=record.lang, reg_number=record.reg_number,
                year=record.year, pdf_sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
            count += 1
    return count
