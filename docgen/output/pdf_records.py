"""Record the PDFs made from journal-recorded documents (their sha256, found by DocgenId)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from docgen.errors import JournalError
from docgen.output.pdf_metadata import read_pdf_metadata
from docgen.records.journal import open_journal
from docgen.records.roll import Roll


def record_pdfs(archive_dir: str | Path, pdfs: Iterable[Path]) -> int:
    """Store the sha256 of PDFs made from recorded documents (found by their DocgenId).

    Returns how many were recorded; a PDF whose id the journal lacks is an error. A PDF of
    an order is also bound to the order's content (``roll_order_pdfs``).
    """

    count = 0
    with open_journal(archive_dir) as journal, journal.transaction():
        roll = Roll.sharing(journal)
        for pdf in pdfs:
            doc_id = read_pdf_metadata(pdf).get("DocgenId", "")
            record = journal.get(doc_id) if doc_id else None
            if record is None:
                raise JournalError(f"{pdf}: document {doc_id or '(no DocgenId)'} is not in "
                                   "the journal")
            journal.record_generated(
                doc_id, kind=record.kind, body=record.body, region=record.region,
                doc_date=record.doc_date, lang=record.lang, reg_number=record.reg_number,
                year=record.year, pdf_sha256=(sha := hashlib.sha256(pdf.read_bytes()).hexdigest()))
            if roll.pending_order(doc_id) is not None:  # an order's signed copy must be this
                roll.add_order_pdf(doc_id, sha)
            count += 1
    return count
