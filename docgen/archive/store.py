"""The archive of signed PDFs: check a signed copy and file it.

Papers are signed outside docgen and come back as signed PDFs. :func:`add_to_archive`
reads one, checks its signatures, matches it to its journal record by the embedded
``/DocgenId`` and copies it to ``<archive>/<year>/<kind>/<name>_<lang>.pdf`` (read-only),
where ``<name>`` is the registration number (4 digits) prefixed by ``council-`` for the
Council and by the region id when there is one (``almaty-0012_ru.pdf`` for a small
assembly); an unnumbered document is named by its id.
Its signatures are checked by :mod:`docgen.archive.signatures`; the file steps are in
:mod:`docgen.archive.fileops`, verification in :mod:`docgen.archive.verify`.

A PDF whose id the journal does not know is refused unless ``adopt=True``, which creates
the record from the PDF's ``/Docgen*`` metadata (for documents made before the journal).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace as _replace
from pathlib import Path
from typing import Any

from docgen.archive.cms import Detached, check_detached
from docgen.archive.fileops import FileOps, aside_name, inside, sha256_file
from docgen.archive.orders import apply_signed_order
from docgen.archive.pending import Intent, recover_pending
from docgen.archive.scans import PageScan, check_pages, image_only, qr_conflict, scanned_doc_id
from docgen.archive.signatures import (
    TRUSTED,
    PdfCheck,
    inspect_pdf_bytes,
    read_bytes,
    sha256_bytes,
)
from docgen.archive.trust import TrustRoots
from docgen.archive.words import CMS_THERE, PAGES_SAME, PAGES_UNKNOWN, shown
from docgen.errors import ArchiveError, JournalError, SignatureError
from docgen.i18n import N_, _
from docgen.output.pdf_metadata import DRAFT_KEY
from docgen.records.journal import (
    KINDS,
    Journal,
    Record,
    SignatureRecord,
    check_doc_id,
    open_journal,
    resolve_archive_dir,
)

PAPER_SCAN = "paper-signed scan"
ACTIONS = (N_("added"), N_("unchanged"), N_("replaced"), N_("restored"), N_("signature added"))
"""What :func:`add_to_archive` did (:attr:`AddResult.action`), words the CLI translates."""

__all__ = [
    "PAPER_SCAN",
    "AddResult",
    "add_to_archive",
    "archive_relpath",
    "compare_metadata",
    "get_document",
    "list_documents",
    "open_journal",
    "resolve_archive_dir",
]


@dataclass(frozen=True)
class AddResult:
    """The outcome of :func:`add_to_archive`.

    ``action`` is ``added``, ``unchanged`` (the identical file was already archived),
    ``replaced`` (``replace=True``; the old copy is kept at ``replaced_path``),
    ``restored`` (the same file put back where the archived copy went missing) or
    ``signature added`` (a detached signature given for the PDF archived before).
    """

    doc_id: str
    action: str
    path: Path
    sha256: str
    signatures: tuple[SignatureRecord, ...]
    notes: tuple[str, ...] = ()
    replaced_path: Path | None = None
    adopted: bool = False
    recovered: tuple[str, ...] = ()
    archived_as: str = "signed PDF"
    roll: str | None = None
    """What archiving a signed order changed in the member roll (same transaction)."""

    @property
    def changed(self) -> bool:
        """Whether the archive or journal changed."""
        return self.action != "unchanged"



def archive_relpath(record: Record) -> str:
    """Where ``record`` goes, relative to the archive folder (POSIX separators)."""
    if record.reg_number is None:  # the id is unique on its own
        name = record.doc_id
    else:
        prefix = ["council"] if record.body == "council" else []
        if record.region:
            prefix.append(record.region)
        name = "-".join([*prefix, f"{record.reg_number:04d}"])
    if record.revision > 1:  # a correction sits beside the copy it supersedes
        name += f"-rev{record.revision}"
    return f"{record.year}/{record.kind}/{name}_{record.lang}.pdf"



# ---------------------------------------------------------------------------- archive


_MATCHED_FIELDS = {
    "DocgenKind": "kind",
    "DocgenBody": "body",
    "DocgenRegion": "region",
    "DocgenLang": "lang",
    "DocgenDate": "doc_date",
    "DocgenNumber": "reg_number",
}


def _parse_number(value: str, name: Path) -> int | None:
    value = value.strip().lstrip("№").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ArchiveError(_("{name}: /DocgenNumber {value} is not a registration number"
                             ).format(name=name, value=repr(value)))
    return int(value)


def compare_metadata(record: Record, metadata: dict[str, str], name: Path) -> None:
    """Refuse a PDF whose /Docgen* metadata contradicts the journal record."""
    for key, column in _MATCHED_FIELDS.items():
        if key not in metadata:
            continue
        pdf_value: Any = metadata[key]
        if column == "reg_number":
            pdf_value = _parse_number(pdf_value, name)
        elif column == "doc_date":
            pdf_value = pdf_value[:10]
        journal_value = getattr(record, column)
        if pdf_value != journal_value:
            raise ArchiveError(_(
                "{name}: /{key} is {pdf} but the journal has {journal} for {doc_id}: is this "
                "the right file?").format(name=name, key=key, pdf=repr(pdf_value),
                                          journal=repr(journal_value), doc_id=record.doc_id))


def _adopt(journal: Journal, doc_id: str, metadata: dict[str, str], name: Path) -> Record:
    """Create the journal record of ``doc_id`` from the PDF's /Docgen* metadata."""
    missing = [
        k for k in ("DocgenKind", "DocgenBody", "DocgenDate", "DocgenLang") if not metadata.get(k)
    ]
    if missing:
        raise ArchiveError(_("{name}: cannot adopt {doc_id}: the PDF lacks {keys}").format(
            name=name, doc_id=doc_id, keys=", ".join("/" + k for k in missing)))
    number = _parse_number(metadata.get("DocgenNumber", ""), name)
    try:
        date = _dt.date.fromisoformat(metadata["DocgenDate"][:10])
        region = metadata.get("DocgenRegion", "")
        if number is not None:
            journal.ensure_registration(
                metadata["DocgenBody"], region, metadata["DocgenKind"], date.year, number
            )
        record = journal.record_generated(
            doc_id,
            kind=metadata["DocgenKind"],
            body=metadata["DocgenBody"],
            region=region,
            doc_date=date,
            lang=metadata["DocgenLang"],
            reg_number=number,
        )
    except (JournalError, ValueError) as exc:
        raise ArchiveError(_("{name}: cannot adopt {doc_id}: {error}").format(
            name=name, doc_id=doc_id, error=exc)) from exc
    journal.log(doc_id, "adopted", f"record created from the metadata of {name.name}")
    return record



def _require_trust(check: PdfCheck, trust: TrustRoots | None) -> None:
    """Refuse a PDF with a signature that is not trusted (``--require-trust``)."""
    if trust is None:
        raise ArchiveError(_(
            "--require-trust needs the trusted certificates: --trust FILE|DIR or DOCGEN_TRUST"
        ))
    if not check.signatures:
        raise SignatureError(_("{name}: --require-trust: the PDF is not signed").format(
            name=check.path))
    for sig in check.signatures:
        if sig.trust != TRUSTED:
            raise SignatureError(_(
                "{name}: --require-trust: signature '{field}' by {signer} is {trust}").format(
                    name=check.path, field=sig.field_name, signer=sig.signer_name or "?",
                    trust=shown(sig.trust)))


def refuse_draft(check: PdfCheck, path: Path) -> None:
    """A draft (``--draft``: /DocgenDraft) is for approval, never the signed original."""
    if check.metadata.get(DRAFT_KEY):
        raise ArchiveError(_(
            "{name}: document {doc_id} is a draft («ПРОЕКТ» / «ЖОБА», made with --draft): a "
            "draft is for approval, never the signed original; render the paper without "
            "--draft, sign that one and archive it").format(name=path,
                                                           doc_id=check.doc_id or ""))


def add_to_archive(
    journal: Journal,
    pdf_path: Path | str,
    *,
    archive_dir: Path | str,
    doc_id: str | None = None,
    allow_unsigned: bool = False,
    replace: bool = False,
    adopt: bool = False,
    trust: TrustRoots | None = None,
    require_trust: bool = False,
    detached: Sequence[Path | str] = (),
    require_layout: bool = False,
) -> AddResult:
    """Check the signed PDF (or paper-signed scan) at ``pdf_path``; file it in ``archive_dir``.

    The document is found by the PDF's ``/DocgenId`` (or ``doc_id``; both given must
    agree). A PDF with neither docgen metadata nor a digital signature is a scan of a
    paper signed by hand: its id comes from the QR code on its pages (or ``doc_id``)
    and it is archived as a ``paper-signed scan``. Raises PdfError / SignatureError for
    a bad file (or, with ``require_trust``, a signature that does not chain to
    ``trust``), ArchiveError for an unknown id (unless ``adopt``), metadata that
    contradicts the journal, a scan without a readable code, or a different file for
    an archived document (unless ``replace``, which keeps the old copy as
    ``….replaced-<UTC stamp>.pdf``). ``detached`` names CMS files signing the PDF's
    bytes (:mod:`docgen.archive.cms`): checked like a signature inside it, and kept in
    the journal; given for the PDF archived before, they are added to its record (and a
    signed order is applied then, if its copy was unsigned). A scan's pages must be the
    pages docgen rendered (the prints kept when it made the PDF); a document whose PDF was
    made without the journal has none, which is a note, or an ArchiveError with
    ``require_layout``. On any error nothing changes.
    """
    path = Path(pdf_path)
    archive_root = Path(archive_dir).absolute()
    data = read_bytes(path)
    check = inspect_pdf_bytes(data, path, allow_unsigned=True, trust=trust)
    cms = [check_detached(read_bytes(Path(f)), data, Path(f), trust=trust) for f in detached]
    if cms:
        check = _replace(check, signatures=check.signatures + tuple(c.signature for c in cms),
                         notes=check.notes + tuple(n for c in cms for n in c.notes),
                         expires=check.expires + tuple(c.expires for c in cms))
    refuse_draft(check, path)
    archived_as = "signed PDF"
    scan = check.doc_id is None and not check.signatures and not adopt
    scanned: dict[int, PageScan] = {}
    if scan and image_only(data, path):
        doc_id, scanned = scanned_doc_id(data, path, doc_id)
        archived_as = PAPER_SCAN
    elif not check.signatures and not allow_unsigned:
        raise SignatureError((_(
            "{name}: the PDF is not signed (no signature field with a value) and it is not a "
            "scan (its pages carry text, a scan only pictures of paper); sign it before "
            "archiving, or archive it unsigned with --unsigned") if scan else _(
            "{name}: the PDF is not signed (no signature field with a value); sign it before "
            "archiving, or archive it unsigned with --unsigned")).format(name=path))
    elif scan and doc_id is not None:
        qr_conflict(data, path, doc_id)
    if require_trust:
        _require_trust(check, trust)
    embedded = check.doc_id
    if doc_id is not None and embedded is not None and doc_id != embedded:
        raise ArchiveError(_("{name}: the PDF is document {embedded}, not {doc_id}").format(
            name=path, embedded=embedded, doc_id=doc_id))
    wanted = doc_id or embedded
    if wanted is None:
        raise ArchiveError(_("{name}: the PDF has no /DocgenId; give the document id (--id)"
                             ).format(name=path))
    try:
        check_doc_id(wanted)
    except JournalError as exc:
        raise ArchiveError(f"{path}: {exc}") from None

    ops = FileOps()
    intent: list[Path] = []
    try:
        with journal.transaction():
            recovered = recover_pending(journal, archive_root)
            record = journal.get(wanted)
            adopted = False
            if record is None:
                if not adopt:
                    raise ArchiveError(_(
                        "{name}: document {doc_id} is not in the journal; archive only "
                        "documents docgen generated here (or adopt it from its metadata)"
                    ).format(name=path, doc_id=wanted))
                record = _adopt(journal, wanted, check.metadata, path)
                adopted = True
            else:
                compare_metadata(record, check.metadata, path)
            if archived_as == PAPER_SCAN:
                check = _replace(check, notes=check.notes + _scan_pages(
                    journal, record, scanned, path, require_layout))
            step = _Step(journal, archive_root, ops, intent)
            result = step.file(record, data, check, replace, archived_as)
            kept = {sha256_bytes(der) for _, der in journal.detached(record.doc_id, check.sha256)}
            if result.action == "unchanged" and cms:
                result = _later_signatures(journal, record, result, cms, kept)
            for signature in cms:
                journal.record_detached(record.doc_id, check.sha256, signature.sha256,
                                        signature.source, signature.der)
            roll = None
            if check.signatures or archived_as == PAPER_SCAN:  # unsigned: no roll change
                roll = apply_signed_order(journal, record, data, archived_as, path)
            result = _replace(result, adopted=adopted, recovered=tuple(recovered), roll=roll)
    except BaseException:
        ops.undo()
        for path in intent:
            path.unlink(missing_ok=True)
        raise
    for path in intent:  # committed: the intent is done
        path.unlink(missing_ok=True)
    return result


def _scan_pages(journal: Journal, record: Record, pages: dict[int, PageScan], path: Path,
                require_layout: bool) -> tuple[str, ...]:
    """Refuse a scan that is not the paper docgen made of ``record`` (its pages' prints);
    a note when docgen has no prints of it (its PDF was made without the journal)."""
    what = f"{record.doc_id} ({record.kind}, {record.lang})"
    prints = journal.page_prints(record.doc_id)
    if prints:
        check_pages(pages, prints, what, path)
        return (PAGES_SAME.format(what=what),)
    if require_layout:
        raise ArchiveError(_(
            "{name}: --require-layout: the pages could not be compared with the paper: the "
            "PDF of {what} was made without the journal (render --pdf --archive, or docgen "
            "pdf --archive, keeps its pages' prints), so only its QR code says which "
            "document it is").format(name=path, what=what))
    return (PAGES_UNKNOWN.format(what=what),)  # stored in English, shown translated


def _later_signatures(journal: Journal, record: Record, result: AddResult,
                      cms: Sequence[Detached], kept: set[str]) -> AddResult:
    """Detached signatures given for a PDF already archived (the same bytes): each new one
    joins the record's signatures (chained: a ``signature added`` event); one already
    there is said so. The caller files them and applies an order signed only now."""
    already = tuple(CMS_THERE.format(file=c.source) for c in cms if c.sha256 in kept)
    new = [c for c in cms if c.sha256 not in kept]
    if not new:
        return _replace(result, notes=result.notes + already)
    journal.record_signed(record.doc_id, [*journal.signatures(record.doc_id),
                                          *(c.signature for c in new)])
    for c in new:
        journal.log(record.doc_id, "signature added", json.dumps(
            {"source": c.source, "cms_sha256": c.sha256, "pdf_sha256": result.sha256,
             "signer": c.signature.signer_name, "trust": c.signature.trust}))
    return _replace(result, action="signature added", notes=result.notes + already)


@dataclass
class _Step:
    """One archive write inside the journal transaction: files, intent, journal rows."""

    journal: Journal
    root: Path
    ops: FileOps
    intent: list[Path]

    def destination(self, record: Record) -> tuple[str, Path]:
        """Where ``record``'s copy lives; a journal path outside the archive is refused."""
        rel = record.archived_path or archive_relpath(record)
        dest = inside(self.root, rel)
        if dest is None:
            raise ArchiveError(_(
                "the journal puts {doc_id} at {path}, outside the archive folder {root}: the "
                "journal was edited; run 'docgen archive verify'").format(
                    doc_id=record.doc_id, path=repr(rel), root=self.root))
        return rel, dest

    def file(
        self, record: Record, data: bytes, check: PdfCheck, replace: bool, archived_as: str
    ) -> AddResult:
        """Decide the action, move the files (intent first) and record it."""
        rel, dest = self.destination(record)
        sha = check.sha256
        action, on_disk = _action(record, dest, rel, sha, check, replace)
        doc_id = record.doc_id
        replaced: Path | None = None
        if action != "unchanged" and on_disk != sha:
            aside = aside_name(dest) if dest.exists() else None
            self.intent.append(
                Intent(
                    doc_id=doc_id,
                    dest=rel,
                    aside=aside.relative_to(self.root).as_posix() if aside else None,
                    old_sha256=on_disk,
                    new_sha256=sha,
                ).write(self.root)
            )
            self.ops.make_dirs(dest.parent)
            if aside is not None:
                replaced = self.ops.keep_aside(dest, aside)
            self.ops.write_read_only(data, dest)
        if action != "unchanged":
            self.record(record, rel, check, action, replaced, on_disk, archived_as)
        return AddResult(
            doc_id=doc_id,
            action=action,
            path=dest,
            sha256=sha,
            signatures=check.signatures,
            notes=check.notes,
            replaced_path=replaced,
            archived_as=archived_as,
        )

    def record(
        self,
        record: Record,
        rel: str,
        check: PdfCheck,
        action: str,
        replaced: Path | None,
        on_disk: str | None,
        archived_as: str,
    ) -> None:
        """The journal rows and chained events of the step."""
        journal, doc_id, sha = self.journal, record.doc_id, check.sha256
        journal.record_signed(doc_id, check.signatures)
        journal.record_archived(doc_id, rel, sha, archived_as)
        detail: dict[str, Any] = {"path": rel, "sha256": sha, "source": check.path.name,
                                  "as": archived_as}
        if not check.signatures:
            detail["unsigned"] = True
        if check.notes:
            detail["notes"] = list(check.notes)
        if action == "replaced" or replaced is not None:
            journal.log(
                doc_id,
                "replaced",
                json.dumps(
                    {
                        "old_path": replaced.relative_to(self.root).as_posix()
                        if replaced
                        else None,
                        "old_sha256": on_disk if replaced else None,
                        "journal_sha256": record.archived_sha256,
                        "new_sha256": sha,
                    }
                ),
            )
        journal.log(doc_id, "restored" if action == "restored" else "archived",
                    json.dumps(detail))


def _action(
    record: Record, dest: Path, rel: str, sha: str, check: PdfCheck, replace: bool
) -> tuple[str, str | None]:
    """``(action, sha256 of the file now at dest)``; ArchiveError when it is refused."""
    doc_id = record.doc_id
    on_disk = sha256_file(dest) if dest.is_file() else None
    if record.status == "archived" and record.archived_sha256 == sha:
        if on_disk == sha:
            return "unchanged", on_disk
        if on_disk is not None and not replace:
            raise ArchiveError(_(
                "{name}: the archived copy of {doc_id} was changed after archiving; add it "
                "again with --replace to put the original back (the changed copy is kept)"
            ).format(name=dest, doc_id=doc_id))
        return "restored", on_disk
    if record.status == "archived":
        if not replace:
            raise ArchiveError(_(
                "{name}: {doc_id} is already archived at {path} with a different file "
                "(sha256 {old}…, this one {new}…); add it with --replace to replace it (the "
                "old copy is kept)").format(name=check.path, doc_id=doc_id, path=rel,
                                            old=(record.archived_sha256 or "")[:12],
                                            new=sha[:12]))
        return "replaced", on_disk
    if on_disk is not None and on_disk != sha:
        raise ArchiveError(_(
            "{name}: a different file is already there but the journal does not list it for "
            "{doc_id}; move it away first").format(name=dest, doc_id=doc_id))
    return "added", on_disk


def list_documents(
    journal: Journal,
    year: int | None = None,
    kind: str | None = None,
    region: str | None = None,
) -> list[Record]:
    """Journal records (every status), filtered by year, kind and region."""
    if kind is not None and kind not in KINDS:
        raise ArchiveError(_("kind {kind} is not one of: {kinds}").format(
            kind=repr(kind), kinds=", ".join(KINDS)))
    return journal.find(year=year, kind=kind, region=region)


def get_document(journal: Journal, doc_id: str) -> Record:
    """The record of ``doc_id``; ArchiveError if the journal does not know it."""
    record = journal.get(doc_id)
    if record is None:
        raise ArchiveError(_("document {doc_id} is not in the journal").format(
            doc_id=doc_id))
    return record
