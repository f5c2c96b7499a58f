"""The rulebook: the legal basis of the papers as data (``docgen/law/rulebooks/*.yaml``).

A rulebook holds the act's name and approving act in ru and kk, the paragraphs cited,
the thresholds, the periods (with the reasoning behind them), who convenes each body,
and the fixed wording of every legal sentence. Templates and planners take citations,
numbers and phrases from here only. It is read with the data files' loader, so a broken
rulebook is named ``file:line`` with its field, like a data file.

The rulebook in force is the built-in one unless ``--rulebook FILE`` or a ``rulebook:``
field of the data file selects another (:func:`resolve`); :func:`using` makes it the one
:func:`in_force` returns while a file is checked and rendered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import string
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

from docgen.errors import DataError
from docgen.i18n import _, ui_lang
from docgen.input.cache import cached_yaml
from docgen.input.loader import Located, load_yaml
from docgen.input.validate import validate_data

BUILTIN = Path(__file__).resolve().parent / "rulebooks" / "regulation-2002.yaml"
CASES: dict[str, tuple[str, ...]] = {
    "ru": ("nominative", "genitive", "dative", "instrumental"),
    "kk": ("nominative", "genitive", "dative"),
}
PLACEHOLDERS = frozenset({"cite", "date", "present", "total", "needed", "count", "body",
                          "body_genitive", "law", "detail", "number", "title", "act", "issuer",
                          "names", "regulation", "sent_on", "returned_by", "sent", "name"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _check_pattern(value: str, lang: str) -> str:
    """A phrase may use only the known {placeholders}; {cite:case} names a case of ``lang``."""
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as exc:
        raise ValueError(_("unbalanced braces in {value}: {reason}").format(
            value=repr(value), reason=exc)) from None
    for _text, name, spec, _conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise ValueError(_("unknown placeholder {name}; known: {known}").format(
                name=f"{{{name}}}", known=", ".join(sorted(PLACEHOLDERS))))
        if name == "cite" and spec not in CASES[lang]:
            raise ValueError(_("{placeholder} must name a {lang} case: {cases} (e.g. "
                               "{example})").format(
                placeholder=f"{{cite:{spec}}}", lang=lang, cases=", ".join(CASES[lang]),
                example=f"{{cite:{CASES[lang][-1]}}}"))
        if name != "cite" and spec:
            raise ValueError(_("{placeholder}: only {cite} takes a case").format(
                placeholder=f"{{{name}:{spec}}}", cite="{cite:…}"))
    return value


class Phrase(_Strict):
    """A fixed wording in Russian and in Kazakh (both required)."""

    ru: str = Field(min_length=1)
    kk: str = Field(min_length=1)

    @field_validator("ru")
    @classmethod
    def _ru(cls, value: str) -> str:
        return _check_pattern(value, "ru")

    @field_validator("kk")
    @classmethod
    def _kk(cls, value: str) -> str:
        return _check_pattern(value, "kk")

    def get(self, lang: str) -> str:
        """The wording in ``lang``."""
        return getattr(self, lang)


class Decree(_Strict):
    date: dt.date
    number: PositiveInt


class Act(_Strict):
    """The act: its title, its approving act, and the forms citations need."""

    title: Phrase
    full_title: Phrase
    genitive: Phrase
    approved_by: Phrase
    short_genitive: Phrase
    decree: Decree
    status: str = ""


class Words(_Strict):
    singular: dict[str, str]
    plural: dict[str, str]
    conjunction: str


class ParagraphWords(_Strict):
    ru: Words
    kk: Words

    @model_validator(mode="after")
    def _cases(self) -> ParagraphWords:
        for lang in ("ru", "kk"):
            words: Words = getattr(self, lang)
            for number in ("singular", "plural"):
                missing = set(CASES[lang]) - set(getattr(words, number))
                if missing:
                    raise ValueError(_("{where} lacks the case(s) {cases}").format(
                        where=f"{lang}.{number}", cases=", ".join(sorted(missing))))
        return self


class Paragraph(_Strict):
    number: PositiveInt
    about: str


class SaidWords(_Strict):
    """Words docgen says to the secretary in each interface language (never in a paper)."""

    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    kk: str = Field(min_length=1)

    def __str__(self) -> str:
        return str(getattr(self, ui_lang()))


class Threshold(_Strict):
    """A share of a count: ``at_least`` ⌈N·a/b⌉, ``more_than`` ⌊N·a/b⌋ + 1."""

    share: tuple[PositiveInt, PositiveInt]
    bound: Literal["at_least", "more_than"]
    of: str | SaidWords = Field(description="whom the share is of, for messages: text, or "
                                "{en, ru, kk} in each interface language (ru and kk in the "
                                "genitive: 'не менее 2/3 от …', '… кемінде 2/3 бөлігі')")
    cite: str

    def count(self, n: int) -> int:
        """The smallest whole number that meets the threshold for ``n``."""
        a, b = self.share
        if self.bound == "at_least":
            return -(-(n * a) // b)
        return n * a // b + 1

    def describe(self) -> str:
        a, b = self.share
        words = (_("at least {share} of {whom}") if self.bound == "at_least"
                 else _("more than {share} of {whom}"))
        return words.format(share=f"{a}/{b}", whom=str(self.of))


class Thresholds(_Strict):
    session_quorum: Threshold
    session_majority: Threshold
    council_majority: Threshold
    members_request: Threshold


class NoticePeriod(_Strict):
    months: PositiveInt
    applies_to: str
    cite: str
    sentence: Phrase


class ExtraordinaryPeriod(_Strict):
    within_months: PositiveInt
    notice_months: PositiveInt | None = None
    why: str = Field(min_length=1, description="why extraordinary sessions keep this notice")
    cite: str
    sentence: Phrase


class Periods(_Strict):
    notice: NoticePeriod
    extraordinary: ExtraordinaryPeriod


class Convener(_Strict):
    cite: str
    members_may_request: bool
    convened_by: Phrase


class Convening(_Strict):
    assembly: Convener
    council: Convener
    small_assembly: Convener
    members_request: Phrase

    def of(self, body: str) -> Convener:
        """Who convenes ``body`` (assembly, council, small_assembly)."""
        return getattr(self, body)


class Sentences(_Strict):
    basis: Phrase
    own_regulation_basis: Phrase
    session_quorum: Phrase
    session_majority: Phrase
    council_validity: Phrase
    council_poll_validity: Phrase
    council_majority: Phrase
    own_quorum: Phrase
    own_regulation_cite: Phrase
    own_majority: Phrase
    draft_not_adopted: Phrase
    decision_basis: Phrase
    membership_decision: Phrase


class MinutesWords(_Strict):
    """The fixed wording of the minutes: the first decision, the annexes announced."""

    agenda_approved: Phrase
    voting: dict[Literal["open", "secret"], Phrase]
    secret_item: Phrase
    secret_items: Phrase
    secret_note: Phrase
    counting_commission: Phrase
    counting_protocol_approved: Phrase
    register_attached: Phrase
    members_attached: Phrase
    invited_attached: Phrase
    invited: Phrase
    per_annex: Phrase


class Poll(_Strict):
    voting: Phrase
    attested_by: Phrase
    sheet_intro: Phrase
    conducted: Phrase
    sheets_attached: Phrase
    questions: Phrase


class Signatures(_Strict):
    chairman: Phrase
    presiding: Phrase
    secretary: Phrase


class ElectionWords(_Strict):
    draft: str
    commission: str
    commission_protocol: str
    ballots_issued: str
    ballots_in_box: str
    ballots_invalid: str
    results: str
    elected: str
    elected_female: str
    not_elected: str
    not_elected_female: str
    elected_heading: str


class MajilisElection(_Strict):
    cite: str
    law: Phrase
    basis: Phrase
    nominated_by: Phrase
    nominated_by_decision: Phrase | None = Field(
        None, description="the same, citing the Council decision ({date}, {number})")
    nomination_cite: str
    words: dict[Literal["ru", "kk"], ElectionWords]


class Ballot(_Strict):
    """The secret ballot's wording (bilingual sheet) and the counting protocol's rules."""

    title: Phrase
    question: Phrase
    candidate: Phrase
    for_: Phrase = Field(alias="for")
    against: Phrase
    how_to_vote: Phrase
    invalid: Phrase
    stamp: Phrase
    elected_rule: Phrase
    adopted_rule: Phrase


class Ground(Phrase):
    cite: str
    ru_female: str | None = None
    """The Russian wording for a woman, where it agrees ("государственная служащая")."""

    def for_person(self, lang: str, female: bool) -> str:
        """The wording in ``lang``, agreeing with a woman where Russian makes it agree."""
        if lang == "ru" and female and self.ru_female:
            return self.ru_female
        return self.get(lang)


class OtherGround(Phrase):
    """A common "other" ground of removal, with a name, fixed wording and what it implies."""

    not_present_within_days: PositiveInt | None = Field(
        None, description="the member was present at no meeting within this many days before "
        "the order (checked against the case file's minutes)")


class CouncilWords(_Strict):
    """How an order changes the Council's composition (the Chairman's decision)."""

    cite: str
    point: Phrase
    include: Phrase
    exclude: Phrase


class Appointed(Phrase):
    """How an order states who holds an office ({office}: the holder's office, {name}: the
    person, {assembly_genitive}: a region's small assembly in the genitive)."""

    cite: str


class Orders(_Strict):
    admission_submitted_by: Phrase
    removal_submitted_by: dict[Literal["deputy_chairmen", "small_assembly_chair"], Phrase]
    council_protocol: Phrase
    own_request_point: Phrase
    final_clause: Phrase
    grounds: dict[Literal["position_change", "elected_office_ended", "own_request", "other"],
                  Ground]
    other_grounds: dict[str, OtherGround] = Field(default_factory=dict)
    council_changes: CouncilWords | None = Field(
        None, description="an order changing the Council's composition (order.council_changes)")
    appointments: dict[Literal["deputy_chairman", "secretariat_head", "small_assembly_chair",
                               "small_assembly_secretariat_head"], Appointed] = Field(
        default_factory=dict, description="an order stating who holds an office of the roll "
        "(order.appointments), by office")
    appointment_basis: Phrase | None = Field(
        None, description="the act that appointed the person ({act}), after the point")

    @model_validator(mode="after")
    def _complete(self) -> Orders:
        for name, needed in (("grounds", 4), ("removal_submitted_by", 2)):
            if len(getattr(self, name)) != needed:
                raise ValueError(_("{name} must give every entry ({count})").format(
                    name=name, count=needed))
        return self


class Rulebook(_Strict):
    """A rulebook file (see ``docgen/law/rulebooks/regulation-2002.yaml``)."""

    id: str = Field(min_length=1)
    act: Act
    paragraph_words: ParagraphWords
    paragraphs: list[Paragraph] = Field(min_length=1)
    citations: dict[str, list[PositiveInt]]
    thresholds: Thresholds
    periods: Periods
    convening: Convening
    sentences: Sentences
    minutes: MinutesWords
    poll: Poll
    signatures: Signatures
    majilis_election: MajilisElection
    ballot: Ballot
    orders: Orders
    offices: dict[str, list[str]] = Field(
        default_factory=dict, description="How papers state each office of the roll (ru, "
        "{akim}, {assembly_genitive} for a region's): a position naming one is checked "
        "against the roll by `docgen check DIR --archive A`")
    small_assembly_chair: Phrase | None = Field(
        None, description="The title of a small assembly's chair, the akim, as a "
        "notice is addressed to them: {title} the akim's title, {body_genitive} the small "
        "assembly in the genitive")
    source: str = Field("", exclude=True)

    @model_validator(mode="after")
    def _cited_paragraphs_exist(self) -> Rulebook:
        known = {p.number for p in self.paragraphs}
        for topic, numbers in self.citations.items():
            unknown = [n for n in numbers if n not in known]
            if not numbers or unknown:
                raise ValueError(_("{where}: paragraph(s) {numbers} are not listed under "
                                   "paragraphs").format(where=f"citations.{topic}",
                                                        numbers=unknown or _("(none)")))
        for topic in self._topics_used():
            if topic not in self.citations:
                raise ValueError(_("the subject '{topic}' is cited but not listed under "
                                   "citations (known: {known})").format(
                    topic=topic, known=", ".join(self.citations)))
        return self

    def _topics_used(self) -> Iterator[str]:
        yield from ("sessions", "council", "council_membership", "admission", "removal",
                    "own_request")
        t = self.thresholds
        yield from (t.session_quorum.cite, t.session_majority.cite, t.council_majority.cite,
                    t.members_request.cite, self.periods.notice.cite,
                    self.periods.extraordinary.cite, self.majilis_election.cite,
                    self.majilis_election.nomination_cite)
        for body in ("assembly", "council", "small_assembly"):
            yield self.convening.of(body).cite
        yield from (g.cite for g in self.orders.grounds.values())
        if self.orders.council_changes is not None:
            yield self.orders.council_changes.cite
        yield from (a.cite for a in self.orders.appointments.values())

    def numbers(self, topics: Iterable[str]) -> list[int]:
        """The paragraphs the ``topics`` cite, sorted, each once."""
        return sorted({n for topic in topics for n in self.citations[topic]})

    def ref(self, *topics: str) -> str:
        """The paragraphs of ``topics`` for a message, in the interface language: ``p.N,
        p.M`` (``п. N``, ``N-тармақ``); never for a paper (:meth:`cite` is)."""
        return ", ".join(_("p.{number}").format(number=n) for n in self.numbers(topics))

    def cite(self, topics: Sequence[str], lang: str, case: str, full: bool) -> str:
        """A citation of the act in ``case``: paragraph word, numbers, the act (full or short)."""
        numbers = self.numbers(topics)
        words: Words = getattr(self.paragraph_words, lang)
        word = (words.plural if len(numbers) > 1 else words.singular)[case]
        listed = join_numbers(numbers, words.conjunction)
        act = self.act
        if lang == "ru":
            owner = (f"{act.genitive.ru}, {act.approved_by.ru}" if full
                     else act.short_genitive.ru)
            return f"{word} {listed} {owner}"
        owner = f"{act.approved_by.kk} {act.genitive.kk}" if full else act.short_genitive.kk
        return f"{owner} {listed}-{word}"


def join_numbers(numbers: Sequence[int], conjunction: str) -> str:
    """``[13, 14, 15, 20]`` → ``13–15 и 20``; ``[13, 14]`` → ``13 и 14``."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts: list[str] = []
    for run in runs:
        parts.extend([f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(n) for n in run])
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


class Citer:
    """Citations of one document, in document order: the first in full, later ones short."""

    def __init__(self, rulebook: Rulebook, lang: str) -> None:
        self.rulebook = rulebook
        self.lang = lang
        self.cited = False

    def cite(self, topics: Sequence[str], case: str) -> str:
        full = not self.cited
        self.cited = True
        return self.rulebook.cite(topics, self.lang, case, full)

    def fill(self, phrase: Phrase, topics: Sequence[str] = (), **values: Any) -> str:
        """``phrase`` in this language, with ``{cite:case}`` citing ``topics``."""
        return phrase.get(self.lang).format(cite=_Cite(self, tuple(topics)), **values)


class _Cite:
    """A ``{cite:case}`` placeholder: cites when formatted, so order follows the text."""

    def __init__(self, citer: Citer, topics: tuple[str, ...]) -> None:
        self.citer = citer
        self.topics = topics

    def __format__(self, case: str) -> str:
        if not self.topics:
            raise ValueError(_("this phrase cites nothing; remove {cite} from it").format(
                cite="{cite}"))
        return self.citer.cite(self.topics, case)


def load_rulebook(path: str | Path) -> Rulebook:
    """Read and validate a rulebook file; errors name ``file:line`` and the field.

    Its parsed data comes from docgen's cache when the file is unchanged (parsing the YAML
    costs more than the rest of a notice); it is validated every time.
    """
    located: Located = cached_yaml(Path(path))
    try:
        model = validate_data(located, Rulebook)
    except DataError:
        if located.lines:
            raise
        model = validate_data(load_yaml(path), Rulebook)  # cached data has no lines: re-read
    return model.model_copy(update={"source": str(path)})


@functools.cache
def builtin_rulebook() -> Rulebook:
    """The built-in rulebook (the Regulation of 2002), read once."""
    return load_rulebook(BUILTIN)


@functools.cache
def _cached(path: str, mtime_ns: int) -> Rulebook:
    return load_rulebook(path)


def rulebook_at(path: str | Path) -> Rulebook:
    """The rulebook at ``path`` (re-read when the file changes)."""
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise DataError(_("rulebook file not found"), path=path) from None
    return _cached(str(path), stamp)


def resolve(option: str | Path | None, data: Located | None) -> Rulebook:
    """The rulebook for a data file: ``--rulebook`` first, then its ``rulebook:`` field.

    A relative ``rulebook:`` path is read from the data file's folder. A missing file is
    an error at the field's line.
    """
    if option is not None:
        return rulebook_at(option)
    fields = data.data if data is not None and isinstance(data.data, dict) else {}
    value = fields.get("rulebook")
    if value is None:
        return builtin_rulebook()
    if not isinstance(value, str) or not value.strip():
        raise data.error(_("rulebook must be the path of a rulebook file"),  # type: ignore[union-attr]
                         ("rulebook",))
    path = Path(value)
    if not path.is_absolute():
        path = data.path.parent / path  # type: ignore[union-attr]
    if not path.is_file():
        raise data.error(_("the rulebook file {name} does not exist (looked for {path})")  # type: ignore[union-attr]
                         .format(name=repr(value), path=path), ("rulebook",))
    return rulebook_at(path)


_CURRENT: ContextVar[Rulebook | None] = ContextVar("docgen_rulebook", default=None)


def in_force() -> Rulebook:
    """The rulebook in force: the one :func:`using` set, else the built-in one."""
    return _CURRENT.get() or builtin_rulebook()


@contextlib.contextmanager
def using(rulebook: Rulebook) -> Iterator[Rulebook]:
    """Make ``rulebook`` the one in force inside the ``with`` block."""
    token = _CURRENT.set(rulebook)
    try:
        yield rulebook
    finally:
        _CURRENT.reset(token)


def describe(rb: Rulebook) -> list[str]:
    """The rulebook as lines of text, for ``docgen rules``."""
    lines = [_("Rulebook: {id}  ({source})").format(id=rb.id, source=rb.source or BUILTIN),
             f"  ru: {rb.act.full_title.ru}", f"  kk: {rb.act.full_title.kk}"]
    if rb.act.status:
        lines.append("  " + _("status: {status}").format(status=rb.act.status))
    lines += ["", _("Paragraphs cited:")]
    for p in rb.paragraphs:
        lines.append(f"  {_('p.{number}').format(number=p.number)}: {p.about}")
    lines += ["", _("Thresholds:")]
    for name, th in rb.thresholds:
        examples = ", ".join(f"N={n} → {th.count(n)}" for n in (31, 120, 352, 385))
        lines.append(f"  {name}: {th.describe()} ({rb.ref(th.cite)}); {examples}")
    n, e = rb.periods.notice, rb.periods.extraordinary
    lines += ["", _("Periods:"),
              "  " + _("notice: {months} month(s) before the session, for {applies_to} "
                       "({cite})").format(months=n.months, applies_to=n.applies_to,
                                          cite=rb.ref(n.cite)),
              "  " + _("extraordinary session: held within {months} month(s) of the decision; "
                       "notice: {notice} ({cite})").format(
                  months=e.within_months, notice=e.notice_months or _("no fixed period"),
                  cite=rb.ref(e.cite)),
              "    " + _("why: {why}").format(why=e.why), "", _("Who convenes:")]
    for body in ("assembly", "council", "small_assembly"):
        conv = rb.convening.of(body)
        request = (_("members may request") if conv.members_may_request
                   else _("no members' request"))
        lines.append(f"  {body} ({rb.ref(conv.cite)}; {request}): {conv.convened_by.ru}")
        lines.append(f"  {' ' * len(body)}   kk: {conv.convened_by.kk}")
    lines.append("  " + _("members' request: {who}").format(who=rb.convening.members_request.ru))
    lines += ["", _("Removal grounds:")]
    for name, ground in rb.orders.grounds.items():
        lines.append(f"  {name} ({rb.ref(ground.cite)}): {ground.ru}")
        lines.append(f"  {' ' * len(name)}   kk: {ground.kk}")
    for name, other in rb.orders.other_grounds.items():
        implies = (_("; implies: present at no meeting within {days} days before the order")
                   .format(days=other.not_present_within_days)
                   if other.not_present_within_days else "")
        lines.append("  " + _("other: {name}: {ground}").format(name=name, ground=other.ru)
                     + implies)
        lines.append(f"  {' ' * (7 + len(name))}   kk: {other.kk}")
    lines += ["", _("Submitters:"),
              "  " + _("admission: {who}").format(who=rb.orders.admission_submitted_by.ru)]
    for name, who in rb.orders.removal_submitted_by.items():
        lines.append("  " + _("removal, {name}: {who}").format(name=name, who=who.ru))
    if rb.orders.council_changes is not None:
        council = rb.orders.council_changes
        lines += ["", f"Council composition ({rb.ref(council.cite)}): {council.point.ru}",
                  f"  include: {council.include.ru}", f"  exclude: {council.exclude.ru}"]
    if rb.orders.appointments:
        lines += ["", "Offices an order states:"]
    for name, appointed in rb.orders.appointments.items():
        lines.append(f"  {name} ({rb.ref(appointed.cite)}): {appointed.ru}")
        lines.append(f"  {' ' * len(name)}   kk: {appointed.kk}")
    lines += ["", _("Poll:"), f"  {rb.poll.voting.ru} / {rb.poll.voting.kk}",
              "  " + _("attested: {who}").format(
                  who=f"{rb.poll.attested_by.ru} / {rb.poll.attested_by.kk}"),
              "", _("Majilis election:"), f"  ru: {rb.majilis_election.law.ru}",
              f"  kk: {rb.majilis_election.law.kk}",
              "", _("First citation in a paper (later ones are short):"),
              f"  ru: {rb.cite(['sessions'], 'ru', 'instrumental', True)}",
              f"  kk: {rb.cite(['sessions'], 'kk', 'dative', True)}"]
    return lines
