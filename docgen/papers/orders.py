"""Membership orders of the Chairman (распоряжение / өкім): planner, rules and context.

An order file admits members nominated by small assembly sessions or recommended by the
supreme bodies of associations, after a Council meeting considered them, and removes
members on one of the grounds of the Regulation. The paragraphs cited, the submitters,
the grounds' fixed wording and the closing clause come from the rulebook in force.
"""

from __future__ import annotations

import re
from typing import Any

from docgen.errors import DataError, RuleError
from docgen.i18n import _
from docgen.input.loader import PathKey, dotted
from docgen.input.models import Admission, Nomination, Order, OrderFile, Removal, localized_name
from docgen.input.regions import get_region
from docgen.input.validate import Loaded
from docgen.law.rulebook import Citer, in_force
from docgen.papers.registry import Planned, planner
from docgen.rendering.context import FIELDS, person
from docgen.rendering.engine import DocumentInfo, document_id
from docgen.rendering.lang import format_date
from docgen.rendering.names import person_fields

_SUBJECT = {"ru": "распоряжение Председателя Ассамблеи о составе Ассамблеи",
            "kk": "Ассамблея Төрағасының Ассамблея құрамы туралы өкімі"}



def _rule_name(what: str, *topics: str) -> str:
    return f"{what} ({in_force().ref(*topics)})"


def _nomination_rule() -> str:
    return _rule_name(_("nomination of candidates"), "admission")


def _dates_rule() -> str:
    return _rule_name(_("nomination, Council meeting, order — in this order"), "admission")


def _removal_rule() -> str:
    return _rule_name(_("grounds for removal"), "removal", "own_request")


def _key(*parts: str | int) -> PathKey:
    return ("order", *parts)


def _rule(loaded: Loaded, message: str, rule: str, key: PathKey) -> RuleError:
    return RuleError(message, rule=rule, path=loaded.path, line=loaded.source.line_of(key),
                     field=dotted(key))


def person_key(name: str) -> str:
    """A name compared as people compare it: case, ё/е and spacing do not matter."""
    return re.sub(r"\s+", " ", name.replace("ё", "е").replace("Ё", "Е")).strip().casefold()


def _check_nomination(loaded: Loaded, order: Order, i: int, nom: Nomination) -> None:
    where = ("admit", i, "nominated_by")
    if nom.kind == "small_assembly":
        if not nom.region:
            raise _rule(loaded, _("a small assembly's nomination must name its region "
                                  "(e.g. region: karaganda)"),
                                _nomination_rule(), _key(*where, "region"))
        if nom.name is not None:
            raise _rule(loaded, _("a small assembly's nomination names its region, not a name "
                                  "(name is for associations); remove name"), _nomination_rule(),
                        _key(*where, "name"))
        try:
            get_region(nom.region)
        except DataError as exc:
            raise loaded.error(exc.detail, _key(*where, "region")) from None
    else:
        if nom.name is None:
            raise _rule(loaded, _("an association's recommendation must give the association's "
                                  "name (name: {ru: …, kk: …})"),
                                _nomination_rule(), _key(*where, "name"))
        if nom.region is not None:
            raise _rule(loaded, _("an association's recommendation has a name, not a region "
                                  "(region is for small assemblies); remove region"),
                                _nomination_rule(),
                        _key(*where, "region"))
    if order.council_meeting is None:
        return
    meeting = order.council_meeting.date
    if nom.decision_date > meeting:
        raise _rule(loaded, _("the nomination was decided on {decision_date}, after the "
                              "Council meeting of {meeting} that considered it; the decision must "
                              "come "
                              "on or before {meeting}").format(
                                decision_date=nom.decision_date, meeting=meeting),
                            _dates_rule(), _key(*where, "decision_date"))


def _check_application(loaded: Loaded, i: int, rem: Removal) -> None:
    """Own request: the order cites the member's application, so its date is needed."""
    where = _key("remove", i, "application_date")
    if rem.ground == "own_request" and rem.application_date is None:
        raise _rule(loaded, _("a member leaving at their own request is removed on their "
                              "personal application: give its date (application_date: YYYY-MM-DD)"),
                    _removal_rule(), where)
    if rem.ground != "own_request" and rem.application_date is not None:
        raise _rule(loaded, _("application_date is for the ground 'own_request' (the member's "
                              "own application); remove it"), _removal_rule(), where)
    order = loaded.model.order
    if rem.application_date is not None and rem.application_date > order.date:
        raise _rule(loaded, _("the application of {application_date} is after the order "
                              "of {date}").format(
                                application_date=rem.application_date, date=order.date),
                            _removal_rule(), where)


def _check_removal(loaded: Loaded, i: int, rem: Removal) -> None:
    named = in_force().orders.other_grounds
    if rem.other_ground is not None:
        if rem.ground != "other":
            raise _rule(loaded, _("other_ground names an 'other' ground; set ground: other "
                                  "(the ground '{ground}' has its own wording)").format(
                                    ground=rem.ground),
                                _removal_rule(),
                        _key("remove", i, "ground"))
        if rem.other_ground not in named:
            raise _rule(loaded, _("unknown other_ground '{other_ground}'; the rulebook "
                                  "names: {named} (or give detail: {{ru: …, kk: …}})").format(
                                    other_ground=rem.other_ground,
                                    named=', '.join(named) or 'none'),
                        _removal_rule(), _key("remove", i, "other_ground"))
        if rem.detail is not None:
            raise _rule(loaded, _("the ground '{other_ground}' has fixed wording; remove "
                                  "detail").format(other_ground=rem.other_ground),
                                _removal_rule(), _key("remove", i, "detail"))
        return
    if rem.ground == "other":
        if rem.detail is None:
            raise _rule(loaded, _("the ground 'other' needs its detail in both languages "
                                  "(detail: {ru: …, kk: …})"),
                                _removal_rule(), _key("remove", i, "detail"))
    elif rem.detail is not None:
        raise _rule(loaded, _("detail is only for the ground 'other'; the ground "
                              "'{ground}' has fixed wording (remove detail or set ground: "
                              "other)").format(
                                ground=rem.ground),
                    _removal_rule(), _key("remove", i, "detail"))


def _check_submitter(loaded: Loaded, order: Order) -> None:
    """Removals name who submitted them: the deputy chairmen or a small assembly's chairman."""
    who = order.removal_submitted_by
    rule = _rule_name(_("who submits a removal"), "removal")
    submitted = [r for r in order.remove if r.ground != "own_request"]
    if submitted and who is None:
        raise _rule(loaded, _("removals are made on the submission of the deputy chairmen or of "
                              "the chairman of a small assembly; add removal_submitted_by: {kind: "
                              "deputy_chairmen} or {kind: small_assembly_chair, region: …}"), rule,
                    _key("removal_submitted_by"))
    if who is None:
        return
    if not order.remove:
        raise _rule(loaded, _("removal_submitted_by is only for an order that removes members; "
                              "remove it"), rule, _key("removal_submitted_by"))
    if who.date is not None and who.date > order.date:
        raise _rule(loaded, _("the submission of {date} is after the order of {order_date}").format(
                                date=who.date, order_date=order.date),
                    rule, _key("removal_submitted_by", "date"))
    if who.kind == "small_assembly_chair":
        if not who.region:
            raise _rule(loaded, _("name the small assembly's region (region: karaganda)"), rule,
                        _key("removal_submitted_by", "region"))
        try:
            get_region(who.region)
        except DataError as exc:
            raise loaded.error(exc.detail, _key("removal_submitted_by", "region")) from None
    elif who.region is not None:
        raise _rule(loaded, _("region is only for kind: small_assembly_chair; remove it"), rule,
                    _key("removal_submitted_by", "region"))


def _check_offices(loaded: Loaded, order: Order) -> None:
    """The Council's changes and the offices an order states: each once, regions named."""
    rb = in_force().orders
    changes = order.council_changes
    council_rule = (_rule_name(_("the Council's composition"), "council_composition")
                    if "council_composition" in in_force().citations
                    else _("the Council's composition"))
    if changes is not None:
        if rb.council_changes is None:
            raise _rule(loaded, _("the rulebook in force has no wording for changes to the "
                                  "Council (orders.council_changes)"), council_rule,
                        _key("council_changes"))
        if not changes.include and not changes.exclude:
            raise _rule(loaded, _("council_changes includes no one and excludes no one; add "
                                  "include or exclude entries, or remove council_changes"),
                        council_rule, _key("council_changes"))
        seen: dict[str, str] = {}
        for part in ("include", "exclude"):
            for i, who in enumerate(getattr(changes, part)):
                key = person_key(localized_name(who.name, "ru")) if who.name else f"#{who.id}"
                if key in seen:
                    raise _rule(loaded, _("'{name}' is already listed under "
                                          "council_changes.{part}; a person appears once").format(
                                    name=localized_name(who.name, "ru") if who.name else who.id,
                                    part=seen[key]), council_rule,
                                _key("council_changes", part, i, "name"))
                seen[key] = part
    taken: set[tuple[str, str]] = set()
    for i, item in enumerate(order.appointments):
        where = ("appointments", i)
        wording = rb.appointments.get(item.office)
        rule = _rule_name(_("who holds an office"), wording.cite) if wording else item.office
        if wording is None:
            raise _rule(loaded, _("the rulebook in force has no wording for the office "
                                  "'{office}' (orders.appointments)").format(office=item.office),
                        rule, _key(*where, "office"))
        regional = item.office.startswith("small_assembly")
        if regional and not item.region:
            raise _rule(loaded, _("{office} is an office of a region: name it (region: "
                                  "karaganda)").format(office=item.office), rule,
                        _key(*where, "office"))
        if not regional and item.region is not None:
            raise _rule(loaded, _("region is only for the offices of a small assembly; "
                                  "{office} has none: remove it").format(office=item.office),
                        rule, _key(*where, "region"))
        if item.region:
            try:
                get_region(item.region)
            except DataError as exc:
                raise loaded.error(exc.detail, _key(*where, "region")) from None
        scope = (item.office, item.region or "")
        if scope in taken and item.office != "deputy_chairman":
            raise _rule(loaded, _("{office} is given twice; one person holds it").format(
                office=" ".join(scope).strip()), rule, _key(*where, "office"))
        taken.add(scope)


def check_order(loaded: Loaded[OrderFile]) -> None:
    """The Regulation's rules of a membership order; raises RuleError/DataError at file:line."""
    order = loaded.model.order
    if (not order.admit and not order.remove and order.council_changes is None
            and not order.appointments):
        raise _rule(loaded, _("the order admits no one and removes no one; add admit or "
                              "remove entries (or council_changes, appointments)"),
                    _rule_name(_("an order must change the membership"), "admission"),
                    _key("admit"))
    _check_offices(loaded, order)
    meeting = order.council_meeting
    if order.admit and meeting is None:
        raise _rule(loaded, _("admissions follow the Council meeting that considered the "
                              "candidates; add council_meeting: {date: …, protocol_number: …}"),
                    _rule_name(_("candidates considered by the Council"), "admission"),
                    _key("council_meeting"))
    if not order.admit and meeting is not None:
        raise _rule(loaded, _("an order that only removes members cites no Council meeting "
                              "(the Council considers candidates for admission); remove "
                              "council_meeting"),
                    _rule_name("removal", "removal"), _key("council_meeting"))
    if meeting is not None and meeting.date > order.date:
        raise _rule(loaded, _("the Council meeting ({date}) is after the "
                              "order ({order_date}); the Council considers candidates before the "
                              "Chairman's order").format(date=meeting.date, order_date=order.date),
                    _dates_rule(), _key("council_meeting", "date"))
    _check_submitter(loaded, order)
    for i, adm in enumerate(order.admit):
        _check_nomination(loaded, order, i, adm.nominated_by)
    for i, rem in enumerate(order.remove):
        _check_removal(loaded, i, rem)
    seen: dict[str, tuple[str, int]] = {}
    for part, people in (("admit", order.admit), ("remove", order.remove)):
        for i, who in enumerate(people):
            key = person_key(localized_name(who.name, "ru"))
            if key in seen:
                first_part, first = seen[key]
                if first_part == part:
                    why = _("is already listed as {part}[{number}]").format(
                        part=part, number=first + 1)
                else:
                    why = _("is both admitted (admit[{number}]) and removed").format(
                        number=first + 1)
                shown = localized_name(who.name, "ru")
                raise _rule(loaded, _("'{shown}' {why}; a person appears once in an order").format(
                                        shown=shown, why=why),
                            _rule_name(_("one line per person in an order"), "admission",
                                       "removal"), _key(part, i, "name"))
            seen[key] = (part, i)
    for i, rem in enumerate(order.remove):
        _check_application(loaded, i, rem)


def nomination_text(nom: Nomination, lang: str) -> str:
    """Whose decision nominated the candidate, in ``lang``: "по решению … от … года"."""
    when = format_date(nom.decision_date, lang, "attributive")
    if nom.kind == "small_assembly":
        region = get_region(nom.region or "")
        if lang == "ru":
            return f"по решению сессии {region.assembly_genitive['ru']} {when}"
        return f"{region.assembly['kk']} сессиясының {when} шешімі бойынша"
    name = ((nom.name.get(lang) if nom.name else "") or "").strip()
    if "«" not in name:
        name = f"«{name}»"
    head, _sep, rest = name.partition("«")
    tail = rest.rpartition("»")[2]
    if lang == "ru":
        if head.strip():  # the legal form comes first: "Республиканское … объединение «…»"
            return f"по решению высшего органа {ru_genitive_phrase(head.strip())} «{rest} {when}"
        return f"по решению высшего органа объединения {name} {when}"
    if tail.strip():  # the legal form comes last: "«…» республикалық қоғамдық бірлестігі"
        return f"{name} жоғары органының {when} шешімі бойынша"
    return f"{name} бірлестігі жоғары органының {when} шешімі бойынша"


_RU_GENITIVE_ENDINGS = (("ое", "ого"), ("ый", "ого"), ("ий", "ого"), ("ая", "ой"),
                        ("яя", "ей"), ("ие", "ия"), ("ия", "ии"), ("ея", "еи"),
                        ("ство", "ства"), ("ко", "ка"))
_RU_HUSHING = set("гкхжшщч")


def ru_genitive_word(word: str) -> str:
    """A word of an organisation's legal form in the genitive: объединение → объединения."""
    if not word.isalpha() or word.isupper():  # "РОО", "ОО", numbers: as written
        return word
    low = word.lower()
    for end, gen in _RU_GENITIVE_ENDINGS:
        if low.endswith(end):
            return word[: -len(end)] + gen
    if low.endswith("а"):
        return word[:-1] + ("и" if low[-2:-1] in _RU_HUSHING else "ы")
    if low.endswith("о"):
        return word[:-1] + "а"
    if low.endswith("ь"):
        return word[:-1] + "я"
    if low[-1] in "бвгджзклмнпрстфхцчшщ":
        return word + "а"
    return word


def ru_genitive_phrase(phrase: str) -> str:
    """"Республиканское общественное объединение" → "республиканского общественного
    объединения" (a hyphenated word declines its last part; the first letter is lowered)."""
    words = []
    for word in phrase.split():
        first_parts, _sep, last = word.rpartition("-")
        words.append(first_parts + _sep + ru_genitive_word(last))
    first = words[0]
    if len(first) > 1 and not first.isupper():
        words[0] = first[0].lower() + first[1:]
    return " ".join(words)


def ground_text(rem: Removal, lang: str, female: bool = False) -> str:
    """The official wording of a removal's ground in ``lang`` (from the rulebook), agreeing
    with a woman where Russian makes it agree; own request cites the application's date."""
    detail = (rem.detail.get(lang) if rem.detail else "") or ""
    if rem.other_ground is not None:
        detail = in_force().orders.other_grounds[rem.other_ground].get(lang)
    wording = in_force().orders.grounds[rem.ground].for_person(lang, female)
    when = (format_date(rem.application_date, lang, "attributive")
            if rem.application_date else "")
    return wording.format(detail=detail.strip().rstrip(".;"), date=when)


def cited_topics(order: Order) -> list[str]:
    """What the order cites: admission, each removal ground's paragraphs, the Council's
    composition and the offices it states."""
    rules = in_force().orders
    topics = ["admission"] if order.admit else []
    topics += [rules.grounds[r.ground].cite for r in order.remove]
    if order.council_changes is not None and rules.council_changes is not None:
        topics.append(rules.council_changes.cite)
    topics += [rules.appointments[a.office].cite for a in order.appointments
               if a.office in rules.appointments]
    return list(dict.fromkeys(topics))


def _council_lines(people: list, lang: str) -> list[dict[str, Any]]:
    return [{**person(p, lang), "end": "." if i == len(people) else ";"}
            for i, p in enumerate(people, start=1)]


def council_change_context(order: Order, lang: str) -> dict[str, Any]:
    """The point changing the Council: its wording and the people in and out."""
    changes, words = order.council_changes, in_force().orders.council_changes
    if changes is None or words is None:
        return {"point": "", "include_text": "", "exclude_text": "", "include": [],
                "exclude": []}
    include = _council_lines(changes.include, lang)
    exclude = _council_lines(changes.exclude, lang)
    if include and exclude:
        include[-1]["end"] = ";"
    return {"point": words.point.get(lang), "include_text": words.include.get(lang),
            "exclude_text": words.exclude.get(lang), "include": include, "exclude": exclude}


def appointment_lines(order: Order, lang: str) -> list[str]:
    """One sentence per office the order states, in the rulebook's words."""
    rules = in_force().orders
    lines = []
    for item in order.appointments:
        forms = person(item, lang)
        who = forms["accusative"]["name"] if lang == "ru" else forms["name"]
        if forms.get("position"):
            who += f" ({forms['position']})"
        body = get_region(item.region).assembly_genitive[lang] if item.region else ""
        text = rules.appointments[item.office].get(lang).format(name=who, body_genitive=body)
        if item.basis is not None and rules.appointment_basis is not None:
            act = (item.basis.get(lang) or "").strip().rstrip(".")
            text += ", " + rules.appointment_basis.get(lang).format(act=act)
        lines.append(text[:1].upper() + text[1:] + ".")
    return lines


def removal_submitter(order: Order, lang: str) -> str:
    """Who submitted the removals, in the rulebook's words, from the data."""
    who = order.removal_submitted_by
    if who is None:
        return ""
    phrase = in_force().orders.removal_submitted_by[who.kind].get(lang)
    when = format_date(who.date, lang, "attributive") if who.date else ""
    body = body_genitive = ""
    if who.kind == "small_assembly_chair":
        region = get_region(who.region or "")
        body, body_genitive = region.assembly[lang], region.assembly_genitive[lang]
    text = phrase.format(body=body, body_genitive=body_genitive, date=when)
    return " ".join(text.split())  # no date given: no double space


def _line(who: Admission | Removal, lang: str, reason: str, last: bool) -> dict[str, Any]:
    """One person's line: the person's forms (name, position and their cases) and reason."""
    return {**person(who, lang), "reason": reason, "end": "." if last else ";"}


def _removed(people: list[Removal], lang: str) -> list[dict[str, Any]]:
    lines = []
    for i, r in enumerate(people, start=1):
        forms = person(r, lang)
        reason = ground_text(r, lang, forms.get("gender") == "female")
        lines.append({**forms, "reason": reason, "end": "." if i == len(people) else ";"})
    return lines


def order_context(order: Order, lang: str) -> dict[str, Any]:
    """The template context of an order in ``lang``."""
    admit = [_line(a, lang, nomination_text(a.nominated_by, lang), i == len(order.admit))
             for i, a in enumerate(order.admit, start=1)]
    # p.15 removals are made on a submission; a member's own request (p.20) is its own point
    remove = _removed([r for r in order.remove if r.ground != "own_request"], lang)
    own = _removed([r for r in order.remove if r.ground == "own_request"], lang)
    points = {"admit": 1 if admit else 0}
    points["remove"] = points["admit"] + 1 if remove else 0
    points["own_request"] = max(points.values()) + 1 if own else 0
    council_change = council_change_context(order, lang)
    points["council"] = max(points.values()) + 1 if council_change["point"] else 0
    offices = appointment_lines(order, lang)
    first = max(points.values()) + 1
    appointed = [{"point": first + i, "text": line} for i, line in enumerate(offices)]
    points["final"] = first + len(offices)
    rb = in_force()
    citer = Citer(rb, lang)
    meeting = order.council_meeting
    council = ""
    if meeting is not None:
        council = rb.orders.council_protocol.get(lang).format(
            date=format_date(meeting.date, lang, "attributive"), number=meeting.protocol_number)
    return {
        "lang": lang,
        "place": (order.place.get(lang) or ""),
        "basis": citer.fill(rb.sentences.basis, cited_topics(order)),
        "council": {"date": meeting.date if meeting else None,
                    "protocol_number": meeting.protocol_number if meeting else None,
                    "text": council},
        "submitted": {"admit": rb.orders.admission_submitted_by.get(lang) if admit else "",
                      "remove": removal_submitter(order, lang)},
        "final_clause": rb.orders.final_clause.get(lang),
        "own_request_point": rb.orders.own_request_point.get(lang),
        "points": points,
        "admit": admit,
        "remove": remove,
        "own_request": own,
        "membership": bool(order.admit or order.remove),
        "council_change": council_change,
        "appointments": appointed,
        "signatory": person(order.signatory, lang),
    }


def order_info(order: Order, lang: str) -> DocumentInfo:
    """The identity of an order: body assembly, kind order, its number and date."""
    title = (f"Распоряжение Председателя Ассамблеи народа Казахстана № {order.number}"
             if lang == "ru" else
             f"Қазақстан халқы Ассамблеясы Төрағасының № {order.number} өкімі")
    return DocumentInfo(
        doc_id=document_id("order", "assembly", None, order.number, order.date, lang),
        kind="order", body="assembly", region="", number=str(order.number), date=order.date,
        lang=lang, title=title, subject=_SUBJECT[lang],
    )


FIELDS["order"] = {
    "lang": ("str", "the document's language: ru or kk"),
    "doc.id": ("str", "docgen document id (also in the PDF)"),
    "doc.number": ("str", "the order's number"),
    "doc.date": ("date", "the order's date (use |date)"),
    "doc.draft": ("str", "a draft only (render --draft): ПРОЕКТ / ЖОБА in every page's header"),
    "supersedes": ("mapping", "a corrected order only: the revision it replaces (date, "
                   "number); test with 'supersedes is defined'"),
    "supersedes.date": ("date", "the replaced revision's date"),
    "supersedes.number": ("str", "the replaced revision's number"),
    "place": ("str", "place of issue: г. Астана / Астана қ."),
    "basis": ("str", "the legal basis from the rulebook, a whole phrase: 'В соответствии с "
                       "пунктами … Положения …, утвержденного …' / '… сәйкес'"),
    "council.date": ("date|None", "the Council meeting that considered the candidates"),
    "council.protocol_number": ("int|None", "its protocol number"),
    "council.text": ("str", "'с учетом протокола заседания Совета … № …', or '' (no admissions)"),
    "submitted.admit": ("str", "who presents the admissions (rulebook), or ''"),
    "submitted.remove": ("str", "who submitted the removals (from the data), or ''"),
    "final_clause": ("str", "'Настоящее распоряжение вводится в действие со дня подписания.'"),
    "points.admit": ("int", "number of the point 'admit' (0: no admissions)"),
    "points.remove": ("int", "number of the point 'remove' on a submission (0: none)"),
    "points.own_request": ("int", "number of the point 'own request' (0: none)"),
    "own_request_point": ("str", "'в связи с выходом по собственному желанию' (rulebook)"),
    "own_request": ("list", "people leaving at their own request"),
    **person_fields("own_request[]", "a person leaving at their own request"),
    "own_request[].reason": ("str", "'на основании личного заявления от …'"),
    "own_request[].end": ("str", "';' or '.' after the last line"),
    "points.final": ("int", "number of the closing point (entry into force)"),
    "points.council": ("int", "number of the point changing the Council (0: none)"),
    "membership": ("bool", "the order admits or removes members (else it changes the Council "
                   "or states offices only)"),
    "council_change.point": ("str", "'Внести в состав Совета … следующие изменения' (rulebook)"),
    "council_change.include_text": ("str", "'ввести в состав Совета …' (rulebook)"),
    "council_change.exclude_text": ("str", "'вывести из состава Совета …' (rulebook)"),
    "council_change.include": ("list", "members entering the Council"),
    **person_fields("council_change.include[]", "a member entering the Council"),
    "council_change.include[].end": ("str", "';' or '.' after the last line"),
    "council_change.exclude": ("list", "members leaving the Council"),
    **person_fields("council_change.exclude[]", "a member leaving the Council"),
    "council_change.exclude[].end": ("str", "';' or '.' after the last line"),
    "appointments": ("list", "the offices the order states, one point each"),
    "appointments[].point": ("int", "the point's number"),
    "appointments[].text": ("str", "the point's sentence, from the rulebook's wording"),
    "admit": ("list", "people admitted"),
    **person_fields("admit[]", "a person admitted"),
    "admit[].reason": ("str", "the nomination: 'по решению … от … года' / '… шешімі бойынша'"),
    "admit[].end": ("str", "';' or '.' after the last line"),
    "remove": ("list", "people removed on a submission"),
    **person_fields("remove[]", "a person removed"),
    "remove[].reason": ("str", "the ground's official wording"),
    "remove[].end": ("str", "';' or '.' after the last line"),
    **person_fields("signatory", "who signs"),
}


@planner("order", check_order, printed="doc.number")
def plan_order(loaded: Loaded[OrderFile], lang: str) -> list[Planned]:
    """The Chairman's membership order (распоряжение / өкім)."""
    order = loaded.model.order
    ctx = order_context(order, lang)
    info = order_info(order, lang)
    ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": order.date}
    return [Planned(f"order_{lang}.docx", "order.docx", lang, ctx, info)]
