"""What an import or an order changes on the roll: planned first, then applied at once.

:func:`plan_import` and :func:`plan_order` check everything and list the changes
without writing; :func:`apply_changes` writes a plan in one journal transaction.
A dry run is a plan printed and not applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DataError
from docgen.i18n import N_, _
from docgen.input.models import LocalizedName, OrderFile, Text, localized_name
from docgen.input.roll_file import REPUBLICAN, MemberRow
from docgen.input.validate import Loaded
from docgen.records.roll import MEMBER_FIELDS, Member, Roll
from docgen.rendering.names import gender_of


def gender_from_name(name: str) -> str | None:
    """'m' or 'f' as the name shows it (patronymic, first name, surname); None if it does not."""
    return {"male": "m", "female": "f"}.get(gender_of(name) or "")


@dataclass(frozen=True)
class Change:
    """One change to the roll: ``add`` a person, ``update`` fields, ``admit``, ``remove``."""

    action: str
    name: str
    detail: str
    member_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    day: dt.date | None = None
    order: str = ""
    ground: str = ""
    remove_detail: str = ""
    offices: tuple[tuple[str, str, dt.date, str], ...] = ()
    """A new member's offices: (office, scope, from, act)."""

    def line(self) -> str:
        """The change as one line of a report."""
        who = f"#{self.member_id} " if self.member_id is not None else ""
        return f"{self.action:<7} {who}{self.name}: {self.detail}"


@dataclass
class Plan:
    """The changes an import or an order would make."""

    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    order: tuple[int, int, dt.date, str, str] | None = None  # year, number, date, sha, source
    applied_from: str = ""  # what an order is applied from: its signed copy, or no signature

    def summary(self) -> str:
        """'3 to add, 1 to update, 2 to remove, 380 unchanged'."""
        counts = {a: sum(c.action == a for c in self.changes)
                  for a in ("add", "update", "remove", "admit", "take", "leave")}
        parts = [f"{n} {action}" for action, n in counts.items() if n]
        return ", ".join([*parts, f"{self.unchanged} unchanged"])


def _values(row: MemberRow) -> dict[str, Any]:
    return {key: getattr(row, key) for key in MEMBER_FIELDS}


def _offices(row: MemberRow) -> tuple[tuple[str, str, dt.date, str], ...]:
    """The offices a new member's row gives, with their dates and the act behind them."""
    assert row.admitted_on is not None
    act = f"order № {row.admit_order}" if row.admit_order else "import"
    found = []
    if row.council:
        found.append(("council", "", row.council_since or row.admitted_on, act))
    if row.office:
        found.append((row.office, row.office_scope(), row.office_since or row.admitted_on, act))
    return tuple(found)


def _office_change(roll: Roll, member: Member, row: MemberRow) -> str | None:
    """Why the row's Council flag or office differs from what the roll holds, or None (also
    for someone no longer a member: the removal ended the offices the file still shows)."""
    if all(m.removed_on is not None for m in roll.memberships(member.id)):
        return None
    held = [o for o in roll.offices(member.id) if o.to_on is None]
    if "council" in row.given and row.council != any(o.office == "council" for o in held):
        why = (_("#{id} {name} is on the Council by the file but is not by the roll")
               if row.council else
               _("#{id} {name} is not on the Council by the file but is by the roll"))
        return why.format(id=member.id, name=member.name_ru) + _(
            "; the Council changes only by the orders and decisions that change it, on their "
            "dates")
    others = {o.office for o in held if o.office != "council"}
    if "office" in row.given and {row.office} - {""} != others:
        return _("#{id} {name} holds {held} on the roll, the file says {office}; offices "
                 "change only by the orders and decisions that change them, on their "
                 "dates").format(id=member.id, name=member.name_ru,
                                 held=", ".join(sorted(others)) or _("no office"),
                                 office=row.office or _("none"))
    return None


BY_ORDER_ONLY = {"region": N_("a member's region")}
"""Fields an import into an existing roll refuses to change: an order changes them (the
Council and offices: :func:`_office_change`)."""
_ORDER_DOES_IT = N_("; an order does that (render it with --archive, sign it, docgen archive "
                    "add the signed copy); an import into an existing roll changes contacts "
                    "and spellings only")


def plan_import(roll: Roll, rows: list[MemberRow], path: str | Path) -> Plan:
    """The changes a checked roll file makes; DataError (file:row) for rows that clash.

    A first import into an empty roll creates it. Into an existing roll an import only
    corrects members' fields (contacts, spellings, positions) that the file carries:
    a column it lacks leaves that field as it is; admissions and changes of region or
    Council membership are refused (an order makes them).
    """
    plan = Plan()
    errors: list[tuple[int, str, str]] = []
    by_name: dict[str, list[Member]] = {}
    for member in roll.members():
        by_name.setdefault(_key(member.name_ru), []).append(member)
    first = not by_name
    for row in rows:
        member, problem = _row_member(roll, row, by_name)
        if problem is not None:
            errors.append(problem)
            continue
        if member is None:
            if not first:
                errors.append((row.row, "name_ru", _(
                    "'{name}' is not on the roll: admitting a member").format(
                        name=row.name_ru) + _(_ORDER_DOES_IT)))
            elif row.admitted_on is None:
                errors.append((row.row, "admitted_on", _("a new member needs the date of "
                                                         "admission")))
            else:
                plan.changes.append(Change(
                    "add", row.name_ru, f"admitted {row.admitted_on}"
                    + (f", order № {row.admit_order}" if row.admit_order else ""),
                    values=_values(row), day=row.admitted_on, order=row.admit_order,
                    ground="import", offices=_offices(row)))
            continue
        dates = {m.admitted_on for m in roll.memberships(member.id)}
        if row.admitted_on is not None and row.admitted_on.isoformat() not in dates:
            errors.append((row.row, "admitted_on", _(
                "#{id} {name} was admitted on {dates}; membership history changes only by "
                "orders (docgen members apply)").format(
                    id=member.id, name=member.name_ru,
                    dates=", ".join(sorted(dates)) or _("no date"))))
            continue
        why = _office_change(roll, member, row)
        if why:
            errors.append((row.row, "council" if "Council" in why else "office", why))
            continue
        carried = {k: v for k, v in _values(row).items() if k in row.given and k != "council"}
        changes = {k: v for k, v in carried.items() if getattr(member, k) != v}
        refused = [k for k in BY_ORDER_ONLY if k in changes]
        for key in refused:
            errors.append((row.row, key, _(
                "#{id} {name}: changing {what} ({old} → {new})").format(
                    id=member.id, name=member.name_ru, what=_(BY_ORDER_ONLY[key]),
                    old=repr(getattr(member, key)), new=repr(changes[key]))
                + _(_ORDER_DOES_IT)))
        if refused:
            continue
        if not changes:
            plan.unchanged += 1
            continue
        shown = "; ".join(f"{k} {getattr(member, k)!r} → {v!r}" for k, v in changes.items())
        plan.changes.append(Change("update", member.name_ru, shown, member.id, values=changes))
    errors += _one_holder(roll, rows, plan)
    if errors:
        errors.sort()
        number, column, problem = errors[0]
        column_of = _("column '{column}': {problem}")
        extra = "".join(f"\n{path}:{n}: " + column_of.format(column=c, problem=p)
                        for n, c, p in errors[1:20])
        raise DataError(column_of.format(column=column, problem=problem) + extra, path=path,
                        line=number)
    return plan


def _row_member(roll: Roll, row: MemberRow, by_name: dict[str, list[Member]]
                ) -> tuple[Member | None, tuple[int, str, str] | None]:
    """The member a row names (by id, else by name_ru), or the problem of the row."""
    if row.id is not None:
        member = roll.member(row.id)
        if member is None:
            return None, (row.row, "id", _("no member #{id} on the roll (leave the id empty "
                                           "to add a new member)").format(id=row.id))
        return member, None
    namesakes = by_name.get(_key(row.name_ru), [])
    if len(namesakes) > 1:
        ids = ", ".join(f"#{m.id}" for m in namesakes)
        return None, (row.row, "name_ru", _("'{name}' is on the roll more than once ({ids}); "
                                            "give the roll id").format(name=row.name_ru,
                                                                       ids=ids))
    return (namesakes[0] if namesakes else None), None


def _one_holder(roll: Roll, rows: list[MemberRow], plan: Plan) -> list[tuple[int, str, str]]:
    """An office one person holds (the Chairman, an akim, …) given to two at once."""
    from docgen.records.roll_offices import SINGLE

    row_of = {r.name_ru: r for r in rows}
    errors: list[tuple[int, str, str]] = []
    seen: dict[tuple[str, str], str] = {}
    for office in roll.offices():
        if office.office in SINGLE and office.to_on is None:
            holder = roll.member(office.member_id)
            seen[(office.office, office.scope)] = f"#{office.member_id} " + (
                holder.name_ru if holder else "")
    for change in plan.changes:
        for office, scope, _day, _act in change.offices:
            if office not in SINGLE:
                continue
            other = seen.setdefault((office, scope), change.name)
            if other != change.name:
                where = f" in {scope}" if scope else ""
                errors.append((row_of[change.name].row, "office", _(
                    "{office}{where} is held by one person at a time; {other} holds it "
                    "already").format(office=office, where=where, other=other)))
    return errors


def _key(name: str) -> str:
    from docgen.input.roll_file import row_key

    return row_key(name)


def _match(roll: Roll, loaded: Loaded, name: str | LocalizedName, key: tuple) -> list[Member]:
    """Roll members named ``name`` (either spelling); an error with a suggestion if none."""
    spellings = {localized_name(name, lang) for lang in ("ru", "kk")} - {""}
    found = {m.id: m for s in spellings for m in roll.find(s)}
    if not found:
        shown = localized_name(name, "ru")
        close = roll.closest(shown)
        hint = _("; did you mean '{name}' (#{id})?").format(
            name=close.name_ru, id=close.id) if close else ""
        raise loaded.error(_("'{name}' is not on the roll").format(name=shown) + hint, key)
    return list(found.values())


def plan_order(roll: Roll, loaded: Loaded[OrderFile]) -> Plan:
    """The admissions and removals of an order, checked against the roll on its date."""
    order = loaded.model.order
    day, number = order.date, order.number
    applied = roll.order_applied(day.year, number)
    if applied is not None:
        raise loaded.error(_("order № {number} of {year} (dated {day}) was already applied "
                             "to the roll at {at}; an order is applied once").format(
                                 number=number, year=day.year, day=applied[0], at=applied[1]),
                           ("order", "number"))
    plan = Plan(order=(day.year, number, day,
                       hashlib.sha256(loaded.path.read_bytes()).hexdigest(), loaded.path.name))
    label = f"№ {number} of {day.isoformat()}"
    for i, item in enumerate(order.remove):
        key = ("order", "remove", i, "name")
        people = _match(roll, loaded, item.name, key)
        current = [m for m in people if roll.membership_on(m.id, day) is not None]
        if not current:
            past = "; ".join(_history(roll, m) for m in people)
            raise loaded.error(_("'{name}' is not a member on {day} and cannot be removed "
                                 "({past})").format(name=people[0].name_ru,
                                                    day=day.isoformat(), past=past), key)
        if len(current) > 1:
            raise loaded.error(_("'{name}' names {count} members ({ids}); the roll cannot "
                                 "tell which one the order removes").format(
                name=current[0].name_ru, count=len(current),
                ids=", ".join(f"#{m.id}" for m in current)), key)
        detail = item.detail.ru or "" if item.detail is not None else ""
        if item.other_ground:  # a named ground of the rulebook: its name is the detail
            detail = item.other_ground
        plan.changes.append(Change("remove", current[0].name_ru, f"{item.ground}, order {label}",
                                   current[0].id, day=day, order=str(number),
                                   ground=item.ground, remove_detail=detail))
    for i, item in enumerate(order.admit):
        key = ("order", "admit", i, "name")
        ru, kk = localized_name(item.name, "ru"), localized_name(item.name, "kk")
        people = [m for s in {ru, kk} for m in roll.find(s)]
        for person in people:
            for period in roll.memberships(person.id):
                if period.covers(day) or period.admitted_on > day.isoformat():
                    raise loaded.error(_(
                        "'{name}' (#{id}) is already a member since {day} (order № {order}); "
                        "a member cannot be admitted twice").format(
                            name=person.name_ru, id=person.id, day=period.admitted_on,
                            order=period.admit_order or "—"), key)
        nominated = item.nominated_by
        region = nominated.region if nominated.kind == "small_assembly" else REPUBLICAN
        by = nominated.region if nominated.kind == "small_assembly" else (
            nominated.name.ru if nominated.name else "")
        ground = f"nominated by {nominated.kind} {by} on {nominated.decision_date}"
        position = item.position or Text(ru="", kk="")
        gender = {"male": "m", "female": "f"}.get(item.gender or "") or gender_from_name(ru)
        values = {"name_ru": ru, "name_kk": kk, "gender": gender,
                  "position_ru": position.ru or "", "position_kk": position.kk or "",
                  "region": region or REPUBLICAN, "seat": None, "civil_servant": False,
                  "council": False, "phone": "", "email": "", "address": "",
                  "language": "both"}
        again = people[0].id if people else None
        plan.changes.append(Change("admit", ru, f"{ground}, order {label}"
                                   + (" (admitted again)" if again else ""), again,
                                   values=values, day=day, order=str(number), ground=ground))
    from docgen.records.roll_appointments import plan_offices

    plan_offices(roll, loaded, plan)
    return plan


def _history(roll: Roll, member: Member) -> str:
    periods = roll.memberships(member.id)
    if not periods:
        return _("#{id} was never admitted").format(id=member.id)
    last = periods[-1]
    if last.removed_on:
        return _("#{id} was a member from {start} until {end}, removed by order № "
                 "{order}").format(id=member.id, start=last.admitted_on, end=last.removed_on,
                                   order=last.remove_order)
    return _("#{id} is a member only from {start}").format(id=member.id,
                                                            start=last.admitted_on)


def apply_changes(roll: Roll, plan: Plan, *, then: Callable[[], None] | None = None) -> None:
    """Write every change of ``plan`` in one journal transaction (all or nothing)."""
    with roll.transaction():
        for change in plan.changes:
            member_id = change.member_id
            if change.action in ("add", "admit") and member_id is None:
                member_id = roll.add_member(change.values)
            elif change.action == "admit" and member_id is not None:
                keep = ("name_ru", "name_kk", "gender", "language", "phone", "email", "address")
                current = roll.member(member_id)
                roll.update_member(member_id, {
                    k: v for k, v in change.values.items()
                    if k not in keep and current is not None and getattr(current, k) != v})
            if change.action in ("add", "admit") and member_id is not None:
                assert change.day is not None
                roll.admit(member_id, change.day, change.order, change.ground,
                           plan.applied_from)
                for office, scope, day, act in change.offices:
                    roll.take_office(member_id, office, day, act, scope)
            elif change.action == "take" and member_id is not None:
                for office, scope, day, act in change.offices:
                    roll.take_office(member_id, office, day, act, scope)
            elif change.action == "leave" and member_id is not None:
                for office, scope, day, act in change.offices:
                    roll.leave_office(member_id, office, day, act, scope)
            elif change.action == "update" and member_id is not None:
                roll.update_member(member_id, change.values)
            elif change.action == "remove" and member_id is not None:
                assert change.day is not None
                roll.remove(member_id, change.day, change.order, change.ground,
                            change.remove_detail, plan.applied_from)
        if plan.order is not None:
            roll.record_order(*plan.order, applied_from=plan.applied_from)
        if then is not None:
            then()
