"""What one paper of a case cites from another, and the posts people hold (``docgen check``).

- An order admitting a candidate a small assembly nominated cites that session by its date;
  where the folder holds minutes of that region's small assembly, the cited session is one of
  them and nominated the candidate there.
- A person named in several papers of the case is given one position: the admitted candidate's
  position in the order is the one the Council considered and the small assembly nominated.
- With the roll (``--archive``), the counting commission, the members of an annexed
  composition and the people an order admits are looked up like everyone else
  (:mod:`docgen.papers.case_people`), and a post a paper gives someone («председатель …») is
  not one the roll gives, word for word, to another member that day.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.errors import RuleError
from docgen.i18n import N_, _
from docgen.input.loader import PathKey, dotted
from docgen.input.models import OrderFile, Session, localized_name
from docgen.input.validate import Loaded
from docgen.law.rulebook import using
from docgen.papers.case_people import Mention, PeopleCheck, mentions
from docgen.papers.orders import person_key

_NOMINATING = N_("an order cites the nominating session")
_ONE_POSITION = N_("one person, one position in the case")
_PEOPLE = N_("people and offices from the roll")
_CHAIR = "председател"
"""A post one person holds at a time (the chair of a centre, a council, an association)."""


def _error(loaded: Loaded, key: PathKey, rule: str, message: str) -> RuleError:
    return RuleError(message, rule=_("case file: {rule}").format(rule=_(rule)), path=loaded.path,
                     line=loaded.source.line_of(key), field=dotted(key))


def _where(loaded: Loaded, key: PathKey) -> str:
    return f"{loaded.path.name}:{loaded.source.line_of(key)}"


def _position(person: object) -> str:
    text = getattr(person, "position", None)
    return (text.ru or "").strip() if text is not None else ""


def check_citations(files: list[Loaded]) -> None:
    """An order's admissions cite the small-assembly sessions and Council meetings of the
    folder by date, and state the positions those papers gave the candidates."""
    sessions = [ld for ld in files if isinstance(ld.model, Session)]
    for loaded in files:
        if isinstance(loaded.model, OrderFile):
            _check_order(loaded, sessions)


def _check_order(loaded: Loaded[OrderFile], sessions: list[Loaded[Session]]) -> None:
    order = loaded.model.order
    council = [ld for ld in sessions if ld.model.body == "council"
               and order.council_meeting is not None and ld.model.attendance is not None
               and ld.model.date == order.council_meeting.date
               and ld.model.protocol_number == order.council_meeting.protocol_number]
    for n, adm in enumerate(order.admit):
        nom = adm.nominated_by
        cited = []
        if nom.kind == "small_assembly" and nom.region:
            held = [ld for ld in sessions if ld.model.body == "small_assembly"
                    and ld.model.region == nom.region and ld.model.attendance is not None]
            cited = [ld for ld in held if ld.model.date == nom.decision_date]
            if held and not cited:
                known = "; ".join(_("{file}: session No. {number} of {date}").format(
                    file=ld.path.name, number=ld.model.number, date=ld.model.date)
                    for ld in held)
                raise _error(loaded, ("order", "admit", n, "nominated_by", "decision_date"),
                             _NOMINATING,
                             _("the order cites a session of the small assembly of '{region}' "
                               "of {date}, but the folder's minutes of that small assembly are "
                               "of other dates ({known}): cite the session that nominated the "
                               "candidate, or add its minutes to the folder").format(
                                 region=nom.region, date=nom.decision_date, known=known))
        for source in [*cited, *council]:
            _same_candidate(loaded, n, source, nominated=source in cited)


def _same_candidate(loaded: Loaded[OrderFile], n: int, source: Loaded[Session],
                    nominated: bool) -> None:
    adm = loaded.model.order.admit[n]
    name = localized_name(adm.name, "ru") if adm.name else ""
    for i, item in enumerate(source.model.agenda):
        for j, cand in enumerate(item.candidates):
            if not cand.name or person_key(localized_name(cand.name, "ru")) != person_key(name):
                continue
            here, there = _position(adm), _position(cand)
            if here and there and person_key(here) != person_key(there):
                raise _error(loaded, ("order", "admit", n, "position", "ru"), _ONE_POSITION,
                             _("'{name}' is admitted as '{here}', but {where} gives the "
                               "candidate the position '{there}'; one person has one position "
                               "in the case").format(
                                 name=name, here=here, there=there,
                                 where=_where(source, ("agenda", i, "candidates", j,
                                                       "position", "ru"))))
            return
    if nominated:
        raise _error(loaded, ("order", "admit", n, "name"), _NOMINATING,
                     _("'{name}' is admitted as nominated by the session of {date}, but its "
                       "minutes ({file}) nominate no such candidate").format(
                         name=name, date=source.model.date, file=source.path.name))


def more_mentions(loaded: Loaded) -> Iterator[Mention]:
    """People :func:`docgen.papers.case_people.mentions` does not name: the counting
    commission, the members of an annexed composition, the people an order admits."""
    model = loaded.model
    if isinstance(model, OrderFile):
        order = model.order
        for i, adm in enumerate(order.admit):
            yield Mention(loaded, ("order", "admit", i), adm, "admitted", order.date,
                          member=False)
        return
    s: Session = model
    for i, item in enumerate(s.agenda):
        if item.counting is not None:
            for j, person in enumerate(item.counting.members):
                yield Mention(loaded, ("agenda", i, "counting", "members", j), person,
                              "counting commission", s.date, member=s.body != "small_assembly")
        if item.annex is not None:
            for j, person in enumerate(item.annex.members):
                yield Mention(loaded, ("agenda", i, "annex", "members", j), person, "annex",
                              s.date, member=False)


class PostCheck:
    """The people :func:`more_mentions` names, and the posts every person of a file is given,
    against the roll (one roll, many files)."""

    def __init__(self, people: PeopleCheck) -> None:
        self.people = people
        self.posts: dict[str, list[int]] = {}
        for member in people.index.members.values():
            post = person_key(member.position_ru)
            if post.startswith(_CHAIR):
                self.posts.setdefault(post, []).append(member.id)

    def check(self, loaded: Loaded) -> None:
        """Raise on the first person of ``loaded`` the roll contradicts."""
        with using(loaded.rulebook):
            extra = list(more_mentions(loaded))
            for mention in extra:
                self.people.check_one(mention)
            for mention in [*mentions(loaded), *extra]:
                if getattr(mention.person, "member", None) is not False:
                    self.check_post(mention)

    def check_post(self, m: Mention) -> None:
        """A chair's post the paper gives ``m`` is not held, on the roll, by another member."""
        position = _position(m.person)
        if not position:
            return
        index = self.people.index
        found = self.people.identify(m)
        for part in position.split(","):
            holders = [i for i in self.posts.get(person_key(part), [])
                       if index.member_on(i, m.day) and (found is None or i != found.id)]
            if not holders:
                continue
            who = ", ".join(f"'{index.members[i].name_ru}' (#{i})" for i in holders)
            name = localized_name(m.person.name, "ru") if m.person.name else (
                found.name_ru if found else "?")
            raise _error(m.loaded, (*m.key, "position", "ru"), _PEOPLE,
                         _("'{name}' ({role}) is named as '{post}' on {date}, but the roll has "
                           "{who} in that post that day; write the position the person holds, "
                           "or bring the roll up to date").format(
                             name=name, role=m.role, post=part.strip(), date=m.day, who=who))
