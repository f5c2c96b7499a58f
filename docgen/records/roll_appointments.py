"""What an order changes in the Council and the offices of the roll, planned with its
admissions and removals (:func:`docgen.records.roll_changes.plan_order`).

The Chairman's order may change the Council's composition (``council_changes`` include /
exclude) and state who holds an office the roll keeps (``appointments``: the akim as chair
of a small assembly; the head of its secretariat; a deputy chairman; the head of the
Secretariat), on the order's date (the rulebook's ``orders.appointments`` cite the
paragraphs). An office one person
holds at a time ends for its previous holder on that date, by the same order; a deputy
chairman replaces the one the order names when two hold the office.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from docgen.i18n import _
from docgen.input.loader import PathKey
from docgen.input.models import Named, OrderFile, localized_name
from docgen.input.roll_file import row_key
from docgen.input.validate import Loaded
from docgen.records.roll import Member, Roll
from docgen.records.roll_offices import SINGLE

if TYPE_CHECKING:
    from docgen.records.roll_changes import Change, Plan


def _ref(topic: str) -> str:
    """The paragraphs the rulebook in force cites ``topic`` (the topic's name if it has none)."""
    from docgen.law.rulebook import in_force

    rulebook = in_force()
    return rulebook.ref(topic) if topic in rulebook.citations else topic


class _Planner:
    """The office changes of one order, added to its plan."""

    def __init__(self, roll: Roll, loaded: Loaded[OrderFile], plan: Plan) -> None:
        order = loaded.model.order
        self.roll, self.loaded, self.plan = roll, loaded, plan
        self.day: dt.date = order.date
        self.act = f"order № {order.number}"
        self.removed = {c.member_id for c in plan.changes if c.action == "remove"}
        self.admitted = {row_key(n): i for i, c in enumerate(plan.changes)
                         if c.action == "admit" for n in (c.name, c.values.get("name_kk", ""))
                         if n}
        self.ends: list[Change] = []
        self.takes: list[Change] = []

    # -- who

    def who(self, person: Named, key: PathKey) -> Member | int:
        """The roll's member the entry names, or the index of this order's admission."""
        from docgen.records.roll_changes import _match

        if person.name is not None:
            for spelling in {localized_name(person.name, lang) for lang in ("ru", "kk")}:
                if row_key(spelling) in self.admitted:
                    return self.admitted[row_key(spelling)]
        if person.id is not None:
            member = self.roll.member(person.id)
            if member is None:
                raise self.loaded.error(_("no member #{id} on the roll").format(id=person.id),
                                        key)
            people = [member]
        else:
            assert person.name is not None
            people = _match(self.roll, self.loaded, person.name, key)
        current = [m for m in people if self.roll.membership_on(m.id, self.day) is not None
                   and m.id not in self.removed]
        if not current:
            raise self.loaded.error(_(
                "'{name}' is not a member of the Assembly on {day}: the Council and the "
                "offices of the roll are held by members (admit them first)").format(
                    name=people[0].name_ru, day=self.day.isoformat()), key)
        if len(current) > 1:
            raise self.loaded.error(_(
                "'{name}' names {count} members ({ids}); give the roll id (id: N)").format(
                    name=current[0].name_ru, count=len(current),
                    ids=", ".join(f"#{m.id}" for m in current)), key)
        return current[0]

    def _holds(self, member: Member, office: str, scope: str) -> bool:
        return bool(self.roll.offices(member.id, office=office, scope=scope, on=self.day))

    # -- changes

    def take(self, who: Member | int, office: str, scope: str, detail: str) -> None:
        held = (office, scope, self.day, self.act)
        if isinstance(who, int):  # admitted by this order: the office comes with it
            change = self.plan.changes[who]
            self.plan.changes[who] = dataclasses.replace(
                change, offices=(*change.offices, held))
            return
        from docgen.records.roll_changes import Change

        self.takes.append(Change("take", who.name_ru, detail, who.id, day=self.day,
                                 order=self.act, offices=(held,)))

    def end(self, member: Member, office: str, scope: str, detail: str) -> None:
        from docgen.records.roll_changes import Change

        self.ends.append(Change("leave", member.name_ru, detail, member.id, day=self.day,
                                order=self.act, offices=((office, scope, self.day,
                                                          self.act),)))

    def council(self) -> None:
        changes = self.loaded.model.order.council_changes
        if changes is None:
            return
        when = f"{self.day.isoformat()}, {self.act}"
        for i, person in enumerate(changes.include):
            key = ("order", "council_changes", "include", i, "name")
            who = self.who(person, key)
            if not isinstance(who, int) and self._holds(who, "council", ""):
                raise self.loaded.error(_(
                    "'{name}' (#{id}) is on the Council already on {day}: {period}").format(
                        name=who.name_ru, id=who.id, day=self.day.isoformat(),
                        period=self._period(who, "council", "")), key)
            self.take(who, "council", "", f"council from {when}")
        for i, person in enumerate(changes.exclude):
            key = ("order", "council_changes", "exclude", i, "name")
            who = self.who(person, key)
            if isinstance(who, int) or not self._holds(who, "council", ""):
                name = self.plan.changes[who].name if isinstance(who, int) else who.name_ru
                raise self.loaded.error(_(
                    "'{name}' is not on the Council on {day} (docgen members list --council "
                    "--on {day}) and cannot leave it").format(
                        name=name, day=self.day.isoformat()), key)
            self.end(who, "council", "", f"council to {when}")

    def appointments(self) -> None:
        for i, item in enumerate(self.loaded.model.order.appointments):
            key = ("order", "appointments", i, "name")
            office, scope = item.office, item.region or ""
            who = self.who(item, key)
            if not isinstance(who, int) and self._holds(who, office, scope):
                raise self.loaded.error(_(
                    "'{name}' (#{id}) holds {office} already on {day}: {period}").format(
                        name=who.name_ru, id=who.id, office=office, day=self.day.isoformat(),
                        period=self._period(who, office, scope)), key)
            holders = [m for m in (self.roll.member(h) for h in
                                   self.roll.holders(office, self.day, scope))
                       if m is not None and m.id not in self.removed]
            leaving = self._replaced(item.replaces, holders, office, scope, i)
            what = f"{office} {scope}".strip()
            for member in leaving:
                self.end(member, office, scope, f"{what} to {self.day.isoformat()}, "
                                                f"{self.act}")
            self.take(who, office, scope, f"{what} from {self.day.isoformat()}, {self.act}")

    def _replaced(self, replaces: object, holders: list[Member], office: str, scope: str,
                  i: int) -> list[Member]:
        """Who leaves the office: its previous holder (one-holder offices), or the deputy
        chairman the entry replaces."""
        key = ("order", "appointments", i, "replaces")
        if replaces is not None:
            names = {row_key(localized_name(replaces, lang)) for lang in ("ru", "kk")}
            named = [m for m in holders if {row_key(m.name_ru), row_key(m.name_kk)} & names]
            if not named:
                shown = ", ".join(f"'{m.name_ru}' (#{m.id})" for m in holders) or "nobody"
                raise self.loaded.error(_(
                    "'{name}' does not hold {office} on {day}; the roll has {holders}").format(
                        name=localized_name(replaces, "ru"), office=f"{office} {scope}".strip(),
                        day=self.day.isoformat(), holders=shown), key)
            return named if office not in SINGLE else holders
        if office in SINGLE:
            return holders
        if office == "deputy_chairman" and len(holders) >= 2:
            raise self.loaded.error(_(
                "the Chairman has two deputies ({ref}) and the roll has {holders} on {day}: "
                "say whom this one replaces (replaces: NAME)").format(
                    ref=_ref("deputy_chairmen"),
                    holders=", ".join(f"'{m.name_ru}'" for m in holders),
                    day=self.day.isoformat()), ("order", "appointments", i, "office"))
        return []

    def _period(self, member: Member, office: str, scope: str) -> str:
        periods = self.roll.offices(member.id, office=office, scope=scope, on=self.day)
        return periods[0].line() if periods else ""

    def done(self) -> None:
        """Ends before admissions (a successor takes a one-holder office after its
        previous holder left it), takes last."""
        removes = sum(c.action == "remove" for c in self.plan.changes)
        self.plan.changes[removes:removes] = self.ends
        self.plan.changes.extend(self.takes)


def plan_offices(roll: Roll, loaded: Loaded[OrderFile], plan: Plan) -> None:
    """Add to ``plan`` the order's changes to the Council and to the offices of the roll,
    checked against the roll on the order's date (a DataError at the entry's line)."""
    planner = _Planner(roll, loaded, plan)
    planner.council()
    planner.appointments()
    planner.done()
