"""Language layer: official Russian and Kazakh forms of dates, numbers and words.

Babel supplies month names and number formatting; what Babel lacks (the official date
patterns) is written here; Kazakh case suffixes live in ``kazakh`` (re-exported here as
``kk_genitive`` … for templates and callers).
These functions are also the Jinja filters the templates use (see ``FILTERS``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from functools import cache

from docgen.i18n import _
from docgen.input.cache import library_stamp, new_key, read_entry, write_entry
from docgen.input.languages import LANGS
from docgen.rendering import kazakh

DATE_FORMS: tuple[str, ...] = ("plain", "attributive", "locative")

_NNBSP = "\u202f"
_NBSP = "\u00a0"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of the supported languages, else raise ValueError."""
    if lang not in LANGS:
        raise ValueError(_("unknown language {lang!r}; use one of: {langs}").format(
            lang=lang, langs=', '.join(LANGS)))
    return lang


def _as_date(value: _dt.date | str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            raise ValueError(_("not an ISO date (YYYY-MM-DD): {value!r}").format(
                value=value)) from None
    raise ValueError(_("not a date: {value!r}").format(value=value))


@cache
def month_name(month: int, lang: str) -> str:
    """The month name as used in a date: Russian genitive (``апреля``), Kazakh nominative."""
    check_lang(lang)
    if not 1 <= month <= 12:
        raise KeyError(month)
    return _month_names(lang)[month - 1]


@cache
def _month_names(lang: str) -> list[str]:
    """Babel's twelve month names for ``lang``, kept in docgen's cache: loading a Babel
    locale costs more than a notice needs from it."""
    key = str(new_key("months", lang, library_stamp("babel")).hexdigest())
    stored = read_entry("months", key)
    if isinstance(stored, list) and len(stored) == 12 and all(isinstance(n, str) for n in stored):
        return stored
    from babel.dates import get_month_names

    names = get_month_names("wide", "format", lang)
    months = [str(names[m]) for m in range(1, 13)]
    write_entry("months", key, months)
    return months


kk_locative = kazakh.locative
kk_locative_attributive = kazakh.locative_attributive
kk_genitive = kazakh.genitive
kk_dative = kazakh.dative
kk_accusative = kazakh.accusative


def format_date(value: _dt.date | str, lang: str, form: str = "plain") -> str:
    """A date in the official style of ``lang``.

    Forms: ``plain`` (26 апреля 2026 года / 2026 жылғы 26 сәуір), ``attributive`` for
    acts (от 26 апреля 2026 года / 2026 жылғы 26 сәуірдегі) and ``locative``, "on that
    date" (26 апреля 2026 года / 2026 жылғы 26 сәуірде). Spaces are plain spaces.
    """
    check_lang(lang)
    if form not in DATE_FORMS:
        raise ValueError(_("unknown date form {form!r}; use one of: {date_forms}").format(
            form=form, date_forms=', '.join(DATE_FORMS)))
    day = _as_date(value)
    month = month_name(day.month, lang)
    if lang == "ru":
        text = f"{day.day} {month} {day.year} года"
        return f"от {text}" if form == "attributive" else text
    if form == "attributive":
        month = kk_locative_attributive(month)
    elif form == "locative":
        month = kk_locative(month)
    return f"{day.year} жылғы {day.day} {month}"


def format_number(value: int | float, lang: str) -> str:
    """A number with Babel's grouping for ``lang``, using plain spaces: 10 000 / 10 000."""
    check_lang(lang)
    from babel.numbers import format_decimal

    text = format_decimal(value, locale=lang)
    return text.replace(_NNBSP, " ").replace(_NBSP, " ")


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def roman(number: int) -> str:
    """Roman numeral of a session number: ``roman(34) == "XXXIV"`` (1 to 3999)."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 4000:
        raise ValueError(_("Roman numerals are for whole numbers 1 to 3999, not {number!r}").format(
            number=number))
    parts = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def ru_plural(count: int, one: str, few: str, many: str) -> str:
    """The Russian noun form agreeing with ``count``: 1 член, 2 члена, 5 членов, 21 член."""
    tail100, tail10 = abs(count) % 100, abs(count) % 10
    if 11 <= tail100 <= 14:
        return many
    if tail10 == 1:
        return one
    if 2 <= tail10 <= 4:
        return few
    return many


def format_time(value: str | _dt.time) -> str:
    """A time of day as ``10:00`` (hours and minutes, no seconds)."""
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M")
    return str(value)


def filters_for(lang: str) -> dict[str, Callable[..., str]]:
    """The Jinja filters a template of language ``lang`` may use."""
    from docgen.rendering.names import name_filters  # names builds on this module

    check_lang(lang)
    return {
        **name_filters(lang),
        "date": lambda value, form="plain": format_date(value, lang, form),
        "roman": roman,
        "number": lambda value: format_number(value, lang),
        "time": format_time,
        "plural": ru_plural,
        "locative": kk_locative,
        "genitive": kk_genitive,
        "dative": kk_dative,
    }


FILTER_HELP: dict[str, str] = {
    "date": "date in the official style; form: 'plain' (default), 'attributive', 'locative'",
    "roman": "whole number as a Roman numeral: 34 → XXXIV",
    "number": "number with thousands grouping: 10000 → 10 000",
    "time": "time of day as HH:MM",
    "plural": "Russian noun form for a count: n|plural('член', 'члена', 'членов')",
    "locative": "Kazakh locative suffix by vowel harmony: сәуір → сәуірде",
    "genitive": "Kazakh genitive suffix by vowel harmony: Астана → Астананың",
    "dative": "Kazakh dative suffix by vowel harmony: Астана → Астанаға, Шымкент → Шымкентке",
}
