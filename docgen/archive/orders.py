"""A signed order enters the member roll when it is archived, with the content it was signed with.

``docgen render order FILE --archive DIR`` binds each document of the order to the data
it was rendered from (:meth:`docgen.records.roll.Roll.remember_order`: the file's text, its
sha256 and the sha256 of the checked order) and to the PDFs docgen made of it; other
content under the same number becomes a new revision with a new id. When ``docgen archive
add`` files the signed copy of one of them, :func:`apply_signed_order` checks that the
signed PDF is one docgen made of that document (its unsigned revision is one of the
recorded PDFs) and enters *that* content's admissions and removals in the roll, inside
the archive step's transaction: the copy is filed and the roll changed, or neither.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docgen.errors import ArchiveError, DocgenError
from docgen.i18n import _
from docgen.input.models import OrderFile
from docgen.input.validate import Loaded
from docgen.records.journal import Journal, Record
from docgen.records.roll import OrderSource, Roll
from docgen.records.roll_changes import apply_changes, plan_order

__all__ = ["apply_signed_order", "load_order", "revision_hashes"]

_EOF = re.compile(rb"%%EOF(\r\n|\r|\n)?")


def revision_hashes(data: bytes) -> set[str]:
    """The sha256 of the whole PDF and of every earlier revision in it (each ``%%EOF``).

    Signing appends to a PDF, so the PDF docgen made is one of the earlier revisions of
    its signed copy.
    """
    found = {hashlib.sha256(data).hexdigest()}
    for match in _EOF.finditer(data):
        found.add(hashlib.sha256(data[:match.start() + 5]).hexdigest())
        if match.group(1):
            found.add(hashlib.sha256(data[:match.end()]).hexdigest())
    return found


@contextmanager
def load_order(order: OrderSource) -> Iterator[Loaded[OrderFile]]:
    """The stored content of an order, checked as ``docgen render order`` checks a file
    (errors name the order's file by its own name), while its file exists."""
    from docgen.papers.pipeline import load_checked

    with tempfile.TemporaryDirectory(prefix="docgen-order-") as tmp:
        path = Path(tmp) / order.source
        path.write_text(order.data, encoding="utf-8")
        try:
            yield load_checked("order", path)
        except DocgenError as exc:
            raise type(exc)(str(exc).replace(str(path), order.source)) from None


def _check_copy(roll: Roll, record: Record, data: bytes, archived_as: str, name: Path) -> None:
    """Refuse a signed PDF that is not one docgen made of ``record`` (signed after)."""
    if archived_as != "signed PDF":
        return  # a scan names its document by the QR code; the id names one content
    made = roll.order_pdfs(record.doc_id)
    if record.pdf_sha256:
        made.add(record.pdf_sha256)
    if not made:
        raise ArchiveError(_(
            "{name}: order document {doc_id} was rendered without a PDF here, so its signed "
            "copy cannot be tied to the content it was rendered from; make the PDF with "
            "docgen (render --pdf --archive, or docgen pdf --archive), sign that PDF and add "
            "it").format(name=name, doc_id=record.doc_id))
    if not made & revision_hashes(data):
        raise ArchiveError(_(
            "{name}: this PDF says it is {doc_id} (order № {number}), but it is not a PDF "
            "docgen made of that document, signed: its unsigned part matches none of the PDFs "
            "recorded for it. The roll follows the signed paper: sign the PDF docgen made and "
            "add that").format(name=name, doc_id=record.doc_id, number=record.reg_number))


def apply_signed_order(journal: Journal, record: Record, data: bytes, archived_as: str,
                       name: Path) -> str | None:
    """Enter the order archived as ``record`` in the roll, inside ``journal``'s transaction.

    None when ``record`` is no order rendered with the archive, or the archive keeps no
    roll yet; a line saying what changed otherwise (or that it was applied before). A
    refusal (a signed PDF that is not docgen's, someone not a member, …) is a DocgenError,
    and the caller's transaction (the archive step) is rolled back with it.
    """
    roll = Roll.sharing(journal)
    order = roll.pending_order(record.doc_id)
    if order is None:
        return None
    _check_copy(roll, record, data, archived_as, name)
    if not roll.members():  # no roll kept in this archive yet: nothing to change
        return None
    with load_order(order) as loaded:
        model = loaded.model.order
        applied = roll.applied_sha256(model.date.year, model.number)
        if applied == order.sha256:
            return None  # the other language's copy applied it
        if applied is not None:  # e.g. a signed correction of an order applied before
            return _("roll: unchanged: order № {number} of {year} was applied before "
                     "({source}) with other content; the roll changes by a new order").format(
                         number=model.number, year=model.date.year,
                         source=roll.applied_from(model.date.year, model.number) or "-")
        try:
            plan = plan_order(roll, loaded)
        except DocgenError as exc:
            raise DocgenError(_(
                "{name}: not archived: the roll refuses the signed order, and archiving and "
                "applying it go together: {error} (correct the roll, then add the signed copy "
                "again)").format(name=name, error=exc)) from None
    plan.applied_from = f"{archived_as} {record.doc_id}"
    apply_changes(roll, plan)
    return _("roll: order № {number} of {date} applied: {summary}").format(
        number=model.number, date=model.date.isoformat(), summary=plan.summary())


def applied_from(journal: Journal, loaded: Loaded[OrderFile], *,
                 without_signature: bool = False) -> str:
    """What applying the order file ``loaded`` to the roll comes from (``docgen members
    apply``): its signed archived copy with the same content, or, only when asked,
    ``without signature``. A DataError (file:line) when there is no such copy."""
    from docgen.papers.pipeline import content_sha256

    order = loaded.model.order
    roll = Roll.sharing(journal)
    number = int(order.number) if str(order.number).isdigit() else None  # as registered
    copies = [r for r in journal.find(kind="order", year=order.date.year)
              if number is not None and r.reg_number == number and r.status == "archived"
              and (r.archived_as != "signed PDF" or journal.signatures(r.doc_id))]
    content = content_sha256(loaded)
    for record in copies:
        bound = roll.pending_order(record.doc_id)
        if bound is not None and bound.content_sha256 == content:
            return f"{record.archived_as} {record.doc_id}"
    if without_signature:
        return "without signature"
    if copies:
        ids = ", ".join(r.doc_id for r in copies)
        raise loaded.error(_(
            "the signed copy of order № {number} of {year} ({ids}) was rendered from other "
            "content than this file: the roll follows the signed paper (docgen archive add of "
            "the signed copy applies it); --without-signature applies this file anyway, "
            "recorded as such").format(number=order.number, year=order.date.year, ids=ids),
            ("order", "number"))
    raise loaded.error(_(
        "order № {number} of {year} has no signed copy in the archive: the roll changes only "
        "from signed orders. Render it with --pdf --archive, sign the PDF and add it (docgen "
        "archive add SIGNED.pdf applies it); --without-signature applies this file anyway, "
        "recorded as such").format(number=order.number, year=order.date.year),
        ("order", "number"))
