"""The Council poll sheet (опросный лист / сауалнама парағы): one per Council member on the
roll on the poll date, in each language the member reads.

It names the member, puts each question of the poll to the vote with the draft decision and
boxes «за» / «против» / «воздержался», and gives the date to return it by and lines for the
signature and the date. Made from a poll file (``body: council``, ``mode: poll``) and the
roll (``--archive``); ``docgen batch poll-sheets`` writes them all at once
(:mod:`docgen.output.invitations`). The poll's minutes state the sheets sent and returned.
"""

from __future__ import annotations

import datetime as dt

from docgen.i18n import _
from docgen.input.models import Session
from docgen.input.validate import Loaded
from docgen.law.rulebook import Citer, in_force
from docgen.law.rules import check_session
from docgen.papers.invitation import member_papers
from docgen.papers.registry import Planned, planner
from docgen.papers.roll_counts import RollFacts
from docgen.rendering.context import FIELDS, describe_session_fields, session_context, text

_WORDS = {"ru": ("Опросный лист", "опросный лист"), "kk": ("Сауалнама парағы",
                                                           "сауалнама парағы")}


def return_date(s: Session) -> dt.date:
    """The date to return the sheets by: the poll's ``returned_by``, else the poll's date."""
    return s.poll.returned_by if s.poll is not None else s.date


def check_poll_sheets(loaded: Loaded[Session]) -> None:
    """A Council poll file (the roll has been read: the pipeline refuses it otherwise)."""
    s = loaded.model
    if s.body != "council" or s.mode != "poll":
        raise loaded.error(_("poll sheets are sent for a Council poll: the file needs body: "
                             "council and mode: poll"), ("mode",) if s.body == "council"
                           else ("body",))
    check_session(loaded)


@planner("poll_sheet", check_poll_sheets)
def plan_poll_sheets(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """One sheet in ``lang`` for every Council member on the date who reads ``lang``."""
    s = loaded.model
    facts: RollFacts = loaded.roll
    base = session_context(s, lang)
    rb = in_force()
    intro = Citer(rb, lang).fill(rb.poll.sheet_intro, ["council"])
    questions = [{"number": n, "title": text(item.title, lang),
                  "draft": text(item.decision, lang)}
                 for n, item in enumerate(s.agenda, start=1)]
    due = return_date(s)
    docs = []
    for entry, paper in member_papers(s, facts, lang, "poll_sheet", s.date, _WORDS[lang],
                                      base):
        m = entry.member
        paper.context["poll_sheet"] = {
            "member_id": m.id, "region": m.region, "name": m.name(lang),
            "position": m.position(lang), "intro": intro, "questions": questions,
            "return_date": due}
        docs.append(paper)
    return docs


FIELDS["poll_sheet"] = {
    **describe_session_fields(),
    "poll_sheet.member_id": ("int", "the member's roll id"),
    "poll_sheet.region": ("str", "the member's region id (or 'republican')"),
    "poll_sheet.name": ("str", "the member's full name (nominative)"),
    "poll_sheet.position": ("str", "the member's position on the roll, or ''"),
    "poll_sheet.intro": ("str", "the poll's legal basis, from the rulebook (poll.sheet_intro)"),
    "poll_sheet.questions": ("list", "number, title, draft (the decision put to the vote)"),
    "poll_sheet.return_date": ("date", "the date to return the sheet by (poll.returned_by, "
                                       "else the poll's date)"),
}
