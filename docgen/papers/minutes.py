"""Minutes (протокол / хаттама) and Council decisions (решение / шешім): planners and rules.

Rules (computed here, never taken from the data):
- a session of the Assembly or of a small assembly is valid with ⌈2N/3⌉ present (p.8);
- a session item is adopted with ⌊P/2⌋+1 votes for (p.8);
- a Council item is adopted with ⌈2C/3⌉ votes for, C = all Council members (p.9),
  in a meeting or a poll (опросным путем / сауалнама арқылы);
- votes are never negative and never exceed those present (for a poll: those who
  answered, ``attendance.present``, itself at most ``members_total``);
- a stated ``outcome`` must agree with the votes.
Decisions: one document per adopted Council item, ``decision_<item>_<lang>.docx``.
"""

from __future__ import annotations

from typing import Any

from docgen.errors import RuleError
from docgen.input.models import AgendaItem, Session
from docgen.input.validate import Loaded
from docgen.law.rules import (
    check_session,
    council_majority,
    is_adopted,
    session_majority,
    session_quorum,
    votes_cast,
    votes_needed,
)
from docgen.papers.registry import Planned, planner, session_info
from docgen.rendering.context import FIELDS, describe_session_fields, person, text

OUTCOME = {
    "ru": {True: "Решение принято", False: "Решение не принято"},
    "kk": {True: "Шешім қабылданды", False: "Шешім қабылданбады"},
}
VOTE_LABELS = {
    "ru": ("за", "против", "воздержались"),
    "kk": ("қолдап", "қарсы", "қалыс қалды"),
}

# The last word of a number as read aloud in Kazakh decides the possessive suffix.
_KK_UNITS = ["", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
_KK_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
_BACK_VOWELS = set("аоұыя")
_VOWELS = set("аоұыяәеөүіиэюу")


def _kk_last_word(n: int) -> str:
    if n == 0:
        return "нөл"
    if n % 10:
        return _KK_UNITS[n % 10]
    if n % 100:
        return _KK_TENS[(n % 100) // 10]
    if n % 1000:
        return "жүз"
    if n % 1_000_000:
        return "мың"
    return "миллион"


def kk_possessive(n: int) -> str:
    """"352-сі", "29-ы", "21-і": a numeral with the 3rd-person possessive suffix."""
    word = _kk_last_word(n)
    back = next((ch in _BACK_VOWELS for ch in reversed(word) if ch in _VOWELS), False)
    vowel = "ы" if back else "і"
    ends_open = word[-1] in _VOWELS and word[-1] != "у"
    return f"{n}-{'с' if ends_open else ''}{vowel}"


def ru_of(n: int, singular_gen: str, plural_gen: str) -> str:
    """Genitive after "из"/"не менее": 21 члена, 385 членов, 2 членов."""
    return singular_gen if n % 10 == 1 and n % 100 != 11 else plural_gen


# ---------------------------------------------------------------- rules


def _rule(loaded: Loaded[Session], message: str, rule: str, key: tuple) -> RuleError:
    from docgen.input.loader import dotted

    return RuleError(message, rule=rule, path=loaded.path,
                     line=loaded.source.line_of(key), field=dotted(key))


def item_votes(loaded: Loaded[Session], index: int, item: AgendaItem) -> tuple[int, int, int]:
    """The item's votes, or an error naming ``agenda[n].votes`` when they are missing."""
    if item.votes is None:
        raise loaded.error("the minutes need the votes of every item "
                           "(votes: {for: …, against: …, abstained: …})",
                           ("agenda", index, "votes"))
    v = item.votes
    return v.for_, v.against, v.abstained


def check_minutes(loaded: Loaded[Session]) -> None:
    """Every rule the minutes of a session, Council meeting or Council poll must meet."""
    s = loaded.model
    if s.attendance is None:
        raise loaded.error("the minutes need attendance: {present: …} (members present)",
                           ("attendance",))
    if s.protocol_number is None:
        raise loaded.error("the minutes need protocol_number (the number of the protocol)",
                           ("protocol_number",))
    if s.mode == "poll" and s.body != "council":
        raise _rule(loaded, f"only the Council may decide by poll, not the body '{s.body}' "
                    "(set mode: meeting)", "decision by poll (p.9)", ("mode",))
    present, total = s.attendance.present, s.members_total
    if present > total:
        raise _rule(loaded, f"{present} present is more than the {total} members in all",
                    "attendance", ("attendance", "present"))
    if s.body != "council":
        needed = session_quorum(total)
        if present < needed:
            raise _rule(
                loaded,
                f"not quorate: {present} present of {total} members, at least {needed} "
                f"(two thirds) are required ({needed - present} more); no minutes can be made",
                "session quorum (p.8)", ("attendance", "present"))
    for i, item in enumerate(s.agenda):
        for_, against, abstained = item_votes(loaded, i, item)
        cast = votes_cast(for_, against, abstained)
        if cast > present:
            who = "members who answered the poll" if s.mode == "poll" else "members present"
            raise _rule(
                loaded,
                f"{for_} for + {against} against + {abstained} abstained = {cast} votes, "
                f"more than the {present} {who}",
                "votes within attendance (p.8, p.9)", ("agenda", i, "votes"))
        adopted = is_adopted(s.body, for_, present, total)
        if item.outcome is not None and (item.outcome == "adopted") != adopted:
            needed = votes_needed(s.body, present, total)
            basis = (f"two thirds of all {total} Council members (p.9)" if s.body == "council"
                     else f"more than half of the {present} present (p.8)")
            raise _rule(
                loaded,
                f"the file says '{item.outcome}', but {for_} votes for with {needed} needed "
                f"({basis}) means {'adopted' if adopted else 'not_adopted'}",
                "stated outcome", ("agenda", i, "outcome"))


def check_decision(loaded: Loaded[Session]) -> None:
    """Council decisions: a Council file whose minutes are valid, with an adopted item."""
    s = loaded.model
    if s.body != "council":
        raise _rule(loaded, f"decisions are made for the Council; this file's body is "
                    f"'{s.body}' (render its minutes instead)", "Council decision (p.9)",
                    ("body",))
    check_minutes(loaded)
    present = s.attendance.present if s.attendance else 0
    if not any(is_adopted(s.body, item.votes.for_ if item.votes else 0, present,
                          s.members_total) for item in s.agenda):
        raise _rule(loaded, f"no item reached {council_majority(s.members_total)} votes for, "
                    "so there is no decision to issue (the minutes record the vote)",
                    "Council decision (p.9)", ("agenda",))


# ---------------------------------------------------------------- context


def _rule_text(s: Session, present: int, lang: str) -> str:
    """The majority rule applied to an item, as a sentence after the outcome."""
    total = s.members_total
    if s.body == "council":
        needed = council_majority(total)
        if lang == "ru":
            return (f"Необходимо не менее {needed} "
                    f"{ru_of(needed, 'голоса', 'голосов')} «за» — две трети от общего числа "
                    f"членов Совета ({total}) согласно пункту 9 Положения")
        return (f"Ереженің 9-тармағына сәйкес Кеңес мүшелерінің жалпы санының ({total}) "
                f"үштен екісі — кемінде {needed} дауыс қажет")
    needed = session_majority(present)
    if lang == "ru":
        return (f"Необходимо не менее {needed} {ru_of(needed, 'голоса', 'голосов')} «за» — "
                f"более половины присутствующих ({present}) согласно пункту 8 Положения")
    return (f"Ереженің 8-тармағына сәйкес қатысқандардың ({present}) жартысынан астамы — "
            f"кемінде {needed} дауыс қажет")


def _attendance(s: Session, lang: str) -> dict[str, Any]:
    present, total = s.attendance.present, s.members_total  # type: ignore[union-attr]
    poll = s.mode == "poll"
    if lang == "ru":
        heading = "УЧАСТВОВАЛИ В ОПРОСЕ:" if poll else "ПРИСУТСТВОВАЛИ:"
    else:
        heading = "САУАЛНАМАҒА ҚАТЫСҚАНДАР:" if poll else "ҚАТЫСҚАНДАР:"
    if s.body == "council":
        needed = council_majority(total)
        if lang == "ru":
            quorum = (f"Присутствуют {present} из {total} {ru_of(total, 'члена', 'членов')} "
                      f"Совета; решение Совета действительно, если за него проголосовали "
                      f"не менее {needed} {ru_of(needed, 'члена', 'членов')} Совета (две трети "
                      f"от общего числа членов Совета)")
            if poll:
                quorum = (f"Решения приняты опросным путем (пункт 9 Положения): ответили "
                          f"{present} из {total} {ru_of(total, 'члена', 'членов')} Совета; "
                          f"решение действительно, если за него проголосовали не менее "
                          f"{needed} {ru_of(needed, 'члена', 'членов')} Совета (две трети "
                          f"от общего числа членов Совета)")
        else:
            quorum = (f"Кеңестің {total} мүшесінің {kk_possessive(present)} қатысуда; "
                      f"Кеңестің шешімі, егер ол үшін Кеңес мүшелерінің жалпы санының "
                      f"кемінде үштен екісі ({needed} мүше) дауыс берсе, жарамды болып табылады")
            if poll:
                quorum = (f"Шешімдер сауалнама арқылы қабылданды (Ереженің 9-тармағы): "
                          f"Кеңестің {total} мүшесінің {kk_possessive(present)} жауап берді; "
                          f"шешім, егер ол үшін Кеңес мүшелерінің жалпы санының кемінде үштен "
                          f"екісі ({needed} мүше) дауыс берсе, жарамды болып табылады")
    else:
        needed = session_quorum(total)
        if lang == "ru":
            quorum = (f"Кворум имеется: присутствуют {present} из {total} "
                      f"{ru_of(total, 'члена', 'членов')} (необходимо не менее {needed})")
        else:
            quorum = (f"Кворум бар: {total} мүшенің {kk_possessive(present)} қатысуда "
                      f"(кемінде {needed} қажет)")
    return {"heading": heading, "present": present, "invited": s.attendance.invited,  # type: ignore[union-attr]
            "members_total": total, "quorum_text": quorum}


_WORDS = {
    "ru": {"members": "Члены {body}: {present} (всего {total})",
           "invited": "Приглашенные: {n}",
           "open": "Голосование открытое", "secret": "Голосование тайное",
           "poll": "Голосование проведено опросным путем"},
    "kk": {"members": "{body} мүшелері: {present} (барлығы {total})",
           "invited": "Шақырылғандар: {n}",
           "open": "Дауыс беру ашық", "secret": "Дауыс беру жасырын",
           "poll": "Дауыс беру сауалнама арқылы өткізілді"},
}


def minutes_context(s: Session, lang: str) -> dict[str, Any]:
    """The session context plus attendance, quorum, per-item votes and outcomes."""
    from docgen.rendering.context import session_context

    ctx = session_context(s, lang)
    att = _attendance(s, lang)
    words = _WORDS[lang]
    present = att["present"]
    chair = ctx["chair"]
    if s.region and not chair["position"]:
        akim = ctx["region"]["akim"]
        chair["position"] = akim
    items = []
    for base, item in zip(ctx["agenda"], s.agenda, strict=True):
        votes = item.votes
        for_ = votes.for_ if votes else 0
        adopted = is_adopted(s.body, for_, present, s.members_total)
        labels = VOTE_LABELS[lang]
        items.append({
            **base,
            "heard": text(item.heard, lang),
            "spoke": [{**person(sp, lang), "summary": text(sp.summary, lang)}  # type: ignore[arg-type]
                      for sp in item.spoke],
            "decision": text(item.decision, lang),
            "votes": [{"label": labels[0], "count": for_},
                      {"label": labels[1], "count": votes.against if votes else 0},
                      {"label": labels[2], "count": votes.abstained if votes else 0}],
            "votes_for": for_,
            "needed": votes_needed(s.body, present, s.members_total),
            "adopted": adopted,
            "outcome_text": OUTCOME[lang][adopted],
            "rule_text": _rule_text(s, present, lang),
            "candidates": [{"number": n, **person(c, lang)}
                           for n, c in enumerate(item.candidates, start=1)],
        })
    ctx["agenda"] = items
    ctx["minutes"] = {
        **att,
        "protocol_number": s.protocol_number,
        "members_text": words["members"].format(body=ctx["body"]["genitive"],
                                                present=present, total=s.members_total),
        "invited_text": words["invited"].format(n=att["invited"]) if att["invited"] else "",
        "voting_text": words["poll" if s.mode == "poll" else s.voting],
        "poll": s.mode == "poll",
    }
    return ctx


def _minutes_fields() -> dict[str, tuple[str, str]]:
    fields = describe_session_fields()
    fields.update({
        "minutes.heading": ("str", "ПРИСУТСТВОВАЛИ: / ҚАТЫСҚАНДАР: (poll: УЧАСТВОВАЛИ В ОПРОСЕ:)"),
        "minutes.present": ("int", "members present (poll: who answered)"),
        "minutes.invited": ("int", "invited guests"),
        "minutes.members_total": ("int", "all members of the body"),
        "minutes.quorum_text": ("str", "the quorum sentence (Council: the validity rule)"),
        "minutes.protocol_number": ("int", "the protocol's number"),
        "minutes.members_text": ("str", "'Члены …: 352 (всего 385)'"),
        "minutes.invited_text": ("str", "'Приглашенные: 40', or '' when none"),
        "minutes.voting_text": ("str", "open / secret / poll, as a sentence"),
        "minutes.poll": ("bool", "the Council decided by poll"),
        "minutes.present_list": ("list", "annex: those present, from the roll (number, name, "
                                         "position); [] when the file gives a number"),
        "minutes.present_list_title": ("str", "the annex's title ('Список присутствовавших "
                                              "членов …')"),
        "agenda[].heard": ("str", "СЛУШАЛИ / ТЫҢДАЛДЫ text, or ''"),
        "agenda[].spoke": ("list", "ВЫСТУПИЛИ: name, position, summary"),
        "agenda[].decision": ("str", "ПОСТАНОВИЛИ / ҚАУЛЫ ЕТТІ text"),
        "agenda[].votes": ("list", "vote table rows: label (за / қолдап …), count"),
        "agenda[].votes_for": ("int", "votes for"),
        "agenda[].needed": ("int", "votes for needed (p.8 or p.9)"),
        "agenda[].adopted": ("bool", "computed outcome"),
        "agenda[].outcome_text": ("str", "Решение принято / Шешім қабылданды, or not adopted"),
        "agenda[].rule_text": ("str", "the majority rule applied, with its figures"),
        "agenda[].candidates": ("list", "numbered candidates: number, name, position"),
    })
    return fields


FIELDS["minutes"] = _minutes_fields()
FIELDS["decision"] = {
    **FIELDS["minutes"],
    "decision": ("mapping", "the adopted agenda item this decision is made of"),
    **{"decision." + key[len("agenda[]."):]: value for key, value in FIELDS["minutes"].items()
       if key.startswith("agenda[].")},
}

_MINUTES_WORDS = {"ru": ("Протокол", "протокол"), "kk": ("хаттамасы", "хаттама")}
_DECISION_WORDS = {"ru": ("Решение", "решение Совета Ассамблеи"),
                   "kk": ("шешімі", "Ассамблея Кеңесінің шешімі")}


def check_minutes_file(loaded: Loaded[Session]) -> None:
    """The file's convocation rules, then the minutes' rules."""
    check_session(loaded)
    check_minutes(loaded)


def check_decision_file(loaded: Loaded[Session]) -> None:
    """The file's convocation rules, then the decisions' rules."""
    check_session(loaded)
    check_decision(loaded)


def present_annex(loaded: Loaded[Session], ctx: dict[str, Any], lang: str) -> dict[str, Any]:
    """The annexed list of those present, when the file lists them (from the roll)."""
    facts = loaded.roll
    present = facts.present if facts is not None else None
    people = [{"number": n, "name": e.member.name(lang), "position": e.member.position(lang)}
              for n, e in enumerate(present or [], start=1)]
    body = ctx["body"]["genitive"]
    poll = loaded.model.mode == "poll"
    if lang == "ru":
        title = (f"Список членов {body}, участвовавших в опросе" if poll
                 else f"Список присутствовавших членов {body}")
    else:
        title = f"{body} {'сауалнамаға ' if poll else ''}қатысқан мүшелерінің тізімі"
    return {"present_list": people, "present_list_title": title}


@planner("minutes", check_minutes_file)
def plan_minutes(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The minutes (протокол / хаттама) of a session, Council meeting or poll."""
    s = loaded.model
    ctx = minutes_context(s, lang)
    ctx["minutes"].update(present_annex(loaded, ctx, lang))
    if lang == "ru":
        title = f"{_MINUTES_WORDS['ru'][0]} № {s.protocol_number} {ctx['session']['genitive']}"
    else:
        title = f"{ctx['session']['genitive']} № {s.protocol_number} {_MINUTES_WORDS['kk'][0]}"
    info = session_info(s, "minutes", lang, s.protocol_number, s.date, title,
                        _MINUTES_WORDS[lang][1])
    ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": s.date}
    return [Planned(f"minutes_{lang}.docx", "minutes.docx", lang, ctx, info)]


@planner("decision", check_decision_file)
def plan_decisions(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """One Council decision (решение / шешім) per adopted item, numbered on from the first."""
    s = loaded.model
    ctx = minutes_context(s, lang)
    number = s.decision_number or s.protocol_number or 1
    docs = []
    for item in ctx["agenda"]:
        if not item["adopted"]:
            continue
        doc_ctx = dict(ctx)
        doc_ctx["decision"] = item
        if lang == "ru":
            title = f"{_DECISION_WORDS['ru'][0]} {ctx['body']['genitive']} № {number}"
        else:
            title = f"{ctx['body']['genitive']} № {number} {_DECISION_WORDS['kk'][0]}"
        info = session_info(s, "decision", lang, number, s.date, title,
                            _DECISION_WORDS[lang][1], extra=f"item{item['number']}")
        doc_ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": s.date}
        docs.append(Planned(f"decision_{item['number']}_{lang}.docx", "decision.docx", lang,
                            doc_ctx, info))
        number += 1
    return docs
