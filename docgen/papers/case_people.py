"""People in a case file, checked against the roll (``docgen check DIR --archive A``).

Every person a paper names (chair, secretary, speakers, those who spoke, Council members
present, candidates, addressees, signatories, those removed) is looked up on the roll:

- a name on the roll must be spelled as the roll spells it, in Russian and in Kazakh;
- a chair, secretary, speaker, signatory or member present must be a member on the paper's
  date (for a Council meeting, a member of the Council), unless the data marks them
  ``member: false`` (an invited speaker);
- where a paper states an office (a position naming one: «аким Карагандинской области»,
  «председатель Ассоциации корейцев Казахстана», «заместитель Председателя …»), the person
  held it on the roll that day; the chair of a small assembly, and the addressee of a
  region's notice, is that region's akim on the roll.

Each failure names the file and line and the roll's row, and suggests the roll's form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from docgen.errors import RuleError
from docgen.i18n import N_, _
from docgen.input.loader import PathKey, dotted
from docgen.input.models import Named, OrderFile, Person, Session, localized_name
from docgen.input.regions import load_regions
from docgen.input.roll_file import row_key
from docgen.input.validate import Loaded
from docgen.law.rulebook import in_force, using
from docgen.papers.roll_counts import Amendments
from docgen.papers.roll_index import RollIndex, short_form, short_key
from docgen.records.roll import Member

_RULE = N_("people and offices from the roll")


@dataclass(frozen=True)
class Mention:
    """One person named in one paper."""

    loaded: Loaded
    key: PathKey
    person: Named
    role: str
    day: dt.date
    member: bool = True
    """Must be a member that day (unless marked ``member: false``)."""
    council: bool = False
    """Must be on the Council that day."""
    office: tuple[str, str] | None = None
    """An office the role itself implies: (office, scope)."""

    def error(self, message: str, sub: PathKey = ("name",)) -> RuleError:
        key = (*self.key, *sub)
        return RuleError(message, rule=_("case file: {rule}").format(rule=_(_RULE)),
                         path=self.loaded.path,
                         line=self.loaded.source.line_of(key), field=dotted(key))


def mentions(loaded: Loaded) -> Iterator[Mention]:
    """Every person the file's papers name, with the role and the paper's date."""
    model = loaded.model
    if isinstance(model, OrderFile):
        order = model.order
        yield Mention(loaded, ("order", "signatory"), order.signatory, "signatory", order.date)
        before = order.date - dt.timedelta(days=1)  # a member until the order removes them
        for i, rem in enumerate(order.remove):
            yield Mention(loaded, ("order", "remove", i), rem, "removed", before)
        admitted = {row_key(localized_name(a.name, lang)) for a in order.admit if a.name
                    for lang in ("ru", "kk")}
        changes = order.council_changes
        for part, people in (("include", changes.include if changes else []),
                             ("exclude", changes.exclude if changes else [])):
            for i, who in enumerate(people):
                if who.name is None or row_key(localized_name(who.name, "ru")) not in admitted:
                    yield Mention(loaded, ("order", "council_changes", part, i), who,
                                  "Council " + part, before if part == "exclude" else order.date,
                                  council=part == "exclude")
        for i, item in enumerate(order.appointments):  # the office is theirs from that day
            if item.name is None or row_key(localized_name(item.name, "ru")) not in admitted:
                yield Mention(loaded, ("order", "appointments", i), item, "appointed",
                              order.date, office=(item.office, item.region or ""))
        return
    s: Session = model
    council = s.body == "council"
    # a small assembly's people are its own members, not all on the Assembly's roll: those
    # who are must be spelled as the roll has them; its chair is the region's akim
    member = s.body != "small_assembly"
    chair_office = ("small_assembly_chair", s.region) if s.body == "small_assembly" else None
    yield Mention(loaded, ("chair",), s.chair, "chair", s.date, office=chair_office)
    yield Mention(loaded, ("secretary",), s.secretary, "secretary", s.date, member=member)
    if s.control is not None:
        yield Mention(loaded, ("control",), s.control, "control", s.date)
    if s.attendance is not None:
        for i, person in enumerate(s.attendance.members):
            yield Mention(loaded, ("attendance", "members", i), person, "present", s.date,
                          member=member, council=council)
    for i, item in enumerate(s.agenda):
        for j, person in enumerate(item.speakers):
            yield Mention(loaded, ("agenda", i, "speakers", j), person, "speaker", s.date,
                          member=member)
        for j, speech in enumerate(item.spoke):
            yield Mention(loaded, ("agenda", i, "spoke", j), speech, "spoke", s.date,
                          member=member)
        for j, cand in enumerate(item.candidates):
            yield Mention(loaded, ("agenda", i, "candidates", j), cand, "candidate", s.date,
                          member=False)
        if item.control is not None:
            yield Mention(loaded, ("agenda", i, "control"), item.control, "control", s.date)
    if s.body != "small_assembly":
        for rid, override in (s.regions or {}).items():
            if isinstance(override.addressee, Person):
                yield Mention(loaded, ("regions", rid, "addressee"), override.addressee,
                              "addressee", s.convocation.notice_date,
                              office=("small_assembly_chair", rid))


def amend_offices(index: RollIndex, amend: Amendments, loaded: Loaded[OrderFile],
                  where: str) -> None:
    """Amend the folder's roll with an order not applied to it yet: the Council's changes
    and the offices it gives (one-holder offices end for their previous holder)."""
    from docgen.records.roll_offices import SINGLE

    order = loaded.model.order
    day = order.date

    def member(person: Named) -> Member | None:
        if person.id is not None:
            return index.members.get(person.id)
        found = [m for m in index.find(localized_name(person.name, "ru"), "ru")
                 if index.member_on(m.id, day)] if person.name is not None else []
        return found[0] if len(found) == 1 else None

    changes = order.council_changes
    for part, people in (("include", changes.include if changes else []),
                         ("exclude", changes.exclude if changes else [])):
        for who in people:
            found = member(who)
            amend.council.append((day, 1 if part == "include" else -1))
            if found is not None:
                index.amend_office(found.id, "council", "", day, where, take=part == "include")
    for item in order.appointments:
        found, scope = member(item), item.region or ""
        if item.office in SINGLE:
            for holder in index.holders(item.office, scope, day):
                index.amend_office(holder.id, item.office, scope, day, where, take=False)
        elif item.replaces is not None:
            gone = member(Named(name=item.replaces))
            if gone is not None:
                index.amend_office(gone.id, item.office, scope, day, where, take=False)
        if found is not None:
            index.amend_office(found.id, item.office, scope, day, where, take=True)


def _norm(text: str) -> str:
    text = row_key(text).replace("заведующая", "заведующий")
    return text.strip(" .;")


def office_titles(index: RollIndex) -> dict[str, tuple[str, str]]:
    """Every title that states an office, normalized: → (office, scope)."""
    titles: dict[str, tuple[str, str]] = {}
    rulebook = in_force()
    for office, patterns in rulebook.offices.items():
        for region in load_regions().values():
            values = {"akim": region.akim["ru"], "region_genitive": region.name("ru", "genitive"),
                      "assembly_genitive": region.assembly_genitive["ru"]}
            for pattern in patterns:
                scoped = any(f"{{{k}}}" in pattern for k in values)
                titles[_norm(pattern.format(**values))] = (office, region.id if scoped else "")
    for held in index.held:
        if held.office == "association_head":
            titles[_norm(held.scope)] = ("association_head", held.scope)
    return titles


class PeopleCheck:
    """The people of a case file against the roll (one roll, many files)."""

    def __init__(self, index: RollIndex) -> None:
        self.index = index
        self._titles: dict[str, dict[str, tuple[str, str]]] = {}

    def check(self, loaded: Loaded) -> None:
        """Raise on the first person of ``loaded`` the roll contradicts."""
        with using(loaded.rulebook):
            for mention in mentions(loaded):
                self.check_one(mention)

    def titles(self, loaded: Loaded) -> dict[str, tuple[str, str]]:
        rid = getattr(loaded.rulebook, "id", "")
        if rid not in self._titles:
            self._titles[rid] = office_titles(self.index)
        return self._titles[rid]

    def check_one(self, m: Mention) -> None:
        person = m.person
        if getattr(person, "member", None) is False:
            return
        found = self.identify(m)
        if found is None:
            self._office_holders_only(m)
            return
        if m.member and not self.index.member_on(found.id, m.day):
            raise m.error(_("'{name}' ({role}) was not a member of the Assembly on {day}: "
                            "{why}").format(name=found.name_ru, role=m.role, day=m.day,
                                            why=self.index.why_not(found.id, m.day)))
        if m.council and found.id not in self.index.council(m.day):
            raise m.error(_("'{name}' (#{id}) is listed present at the Council on {day} but "
                            "was not a member of the Council that day (docgen members list "
                            "--council --on {day})").format(name=found.name_ru, id=found.id,
                                                           day=m.day))
        claims = self.claims(m)
        if m.office is not None:
            stated = (f"the akim, chair of the small assembly of {m.office[1]} ({m.role})"
                      if m.office[0] == "small_assembly_chair" else
                      f"{' '.join(m.office).strip()} ({m.role})")
            claims.insert(0, (m.office, stated))
        for (office, scope), stated in claims:
            holders = self.index.holders(office, scope, m.day)
            if any(h.id == found.id for h in holders):
                continue
            who = ", ".join(f"'{h.name_ru}' (#{h.id}{self._since(h.id, office, scope, m.day)})"
                            for h in holders) or "nobody"
            what = office.replace("_", " ") + (f" of {scope}" if scope and office !=
                                                "association_head" else "")
            raise m.error(_("'{name}' (#{id}) is named as {stated} on {day}, but the roll has "
                            "{who} as {what} that day; write the roll's person, or bring the "
                            "roll up to date").format(name=found.name_ru, id=found.id,
                                                      stated=repr(stated), day=m.day, who=who,
                                                      what=what), ("name",))

    def _since(self, member_id: int, office: str, scope: str, day: dt.date) -> str:
        """', since 2026-09-14 by order № 13 (order-2026-013.yaml)': the act behind it."""
        for held in self.index.held:
            if (held.member_id, held.office, held.scope) == (member_id, office, scope) \
                    and held.covers(day):
                return _(", since {day} by {act}").format(day=held.from_on, act=held.from_act) \
                    if held.from_act else ""
        return ""

    def _office_holders_only(self, m: Mention) -> None:
        """Someone not on the roll stated in an office the roll gives to another."""
        for (office, scope), stated in self.claims(m):
            holders = self.index.holders(office, scope, m.day)
            if holders:
                who = ", ".join(f"'{h.name_ru}' (#{h.id})" for h in holders)
                name = localized_name(m.person.name, "ru") if m.person.name else "?"
                raise m.error(_("'{name}' is named as {stated} on {day}, but the roll has "
                                "{who} in that office that day").format(
                                    name=name, stated=repr(stated), day=m.day, who=who))

    def claims(self, m: Mention) -> list[tuple[tuple[str, str], str]]:
        """The offices the mention's position states."""
        position = getattr(m.person, "position", None)
        text = position.ru if position is not None else None
        if not text:
            return []
        titles = self.titles(m.loaded)
        return [(titles[_norm(part)], part.strip()) for part in text.split(",")
                if _norm(part) in titles]

    def identify(self, m: Mention) -> Member | None:
        """The roll's member the mention names (None if not on the roll and need not be);
        an error for a spelling that differs from the roll's."""
        index = self.index
        if m.person.id is not None:  # named from the roll (docgen.papers.roll_ids)
            return index.members.get(m.person.id)
        name = m.person.name
        ru, kk = localized_name(name, "ru"), localized_name(name, "kk") or localized_name(
            name, "ru")
        by_ru, by_kk = index.find(ru, "ru"), index.find(kk, "kk")
        people = by_ru or by_kk
        if len(people) > 1:
            on_day = [p for p in people if index.member_on(p.id, m.day)]
            people = on_day or people
        if not people:
            if not m.member or row_key(ru) in index.admitted:  # admitted by a folder's order
                return None
            close = index.closest(ru)
            spelled = close and (close.name_ru if close.name_kk == close.name_ru
                                 else f"{close.name_ru}' / '{close.name_kk}")
            hint = _("; the roll has '{name}' (#{id})").format(
                name=spelled, id=close.id) if close else ""
            raise m.error(_("'{name}' ({role}) is not on the roll{hint}; a person who is not a "
                            "member (an invited speaker) is marked member: false").format(
                                name=ru, role=m.role, hint=hint))
        found = people[0]
        short = short_key(ru) is not None
        want_ru = short_form(found.name_ru) if short else found.name_ru
        want_kk = short_form(found.name_kk) if short else found.name_kk
        if not by_ru:
            raise m.error(_("'{name}' is spelled in Russian as the roll has it: '{want}' "
                            "(#{id})").format(name=ru, want=want_ru, id=found.id))
        if not any(p.id == found.id for p in by_kk):
            form = f"{{ru: '{want_ru}', kk: '{want_kk}'}}"
            raise m.error(_("'{name}' is not the roll's Kazakh spelling of '{ru}' (#{id}): "
                            "write name: {form}").format(name=kk, ru=found.name_ru, id=found.id,
                                                         form=form))
        return found
