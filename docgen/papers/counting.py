"""The counting commission's protocol (протокол счетной комиссии / есеп комиссиясының
хаттамасы) of each secret-ballot item of the minutes.

Its figures are the minutes' own (``agenda[n].counting`` and the candidates' votes: one
source), checked by the same rules (in the box ≤ issued ≤ present, invalid ≤ in the box,
votes per candidate ≤ valid ballots). Who is elected follows the election rule in force
(:mod:`docgen.papers.elections`, the rulebook's session majority); the commission
(``counting.members``: its chair, secretary and members) is listed and signs.
"""

from __future__ import annotations

from typing import Any

from docgen.errors import RuleError
from docgen.i18n import _
from docgen.input.loader import dotted
from docgen.input.models import AgendaItem, Session
from docgen.input.validate import Loaded
from docgen.law.rulebook import Citer, in_force
from docgen.law.rules import session_majority
from docgen.papers.elections import check_ballots, no_secret_ballot, secret_items
from docgen.papers.minutes import VOTE_LABELS, check_minutes_file
from docgen.papers.registry import Planned, planner, session_info
from docgen.rendering.context import FIELDS, describe_session_fields, person, session_context, text

_WORDS = {"ru": ("Протокол счетной комиссии", "протокол счетной комиссии"),
          "kk": ("Есеп комиссиясының хаттамасы", "есеп комиссиясының хаттамасы")}


def _commission_error(loaded: Loaded[Session], message: str, key: tuple) -> RuleError:
    return RuleError(message, rule=_("counting commission"), path=loaded.path,
                     line=loaded.source.line_of(key), field=dotted(key))


def check_counting(loaded: Loaded[Session]) -> None:
    """The minutes' rules, a secret-ballot item, and each one's commission and figures."""
    check_minutes_file(loaded)
    s = loaded.model
    items = secret_items(s)
    if not items:
        raise no_secret_ballot(loaded, _("counting commission's protocol"))
    for number, item in items:
        key = ("agenda", number - 1)
        valid = check_ballots(loaded, key, item)
        assert item.counting is not None  # checked by check_ballots
        roles = [m.role for m in item.counting.members]
        for role in ("chair", "secretary"):
            if roles.count(role) != 1:
                raise _commission_error(
                    loaded, _("the counting commission needs one {role} "
                              "({count} given): counting.members: [{{name: …, role: "
                              "chair}}, {{name: …, role: secretary}}, {{name: …}}, …]").format(
                                role=role, count=roles.count(role)),
                    (*key, "counting", "members"))
        if not item.candidates and item.votes is not None:
            v = item.votes
            if v.for_ + v.against + v.abstained > valid:
                raise _commission_error(
                    loaded, _("{number} votes, more than the "
                              "{valid} valid ballots").format(
                                number=v.for_ + v.against + v.abstained, valid=valid),
                            (*key, "votes"))


def _candidates(item: AgendaItem, needed: int, lang: str) -> list[dict[str, Any]]:
    words = in_force().majilis_election.words[lang]  # type: ignore[index]
    rows = []
    for n, cand in enumerate(item.candidates, start=1):
        shown = person(cand, lang)
        v = cand.votes
        for_, against = (v.for_, v.against) if v is not None else (0, 0)
        elected = for_ >= needed
        female = shown.get("gender") == "female"
        verdict = ((words.elected_female if female else words.elected) if elected
                   else (words.not_elected_female if female else words.not_elected))
        rows.append({**shown, "number": n, "for": for_, "against": against,
                     "elected": elected, "verdict": verdict})
    return rows


def counting_context(s: Session, number: int, item: AgendaItem, lang: str) -> dict[str, Any]:
    """The protocol of item ``number``: commission, figures, per-candidate results."""
    c = item.counting
    assert c is not None and s.attendance is not None  # checked by check_counting
    rb = in_force()
    citer = Citer(rb, lang)
    present = s.attendance.present
    needed = session_majority(present)
    cite = rb.thresholds.session_majority.cite
    members = [{**person(m, lang), "role": m.role} for m in c.members]
    candidates = _candidates(item, needed, lang)
    labels = VOTE_LABELS[lang]
    votes = item.votes
    words = rb.majilis_election.words[lang]  # type: ignore[index]
    rule = rb.ballot.elected_rule if item.candidates else rb.ballot.adopted_rule
    return {
        "protocol_number": c.protocol_number,
        "item_number": number,
        "item": text(item.title, lang),
        "chair": next(m for m in members if m["role"] == "chair"),
        "secretary": next(m for m in members if m["role"] == "secretary"),
        "members": [m for m in members if m["role"] == "member"],
        "commission": members,
        "members_total": s.members_total,
        "present": present,
        "ballots_issued": c.ballots_issued,
        "ballots_in_box": c.ballots_in_box,
        "ballots_invalid": c.ballots_invalid,
        "ballots_valid": c.ballots_in_box - c.ballots_invalid,
        "labels": {"issued": words.ballots_issued, "in_box": words.ballots_in_box,
                   "invalid": words.ballots_invalid, "for": labels[0], "against": labels[1]},
        "needed": needed,
        "rule_text": citer.fill(rule, [cite], present=present, needed=needed),
        "candidates": candidates,
        "elected": [cand for cand in candidates if cand["elected"]],
        "elected_heading": words.elected_heading if item.kind == "majilis_election" else "",
        "votes": ({"for": votes.for_, "against": votes.against,
                   "adopted": votes.for_ >= needed} if votes is not None else None),
        "question": text(item.decision, lang),
    }


@planner("counting", check_counting, printed="counting.protocol_number")
def plan_counting(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """One protocol per secret-ballot item: ``counting_<item>_<lang>.docx``."""
    s = loaded.model
    docs = []
    for number, item in secret_items(s):
        ctx = session_context(s, lang)
        ctx["counting"] = counting_context(s, number, item, lang)
        protocol = item.counting.protocol_number  # type: ignore[union-attr]
        title = (f"{_WORDS['ru'][0]} № {protocol}" if lang == "ru"
                 else f"№ {protocol} {_WORDS['kk'][0]}")
        info = session_info(s, "counting", lang, protocol, s.date, title, _WORDS[lang][1],
                            extra=f"item{number}")
        ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": s.date}
        docs.append(Planned(f"counting_{number}_{lang}.docx", "counting.docx", lang, ctx, info))
    return docs


FIELDS["counting"] = {
    **describe_session_fields(),
    "counting.protocol_number": ("str", "the commission's protocol number "
                                        "(agenda[n].counting.protocol_number)"),
    "counting.item_number": ("int", "the agenda item's number"),
    "counting.item": ("str", "the item's title"),
    "counting.chair": ("mapping", "the commission's chair: name, position and their forms"),
    "counting.secretary": ("mapping", "the commission's secretary"),
    "counting.members": ("list", "the commission's other members"),
    "counting.commission": ("list", "every member of the commission, with role"),
    "counting.members_total": ("int", "members of the body"),
    "counting.present": ("int", "members present"),
    "counting.ballots_issued": ("int", "ballots issued"),
    "counting.ballots_in_box": ("int", "ballots found in the box"),
    "counting.ballots_invalid": ("int", "invalid ballots"),
    "counting.ballots_valid": ("int", "valid ballots (in the box less invalid)"),
    "counting.labels": ("mapping", "issued, in_box, invalid (rulebook), for, against"),
    "counting.needed": ("int", "votes for a candidate needs (the session's majority)"),
    "counting.rule_text": ("str", "who is elected, from the rulebook with its figures"),
    "counting.candidates": ("list", "number, name, for, against, elected, verdict"),
    "counting.elected": ("list", "the candidates elected"),
    "counting.elected_heading": ("str", "'Избраны депутатами Мажилиса …:' (election) or ''"),
    "counting.votes": ("mapping|None", "an item without candidates: for, against, adopted"),
    "counting.question": ("str", "an item without candidates: the draft put to the vote"),
}
