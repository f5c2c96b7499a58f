"""The extract from the minutes (выписка из протокола / хаттамадан үзінді): one agenda item
as the minutes record it, for everyone the decision concerns.

The body, the protocol's number and date, the item's title, СЛУШАЛИ / ТЫҢДАЛДЫ and
ПОСТАНОВИЛИ / ҚАУЛЫ ЕТТІ (or the draft put to the vote and its result), the votes, and
«Верно» / «Дұрыс» with the secretary's name and the extract's date. The item's text is the
minutes' own (:func:`docgen.papers.minutes.minutes_context`): one source.
``render extract --item N`` (repeatable) or ``--all``; an item the minutes lack is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docgen.i18n import _
from docgen.input.models import Session
from docgen.input.validate import Loaded
from docgen.papers.minutes import check_minutes_file, minutes_context
from docgen.papers.registry import Planned, planner, session_info
from docgen.rendering.context import FIELDS

_WORDS = {"ru": ("Выписка из протокола", "выписка из протокола"),
          "kk": ("Хаттамадан үзінді", "хаттамадан үзінді")}


def chosen_items(loaded: Loaded[Session]) -> list[int]:
    """The item numbers asked for (``options["items"]``; none or ``all``: every item)."""
    count = len(loaded.model.agenda)
    asked = loaded.options.get("items") or []
    if loaded.options.get("all") or not asked:
        return list(range(1, count + 1))
    for number in asked:
        if not 1 <= number <= count:
            raise loaded.error(_("--item {number}: the minutes have no item {number} (their "
                                 "agenda has {count} item(s), numbered 1 to {count})").format(
                                   number=number, count=count),
                               ("agenda",))
    return list(dict.fromkeys(asked))


def extract_date(loaded: Loaded[Session]) -> dt.date:
    """The extract's date: ``options["date"]``, else the minutes' date."""
    return loaded.options.get("date") or loaded.model.date


def check_extract(loaded: Loaded[Session]) -> None:
    """The minutes' rules, items that exist, and an extract not dated before the minutes."""
    check_minutes_file(loaded)
    chosen_items(loaded)
    day = extract_date(loaded)
    if day < loaded.model.date:
        raise loaded.error(_("--date {day}: an extract cannot be dated before the minutes "
                             "({date})").format(day=day, date=loaded.model.date), ("date",))


@planner("extract", check_extract, printed="minutes.protocol_number")
def plan_extracts(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """One extract per item asked for: ``extract_<item>_<lang>.docx``."""
    s = loaded.model
    ctx = minutes_context(s, lang)
    day = extract_date(loaded)
    docs = []
    for number in chosen_items(loaded):
        item = ctx["agenda"][number - 1]
        doc_ctx: dict[str, Any] = dict(ctx)
        doc_ctx["item"] = item
        doc_ctx["extract"] = {"date": day, "item_number": number}
        protocol = f"№ {s.protocol_number}"
        title = (f"{_WORDS['ru'][0]} {protocol}: {item['title']}" if lang == "ru"
                 else f"{protocol} {_WORDS['kk'][0].lower()}: {item['title']}")
        info = session_info(s, "extract", lang, None, day, title, _WORDS[lang][1],
                            extra=f"item{number}")
        doc_ctx["doc"] = {"id": info.doc_id, "number": "", "date": day}
        docs.append(Planned(f"extract_{number}_{lang}.docx", "extract.docx", lang, doc_ctx,
                            info))
    return docs


FIELDS["extract"] = {
    **FIELDS["minutes"],
    "item": ("mapping", "the agenda item extracted, with the fields of agenda[] (heard, "
                        "speakers, decision, votes, adopted, draft_text, election …)"),
    "extract.date": ("date", "the extract's date (render --date; default the minutes' date)"),
    "extract.item_number": ("int", "the item's number in the agenda"),
}
