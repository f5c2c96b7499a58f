"""Papers of a convened session: the convocation notice and the agenda."""

from __future__ import annotations

from docgen.input.models import Session
from docgen.input.validate import Loaded
from docgen.law.rules import check_session, ref
from docgen.papers.registry import Planned, planner, session_info
from docgen.rendering.context import session_context

_NOTICE_WORDS = {"ru": ("Извещение о созыве", "извещение о созыве сессии"),
                 "kk": ("шақыру туралы хабарлама", "сессияны шақыру туралы хабарлама")}
_AGENDA_WORDS = {"ru": ("Повестка дня", "повестка дня"), "kk": ("күн тәртібі", "күн тәртібі")}


def check_convened(loaded: Loaded[Session], kind: str) -> None:
    """Rules of a convened session's papers; a Council poll has no notice or agenda."""
    if loaded.model.body == "council" and loaded.model.mode == "poll":
        raise loaded.error(
            f"a Council poll (опросным путем, {ref('council')}) is run by the working body "
            f"without a "
            f"{kind}; render its minutes or decisions, or set mode: meeting", ("mode",))
    check_session(loaded, kind)


@planner("notice", lambda loaded: check_convened(loaded, "notice"))
def plan_notice(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The convocation notice (извещение / хабарлама)."""
    s = loaded.model
    ctx = session_context(s, lang)
    c = s.convocation
    if lang == "ru":
        title = f"{_NOTICE_WORDS['ru'][0]} {ctx['session']['genitive']}"
    else:
        title = f"{ctx['session']['accusative']} {_NOTICE_WORDS['kk'][0]}"
    info = session_info(s, "notice", lang, c.notice_number, c.notice_date, title,
                        _NOTICE_WORDS[lang][1])
    ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": c.notice_date}
    return [Planned(f"notice_{lang}.docx", "notice.docx", lang, ctx, info)]


@planner("agenda", lambda loaded: check_convened(loaded, "agenda"))
def plan_agenda(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The agenda (повестка дня / күн тәртібі)."""
    s = loaded.model
    ctx = session_context(s, lang)
    if lang == "ru":
        title = f"{_AGENDA_WORDS['ru'][0]} {ctx['session']['genitive']}"
    else:
        title = f"{ctx['session']['genitive']} {_AGENDA_WORDS['kk'][0]}"
    info = session_info(s, "agenda", lang, None, s.date, title, _AGENDA_WORDS[lang][1])
    ctx["doc"] = {"id": info.doc_id, "number": "", "date": s.date}
    return [Planned(f"agenda_{lang}.docx", "agenda.docx", lang, ctx, info)]
