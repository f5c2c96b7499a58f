"""Verifying the archive: every archived file re-hashed, its signatures checked again."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from docgen.archive.fileops import sha256_file
from docgen.archive.signatures import TRUSTED, inspect_pdf
from docgen.archive.trust import TrustRoots
from docgen.errors import PdfError, SignatureError
from docgen.records.journal import Journal

__all__ = ["Finding", "verify_archive"]

_YEAR_DIR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Finding:
    """One problem :func:`verify_archive` found.

    ``problem`` is ``missing``, ``changed``, ``unreadable``, ``signature`` or
    ``untracked`` (a file under a year folder that the journal does not know).
    """

    problem: str
    path: Path
    doc_id: str | None
    detail: str

    def __str__(self) -> str:
        who = f" [{self.doc_id}]" if self.doc_id else ""
        return f"{self.problem}: {self.path}{who}: {self.detail}"


def _signature_findings(
    journal: Journal, doc_id: str, path: Path, trust: TrustRoots | None
) -> list[Finding]:
    """The signatures of an archived file checked again and compared with the journal."""
    try:
        check = inspect_pdf(path, allow_unsigned=True, trust=trust)
    except (PdfError, SignatureError) as exc:
        return [Finding("signature", path, doc_id, str(exc))]
    found: list[Finding] = []
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
    if trust is not None:
        found += [
            Finding("trust", path, doc_id, f"signature '{s.field_name}' by "
                    f"{s.signer_name or '?'} is {s.trust}")
            for s in check.signatures
            if s.trust != TRUSTED
        ]
    return found


def _signers(pairs: list[tuple[str, str | None]]) -> str:
    return "; ".join(f"{name or '?'} ({field})" for field, name in pairs) or "nobody"


def verify_archive(
    journal: Journal,
    archive_dir: Path | str,
    *,
    check_signatures: bool = True,
    trust: TrustRoots | None = None,
) -> list[Finding]:
    """Re-hash every archived file (and kept replaced copy); return what is wrong.

    Missing or changed files, files under a year folder the journal does not know,
    and (when ``check_signatures``) signatures that no longer check out, that differ
    from the journal's, or (with ``trust``) that are not trusted.
    """
    root = Path(archive_dir).absolute()
    findings: list[Finding] = []
    known: set[str] = set()

    def hashed(path: Path, doc_id: str | None, expected: str | None, what: str) -> bool:
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
        rel = record.archived_path or ""
        known.add(rel)
        path = root / rel
        if hashed(path, record.doc_id, record.archived_sha256, "archived file") and (
            check_signatures
        ):
            findings += _signature_findings(journal, record.doc_id, path, trust)

    for event in journal.history(event="replaced"):
        try:
            detail = json.loads(event.detail)
        except ValueError:
            continue
        old = detail.get("old_path")
        if old:
            known.add(old)
            hashed(root / old, event.doc_id, detail.get("old_sha256"), "kept replaced copy")

    if root.is_dir():
        for year_dir in sorted(root.iterdir()):
            if not (year_dir.is_dir() and _YEAR_DIR.match(year_dir.name)):
                continue
            for path in sorted(year_dir.rglob("*")):
                rel = path.relative_to(root).as_posix()
                if path.is_file() and rel not in known:
                    findings.append(
                        Finding("untracked", path, None, "the journal does not know this file")
                    )
    return findings
