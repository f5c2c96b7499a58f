"""The roll shown to people: a plain table, JSON, CSV (the import format) and one member."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from docgen.input.roll_file import COLUMNS
from docgen.records.roll import Entry, Member, Roll


def entry_dict(entry: Entry) -> dict[str, Any]:
    """A member on the roll as the import file's columns (``id`` first)."""
    m, s = entry.member, entry.membership
    values: dict[str, Any] = {"id": m.id}
    for column in COLUMNS:
        if column == "id":
            continue
        if column == "admitted_on":
            values[column] = s.admitted_on
        elif column == "admit_order":
            values[column] = s.admit_order
        else:
            values[column] = getattr(m, column)
    return values


def as_json(entries: list[Entry]) -> str:
    """The entries as a JSON list of objects."""
    return json.dumps([entry_dict(e) for e in entries], ensure_ascii=False, indent=2)


def as_csv(entries: list[Entry]) -> str:
    """The entries as CSV in the import format (``docgen members import`` reads it back)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(COLUMNS))
    for entry in entries:
        row = entry_dict(entry)
        writer.writerow(["" if row[c] is None else
                         ("yes" if row[c] is True else "no" if row[c] is False else row[c])
                         for c in COLUMNS])
    return out.getvalue()


def as_table(entries: list[Entry]) -> list[str]:
    """The entries as the lines of a plain-text table (header first)."""
    header = ("id", "name", "region", "seat", "council", "since", "order")
    rows = [header] + [
        (str(e.member.id), e.member.name_ru, e.member.region, e.member.seat or "-",
         "yes" if e.member.council else "-", e.membership.admitted_on,
         e.membership.admit_order or "-")
        for e in entries
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def describe(roll: Roll, member: Member) -> list[str]:
    """Everything the roll knows of one member: fields, memberships, changes."""
    lines = [f"{'id:':<15} {member.id}"]
    for key, value in vars(member).items():
        if key == "id":
            continue
        shown = "yes" if value is True else "no" if value is False else value
        lines.append(f"{key + ':':<15} {'-' if shown in (None, '') else shown}")
    lines.append("membership:")
    for period in roll.memberships(member.id):
        line = f"  admitted {period.admitted_on} (order № {period.admit_order or '—'}"
        line += f"; {period.admit_ground})" if period.admit_ground else ")"
        if period.removed_on:
            why = "; ".join(x for x in (period.remove_ground, period.remove_detail) if x)
            line += f"; removed {period.removed_on} (order № {period.remove_order}; {why})"
        lines.append(line)
    lines.append("changes:")
    lines += [f"  {at}  {event}  {detail}".rstrip() for at, event, detail in roll.log(member.id)]
    return lines
