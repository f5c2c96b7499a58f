"""The inventory of a print pack (опись документов / құжаттар тізімдемесі): each paper of
the case, its number and date, and the page of the pack it starts on.

The pack (:mod:`docgen.output.pack`) renders the papers first and counts their pages; this
module turns them into the inventory's context. The inventory comes first in the pack, so
its own length moves every page number after it: the pack renders it until the count
settles.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError
from docgen.input.models import Session
from docgen.input.validate import load
from docgen.papers.case_file import data_files
from docgen.papers.registry import DRAFT_MARK
from docgen.papers.sessions import executor
from docgen.rendering.context import FIELDS, person, session_titles
from docgen.rendering.engine import DocumentInfo, document_id
from docgen.rendering.lang import format_date

WORDS = {"ru": ("Опись документов", "опись"), "kk": ("Құжаттар тізімдемесі", "тізімдеме")}


def inventory_info(case: str, day: dt.date, lang: str) -> DocumentInfo:
    """The inventory's identity: one per case folder, date and language."""
    return DocumentInfo(doc_id=document_id("inventory", "case", "", case, day, lang),
                        kind="inventory", body="assembly", region="", number="", date=day,
                        lang=lang, title=WORDS[lang][0], subject=WORDS[lang][1])


def case_about(folder: Path, lang: str) -> dict[str, str]:
    """The case as its inventory names it, from the data: its title (the session or meeting
    it is about), its nomenclature index (the notice's case index, ``notice_index``), and
    who compiled the inventory (the notice's executor, else the secretary). The first
    session file by date that gives a case index speaks for the case; none: the folder."""
    sessions: list[Session] = []
    for path in data_files(folder):
        try:
            model = load(path, "minutes").model
        except DocgenError:  # an order or a batch of notices: not a session of its own
            continue
        if isinstance(model, Session) and not model.regions:
            sessions.append(model)
    indexed = sorted((s for s in sessions if s.notice_index), key=lambda s: s.date)
    if not indexed:
        return {"title": folder.name, "index": "", "compiled_by": ""}
    s = indexed[0]
    title = session_titles(s, lang)["title"]
    who = executor(s, lang) or person(s.secretary, lang)
    return {"title": title[:1].upper() + title[1:], "index": s.notice_index or "",
            "compiled_by": who["initials"] if who["name"] else ""}


def inventory_context(papers: list[tuple[DocumentInfo, str, int]], first_page: int,
                      lang: str, case: str, draft: bool,
                      about: dict[str, str] | None = None) -> dict[str, Any]:
    """The inventory of ``papers`` (identity, the number it prints, pages) starting at
    ``first_page`` of the pack."""
    rows, page = [], first_page
    for n, (info, printed, pages) in enumerate(papers, start=1):
        rows.append({"number": n, "title": info.title, "reg": printed,
                     "date": info.date.strftime("%d.%m.%Y"), "page": page, "pages": pages})
        page += pages
    day = max((info.date for info, _, _ in papers), default=dt.date(2000, 1, 1))
    info = inventory_info(case, day, lang)
    return {"lang": lang,
            "inventory": {"rows": rows, "pages": page - 1, "case": case,
                          **(about or {"title": case, "index": "", "compiled_by": ""}),
                          "date_text": format_date(day, lang), "count": len(rows)},
            "doc": {"id": info.doc_id, "number": "", "date": day,
                    **({"draft": DRAFT_MARK[lang]} if draft else {})}}


FIELDS["inventory"] = {
    "lang": ("str", "the pack's language: ru or kk"),
    "doc.id": ("str", "the inventory's id"),
    "doc.number": ("str", "always ''"),
    "doc.date": ("date", "the date of the case's last paper"),
    "doc.draft": ("str", "a draft pack only (pack --draft): ПРОЕКТ / ЖОБА"),
    "inventory.rows": ("list", "number, title, reg (the number the paper prints, "
                               "e.g. 01-15/15, or ''), date "
                               "(dd.mm.yyyy), page (its first page in the pack), pages"),
    "inventory.pages": ("int", "pages in the pack, the inventory's own included"),
    "inventory.case": ("str", "the case folder's name"),
    "inventory.title": ("str", "the case's title from the data: its session or meeting "
                               "('Очередная XXXIV сессия …'), else the folder's name"),
    "inventory.index": ("str", "the case's nomenclature index (the notice's notice_index, "
                               "'01-15'), or ''"),
    "inventory.compiled_by": ("str", "who compiled it: the notice's executor (else the "
                                     "secretary), 'М.С. Сагинтаева', or ''"),
    "inventory.date_text": ("str", "the date of the case's last paper"),
    "inventory.count": ("int", "papers in the pack"),
}
