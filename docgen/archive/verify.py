"""Verifying the archive: the journal's chain recomputed, every file re-hashed and re-checked.

:func:`verify_archive` reports, one :class:`Finding` each: a journal record changed,
deleted, inserted or moved, a journal row that differs from its chained state (so a
signer's name or a file's sha256 edited in the journal shows), a path outside the
archive folder, a missing, changed or untracked file, a signature that no longer
verifies or differs from the journal's, an untrusted signature (with trust roots), and
a head hash that the journal no longer extends.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from docgen.archive.fileops import inside, sha256_file
from docgen.archive.signatures import TRUSTED, inspect_pdf
from docgen.archive.trust import TrustRoots
from docgen.errors import PdfError, SignatureError
from docgen.records.journal import Journal

__all__ = ["Finding", "verify_archive"]

_YEAR_DIR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Finding:
    """One problem :func:`verify_archive` found.

    ``problem`` is ``missing``, ``changed``, ``unreadable``, ``signature``, ``signer``,
    ``trust``, ``outside`` (a journal path outside the archive folder), ``untracked`` (a
    file under a year folder that the journal does not know) or one of the journal's
    chain problems (``record changed``, ``record deleted``, ``record inserted``,
    ``record moved``, ``row changed``, ``row inserted``, ``row deleted``, ``head``).
    ``entry`` is the journal record's number for a chain problem.
    """

    problem: str
    path: Path
    doc_id: str | None
    detail: str
    entry: int | None = None

    def as_json(self) -> dict[str, object]:
        """The finding as a JSON object."""
        return {"problem": self.problem, "path": str(self.path), "doc_id": self.doc_id,
                "entry": self.entry, "detail": self.detail}

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
    head: str | None = None,
) -> list[Finding]:
    """Recompute the journal's chain, re-hash every archived file; return what is wrong.

    Chain breaks and rows edited outside docgen, paths outside the archive folder,
    missing or changed files (and kept replaced copies), files under a year folder the
    journal does not know, and (when ``check_signatures``) signatures that no longer
    check out, that differ from the journal's, or (with ``trust``) are not trusted.
    ``head`` is a chain hash given out earlier (``docgen archive head``): the journal
    must still contain it.
    """
    root = Path(archive_dir).absolute()
    findings = [
        Finding(p.problem, journal.path, p.doc_id, p.detail, p.entry)
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
        if hashed(rel, record.doc_id, record.archived_sha256, "archived file") and (
            check_signatures
        ):
            findings += _signature_findings(journal, record.doc_id, root / str(rel), trust)

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
