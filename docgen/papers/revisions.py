"""Corrections: a signed document is never re-issued under its id; a new revision is.

``docgen render --revise`` (or ``revision: N`` in the data file) gives each document a
new id derived from its first id and the revision number, linked in the journal to the
revision it supersedes. The old signed copy stays archived and is shown as superseded.
Ids stay deterministic: the same data and revision give the same id.
A corrected document says so in its text: its context gets ``supersedes`` (the date and
number of the revision it replaces, from the journal) and the templates print
«Взамен извещения от … № …» / «… № … хабарламаның орнына».
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.papers.registry import Planned
from docgen.records.journal import Journal, open_journal
from docgen.records.rows import Record

__all__ = ["revise_documents", "revised_id"]


def revised_id(first_id: str, revision: int) -> str:
    """The id of ``revision`` of the document first issued as ``first_id``."""
    if revision == 1:
        return first_id
    digest = hashlib.sha256(f"{first_id}|revision {revision}".encode()).hexdigest()
    return "DG-" + digest[:16].upper()


def _next_revision(journal: Journal, first_id: str, data: Path, content: str | None) -> int:
    """The revision ``--revise`` issues: one after the latest signed or archived one, or
    after the latest one rendered from other ``content`` (an order's)."""
    record = journal.get(first_id)
    if record is None:
        if content is not None:
            return 1
        raise DocgenError(
            _("{data}: --revise: document {first_id} is not in the journal {path}: "
              "there is nothing to correct; render it without --revise").format(
                data=data, first_id=first_id, path=journal.path)
        )
    seen = 0
    while (later := journal.superseded_by(record.doc_id)) is not None and seen < 1000:
        record = journal.get(later) or record
        seen += 1
    if record.status == "generated" and not _other_content(journal, record.doc_id, content):
        return record.revision
    return record.revision + 1


def _other_content(journal: Journal, doc_id: str, content: str | None) -> bool:
    """Whether ``doc_id`` was rendered from content other than ``content``."""
    if content is None:
        return False
    from docgen.records.roll import Roll

    bound = Roll.sharing(journal).pending_order(doc_id)
    return bound is not None and bound.content_sha256 not in ("", content)


def superseded(record: Record, number: str) -> dict[str, object]:
    """The replaced revision as the templates show it: its date and number (as typed when
    its digits agree with the journal's, else the journal's; '' for an unnumbered kind)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if record.reg_number is None:
        shown = ""
    elif digits and int(digits) == record.reg_number:
        shown = number
    else:
        shown = str(record.reg_number)
    return {"date": dt.date.fromisoformat(record.doc_date), "number": shown}


def _renamed(filename: str, lang: str, revision: int) -> str:
    stem = filename.removesuffix(".docx").removesuffix(f"_{lang}")
    return f"{stem}-rev{revision}_{lang}.docx"


def revise_documents(docs: list[Planned], archive_dir: str | Path, data: Path,
                     requested: int | None, content: str | None = None) -> list[Planned]:
    """``docs`` as revision ``requested`` (or, for None, the next one the journal allows).

    ``content`` (an order's :func:`~docgen.papers.pipeline.content_sha256`) makes a new
    revision when the latest one was rendered from other content: an id names one content,
    so that the signed paper, not a later edit of its data, is what enters the roll.
    """
    revised: list[Planned] = []
    with open_journal(archive_dir) as journal:
        for doc in docs:
            first = doc.info.doc_id
            revision = requested or _next_revision(journal, first, data, content)
            if revision == 1:
                revised.append(doc)
                continue
            previous = revised_id(first, revision - 1)
            record = journal.get(previous)
            if record is None:
                raise DocgenError(
                    _("{data}: revision {revision} of {first} supersedes revision "
                      "{number} ({previous}), which is not in the journal {path}").format(
                        data=data, revision=revision, first=first, number=revision - 1,
                        previous=previous, path=journal.path)
                )
            new_id = revised_id(first, revision)
            info = replace(doc.info, doc_id=new_id, revision=revision, supersedes=previous)
            context = {**doc.context, "doc": {**doc.context.get("doc", {}), "id": new_id},
                       "supersedes": superseded(record, doc.info.number)}
            revised.append(replace(doc, info=info, context=context,
                                   filename=_renamed(doc.filename, doc.lang, revision)))
    return revised
