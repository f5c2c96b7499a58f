"""Requisites of the minutes and the Council decisions that official papers always carry.

Minutes of a meeting: the first recorded decision approves the agenda and the way of voting
(the session chooses it, the rulebook's 'sessions' paragraph), with its vote; the times the
session opened and closed; and, when the data lists the members present,
"Список присутствующих прилагается" with the list annexed. Council decisions: who controls
their execution, and to whom they are sent.
Values come from the data (``procedure``, ``attendance.members``, ``control``,
``distribution``); docgen checks them and never fills them in.
"""

from __future__ import annotations

from typing import Any

from docgen.errors import RuleError
from docgen.i18n import N_, _
from docgen.input.loader import dotted
from docgen.input.models import AgendaItem, Session, Votes
from docgen.input.validate import Loaded
from docgen.law.rulebook import in_force
from docgen.law.rules import is_adopted, ref, votes_cast
from docgen.rendering.context import person, text
from docgen.rendering.names import person_fields


def _rule_procedure() -> str:
    return f"the agenda and the way of voting are approved first ({ref('sessions')})"


_RULE_LIST = N_("the annexed list of members present")

def _rule(loaded: Loaded[Session], message: str, rule: str, key: tuple) -> RuleError:
    return RuleError(message, rule=rule, path=loaded.path, line=loaded.source.line_of(key),
                     field=dotted(key))


def check_requisites(loaded: Loaded[Session]) -> None:
    """The minutes' requisites agree with the rest of the file (after attendance is checked)."""
    s = loaded.model
    present = s.attendance.present if s.attendance else 0
    members = s.attendance.members if s.attendance else []
    if members and len(members) != present:
        raise _rule(loaded, _("the list of members present has {count} names but "
                              "attendance.present is {present}; they must agree").format(
                                count=len(members), present=present),
                    _(_RULE_LIST), ("attendance", "members"))
    if s.mode == "poll":
        if s.procedure is not None:
            raise _rule(loaded, _("a Council poll has no meeting whose agenda is approved; "
                                  "remove procedure"), _rule_procedure(), ("procedure",))
        return
    if s.procedure is None:
        raise loaded.error(_("the minutes of a meeting record first the vote approving the "
                             "agenda and the way of voting ({ref}); add procedure: "
                             "{{votes: "
                             "{{for: …, against: …, abstained: …}}, closed_at: \"HH:MM\"}}").format(
                               ref=ref('sessions')),
                           ("procedure",))
    v = s.procedure.votes
    cast = votes_cast(v.for_, v.against, v.abstained)
    if cast > present:
        raise _rule(loaded, _("{for_} for + {against} against + {abstained} abstained = "
                              "{cast} votes, more than the {present} members present").format(
                        for_=v.for_, against=v.against, abstained=v.abstained, cast=cast,
                        present=present),
                    _("votes within attendance ({cite})").format(cite=ref("sessions", "council")),
                    ("procedure", "votes"))
    opened = s.procedure.opened_at or s.time
    closed = s.procedure.closed_at
    if closed is not None and _minutes(closed) <= _minutes(opened):
        raise _rule(loaded, _("the session closed at {closed}, not after it opened at "
                              "{opened}").format(
                                closed=closed, opened=opened),
                    _("times of the session"), ("procedure", "closed_at"))


def _minutes(clock: str) -> int:
    hours, _sep, minutes = clock.partition(":")
    return int(hours) * 60 + int(minutes)


def _vote_rows(votes: Votes, labels: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"label": labels[0], "count": votes.for_},
            {"label": labels[1], "count": votes.against},
            {"label": labels[2], "count": votes.abstained}]


def _joined(numbers: list[int], lang: str) -> str:
    """"3", "3 и 4", "2, 3 и 4" / "3 және 4"."""
    shown = [str(n) for n in numbers]
    word = " и " if lang == "ru" else " және "
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + word + shown[-1]


def secret_items(s: Session) -> list[int]:
    """The numbers of the items voted by secret ballot."""
    return [n for n, item in enumerate(s.agenda, start=1)
            if (item.voting or s.voting) == "secret"]


def voting_note(s: Session, lang: str) -> str:
    """", по вопросу 3 — тайное" after an open session's way of voting ('' for none)."""
    secret = secret_items(s)
    if not secret or s.voting == "secret":
        return ""
    return ", " + in_force().minutes.secret_note.get(lang).format(number=_joined(secret, lang))


def procedure_text(s: Session, lang: str) -> str:
    """The session's first decision: the agenda approved, the way of voting chosen (the
    rulebook's sessions paragraph), and
    for a secret ballot of some items the counting commission elected (rulebook wording)."""
    words = in_force().minutes
    parts = [words.agenda_approved.get(lang), words.voting[s.voting].get(lang)]
    secret = secret_items(s)
    if secret and s.voting != "secret":
        phrase = words.secret_item if len(secret) == 1 else words.secret_items
        parts.append(phrase.get(lang).format(number=_joined(secret, lang)))
    members: list[dict[str, Any]] = []
    for item in s.agenda:
        if item.counting is not None:
            members += [person(m, lang) for m in item.counting.members]
    if members:
        case = "genitive" if lang == "ru" else "nominative"
        names = ", ".join(dict.fromkeys(
            (m[case]["surname_initials"] if case != "nominative" else m["surname_initials"])
            for m in members))
        parts.append(words.counting_commission.get(lang).format(names=names))
    return "; ".join(parts)


def minutes_requisites(s: Session, lang: str, labels: tuple[str, str, str],
                       outcome: dict[bool, str]) -> dict[str, Any]:
    """Context of the minutes' requisites: ``procedure``, ``opened_at``, ``closed_at``,
    ``attendees`` and the sentences announcing the annexes (the list of members present or
    the register, the list of the invited)."""
    present = s.attendance.present if s.attendance else 0
    members = s.attendance.members if s.attendance else []
    invited = s.attendance.invited if s.attendance else 0
    words = in_force().minutes
    procedure = None
    if s.procedure is not None:
        adopted = is_adopted(s.body, s.procedure.votes.for_, present, s.members_total)
        procedure = {"voting": procedure_text(s, lang),
                     "votes": _vote_rows(s.procedure.votes, labels),
                     "adopted": adopted, "outcome_text": outcome[adopted]}
    if members:
        attached = words.members_attached.get(lang)
    elif s.mode == "meeting":
        attached = words.register_attached.get(lang)
    else:
        attached = in_force().poll.sheets_attached.get(lang)
    return {
        "procedure": procedure,
        "opened_at": "" if s.mode == "poll" else
        (s.procedure.opened_at if s.procedure and s.procedure.opened_at else s.time),
        "closed_at": (s.procedure.closed_at or "") if s.procedure else "",
        "attendees": [person(m, lang) for m in members],
        "attached_text": attached,
        "invited_text": words.invited_attached.get(lang).format(count=invited) if invited
        else "",
    }


def decision_requisites(s: Session, item: AgendaItem, lang: str) -> dict[str, Any]:
    """A Council decision's ``control`` (person or None) and ``distribution`` (texts)."""
    control = item.control or s.control
    distribution = item.distribution or s.distribution
    return {"control": person(control, lang) if control is not None else None,
            "distribution": [text(t, lang) for t in distribution]}


MINUTES_FIELDS: dict[str, tuple[str, str]] = {
    "minutes.procedure": ("mapping|None", "the first decision: the agenda and the way of "
                          "voting approved (None for a poll)"),
    "minutes.procedure.voting": ("str", "'утвердить повестку дня; голосование провести "
                                 "открыто; по вопросу 3 провести тайное голосование; избрать "
                                 "счетную комиссию в составе: …' (rulebook wording)"),
    "minutes.procedure.votes": ("list", "vote rows: label, count"),
    "minutes.procedure.adopted": ("bool", "computed outcome"),
    "minutes.procedure.outcome_text": ("str", "Решение принято / Шешім қабылданды"),
    "minutes.opened_at": ("str", "when the session opened, HH:MM ('' for a poll)"),
    "minutes.closed_at": ("str", "when it closed, HH:MM, or ''"),
    "minutes.attendees": ("list", "the members present by name (the annex), each a person"),
    "minutes.attached_text": ("str", "'Список присутствующих прилагается' (members listed), "
                              "'Явочный лист прилагается' (a meeting), or '' (a poll)"),
    "minutes.invited_text": ("str", "'Приглашенные: 40 (список прилагается)', or '' when none"),
}
DECISION_FIELDS: dict[str, tuple[str, str]] = {
    "decision.control": ("mapping|None", "who controls the execution, or None"),
    **person_fields("decision.control", "who controls the execution"),
    "decision.distribution": ("list", "to whom the decision is sent (texts)"),
}
