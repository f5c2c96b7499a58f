"""Document records: what was generated, signed and archived, and each document's history."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence
from typing import Any

from docgen.errors import JournalError
from docgen.i18n import _
from docgen.records.checks import (
    LANGS,
    check_choice,
    check_doc_id,
    check_number,
    check_registration,
    check_year,
    iso_date,
    utc_now,
)
from docgen.records.history import HistoryLog
from docgen.records.numbering import Numbering
from docgen.records.rows import _RECORD_COLUMNS, Record, SignatureRecord


class DocumentRecords(Numbering, HistoryLog):
    """The journal's document records (their chained history is :class:`HistoryLog`)."""

    # -- documents

    def record_generated(
        self,
        doc_id: str,
        *,
        kind: str,
        body: str,
        region: str | None,
        doc_date: _dt.date | str,
        lang: str,
        reg_number: int | None = None,
        year: int | None = None,
        data_sha256: str | None = None,
        docx_sha256: str | None = None,
        pdf_sha256: str | None = None,
        supersedes: str | None = None,
    ) -> Record:
        """Record (or update) a document docgen has just written; idempotent per ``doc_id``.

        ``year`` defaults to the year of ``doc_date``. A ``reg_number`` must have been
        allocated or reserved first. A signed or archived document cannot change; a
        corrected one is a new document that ``supersedes`` it (the next revision).
        """
        check_doc_id(doc_id)
        date = iso_date(doc_date)
        year = check_year(year if year is not None else int(date[:4]))
        body, region, kind = check_registration(body, region, kind, year)
        check_choice(lang, LANGS, "language")
        if reg_number is not None:
            check_number(reg_number)
        wanted = {
            "kind": kind,
            "body": body,
            "region": region,
            "year": year,
            "reg_number": reg_number,
            "doc_date": date,
            "lang": lang,
            "data_sha256": data_sha256,
            "docx_sha256": docx_sha256,
            "pdf_sha256": pdf_sha256,
        }
        with self.transaction():
            old = self.get(doc_id)
            revision = self._revision_of(doc_id, supersedes, wanted, old)
            if reg_number is not None:
                self._require_registration(body, region, kind, year, reg_number)
                self._refuse_same_number(
                    doc_id, body, region, kind, year, reg_number, lang, revision
                )
            now = utc_now()
            if old is None:
                wanted.update(revision=revision, supersedes=supersedes)
                columns = ", ".join(wanted)
                marks = ", ".join("?" for _ in wanted)
                self._exec(
                    f"INSERT INTO documents (doc_id, {columns}, status, created_at, updated_at) "
                    f"VALUES (?, {marks}, 'generated', ?, ?)",
                    (doc_id, *wanted.values(), now, now),
                )
                if supersedes is None:
                    self.log(doc_id, "generated", "")
                else:
                    link = {"supersedes": supersedes, "revision": revision}
                    self.log(doc_id, "generated", json.dumps(link))
                    self.log(supersedes, "superseded", json.dumps({"by": doc_id}))
                return self._get_required(doc_id)
            # None for a hash means "not given": keep what the journal has.
            for key in ("data_sha256", "docx_sha256", "pdf_sha256"):
                if wanted[key] is None:
                    wanted[key] = getattr(old, key)
            changed = {k: v for k, v in wanted.items() if getattr(old, k) != v}
            if not changed:
                return old
            if old.status != "generated":
                raise JournalError(
                    _("document {doc_id} is already {status}; a regenerated copy ({changed} "
                      "changed) would not match it: issue the corrected document as a new "
                      "revision (docgen render --revise, or 'revision:' in the data), which "
                      "supersedes it").format(doc_id=doc_id, status=old.status,
                                              changed=", ".join(sorted(changed)))
                )
            sets = ", ".join(f"{k} = ?" for k in changed)
            self._exec(
                f"UPDATE documents SET {sets}, updated_at = ? WHERE doc_id = ?",
                (*changed.values(), now, doc_id),
            )
            self.log(doc_id, "regenerated", json.dumps(sorted(changed)))
            return self._get_required(doc_id)

    def _revision_of(
        self, doc_id: str, supersedes: str | None, wanted: dict[str, Any], old: Record | None
    ) -> int:
        """The revision of ``doc_id``: 1, or one more than the document it supersedes."""
        if old is not None:
            if supersedes is not None and old.supersedes != supersedes:
                raise JournalError((
                    _("document {doc_id} is already in the journal as revision {revision} of "
                      "{old}, not as a revision of {supersedes}") if old.supersedes else
                    _("document {doc_id} is already in the journal as revision {revision}, not "
                      "as a revision of {supersedes}")).format(
                        doc_id=doc_id, revision=old.revision, old=old.supersedes,
                        supersedes=supersedes))
            return old.revision
        if supersedes is None:
            return 1
        previous = self.get(check_doc_id(supersedes))
        if previous is None:
            raise JournalError(_("document {supersedes} (to be superseded) is not in the "
                                 "journal").format(supersedes=supersedes))
        for key in ("kind", "body", "region", "lang", "reg_number"):
            if getattr(previous, key) != wanted[key]:
                raise JournalError(
                    _("document {doc_id} cannot supersede {supersedes}: its {key} is "
                      "{value!r}, not {old!r}").format(
                          doc_id=doc_id, supersedes=supersedes, key=key, value=wanted[key],
                          old=getattr(previous, key))
                )
        later = self.superseded_by(supersedes)
        if later is not None:
            raise JournalError(
                _("document {doc_id} is already superseded by {later}; revise {later}").format(
                    doc_id=supersedes, later=later)
            )
        return previous.revision + 1

    def superseded_by(self, doc_id: str) -> str | None:
        """The id of the revision that supersedes ``doc_id``, or None."""
        rows = self._rows("SELECT doc_id FROM documents WHERE supersedes = ?", (doc_id,))
        return str(rows[0]["doc_id"]) if rows else None

    def get(self, doc_id: str) -> Record | None:
        """The record of ``doc_id``, or None."""
        rows = self._rows(f"SELECT {_RECORD_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,))
        return Record(**dict(rows[0])) if rows else None

    def _get_required(self, doc_id: str) -> Record:
        record = self.get(doc_id)
        if record is None:  # pragma: no cover - only after a write of that very row
            raise JournalError(_("document {doc_id} vanished from the journal").format(
                doc_id=doc_id))
        return record

    def find(
        self,
        *,
        year: int | None = None,
        kind: str | None = None,
        region: str | None = None,
        body: str | None = None,
        status: str | None = None,
    ) -> list[Record]:
        """Records matching every filter given, ordered by year, body, region, kind, number."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("year", year),
            ("kind", kind),
            ("region", region),
            ("body", body),
            ("status", status),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(
            f"SELECT {_RECORD_COLUMNS} FROM documents{clause} "
            "ORDER BY year, body, region, kind, reg_number IS NULL, reg_number, lang, doc_id",
            params,
        )
        return [Record(**dict(row)) for row in rows]

    def record_signed(self, doc_id: str, signatures: Sequence[SignatureRecord]) -> None:
        """Store the signatures of ``doc_id``; a generated document becomes signed.

        The summary columns hold every signer (``; ``-joined), the last signing time
        and the distinct signature types.
        """
        names = list(dict.fromkeys(s.signer_name for s in signatures if s.signer_name))
        types = list(dict.fromkeys(s.signature_type for s in signatures if s.signature_type))
        times = [s.signed_at for s in signatures if s.signed_at]
        with self.transaction():
            self._exec("DELETE FROM signatures WHERE doc_id = ?", (doc_id,))
            for seq, sig in enumerate(signatures, start=1):
                self._exec(
                    "INSERT INTO signatures (doc_id, seq, field_name, signer_name, signed_at, "
                    "signature_type, intact, valid, trust) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        seq,
                        sig.field_name,
                        sig.signer_name,
                        sig.signed_at,
                        sig.signature_type,
                        sig.intact,
                        sig.valid,
                        sig.trust,
                    ),
                )
            self._exec(
                "UPDATE documents SET signer_name = ?, signed_at = ?, signature_type = ?, "
                "status = CASE status WHEN 'generated' THEN 'signed' ELSE status END, "
                "updated_at = ? WHERE doc_id = ?",
                (
                    "; ".join(names) or None,
                    times[-1] if times else None,
                    ", ".join(types) or None,
                    utc_now(),
                    doc_id,
                ),
            )
            if signatures:
                self.log(doc_id, "signed", "; ".join(names))

    def record_archived(
        self, doc_id: str, archived_path: str, archived_sha256: str,
        archived_as: str = "signed PDF",
    ) -> None:
        """Mark ``doc_id`` archived at ``archived_path`` (relative to the archive folder).

        ``archived_as`` says what the copy is: ``signed PDF`` or ``paper-signed scan``.
        """
        with self.transaction():
            self._exec(
                "UPDATE documents SET status = 'archived', archived_path = ?, "
                "archived_sha256 = ?, archived_as = ?, updated_at = ? WHERE doc_id = ?",
                (archived_path, archived_sha256, archived_as, utc_now(), doc_id),
            )

    def signatures(self, doc_id: str) -> list[SignatureRecord]:
        """The stored signatures of ``doc_id``, in signing order."""
        rows = self._rows(
            "SELECT field_name, signer_name, signed_at, signature_type, intact, valid, trust "
            "FROM signatures WHERE doc_id = ? ORDER BY seq",
            (doc_id,),
        )
        return [
            SignatureRecord(
                field_name=row["field_name"],
                signer_name=row["signer_name"],
                signed_at=row["signed_at"],
                signature_type=row["signature_type"],
                intact=None if row["intact"] is None else bool(row["intact"]),
                valid=None if row["valid"] is None else bool(row["valid"]),
                trust=row["trust"],
            )
            for row in rows
        ]
