"""People's names and positions in the grammatical form a sentence needs.

Russian: personal names are declined by pytrovich (a port of the petrovich rules for Russian
anthroponyms, which also knows Kazakh surnames in -ов/-ев, indeclinable names such as Ким for a
woman, Шевчук for a woman, Айгерим, and leaves Kazakh patronymics in -ұлы/-қызы alone); positions
("председатель …", "бывший заместитель …") are declined by pymorphy3 with its Russian
dictionary. Written here is only what those libraries lack: telling the parts of a name apart,
the gender from a Kazakh patronymic, a Kazakh compound first name (Қасым-Жомарт declines its last
part only), initials, and Kazakh case suffixes of surnames by vowel harmony.

A form given by hand in the data (``name: {ru: {nominative: …, genitive: …}}``) always wins.
Every function is cached: a batch declines the same few hundred names many times.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from docgen.i18n import _
from docgen.input.cache import library_stamp, new_key, read_entry, write_entry
from docgen.rendering import kazakh

Gender = Literal["male", "female"]
CASES: tuple[str, ...] = ("nominative", "genitive", "dative", "accusative", "instrumental",
                          "prepositional")
"""The Russian cases, named as in the data (``name: {ru: {genitive: …}}``)."""
KK_CASES: tuple[str, ...] = ("nominative", "genitive", "dative", "accusative")
"""The Kazakh cases docgen forms (ілік, барыс, табыс септік)."""
SHAPES: tuple[str, ...] = ("name", "initials", "surname_initials", "short")
"""How a name is written: full; "Е.К. Жумабеков"; "Жумабеков Е.К."; "Е. Жумабеков"."""

_KK_PATRONYMIC = re.compile(r"(ұлы|улы|оглы|оғлы|uly|qyzy|қызы|кызы|гызы)$", re.IGNORECASE)
_KK_PATRONYMIC_MALE = re.compile(r"(ұлы|улы|оглы|оғлы|uly)$", re.IGNORECASE)
_RU_PATRONYMIC_MALE = re.compile(r"(вич|ич)$", re.IGNORECASE)
_RU_PATRONYMIC_FEMALE = re.compile(r"(вна|чна|шна)$", re.IGNORECASE)
_FEMALE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая)$", re.IGNORECASE)
_MALE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий)$", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:\w\.)+$")
_SEPARATE_PATRONYMIC = {"ұлы", "улы", "оглы", "оғлы", "қызы", "кызы", "гызы"}
_KK_FEMALE_FIRST = frozenset({"жанар", "шынар", "гүлнар", "гульнар", "айнұр", "айнур",
                              "ақмарал", "акмарал", "гүлмира", "бибігүл", "бибигуль"})
"""Kazakh women's names the petrovich rules read as men's (a consonant at the end)."""


def check_case(case: str, lang: str = "ru") -> str:
    """Return ``case`` if docgen can form it in ``lang``, else raise ValueError."""
    known = CASES if lang == "ru" else KK_CASES
    if case not in known:
        raise ValueError(_("unknown case {case!r}; use one of: {known}").format(
            case=case, known=', '.join(known)))
    return case


@dataclass(frozen=True)
class NameParts:
    """A personal name split into its parts ("" where the name has no such part)."""

    surname: str
    first: str = ""
    patronymic: str = ""
    initials: str = ""
    """Initials written in the data instead of first name and patronymic ("Е.К.")."""
    initials_first: bool = False
    """The data wrote the initials before the surname ("К. Токаев")."""


@cache
def split_name(full: str) -> NameParts:
    """"Фамилия Имя Отчество" (the order of official lists), or a surname with initials."""
    words = full.split()
    if not words:
        return NameParts("")
    if len(words) >= 2 and words[-1].lower() in _SEPARATE_PATRONYMIC:  # "Кемел ұлы"
        words = [*words[:-2], f"{words[-2]} {words[-1]}"]
    initials = [w for w in words if _INITIALS.match(w)]
    if initials:
        rest = [w for w in words if not _INITIALS.match(w)]
        return NameParts(" ".join(rest), initials="".join(initials),
                         initials_first=_INITIALS.match(words[0]) is not None)
    if len(words) > 3:  # "Фамилия Имя Отчество" has at most three parts; keep the rest whole
        return NameParts(words[0], " ".join(words[1:-1]), words[-1])
    if len(words) == 3 and not _is_patronymic(words[2]):
        return NameParts(words[0], f"{words[1]} {words[2]}")  # "Ли Ен Хо": a two-part name
    return NameParts(*words)


def _is_patronymic(word: str) -> bool:
    return bool(_KK_PATRONYMIC.search(word) or _RU_PATRONYMIC_FEMALE.search(word)
                or _RU_PATRONYMIC_MALE.search(word) or word.lower() in _SEPARATE_PATRONYMIC)


@cache
def _petrovich() -> tuple[object, object]:
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    # pytrovich logs a warning when name parts disagree on gender; docgen decides the gender
    # itself and prints no library log lines.
    logging.getLogger("pytrovich").setLevel(logging.ERROR)
    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


@cache
def gender_of(full: str) -> Gender | None:
    """The gender a name shows: patronymic (Russian or Kazakh), then first name, then surname."""
    parts = split_name(full)
    patronymic = parts.patronymic.replace(" ", "")
    if patronymic:
        if _KK_PATRONYMIC.search(patronymic):
            return "male" if _KK_PATRONYMIC_MALE.search(patronymic) else "female"
        if _RU_PATRONYMIC_FEMALE.search(patronymic):
            return "female"
        if _RU_PATRONYMIC_MALE.search(patronymic):
            return "male"
    if parts.first.split("-")[-1].lower() in _KK_FEMALE_FIRST:
        return "female"
    if parts.first and _FEMALE_SURNAME.search(parts.surname):
        return "female"  # Ахметова Жанар: the surname shows it where the name is not known
    if parts.first:
        from pytrovich.enums import Gender as PGender

        _, detector = _petrovich()
        found = detector.detect(firstname=parts.first.split("-")[-1])  # type: ignore[attr-defined]
        if found == PGender.MALE:
            return "male"
        if found == PGender.FEMALE:
            return "female"
    if _FEMALE_SURNAME.search(parts.surname):
        return "female"
    if _MALE_SURNAME.search(parts.surname):
        return "male"
    return None


def _inflect(word: str, part: str, case: str, gender: Gender | None) -> str:
    from pytrovich.enums import Case, NamePart
    from pytrovich.enums import Gender as PGender

    if not word or case == "nominative" or _KK_PATRONYMIC.search(word.replace(" ", "")):
        return word
    if part == "first" and " " in word:  # a name of several words ("Ен Хо") stays as written
        return word
    maker, _ = _petrovich()
    pgender = {"male": PGender.MALE, "female": PGender.FEMALE}.get(gender or "",
                                                                    PGender.ANDROGYNOUS)
    name_part = {"surname": NamePart.LASTNAME, "first": NamePart.FIRSTNAME,
                 "patronymic": NamePart.MIDDLENAME}[part]
    pcase = Case[case.upper()]
    if part == "first" and "-" in word:
        # Kazakh compound names (Қасым-Жомарт, Нур-Ислам) decline the last part only;
        # a leading part ending in a vowel (Анна-Мария) declines too.
        *lead, last = word.split("-")
        lead = [maker.make(name_part, pgender, pcase, w, gender is not None)  # type: ignore[attr-defined]
                if w[-1:].lower() in "аяоеиыу" else w for w in lead]
        return "-".join([*lead, maker.make(name_part, pgender, pcase, last,  # type: ignore[attr-defined]
                                           gender is not None)])
    return maker.make(name_part, pgender, pcase, word, gender is not None)  # type: ignore[attr-defined]


def _keep_e(original: str, declined: str) -> str:
    """The Regulation writes е for ё: a declined form gets ё only where the data had it."""
    return declined if "ё" in original.lower() else declined.replace("ё", "е").replace("Ё", "Е")


@cache
def decline_ru(full: str, case: str, gender: Gender | None = None) -> str:
    """A Russian personal name in ``case``: "Ким Виктор Алексеевич" → "Кима Виктора Алексеевича"."""
    check_case(case)
    parts = split_name(full)
    gender = gender or gender_of(full)
    surname = _inflect(parts.surname, "surname", case, gender)
    if parts.initials:
        words = [parts.initials, surname] if parts.initials_first else [surname, parts.initials]
    else:
        words = [surname, _inflect(parts.first, "first", case, gender),
                 _inflect(parts.patronymic, "patronymic", case, gender)]
    return _keep_e(full, " ".join(w for w in words if w))


@cache
def decline_kk(full: str, case: str) -> str:
    """A Kazakh name in ``case``: the suffix goes on the last word (Е.Қ. Жұмабековке,
    Қ. Тоқаевқа: kazakh.py reads the harmony of -ов/-ев off the surname's stem)."""
    check_case(case, "kk")
    words = full.split()
    if case == "nominative" or not words:
        return full
    return " ".join([*words[:-1], kazakh.case(words[-1], case)])


def _initial(word: str) -> str:
    """One letter per name, a compound one too: Қасым-Жомарт → Қ. (as in "Қ. Тоқаев")."""
    return f"{word[:1].upper()}." if word else ""


@cache
def shape_name(full: str, shape: str) -> str:
    """The name written as ``shape`` (see :data:`SHAPES`), still in the nominative.

    Signature blocks use ``short`` ("А. Мусин", "Қ. Тоқаев"), an addressee ``initials``
    ("Е.К. Жумабеков"), the minutes' СЛУШАЛИ ``surname_initials`` ("Кульмагамбетов Е.М.").
    """
    if shape not in SHAPES:
        raise ValueError(_("unknown name shape {shape!r}; use one of: {shapes}").format(
            shape=shape, shapes=', '.join(SHAPES)))
    parts = split_name(full)
    if shape == "name":
        return full
    if parts.initials:
        initials = parts.initials if shape != "short" else parts.initials.split(".")[0] + "."
    else:
        given = parts.first.split(" ") if shape != "short" else parts.first.split(" ")[:1]
        initials = "".join(_initial(w) for w in given) + (
            _initial(parts.patronymic.split()[0]) if parts.patronymic and shape != "short"
            else "")
    if not initials:
        return parts.surname
    if shape == "surname_initials":
        return f"{parts.surname} {initials}"
    return f"{initials} {parts.surname}"


@cache
def name_form(full: str, lang: str, case: str = "nominative", shape: str = "name",
              gender: Gender | None = None) -> str:
    """A name in ``lang``, ``case`` and ``shape``: one call for every form templates use."""
    shaped = shape_name(full, shape)
    if lang == "kk":
        return decline_kk(shaped, case)
    # the gender comes from the full name: initials alone do not show it
    return decline_ru(shaped, case, gender or gender_of(full))


# --- positions ------------------------------------------------------------------------


@cache
def _morph() -> object:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


_RU_CASE_TAG = {"nominative": "nomn", "genitive": "gent", "dative": "datv",
                "accusative": "accs", "instrumental": "ablt", "prepositional": "loct"}
_WORD = re.compile(r"^([«\"(]*)([А-Яа-яЁё-]+)([»\").,;:]*)$")


def _nominative(word: str, pos: set[str]) -> object | None:
    for parse in _morph().parse(word):  # type: ignore[attr-defined]
        if parse.tag.POS in pos and parse.tag.case == "nomn":
            return parse
    return None


def _same_capital(original: str, word: str) -> str:
    if original[:1].isupper() and not original.isupper():
        return word[:1].upper() + word[1:]
    return word


def _next_is_noun(words: list[str], i: int) -> bool:
    """"учёный секретарь", "старший научный сотрудник": a word that may be a noun is an
    adjective before a noun or another adjective (every agreeing word declines)."""
    if i + 1 >= len(words):
        return False
    match = _WORD.match(words[i + 1])
    return bool(match) and _nominative(match.group(2),  # type: ignore[union-attr]
                                       {"NOUN", "ADJF"}) is not None


def _decline_head(part: str, case: str, gender: str = "") -> str:
    """Decline the leading adjectives and the head noun of one position, keep the rest.

    A participle used as the noun ("заведующий сектором") agrees with the person's gender
    (``gender`` "female": "заведующую сектором"); a noun ("председатель") does not."""
    words = part.split(" ")
    modifiers: list[tuple[int, object]] = []
    head: tuple[int, object] | None = None
    for i, word in enumerate(words):
        match = _WORD.match(word)
        if not match or match.group(1):
            break
        noun = _nominative(match.group(2), {"NOUN"})
        adjective = _nominative(match.group(2), {"ADJF", "PRTF"})
        if adjective is not None and (noun is None or adjective.score > noun.score  # type: ignore[attr-defined]
                                      or _next_is_noun(words, i)):
            modifiers.append((i, adjective))
            continue
        if noun is not None:
            head = (i, noun)
        break
    substantive = False
    if head is None and modifiers:  # "заведующий Секретариатом": the participle is the noun
        head = modifiers.pop()
        substantive = True
    if head is None:
        return part
    tag = head[1].tag  # type: ignore[attr-defined]
    number = tag.number or "sing"
    wanted = {_RU_CASE_TAG[case], number}
    animacy = tag.animacy or "anim"
    agree = "femn" if substantive and gender == "female" else (tag.gender or "masc")
    for i, parse in [*modifiers, head]:
        grammemes = set(wanted)
        if i != head[0] or parse.tag.POS != "NOUN":  # type: ignore[attr-defined]
            if number == "sing":
                grammemes.add(agree)
            if case == "accusative" and not (number == "sing" and agree == "femn"):
                grammemes.add(animacy)  # a feminine singular has one accusative
        inflected = parse.inflect(grammemes) or parse.inflect(wanted)  # type: ignore[attr-defined]
        if inflected is None:
            continue
        match = _WORD.match(words[i])
        assert match is not None
        word = _same_capital(match.group(2), inflected.word)
        words[i] = match.group(1) + word + match.group(3)
    return " ".join(words)


_MAX_REMEMBERED = 5000
"""Russian positions kept in docgen's cache at most (a batch names a few hundred)."""


@cache
def _remembered_key() -> str:
    """The cache entry of declined positions: for this pymorphy3, its dictionary and this code."""
    stamps = (library_stamp(m) for m in ("pymorphy3", "pymorphy3_dicts_ru",
                                          "docgen.rendering.names"))
    return str(new_key("positions", *stamps).hexdigest())


@cache
def _remembered() -> dict[str, str]:
    """Russian positions pymorphy3 declined in earlier runs (docgen's cache): a run whose
    positions are all known there never loads the dictionary (about 0.1 s)."""
    stored = read_entry("positions", _remembered_key())
    if isinstance(stored, dict) and all(isinstance(v, str) for v in stored.values()):
        return stored
    return {}


def _remembered_head(part: str, case: str, gender: str = "") -> str:
    """:func:`_decline_head`, asked of pymorphy3 once per position, case and gender."""
    remembered = _remembered()
    key = f"{case}\0{gender}\0{part}"
    if key not in remembered:
        declined = _decline_head(part, case, gender)
        if len(remembered) >= _MAX_REMEMBERED:
            return declined
        remembered[key] = declined
        write_entry("positions", _remembered_key(), remembered)
    return remembered[key]


_POSITION_PARTS = re.compile(r"(, | – | — )")


@cache
def decline_position(position: str, case: str, lang: str = "ru", gender: str = "") -> str:
    """A position in ``case``: "бывший заместитель акима …" → "бывшего заместителя акима …".

    Positions joined by ", " or a dash decline each ("Акиму …, Председателю …";
    "заместителя … – заведующего Секретариатом"). Kazakh positions take the case suffix on
    the last word ("Қарағанды облысының әкімі" → "… әкіміне"). ``gender`` "female" makes a
    participle used as the noun agree, in the nominative too ("заведующая сектором").
    """
    check_case(case, lang)
    if not position or (case == "nominative" and (lang == "kk" or gender != "female")):
        return position
    if lang == "kk":
        return ", ".join(kazakh.case(part, case) for part in position.split(", "))
    pieces = _POSITION_PARTS.split(position)
    declined = "".join(piece if n % 2 else _remembered_head(piece, case, gender)
                       for n, piece in enumerate(pieces))
    return _keep_e(position, declined)


def ru_e(text: str) -> str:
    """The Regulation's spelling: е for ё (for text docgen writes, never for data values)."""
    return text.replace("ё", "е").replace("Ё", "Е")


# --- what templates see ---------------------------------------------------------------


def _forms_in(full: str, lang: str, case: str, gender: Gender | None,
              hand: dict[str, str], position: str) -> dict[str, str]:
    if case in hand:  # a hand form wins; its shapes follow from it
        given = hand[case]
        shapes = {shape: shape_name(given, shape) for shape in SHAPES}
    else:
        shapes = {shape: name_form(full, lang, case, shape, gender) for shape in SHAPES}
    return {**shapes, "position": decline_position(position, case, lang,
                                                    gender or gender_of(full) or "")}


@cache
def _person_forms(full: str, lang: str, gender: Gender | None,
                  hand: tuple[tuple[str, str], ...], position: str) -> dict[str, object]:
    given = dict(hand)
    cases = CASES if lang == "ru" else KK_CASES
    forms: dict[str, object] = dict(_forms_in(full, lang, "nominative", gender, given, position))
    forms["gender"] = gender or gender_of(full) or ""
    for case in cases[1:]:
        forms[case] = _forms_in(full, lang, case, gender, given, position)
    return forms


def person_forms(full: str, lang: str, *, gender: Gender | None = None,
                 hand: dict[str, str] | None = None, position: str = "") -> dict[str, object]:
    """A person as templates see it: every shape in the nominative at the top level
    (``name``, ``initials``, ``surname_initials``, ``short``, ``position``) and per case
    (``genitive.name``, ``dative.initials``, ``accusative.position`` …).

    ``hand`` holds the forms the data gives by case; they win over docgen's.
    """
    if hand and "nominative" in hand:
        full = hand["nominative"]
    forms = _person_forms(full, lang, gender, tuple(sorted((hand or {}).items())), position)
    return {key: dict(value) if isinstance(value, dict) else value for key, value in forms.items()}


def name_filters(lang: str) -> dict[str, Callable[..., str]]:
    """The Jinja filters on names and positions for templates of language ``lang``."""
    return {
        "case": lambda value, case: name_form(str(value), lang, case),
        "shape": lambda value, shape: shape_name(str(value), shape),
        "position_case": lambda value, case: decline_position(str(value), case, lang),
    }


NAME_FILTER_HELP: dict[str, str] = {
    "case": "a name in a case: 'Ким Виктор Алексеевич'|case('accusative') → 'Кима Виктора …'",
    "shape": "a name as 'initials' (Е.К. Жумабеков), 'surname_initials' or 'short' (А. Мусин)",
    "position_case": "a position in a case: 'бывший заместитель …'|position_case('genitive')",
}


def person_fields(prefix: str, what: str) -> dict[str, tuple[str, str]]:
    """Template field documentation of a person made by :func:`person_forms`."""
    return {
        f"{prefix}.name": ("str", f"{what}: full name, nominative"),
        f"{prefix}.initials": ("str", "'Е.К. Жумабеков'"),
        f"{prefix}.surname_initials": ("str", "'Жумабеков Е.К.'"),
        f"{prefix}.short": ("str", "for signature blocks: 'Е. Жумабеков'"),
        f"{prefix}.position": ("str", "position, nominative, or ''"),
        f"{prefix}.gender": ("str", "male | female | '' (unknown)"),
        **{f"{prefix}.{case}": ("mapping", f"the same in the {case}: name, initials, "
                                "surname_initials, short, position (kk: genitive, dative, "
                                "accusative only)")
           for case in CASES[1:]},
    }
