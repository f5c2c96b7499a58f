"""Data never changes silently: YAML 1.2, identifiers as typed, absurd values refused,
and ``check`` refuses exactly what ``render`` and ``batch`` refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import SAMPLES, files_under, read_docx_text, run_cli


def variant(tmp_path: Path, sample: str, *edits: tuple[str, str], name: str = "") -> Path:
    """The sample with line edits (a regex on one line → its replacement), as typed."""
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    for pattern, replacement in edits:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert count == 1, pattern
    path = tmp_path / (name or sample)
    path.write_text(text, encoding="utf-8")
    return path


def render_texts(kind: str, data: Path, out: Path) -> dict[str, str]:
    result = run_cli("render", kind, data, "--out", out)
    assert result.exit_code == 0, result.stderr
    return {Path(p).name: read_docx_text(p) for p in result.stdout.split()}


def refused(tmp_path: Path, kind: str, data: Path) -> str:
    """render and check both refuse ``data`` with the same message; nothing is written."""
    out = tmp_path / "out"
    rendered = run_cli("render", kind, data, "--out", out)
    checked = run_cli("check", data)
    assert rendered.exit_code == 1, rendered.stdout
    assert checked.exit_code == 1, checked.stdout
    assert "Traceback" not in rendered.stderr + checked.stderr
    assert rendered.stderr == checked.stderr
    assert files_under(out) == []
    return rendered.stderr


def test_a_leading_zero_is_kept(tmp_path: Path) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"notice_number: 15$", "notice_number: 015"))
    texts = render_texts("notice", data, tmp_path / "out")
    assert "№ 01-15/015" in texts["notice_ru.docx"] and "№ 01-15/015" in texts["notice_kk.docx"]
    assert "№ 13" not in texts["notice_ru.docx"]  # not read as YAML 1.1 octal


def test_letters_in_a_number_are_kept(tmp_path: Path) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"notice_number: 15$", "notice_number: 12-р"))
    texts = render_texts("notice", data, tmp_path / "out")
    assert "№ 01-15/12-р" in texts["notice_ru.docx"]


def test_protocol_and_decision_numbers_as_typed_and_counted_on(tmp_path: Path) -> None:
    data = variant(tmp_path, "council-2026-05-02.yaml",
                   (r"^protocol_number: 4$", "protocol_number: 04"),
                   (r"^decision_number: 7$", "decision_number: 009"))
    texts = render_texts("decision", data, tmp_path / "out")
    decisions = sorted(name for name in texts if name.endswith("_ru.docx"))
    assert len(decisions) >= 2
    assert "№ 009" in texts[decisions[0]] and "№ 010" in texts[decisions[1]]
    assert "(протокол от 2 мая 2026 года № 04)" in texts[decisions[0]]
    minutes = render_texts("minutes", data, tmp_path / "out2")
    assert "ПРОТОКОЛ № 04" in minutes["minutes_ru.docx"]


def test_order_number_with_letters(tmp_path: Path) -> None:
    data = variant(tmp_path, "order-2026-012.yaml", (r"^  number: 12$", "  number: 012-ө"))
    texts = render_texts("order", data, tmp_path / "out")
    assert "№ 012-ө" in texts["order_ru.docx"] and "№ 012-ө" in texts["order_kk.docx"]


def test_yes_is_text_never_a_count(tmp_path: Path) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"^members_total: 385$", "members_total: yes"))
    message = refused(tmp_path, "notice", data)
    assert "field 'members_total'" in message and "'yes'" in message


def test_true_is_not_a_count(tmp_path: Path) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"^members_total: 385$", "members_total: true"))
    assert "must be a whole number, not true" in refused(tmp_path, "notice", data)


def test_yes_no_on_stay_text_where_text_is_meant(tmp_path: Path) -> None:
    data = variant(tmp_path, "session-34.yaml",
                   (r'^  ru: "г\. Астана, Дворец мира и согласия"$', "  ru: on"),
                   (r'^time: "10:00"$', "time: 10:00"))
    texts = render_texts("notice", data, tmp_path / "out")
    assert "10:00" in texts["notice_ru.docx"]
    assert re.search(r"\bon\b", texts["notice_ru.docx"])


def test_a_number_typed_as_text_stays_as_typed(tmp_path: Path) -> None:
    data = variant(tmp_path, "session-34.yaml",
                   (r'^  ru: "г\. Астана, Дворец мира и согласия"$', "  ru: 1.50"))
    assert "1.50" in render_texts("notice", data, tmp_path / "out")["notice_ru.docx"]


def test_yaml_1_1_directive_is_refused(tmp_path: Path) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"^body: assembly$", "body: assembly"))
    data.write_text("%YAML 1.1\n---\n" + data.read_text(encoding="utf-8"), encoding="utf-8")
    assert "only YAML 1.2" in refused(tmp_path, "notice", data)


@pytest.mark.parametrize(("number", "ok"), [(3999, True), (4000, False)])
def test_session_numbers_end_where_roman_numerals_do(tmp_path: Path, number: int,
                                                      ok: bool) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"^number: 34$", f"number: {number}"))
    if ok:
        assert "MMMCMXCIX" in render_texts("notice", data, tmp_path / "out")["notice_ru.docx"]
        assert run_cli("check", data).exit_code == 0
    else:
        message = refused(tmp_path, "notice", data)
        assert "field 'number'" in message and "at most 3999" in message


@pytest.mark.parametrize("day", ["1899-12-31", "2101-01-01"])
def test_years_outside_1900_2100(tmp_path: Path, day: str) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"^  decided_on: 2026-03-16$",
                                                 f"  decided_on: {day}"))
    message = refused(tmp_path, "notice", data)
    assert "field 'convocation.decided_on'" in message and "outside 1900–2100" in message


@pytest.mark.parametrize(("value", "ok"), [(10000, True), (10001, False)])
def test_member_counts_beyond_a_plausible_size(tmp_path: Path, value: int, ok: bool) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"^members_total: 385$",
                                                 f"members_total: {value}"))
    result = run_cli("check", data)
    if ok:
        assert result.exit_code == 0, result.stderr
    else:
        assert "at most 10000" in refused(tmp_path, "notice", data)


def test_votes_beyond_a_plausible_size(tmp_path: Path) -> None:
    text = (SAMPLES / "session-34-minutes.yaml").read_text(encoding="utf-8")
    text = re.sub(r"for: \d+", "for: 99999999999999999999999", text, count=1)
    data = tmp_path / "votes.yaml"
    data.write_text(text, encoding="utf-8")
    result = run_cli("render", "minutes", data, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "at most 10000" in result.stderr


@pytest.mark.parametrize(("number", "ok"), [("123456789", True), ("1234567890", False),
                                            ("99999999999999999999999", False)])
def test_identifiers_stay_in_sqlite_range(tmp_path: Path, number: str, ok: bool) -> None:
    data = variant(tmp_path, "session-34.yaml", (r"notice_number: 15$",
                                                 f"notice_number: {number}"))
    if ok:
        archive = tmp_path / "archive"
        result = run_cli("render", "notice", data, "--out", tmp_path / "out", "--archive",
                         archive)
        assert result.exit_code == 0, result.stderr
    else:
        assert "more than 9 digits" in refused(tmp_path, "notice", data)


@pytest.mark.parametrize("value", ['"   "', '" \\t "'])
def test_a_name_of_only_spaces(tmp_path: Path, value: str) -> None:
    data = variant(tmp_path, "session-34.yaml",
                   (r"^secretary:\n  name: .*$", f"secretary:\n  name: {value}"))
    message = refused(tmp_path, "notice", data)
    assert "field 'secretary.name'" in message and "blank" in message


def test_check_runs_the_region_rules_of_a_batch(tmp_path: Path) -> None:
    text = (SAMPLES / "batch-session-34.yaml").read_text(encoding="utf-8")
    assert "regions:" in text
    bad = text.replace("  karaganda:\n", "  karaganda:\n    date: 2026-03-25\n", 1)
    data = tmp_path / "batch.yaml"
    data.write_text(bad, encoding="utf-8")
    batch = run_cli("batch", "notices", data, "--out", tmp_path / "out")
    checked = run_cli("check", data)
    assert batch.exit_code == 1 and checked.exit_code == 1, checked.stdout
    assert "karaganda" in checked.stderr
    assert checked.stderr == batch.stderr
    assert run_cli("check", SAMPLES / "batch-session-34.yaml").exit_code == 0
