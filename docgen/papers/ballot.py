"""The secret ballot (бюллетень для тайного голосования / жасырын дауыс беруге арналған
бюллетень): one sheet per secret-ballot item of a session file.

The sheet names the session and its date, the item put to the vote, every candidate (or
the question itself) with a box «За» and a box «Против», how to vote and what makes a
ballot invalid (the rulebook's ``ballot`` wording), and room for the counting commission's
stamp. Asked for both languages (the default) it is one sheet in Kazakh and Russian, as
Kazakhstan's ballots are; ``--lang ru`` or ``--lang kk`` makes a sheet in that language.
The ballot is printed before the vote: it needs the candidates, not the votes.
"""

from __future__ import annotations

from typing import Any

from docgen.input.models import AgendaItem, Session
from docgen.input.validate import Loaded
from docgen.law.rulebook import in_force
from docgen.law.rules import check_session
from docgen.papers.elections import no_secret_ballot, secret_items
from docgen.papers.registry import Planned, planner, session_info
from docgen.rendering.context import FIELDS, body_names, person, session_titles, text
from docgen.rendering.lang import LANGS, format_date

BOTH = ("kk", "ru")
"""A bilingual sheet: Kazakh, the state language, first."""
_WORDS = {"ru": ("Бюллетень", "бюллетень для тайного голосования"),
          "kk": ("Бюллетень", "жасырын дауыс беруге арналған бюллетень")}


def check_ballot(loaded: Loaded[Session]) -> None:
    """The session's own rules, and at least one item put to a secret ballot."""
    check_session(loaded)
    if not secret_items(loaded.model):
        raise no_secret_ballot(loaded, "ballot")


def _rows(item: AgendaItem, langs: tuple[str, ...]) -> list[dict[str, Any]]:
    """The ballot's lines: each candidate (names as each language writes them), or the
    question put to the vote when the item has no candidates."""
    def both(values: list[str]) -> str:
        return " / ".join(dict.fromkeys(v for v in values if v))

    if not item.candidates:
        source = item.decision if item.decision is not None else item.title
        return [{"number": 1, "name": both([text(source, lang) for lang in langs])}]
    return [{"number": n, "name": both([person(c, lang)["name"] for lang in langs]),
             "position": both([person(c, lang)["position"] for lang in langs])}
            for n, c in enumerate(item.candidates, start=1)]


def ballot_context(s: Session, number: int, item: AgendaItem,
                   langs: tuple[str, ...]) -> dict[str, Any]:
    """The ballot of item ``number`` in ``langs`` (one language, or both on one sheet)."""
    words = in_force().ballot
    parts = []
    for lang in langs:
        title = session_titles(s, lang)["title"]
        parts.append({
            "lang": lang,
            "body": body_names(s.body, s.region, lang)["upper"],
            "title": words.title.get(lang),
            "session": title[:1].upper() + title[1:],
            "date": format_date(s.date, lang),
            "item": text(item.title, lang),
            "how_to_vote": words.how_to_vote.get(lang),
            "invalid": words.invalid.get(lang),
        })

    def joined(phrase: Any) -> str:
        return " / ".join(dict.fromkeys(phrase.get(lang) for lang in langs))

    return {
        "parts": parts,
        "langs": list(langs),
        "item_number": number,
        "head": {"candidate": joined(words.candidate if item.candidates else words.question),
                 "for": joined(words.for_), "against": joined(words.against)},
        "rows": _rows(item, langs),
        "stamp": joined(words.stamp),
    }


@planner("ballot", check_ballot, bilingual=True)
def plan_ballots(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """One ballot per secret-ballot item: ``ballot_<item>.docx`` with both languages on one
    sheet (``lang`` "both"), else ``ballot_<item>_<lang>.docx``."""
    s = loaded.model
    langs = BOTH if lang == "both" else (lang,)
    first = langs[0]
    docs = []
    for number, item in secret_items(s):
        ctx: dict[str, Any] = {"lang": first, "langs": list(langs),
                               "ballot": ballot_context(s, number, item, langs)}
        title = f"{_WORDS[first][0]}: {text(item.title, first)}"
        info = session_info(s, "ballot", first, None, s.date, title, _WORDS[first][1],
                            extra=f"item{number}:{'-'.join(langs)}")
        ctx["doc"] = {"id": info.doc_id, "number": "", "date": s.date}
        name = f"ballot_{number}.docx" if lang == "both" else f"ballot_{number}_{lang}.docx"
        docs.append(Planned(name, "ballot.docx", first, ctx, info))
    return docs


FIELDS["ballot"] = {
    "lang": ("str", "the sheet's first language: kk (both on one sheet), or ru / kk"),
    "doc.id": ("str", "docgen document id (also in the PDF)"),
    "doc.date": ("date", "the session's date"),
    "doc.draft": ("str", "a draft only (render --draft): ЖОБА / ПРОЕКТ in every page's header"),
    "ballot.parts": ("list", "one block per language on the sheet (kk first): lang, body, "
                             "title, session, date, item, how_to_vote, invalid "
                             "(the wording from the rulebook's ballot section)"),
    "langs": ("list", "the sheet's languages: ['kk', 'ru'], or one"),
    "ballot.langs": ("list", "the sheet's languages: ['kk', 'ru'], or one"),
    "ballot.item_number": ("int", "the agenda item's number"),
    "ballot.head": ("mapping", "column headings: candidate (or question), for, against, in "
                               "the sheet's languages joined by ' / '"),
    "ballot.rows": ("list", "number, name (as each language writes it), position"),
    "ballot.stamp": ("str", "room for the counting commission's stamp (rulebook)"),
}
assert set(BOTH) == set(LANGS)
