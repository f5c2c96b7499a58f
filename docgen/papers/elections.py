"""Election of Majilis deputies by the session: rules and the minutes' context of the item.

The session elects the candidates the Council nominated, under the Constitution and the
Constitutional Law on elections (both cited from the rulebook). Results are per candidate;
a candidate is elected with the session's majority of those present. A secret ballot is
counted by a counting commission, whose protocol number and ballots (issued, found in the
box, invalid) the minutes give, and has no "abstained" column.
"""

from __future__ import annotations

from typing import Any

from docgen.errors import RuleError
from docgen.i18n import _
from docgen.input.loader import dotted
from docgen.input.models import AgendaItem, Candidate, Session
from docgen.input.validate import Loaded
from docgen.law.rulebook import Citer, in_force
from docgen.law.rules import ref, session_majority
from docgen.rendering.context import person
from docgen.rendering.lang import format_date


def _rule(loaded: Loaded, message: str, key: tuple) -> RuleError:
    rule = _("election of Majilis deputies ({ref})").format(
               ref=ref(in_force().majilis_election.cite))
    return RuleError(message, rule=rule, path=loaded.path, line=loaded.source.line_of(key),
                     field=dotted(key))


def item_voting(s: Session, item: AgendaItem) -> str:
    """The way of voting of ``item``: its own, else the session's."""
    return item.voting or s.voting


def secret_items(s: Session) -> list[tuple[int, AgendaItem]]:
    """The items put to a secret ballot, with their numbers (from 1)."""
    return [(n, item) for n, item in enumerate(s.agenda, start=1)
            if item_voting(s, item) == "secret"]


def no_secret_ballot(loaded: Loaded[Session], paper: str) -> RuleError:
    """The refusal of a ballot paper for a file with no secret-ballot item."""
    return RuleError(_("no item of this file is put to a secret ballot, so there is no {paper} "
                       "to make (an item with voting: secret, or voting: secret for the "
                       "session)").format(paper=paper),
                     rule=_("secret ballot ({ref})").format(
                         ref=ref(in_force().majilis_election.cite)),
                     path=loaded.path, line=loaded.source.line_of(("agenda",)), field="agenda")


def check_ballots(loaded: Loaded[Session], key: tuple, item: AgendaItem) -> int:
    """A secret ballot's figures (in the box ≤ issued ≤ present, invalid ≤ in the box);
    returns the valid ballots."""
    s = loaded.model
    present = s.attendance.present if s.attendance else 0
    c = item.counting
    if c is None:
        raise _rule(loaded, _("a secret ballot is counted by a counting commission: add "
                              "counting: {protocol_number: …, ballots_issued: …, "
                              "ballots_in_box: …, ballots_invalid: …}"), (*key, "counting"))
    where = (*key, "counting")
    if not c.members:
        raise _rule(loaded, _("the session elects the counting commission of a secret "
                              "ballot, and the minutes name it: add counting.members (each with "
                              "name and, where it differs, {ru: …, kk: …})"), (*where, "members"))
    if c.ballots_issued > present:
        raise _rule(loaded, _("{ballots_issued} ballots issued to {present} members "
                              "present").format(ballots_issued=c.ballots_issued, present=present),
                            (*where, "ballots_issued"))
    if c.ballots_in_box > c.ballots_issued:
        raise _rule(loaded, _("{ballots_in_box} ballots in the box, more than the "
                              "{ballots_issued} issued").format(
                                ballots_in_box=c.ballots_in_box, ballots_issued=c.ballots_issued),
                            (*where, "ballots_in_box"))
    if c.ballots_invalid > c.ballots_in_box:
        raise _rule(loaded, _("{ballots_invalid} invalid ballots, more than the "
                              "{ballots_in_box} in the box").format(
                                ballots_invalid=c.ballots_invalid,
                                ballots_in_box=c.ballots_in_box),
                            (*where, "ballots_invalid"))
    return c.ballots_in_box - c.ballots_invalid


def check_approval(loaded: Loaded[Session], key: tuple, item: AgendaItem) -> None:
    """The session's open vote approving the counting commission's protocol."""
    s = loaded.model
    present = s.attendance.present if s.attendance else 0
    where = (*key, "counting", "approved")
    v = item.counting.approved if item.counting is not None else None
    if v is None:  # the minutes then record no vote of its own
        return
    if v.for_ + v.against + v.abstained > present:
        raise _rule(loaded, _("{cast} votes approving the counting commission's protocol, more "
                              "than the {present} members present").format(
                        cast=v.for_ + v.against + v.abstained, present=present), where)
    if v.for_ < session_majority(present):
        raise _rule(loaded, _("{got} votes for the counting commission's protocol, {needed} "
                              "needed: a protocol the session did not approve elects no one")
                    .format(got=v.for_, needed=session_majority(present)), where)


def check_election(loaded: Loaded[Session], index: int, item: AgendaItem) -> None:
    """An election item: per-candidate votes; a secret ballot with its counting commission."""
    s = loaded.model
    key = ("agenda", index)
    present = s.attendance.present if s.attendance else 0
    if s.body != "assembly":
        raise _rule(loaded, _("Majilis deputies are elected by a session of the Assembly, not "
                              "by the body '{body}' (the Council nominates them: kind: "
                              "decision)").format(
                                body=s.body),
                    (*key, "kind"))
    if item.votes is not None:
        raise _rule(loaded, _("an election gives the votes of each candidate "
                              "(candidates[n].votes), not one count for the list; remove votes"),
                    (*key, "votes"))
    if not item.candidates:
        raise _rule(loaded, _("an election needs its candidates, each with votes"),
                    (*key, "candidates"))
    secret = item_voting(s, item) == "secret"
    valid = present
    if secret:
        valid = check_ballots(loaded, key, item)
    elif item.counting is not None:
        raise _rule(loaded, _("a counting commission counts a secret ballot; this item is voted "
                              "openly (remove counting or set voting: secret)"), (*key, "counting"))
    for n, cand in enumerate(item.candidates):
        where = (*key, "candidates", n, "votes")
        if cand.votes is None:
            raise _rule(loaded, _("each candidate needs votes: {for: …, against: …}"), where)
        v = cand.votes
        if secret and v.abstained:
            raise _rule(loaded, _("a secret ballot has no 'abstained': a ballot is for or "
                                  "against each candidate (remove abstained)"),
                                (*where, "abstained"))
        cast = v.for_ + v.against + v.abstained
        if cast > valid:
            what = _("valid ballots") if secret else _("members present")
            raise _rule(loaded, _("{cast} votes for this candidate, more than the {valid} "
                                  "{what}").format(cast=cast, valid=valid, what=what), where)
    if secret:
        check_approval(loaded, key, item)


def _result(cand: Candidate, shown: dict[str, Any], needed: int, secret: bool, lang: str,
            labels: tuple[str, str, str]) -> tuple[bool, str]:
    v = cand.votes
    assert v is not None  # checked by check_election
    counts = [(labels[0], v.for_), (labels[1], v.against)]
    if not secret:
        counts.append((labels[2], v.abstained))
    words = in_force().majilis_election.words[lang]  # type: ignore[index]
    elected = v.for_ >= needed
    female = shown.get("gender") == "female"
    if elected:
        verdict = words.elected_female if female else words.elected
    else:
        verdict = words.not_elected_female if female else words.not_elected
    return elected, ", ".join(f"«{label}» — {n}" for label, n in counts) + f"; {verdict}"


def nominated_text(item: AgendaItem, lang: str, citer: Citer) -> str:
    """Who nominated the candidates: the Council, citing its decision when the data does."""
    election = citer.rulebook.majilis_election
    ref = item.council_decision
    if ref is None or election.nominated_by_decision is None:
        return citer.fill(election.nominated_by, [election.nomination_cite])
    return citer.fill(election.nominated_by_decision, [election.nomination_cite],
                      date=format_date(ref.date, lang, "attributive"), number=ref.number)


def election_context(s: Session, item: AgendaItem, present: int, lang: str, citer: Citer,
                     labels: tuple[str, str, str]) -> dict[str, Any]:
    """The election part of an item's context: basis, commission, per-candidate results."""
    rb = citer.rulebook
    election = rb.majilis_election
    words = election.words[lang]  # type: ignore[index]
    secret = item_voting(s, item) == "secret"
    needed = session_majority(present)
    candidates = []
    for number, cand in enumerate(item.candidates, start=1):
        shown = person(cand, lang)
        elected, result = _result(cand, shown, needed, secret, lang, labels)
        candidates.append({**shown, "number": number, "elected": elected, "result": result})
    commission = approve = ""
    approve_votes: list[dict[str, Any]] = []
    if secret and item.counting is not None:
        if item.counting.approved is not None:
            v = item.counting.approved
            approve_votes = [{"label": label, "count": n}
                             for label, n in zip(labels, (v.for_, v.against, v.abstained),
                                                 strict=True)]
        approve = citer.rulebook.minutes.counting_protocol_approved.get(lang).format(
            number=item.counting.protocol_number)
        c = item.counting
        commission = (f"{words.commission}: "
                      f"{words.commission_protocol.format(number=c.protocol_number)}; "
                      f"{words.ballots_issued} — {c.ballots_issued}, "
                      f"{words.ballots_in_box} — {c.ballots_in_box}, "
                      f"{words.ballots_invalid} — {c.ballots_invalid}")
    return {
        "basis": citer.fill(election.basis, [election.cite], law=election.law.get(lang)),
        "nominated": nominated_text(item, lang, citer),
        "commission": commission,
        "approve_protocol": approve,
        "approve_votes": approve_votes,
        "draft": words.draft,
        "results": words.results,
        "candidates": candidates,
        "elected": [c for c in candidates if c["elected"]],
        "elected_heading": words.elected_heading,
        "adopted": any(c["elected"] for c in candidates),
    }
