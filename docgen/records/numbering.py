"""Registration numbers: allocate, reserve and look up numbers per (body, region, kind, year)."""

from __future__ import annotations

from docgen.errors import JournalError
from docgen.i18n import _
from docgen.records.checks import check_number, check_registration, registration_label, utc_now
from docgen.records.connection import JournalConnection


class Numbering(JournalConnection):
    """The journal's registration numbers."""

    # -- registration numbers

    def allocate_number(
        self, body: str, region: str | None, kind: str, year: int, *, holder: str | None = None
    ) -> int:
        """Take the next registration number (max + 1, from 1) for (body, region, kind, year).

        With ``holder``, a number already registered to that holder is returned instead
        of a new one, so regenerating a document keeps its number.
        """
        body, region, kind = check_registration(body, region, kind, year)
        with self.transaction():
            if holder is not None:
                held = self._rows(
                    "SELECT number FROM registrations WHERE body=? AND region=? AND kind=? "
                    "AND year=? AND holder=?",
                    (body, region, kind, year, holder),
                )
                if held:
                    return int(held[0]["number"])
            number = int(
                self._rows(
                    "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM registrations "
                    "WHERE body=? AND region=? AND kind=? AND year=?",
                    (body, region, kind, year),
                )[0]["n"]
            )
            self._insert_registration(body, region, kind, year, number, holder)
            return number

    def _insert_registration(self, body: str, region: str | None, kind: str, year: int,
                             number: int, holder: str | None) -> None:
        """Store one registration number (inside the caller's transaction)."""
        self._exec(
            "INSERT INTO registrations (body, region, kind, year, number, holder, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (body, region, kind, year, number, holder, utc_now()),
        )

    def reserve_number(
        self,
        body: str,
        region: str | None,
        kind: str,
        year: int,
        number: int,
        *,
        holder: str | None = None,
    ) -> int:
        """Register an explicitly given number; JournalError if another document has it.

        Reserving again with the same ``holder`` is a no-op. Returns ``number``.
        """
        body, region, kind = check_registration(body, region, kind, year)
        check_number(number)
        with self.transaction():
            taken = self._rows(
                "SELECT holder FROM registrations WHERE body=? AND region=? AND kind=? "
                "AND year=? AND number=?",
                (body, region, kind, year, number),
            )
            if taken:
                if holder is not None and taken[0]["holder"] == holder:
                    return number
                users = [
                    row["doc_id"]
                    for row in self._rows(
                        "SELECT doc_id FROM documents WHERE body=? AND region=? AND kind=? "
                        "AND year=? AND reg_number=? ORDER BY doc_id",
                        (body, region, kind, year, number),
                    )
                ]
                by = _(" by {users}").format(users=', '.join(users)) if users else ""
                held = _(" (holder {holder!r})").format(
                    holder=taken[0]['holder']) if taken[0]["holder"] else ""
                label = registration_label(body, region, kind, year)
                raise JournalError(
                    _("registration number {number} of {label} is already taken{by}{held}").format(
                        number=number, label=label, by=by, held=held)
                )
            if holder is not None:
                other = self._rows(
                    "SELECT number FROM registrations WHERE body=? AND region=? AND kind=? "
                    "AND year=? AND holder=?",
                    (body, region, kind, year, holder),
                )
                if other:
                    raise JournalError(
                        _("holder {holder!r} already has number {number} of "
                          "{label}").format(
                              holder=holder, number=other[0]['number'],
                              label=registration_label(body, region, kind, year))
                    )
            self._insert_registration(body, region, kind, year, number, holder)
            return number

    def ensure_registration(
        self, body: str, region: str | None, kind: str, year: int, number: int
    ) -> None:
        """Register ``number`` if it is not registered yet (used when adopting a PDF)."""
        body, region, kind = check_registration(body, region, kind, year)
        check_number(number)
        with self.transaction():
            self._exec(
                "INSERT OR IGNORE INTO registrations "
                "(body, region, kind, year, number, holder, created_at) "
                "VALUES (?, ?, ?, ?, ?, NULL, ?)",
                (body, region, kind, year, number, utc_now()),
            )

    def numbers(self, body: str, region: str | None, kind: str, year: int) -> list[int]:
        """All registered numbers of (body, region, kind, year), ascending."""
        body, region, kind = check_registration(body, region, kind, year)
        rows = self._rows(
            "SELECT number FROM registrations WHERE body=? AND region=? AND kind=? AND year=? "
            "ORDER BY number",
            (body, region, kind, year),
        )
        return [int(row["number"]) for row in rows]

    def _require_registration(
        self, body: str, region: str, kind: str, year: int, number: int
    ) -> None:
        rows = self._rows(
            "SELECT 1 FROM registrations WHERE body=? AND region=? AND kind=? AND year=? "
            "AND number=?",
            (body, region, kind, year, number),
        )
        if not rows:
            raise JournalError(
                _("registration number {number} of {label}"
                  " is not in the journal: allocate or reserve it first").format(
                      number=number, label=registration_label(body, region, kind,
                      year))
            )

    def _refuse_same_number(
        self, doc_id: str, body: str, region: str, kind: str, year: int, number: int, lang: str,
        revision: int = 1,
    ) -> None:
        rows = self._rows(
            "SELECT doc_id FROM documents WHERE body=? AND region=? AND kind=? AND year=? "
            "AND reg_number=? AND lang=? AND revision=? AND doc_id <> ?",
            (body, region, kind, year, number, lang, revision, doc_id),
        )
        if rows:
            raise JournalError(
                _("registration number {number} of {label}"
                  " in {lang} is already used by document {doc_id}").format(
                      number=number, label=registration_label(body, region, kind,
                      year), lang=lang, doc_id=rows[0]['doc_id'])
            )
