"""Papers of a convened session: the convocation notice and the agenda."""

from __future__ import annotations

import os
import string
from typing import Any

from docgen.errors import DataError
from docgen.i18n import _
from docgen.input.models import Session, hand_forms, localized_name
from docgen.input.validate import Loaded
from docgen.law.rules import check_session, ref
from docgen.papers.registry import (
    Planned,
    paper_title,
    planner,
    registration,
    session_paper,
)
from docgen.rendering.context import FIELDS, describe_session_fields, session_context
from docgen.rendering.names import person_fields, person_forms

INDEX_FORMAT_ENV = "DOCGEN_INDEX_FORMAT"
"""The configuration of the outgoing registration number of notices: a pattern with
``{number}``, ``{index}`` (the file's ``notice_index``, e.g. 01-15) and ``{year}``;
"{index}/{number}" gives "№ 01-15/15". Default: "{index}/{number}" when the file gives
``notice_index``, else the number alone."""
DEFAULT_INDEX_FORMAT = "{number}"
INDEXED_FORMAT = "{index}/{number}"
_INDEX_FIELDS = {"number", "index", "year"}

_NOTICE_WORDS = {"ru": ("Извещение о созыве", "извещение о созыве сессии"),
                 "kk": ("шақыру туралы хабарлама", "сессияны шақыру туралы хабарлама")}
_AGENDA_WORDS = {"ru": ("Повестка дня", "повестка дня"), "kk": ("күн тәртібі", "күн тәртібі")}


def check_convened(loaded: Loaded[Session], kind: str) -> None:
    """Rules of a convened session's papers; a Council poll has no notice or agenda."""
    if loaded.model.body == "council" and loaded.model.mode == "poll":
        raise loaded.error(
            _("a Council poll (опросным путем, {ref}) is run by the working body "
              "without a "
              "{kind}; render its minutes or decisions, or set mode: meeting").format(
                ref=ref('council'), kind=kind),
            ("mode",))
    check_session(loaded, kind)


def index_format(indexed: bool = False) -> str:
    """The configured pattern of outgoing numbers (``DOCGEN_INDEX_FORMAT``), checked; by
    default "{index}/{number}" for a file with a case index (``indexed``), else "{number}"."""
    pattern = (os.environ.get(INDEX_FORMAT_ENV, "").strip()
               or (INDEXED_FORMAT if indexed else DEFAULT_INDEX_FORMAT))
    try:
        names = {name for _, name, spec, conv in string.Formatter().parse(pattern)
                 if name is not None}
    except ValueError as exc:
        raise DataError(_("{variable}={pattern!r} is not a valid pattern ({exc}); "
                          "use e.g. '{{index}}/{{number}}'").format(
                            variable=INDEX_FORMAT_ENV, pattern=pattern, exc=exc)) from None
    unknown = names - _INDEX_FIELDS
    if unknown or "number" not in names:
        raise DataError(_("{variable}={pattern!r} must contain {{number}} and may "
                          "contain {{index}} and {{year}} only").format(
                            variable=INDEX_FORMAT_ENV, pattern=pattern)
                        + (_(" (unknown: {names})").format(names=", ".join(sorted(unknown)))
                           if unknown else ""))
    return pattern


def registration_format(loaded: Loaded[Session]) -> str:
    """The notice's number pattern with its index and year filled in: "01-15/{number}"."""
    s = loaded.model
    pattern = index_format(bool(s.notice_index))
    if "{index}" in pattern and not s.notice_index:
        raise loaded.error(_("{variable}={pattern!r} puts the case index into the "
                             "number; give notice_index (e.g. notice_index: \"01-15\")").format(
                               variable=INDEX_FORMAT_ENV, pattern=pattern),
                           ("convocation", "notice_number"))
    return pattern.format(number="{number}", index=s.notice_index or "",
                          year=s.convocation.notice_date.year)


def executor(s: Session, lang: str) -> dict[str, Any] | None:
    """Who prepared the notice (исполнитель / орындаушы): name forms and phone, or None."""
    if s.executor is None:
        return None
    name = s.executor.name
    forms = person_forms(localized_name(name, lang), lang, hand=hand_forms(name, lang))
    return {**forms, "phone": s.executor.phone}


@planner("notice", lambda loaded: check_convened(loaded, "notice"),
         printed="doc.registration")
def plan_notice(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The convocation notice (извещение / хабарлама)."""
    s = loaded.model
    ctx = session_context(s, lang)
    c = s.convocation
    form = ctx["session"]["genitive" if lang == "ru" else "accusative"]
    pattern = registration_format(loaded)
    ctx["executor"] = executor(s, lang)
    return [session_paper(s, ctx, kind="notice", lang=lang, number=c.notice_number,
                          day=c.notice_date, title=paper_title(lang, _NOTICE_WORDS[lang][0], form),
                          subject=_NOTICE_WORDS[lang][1],
                          registration=registration(pattern, c.notice_number),
                          registration_format=pattern)]


@planner("agenda", lambda loaded: check_convened(loaded, "agenda"))
def plan_agenda(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The agenda (повестка дня / күн тәртібі)."""
    s = loaded.model
    ctx = session_context(s, lang)
    title = paper_title(lang, _AGENDA_WORDS[lang][0], ctx["session"]["genitive"])
    return [session_paper(s, ctx, kind="agenda", lang=lang, number=None, day=s.date,
                          title=title, subject=_AGENDA_WORDS[lang][1])]


FIELDS["notice"] = {
    **describe_session_fields(),
    "doc.registration": ("str", f"the outgoing registration number: '01-15/15' with "
                         f"notice_index, else the number ({INDEX_FORMAT_ENV} sets another "
                         "form), or ''"),
    "executor": ("mapping|None", "who prepared the notice (исполнитель / орындаушы), or None"),
    **person_fields("executor", "who prepared the notice"),
    "executor.phone": ("str", "the executor's phone, as written in the data"),
}
