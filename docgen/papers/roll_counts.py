"""Papers that count from the member roll: members in all, and who was present.

A session or Council file may omit ``members_total``: it is then the number of members
on the roll on the session date (for the Council: the Council's members). When the file
gives it, it is compared with the roll. ``attendance.present`` may list the members
present (roll ids or full names); the count, the quorum and the annexed list of those
present (``attendance.members``) then come from the roll. The roll is the journal's (``--archive`` /
``DOCGEN_ARCHIVE``); without one the file must state its figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import RuleError
from docgen.i18n import _
from docgen.input.models import LocalizedName, Person, Session, Text
from docgen.input.validate import Loaded

if TYPE_CHECKING:  # the journal (sqlite) is imported only when a roll is asked for
    from docgen.records.roll import Entry, Roll

KINDS_NEEDING_ROLL = ("register", "invitation", "poll_sheet")
"""Kinds that list the roll itself, so always need it."""


@dataclass
class Amendments:
    """What a case file's own orders change that the roll does not hold yet (orders not
    applied): removals (roll id → date and where the order says so) and admissions."""

    removed: dict[int, tuple[dt.date, str]] = field(default_factory=dict)
    admitted: list[dt.date] = field(default_factory=list)
    council: list[tuple[dt.date, int]] = field(default_factory=list)
    """Changes to the Council's composition: (date, +1 in / -1 out)."""

    def gone(self, day: dt.date) -> dict[int, tuple[dt.date, str]]:
        """The members removed on or before ``day``."""
        return {i: v for i, v in self.removed.items() if v[0] <= day}

    def added(self, day: dt.date) -> int:
        """How many were admitted on or before ``day``."""
        return sum(1 for d in self.admitted if d <= day)

    def council_change(self, day: dt.date) -> int:
        """How many the Council gained (lost, negative) on or before ``day``."""
        return sum(n for d, n in self.council if d <= day)


@dataclass(frozen=True)
class RollFacts:
    """What the roll says of a session: its members on the date, and those present."""

    day: dt.date
    entries: list[Entry]
    present: list[Entry] | None = None
    notes: list[str] = field(default_factory=list)
    amended: list[str] = field(default_factory=list)
    """The orders of the case file counted in, not yet applied to the roll."""


def _who(s: Session) -> str:
    return _("Council members") if s.body == "council" else _("members")


def needs_roll(loaded: Loaded, kind: str) -> bool:
    """Whether the file (for ``kind``) can only be made with the roll."""
    s = loaded.model
    if not isinstance(s, Session):
        return False
    listed = s.attendance is not None and isinstance(s.attendance.present, list)
    return s.members_total is None or listed or kind in KINDS_NEEDING_ROLL


def resolve_roll(loaded: Loaded, kind: str, archive_dir: str | Path | None, *,
                 strict: bool = False, amend: Amendments | None = None) -> Loaded:
    """``loaded`` with its counts taken from (or checked against) the roll.

    With ``strict`` (``docgen check``) a ``members_total`` that differs from the roll is an
    error; otherwise it is kept and a note says so. Files that need nothing from the
    roll, and files without an archive to ask, are returned as they are (or refused
    with what to do when they need the roll).
    """
    s = loaded.model
    if not isinstance(s, Session) or (archive_dir is None and not needs_roll(loaded, kind)):
        return loaded
    key = ("members_total",) if s.members_total is None else ("attendance", "present")
    if kind in KINDS_NEEDING_ROLL and s.members_total is not None:
        key = ("date",)
    if s.body == "small_assembly":
        if not needs_roll(loaded, kind):
            return loaded
        raise loaded.error(_("the roll holds the members of the Assembly, not of a small "
                             "assembly: state members_total and attendance.present as numbers"),
                           key)
    if archive_dir is None:
        raise loaded.error(_("{kind} needs the member roll here: give --archive DIR (or set "
                             "DOCGEN_ARCHIVE) whose journal holds the roll, or state "
                             "members_total and attendance.present as numbers").format(kind=kind),
                           key)
    from docgen.errors import JournalError
    from docgen.records.roll import open_roll

    try:
        roll = open_roll(archive_dir, create=False)
    except JournalError as exc:
        if not needs_roll(loaded, kind):
            return loaded
        raise loaded.error(_("the member roll is needed but cannot be read: {exc}").format(exc=exc),
                           key) from None
    amend = amend or Amendments()
    gone = amend.gone(s.date)
    with roll:
        entries = roll.on(s.date, council=s.body == "council")
        amended = [f"{e.member.name_ru} removed by {gone[e.member.id][1]}" for e in entries
                   if e.member.id in gone]
        entries = [e for e in entries if e.member.id not in gone]
        if not entries:
            if not needs_roll(loaded, kind):
                return loaded
            raise loaded.error(_("the roll in {archive_dir} has no {who} on {date} "
                                 "(docgen members import / apply first)").format(
                                   archive_dir=archive_dir, who=_who(s), date=s.date),
                               key)
        facts = RollFacts(s.date, entries, _present(loaded, roll, entries, gone),
                          amended=amended)
        extra = amend.council_change(s.date) if s.body == "council" else amend.added(s.date)
        update = _counts(loaded, facts, strict, extra)
    return Loaded(model=s.model_copy(update=update), source=loaded.source, roll=facts)


def _counts(loaded: Loaded[Session], facts: RollFacts, strict: bool, extra: int = 0) -> dict:
    s = loaded.model
    update: dict = {}
    total = len(facts.entries) + extra
    if s.members_total is None:
        update["members_total"] = total
    elif s.members_total != total:
        after = (_(" (the folder's orders not yet on the roll counted in: {orders})").format(
                     orders="; ".join(facts.amended)) if facts.amended else "")
        message = _("the file states {stated} {who}, the roll has {total} on {date}{after} "
                    "({difference:+d}): correct the figure, omit it to take the roll's, or "
                    "bring the roll up to date (docgen members apply)").format(
                        stated=s.members_total, who=_who(s), total=total, date=s.date,
                        after=after, difference=s.members_total - total)
        if strict:
            raise RuleError(message, rule=_("members in all (roll)"), path=loaded.path,
                            line=loaded.source.line_of(("members_total",)),
                            field="members_total")
        facts.notes.append(f"{loaded.path}: members_total: {message}")  # i18n: keep
    if facts.present is not None and s.attendance is not None:
        if s.attendance.members:
            raise loaded.error(_("attendance.present lists the members from the roll, so the "
                                 "annexed list comes from it: remove attendance.members"),
                               ("attendance", "members"))
        members = [Person(name=LocalizedName(ru=e.member.name_ru, kk=e.member.name_kk),
                          gender={"m": "male", "f": "female"}.get(e.member.gender or ""),
                          position=Text(ru=e.member.position_ru, kk=e.member.position_kk)
                          if e.member.position_ru else None)
                   for e in facts.present]
        update["attendance"] = s.attendance.model_copy(
            update={"present": len(facts.present), "members": members})
    return update


def _present(loaded: Loaded[Session], roll: Roll, entries: list[Entry],
             gone: dict[int, tuple[dt.date, str]]) -> list[Entry] | None:
    """The entries of the members listed in ``attendance.present``, checked."""
    s = loaded.model
    if s.attendance is None or not isinstance(s.attendance.present, list):
        return None
    on_date = {e.member.id: e for e in entries}
    seen: dict[int, int] = {}
    present = []
    for i, ref in enumerate(s.attendance.present):
        key = ("attendance", "present", i)
        found = roll.find(ref)
        if not found:
            close = roll.closest(str(ref), [e.member for e in entries])
            hint = (_("; did you mean '{name}' (#{id})?").format(name=close.name_ru, id=close.id)
                    if close else "")
            raise loaded.error(_("'{ref}' is not on the roll{hint}").format(ref=ref, hint=hint),
                               key)
        listed = [m for m in found if m.id in on_date]
        if not listed:
            who = found[0]
            if who.id in gone:
                day, where = gone[who.id]
                raise loaded.error(_("'{name_ru}' (#{id}) is listed present on {date} "
                                     "but was removed from the Assembly on {day} by "
                                     "{where}").format(
                                       name_ru=who.name_ru, id=who.id, date=s.date, day=day,
                                       where=where),
                                   key)
            reason = (_("is not a member of the Council") if s.body == "council"
                      and roll.membership_on(who.id, s.date)
                      else _("is not a member on {date}").format(date=s.date))
            raise loaded.error(f"'{who.name_ru}' (#{who.id}) {reason}", key)
        if len(listed) > 1:
            raise loaded.error(_("'{ref}' names {count} members "
                                 "({ids}); give the roll id").format(
                                   ref=ref, count=len(listed),
                                   ids=', '.join(f'#{m.id}' for m in listed)),
                               key)
        member = listed[0]
        if member.id in seen:
            raise loaded.error(_("'{name_ru}' (#{id}) is listed twice (also "
                                 "item {number})").format(
                                   name_ru=member.name_ru, id=member.id,
                                   number=seen[member.id] + 1),
                               key)
        seen[member.id] = i
        present.append(on_date[member.id])
    return present
