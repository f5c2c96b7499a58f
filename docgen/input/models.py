"""The data model of docgen's input files (pydantic), and its JSON Schema.

Two kinds of file: a *session file* (a session of the Assembly or of a small assembly,
or a Council meeting) feeds notice, agenda, minutes and decision; an *order file*
feeds the Chairman's membership order. Field names are part of the contract.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from annotated_types import Interval
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from docgen.i18n import _
from docgen.input.kinds import KINDS, ORDER_KINDS, SESSION_KINDS
from docgen.input.languages import LANGS

_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def _clock(value: Any) -> str:
    text = getattr(value, "text", value)  # 10.00 typed for 10:00 keeps its digits
    if not isinstance(text, str) or not _TIME.match(text):
        shown = text if isinstance(text, str | int | float) else _("a value of another kind")
        raise ValueError(_("the time is written HH:MM (e.g. 10:00), not {value}")
                         .format(value=shown))
    return text


ClockTime = Annotated[str, BeforeValidator(_clock),
                      WithJsonSchema({"type": "string", "pattern": _TIME.pattern})]
"""A time of day, HH:MM."""

MAX_COUNT = 10_000
"""The largest count of people or votes docgen believes (the Assembly has a few hundred)."""
MAX_ROMAN = 3999
"""The largest session number Roman numerals write (MMMCMXCIX)."""
YEARS = (1900, 2100)
"""The years a date of a paper may fall in."""


def _whole(value: Any) -> Any:
    """Refuse true/false where a number is meant (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError(_("must be a whole number, not {value}").format(
            value=str(value).lower()))
    return value


Count = Annotated[int, Interval(ge=0, le=MAX_COUNT), BeforeValidator(_whole)]
"""A count of people or votes: 0 … MAX_COUNT."""
Members = Annotated[int, Interval(ge=1, le=MAX_COUNT), BeforeValidator(_whole)]
"""A number of members: 1 … MAX_COUNT."""
SessionNumber = Annotated[int, Interval(ge=1, le=MAX_ROMAN), BeforeValidator(_whole)]
"""A session number: 1 … 3999, what Roman numerals hold."""
Revision = Annotated[int, Interval(ge=1, le=999), BeforeValidator(_whole)]
"""The revision of a corrected document: 1 … 999."""
"""A session number: 1 … 3999, what Roman numerals hold."""


def _year(value: dt.date) -> dt.date:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(_("the year {year} is outside {first}–{last}; check the date").format(
            year=value.year, first=YEARS[0], last=YEARS[1]))
    return value


Date = Annotated[dt.date, AfterValidator(_year)]
"""A date as YYYY-MM-DD in the years 1900–2100."""

_IDENTIFIER = re.compile(r"^\w[\w./-]*$")
_MAX_IDENTIFIER = 20
_MAX_DIGITS = 9


def _identifier_text(value: Any) -> Any:
    """The identifier as typed: ``015`` stays "015" (the loader keeps a number's text)."""
    if isinstance(value, bool):
        raise ValueError(_("must be a number such as 15 or text such as 12-р, not {value}")
                         .format(value=str(value).lower()))
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    if isinstance(value, int):
        return str(value)
    return value


def _identifier(value: str) -> str:
    if not _IDENTIFIER.match(value) or not any(ch.isdigit() for ch in value):
        raise ValueError(_("must be a number such as 15 or 015, or a number with letters such "
                           "as 12-р, not {value}").format(value=repr(value)))
    if value.isdigit() and len(value.lstrip("0")) > _MAX_DIGITS:
        raise ValueError(_("has more than {limit} digits; check the number").format(
            limit=_MAX_DIGITS))
    if len(value) > _MAX_IDENTIFIER:
        raise ValueError(_("is {length} characters long; a number has at most {limit}").format(
            length=len(value), limit=_MAX_IDENTIFIER))
    if value.isdigit() and int(value) == 0:
        raise ValueError(_("must be greater than 0, not {value}").format(value=repr(value)))
    return value


Identifier = Annotated[str, BeforeValidator(_identifier_text), AfterValidator(_identifier),
                       WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1},
                                                 {"type": "string",
                                                  "pattern": _IDENTIFIER.pattern}]})]
"""The number of a notice, protocol, order or decision, kept exactly as typed
("015", "12-р"); a plain number when all digits."""


def identifier_number(value: str) -> int:
    """The number an identifier counts by: its last run of digits ("015" → 15,
    "12-р" → 12); for ordering and numbering, never for printing."""
    match = re.search(r"(\d+)\D*$", value)
    return int(match.group(1)) if match else 0


def next_identifier(value: str) -> str:
    """The next number after ``value``: its last run of digits plus one, width kept
    ("015" → "016", "12-р" → "13-р", "9" → "10")."""
    match = re.search(r"(\d+)(\D*)$", value)
    if match is None:
        return f"{value}-2"
    digits = match.group(1)
    following = str(int(digits) + 1).zfill(len(digits))
    return value[: match.start()] + following + match.group(2)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(_("must not be blank (it holds only spaces)"))
    return value


def _typed(value: Any) -> Any:
    """Where text is meant, a number is kept as typed (``title: 0E0`` is the text "0E0")."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) and not isinstance(value, str) else value


Plain = Annotated[str, BeforeValidator(_typed)]
"""Text; a number typed there stays the text it was typed as."""


class Strict(BaseModel):
    """Base model: unknown fields are errors, values are frozen once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(Strict):
    """A translatable text: the same content in Russian and in Kazakh."""

    ru: Plain | None = Field(None, description="Russian text")
    kk: Plain | None = Field(None, description="Kazakh text")

    def get(self, lang: str) -> str | None:
        """The text in ``lang`` (None when missing)."""
        return getattr(self, lang)


NonEmpty = Annotated[str, BeforeValidator(_typed), Field(min_length=1),
                     AfterValidator(_not_blank)]
"""Text that is not empty and not only spaces (a number typed there stays as typed)."""


class NameForms(Strict):
    """A name in the cases written by hand; a hand form always wins over docgen's declension."""

    nominative: NonEmpty = Field(description="The name as written in a list: 'Ким Виктор …'")
    genitive: NonEmpty | None = Field(None, description="кого? 'Кима Виктора …'")
    dative: NonEmpty | None = Field(None, description="кому? 'Киму Виктору …' / '…ке'")
    accusative: NonEmpty | None = Field(None, description="кого? 'Кима Виктора …'")
    instrumental: NonEmpty | None = Field(None, description="кем? 'Кимом Виктором …'")
    prepositional: NonEmpty | None = Field(None, description="о ком? 'о Киме Викторе …'")

    def given(self) -> dict[str, str]:
        """The forms the data gives, by case name."""
        return {case: value for case, value in self.model_dump().items() if value}


class LocalizedName(Strict):
    """A name per language, each a string or its forms by case (``{nominative: …, …}``)."""

    ru: NonEmpty | NameForms | None = Field(None, description="Russian spelling")
    kk: NonEmpty | NameForms | None = Field(None, description="Kazakh spelling")

    def get(self, lang: str) -> str | None:
        """The name in ``lang`` in the nominative (None when missing)."""
        value = getattr(self, lang)
        return value.nominative if isinstance(value, NameForms) else value

    def forms(self, lang: str) -> dict[str, str]:
        """The hand-written case forms in ``lang`` ({} when only the name is given)."""
        value = getattr(self, lang)
        return value.given() if isinstance(value, NameForms) else {}


PersonName = NonEmpty | LocalizedName
"""A name as one string, or per language {ru, kk} where the spelling differs (Тоқаев / Токаев),
each language a string or {nominative, genitive, dative, accusative, …} given by hand."""

Gender = Literal["male", "female"]


def localized_name(name: str | LocalizedName | Text, lang: str) -> str:
    """The person's name as written in ``lang`` (nominative)."""
    if isinstance(name, LocalizedName | Text):
        return name.get(lang) or ""
    return name


def hand_forms(name: str | LocalizedName, lang: str) -> dict[str, str]:
    """The case forms the data gives by hand for ``lang`` ({} for none)."""
    return name.forms(lang) if isinstance(name, LocalizedName) else {}


class Named(Strict):
    """Someone named in a paper: the name (or the roll id), and the gender where the name does
    not show it."""

    name: PersonName | None = Field(
        None, description="Full name, surname first: 'Иванов Иван Иванович'; or "
        "{ru: 'Токаев …', kk: 'Тоқаев …'} where the spelling differs; or per language "
        "{nominative: …, genitive: …, …} by hand. Leave it out to take it from the roll (id)")
    id: Members | None = Field(
        None, description="The person's roll id (docgen members list): name, gender and, "
        "unless given, position come from the member roll (needs --archive)")
    gender: Gender | None = Field(
        None, description="male | female, for names that do not show it (Ким, Шевчук, Ли)")
    member: Literal[False] | None = Field(
        None, description="false: not a member of the Assembly (an invited speaker, a guest): "
        "`docgen check DIR --archive A` does not look the person up on the roll; everyone "
        "else a paper names as chair, secretary, speaker or signatory is a member on the roll")

    @model_validator(mode="after")
    def _named(self) -> Named:
        if self.name is None and self.id is None:
            raise ValueError(_("give the person's name, or the roll id (id: N)"))
        if self.id is not None and self.member is False:
            raise ValueError(_("a person given by roll id is on the roll: remove member: "
                               "false"))
        return self


class Person(Named):
    """A person: name, position in both languages."""

    position: Text | None = Field(None, description="Position (job title) in ru and kk")


class Votes(Strict):
    """Counts of an open or secret vote."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    for_: Count = Field(alias="for", description="votes for (за / жақтап)")
    against: Count = Field(0, description="votes against (против / қарсы)")
    abstained: Count = Field(0, description="abstained (воздержались / қалыс қалды)")


class Speech(Named):
    """Someone who spoke on an item (ВЫСТУПИЛИ / СӨЙЛЕГЕНДЕР)."""

    position: Text | None = None
    summary: Text | None = Field(None, description="What they said, in both languages")


class Candidate(Person):
    """A candidate; in an election, with the votes cast for and against him or her."""

    votes: Votes | None = Field(None, description="Election: this candidate's votes")


class CommissionMember(Person):
    """A member of the counting commission (its chair, its secretary or a member)."""

    role: Literal["chair", "secretary", "member"] = Field(
        "member", description="chair | secretary | member of the counting commission")


class Counting(Strict):
    """The counting commission of a secret ballot and its protocol (счетная комиссия)."""

    protocol_number: Identifier = Field(description="Number of the counting commission's "
                                         "protocol")
    ballots_issued: Count = Field(description="Ballots issued")
    ballots_in_box: Count = Field(description="Ballots found in the ballot box")
    ballots_invalid: Count = Field(0, description="Invalid ballots")
    approved: Votes | None = Field(
        None, description="The session's open vote approving the commission's protocol "
        "(the minutes record it after «Утвердить протокол счетной комиссии»)")
    members: list[CommissionMember] = Field(
        default_factory=list, description="The counting commission the session elected "
        "(the minutes' first decision names them; required for a secret ballot): each "
        "member's name, position and role (one chair and one secretary, who sign its "
        "protocol with the members)")


class PlanRow(Strict):
    """One line of a plan a decision approves: what, when, who is responsible."""

    what: Text = Field(description="The event or measure")
    when: Text = Field(description="Its date or period: {ru: 'сентябрь 2026 года', kk: …}")
    who: Text | None = Field(None, description="Who is responsible")


class Annex(Strict):
    """A composition (members) or a plan (rows) a decision approves, annexed to it
    ("согласно приложению")."""

    title: Text = Field(description="The annex's heading: {ru: 'Состав Научно-экспертного "
                        "совета …', kk: '… құрамы'}")
    members: list[Person] = Field(default_factory=list,
                                  description="A composition: who is in it, with positions")
    rows: list[PlanRow] = Field(default_factory=list,
                                description="A plan: its lines (what, when, who)")

    @model_validator(mode="after")
    def _one_kind(self) -> Annex:
        if bool(self.members) == bool(self.rows):
            raise ValueError(_("an annex gives members (a composition) or rows (a plan), "
                               "one of the two"))
        return self


class DecisionRef(Strict):
    """A Council decision cited by its number and date."""

    number: Identifier = Field(description="The decision's number (decision_number on)")
    date: Date = Field(description="The date of the Council meeting (or poll) that took it")


class AgendaItem(Strict):
    """One agenda item; the minutes fields are filled in after the session."""

    kind: Literal["decision", "membership", "majilis_election"] = Field(
        "decision", description="decision | membership (the Council considers candidates for "
        "membership) | majilis_election (the session elects Majilis deputies, per candidate)")
    title: Text = Field(description="The item's title")
    speakers: list[Person] = Field(default_factory=list, description="Rapporteurs")
    heard: Text | None = Field(None, description="СЛУШАЛИ / ТЫҢДАЛДЫ")
    spoke: list[Speech] = Field(default_factory=list, description="ВЫСТУПИЛИ / СӨЙЛЕГЕНДЕР")
    decision: Text | None = Field(None, description="ПОСТАНОВИЛИ / ҚАУЛЫ ЕТТІ")
    votes: Votes | None = None
    outcome: Literal["adopted", "not_adopted"] | None = Field(
        None, description="Optional stated outcome; docgen checks it against the votes"
    )
    candidates: list[Candidate] = Field(
        default_factory=list, description="Candidates nominated or elected (an election gives "
        "each one's votes)"
    )
    voting: Literal["open", "secret"] | None = Field(
        None, description="This item's way of voting, when it differs from the session's")
    counting: Counting | None = Field(
        None, description="Secret ballot: the counting commission's protocol and ballots")
    control: Person | None = Field(
        None, description="Council decision: who is charged with control of its execution "
        "(default: the session's control)")
    distribution: list[Text] = Field(
        default_factory=list, description="Council decision: to whom it is sent (рассылка / "
        "таратылсын; default: the session's distribution)")
    annex: Annex | None = Field(
        None, description="Council decision approving a composition: the list annexed; the "
        "decision's text says 'согласно приложению' / 'қосымшаға сәйкес'")
    council_decision: DecisionRef | None = Field(
        None, description="Majilis election: the Council decision that nominated the "
        "candidates, cited by the minutes ('решением Совета … от … № …'); `docgen check DIR` "
        "finds it in the folder's Council papers, nominating the same candidates")


class Convocation(Strict):
    """How the session was convened (who convenes: see `docgen rules`)."""

    decided_on: Date = Field(description="Date of the Chairman's decision to convene")
    initiated_by: Literal["chairman", "members"] = "chairman"
    requesting_members: Count | None = Field(
        None, description="Members who requested an extraordinary session (signatures)"
    )
    request_date: Date | None = Field(
        None, description="The date of the members' request (initiated_by: members); the "
        "notice cites it")
    notice_date: Date = Field(description="Date the notice is issued")
    notice_number: Identifier | None = Field(None, description="Outgoing registration number")


MemberRef = Members | Annotated[str, Field(min_length=1)]
"""A member of the roll: roll id, or full name (ru or kk spelling)."""


class Attendance(Strict):
    """Who took part."""

    present: Count | list[MemberRef] = Field(
        description="Members present: a number, or the list of those present (roll ids or "
                    "full names; counted and checked against the roll with --archive)")
    invited: Count = Field(0, description="Invited guests (a number; or list them in guests)")
    guests: list[Person] = Field(
        default_factory=list, description="The invited by name: the minutes say 'Приглашенные: "
        "N (список прилагается)' and annex their list (N = the entries; invited, when "
        "given, must agree); without it they say only 'Приглашенные: N'")
    members: list[Person] = Field(
        default_factory=list, description="The members present, by name: the minutes say "
        "'Список присутствующих прилагается' and annex the list (one entry per member present)")


class Executor(Strict):
    """Who prepared a paper and answers questions about it (исполнитель / орындаушы)."""

    name: PersonName = Field(description="Full name, surname first")
    phone: Annotated[str, Field(min_length=1)] = Field(description="Phone, as it is to be "
                                                        "printed: '8 (7172) 74-01-15'")


class Procedure(Strict):
    """The session's first decision: the agenda and the way of voting approved (the session
    chooses the way of voting)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    votes: Votes = Field(description="The vote approving the agenda and the way of voting")
    opened_at: ClockTime | None = Field(None, description="When the chair opened the session "
                                        "(default: the start time)")
    closed_at: ClockTime | None = Field(None, description="When the chair closed it")


class PollSheets(Strict):
    """A Council poll (опрос): when the working body sent the poll sheets, by when they were
    to come back, and how many it sent (those returned are ``attendance.present``)."""

    sent_on: Date = Field(description="The date the poll sheets were sent")
    returned_by: Date = Field(description="The date by which they were to be returned")
    sheets_sent: Count = Field(description="How many poll sheets were sent (one a member)")


class RegionOverride(Strict):
    """Per-region values of a batch of notices, over the shared ones."""

    addressee: Person | Text | None = None
    place: Text | None = None
    date: Date | None = None
    time: ClockTime | None = None
    notice_number: Identifier | None = None
    reason: Text | None = Field(
        None, description="Why this region's date, time or place differs from the session's "
        "(checked by `docgen check DIR`)")


class OwnRegulation(Strict):
    """A small assembly's own regulation, approved by its chairman (the akim)."""

    title: Text = Field(description="Its title after 'Положение' / before 'ереже', e.g. "
                        "{ru: 'Об Ассамблее народа Казахстана Карагандинской области', "
                        "kk: 'Қарағанды облысы Қазақстан халқы Ассамблеясы туралы'}")
    act: Text = Field(description="The approving act, instrumental: "
                      "{ru: 'распоряжением', kk: 'өкімімен'}")
    issuer: Text = Field(description="Who approved it, genitive: {ru: 'акима Карагандинской "
                         "области', kk: 'Қарағанды облысы әкімінің'}")
    date: Date = Field(description="Date of the approving act")
    number: str = Field(min_length=1, description="Number of the approving act")


class Session(Strict):
    """A session (or Council meeting) file: notice, agenda, minutes, decisions."""

    rulebook: str | None = Field(None, description="Path of another rulebook file (default: "
                                 "the built-in Regulation of 2002; see `docgen rules`)")
    revision: Revision | None = Field(
        None, description="A corrected document: its revision (2, 3, …), issued with a new id "
        "that supersedes the previous revision in the journal (see `docgen render --revise`)")
    body: Literal["assembly", "council", "small_assembly"]
    region: str | None = Field(None, description="small_assembly only: region id, e.g. karaganda")
    number: SessionNumber = Field(description="Ordinal number of the session (Roman in documents)")
    kind: Literal["regular", "extraordinary"] = "regular"
    date: Date
    time: ClockTime = Field(description="Start time, HH:MM")
    place: Text
    members_total: Members | None = Field(
        None, description="All members of the body; when omitted, counted from the member "
                          "roll on the session date (Council: its members) with --archive")
    convocation: Convocation
    chair: Person
    secretary: Person
    agenda: list[AgendaItem] = Field(min_length=1)
    attendance: Attendance | None = None
    voting: Literal["open", "secret"] = "open"
    mode: Literal["meeting", "poll"] = "meeting"
    poll: PollSheets | None = Field(
        None, description="mode: poll only: {sent_on, returned_by, sheets_sent}; the record "
        "states them and that the poll sheets are annexed")
    protocol_number: Identifier | None = None
    decision_number: Identifier | None = Field(
        None, description="Number of the first Council decision (default: protocol number)"
    )
    executor: Executor | None = Field(
        None, description="Notices: who prepared it, printed at the bottom with the phone")
    notice_index: Annotated[str, Field(min_length=1)] | None = Field(
        None, description="Notices and invitations: the case index of the outgoing "
        "registration ('01-15'): the number prints as '01-15/15' (DOCGEN_INDEX_FORMAT sets "
        "another form)")
    procedure: Procedure | None = Field(
        None, description="Minutes of a meeting: the vote approving the agenda and the way of "
        "voting, and the times the session opened and closed")
    control: Person | None = Field(
        None, description="Council decisions: who is charged with control of their execution")
    distribution: list[Text] = Field(
        default_factory=list, description="Council decisions: to whom they are sent")
    regions: dict[str, RegionOverride] | None = Field(
        None, description="Batch notices: per-region values keyed by region id"
    )
    regulation: OwnRegulation | None = Field(
        None, description="small_assembly only: its own regulation (else docgen/data/regions.yaml)"
    )
    letterhead: str | None = Field(
        None, description="The secretariat's бланк, a Word file (.docx) whose first-page header "
        "(emblem, names in kk and ru) becomes the first page's header of every paper; a path "
        "relative to this file (--letterhead FILE overrides it)")


class Nomination(Strict):
    """Who nominated a candidate for admission."""

    kind: Literal["small_assembly", "association"]
    region: str | None = Field(None, description="small_assembly: region id")
    name: Text | None = Field(None, description="association: its name")
    decision_date: Date


class Admission(Named):
    """A person admitted to the Assembly."""

    position: Text | None = None
    nominated_by: Nomination


class Removal(Named):
    """A person removed from the Assembly, on a ground of the rulebook."""

    position: Text | None = None
    ground: Literal["position_change", "elected_office_ended", "own_request", "other"]
    other_ground: Annotated[str, Field(min_length=1)] | None = Field(
        None, description="ground 'other' with a name from the rulebook (orders.other_grounds, "
        "`docgen rules`): its fixed wording, and what it implies is checked by `docgen check "
        "DIR` (non_participation: present at no meeting of the folder within a year)")
    detail: Text | None = Field(None, description="ground 'other' without other_ground: the "
                                "ground in both languages")
    application_date: Date | None = Field(
        None, description="own_request: the date of the member's personal application "
        "(the order cites it: 'на основании личного заявления от …')")


class CouncilMeeting(Strict):
    """The Council meeting that considered the candidates."""

    date: Date
    protocol_number: Identifier
    presented_on: Date | None = Field(
        None, description="The date the deputy chairmen presented the candidates it "
        "approved to the Chairman (представление / ұсыну), cited by the admission point")


class Submitter(Strict):
    """Who submitted the removals to the Chairman."""

    kind: Literal["deputy_chairmen", "small_assembly_chair"]
    region: str | None = Field(None, description="small_assembly_chair: the region id")
    date: Date | None = Field(None, description="The date of the submission (представление / "
                              "ұсыну), cited by the order")


class CouncilMember(Named):
    """A member entering or leaving the Council by the Chairman's order."""

    position: Text | None = None


class CouncilChanges(Strict):
    """Changes to the Council's composition, the Chairman's decision."""

    include: list[CouncilMember] = Field(
        default_factory=list, description="members entering the Council on the order's date")
    exclude: list[CouncilMember] = Field(
        default_factory=list, description="members leaving the Council on the order's date")


class Appointment(Named):
    """Who holds an office of the roll from the order's date (the akim of a region is the
    chair of its small assembly; the head of its secretariat; a deputy chairman; the head of
    the Assembly's Secretariat). An office one person holds at a time ends for the previous
    holder on the same date."""

    position: Text | None = None
    office: Literal["deputy_chairman", "secretariat_head", "small_assembly_chair",
                    "small_assembly_secretariat_head"]
    region: str | None = Field(None, description="small_assembly_chair and "
                               "small_assembly_secretariat_head: the region id")
    replaces: PersonName | None = Field(
        None, description="deputy_chairman: the deputy chairman this one replaces (there are "
        "two); an office one person holds: its previous holder, checked against the roll")
    basis: Text | None = Field(
        None, description="the act that appointed the person (a Decree of the President, "
        "an akim's order), cited by the order: {ru: 'Указ … от … № …', kk: '… № … Жарлығы'}")


class Order(Strict):
    """The Chairman's membership order (распоряжение / өкім)."""

    number: Identifier
    date: Date
    place: Text
    signatory: Person
    council_meeting: CouncilMeeting | None = Field(
        None, description="The Council meeting that considered the candidates (admissions)")
    removal_submitted_by: Submitter | None = Field(
        None, description="Who submitted the removals: deputy_chairmen | small_assembly_chair")
    admit: list[Admission] = Field(default_factory=list)
    remove: list[Removal] = Field(default_factory=list)
    council_changes: CouncilChanges | None = Field(
        None, description="The Council's composition changed by the Chairman: "
        "include / exclude members, on the order's date")
    appointments: list[Appointment] = Field(
        default_factory=list, description="Who holds an office of the roll from the order's "
        "date (akim = small assembly chair, head of its secretariat, deputy chairman, head "
        "of the Secretariat)")


class OrderFile(Strict):
    """An order file: one top-level ``order`` mapping."""

    rulebook: str | None = Field(None, description="Path of another rulebook file")
    revision: Revision | None = Field(
        None, description="A corrected document: its revision (2, 3, …), issued with a new id "
        "that supersedes the previous revision in the journal (see `docgen render --revise`)")
    letterhead: str | None = Field(
        None, description="The secretariat's бланк, a Word file (.docx) whose first-page header "
        "(emblem, names in kk and ru) becomes the first page's header of every paper; a path "
        "relative to this file (--letterhead FILE overrides it)")
    order: Order


def model_for(kind: str) -> type[Strict]:
    """The model of the data file a document kind is made from."""
    return OrderFile if kind in ORDER_KINDS else Session


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema of the data file for ``kind`` (or of any data file)."""
    if kind is not None:
        schema = model_for(kind).model_json_schema(by_alias=True)
        schema["title"] = f"docgen data file for '{kind}'"
    else:
        session = Session.model_json_schema(by_alias=True)
        order = OrderFile.model_json_schema(by_alias=True)
        defs = {**session.pop("$defs", {}), **order.pop("$defs", {})}
        schema = {"title": "docgen data file", "anyOf": [session, order], "$defs": defs}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


__all__ = ["KINDS", "LANGS", "ORDER_KINDS", "SESSION_KINDS", "json_schema", "model_for"]
