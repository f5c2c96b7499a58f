"""Personal invitations (приглашение / шақыру): one letter per member on the roll.

Each letter is addressed to the member ("Члену Ассамблеи народа Казахстана / В.А. Киму",
"Қазақстан халқы Ассамблеясының мүшесі / В.А. Кимге") and opens with the address the
member's gender calls for ("Уважаемый Виктор Алексеевич!", "Уважаемая Елена Сергеевна!",
"Құрметті Виктор Алексеевич!"), in each language the member reads. Made from a session
file and the roll (``--archive``); a Council meeting invites the Council's members.
``docgen batch invitations`` writes them all at once (:mod:`docgen.output.invitations`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.input.models import Session
from docgen.input.validate import Loaded
from docgen.papers.registry import Planned, planner, session_info
from docgen.papers.roll_counts import RollFacts
from docgen.papers.sessions import check_convened, plan_notice
from docgen.records.roll import Entry
from docgen.rendering.context import FIELDS, describe_session_fields
from docgen.rendering.engine import document_id
from docgen.rendering.names import name_form, split_name

_GREETING = {("ru", "m"): "Уважаемый", ("ru", "f"): "Уважаемая",
             ("kk", "m"): "Құрметті", ("kk", "f"): "Құрметті"}
_WORDS = {"ru": ("Приглашение", "приглашение"), "kk": ("Шақыру", "шақыру")}


def greeting(name: str, gender: str, lang: str) -> str:
    """"Уважаемый Виктор Алексеевич!" / "Құрметті Виктор Алексеевич!" from a full name."""
    parts = split_name(name)
    called = " ".join(p for p in (parts.first, parts.patronymic) if p) or name
    return f"{_GREETING[lang, gender]} {called}!"


def addressee(entry: Entry, body: dict[str, str], lang: str) -> list[str]:
    """The addressee block: the member's title, and the name in the dative, initials first."""
    m = entry.member
    gender = {"m": "male", "f": "female"}.get(m.gender or "")
    name = name_form(m.name(lang), lang, "dative", "initials", gender)  # type: ignore[arg-type]
    title = f"Члену {body['genitive']}" if lang == "ru" else f"{body['genitive']} мүшесі"
    return [title, name]


def check_invitations(loaded: Loaded[Session]) -> None:
    """A convened session's rules, and a roll whose every member can be addressed."""
    check_convened(loaded, "invitation")
    facts: RollFacts | None = loaded.roll
    unknown = [e.member for e in facts.entries if e.member.gender is None] if facts else []
    if unknown:
        shown = ", ".join(f"#{m.id} {m.name_ru}" for m in unknown[:5])
        raise DocgenError(_("the roll does not say the gender of {count} member(s), so "
                            "their letters cannot be addressed ({shown}): set it with docgen "
                            "members import (column gender: m or f)").format(
                              count=len(unknown), shown=shown))


@planner("invitation", check_invitations, printed="doc.number")
def plan_invitations(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """One letter in ``lang`` for every member on the date who reads ``lang``."""
    s = loaded.model
    facts: RollFacts = loaded.roll
    base = plan_notice(loaded, lang)[0].context
    day = s.convocation.notice_date
    docs = []
    # the letters go out with the notice, under its registration number ("01-15/15")
    number = base["doc"].get("registration", "")
    for entry, paper in member_papers(s, facts, lang, "invitation", day, _WORDS[lang], base,
                                      number):
        m = entry.member
        paper.context["invitation"] = {
            "addressee": addressee(entry, base["body"], lang),
            "greeting": greeting(m.name(lang), m.gender or "m", lang),
            "member_id": m.id, "region": m.region, "name": m.name(lang)}
        docs.append(paper)
    return docs


def member_papers(s: Session, facts: RollFacts, lang: str, kind: str, day: Any,
                  words: tuple[str, str], base: dict[str, Any],
                  number: str = "") -> list[tuple[Entry, Planned]]:
    """A personal paper of ``kind`` in ``lang`` for every member on the roll who reads it:
    ``base`` with its identity (one id per member), file name and ``doc`` (``number``: the
    number it goes out under); the kind adds the member's part."""
    papers = []
    for entry in facts.entries:
        m = entry.member
        if lang not in m.langs():
            continue
        info = session_info(s, kind, lang, None, day, f"{words[0]}: {m.name(lang)}", words[1])
        info = dataclasses.replace(info, doc_id=document_id(
            kind, s.body, s.region, f"{s.number}:member{m.id}", day, lang, "roll"))
        ctx: dict[str, Any] = {**base, "doc": {"id": info.doc_id, "number": number, "date": day}}
        papers.append((entry, Planned(f"{kind}_{m.id:04d}_{lang}.docx", f"{kind}.docx", lang,
                                      ctx, info)))
    return papers


FIELDS["invitation"] = {
    **describe_session_fields(),
    "invitation.addressee": ("list", "addressee lines: 'Члену Ассамблеи …', 'В.А. Киму'"),
    "invitation.greeting": ("str", "'Уважаемый Виктор Алексеевич!' / 'Құрметті …!'"),
    "invitation.member_id": ("int", "the member's roll id"),
    "invitation.region": ("str", "the member's region id (or 'republican')"),
    "invitation.name": ("str", "the member's full name (nominative)"),
}
