"""The rulebook: the legal basis as data, loaded and validated like a data file.

No paragraph number, fraction or legal phrase is typed in a template or in Python: they come
from docgen/law/rulebooks/*.yaml. ``docgen rules`` prints the rulebook in force; ``--rulebook``
and a ``rulebook:`` field select another one, with file:line errors when it is broken.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, read_docx_text, run_cli, sample_data, write_yaml

from docgen.law.rulebook import (
    BUILTIN,
    Citer,
    builtin_rulebook,
    join_numbers,
    load_rulebook,
)

# Citations and fractions as they would be typed: ru "пунктом 8", "п. 9", kk "8-тармағына",
# fractions in words, and "p.8" in a message.
TYPED = [
    re.compile(r"пункт[а-я]*\s+\d", re.IGNORECASE),
    re.compile(r"\bпп?\.\s?\d", re.IGNORECASE),
    re.compile(r"\d+\s*-\s*тармақ", re.IGNORECASE),
    re.compile(r"\d+\s*-\s*тармағ", re.IGNORECASE),
    re.compile(r"тармақ[а-яәғқңөұүһі]*\s+\d", re.IGNORECASE),
    re.compile(r"двух\s+третей|две\s+трети|двумя\s+третями|одной\s+трети|одна\s+треть"
               r"|половин[а-я]*", re.IGNORECASE),
    re.compile(r"үштен\s+(екі|бір)|жартысы", re.IGNORECASE),
    re.compile(r"№\s*856|Указом\s+Президента|Жарлығымен", re.IGNORECASE),
    re.compile(r"по\s+требованию|по\s+просьбе|өтініші\s+бойынша|талап\s+ету", re.IGNORECASE),
    re.compile(r"по\s+представлению|ұсынуы\s+бойынша", re.IGNORECASE),
    re.compile(r"\bp\.\s?\d"),
]


def typed_citations(text: str) -> list[str]:
    """Every typed citation, fraction or legal phrase in ``text``."""
    return [m.group(0) for rx in TYPED for m in rx.finditer(text)]


def python_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module (docstrings included), with their line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_typed_citation_in_templates() -> None:
    found = []
    for path in sorted((ROOT / "templates_src").rglob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {hit!r}"
                      for hit in typed_citations(line)]
    assert found == [], "typed in a template (take it from the rulebook):\n" + "\n".join(found)


def test_no_typed_citation_in_python() -> None:
    found = []
    for path in sorted((ROOT / "docgen").rglob("*.py")):
        for line, value in python_strings(path):
            found += [f"{path.relative_to(ROOT)}:{line}: {hit!r}"
                      for hit in typed_citations(value)]
    assert found == [], "typed in Python (take it from the rulebook):\n" + "\n".join(found)


@pytest.mark.parametrize("text", ["В соответствии с пунктом 8 Положения", "(п. 9 Положения)",
                                  "ереженің 8-тармағына сәйкес", "две трети от общего числа",
                                  "кемінде үштен екісі", "по требованию 11 членов",
                                  "rule (p.8)", "пунктами 13–15"])
def test_the_grep_catches_typed_citations(text: str) -> None:
    assert typed_citations(text)


def test_the_builtin_rulebook_holds_the_act_and_its_paragraphs() -> None:
    rb = builtin_rulebook()
    assert rb.act.full_title.ru == ("Положение об Ассамблее народа Казахстана, утвержденное "
                                    "Указом Президента Республики Казахстан от 26 апреля 2002 "
                                    "года № 856")
    assert rb.act.full_title.kk.startswith("Қазақстан Республикасы Президентінің 2002 жылғы "
                                           "26 сәуірдегі № 856 Жарлығымен бекітілген")
    assert (rb.act.decree.date.isoformat(), rb.act.decree.number) == ("2002-04-26", 856)
    assert [p.number for p in rb.paragraphs] == [7, 8, 9, 12, 13, 14, 15, 16, 17, 19, 20]
    assert "28 сентября 1995 года «О выборах в Республике Казахстан»" in rb.majilis_election.law.ru
    assert rb.periods.extraordinary.notice_months is None
    assert "within one month" in rb.periods.extraordinary.why
    assert not rb.convening.council.members_may_request
    assert rb.orders.grounds["position_change"].ru.startswith("в связи с изменением места "
                                                              "работы")


@pytest.mark.parametrize(("name", "n", "expected"), [
    ("session_quorum", 385, 257), ("session_quorum", 384, 256), ("session_quorum", 120, 80),
    ("session_majority", 352, 177), ("session_majority", 353, 177),
    ("council_majority", 31, 21), ("council_majority", 30, 20),
    ("members_request", 385, 129), ("members_request", 384, 128),
])
def test_thresholds_are_computed_from_the_rulebook(name: str, n: int, expected: int) -> None:
    assert getattr(builtin_rulebook().thresholds, name).count(n) == expected


def test_first_citation_is_full_later_ones_short() -> None:
    rb = builtin_rulebook()
    ru = Citer(rb, "ru")
    first = ru.fill(rb.sentences.basis, ["sessions"])
    later = ru.fill(rb.sentences.basis, ["council"])
    assert first == ("В соответствии с пунктом 8 Положения об Ассамблее народа Казахстана, "
                     "утвержденного Указом Президента Республики Казахстан от 26 апреля 2002 "
                     "года № 856")
    assert later == "В соответствии с пунктом 9 Положения"
    kk = Citer(rb, "kk")
    assert kk.fill(rb.sentences.basis, ["admission", "removal", "own_request"]) == (
        "Қазақстан Республикасы Президентінің 2002 жылғы 26 сәуірдегі № 856 Жарлығымен "
        "бекітілген Қазақстан халқы Ассамблеясы туралы ереженің 13–15 және "
        "20-тармақтарына сәйкес")
    assert kk.fill(rb.sentences.basis, ["council"]) == "Ереженің 9-тармағына сәйкес"


@pytest.mark.parametrize(("numbers", "expected"), [
    ([8], "8"), ([13, 14], "13 и 14"), ([13, 14, 15], "13–15"), ([13, 14, 15, 20], "13–15 и 20"),
    ([13, 14, 20], "13, 14 и 20"), ([15, 20], "15 и 20")])
def test_paragraph_lists(numbers: list[int], expected: str) -> None:
    assert join_numbers(numbers, "и") == expected


def test_docgen_rules_prints_the_rulebook_in_force() -> None:
    result = run_cli("rules")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Положение об Ассамблее народа Казахстана, утвержденное Указом" in out
    assert "Жарлығымен бекітілген Қазақстан халқы Ассамблеясы туралы ереже" in out
    assert "session_quorum: at least 2/3" in out and "N=385 → 257" in out
    assert "council (p.9; no members' request)" in out
    assert "why:" in out and "extraordinary" in out
    assert "«О выборах в Республике Казахстан»" in out


QUORUM = "    share: [2, 3]\n    bound: at_least\n    of:\n      en: all members of the Assembly"


def _changed_rulebook(tmp_path: Path, old: str, new: str, name: str = "rb.yaml") -> Path:
    text = BUILTIN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_broken_rulebook_is_named_file_line_and_field(tmp_path: Path) -> None:
    bad = _changed_rulebook(tmp_path, QUORUM, QUORUM.replace("at_least", "at_most"))
    result = run_cli("rules", "--rulebook", bad)
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "at_most" in text)
    assert f"rb.yaml:{line}: field 'thresholds.session_quorum.bound'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    bad = _changed_rulebook(tmp_path, "ru: В соответствии с {cite:instrumental}",
                            "ru: В соответствии с {cite:accusative}")
    result = run_cli("check", SAMPLES / "session-34.yaml", "--rulebook", bad)
    assert result.exit_code == 1
    assert "field 'sentences.basis.ru'" in result.stderr and "instrumental" in result.stderr


def test_rulebook_option_selects_another_rulebook(tmp_path: Path) -> None:
    """A rulebook whose quorum is nineteen twentieths: the same minutes become not quorate."""
    other = _changed_rulebook(tmp_path, QUORUM, QUORUM.replace("[2, 3]", "[19, 20]"))
    minutes = SAMPLES / "session-34-minutes.yaml"
    assert run_cli("check", minutes).exit_code == 0
    result = run_cli("check", minutes, "--rulebook", other)
    assert result.exit_code == 1
    assert "at least 366" in result.stderr and "19/20" in result.stderr


def test_rulebook_field_in_the_data_selects_another_rulebook(tmp_path: Path) -> None:
    other = _changed_rulebook(tmp_path, "ru: Настоящее распоряжение вводится в действие со дня "
                              "подписания.", "ru: Настоящее распоряжение вводится в действие "
                              "с 1 июня.")
    data = sample_data("order-2026-012.yaml")
    data = {"rulebook": other.name, **data}
    path = write_yaml(tmp_path / "order.yaml", data)
    result = run_cli("render", "order", path, "--out", tmp_path / "out", "--lang", "ru")
    assert result.exit_code == 0, result.stderr
    text = read_docx_text(tmp_path / "out" / "order" / "order_ru.docx")
    assert "вводится в действие с 1 июня." in text


def test_rulebook_field_naming_a_missing_file_is_an_error(tmp_path: Path) -> None:
    data = {"rulebook": "missing.yaml", **sample_data("session-34.yaml")}
    path = write_yaml(tmp_path / "session.yaml", data)
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert "session.yaml:1: field 'rulebook'" in result.stderr
    assert "missing.yaml" in result.stderr


def test_the_builtin_file_loads_as_a_data_file() -> None:
    assert load_rulebook(BUILTIN).id == "regulation-2002"
