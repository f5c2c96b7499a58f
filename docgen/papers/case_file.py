"""A case file: the data files of one story, checked together (``docgen check DIR``).

A session, its minutes, its regional notices, the Council meeting that considered the
candidates and the order that admits them tell one story. Each file is first checked alone;
then the facts they share must agree, and a conflict names both files (``file:line``):

- one session has one date, time and place; a region's notice may differ only where its
  data says why (``regions.<id>.reason``);
- an order cites the protocol number and date of a Council meeting whose minutes are in
  the folder and had a membership item (``kind: membership``) naming the people admitted;
- Council decision numbers rise with the dates of the meetings;
- one region has one chair (the akim) in the case file;
- the story agrees with itself (:mod:`docgen.papers.case_story`): the Council nominates
  before the session elects, one registration number is one paper, a removed member is at
  no later meeting, a named "other" ground of removal holds;
- with the roll (``--archive``), the people agree with it (:mod:`docgen.papers.case_people`):
  spellings, membership and Council membership on each paper's date, offices stated, the
  akim as chair of a small assembly; counts are taken after the folder's removals.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import DataError, RuleError
from docgen.i18n import N_, _
from docgen.input.loader import PathKey, dotted
from docgen.input.models import (
    OrderFile,
    Person,
    Session,
    identifier_number,
    localized_name,
)
from docgen.input.roll_file import row_key
from docgen.input.validate import Loaded, load
from docgen.law.rulebook import resolve
from docgen.papers.case_cited import PostCheck, check_citations
from docgen.papers.case_people import PeopleCheck, amend_offices
from docgen.papers.case_story import (
    check_nominations,
    check_registration_numbers,
    check_removed_members,
    council_decisions,
)
from docgen.papers.orders import person_key
from docgen.papers.pipeline import data_kinds, load_checked
from docgen.papers.roll_counts import Amendments
from docgen.papers.roll_index import Removal, RollIndex

_PATTERNS = ("*.yaml", "*.yml")
_ONE_SESSION = N_("one session, one date, time and place")
_CITES = N_("an order cites minutes in the folder")


@dataclass(frozen=True)
class Fact:
    """A value stated by one file at one place."""

    value: Any
    loaded: Loaded
    key: PathKey

    def where(self) -> str:
        line = self.loaded.source.line_of(self.key)
        return f"{self.loaded.path.name}:{line} field '{dotted(self.key)}'"  # the lead, as is


def _conflict(rule: str, message: str, later: Fact, earlier: Fact) -> RuleError:
    return RuleError(_("{message}; {where} says {earlier}, this file says {later}").format(
        message=message, where=earlier.where(), earlier=_shown(earlier.value),
        later=_shown(later.value)), rule=_("case file: {rule}").format(rule=_(rule)),
                     path=later.loaded.path, line=later.loaded.source.line_of(later.key),
                     field=dotted(later.key))


def _error(loaded: Loaded, key: PathKey, rule: str, message: str) -> RuleError:
    return RuleError(message, rule=_("case file: {rule}").format(rule=_(rule)), path=loaded.path,
                     line=loaded.source.line_of(key), field=dotted(key))


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


def data_files(folder: str | Path) -> list[Path]:
    """The data files of a case folder, in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(_("not a folder of data files"), path=folder)
    files = sorted({p for pattern in _PATTERNS for p in folder.glob(pattern) if p.is_file()})
    if not files:
        raise DataError(_("the folder has no data files (*.yaml)"), path=folder)
    return files


def check_case(folder: str | Path, rulebook: str | Path | None = None,
               archive_dir: str | Path | None = None) -> list[tuple[Path, tuple[str, ...]]]:
    """Check every file of ``folder`` alone, then the facts they share; raise on a conflict.

    With ``archive_dir``, each file's counts and people are checked against its member roll
    too, as amended by the removals of the folder's own orders."""
    paths = data_files(folder)
    index, amend = roll_index(archive_dir, paths) if archive_dir is not None else (None, None)
    checked: list[tuple[Path, tuple[str, ...]]] = []
    files: list[Loaded] = []
    for path in paths:
        kinds = data_kinds(path)
        loads = [load_checked(kind, path, rulebook=rulebook, archive_dir=archive_dir,
                              strict=True, amend=amend) for kind in kinds]
        if not loads:
            fallback = load(path, "minutes")
            fallback.rulebook = resolve(rulebook, fallback.source)
            loads = [fallback]
        checked.append((path, kinds))
        files.append(loads[-1])
    sessions = [ld for ld in files if isinstance(ld.model, Session)]
    orders = [ld for ld in files if isinstance(ld.model, OrderFile)]
    check_sessions_agree(sessions)
    check_nominations(files)
    check_orders_cite_minutes(orders, sessions)
    check_decision_numbers(sessions)
    check_one_chair(sessions)
    check_registration_numbers(files)
    check_removed_members(files)
    check_citations(files)
    if index is not None:
        people = PeopleCheck(index)
        posts = PostCheck(people)
        for loaded in files:
            people.check(loaded)
            posts.check(loaded)
    return checked


def roll_index(archive_dir: str | Path,
               paths: list[Path]) -> tuple[RollIndex | None, Amendments | None]:
    """The roll of ``archive_dir`` in memory, and what the folder's orders not yet applied to
    it change (removals, admissions); (None, None) when the archive keeps no roll."""
    from docgen.errors import JournalError
    from docgen.records.roll import open_roll

    orders = [load(path, "order") for path in paths if "order" in data_kinds(path)]
    try:
        with open_roll(archive_dir, create=False) as roll:
            index = RollIndex(roll)
            pending = [ld for ld in orders if roll.order_applied(
                ld.model.order.date.year, identifier_number(str(ld.model.order.number))) is None]
    except JournalError:
        return None, None
    if not index.members:
        return None, None
    amend = Amendments()
    for loaded in pending:
        order = loaded.model.order
        path = loaded.path
        amend.admitted.extend(order.date for _ in order.admit)
        index.admitted |= {row_key(localized_name(a.name, lang)) for a in order.admit
                           if a.name is not None for lang in ("ru", "kk")}
        before = order.date - dt.timedelta(days=1)
        for i, rem in enumerate(order.remove):
            if rem.id is not None:
                people = [index.members[rem.id]] if rem.id in index.members else []
            else:
                people = [m for m in index.find(localized_name(rem.name, "ru"), "ru")
                          if index.member_on(m.id, before)]
            if len(people) == 1:
                key = ("order", "remove", i, "name")
                where = f"order № {order.number} ({path.name}:{loaded.source.line_of(key)})"
                index.remove(Removal(people[0].id, order.date, where))
                amend.removed[people[0].id] = (order.date, where)
        amend_offices(index, amend, loaded, f"order № {order.number} ({path.name})")
    return index, amend


def check_sessions_agree(sessions: Iterable[Loaded[Session]]) -> None:
    """One session (or Council meeting) has one date, time and place across the files."""
    seen: dict[tuple, dict[str, Fact]] = {}
    for loaded in sessions:
        s = loaded.model
        facts = {"date": Fact(s.date, loaded, ("date",)), "time": Fact(s.time, loaded, ("time",)),
                 "place.ru": Fact(s.place.ru, loaded, ("place", "ru")),
                 "place.kk": Fact(s.place.kk, loaded, ("place", "kk"))}
        _check_regions(loaded, facts)
        first = seen.setdefault((s.body, s.region, s.number), facts)
        if first is facts:
            continue
        for name, fact in facts.items():
            if fact.value != first[name].value:
                what = {"date": _("one date"), "time": _("one time"),
                        "place": _("one place")}[name.split(".")[0]]
                raise _conflict(_ONE_SESSION, _("the {title} has {what}").format(
                    title=_title(s), what=what), fact, first[name])


def _title(s: Session) -> str:
    return {"assembly": _("session No. {number}"),
            "small_assembly": _("small assembly's session No. {number}"),
            "council": _("Council meeting No. {number}")}[s.body].format(number=s.number)


def _check_regions(loaded: Loaded[Session], facts: dict[str, Fact]) -> None:
    """A regional notice may state another date, time or place only with its reason."""
    for rid, override in (loaded.model.regions or {}).items():
        if override.reason is not None:
            continue
        for name in ("date", "time", "place"):
            value = getattr(override, name)
            if value is None:
                continue
            shared = facts["date" if name == "date" else name if name == "time" else "place.ru"]
            shown = value.ru if name == "place" else value
            if shown != shared.value:
                raise _error(loaded, ("regions", rid, name), _ONE_SESSION,
                             _("the notice to '{region}' states another {name} than the "
                               "session's ({where} says {value}); one session has one {name}: "
                               "remove it, or give regions.{region}.reason: {example} to say "
                               "why this region differs").format(
                                 region=rid, name=name, where=shared.where(),
                                 value=_shown(shared.value), example="{ru: …, kk: …}"))


def _council_minutes(sessions: Iterable[Loaded[Session]]) -> list[Loaded[Session]]:
    return [ld for ld in sessions
            if ld.model.body == "council" and ld.model.attendance is not None]


def check_orders_cite_minutes(orders: Iterable[Loaded[OrderFile]],
                              sessions: list[Loaded[Session]]) -> None:
    """An order cites a Council meeting whose minutes are here and considered its people."""
    minutes = _council_minutes(sessions)
    for loaded in orders:
        order = loaded.model.order
        meeting = order.council_meeting
        if meeting is None:
            continue
        key = ("order", "council_meeting", "protocol_number")
        match = [m for m in minutes if m.model.protocol_number == meeting.protocol_number
                 and m.model.date == meeting.date]
        if not match:
            known = "; ".join(_("{file}: protocol No. {number} of {date}").format(
                file=m.path.name, number=m.model.protocol_number, date=m.model.date)
                for m in minutes) or _("none")
            raise _error(loaded, key, _CITES,
                         _("the order cites the Council protocol No. {number} of {date}, but no "
                           "Council minutes in this folder have that number and date (Council "
                           "minutes here: {known})").format(
                             number=meeting.protocol_number, date=meeting.date, known=known))
        cited = match[0]
        items = [(i, it) for i, it in enumerate(cited.model.agenda) if it.kind == "membership"]
        if not items:
            raise _error(loaded, key, _CITES,
                         _("the cited Council meeting ({file}:{line}) had no membership item "
                           "(kind: membership) that considered candidates for the Assembly")
                         .format(file=cited.path.name, line=cited.source.line_of(("agenda",))))
        considered = {person_key(localized_name(c.name, "ru"))
                      for _, it in items for c in it.candidates}
        for n, adm in enumerate(order.admit):
            name = localized_name(adm.name, "ru")
            if person_key(name) not in considered:
                line = cited.source.line_of(("agenda", items[0][0]))
                raise _error(loaded, ("order", "admit", n, "name"),
                             N_("candidates considered by the Council"),
                             _("'{name}' is admitted, but the cited Council meeting "
                               "({file}:{line}) did not consider this candidate").format(
                                 name=name, file=cited.path.name, line=line))


def decision_numbers(loaded: Loaded[Session]) -> list[int]:
    """The numbers of a Council file's decisions (one per adopted item)."""
    return [number for number, _item in council_decisions(loaded)]


def check_decision_numbers(sessions: Iterable[Loaded[Session]]) -> None:
    """Council decision numbers rise with the meetings' dates."""
    numbered = [(ld.model.date, ld, decision_numbers(ld)) for ld in _council_minutes(sessions)]
    numbered = sorted((n for n in numbered if n[2]), key=lambda n: (n[0], n[2][0]))
    for (day, before, nums), (later_day, after, later) in itertools.pairwise(numbered):
        if later[0] <= nums[-1]:
            key: PathKey = ("decision_number",) if after.model.decision_number else (
                "protocol_number",)
            numbers = _("No. {first}–{last} on {date}")
            earlier = Fact(numbers.format(first=nums[0], last=nums[-1], date=day), before,
                           ("decision_number",) if before.model.decision_number
                           else ("protocol_number",))
            stated = Fact(numbers.format(first=later[0], last=later[-1], date=later_day), after,
                          key)
            raise _conflict(N_("decision numbers rise with dates"),
                            _("the decisions of {later_day} are numbered from {first}, not "
                              "after those of {day} (set decision_number: {next} or more)")
                            .format(later_day=later_day, first=later[0], day=day,
                                    next=nums[-1] + 1), stated, earlier)


def _chairs(loaded: Loaded[Session]) -> list[tuple[str, Fact]]:
    s = loaded.model
    found = []
    if s.body == "small_assembly" and s.region:
        found.append((s.region, Fact(localized_name(s.chair.name, "ru"), loaded,
                                     ("chair", "name"))))
    for rid, override in (s.regions or {}).items():
        if isinstance(override.addressee, Person):
            found.append((rid, Fact(localized_name(override.addressee.name, "ru"), loaded,
                                    ("regions", rid, "addressee", "name"))))
    return found


def check_one_chair(sessions: Iterable[Loaded[Session]]) -> None:
    """One region has one chair of its small assembly (the akim) in the case file."""
    seen: dict[str, Fact] = {}
    for loaded in sessions:
        for rid, fact in _chairs(loaded):
            first = seen.setdefault(rid, fact)
            if person_key(first.value) != person_key(fact.value):
                raise _conflict(N_("one region, one chair"),
                                _("region '{region}' has one chair of its small assembly (the "
                                  "akim); if the akim changed, check the files of each period "
                                  "in their own folder").format(region=rid), fact, first)
