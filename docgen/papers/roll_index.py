"""The roll as a case file sees it: members, memberships and offices in memory, amended by
the removals of the folder's own orders (which may not be applied to the roll yet).

:class:`RollIndex` answers, for any day, who was a member, who sat on the Council and who
held which office, and finds a person named in a paper by either spelling or by the short
form a signature uses ("К. Токаев").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass

from docgen.i18n import _
from docgen.input.roll_file import row_key
from docgen.records.roll import Member, Membership, Roll
from docgen.records.roll_offices import Office


@dataclass(frozen=True)
class Removal:
    """A removal the folder states (an order file) or the roll holds."""

    member_id: int
    day: dt.date
    where: str
    """'order-2026-012.yaml:52' or 'the roll (order № 12)'."""


def short_key(name: str) -> tuple[str, str] | None:
    """(surname, first initial) of a short form ("К. Токаев", "Токаев К.К."); None when the
    name is written in full."""
    if "." not in name:
        return None
    words = [w for w in re.split(r"[\s.]+", name) if w]
    surnames = [w for w in words if len(w) > 1 and "-" not in w[:2]]
    initials = [w for w in words if w not in surnames]
    if len(surnames) != 1 or not initials:
        return None
    return row_key(surnames[0]), initials[0][0].lower()


def _short_of(full: str) -> tuple[str, str] | None:
    words = full.split()
    return (row_key(words[0]), words[1][0].lower()) if len(words) > 1 else None


def short_form(full: str) -> str:
    """'К. Токаев' from 'Токаев Касым-Жомарт Кемелевич' (first initial, then surname)."""
    words = full.split()
    return f"{words[1][0]}. {words[0]}" if len(words) > 1 else full


class RollIndex:
    """Who was who on the roll, on any day, with the folder's removals applied."""

    def __init__(self, roll: Roll) -> None:
        self.members: dict[int, Member] = {m.id: m for m in roll.members()}
        self.periods: dict[int, list[Membership]] = {}
        for period in roll.memberships():
            self.periods.setdefault(period.member_id, []).append(period)
        self.held: list[Office] = roll.offices()
        self.removals: dict[int, Removal] = {}
        self.admitted: set[str] = set()
        """Names (row keys) the folder's orders not yet applied admit: not on the roll yet."""
        self._keys: dict[str, dict[str, list[Member]]] = {"ru": {}, "kk": {}}
        self._short: dict[str, dict[tuple[str, str], list[Member]]] = {"ru": {}, "kk": {}}
        for member in self.members.values():
            for lang in ("ru", "kk"):
                name = member.name(lang)
                self._keys[lang].setdefault(row_key(name), []).append(member)
                short = _short_of(name)
                if short:
                    self._short[lang].setdefault(short, []).append(member)

    def remove(self, removal: Removal) -> None:
        """Amend the roll with a removal stated in the folder (the earliest one counts)."""
        known = self.removals.get(removal.member_id)
        if known is None or removal.day < known.day:
            self.removals[removal.member_id] = removal

    def amend_office(self, member_id: int, office: str, scope: str, day: dt.date, where: str,
                     *, take: bool) -> None:
        """Amend the roll with an office the folder's order gives (``take``) or ends."""
        iso = day.isoformat()
        if take:
            self.held.append(Office(member_id, office, scope, iso, where, None, None))
            return
        self.held = [dataclasses.replace(o, to_on=iso, to_act=where)
                     if (o.member_id, o.office, o.scope) == (member_id, office, scope)
                     and o.covers(day) else o for o in self.held]

    # -- on a day

    def removed_by(self, member_id: int, day: dt.date) -> Removal | None:
        """The folder's removal in force on ``day``, if any."""
        stated = self.removals.get(member_id)
        return stated if stated is not None and stated.day <= day else None

    def member_on(self, member_id: int, day: dt.date) -> bool:
        """Whether the person was a member on ``day``."""
        covered = any(p.covers(day) for p in self.periods.get(member_id, []))
        return covered and self.removed_by(member_id, day) is None

    def why_not(self, member_id: int, day: dt.date) -> str:
        """Why ``member_id`` was not a member on ``day``: the removal (file and line, or the
        roll's record), or when the membership began."""
        stated = self.removed_by(member_id, day)
        if stated is not None:
            return _("removed on {day} by {where}").format(day=stated.day, where=stated.where)
        iso = day.isoformat()
        periods = self.periods.get(member_id, [])
        ended = [p for p in periods if p.removed_on and p.removed_on <= iso]
        if ended:
            last = ended[-1]
            return _("removed on {day} by order № {order} (the roll: #{id})").format(
                day=last.removed_on, order=last.remove_order, id=member_id)
        if periods:
            return _("a member only from {day} (the roll: #{id})").format(
                day=periods[0].admitted_on, id=member_id)
        return _("never admitted (the roll: #{id})").format(id=member_id)

    def offices_on(self, member_id: int, day: dt.date) -> list[Office]:
        """The offices ``member_id`` held on ``day``."""
        if not self.member_on(member_id, day):
            return []
        return [o for o in self.held if o.member_id == member_id and o.covers(day)]

    def holders(self, office: str, scope: str, day: dt.date) -> list[Member]:
        """Who held ``office`` in ``scope`` on ``day``."""
        return [self.members[o.member_id] for o in self.held
                if o.office == office and o.scope == scope and o.covers(day)
                and self.member_on(o.member_id, day)]

    def council(self, day: dt.date) -> set[int]:
        """The Council's members on ``day``."""
        return {m.id for m in self.holders("council", "", day)}

    # -- finding people

    def find(self, text: str, lang: str) -> list[Member]:
        """Members whose name in ``lang`` is ``text`` (in full, or a short form)."""
        short = short_key(text)
        if short is not None:
            return list(self._short[lang].get(short, []))
        return list(self._keys[lang].get(row_key(text), []))

    def closest(self, text: str, lang: str = "ru", cutoff: float = 0.6) -> Member | None:
        """The member whose name in ``lang`` is closest to ``text``."""
        names = {row_key(m.name(lang)): m for m in self.members.values()}
        match = difflib.get_close_matches(row_key(text), list(names), n=1, cutoff=cutoff)
        return names[match[0]] if match else None
