"""Verifying the archive: the journal's chain recomputed, every file re-hashed and re-checked.

:func:`verify_archive` reports, one :class:`Finding` each: a journal record changed,
deleted, inserted or moved, a journal row that differs from its chained state (so a
signer's name or a file's sha256 edited in the journal shows), a path outside the
archive folder, a missing, changed or untracked file, a signature that no longer
verifies or differs from the journal's, an untrusted signature (with trust roots), and
a head hash that the journal no longer extends.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive.cms import check_detached
from docgen.archive.fileops import inside, sha256_file
from docgen.archive.signatures import TRUSTED, PdfCheck, inspect_pdf, valid_when
from docgen.archive.store import PAPER_SCAN, compare_metadata
from docgen.archive.trust import TrustRoots
from docgen.archive.words import GOST, shown
from docgen.errors import ArchiveError, PdfError, SignatureError
from docgen.i18n import _
from docgen.records.journal import Journal, Record

__all__ = ["Finding", "verify_archive"]

_YEAR_DIR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Finding:
    """One problem :func:`verify_archive` found.

    ``problem`` is ``missing``, ``changed``, ``unreadable``, ``signature``, ``signer``,
    ``trust``, ``docgen id`` (the file is another document: its /DocgenId or /Docgen*
    metadata is not its record's), ``outside`` (a journal path outside the archive
    folder), ``untracked`` (a file under a year folder that the journal does not know)
    or one of the journal's chain problems (``record changed``, ``record deleted``,
    ``record inserted``, ``record moved``, ``row changed``, ``row inserted``,
    ``row deleted``, ``head``).
    ``entry`` is the journal record's number for a chain problem; ``table`` and ``row``
    name a row of the roll or of the registrations (``roll_members``, ``id=7``).
    """

    problem: str
    path: Path
    doc_id: str | None
    detail: str
    entry: int | None = None
    table: str | None = None
    row: str | None = None

    def as_json(self) -> dict[str, object]:
        """The finding as a JSON object (``table`` and ``row`` when it names a table's row)."""
        found: dict[str, object] = {"problem": self.problem, "path": str(self.path),
                                    "doc_id": self.doc_id, "entry": self.entry,
                                    "detail": self.detail}
        if self.table is not None:
            found.update(table=self.table, row=self.row)
        return found

    def __str__(self) -> str:
        who = f" [{self.doc_id}]" if self.doc_id else ""
        return f"{self.problem}: {self.path}{who}: {self.detail}"


def _identity_findings(record: Record, path: Path, check: PdfCheck) -> list[Finding]:
    """The archived file must be its record's document: /DocgenId and /Docgen* agree."""
    doc_id = record.doc_id
    if record.archived_as == PAPER_SCAN:
        return []
    if check.doc_id is not None and check.doc_id != doc_id:
        return [Finding("docgen id", path, doc_id,
                        f"the archived file is document {check.doc_id}, not {doc_id}: it was "
                        "replaced by another PDF")]
    try:
        compare_metadata(record, check.metadata, path)
    except ArchiveError as exc:
        return [Finding("docgen id", path, doc_id, str(exc).removeprefix(f"{path}: "))]
    return []


def _archiving(journal: Journal, record: Record) -> tuple[str | None, str | None]:
    """``(time, sha256)`` of the chained event that last archived ``record``'s file."""
    found: tuple[str | None, str | None] = (None, None)
    for event in journal.history(record.doc_id):
        if event.event in ("archived", "restored"):
            try:
                found = (event.at, json.loads(event.detail).get("sha256"))
            except (ValueError, AttributeError):
                found = (event.at, None)
    return found


def _chained_sha(record: Record, chained: str | None, path: Path) -> list[Finding]:
    """The file's sha256 in the record must be the one its last archiving event chained."""
    if chained is None or chained == record.archived_sha256:
        return []
    return [Finding("changed", path, record.doc_id,
                    f"the journal row gives sha256 {(record.archived_sha256 or '')[:12]}… but "
                    f"the file was archived with sha256 {chained[:12]}…")]


def _signature_findings(
    journal: Journal, record: Record, path: Path, trust: TrustRoots | None,
    notes: list[str], archived_at: str | None,
) -> list[Finding]:
    """The signatures of an archived file checked again and compared with the journal."""
    doc_id = record.doc_id
    try:
        check = _inspect(journal, record, path, trust)
    except (PdfError, SignatureError) as exc:
        return [Finding("signature", path, doc_id, str(exc))]
    found: list[Finding] = _identity_findings(record, path, check)
    stored = [(s.field_name, s.signer_name) for s in journal.signatures(doc_id)]
    actual = [(s.field_name, s.signer_name) for s in check.signatures]
    if stored != actual:
        found.append(
            Finding(
                "signer",
                path,
                doc_id,
                f"the journal names the signers {_signers(stored)} but the file is signed "
                f"by {_signers(actual)}",
            )
        )
    notes += [f"{path} [{doc_id}]: {note}" for note in check.notes
              if "proved by a trusted timestamp" in note]
    if trust is not None:
        found += _trust_at_archiving(journal, record, check, trust, archived_at, notes)
    return found


def _inspect(journal: Journal, record: Record, path: Path, trust: TrustRoots | None,
             moment: _dt.datetime | None = None) -> PdfCheck:
    """The archived file's signatures, with its detached ones kept in the journal; with
    ``moment``, as of then (a detached signature filed later: as of when it was filed)."""
    check = inspect_pdf(path, allow_unsigned=True, trust=trust, moment=moment)
    kept = journal.detached(record.doc_id, record.archived_sha256 or "")
    if not kept:
        return check
    data = path.read_bytes()
    moments = [moment] * len(kept)
    if moment is not None:  # a signature added after the file: as of when it was filed
        filed = journal.detached_times(record.doc_id, record.archived_sha256 or "")
        moments = [max(moment, _dt.datetime.fromisoformat(at)) for at in filed]
    cms = [check_detached(der, data, Path(source), trust=trust, moment=when)
           for (source, der), when in zip(kept, moments, strict=True)]
    return replace(check, signatures=check.signatures + tuple(c.signature for c in cms),
                   notes=check.notes + tuple(n for c in cms for n in c.notes),
                   expires=check.expires + tuple(c.expires for c in cms))


def _trust_at_archiving(journal: Journal, record: Record, check: PdfCheck, trust: TrustRoots,
                        archived_at: str | None, notes: list[str]) -> list[Finding]:
    """Untrusted signatures, judged again as of the chained time docgen archived them."""
    doc_id = record.doc_id
    notes += [_("{path} [{doc_id}]: signature '{field}' by {signer}: {verdict}").format(
        path=check.path, doc_id=doc_id, field=s.field_name, signer=s.signer_name or "?",
        verdict=shown(GOST)) for s in check.signatures if s.trust == GOST]
    untrusted = [i for i, s in enumerate(check.signatures) if s.trust not in (TRUSTED, GOST)]
    if not untrusted:
        return []
    then = None
    if archived_at is not None:
        moment = _dt.datetime.fromisoformat(archived_at)
        try:
            then = _inspect(journal, record, check.path, trust, moment)
        except (PdfError, SignatureError, OSError):
            then = None
    found: list[Finding] = []
    filed = [_dt.datetime.fromisoformat(at) for at in
             journal.detached_times(doc_id, record.archived_sha256 or "")]
    embedded = len(check.signatures) - len(filed)
    for i in untrusted:
        sig = check.signatures[i]
        who = _("signature '{field}' by {signer}").format(field=sig.field_name,
                                                          signer=sig.signer_name or "?")
        if then is not None and i < len(then.signatures) and then.signatures[i].trust == TRUSTED:
            expires = check.expires[i] if i < len(check.expires) else None
            when = moment if i < embedded else max(moment, filed[i - embedded])
            notes.append(_("{path} [{doc_id}]: {who}: {verdict}").format(
                path=check.path, doc_id=doc_id, who=who,
                verdict=shown(valid_when("archived", when, expires, sig.trust))))
        else:
            found.append(Finding("trust", check.path, doc_id, _("{who} is {trust}").format(
                who=who, trust=shown(sig.trust))))
    return found


def _signers(pairs: list[tuple[str, str | None]]) -> str:
    return "; ".join(f"{name or '?'} ({field})" for field, name in pairs) or "nobody"


def verify_archive(
    journal: Journal,
    archive_dir: Path | str,
    *,
    check_signatures: bool = True,
    trust: TrustRoots | None = None,
    head: str | None = None,
    notes: list[str] | None = None,
) -> list[Finding]:
    """Recompute the journal's chain, re-hash every archived file; return what is wrong.

    Chain breaks and rows edited outside docgen, paths outside the archive folder,
    missing or changed files (and kept replaced copies), files under a year folder the
    journal does not know, and (when ``check_signatures``) signatures that no longer
    check out, that differ from the journal's, or (with ``trust``) are not trusted.
    ``head`` is a chain hash given out earlier (``docgen archive head``): the journal
    must still contain it. A signature not trusted now is judged again as of the time
    the journal's chain says docgen archived it (the journal is its proof of existence):
    trusted then, it is no finding but a line in ``notes`` ("valid when archived on …;
    the certificate expired on …"); so is one proved by a trusted timestamp.
    """
    root = Path(archive_dir).absolute()
    findings = [
        Finding(p.problem, journal.path, p.doc_id, p.detail, p.entry, p.table, p.row)
        for p in journal.check_chain(head)
    ]
    known: set[str] = set()

    def hashed(rel: str | None, doc_id: str | None, expected: str | None, what: str) -> bool:
        path = inside(root, rel)
        if path is None:
            findings.append(Finding("outside", root / str(rel), doc_id,
                                    f"the journal puts the {what} at {rel!r}, outside the "
                                    "archive folder: the journal was edited"))
            return False
        known.add(str(rel))
        if not path.is_file():
            findings.append(Finding("missing", path, doc_id, f"the {what} is missing"))
            return False
        try:
            actual = sha256_file(path)
        except OSError as exc:
            findings.append(Finding("unreadable", path, doc_id, f"cannot read it: {exc}"))
            return False
        if actual != expected:
            findings.append(
                Finding(
                    "changed",
                    path,
                    doc_id,
                    f"the {what} changed: sha256 {actual[:12]}…, journal has "
                    f"{(expected or '')[:12]}…",
                )
            )
            return False
        return True

    for record in journal.find(status="archived"):
        rel = record.archived_path
        archived_at, chained_sha = _archiving(journal, record)
        findings += _chained_sha(record, chained_sha, root / str(rel))
        if hashed(rel, record.doc_id, record.archived_sha256, "archived file") and (
            check_signatures
        ):
            findings += _signature_findings(journal, record, root / str(rel), trust,
                                            notes if notes is not None else [], archived_at)

    for event in journal.history(event="replaced"):
        try:
            detail = json.loads(event.detail)
        except ValueError:
            continue
        if detail.get("old_path"):
            hashed(detail["old_path"], event.doc_id, detail.get("old_sha256"),
                   "kept replaced copy")

    findings += _untracked(root, known)
    return findings


def _untracked(root: Path, known: set[str]) -> list[Finding]:
    """Files under a year folder that the journal does not know."""
    found: list[Finding] = []
    if not root.is_dir():
        return found
    for year_dir in sorted(root.iterdir()):
        if not (year_dir.is_dir() and _YEAR_DIR.match(year_dir.name)):
            continue
        for path in sorted(year_dir.rglob("*")):
            if path.is_file() and path.relative_to(root).as_posix() not in known:
                found.append(Finding("untracked", path, None,
                                     "the journal does not know this file"))
    return found
