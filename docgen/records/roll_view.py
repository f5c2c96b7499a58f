"""The roll shown to people: a plain table, JSON, CSV (the import format) and one member."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from docgen.i18n import _
from docgen.input.roll_file import COLUMNS
from docgen.records.roll import Entry, Member, Roll
from docgen.records.roll_offices import Office

Held = dict[int, list[Office]]
"""The offices held on the day shown, by roll id (:func:`held_on`)."""


def held_on(roll: Roll, day: Any) -> Held:
    """Every office held on ``day``, by roll id."""
    held: Held = {}
    for office in roll.offices(on=day):
        held.setdefault(office.member_id, []).append(office)
    return held


def entry_dict(entry: Entry, held: Held | None = None) -> dict[str, Any]:
    """A member on the roll as the import file's columns (``id`` first); the Council and
    the office as held on the day shown."""
    m, s = entry.member, entry.membership
    offices = (held or {}).get(m.id, [])
    council = next((o for o in offices if o.office == "council"), None)
    office = next((o for o in offices if o.office != "council"), None)
    values: dict[str, Any] = {"id": m.id}
    for column in COLUMNS:
        if column == "id":
            continue
        if column == "admitted_on":
            values[column] = s.admitted_on
        elif column == "admit_order":
            values[column] = s.admit_order
        elif column == "council":
            values[column] = council is not None
        elif column == "council_since":
            values[column] = council.from_on if council else ""
        elif column == "office":
            values[column] = office.office if office else ""
        elif column == "office_since":
            values[column] = office.from_on if office else ""
        else:
            values[column] = getattr(m, column)
    return values


def as_json(entries: list[Entry], held: Held | None = None) -> str:
    """The entries as a JSON list of objects."""
    return json.dumps([entry_dict(e, held) for e in entries], ensure_ascii=False, indent=2)


def as_csv(entries: list[Entry], held: Held | None = None) -> str:
    """The entries as CSV in the import format (``docgen members import`` reads it back)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(COLUMNS))
    for entry in entries:
        row = entry_dict(entry, held)
        writer.writerow(["" if row[c] is None else
                         ("yes" if row[c] is True else "no" if row[c] is False else row[c])
                         for c in COLUMNS])
    return out.getvalue()


def as_table(entries: list[Entry], held: Held | None = None) -> list[str]:
    """The entries as the lines of a plain-text table (header first)."""
    held = held or {}
    header = ("id", "name", "region", "seat", "council", "office", "since", "order")

    def offices(member_id: int) -> tuple[str, str]:
        mine = held.get(member_id, [])
        council = "yes" if any(o.office == "council" for o in mine) else "-"
        return council, ", ".join(o.office for o in mine if o.office != "council") or "-"

    rows = [header] + [
        (str(e.member.id), e.member.name_ru, e.member.region, e.member.seat or "-",
         *offices(e.member.id), e.membership.admitted_on, e.membership.admit_order or "-")
        for e in entries
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def describe(roll: Roll, member: Member, day: Any = None) -> list[str]:
    """Everything the roll knows of one member: fields, memberships, offices, changes; with
    ``day``, first what the member was on that day."""
    lines = [f"{'id:':<15} {member.id}"]
    for key, value in vars(member).items():
        if key in ("id", "council"):
            continue
        shown = "yes" if value is True else "no" if value is False else value
        lines.append(f"{key + ':':<15} {'-' if shown in (None, '') else shown}")
    if day is not None:
        held = [o.office + (f" {o.scope}" if o.scope else "")
                for o in roll.offices(member.id, on=day)]
        status = _("member") if roll.membership_on(member.id, day) else _("not a member")
        when = _("on {day}:").format(day=day.isoformat())
        lines.append(f"{when:<15} {status}"
                     + (f"; {', '.join(held)}" if held else _("; no office")))
    lines.append(_("membership:"))
    for period in roll.memberships(member.id):
        line = "  " + _("admitted {day} (order № {order}").format(
            day=period.admitted_on, order=period.admit_order or "—")
        line += f"; {period.admit_ground})" if period.admit_ground else ")"
        if period.removed_on:
            why = "; ".join(x for x in (period.remove_ground, period.remove_detail) if x)
            line += _("; removed {day} (order № {order}; {why})").format(
                day=period.removed_on, order=period.remove_order, why=why)
        lines.append(line)
    lines.append(_("offices:"))
    periods = roll.offices(member.id)
    lines += [f"  {period.line()}" for period in periods] or ["  -"]
    lines.append(_("changes:"))
    lines += [f"  {at}  {event}  {detail}".rstrip() for at, event, detail in roll.log(member.id)]
    return lines
