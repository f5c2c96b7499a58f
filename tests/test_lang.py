"""The language layer: official date forms, Roman numerals, plurals and Kazakh suffixes."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.rendering.lang import (
    DATE_FORMS,
    LANGS,
    filters_for,
    format_date,
    format_number,
    kk_genitive,
    kk_locative,
    roman,
    ru_plural,
)

RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]
KK_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан"]
# RULES.md: locative then -ғы/-гі by the last vowel.
KK_ATTRIBUTIVE = ["қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы",
                  "маусымдағы", "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы",
                  "қарашадағы", "желтоқсандағы"]
KK_LOCATIVE = ["қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда",
               "шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"]
MONTHS = range(1, 13)


@pytest.mark.parametrize("month", MONTHS)
def test_russian_dates_all_forms(month: int) -> None:
    day = dt.date(2026, month, 26)
    plain = f"26 {RU_MONTHS[month - 1]} 2026 года"
    assert format_date(day, "ru") == plain
    assert format_date(day, "ru", "plain") == plain
    assert format_date(day, "ru", "attributive") == f"от {plain}"
    assert format_date(day, "ru", "locative") == plain


@pytest.mark.parametrize("month", MONTHS)
def test_kazakh_dates_all_forms(month: int) -> None:
    day = dt.date(2026, month, 3)
    assert format_date(day, "kk") == f"2026 жылғы 3 {KK_MONTHS[month - 1]}"
    assert format_date(day, "kk", "attributive") == f"2026 жылғы 3 {KK_ATTRIBUTIVE[month - 1]}"
    assert format_date(day, "kk", "locative") == f"2026 жылғы 3 {KK_LOCATIVE[month - 1]}"


def test_issue_examples() -> None:
    assert format_date(dt.date(2011, 9, 7), "kk", "attributive") == "2011 жылғы 7 қыркүйектегі"
    assert format_date(dt.date(2002, 4, 26), "ru", "attributive") == "от 26 апреля 2002 года"
    assert format_date(dt.date(2002, 4, 26), "ru") == "26 апреля 2002 года"
    assert format_date(dt.date(2002, 4, 26), "kk") == "2002 жылғы 26 сәуір"
    assert format_date(dt.date(2002, 4, 26), "kk", "attributive") == "2002 жылғы 26 сәуірдегі"
    assert format_date(dt.date(2002, 4, 26), "kk", "locative") == "2002 жылғы 26 сәуірде"


def test_date_accepts_iso_text_and_datetime() -> None:
    assert format_date("2026-04-27", "ru") == "27 апреля 2026 года"
    assert format_date(dt.datetime(2026, 4, 27, 10, 0), "kk") == "2026 жылғы 27 сәуір"


def test_date_accepts_iso_datetime_text_and_refuses_bad_text() -> None:
    """An ISO date-time string (as JSON or a spreadsheet gives it) formats like its date."""
    assert format_date("2026-04-27T10:00:00", "kk", "attributive") == "2026 жылғы 27 сәуірдегі"
    assert format_date("2026-04-27 10:00", "ru", "attributive") == "от 27 апреля 2026 года"
    for bad in ("27.04.2026", "2026-13-01", ""):
        with pytest.raises(ValueError, match="ISO date"):
            format_date(bad, "ru")


def test_date_refuses_unknown_language_and_form() -> None:
    with pytest.raises(ValueError, match="language"):
        format_date(dt.date(2026, 1, 1), "en")
    with pytest.raises(ValueError, match="form"):
        format_date(dt.date(2026, 1, 1), "ru", "genitive")


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (34, "XXXIV"), (40, "XL"), (90, "XC"),
     (400, "CD"), (1994, "MCMXCIV"), (3999, "MMMCMXCIX")],
)
def test_roman(number: int, expected: str) -> None:
    assert roman(number) == expected


@pytest.mark.parametrize("bad", [0, 4000, -1, True, 3.0, "34"])
def test_roman_refuses_out_of_range(bad: object) -> None:
    with pytest.raises(ValueError, match="1 to 3999"):
        roman(bad)  # type: ignore[arg-type]


def test_no_narrow_or_nonbreaking_spaces_in_any_output() -> None:
    outputs = [format_date(dt.date(2026, m, 26), lang, form)
               for m in MONTHS for lang in LANGS for form in DATE_FORMS]
    outputs += [format_number(n, lang) for n in (0, 999, 1000, 10000, 1234567, 1234.5)
                for lang in LANGS]
    assert format_number(10000, "ru") == "10 000"
    assert format_number(1234567, "kk") == "1 234 567"
    for text in outputs:
        assert "\u202f" not in text and "\u00a0" not in text, repr(text)


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "членов"), (1, "член"), (2, "члена"), (4, "члена"), (5, "членов"), (11, "членов"),
     (12, "членов"), (14, "членов"), (21, "член"), (22, "члена"), (25, "членов"),
     (101, "член"), (111, "членов"), (131, "член"), (385, "членов")],
)
def test_ru_plural(count: int, expected: str) -> None:
    assert ru_plural(count, "член", "члена", "членов") == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Астана", "Астананың"), ("Шымкент", "Шымкенттің"), ("Алматы", "Алматының"),
     ("Ақтөбе", "Ақтөбенің"), ("Павлодар", "Павлодардың"), ("Түркістан", "Түркістанның"),
     ("Қостанай", "Қостанайдың"), ("Атырау", "Атыраудың"), ("Ұлытау", "Ұлытаудың"),
     ("мектеп", "мектептің"), ("қала", "қаланың"), ("кітап", "кітаптың")],
)
def test_kk_genitive(word: str, expected: str) -> None:
    assert kk_genitive(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("сәуір", "сәуірде"), ("қазан", "қазанда"), ("қыркүйек", "қыркүйекте"),
     ("Астана", "Астанада"), ("Шымкент", "Шымкентте"), ("Атырау", "Атырауда"),
     ("мектеп", "мектепте"), ("қала", "қалада")],
)
def test_kk_locative(word: str, expected: str) -> None:
    assert kk_locative(word) == expected


def test_filters_are_bound_to_the_language() -> None:
    ru, kk = filters_for("ru"), filters_for("kk")
    day = dt.date(2026, 4, 27)
    assert ru["date"](day) == "27 апреля 2026 года"
    assert kk["date"](day, "attributive") == "2026 жылғы 27 сәуірдегі"
    assert ru["roman"](34) == kk["roman"](34) == "XXXIV"
    assert ru["number"](10000) == "10 000"
    assert ru["time"](dt.time(9, 5)) == "09:05"
    assert set(ru) == set(kk) >= {"date", "roman", "number", "time", "plural", "locative",
                                  "genitive"}
    with pytest.raises(ValueError):
        filters_for("en")
