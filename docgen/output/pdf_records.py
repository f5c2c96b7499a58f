"""Record the PDFs made from journal-recorded documents (their sha256, found by DocgenId)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from docgen.i18n import _
from docgen.output.pdf_metadata import read_pdf_metadata
from docgen.records.journal import open_journal
from docgen.records.roll import Roll
from docgen.rendering.page_prints import pdf_prints


def record_pdfs(archive_dir: str | Path, pdfs: Iterable[Path]) -> tuple[int, list[str]]:
    """Store the sha256 of PDFs made from recorded documents (found by their DocgenId).

    Returns how many were recorded and why the others were not (no DocgenId, an id the
    journal lacks, a document already signed or archived). A PDF of an order is also
    bound to the order's content (``roll_order_pdfs``): its signed copy must be one of them.
    Each PDF's page prints are kept too (a scan of its paper is compared with them).
    """
    count, skipped = 0, []
    with open_journal(archive_dir) as journal, journal.transaction():
        roll = Roll.sharing(journal)
        for pdf in pdfs:
            doc_id = read_pdf_metadata(pdf).get("DocgenId", "")
            record = journal.get(doc_id) if doc_id else None
            if record is None:
                skipped.append(_("{pdf}: document {doc_id} is not in the "
                                 "journal").format(pdf=pdf, doc_id=doc_id or '(no DocgenId)'))
                continue
            if record.status != "generated":
                skipped.append(_("{pdf}: document {doc_id} is already {status}").format(
                    pdf=pdf, doc_id=doc_id, status=record.status))
                continue
            sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
            journal.record_generated(
                doc_id, kind=record.kind, body=record.body, region=record.region,
                doc_date=record.doc_date, lang=record.lang, reg_number=record.reg_number,
                year=record.year, pdf_sha256=sha)
            journal.record_prints(doc_id, sha, [p.to_json() for p in pdf_prints(pdf.read_bytes())])
            if roll.pending_order(doc_id) is not None:  # an order's signed copy must be this
                roll.add_order_pdf(doc_id, sha)
            count += 1
    return count, skipped
