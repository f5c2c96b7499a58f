"""The registration sheet (явочный лист / тіркеу парағы): every member on the session date,
grouped by region (republican associations last), with a column for the signature.

Made from a session file and the member roll (``--archive``); for a Council meeting it
lists the Council's members.
"""

from __future__ import annotations

from typing import Any

from docgen.input.models import Session
from docgen.input.regions import load_regions
from docgen.input.validate import Loaded
from docgen.law.rules import check_session
from docgen.papers.registry import Planned, paper_title, planner, session_paper
from docgen.papers.roll_counts import RollFacts
from docgen.rendering.context import (
    FIELDS,
    describe_session_fields,
    members_phrase,
    session_context,
)
from docgen.rendering.kazakh import alphabetical
from docgen.rendering.names import decline_position

REPUBLICAN_GROUP = {"ru": "Республиканские общественные объединения",
                    "kk": "Республикалық қоғамдық бірлестіктер"}
_WORDS = {"ru": ("Явочный лист", "явочный лист", "Всего: {n}"),
          "kk": ("тіркеу парағы", "тіркеу парағы", "Барлығы: {n}")}


def check_register(loaded: Loaded[Session]) -> None:
    """The session's own rules; the roll has been read (the pipeline refuses it otherwise)."""
    check_session(loaded)


def register_groups(facts: RollFacts, lang: str) -> list[dict[str, Any]]:
    """The members on the date by region, numbered on through the groups; within a region
    in the alphabetical order of the paper's language (kk: the Kazakh alphabet's)."""
    regions = load_regions()
    groups: list[dict[str, Any]] = []
    entries = facts.entries
    if lang == "kk":  # the roll comes in the Russian order: the regions keep their order
        first: dict[str, int] = {}
        for n, e in enumerate(entries):
            first.setdefault(e.member.region, n)
        entries = sorted(entries, key=lambda e: (first[e.member.region],
                                                 alphabetical(e.member.name("kk"))))
    for number, entry in enumerate(entries, start=1):
        rid = entry.member.region
        name = regions[rid].name(lang) if rid in regions else REPUBLICAN_GROUP[lang]
        if not groups or groups[-1]["id"] != rid:
            groups.append({"id": rid, "name": name, "members": []})
        member = entry.member
        # a woman's position agrees ("заведующая секретариатом"), as everywhere
        gender = "female" if member.gender == "f" else ""
        groups[-1]["members"].append({"number": number, "name": member.name(lang),
                                      "position": decline_position(
                                          member.position(lang), "nominative", lang, gender)})
    for group in groups:
        group["count"] = len(group["members"])
    return groups


@planner("register", check_register)
def plan_register(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The registration sheet of a session (or Council meeting), from the roll."""
    s = loaded.model
    facts: RollFacts = loaded.roll
    ctx = session_context(s, lang)
    groups = register_groups(facts, lang)
    total = len(facts.entries)
    ctx["register"] = {"groups": groups, "total": total,
                       "total_text": _WORDS[lang][2].format(n=members_phrase(total, lang))}
    word = f"{_WORDS['ru'][0]} участников" if lang == "ru" else _WORDS[lang][0]
    return [session_paper(s, ctx, kind="register", lang=lang, number=None, day=s.date,
                          title=paper_title(lang, word, ctx["session"]["genitive"]),
                          subject=_WORDS[lang][1])]


FIELDS["register"] = {
    **describe_session_fields(),
    "register.groups": ("list", "by region: id, name, count, members (number, name, position)"),
    "register.total": ("int", "members on the roll on the date (Council: its members)"),
    "register.total_text": ("str", "'Всего: 385 членов' / 'Барлығы: 385 мүше'"),
}
