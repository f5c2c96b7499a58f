"""The member roll: who is a member of the Assembly, on any date, kept in the journal.

The roll lives in the journal's SQLite file (one file to back up), in its own tables
(:mod:`docgen.records.roll_schema`). :class:`Roll` reads and writes them; what an
import or an order changes is worked out in :mod:`docgen.records.roll_changes`.
Nothing is ever deleted: a removal closes a membership, and history stays.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from docgen.errors import JournalError
from docgen.i18n import _
from docgen.input.regions import load_regions
from docgen.input.roll_file import REPUBLICAN, row_key
from docgen.records.checks import journal_path, utc_now
from docgen.records.connection import JournalConnection
from docgen.records.roll_offices import OfficesMixin

MEMBER_FIELDS = ("name_ru", "name_kk", "gender", "position_ru", "position_kk", "region", "seat",
                 "civil_servant", "council", "phone", "email", "address", "language")
"""The fields of a member that an import may set or change."""


@dataclass(frozen=True)
class Member:
    """One person on the roll (present or past member)."""

    id: int
    name_ru: str
    name_kk: str
    gender: str | None
    position_ru: str
    position_kk: str
    region: str
    seat: str | None
    civil_servant: bool
    council: bool
    phone: str
    email: str
    address: str
    language: str

    def name(self, lang: str) -> str:
        """The full name as written in ``lang``."""
        return self.name_kk if lang == "kk" else self.name_ru

    def position(self, lang: str) -> str:
        """The position in ``lang`` ('' when none)."""
        return self.position_kk if lang == "kk" else self.position_ru

    def langs(self) -> tuple[str, ...]:
        """The languages of this member's personal letters."""
        return ("ru", "kk") if self.language == "both" else (self.language,)


@dataclass(frozen=True)
class Membership:
    """One period of membership: admitted, and (once removed) removed."""

    member_id: int
    admitted_on: str
    admit_order: str
    admit_ground: str
    removed_on: str | None
    remove_order: str | None
    remove_ground: str | None
    remove_detail: str | None

    def covers(self, day: dt.date) -> bool:
        """Whether the member was on the roll on ``day``."""
        iso = day.isoformat()
        return self.admitted_on <= iso and (self.removed_on is None or self.removed_on > iso)


@dataclass(frozen=True)
class Entry:
    """A member with the membership that puts them on the roll on a given day."""

    member: Member
    membership: Membership


_MEMBER_COLUMNS = ", ".join(f.name for f in fields(Member))
_MEMBERSHIP_COLUMNS = ", ".join(f.name for f in fields(Membership))


def _member(row: Any) -> Member:
    values = dict(row)
    values["civil_servant"] = bool(values["civil_servant"])
    values["council"] = bool(values["council"])
    return Member(**values)


def region_order() -> dict[str, int]:
    """Sort key of a member's region: the regions in their official order, then republican."""
    order = {rid: i for i, rid in enumerate(load_regions())}
    order[REPUBLICAN] = len(order)
    return order


@dataclass(frozen=True)
class OrderSource:
    """The content an order's documents were rendered from: the data file's name and text,
    its sha256, and the sha256 of the checked order as canonical JSON."""

    source: str
    data: str
    sha256: str
    content_sha256: str

    @classmethod
    def of_file(cls, path: Path | str, content_sha256: str) -> OrderSource:
        """The order file at ``path`` (read as the renderer read it)."""
        raw = Path(path).read_bytes()
        return cls(Path(path).name, raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest(),
                   content_sha256)


class Roll(JournalConnection, OfficesMixin):
    """The roll stored in a journal file (its own connection; use as a context manager).

    Offices with dates (the Council, the Chairman and his deputies, the heads of the
    secretariats, the akims as chairs of small assemblies) come from
    :class:`~docgen.records.roll_offices.OfficesMixin`; :meth:`council_on` is the Council
    on a date."""

    _shared = False

    def __enter__(self) -> Roll:
        return self

    @classmethod
    def sharing(cls, owner: JournalConnection) -> Roll:
        """The roll over ``owner``'s connection, writing inside ``owner``'s transactions
        (so that a document step and a roll change commit together, or neither)."""
        roll = cls.__new__(cls)
        roll.path, roll._conn, roll._timeout = owner.path, owner._conn, owner._timeout
        roll._depth = 0
        roll._shared = True
        roll.transaction = owner.transaction  # type: ignore[method-assign]
        return roll

    def close(self) -> None:
        """Close the connection (a shared one stays open for its owner)."""
        if not self._shared:
            super().close()

    # -- reading

    def member(self, member_id: int) -> Member | None:
        """The member with roll id ``member_id``, or None."""
        rows = self._rows(f"SELECT {_MEMBER_COLUMNS} FROM roll_members WHERE id = ?",
                          (member_id,))
        return _member(rows[0]) if rows else None

    def members(self) -> list[Member]:
        """Everyone ever on the roll, by id."""
        rows = self._rows(f"SELECT {_MEMBER_COLUMNS} FROM roll_members ORDER BY id")
        return [_member(row) for row in rows]

    def memberships(self, member_id: int | None = None) -> list[Membership]:
        """The periods of membership of one member (or of all), oldest first."""
        where, params = ("WHERE member_id = ?", (member_id,)) if member_id is not None else ("", ())
        rows = self._rows(f"SELECT {_MEMBERSHIP_COLUMNS} FROM roll_memberships {where} "
                          "ORDER BY member_id, admitted_on, id", params)
        return [Membership(**dict(row)) for row in rows]

    def on(self, day: dt.date, *, region: str | None = None,
           council: bool = False) -> list[Entry]:
        """The roll as it stood on ``day``: by region (official order), then name."""
        iso = day.isoformat()
        rows = self._rows(
            f"SELECT {', '.join('m.' + f.name for f in fields(Member))}, "
            f"{', '.join('s.' + f.name + ' AS s_' + f.name for f in fields(Membership))} "
            "FROM roll_members m JOIN roll_memberships s ON s.member_id = m.id "
            "WHERE s.admitted_on <= ? AND (s.removed_on IS NULL OR s.removed_on > ?)",
            (iso, iso))
        entries = []
        for row in rows:
            values = dict(row)
            membership = Membership(**{f.name: values.pop("s_" + f.name)
                                       for f in fields(Membership)})
            entries.append(Entry(_member(values), membership))
        if region is not None:
            entries = [e for e in entries if e.member.region == region]
        if council:
            ids = self.council_ids(day)
            entries = [e for e in entries if e.member.id in ids]
        order = region_order()
        return sorted(entries, key=lambda e: (order.get(e.member.region, len(order)),
                                              row_key(e.member.name_ru), e.member.id))

    def council_on(self, day: dt.date) -> list[Entry]:
        """The Council of the Assembly on ``day``: its members on the roll that day (after
        the removals and changes in force then), by region, then name."""
        return self.on(day, council=True)

    def membership_on(self, member_id: int, day: dt.date) -> Membership | None:
        """The membership that covers ``day``, or None."""
        return next((m for m in self.memberships(member_id) if m.covers(day)), None)

    def find(self, ref: str | int) -> list[Member]:
        """Members whose roll id is ``ref``, or whose ru or kk name is ``ref``."""
        text = str(ref).strip().removeprefix("#")
        if text.isdigit():
            found = self.member(int(text))
            return [found] if found else []
        key = row_key(text)
        return [m for m in self.members() if key in (row_key(m.name_ru), row_key(m.name_kk))]

    def closest(self, name: str, among: list[Member] | None = None) -> Member | None:
        """The member whose name is closest to ``name`` (for 'did you mean …?')."""
        people = self.members() if among is None else among
        names = {row_key(m.name(lang)): m for m in people for lang in ("ru", "kk")}
        match = difflib.get_close_matches(row_key(name), list(names), n=1, cutoff=0.6)
        return names[match[0]] if match else None

    def log(self, member_id: int) -> list[tuple[str, str, str]]:
        """(at, event, detail) of every change to the member, oldest first."""
        rows = self._rows("SELECT at, event, detail FROM roll_log WHERE member_id = ? "
                          "ORDER BY id", (member_id,))
        return [(row["at"], row["event"], row["detail"]) for row in rows]

    def order_applied(self, year: int, number: int) -> tuple[str, str] | None:
        """(order date, applied at) of order ``number`` of ``year``, if already applied."""
        rows = self._rows("SELECT order_date, applied_at FROM roll_orders "
                          "WHERE year = ? AND number = ?", (year, number))
        return (rows[0]["order_date"], rows[0]["applied_at"]) if rows else None

    # -- writing (each inside the caller's transaction, or its own)

    def add_member(self, values: dict[str, Any]) -> int:
        """A new person on the roll (not yet a member: :meth:`admit` makes them one)."""
        now = utc_now()
        columns = ", ".join(MEMBER_FIELDS)
        with self.transaction():
            member_id = self._exec(
                f"INSERT INTO roll_members ({columns}, created_at, updated_at) "
                f"VALUES ({', '.join('?' for _ in MEMBER_FIELDS)}, ?, ?)",
                (*(values[k] for k in MEMBER_FIELDS), now, now))
            self._log(member_id, "added", values["name_ru"])
        return member_id

    def update_member(self, member_id: int, changes: dict[str, Any]) -> None:
        """Change some of a member's fields (each change is logged)."""
        unknown = set(changes) - set(MEMBER_FIELDS)
        if unknown:
            raise JournalError(_("not a member field: {unknown}").format(
                unknown=', '.join(sorted(unknown))))
        if not changes:
            return
        sets = ", ".join(f"{k} = ?" for k in changes)
        with self.transaction():
            self._exec(f"UPDATE roll_members SET {sets}, updated_at = ? WHERE id = ?",
                       (*changes.values(), utc_now(), member_id))
            for key, value in changes.items():
                self._log(member_id, "updated", f"{key}: {value}")

    def admit(self, member_id: int, day: dt.date, order: str, ground: str,
              note: str = "") -> None:
        """Open a membership on ``day`` by ``order`` (``note``: what it was applied from)."""
        with self.transaction():
            self._exec("INSERT INTO roll_memberships (member_id, admitted_on, admit_order, "
                       "admit_ground) VALUES (?, ?, ?, ?)",
                       (member_id, day.isoformat(), order, ground))
            self._log(member_id, "admitted", _detail(day, order, ground, note))

    def remove(self, member_id: int, day: dt.date, order: str, ground: str,
               detail: str = "", note: str = "") -> None:
        """Close the membership that covers ``day`` (JournalError when there is none)."""
        current = self.membership_on(member_id, day)
        if current is None:
            raise JournalError(_("member #{member_id} is not on the roll on {day}").format(
                member_id=member_id, day=day.isoformat()))
        with self.transaction():
            self._exec("UPDATE roll_memberships SET removed_on = ?, remove_order = ?, "
                       "remove_ground = ?, remove_detail = ? WHERE member_id = ? "
                       "AND admitted_on = ? AND removed_on IS NULL",
                       (day.isoformat(), order, ground, detail, member_id,
                        current.admitted_on))
            self.leave_all_offices(member_id, day, f"order № {order}" if order else "removed")
            self._log(member_id, "removed", _detail(day, order, f"{ground} {detail}", note))

    def record_order(self, year: int, number: int, day: dt.date, sha256: str,
                     source: str, applied_from: str = "") -> None:
        """Remember that order ``number`` of ``year`` has been applied (and from what)."""
        self._exec("INSERT INTO roll_orders (year, number, order_date, sha256, source, "
                   "applied_at, applied_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (year, number, day.isoformat(), sha256, source, utc_now(), applied_from))

    def remember_order(self, doc_ids: list[str], order: OrderSource,
                       pdfs: dict[str, str] | None = None) -> None:
        """Keep an order's content under the ids of its documents (with the PDFs made of
        them), until it is signed. An id keeps the content it was first given."""
        with self.transaction():
            for doc_id in doc_ids:
                self._exec("INSERT INTO roll_pending_orders (doc_id, source, data, sha256, "
                           "content_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (doc_id) DO UPDATE SET source = excluded.source, "
                           "data = excluded.data, sha256 = excluded.sha256, "
                           "content_sha256 = excluded.content_sha256 "
                           "WHERE content_sha256 = ''",
                           (doc_id, order.source, order.data, order.sha256, order.content_sha256,
                            utc_now()))
                if pdfs and doc_id in pdfs:
                    self.add_order_pdf(doc_id, pdfs[doc_id])

    def add_order_pdf(self, doc_id: str, pdf_sha256: str) -> None:
        """Remember a PDF docgen made of the order document ``doc_id``."""
        self._exec("INSERT INTO roll_order_pdfs (doc_id, pdf_sha256, created_at) "
                   "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (doc_id, pdf_sha256, utc_now()))

    def pending_order(self, doc_id: str) -> OrderSource | None:
        """The content the order document ``doc_id`` was rendered from, if one was."""
        rows = self._rows("SELECT source, data, sha256, content_sha256 FROM roll_pending_orders "
                          "WHERE doc_id = ?", (doc_id,))
        return OrderSource(**dict(rows[0])) if rows else None

    def order_pdfs(self, doc_id: str) -> set[str]:
        """The sha256 of every PDF docgen made of the order document ``doc_id``."""
        rows = self._rows("SELECT pdf_sha256 FROM roll_order_pdfs WHERE doc_id = ?", (doc_id,))
        return {row["pdf_sha256"] for row in rows}

    def applied_from(self, year: int, number: int) -> str:
        """What order ``number`` of ``year`` was applied from ('' if not recorded)."""
        rows = self._rows("SELECT applied_from FROM roll_orders WHERE year = ? AND number = ?",
                          (year, number))
        return str(rows[0]["applied_from"]) if rows else ""

    def applied_sha256(self, year: int, number: int) -> str | None:
        """The sha256 of the file order ``number`` of ``year`` was applied from, if applied."""
        rows = self._rows("SELECT sha256 FROM roll_orders WHERE year = ? AND number = ?",
                          (year, number))
        return str(rows[0]["sha256"]) if rows else None

    def _log(self, member_id: int, event: str, detail: str) -> None:
        self._exec("INSERT INTO roll_log (member_id, at, event, detail) VALUES (?, ?, ?, ?)",
                   (member_id, utc_now(), event, detail))


def _detail(day: dt.date, order: str, ground: str, note: str) -> str:
    """A log line of an admission or removal: date, order, ground, what it came from."""
    text = " ".join(f"{day.isoformat()} {order} {ground}".split())
    return f"{text} (applied from: {note})" if note else text


def open_roll(archive_dir: Path | str, *, create: bool = True, dry_run: bool = False) -> Roll:
    """The roll in the journal of ``archive_dir`` (``<archive_dir>/journal.sqlite``);
    ``dry_run``: a copy in memory, so nothing is written (not even a missing journal)."""
    if dry_run:
        return Roll.copy_of(journal_path(archive_dir))
    return Roll(journal_path(archive_dir), create=create)


def remember_order(archive_dir: Path | str, data: Path | str, doc_ids: list[str],
                   content_sha256: str = "") -> None:
    """Keep the order file ``data`` in the journal under the ids of its documents, so that
    archiving a signed copy can enter it in the roll (:mod:`docgen.archive.orders`)."""
    with open_roll(archive_dir) as roll:
        roll.remember_order(doc_ids, OrderSource.of_file(data, content_sha256))
