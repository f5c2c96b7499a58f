"""The registry of document kinds: each kind's module registers its planner and rule check.

The kinds import this module; it never imports them at module level. The built-in kinds
are loaded by module name the first time a kind is asked for (as Sphinx loads builders),
so there is no import loop between the pipeline and the kinds.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docgen.input.models import Session
from docgen.input.validate import Loaded
from docgen.rendering.engine import DocumentInfo, document_id

# kind -> the module that defines and registers it
BUILTIN_KINDS: dict[str, str] = {
    "notice": "docgen.papers.sessions",
    "agenda": "docgen.papers.sessions",
    "minutes": "docgen.papers.minutes",
    "decision": "docgen.papers.minutes",
    "order": "docgen.papers.orders",
    "register": "docgen.papers.register",
    "invitation": "docgen.papers.invitation",
    "ballot": "docgen.papers.ballot",
    "counting": "docgen.papers.counting",
    "extract": "docgen.papers.extract",
    "poll_sheet": "docgen.papers.poll_sheet",
}


@dataclass
class Planned:
    """One document to render: its file name, template, language, context and identity."""

    filename: str
    template: str
    lang: str
    context: dict[str, Any]
    info: DocumentInfo
    holder: str | None = None


Planner = Callable[[Loaded, str], list[Planned]]
PLANNERS: dict[str, Planner] = {}
CHECKS: dict[str, Callable[[Loaded], None]] = {}
BILINGUAL: set[str] = set()
"""Kinds whose two languages share one sheet: asked for both, the planner gets ``"both"``."""
PRINTED: dict[str, str] = {}
"""Kind → the context field its paper prints as its number («№ …» in its heading); a kind
not listed prints none (an agenda, a register)."""


def planner(kind: str, check: Callable[[Loaded], None], *, bilingual: bool = False,
            printed: str | None = None) -> Callable[[Planner], Planner]:
    """Register the planner and rule check of a document kind (``bilingual``: one sheet in
    both languages when both are asked for, as Kazakhstan's ballots are; ``printed``: the
    dotted context field its paper prints as its number, e.g. ``"doc.registration"``)."""

    def register(func: Planner) -> Planner:
        PLANNERS[kind] = func
        CHECKS[kind] = check
        if bilingual:
            BILINGUAL.add(kind)
        if printed is not None:
            PRINTED[kind] = printed
        return func

    return register


def printed_number(doc: Planned) -> str:
    """The number ``doc`` prints in its heading, as printed ("01-15/15"), or ''."""
    field = PRINTED.get(doc.info.kind)
    if field is None:
        return ""
    value: Any = doc.context
    for key in field.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return "" if value is None else str(value)


def session_info(s: Session, kind: str, lang: str, number: Any, day: Any, title: str,
                 subject: str, extra: str = "") -> DocumentInfo:
    """The identity of a document made from a session file."""
    return DocumentInfo(
        doc_id=document_id(kind, s.body, s.region, f"{s.number}:{number or ''}", day, lang,
                           extra),
        kind=kind, body=s.body, region=s.region or "", number=str(number or ""), date=day,
        lang=lang, title=title, subject=subject,
        series=document_id(kind, s.body, s.region, f"{s.number}:{number or ''}", day, "",
                           extra),
    )


def paper_title(lang: str, word: str, subject: str) -> str:
    """A title in the language's word order: ru "Протокол … сессии", kk "… хаттамасы"."""
    return f"{word} {subject}" if lang == "ru" else f"{subject} {word}"


def session_paper(s: Session, ctx: dict[str, Any], *, kind: str, lang: str, number: Any,
                  day: Any, title: str, subject: str, **doc: Any) -> Planned:
    """The one file of ``kind`` made from a session: its identity and the context's ``doc``."""
    info = session_info(s, kind, lang, number, day, title, subject)
    ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": day, **doc}
    return Planned(f"{kind}_{lang}.docx", f"{kind}.docx", lang, ctx, info)


def registration(pattern: str, number: object) -> str:
    """An outgoing registration number: "01-15/15" from "01-15/{number}" and 15 ('' for none)."""
    return pattern.format(number=number) if number not in (None, "") else ""


DRAFT_MARK = {"ru": "ПРОЕКТ", "kk": "ЖОБА"}
"""What a draft carries on every page (the templates' header: ``doc.draft``)."""


def as_draft(doc: Planned) -> Planned:
    """``doc`` as a draft for approval: marked «ПРОЕКТ» / «ЖОБА» (both on a bilingual
    sheet), without a registration number, under an id of its own (never the original's)."""
    from dataclasses import replace

    info = doc.info
    langs = doc.context.get("langs") or [doc.lang]
    given = doc.context.get("doc", {})
    mark = " / ".join(DRAFT_MARK[lang] for lang in langs)
    context = {**doc.context, "doc": {**given, "id": "", "number": "", "draft": mark}}
    if "registration" in given:
        context["doc"]["registration"] = ""
    draft_id = document_id(info.kind, info.body, info.region, info.doc_id, info.date,
                           info.lang, "draft")
    context["doc"]["id"] = draft_id
    return replace(doc, context=context, holder=None,
                   info=replace(info, doc_id=draft_id, number="", draft=True,
                                series=f"{info.series}:draft", supersedes=None))


PAPER_MODULES = ("docgen.papers.inventory",)
"""Papers that are not kinds of their own (the pack's inventory) but document fields."""


def load_builtin_kinds() -> None:
    """Import every built-in kind's module (each registers itself)."""
    for module in dict.fromkeys([*BUILTIN_KINDS.values(), *PAPER_MODULES]):
        importlib.import_module(module)


def registered(kind: str) -> bool:
    """Whether ``kind`` is a kind docgen can make (loading the built-in kinds first)."""
    if kind in BUILTIN_KINDS and kind not in PLANNERS:
        importlib.import_module(BUILTIN_KINDS[kind])
    return kind in PLANNERS
