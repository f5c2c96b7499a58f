"""Build the template context of a document in one language.

Grammar that depends on the data (cases of the body's name, the session's title,
number agreement) is worked out here, so the ru and kk templates of a kind use the
same field names and stay plain to edit. ``FIELDS`` documents every field.
"""

from __future__ import annotations

from typing import Any

from docgen.input.models import Named, Session, Text, hand_forms, localized_name
from docgen.input.regions import get_region
from docgen.law.rulebook import Citer, in_force
from docgen.rendering.lang import format_date, roman, ru_plural
from docgen.rendering.names import person_fields, person_forms

ASSEMBLY = {
    "ru": {"name": "Ассамблея народа Казахстана", "genitive": "Ассамблеи народа Казахстана",
           "dative": "Ассамблее народа Казахстана"},
    "kk": {"name": "Қазақстан халқы Ассамблеясы", "genitive": "Қазақстан халқы Ассамблеясының",
           "dative": "Қазақстан халқы Ассамблеясына"},
}
COUNCIL = {
    "ru": {"name": "Совет Ассамблеи народа Казахстана",
           "genitive": "Совета Ассамблеи народа Казахстана",
           "dative": "Совету Ассамблеи народа Казахстана"},
    "kk": {"name": "Қазақстан халқы Ассамблеясының Кеңесі",
           "genitive": "Қазақстан халқы Ассамблеясы Кеңесінің",
           "dative": "Қазақстан халқы Ассамблеясы Кеңесіне",
           # the body as the first noun of a compound: "… Кеңесі мүшесінің", "… Кеңесі отырысы"
           "compound": "Қазақстан халқы Ассамблеясы Кеңесі"},
}
CAPITAL = {"ru": "Астана", "kk": "Астана"}

_KIND_WORDS = {
    # (ru feminine nominative, ru feminine genitive, ru neuter nominative, ru neuter genitive)
    "regular": ("очередная", "очередной", "очередное", "очередного", "кезекті"),
    "extraordinary": ("внеочередная", "внеочередной", "внеочередное", "внеочередного",
                      "кезектен тыс"),
}


def text(value: Text | None, lang: str) -> str:
    """The text in ``lang`` (validation has made sure it is there); '' for no text."""
    if value is None:
        return ""
    return value.get(lang) or ""


def person(value: Named | None, lang: str) -> dict[str, Any]:
    """A person as the templates see it, in ``lang``: ``name`` and ``position`` and their
    forms by case and shape (see :func:`docgen.rendering.names.person_forms`)."""
    if value is None:
        return person_forms("", lang)
    position = text(getattr(value, "position", None), lang)
    return person_forms(localized_name(value.name, lang), lang, gender=value.gender,
                        hand=hand_forms(value.name, lang), position=position)


def body_names(body: str, region_id: str | None, lang: str) -> dict[str, str]:
    """The name of the body in the cases the documents need, and in capitals."""
    if body == "assembly":
        names = dict(ASSEMBLY[lang])
    elif body == "council":
        names = dict(COUNCIL[lang])
    else:
        region = get_region(region_id or "")
        names = {"name": region.assembly[lang], "genitive": region.assembly_genitive[lang],
                 "dative": region.assembly_dative[lang]}
    names.setdefault("compound", names["name"])
    # a member of the body, and the count of its members (kk: the body is a compound's first
    # noun, "… Ассамблеясы Кеңесі мүшесінің", never two genitives in a row)
    if lang == "ru":
        names["member_genitive"] = f"члена {names['genitive']}"
        names["members_count"] = f"Число членов {names['genitive']}"
    else:
        names["member_genitive"] = f"{names['compound']} мүшесінің"
        names["members_count"] = f"{names['compound']} мүшелерінің саны"
    names["upper"] = names["name"].upper()
    return names


def issue_city(body: str, region_id: str | None, lang: str) -> str:
    """Where the document is issued: "г. Астана" / "Астана қ."."""
    city = CAPITAL[lang] if body != "small_assembly" else get_region(region_id or "").center[lang]
    return f"г. {city}" if lang == "ru" else f"{city} қ."


def session_titles(s: Session, lang: str) -> dict[str, str]:
    """The session's (or Council meeting's) title in the cases the documents use."""
    fem, fem_gen, neut, neut_gen, kk_adj = _KIND_WORDS[s.kind]
    if s.body == "council" and s.kind == "regular":
        # the Council meets as needed (p.9): a meeting is not "очередное"
        neut = neut_gen = kk_adj = ""
    body = body_names(s.body, s.region, lang)
    numeral = roman(s.number)
    if s.body == "council" and s.mode == "poll":
        if lang == "ru":
            members = f"членов {body['genitive']}"
            return {"title": f"опрос {members}", "genitive": f"опроса {members}",
                    "accusative": f"опрос {members}", "word": "опрос"}
        base = f"{body['compound']} мүшелері арасында жүргізілген сауалнама"
        return {"title": base, "genitive": base + "ның", "accusative": base + "ны",
                "word": "сауалнама"}
    if lang == "ru":
        if s.body == "council":
            return {
                "title": f"{neut} заседание {body['genitive']}".strip(),
                "genitive": f"{neut_gen} заседания {body['genitive']}".strip(),
                "accusative": f"{neut} заседание {body['genitive']}".strip(),
                "word": "заседание",
            }
        return {
            "title": f"{fem} {numeral} сессия {body['genitive']}",
            "genitive": f"{fem_gen} {numeral} сессии {body['genitive']}",
            "accusative": f"{fem[:-2]}ую {numeral} сессию {body['genitive']}",
            "word": "сессия",
        }
    if s.body == "council":
        stem = " ".join(f"{body['genitive']} {kk_adj} отырыс".split())
        word = "отырыс"
        if not kk_adj:  # "… Кеңесі отырысының", not two genitives ("Кеңесінің отырысының")
            base = f"{body['compound']} отырысы"
            return {"title": stem + "ы", "genitive": base + "ның", "accusative": stem + "ын",
                    "word": word}
    else:
        owner = body["genitive"]
        stem = f"{owner} {kk_adj} {numeral} сессия"
        word = "сессия"
    base = stem + ("ы" if stem.endswith("с") else "сы")
    return {"title": base, "genitive": base + "ның", "accusative": base + "н", "word": word}


def own_regulation(s: Session) -> Any:
    """A small assembly's own regulation: from the data file, else from the regions file."""
    if s.regulation is not None:
        return s.regulation
    return get_region(s.region or "").regulation if s.region else None


def basis_text(s: Session, lang: str, citer: Citer) -> str:
    """The legal basis a session's paper opens with.

    The Assembly and its Council cite the rulebook's act; a small assembly cites its own
    regulation, approved by its chairman.
    """
    rb = citer.rulebook
    if s.body != "small_assembly":
        return citer.fill(rb.sentences.basis, [rb.convening.of(s.body).cite])
    reg = own_regulation(s)
    return citer.fill(rb.sentences.own_regulation_basis, title=text(reg.title, lang),
                      act=text(reg.act, lang), issuer=text(reg.issuer, lang),
                      date=format_date(reg.date, lang, "attributive"), number=reg.number)


def own_regulation_cite(s: Session, lang: str, citer: Citer) -> str:
    """A small assembly's own regulation as its minutes cite it: "Положение «…»,
    утвержденное распоряжением акима … от … № …"."""
    reg = own_regulation(s)
    return citer.fill(citer.rulebook.sentences.own_regulation_cite, title=text(reg.title, lang),
                      act=text(reg.act, lang), issuer=text(reg.issuer, lang),
                      date=format_date(reg.date, lang, "attributive"), number=reg.number)


def convocation_texts(s: Session, lang: str) -> dict[str, str]:
    """Who convened the session, on what basis and (for members) at whose request."""
    c = s.convocation
    rb = in_force()
    citer = Citer(rb, lang)
    body = body_names(s.body, s.region, lang)
    convener = rb.convening.of(s.body)
    basis = basis_text(s, lang, citer)
    convened_by = convener.convened_by.get(lang).format(
        date=format_date(c.decided_on, lang, "attributive"), body=body["name"],
        body_genitive=body["genitive"])
    request = ""
    if c.initiated_by == "members" and c.requesting_members is not None:
        n = c.requesting_members
        # genitive after "по просьбе": 131 члена, 132 членов
        noun = "члена" if n % 10 == 1 and n % 100 != 11 else "членов"
        count = f"{n} {noun}" if lang == "ru" else str(n)
        when = format_date(c.request_date, lang, "attributive") if c.request_date else ""
        request = rb.convening.members_request.get(lang).format(
            count=count, total=s.members_total, body=body["name"],
            needed=rb.thresholds.members_request.count(s.members_total),
            body_genitive=body["genitive"], date=when)
    period = ""
    if s.body == "assembly":
        sentence = (rb.periods.notice if s.kind == "regular" else rb.periods.extraordinary)
        period = citer.fill(sentence.sentence, [sentence.cite])
    return {"basis": basis, "convened_by": convened_by, "request": request,
            "period_sentence": period}


def speakers_label(count: int, lang: str) -> str:
    """"Докладчик:"/"Докладчики:" and "Баяндамашы:"/"Баяндамашылар:"."""
    if lang == "ru":
        return "Докладчик:" if count == 1 else "Докладчики:"
    return "Баяндамашы:" if count == 1 else "Баяндамашылар:"


def members_phrase(count: int, lang: str) -> str:
    """"385 членов" / "385 мүше" (Kazakh nouns do not change after a numeral)."""
    if lang == "ru":
        return f"{count} {ru_plural(count, 'член', 'члена', 'членов')}"
    return f"{count} мүше"


def session_context(s: Session, lang: str) -> dict[str, Any]:
    """The context shared by every document made from a session file."""
    c = s.convocation
    titles = session_titles(s, lang)
    region = None
    if s.region:
        r = get_region(s.region)
        region = {"id": r.id, "name": r.name(lang), "genitive": r.name(lang, "genitive"),
                  "akim": r.akim[lang]}
    agenda = []
    for i, item in enumerate(s.agenda, start=1):
        speakers = [person(p, lang) for p in item.speakers]
        agenda.append({
            "number": i,
            "title": text(item.title, lang),
            "speakers": speakers,
            "speakers_label": speakers_label(len(speakers), lang),
        })
    body = body_names(s.body, s.region, lang)
    addressee = (f"Членам {body['genitive']}" if lang == "ru"
                 else f"{body['genitive']} мүшелеріне")
    return {
        "lang": lang,
        "body": {"id": s.body, **body},
        "region": region,
        "city": issue_city(s.body, s.region, lang),
        "addressee": addressee,
        "session": {
            "number": s.number,
            "roman": roman(s.number),
            "kind": s.kind,
            "kind_text": _KIND_WORDS[s.kind][0 if lang == "ru" else 4],
            "date": s.date,
            "date_text": format_date(s.date, lang),
            "time": s.time,
            "place": text(s.place, lang),
            "members_total": s.members_total,
            "members_text": members_phrase(s.members_total, lang),
            **titles,
            "title_upper": titles["title"].upper(),
        },
        "convocation": {
            "decided_on": c.decided_on,
            "initiated_by": c.initiated_by,
            "requesting_members": c.requesting_members,
            "notice_date": c.notice_date,
            "notice_number": c.notice_number or "",
            **convocation_texts(s, lang),
        },
        "chair": person(s.chair, lang),
        "secretary": person(s.secretary, lang),
        "agenda": agenda,
    }


FIELDS: dict[str, dict[str, tuple[str, str]]] = {}
"""Per kind: dotted field → (type, meaning). Filled in by :func:`describe_session_fields`."""


def describe_session_fields() -> dict[str, tuple[str, str]]:
    """The fields every session document (notice, agenda, minutes, decision) may use."""
    return {
        "lang": ("str", "the document's language: ru or kk"),
        "doc.id": ("str", "docgen document id (also in the PDF)"),
        "doc.number": ("str", "the document's registration number, or ''"),
        "doc.date": ("date", "the document's date (use |date)"),
        "doc.draft": ("str", "a draft only (render --draft): ПРОЕКТ / ЖОБА, in the header of "
                              "every page; test with 'doc.draft is defined'"),
        "supersedes": ("mapping", "a corrected document only (render --revise, revision: N): "
                       "the revision it replaces; test with 'supersedes is defined'"),
        "supersedes.date": ("date", "the replaced revision's date (use |date('attributive'))"),
        "supersedes.number": ("str", "the replaced revision's number, or ''"),
        "body.id": ("str", "assembly | council | small_assembly"),
        "body.name": ("str", "the body's name, nominative"),
        "body.genitive": ("str", "the body's name, genitive"),
        "body.dative": ("str", "the body's name, dative"),
        "body.upper": ("str", "the body's name in capitals (letterhead)"),
        "body.compound": ("str", "kk: the body as a compound's first noun ('… Ассамблеясы "
                                 "Кеңесі'); else the name"),
        "body.member_genitive": ("str", "'члена Совета …' / '… Ассамблеясы Кеңесі мүшесінің'"),
        "body.members_count": ("str", "'Число членов Ассамблеи …' / '… Ассамблеясы мүшелерінің "
                                      "саны'"),
        "region": ("mapping|None", "small assembly's region: id, name, genitive, akim"),
        "region.id": ("str", "region id"),
        "region.name": ("str", "region name, nominative"),
        "region.genitive": ("str", "region name, genitive"),
        "region.akim": ("str", "the akim's title"),
        "city": ("str", "place of issue: г. Астана / Астана қ."),
        "addressee": ("str", "to whom the notice is addressed"),
        "session.number": ("int", "session number"),
        "session.roman": ("str", "session number in Roman numerals"),
        "session.kind": ("str", "regular | extraordinary"),
        "session.kind_text": ("str", "очередная / кезекті, внеочередная / кезектен тыс"),
        "session.date": ("date", "the session's date (use |date)"),
        "session.date_text": ("str", "the session's date, plain official form"),
        "session.time": ("str", "start time HH:MM"),
        "session.place": ("str", "where the session is held"),
        "session.members_total": ("int", "members of the body"),
        "session.members_text": ("str", "'385 членов' / '385 мүше'"),
        "session.title": ("str", "'очередная XXXIV сессия Ассамблеи…' (nominative)"),
        "session.genitive": ("str", "the title in the genitive"),
        "session.accusative": ("str", "the title in the accusative"),
        "session.word": ("str", "сессия / заседание"),
        "session.title_upper": ("str", "the title in capitals"),
        "convocation.decided_on": ("date", "the Chairman's decision to convene"),
        "convocation.initiated_by": ("str", "chairman | members"),
        "convocation.requesting_members": ("int|None", "members who requested the session"),
        "convocation.notice_date": ("date", "the notice's date"),
        "convocation.notice_number": ("int|str", "the notice's outgoing number, or ''"),
        "convocation.basis": ("str", "the legal basis, a whole phrase from the rulebook: "
                               "'В соответствии с пунктом … Положения …, утвержденного …' / "
                               "'… сәйкес'; a small assembly cites its own regulation"),
        "convocation.convened_by": ("str", "who convened and when, from the rulebook: "
                                    "'решением Председателя … от … года' / '… шешімімен'"),
        "convocation.request": ("str", "the members' request phrase (rulebook), or ''"),
        "convocation.period_sentence": ("str", "the notice-period (regular) or held-within "
                                        "(extraordinary) sentence of an Assembly session, "
                                        "or ''"),
        **person_fields("chair", "the chair"),
        **person_fields("secretary", "the secretary"),
        "agenda": ("list", "agenda items"),
        "agenda[].number": ("int", "item number, from 1"),
        "agenda[].title": ("str", "item title"),
        "agenda[].speakers": ("list", "rapporteurs: name, position and their cases and shapes, "
                              "as chair"),
        "agenda[].speakers_label": ("str", "Докладчик: / Баяндамашы:"),
    }


FIELDS["notice"] = describe_session_fields()
FIELDS["agenda"] = describe_session_fields()
