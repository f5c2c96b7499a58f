"""The inventory of a print pack (опись документов / құжаттар тізімдемесі): each paper of
the case, its number and date, and the page of the pack it starts on.

The pack (:mod:`docgen.output.pack`) renders the papers first and counts their pages; this
module turns them into the inventory's context. The inventory comes first in the pack, so
its own length moves every page number after it: the pack renders it until the count
settles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docgen.papers.registry import DRAFT_MARK
from docgen.rendering.context import FIELDS
from docgen.rendering.engine import DocumentInfo, document_id
from docgen.rendering.lang import format_date

WORDS = {"ru": ("Опись документов", "опись"), "kk": ("Құжаттар тізімдемесі", "тізімдеме")}


def inventory_info(case: str, day: dt.date, lang: str) -> DocumentInfo:
    """The inventory's identity: one per case folder, date and language."""
    return DocumentInfo(doc_id=document_id("inventory", "case", "", case, day, lang),
                        kind="inventory", body="assembly", region="", number="", date=day,
                        lang=lang, title=WORDS[lang][0], subject=WORDS[lang][1])


def inventory_context(papers: list[tuple[DocumentInfo, str, int]], first_page: int,
                      lang: str, case: str, draft: bool) -> dict[str, Any]:
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
    "inventory.date_text": ("str", "the date of the case's last paper"),
    "inventory.count": ("int", "papers in the pack"),
}
