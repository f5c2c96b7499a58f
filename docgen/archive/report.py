"""What `docgen archive list|show|verify` print: plain tables and lines, or JSON objects."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from docgen.archive.signatures import TRUSTED
from docgen.archive.verify import Finding
from docgen.archive.words import shown
from docgen.i18n import _
from docgen.records.journal import Journal, Record, SignatureRecord

__all__ = [
    "record_json",
    "records_table",
    "revision_chain",
    "show_lines",
    "signature_checks",
    "trust_summary",
    "verify_json",
]

_LIST_COLUMNS = (
    "id", "kind", "body", "region", "number", "date", "lang", "rev", "status", "trust", "signer",
)


def trust_summary(signatures: list[SignatureRecord]) -> str:
    """``trusted`` (every signature), ``not trusted`` (any), ``not checked`` or ``unsigned``."""
    if not signatures:
        return "unsigned"
    if all(s.trust == TRUSTED for s in signatures):
        return "trusted"
    if any(s.trust.startswith("not trusted") for s in signatures):
        return "not trusted"
    return "not checked"


def signature_checks(sig: SignatureRecord) -> str:
    """How far a signature was checked, in words."""
    if sig.intact is None:
        digest = _("digest not checked")
    elif sig.intact:
        digest = _("digest intact, signature valid") if sig.valid else _(
            "digest intact, signature INVALID")
    else:
        digest = _("digest BROKEN, signature valid") if sig.valid else _(
            "digest BROKEN, signature INVALID")
    return f"{digest}; {shown(sig.trust)}" if sig.trust else digest


def revision_chain(journal: Journal, record: Record) -> list[Record]:
    """Every revision of ``record``'s document, the first first."""
    chain = [record]
    while chain[0].supersedes and len(chain) < 1000:
        earlier = journal.get(chain[0].supersedes)
        if earlier is None:
            break
        chain.insert(0, earlier)
    while len(chain) < 1000:
        later_id = journal.superseded_by(chain[-1].doc_id)
        later = journal.get(later_id) if later_id else None
        if later is None:
            break
        chain.append(later)
    return chain


def _status(journal: Journal, record: Record) -> str:
    return f"{record.status}/superseded" if journal.superseded_by(record.doc_id) else record.status


def records_table(journal: Journal, records: list[Record]) -> list[str]:
    """Journal records as the lines of a plain-text table (header first)."""
    rows = [_LIST_COLUMNS] + [
        (r.doc_id, r.kind, r.body, r.region or "-",
         "-" if r.reg_number is None else str(r.reg_number), r.doc_date, r.lang,
         str(r.revision), _status(journal, r), trust_summary(journal.signatures(r.doc_id)),
         r.signer_name or "-")
        for r in records
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_LIST_COLUMNS) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)),
                       row[-1]]).rstrip() for row in rows]


def record_json(journal: Journal, record: Record, *, history: bool = False) -> dict[str, Any]:
    """One record as a JSON object: its row, signatures, trust, revision chain (and history)."""
    signatures = journal.signatures(record.doc_id)
    out: dict[str, Any] = asdict(record)
    out.update(
        superseded_by=journal.superseded_by(record.doc_id),
        revisions=[r.doc_id for r in revision_chain(journal, record)],
        trust=trust_summary(signatures),
        signatures=[asdict(s) for s in signatures],
    )
    if history:
        out["history"] = [asdict(e) for e in journal.history(record.doc_id)]
    return out


def show_lines(journal: Journal, record: Record) -> list[str]:
    """``docgen archive show``: the record, its revisions, signatures and history."""
    lines = [f"{key + ':':<17} {'-' if value in (None, '') else value}"
             for key, value in asdict(record).items()]
    chain = revision_chain(journal, record)
    if len(chain) > 1:
        lines.append("revisions:")
        for item in chain:
            mark = "  <- this one" if item.doc_id == record.doc_id else ""
            state = "superseded" if item is not chain[-1] else "current"
            lines.append(f"  {item.revision}. {item.doc_id} ({item.status}, {state}){mark}")
    signatures = journal.signatures(record.doc_id)
    lines.append(f"trust:           {trust_summary(signatures)}")
    lines.append("signatures:" if signatures else "signatures:      none")
    for number, sig in enumerate(signatures, start=1):
        lines.append(f"  {number}. {sig.field_name}: {sig.signer_name or '?'} at "
                     f"{sig.signed_at or '?'} ({sig.signature_type or '?'}); "
                     f"{signature_checks(sig)}")
    lines.append("history:")
    for event in journal.history(record.doc_id):
        detail = f"  {event.detail}" if event.detail else ""
        lines.append(f"  {event.at}  {event.event}{detail}")
    return lines


def verify_json(findings: list[Finding], files: int, head: tuple[int, str] | None,
                notes: list[str] | None = None) -> dict[str, Any]:
    """``docgen archive verify --json``: the verdict, each finding, the chain head, and
    ``notes`` when there are any (signatures valid when archived or timestamped whose
    certificates have since expired)."""
    report: dict[str, Any] = {
        "ok": not findings,
        "files": files,
        "head": head[1] if head else None,
        "records": head[0] if head else 0,
        "findings": [f.as_json() for f in findings],
    }
    if notes:
        report["notes"] = list(notes)
    return report
