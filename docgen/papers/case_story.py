"""The story a case file tells, checked against itself (``docgen check DIR``).

- an election of Majilis deputies follows the Council's nomination of its candidates: a
  Council meeting in the folder that nominates them after the election contradicts it;
- one registration number (kind, year) is one paper: two files that issue the same number
  for different papers (or the same notice in two versions) conflict;
- a member removed by an order in the folder is not present at a later meeting;
- a removal on a named "other" ground (the rulebook's ``orders.other_grounds``) is not
  contradicted by the folder: ``non_participation`` means the member was present at no
  meeting in the folder within the year before the order.

Each conflict names both files (``file:line``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docgen.errors import RuleError
from docgen.i18n import N_, _
from docgen.input.loader import PathKey, dotted
from docgen.input.models import OrderFile, Session, localized_name
from docgen.input.validate import Loaded
from docgen.law.rulebook import using
from docgen.papers.orders import person_key


@dataclass(frozen=True)
class Spot:
    """A place in a file."""

    loaded: Loaded
    key: PathKey

    def where(self) -> str:
        return f"{self.loaded.path.name}:{self.loaded.source.line_of(self.key)}"

    def error(self, rule: str, message: str) -> RuleError:
        return RuleError(message, rule=_("case file: {rule}").format(rule=_(rule)),
                         path=self.loaded.path,
                         line=self.loaded.source.line_of(self.key), field=dotted(self.key))


def _sessions(files: list[Loaded]) -> list[Loaded[Session]]:
    return [ld for ld in files if isinstance(ld.model, Session)]


def _orders(files: list[Loaded]) -> list[Loaded[OrderFile]]:
    return [ld for ld in files if isinstance(ld.model, OrderFile)]


# -- nominations before the election

_NOMINATES = N_("the Council nominates before the session elects")


def council_decisions(loaded: Loaded[Session]) -> list[tuple[int, int]]:
    """(number, agenda index) of each decision a Council file takes: one per adopted item,
    numbered on from ``decision_number`` (else the protocol's number)."""
    from docgen.input.models import identifier_number
    from docgen.law.rules import is_adopted

    s = loaded.model
    present = s.attendance.present if s.attendance else 0
    if not isinstance(present, int):
        present = len(present)
    with using(loaded.rulebook):
        adopted = [i for i, item in enumerate(s.agenda) if item.votes is not None and (
            is_adopted(s.body, item.votes.for_, present, s.members_total)
            if s.members_total is not None else item.outcome != "not_adopted")]
    first = identifier_number(s.decision_number or s.protocol_number or "1")
    return [(first + n, i) for n, i in enumerate(adopted)]


@dataclass(frozen=True)
class _Decision:
    number: int
    day: dt.date
    spot: Spot
    candidates: frozenset[str]


def _council_nominations(files: list[Loaded]) -> list[_Decision]:
    """Every decision of the folder's Council papers, with the candidates it nominates."""
    found = []
    for ld in _sessions(files):
        s = ld.model
        if s.body != "council":
            continue
        for number, i in council_decisions(ld):
            item = s.agenda[i]
            names = frozenset(person_key(localized_name(c.name, "ru")) for c in item.candidates
                              if item.kind == "decision")
            found.append(_Decision(number, s.date, Spot(ld, ("agenda", i, "title")), names))
    return found


def check_nominations(files: list[Loaded]) -> None:
    """An election cites the Council's nomination: none of its candidates is nominated by
    a Council meeting of the folder dated after the election, and the Council decision it
    cites (``council_decision``) is in the folder, on that date, nominating them."""
    decisions = _council_nominations(files)
    nominated: dict[str, list[tuple[dt.date, Spot]]] = {}
    for d in decisions:
        for name in sorted(d.candidates):
            nominated.setdefault(name, []).append((d.day, d.spot))
    for ld in _sessions(files):
        s = ld.model
        for i, item in enumerate(s.agenda):
            if item.kind != "majilis_election":
                continue
            for j, cand in enumerate(item.candidates):
                dates = nominated.get(person_key(localized_name(cand.name, "ru")), [])
                if not dates or any(day <= s.date for day, _ in dates):
                    continue
                day, spot = min(dates, key=lambda d: d[0])
                here = Spot(ld, ("agenda", i, "candidates", j, "name"))
                raise here.error(_NOMINATES, _(
                    "the session of {date} elects '{name}' as nominated by the Council, but "
                    "the Council's nomination in the folder ({where}) is dated {day}, after "
                    "the election: date the Council meeting before the session, or the "
                    "session after it").format(date=s.date, name=localized_name(cand.name, "ru"),
                                               where=spot.where(), day=day))
            _check_cited_decision(ld, i, decisions)


def _check_cited_decision(ld: Loaded[Session], i: int, decisions: list[_Decision]) -> None:
    """The Council decision an election cites is the folder's, with its date and candidates."""
    item = ld.model.agenda[i]
    if not decisions:
        return  # no Council papers in the folder: nothing to check it against
    ref = item.council_decision
    names = {person_key(localized_name(c.name, "ru")) for c in item.candidates}
    nominating = [d for d in decisions if d.candidates & names]
    if ref is None:
        if nominating:
            d = nominating[0]
            raise Spot(ld, ("agenda", i, "kind")).error(_NOMINATES, _(
                "the minutes do not cite the Council decision that nominated the candidates "
                "({where}): add council_decision: {{number: {number}, date: {day}}}").format(
                    where=d.spot.where(), number=d.number, day=d.day))
        return
    from docgen.input.models import identifier_number

    number = identifier_number(str(ref.number))
    same = [d for d in decisions if d.number == number and d.day.year == ref.date.year]
    here = Spot(ld, ("agenda", i, "council_decision", "number"))
    if not same:
        shown = ", ".join(f"№ {d.number} ({d.day}, {d.spot.where()})" for d in nominating
                          ) or _("none nominates these candidates")
        raise here.error(_NOMINATES, _(
            "the minutes cite Council decision № {number} of {day}, which no Council paper "
            "in the folder takes; the folder's nominations: {shown}").format(
                number=number, day=ref.date, shown=shown))
    d = same[0]
    if d.day != ref.date:
        raise Spot(ld, ("agenda", i, "council_decision", "date")).error(_NOMINATES, _(
            "the minutes date Council decision № {number} {day}, but the folder's decision "
            "№ {number} ({where}) was taken on {actual}").format(
                number=number, day=ref.date, where=d.spot.where(), actual=d.day))
    missing = [localized_name(c.name, "ru") for c in item.candidates
               if person_key(localized_name(c.name, "ru")) not in d.candidates]
    if missing:
        raise here.error(_NOMINATES, _(
            "Council decision № {number} ({where}) does not nominate {names}, whom the "
            "session elects as nominated by it").format(
                number=number, where=d.spot.where(), names=", ".join(missing)))


# -- one registration number, one paper

_NOTICE_FACTS = ("kind", "date", "time", "place", "convocation", "executor", "notice_index",
                 "chair", "secretary", "members_total")


def _notice_facts(s: Session) -> dict[str, Any]:
    facts = s.model_dump(include=set(_NOTICE_FACTS), by_alias=True)
    facts["agenda"] = [{"title": it.title.model_dump(), "speakers": [
        p.model_dump(by_alias=True) for p in it.speakers]} for it in s.agenda]
    return facts


def _numbers(ld: Loaded) -> Iterator[tuple[tuple, Spot, Any]]:
    """(register key, where, what the paper is) for each numbered paper of a file."""
    m = ld.model
    if isinstance(m, OrderFile):
        o = m.order
        yield (("order", o.date.year, str(o.number)), Spot(ld, ("order", "number")),
               m.model_dump(exclude={"revision", "rulebook"}, by_alias=True))
        return
    s: Session = m
    issuer = s.region or ""
    poll = s.body == "council" and s.mode == "poll"
    c = s.convocation
    if not poll and c.notice_number is not None:
        yield (("notice", issuer, c.notice_date.year, str(c.notice_number)),
               Spot(ld, ("convocation", "notice_number")),
               ((s.body, s.number), _notice_facts(s)))
    if s.attendance is not None and s.protocol_number is not None:
        yield (("minutes", s.body, issuer, s.date.year, str(s.protocol_number)),
               Spot(ld, ("protocol_number",)), ((s.body, s.number, s.date), None))


def _differs(first: Any, later: Any) -> str | None:
    """The first field where two papers' facts differ, or None when they are one paper."""
    (who, facts), (who2, facts2) = first, later
    if who != who2:
        return "session"
    if facts is None or facts2 is None:
        return None
    if isinstance(facts, dict):
        for name in facts:
            if facts[name] != facts2.get(name):
                return name
    return None


def check_registration_numbers(files: list[Loaded]) -> None:
    """One registration number of one kind in one year is one paper."""
    seen: dict[tuple, tuple[Spot, Any]] = {}
    for ld in files:
        for key, spot, what in _numbers(ld):
            first = seen.setdefault(key, (spot, what))
            if first[0] is spot:
                continue
            if key[0] == "order":
                differs = None if first[1] == what else "order"
            else:
                differs = _differs(first[1], what)
            if differs is None:
                continue
            kind, number, year = key[0], key[-1], key[-2]
            detail = (_("another session") if differs == "session" else
                      _("'{field}' differs").format(field=differs))
            raise spot.error(
                N_("one registration number, one paper"),
                _("{kind} № {number} of {year} is also issued by {where} as another paper "
                  "({detail}): one number is one paper — give this one its own number, or "
                  "make both files state the same paper").format(
                      kind=kind, number=number, year=year, where=first[0].where(),
                      detail=detail))


# -- removed members and the meetings of the folder

def _present(ld: Loaded[Session]) -> Iterator[tuple[str, Spot]]:
    """(person key, where) of everyone a meeting's minutes list as present."""
    s = ld.model
    if s.attendance is None or (s.body == "council" and s.mode == "poll"):
        return
    yield person_key(localized_name(s.chair.name, "ru")), Spot(ld, ("chair", "name"))
    for i, person in enumerate(s.attendance.members):
        yield (person_key(localized_name(person.name, "ru")),
               Spot(ld, ("attendance", "members", i, "name")))
    for i, item in enumerate(s.agenda):
        for j, person in enumerate(item.speakers):
            yield (person_key(localized_name(person.name, "ru")),
                   Spot(ld, ("agenda", i, "speakers", j, "name")))
        for j, speech in enumerate(item.spoke):
            yield (person_key(localized_name(speech.name, "ru")),
                   Spot(ld, ("agenda", i, "spoke", j, "name")))


def check_removed_members(files: list[Loaded], rulebook_of: Any = None) -> None:
    """A member removed by an order of the folder is at no later meeting; a named "other"
    ground is not contradicted by the folder's meetings."""
    meetings = [ld for ld in _sessions(files) if ld.model.attendance is not None]
    for order_ld in _orders(files):
        order = order_ld.model.order
        for i, rem in enumerate(order.remove):
            who = person_key(localized_name(rem.name, "ru"))
            removal = Spot(order_ld, ("order", "remove", i, "name"))
            for ld in meetings:
                for key, spot in _present(ld):
                    if key != who:
                        continue
                    if ld.model.date >= order.date:
                        raise spot.error(
                            N_("a removed member is at no later meeting"),
                            _("'{name}' is present on {day}, but was removed from the "
                              "Assembly on {removed} ({where})").format(
                                  name=localized_name(rem.name, "ru"), day=ld.model.date,
                                  removed=order.date, where=removal.where()))
                    _check_other_ground(order_ld, i, ld, spot)


def _check_other_ground(order_ld: Loaded[OrderFile], i: int, meeting: Loaded[Session],
                        spot: Spot) -> None:
    order = order_ld.model.order
    rem = order.remove[i]
    if rem.ground != "other" or rem.other_ground is None:
        return
    with using(order_ld.rulebook):
        from docgen.law.rulebook import in_force

        named = in_force().orders.other_grounds.get(rem.other_ground)
    days = named.not_present_within_days if named is not None else None
    if days is None or (order.date - meeting.model.date).days > days:
        return
    where = Spot(order_ld, ("order", "remove", i, "other_ground"))
    raise where.error(
        _("the ground '{ground}' holds").format(ground=rem.other_ground),
        _("'{name}' is removed on {day} for {ground} ({wording}: present at no meeting "
          "within {days} days before the order), but {where} lists him or her present on "
          "{date}").format(name=localized_name(rem.name, "ru"), day=order.date,
                           ground=rem.other_ground, wording=named.ru if named else "",
                           days=days, where=spot.where(), date=meeting.model.date))


