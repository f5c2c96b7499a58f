"""Offices on the roll, with dates: who held which office of the Assembly on any day.

``roll_offices`` (journal version 5) keeps one row per period an office was held:

``council``
    membership of the Council of the Assembly;
``chairman``, ``deputy_chairman``
    the Chairman of the Assembly and his deputies;
``secretariat_head``
    the head of the Assembly's Secretariat, its working body;
``small_assembly_chair``
    the chair of a small assembly, which is the region's akim (``scope``: region id);
``small_assembly_secretariat_head``
    the head of a small assembly's secretariat, its deputy chair (``scope``: region);
``association_head``
    the head of an association the papers name (``scope``: the position as on the roll,
    "председатель Ассоциации корейцев Казахстана").

Each period has ``from_on`` and the act behind it (``from_act``: the first import's
admission order, an order, a decision), and once ended ``to_on`` and ``to_act``. An
office is held on day D when ``from_on <= D`` and (``to_on`` is empty or ``to_on > D``).
Nothing is deleted; a period only changes by being closed, once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, fields
from typing import Any

from docgen.errors import JournalError
from docgen.i18n import _

OFFICES: dict[str, str] = {
    "council": "member of the Council of the Assembly",
    "chairman": "Chairman of the Assembly",
    "deputy_chairman": "deputy chairman of the Assembly",
    "secretariat_head": "head of the Assembly's Secretariat",
    "small_assembly_chair": "chair of the region's small assembly: the akim",
    "small_assembly_secretariat_head": "head of the small assembly's secretariat, its deputy "
                                       "chair",
    "association_head": "head of an association (scope: the position as on the roll)",
}
"""The offices the roll keeps, by name."""

REGIONAL = ("small_assembly_chair", "small_assembly_secretariat_head")
"""Offices held in one region (their ``scope`` is the region id)."""

SINGLE = ("chairman", "secretariat_head", *REGIONAL)
"""Offices one person holds at a time (per scope)."""

_CHECK = ", ".join(f"'{name}'" for name in OFFICES)
OFFICES_SCHEMA = (
    f"""
    CREATE TABLE roll_offices (
        id         INTEGER PRIMARY KEY,
        member_id  INTEGER NOT NULL REFERENCES roll_members (id),
        office     TEXT NOT NULL CHECK (office IN ({_CHECK})),
        scope      TEXT NOT NULL DEFAULT '',
        from_on    TEXT NOT NULL,
        from_act   TEXT NOT NULL DEFAULT '',
        to_on      TEXT,
        to_act     TEXT,
        CHECK (to_on IS NULL OR to_on >= from_on)
    )
    """,
    "CREATE INDEX roll_offices_by_office ON roll_offices (office, scope, from_on)",
    """
    CREATE TRIGGER roll_offices_never_deleted BEFORE DELETE ON roll_offices
    BEGIN
        SELECT RAISE(ABORT, 'the roll keeps its history: nothing is deleted from roll_offices');
    END
    """,
    """
    CREATE TRIGGER roll_offices_history_fixed BEFORE UPDATE ON roll_offices
    WHEN OLD.to_on IS NOT NULL OR NEW.from_on <> OLD.from_on OR NEW.office <> OLD.office
      OR NEW.scope <> OLD.scope OR NEW.member_id <> OLD.member_id
      OR NEW.from_act <> OLD.from_act
    BEGIN
        SELECT RAISE(ABORT, 'an office held only changes by being ended, once');
    END
    """,
)


def create_roll_offices(conn: sqlite3.Connection) -> None:
    """Journal migration: offices with dates; the Council flag of earlier journals becomes
    a Council membership from the member's admission (ended with the membership)."""
    for statement in OFFICES_SCHEMA:
        conn.execute(statement)
    conn.execute("""
        INSERT INTO roll_offices (member_id, office, scope, from_on, from_act, to_on, to_act)
        SELECT m.id, 'council', '', s.admitted_on, s.admit_order, s.removed_on, s.remove_order
        FROM roll_members m JOIN roll_memberships s ON s.member_id = m.id
        WHERE m.council = 1 AND s.id = (SELECT MAX(id) FROM roll_memberships
                                         WHERE member_id = m.id)
    """)


@dataclass(frozen=True)
class Office:
    """One period an office was held."""

    member_id: int
    office: str
    scope: str
    from_on: str
    from_act: str
    to_on: str | None
    to_act: str | None

    def covers(self, day: dt.date) -> bool:
        """Whether the office was held on ``day``."""
        iso = day.isoformat()
        return self.from_on <= iso and (self.to_on is None or self.to_on > iso)

    def line(self) -> str:
        """'council from 2022-03-15 (order № 4) to 2026-05-10 (order № 12)'."""
        scope = f" {self.scope}" if self.scope else ""
        text = f"{self.office}{scope} from {self.from_on}"
        text += f" ({self.from_act})" if self.from_act else ""
        if self.to_on:
            text += f" to {self.to_on}" + (f" ({self.to_act})" if self.to_act else "")
        return text


_COLUMNS = ", ".join(f.name for f in fields(Office))


class OfficesMixin:
    """The offices part of :class:`docgen.records.roll.Roll` (uses its ``_rows``, ``_exec``
    and ``_log``)."""

    _rows: Any
    _exec: Any
    _log: Any

    def offices(self, member_id: int | None = None, *, office: str | None = None,
                scope: str | None = None, on: dt.date | None = None) -> list[Office]:
        """Periods of office (of one member, one office, one scope), oldest first;
        with ``on`` only those held on that day."""
        where, params = [], []
        for column, value in (("member_id", member_id), ("office", office), ("scope", scope)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if on is not None:
            where.append("from_on <= ? AND (to_on IS NULL OR to_on > ?)")
            params += [on.isoformat(), on.isoformat()]
        sql = f"SELECT {_COLUMNS} FROM roll_offices"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._rows(sql + " ORDER BY from_on, id", tuple(params))
        return [Office(**dict(row)) for row in rows]

    def holders(self, office: str, day: dt.date, scope: str = "") -> list[int]:
        """The roll ids of who held ``office`` (in ``scope``) on ``day``."""
        return [o.member_id for o in self.offices(office=office, scope=scope, on=day)]

    def council_ids(self, day: dt.date) -> set[int]:
        """The roll ids of the Council's members on ``day``."""
        return {o.member_id for o in self.offices(office="council", on=day)}

    def take_office(self, member_id: int, office: str, day: dt.date, act: str,
                    scope: str = "") -> None:
        """``member_id`` holds ``office`` from ``day`` by ``act`` (JournalError if already)."""
        if office not in OFFICES:
            raise JournalError(_("unknown office '{office}' (offices: {offices})").format(
                office=office, offices=", ".join(OFFICES)))
        held = [o for o in self.offices(member_id, office=office, scope=scope)
                if o.to_on is None or o.to_on > day.isoformat()]
        if held:
            raise JournalError(_("member #{id} already holds {period}").format(
                id=member_id, period=held[0].line()))
        others = [o for o in self.offices(office=office, scope=scope, on=day)
                  if o.member_id != member_id]
        if office in SINGLE and others:
            raise JournalError(_("{office} is held by one person at a time; member #{id} "
                                 "holds it: {period}").format(
                office=f"{office} {scope}".strip(), id=others[0].member_id,
                period=others[0].line()))
        self._exec("INSERT INTO roll_offices (member_id, office, scope, from_on, from_act) "
                   "VALUES (?, ?, ?, ?, ?)", (member_id, office, scope, day.isoformat(), act))
        self._log(member_id, "office", f"{office} {scope} from {day.isoformat()} {act}".strip())

    def leave_office(self, member_id: int, office: str, day: dt.date, act: str,
                     scope: str | None = None) -> None:
        """End ``member_id``'s ``office`` on ``day`` by ``act`` (JournalError when not held)."""
        held = [o for o in self.offices(member_id, office=office, scope=scope, on=day)]
        if not held:
            raise JournalError(_("member #{id} does not hold {office} on {day}").format(
                id=member_id, office=office, day=day.isoformat()))
        for period in held:
            self._close(period, day, act)

    def leave_all_offices(self, member_id: int, day: dt.date, act: str) -> None:
        """End every office ``member_id`` holds on ``day`` (a removal from the Assembly)."""
        for period in self.offices(member_id, on=day):
            self._close(period, day, act)

    def _close(self, period: Office, day: dt.date, act: str) -> None:
        self._exec("UPDATE roll_offices SET to_on = ?, to_act = ? WHERE member_id = ? AND "
                   "office = ? AND scope = ? AND from_on = ? AND to_on IS NULL",
                   (day.isoformat(), act, period.member_id, period.office, period.scope,
                    period.from_on))
        self._log(period.member_id, "office ended",
                  f"{period.office} {period.scope} to {day.isoformat()} {act}".replace("  ", " "))
