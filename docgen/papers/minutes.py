"""Minutes (протокол / хаттама) and Council decisions (решение / шешім): planners and rules.

Rules (computed here, never taken from the data):
Thresholds come from the rulebook in force (defaults shown):
- a session of the Assembly or of a small assembly is valid with ⌈2N/3⌉ present;
- a session item is adopted with ⌊P/2⌋+1 votes for;
- a Council item is adopted with ⌈2C/3⌉ votes for, C = all Council members,
  in a meeting or a poll (опросным путем / сауалнама арқылы);
- votes are never negative and never exceed those present (for a poll: those who
  answered, ``attendance.present``, itself at most ``members_total``);
- a stated ``outcome`` must agree with the votes.
Decisions: one document per adopted Council item, ``decision_<item>_<lang>.docx``.
"""

from __future__ import annotations

from typing import Any

from docgen.errors import RuleError
from docgen.i18n import _
from docgen.input.models import AgendaItem, Session, next_identifier
from docgen.input.validate import Loaded
from docgen.law.rulebook import Citer, in_force
from docgen.law.rules import (
    check_session,
    council_majority,
    is_adopted,
    ref,
    session_majority,
    session_quorum,
    votes_cast,
    votes_needed,
)
from docgen.papers.elections import check_election, election_context
from docgen.papers.registry import Planned, paper_title, planner, session_info, session_paper
from docgen.papers.requisites import (
    DECISION_FIELDS,
    MINUTES_FIELDS,
    check_requisites,
    decision_requisites,
    minutes_requisites,
    voting_note,
)
from docgen.rendering.context import (
    FIELDS,
    describe_session_fields,
    own_regulation_cite,
    person,
    text,
)
from docgen.rendering.kazakh import numeral_possessive
from docgen.rendering.lang import format_date
from docgen.rendering.names import person_fields

OUTCOME = {
    "ru": {True: "Решение принято", False: "Решение не принято"},
    "kk": {True: "Шешім қабылданды", False: "Шешім қабылданбады"},
}
VOTE_LABELS = {
    "ru": ("за", "против", "воздержались"),
    "kk": ("жақтап", "қарсы", "қалыс қалды"),
}

kk_possessive = numeral_possessive
"""'352-сі', '29-ы': a numeral with the Kazakh possessive (rendering.kazakh)."""


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
        raise loaded.error(_("the minutes need the votes of every item "
                             "(votes: {for: …, against: …, abstained: …})"),
                           ("agenda", index, "votes"))
    v = item.votes
    return v.for_, v.against, v.abstained


def check_minutes(loaded: Loaded[Session]) -> None:
    """Every rule the minutes of a session, Council meeting or Council poll must meet."""
    s = loaded.model
    if s.attendance is None:
        raise loaded.error(_("the minutes need attendance: {present: …} (members present)"),
                           ("attendance",))
    if s.protocol_number is None:
        raise loaded.error(_("the minutes need protocol_number (the number of the protocol)"),
                           ("protocol_number",))
    if s.mode == "poll" and s.body != "council":
        raise _rule(loaded, _("only the Council may decide by poll, not the body '{body}' "
                              "(set mode: meeting)").format(body=s.body),
                            _("decision by poll ({ref})").format(ref=ref('council')),
                                           ("mode",))
    present, total = s.attendance.present, s.members_total
    if present > total:
        raise _rule(loaded, _("{present} present is more than the {total} members in all").format(
                                present=present, total=total),
                    _("attendance"), ("attendance", "present"))
    if s.body != "council":
        needed = session_quorum(total)
        quorum = in_force().thresholds.session_quorum
        if present < needed:
            raise _rule(
                loaded,
                _("not quorate: {present} present of {total} members, at least {needed} "
                  "({share}) are required ({more} more); no minutes can be made").format(
                    present=present, total=total, needed=needed, share=quorum.describe(),
                    more=needed - present),
                _("session quorum ({cite})").format(cite=ref(quorum.cite)),
                ("attendance", "present"))
    for i, item in enumerate(s.agenda):
        if item.kind == "membership" and s.body != "council":
            raise _rule(loaded, _("candidates for membership are considered at a Council "
                                  "meeting, not by the body '{body}' (set kind: decision)").format(
                                    body=s.body),
                        f"admission ({ref('admission')})", ("agenda", i, "kind"))
        _check_annex(loaded, i, item)
        if s.body == "council" and s.mode == "meeting" and item.heard and not item.speakers:
            raise loaded.error(
                _("the minutes say who was heard on item {number} (СЛУШАЛИ / ТЫҢДАЛДЫ: "
                  "heard), so they name the speaker: add speakers: [{{name: …, position: …}}]")
                .format(number=i + 1), ("agenda", i, "heard"))
        if item.kind == "majilis_election":
            check_election(loaded, i, item)
            continue
        for_, against, abstained = item_votes(loaded, i, item)
        cast = votes_cast(for_, against, abstained)
        if cast > present:
            who = _("members who answered the poll") if s.mode == "poll" else _("members present")
            raise _rule(
                loaded,
                _("{for_} for + {against} against + {abstained} abstained = {cast} votes, "
                  "more than the {present} {who}").format(
                    for_=for_, against=against, abstained=abstained, cast=cast, present=present,
                    who=who),
                _("votes within attendance ({ref})").format(ref=ref('sessions', 'council')),
                ("agenda", i, "votes"))
        adopted = is_adopted(s.body, for_, present, total)
        if item.outcome is not None and (item.outcome == "adopted") != adopted:
            needed = votes_needed(s.body, present, total)
            th = in_force().thresholds
            basis = (f"{th.council_majority.describe()} ({total}; {ref(th.council_majority.cite)})"
                     if s.body == "council" else
                     f"{th.session_majority.describe()} ({present}; "
                     f"{ref(th.session_majority.cite)})")
            raise _rule(
                loaded,
                _("the file says '{outcome}', but {for_} votes for with {needed} needed "
                  "({basis}) means {outcome_due}").format(
                    outcome=item.outcome, for_=for_, needed=needed, basis=basis,
                    outcome_due='adopted' if adopted else 'not_adopted'),
                "stated outcome", ("agenda", i, "outcome"))
    check_requisites(loaded)
    _check_poll(loaded)


def decision_text(item: AgendaItem, lang: str) -> str:
    """The item's decision: the data's, or for a membership item the rulebook's."""
    given = text(item.decision, lang)
    if given or item.kind != "membership":
        return given
    return in_force().sentences.membership_decision.get(lang)


def _check_annex(loaded: Loaded[Session], index: int, item: AgendaItem) -> None:
    """A decision approving a composition "согласно приложению" has its annex, and back."""
    words = in_force().minutes.per_annex
    for lang in ("ru", "kk"):
        said = words.get(lang) in text(item.decision, lang)
        if item.annex is not None and not said:
            raise _rule(loaded, _("the item annexes a list, so its decision says "
                                  "'{words}' ({lang})").format(words=words.get(lang), lang=lang),
                                _("annexed composition"),
                        ("agenda", index, "decision"))
        if item.annex is None and said:
            raise _rule(loaded, _("the decision says '{words}' ({lang}) but the item "
                                  "has no annex: add annex: {{title: {{ru: …, kk: …}}, members: "
                                  "[{{name: …, position: …}}]}} (a composition) or rows: "
                                  "[{{what: …, when: …, who: …}}] (a plan)").format(
                                    words=words.get(lang), lang=lang),
                        _("annexed composition"), ("agenda", index, "decision"))


def _check_poll(loaded: Loaded[Session]) -> None:
    """A poll's record states its sheets: sent, due and returned, in that order of dates."""
    s = loaded.model
    rule = f"decision by poll ({ref('council')})"
    if s.mode != "poll":
        if s.poll is not None:
            raise _rule(loaded, _("poll is for mode: poll (the sheets of a Council poll); "
                                  "remove it"), rule, ("poll",))
        return
    if s.poll is None:  # the record then says nothing of the sheets' dates and counts
        return
    p = s.poll
    present = s.attendance.present if s.attendance else 0
    if p.sheets_sent > s.members_total:
        raise _rule(loaded, _("{sheets_sent} poll sheets sent to a Council of "
                              "{members_total}").format(
                                sheets_sent=p.sheets_sent, members_total=s.members_total),
                            rule, ("poll", "sheets_sent"))
    if present > p.sheets_sent:
        raise _rule(loaded, _("{present} sheets returned (attendance.present), more than the "
                              "{sheets_sent} sent").format(
                                present=present, sheets_sent=p.sheets_sent),
                            rule, ("poll", "sheets_sent"))
    if not s.convocation.decided_on <= p.sent_on <= p.returned_by <= s.date:
        raise _rule(loaded, _("the decision ({decided_on}), the sheets sent "
                              "({sent_on}), due back ({returned_by}) and the record ({date}) must "
                              "come in this order").format(
                                decided_on=s.convocation.decided_on, sent_on=p.sent_on,
                                returned_by=p.returned_by, date=s.date),
                            rule, ("poll", "sent_on"))


def check_decision(loaded: Loaded[Session]) -> None:
    """Council decisions: a Council file whose minutes are valid, with an adopted item."""
    s = loaded.model
    if s.body != "council":
        raise _rule(loaded, _("decisions are made for the Council; this file's body is "
                              "'{body}' (render its minutes instead)").format(body=s.body),
                    _("Council decision ({ref})").format(ref=ref('council')), ("body",))
    check_minutes(loaded)
    present = s.attendance.present if s.attendance else 0
    if not any(is_adopted(s.body, item.votes.for_ if item.votes else 0, present,
                          s.members_total) for item in s.agenda):
        raise _rule(loaded, _("no item reached {council_majority} votes for, "
                              "so there is no decision to issue (the minutes record the "
                              "vote)").format(
                                council_majority=council_majority(s.members_total)),
                    _("Council decision ({ref})").format(ref=ref('council')), ("agenda",))


# ---------------------------------------------------------------- context


def _rule_text(s: Session, present: int, lang: str, citer: Citer) -> str:
    """The majority rule applied to an item, as a sentence after the outcome (rulebook)."""
    rb = citer.rulebook
    total = s.members_total
    if s.body == "council":
        needed = council_majority(total)
        votes = (f"{needed} {ru_of(needed, 'голоса', 'голосов')}" if lang == "ru"
                 else str(needed))
        return citer.fill(rb.sentences.council_majority, [rb.thresholds.council_majority.cite],
                          needed=votes, total=total)
    needed = session_majority(present)
    votes = f"{needed} {ru_of(needed, 'голоса', 'голосов')}" if lang == "ru" else str(needed)
    if s.body == "small_assembly":
        return citer.fill(rb.sentences.own_majority, needed=votes, present=present)
    return citer.fill(rb.sentences.session_majority, [rb.thresholds.session_majority.cite],
                      needed=votes, present=present)


def _draft(decision: str, item: AgendaItem, lang: str, citer: Citer) -> str:
    """"На голосование поставлен проект решения: «…»" of a draft that was not adopted."""
    title = decision.strip().rstrip(".:;")
    if item.candidates:
        title += ": " + ", ".join(person(c, lang)["name"] for c in item.candidates)
    return citer.fill(citer.rulebook.sentences.draft_not_adopted, title=title)


def _members(n: int, lang: str) -> str:
    """"31 члена" / "385 членов" after "из", "не менее"; kk: the bare number."""
    return f"{n} {ru_of(n, 'члена', 'членов')}" if lang == "ru" else str(n)


def _members_by(n: int, lang: str) -> str:
    """"(принято не менее чем) 21 членом" / "22 членами" (instrumental); kk: the bare number."""
    return f"{n} {ru_of(n, 'членом', 'членами')}" if lang == "ru" else str(n)


def _attendance(s: Session, lang: str, citer: Citer) -> dict[str, Any]:
    present, total = s.attendance.present, s.members_total  # type: ignore[union-attr]
    rb = citer.rulebook
    poll = s.mode == "poll"
    if lang == "ru":
        heading = "УЧАСТВОВАЛИ В ОПРОСЕ:" if poll else "ПРИСУТСТВОВАЛИ:"
    else:
        heading = "САУАЛНАМАҒА ҚАТЫСҚАНДАР:" if poll else "ҚАТЫСҚАНДАР:"
    shown = str(present) if lang == "ru" else kk_possessive(present)
    if s.body == "council":
        needed = council_majority(total)
        phrase = rb.sentences.council_poll_validity if poll else rb.sentences.council_validity
        quorum = citer.fill(phrase, [rb.thresholds.council_majority.cite], present=shown,
                            total=_members(total, lang), needed=_members_by(needed, lang))
    else:
        needed = session_quorum(total)
        majority = session_majority(present)
        votes = (f"{majority} {ru_of(majority, 'голоса', 'голосов')}" if lang == "ru"
                 else str(majority))
        if s.body == "small_assembly":
            quorum = citer.fill(rb.sentences.own_quorum, present=shown,
                                total=_members(total, lang), needed=needed,
                                regulation=own_regulation_cite(s, lang, citer))
            rule = citer.fill(rb.sentences.own_majority, needed=votes, present=present)
        else:
            quorum = citer.fill(rb.sentences.session_quorum,
                                [rb.thresholds.session_quorum.cite], present=shown,
                                total=_members(total, lang), needed=needed)
            rule = citer.fill(rb.sentences.session_majority,
                              [rb.thresholds.session_majority.cite], needed=votes,
                              present=present)
        # the majority rule is stated once, here; each vote then says only its outcome
        quorum = f"{quorum}. {rule}"
    invited = len(s.attendance.guests) or s.attendance.invited  # type: ignore[union-attr]
    return {"heading": heading, "present": present, "invited": invited,
            "members_total": total, "quorum_text": quorum}


_WORDS = {
    "ru": {"members": "Члены {body}: {present} (всего {total})",
           "open": "Голосование открытое", "secret": "Голосование тайное"},
    "kk": {"members": "{body} мүшелері: {present} (барлығы {total})",
           "open": "Дауыс беру ашық", "secret": "Дауыс беру жасырын"},
}


def signatures(s: Session, lang: str) -> list[dict[str, str]]:
    """Who signs the minutes: the chair (presiding at a Council meeting) and the secretary;
    a poll protocol is attested by the working body that ran the poll (rulebook)."""
    rb = in_force()
    chair = person(s.chair, lang)
    secretary = person(s.secretary, lang)
    if s.body == "council" and s.mode == "poll":
        return [{"label": rb.poll.attested_by.get(lang), "under": secretary["position"],
                 **secretary}]
    if s.body == "council":
        first = {"label": rb.signatures.presiding.get(lang), "under": chair["position"], **chair}
    else:
        first = {"label": rb.signatures.chairman.get(lang), "under": "", **chair}
    return [first,
            {"label": rb.signatures.secretary.get(lang), "under": "", **secretary}]


def decision_signature(s: Session, lang: str) -> dict[str, str]:
    """Who signs a Council decision: the presiding deputy chairman (his position under the
    label); a decision taken by poll is signed under the signer's own position."""
    chair = person(s.chair, lang)
    if s.mode == "poll":
        position = chair["position"]
        return {"label": position[:1].upper() + position[1:], "under": "", **chair}
    return {"label": in_force().signatures.presiding.get(lang), "under": chair["position"],
            **chair}


def minutes_context(s: Session, lang: str) -> dict[str, Any]:
    """The session context plus attendance, quorum, per-item votes and outcomes."""
    from docgen.rendering.context import session_context

    ctx = session_context(s, lang)
    citer = Citer(in_force(), lang)
    att = _attendance(s, lang, citer)
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
        labels = VOTE_LABELS[lang]
        election = (election_context(s, item, present, lang, citer, labels)
                    if item.kind == "majilis_election" else None)
        adopted = (election["adopted"] if election is not None
                   else is_adopted(s.body, for_, present, s.members_total))
        decision = decision_text(item, lang)
        items.append({
            **base,
            "heard": text(item.heard, lang),
            "spoke": [{**person(sp, lang), "summary": text(sp.summary, lang)}  # type: ignore[arg-type]
                      for sp in item.spoke],
            "decision": decision,
            "votes": [{"label": labels[0], "count": for_},
                      {"label": labels[1], "count": votes.against if votes else 0},
                      {"label": labels[2], "count": votes.abstained if votes else 0}],
            "votes_for": for_,
            "needed": votes_needed(s.body, present, s.members_total),
            "adopted": adopted,
            "outcome_text": OUTCOME[lang][adopted],
            "rule_text": _rule_text(s, present, lang, citer),
            "candidates": [{"number": n, **person(c, lang)}
                           for n, c in enumerate(item.candidates, start=1)],
            "draft_text": "" if adopted else _draft(decision, item, lang, citer),
            "election": election,
            "annex": ({"title": text(item.annex.title, lang),
                       "members": [person(m, lang) for m in item.annex.members],
                       "rows": [{"number": n, "what": text(r.what, lang),
                                 "when": text(r.when, lang), "who": text(r.who, lang)}
                                for n, r in enumerate(item.annex.rows, start=1)]}
                      if item.annex is not None else None),
            "voting_text": words[item.voting] if item.voting else "",
        })
    ctx["agenda"] = items
    ctx["signatures"] = signatures(s, lang)
    rb = in_force()
    ctx["chair_label"] = (rb.signatures.presiding if s.body == "council"
                          else rb.signatures.chairman).get(lang)
    poll_text = ""
    if s.mode == "poll" and s.poll is not None:
        p = s.poll
        poll_text = rb.poll.conducted.get(lang).format(
            date=format_date(s.convocation.decided_on, lang, "attributive"),
            sent_on=format_date(p.sent_on, lang, "plain" if lang == "ru" else "locative"),
            returned_by=format_date(p.returned_by, lang), sent=p.sheets_sent,
            present=present)
    ctx["minutes"] = {
        **att,
        "poll_text": poll_text,
        "questions_heading": rb.poll.questions.get(lang) if s.mode == "poll" else "",
        "protocol_number": s.protocol_number,
        "members_text": words["members"].format(body=ctx["body"]["genitive"],
                                                present=present, total=s.members_total),
        # a poll says "опросным путем" once, in its validity sentence
        "voting_text": "" if s.mode == "poll" else words[s.voting] + voting_note(s, lang),
        "poll": s.mode == "poll",
        **minutes_requisites(s, lang, VOTE_LABELS[lang], OUTCOME[lang]),
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
        "minutes.voting_text": ("str", "open / secret, as a sentence ('' for a poll)"),
        "minutes.poll": ("bool", "the Council decided by poll"),
        "minutes.poll_text": ("str", "a poll: who ran it on whose decision, the sheets sent, "
                                     "due and returned (rulebook), or ''"),
        "minutes.questions_heading": ("str", "a poll: 'ВОПРОСЫ, ПОСТАВЛЕННЫЕ НА ГОЛОСОВАНИЕ:', "
                                             "or ''"),
        "chair_label": ("str", "Председатель / Председательствующий (Council), from the rulebook"),
        "signatures": ("list", "signature rows: label, name, position, under (a line under "
                                "the label, or '')"),
        "agenda[].heard": ("str", "СЛУШАЛИ / ТЫҢДАЛДЫ text, or ''"),
        "agenda[].spoke": ("list", "ВЫСТУПИЛИ: name, position, summary"),
        "agenda[].decision": ("str", "ПОСТАНОВИЛИ / ҚАУЛЫ ЕТТІ text"),
        "agenda[].votes": ("list", "vote rows: label (за / жақтап …), count; the "
                                     "templates write them in one line"),
        "agenda[].votes_for": ("int", "votes for"),
        "agenda[].needed": ("int", "votes for needed (session or Council majority)"),
        "agenda[].adopted": ("bool", "computed outcome"),
        "agenda[].outcome_text": ("str", "Решение принято / Шешім қабылданды, or not adopted"),
        "agenda[].rule_text": ("str", "the majority rule applied, with its figures"),
        "agenda[].candidates": ("list", "numbered candidates: number, name, position"),
        "agenda[].draft_text": ("str", "a draft not adopted: 'На голосование поставлен проект "
                                       "решения: «…»' (rulebook), or ''"),
        "agenda[].voting_text": ("str", "the item's own way of voting, or ''"),
        "agenda[].annex": ("mapping|None", "a composition or plan approved: title, members "
                                           "(persons) or rows (number, what, when, who), "
                                           "annexed to the decision"),
        "agenda[].election": ("mapping|None", "Majilis election: basis, nominated, commission, "
                                              "draft, results, candidates (number, name, "
                                              "result, elected), elected, elected_heading"),
        **MINUTES_FIELDS,
    })
    return fields


FIELDS["minutes"] = _minutes_fields()
FIELDS["decision"] = {
    **FIELDS["minutes"],
    "decision": ("mapping", "the adopted agenda item this decision is made of"),
    "decision_basis": ("str", "the legal basis from the rulebook: 'в соответствии с пунктом … "
                              "Положения …, утвержденного …' / '… сәйкес'"),
    "signature.label": ("str", "Председательствующий / Төрағалық етуші (a poll decision: the "
                               "signer's position)"),
    **person_fields("signature", "who signs"),
    "signature.under": ("str", "the line under the label, or ''"),
    **{"decision." + key[len("agenda[]."):]: value for key, value in FIELDS["minutes"].items()
       if key.startswith("agenda[].")},
    **DECISION_FIELDS,
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


@planner("minutes", check_minutes_file, printed="minutes.protocol_number")
def plan_minutes(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The minutes (протокол / хаттама) of a session, Council meeting or poll."""
    s = loaded.model
    ctx = minutes_context(s, lang)
    number = f"№ {s.protocol_number}"
    word = (f"{_MINUTES_WORDS[lang][0]} {number}" if lang == "ru"
            else f"{number} {_MINUTES_WORDS[lang][0]}")
    return [session_paper(s, ctx, kind="minutes", lang=lang, number=s.protocol_number,
                          day=s.date, title=paper_title(lang, word, ctx["session"]["genitive"]),
                          subject=_MINUTES_WORDS[lang][1])]


@planner("decision", check_decision_file, printed="doc.number")
def plan_decisions(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """One Council decision (решение / шешім) per adopted item, numbered on from the first."""
    s = loaded.model
    ctx = minutes_context(s, lang)
    number = s.decision_number or s.protocol_number or "1"
    docs = []
    for item, source in zip(ctx["agenda"], s.agenda, strict=True):
        if not item["adopted"]:
            continue
        doc_ctx = dict(ctx)
        doc_ctx["decision"] = {**item, **decision_requisites(s, source, lang)}
        rb = in_force()
        topics = ["council_membership" if source.kind == "membership" else "council"]
        doc_ctx["decision_basis"] = Citer(rb, lang).fill(rb.sentences.decision_basis, topics)
        doc_ctx["signature"] = decision_signature(s, lang)
        if lang == "ru":
            title = f"{_DECISION_WORDS['ru'][0]} {ctx['body']['genitive']} № {number}"
        else:
            title = f"{ctx['body']['genitive']} № {number} {_DECISION_WORDS['kk'][0]}"
        info = session_info(s, "decision", lang, number, s.date, title,
                            _DECISION_WORDS[lang][1], extra=f"item{item['number']}")
        doc_ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": s.date}
        docs.append(Planned(f"decision_{item['number']}_{lang}.docx", "decision.docx", lang,
                            doc_ctx, info))
        number = next_identifier(number)
    return docs
