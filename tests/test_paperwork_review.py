"""What a records officer reads: papers rendered in both languages and read back as text.

The points a secretariat sends back (review of 2026-11-25): no presiding person on a poll
protocol, the Kazakh vote label «жақтап», ё-free samples, a corrected document that says
what it replaces, vote results written next to their labels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import SAMPLES, docx_texts, run_cli

POLL = SAMPLES / "council-poll-2026-06.yaml"
MEETING = SAMPLES / "council-2026-05-02.yaml"


def render(kind: str, data: Path, out: Path, *extra: str | Path) -> dict[str, list[str]]:
    """Render ``kind`` in both languages; the text lines of each written file by name."""
    result = run_cli("render", kind, data, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    return {Path(p).name: docx_texts(p) for p in result.stdout.split()}


def test_poll_protocol_names_no_presiding_person(tmp_path: Path) -> None:
    poll = render("minutes", POLL, tmp_path / "poll")
    meeting = render("minutes", MEETING, tmp_path / "meeting")
    for lang, label in (("ru", "Председательствующий"), ("kk", "Төрағалық етуші")):
        poll_text = poll[f"minutes_{lang}.docx"]
        assert not any(line.startswith(label) for line in poll_text), lang
        assert any(line.startswith(f"{label}: Кульмагамбетов") or
                   line.startswith(f"{label}: Құлмағамбетов")
                   for line in meeting[f"minutes_{lang}.docx"]), lang
    # the working body still attests the poll protocol
    assert "От рабочего органа Ассамблеи народа Казахстана" in poll["minutes_ru.docx"]
    assert "Қазақстан халқы Ассамблеясының жұмыс органы атынан" in poll["minutes_kk.docx"]


@pytest.mark.parametrize("kind", ["minutes", "decision"])
def test_votes_sit_next_to_their_labels_in_one_line(tmp_path: Path, kind: str) -> None:
    docs = render(kind, POLL, tmp_path)
    ru = docs["minutes_ru.docx" if kind == "minutes" else "decision_1_ru.docx"]
    kk = docs["minutes_kk.docx" if kind == "minutes" else "decision_1_kk.docx"]
    line_ru = "Результаты голосования: «за» — 26, «против» — 1, «воздержались» — 2."
    line_kk = "Дауыс беру нәтижесі: «жақтап» — 26, «қарсы» — 1, «қалыс қалды» — 2."
    assert any(line.endswith(line_ru) for line in ru)
    assert any(line.endswith(line_kk) for line in kk)
    # no two-column table with the count at the far margin
    assert "26" not in ru and "26" not in kk
    assert not any("қолдап" in line for line in kk)


def test_samples_follow_the_e_policy() -> None:
    for path in sorted(SAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "ё" not in text.lower(), path.name


@pytest.mark.parametrize(("kind", "data", "name", "ru", "kk"), [
    ("notice", SAMPLES / "session-34.yaml", "notice",
     "Взамен извещения от 20 марта 2026 года № 15",
     "2026 жылғы 20 наурыздағы № 15 хабарламаның орнына"),
    ("minutes", MEETING, "minutes",
     "Взамен протокола от 2 мая 2026 года № 4",
     "2026 жылғы 2 мамырдағы № 4 хаттаманың орнына"),
    ("order", SAMPLES / "order-2026-012.yaml", "order",
     "Взамен распоряжения от 10 мая 2026 года № 12",
     "2026 жылғы 10 мамырдағы № 12 өкімнің орнына"),
])
def test_a_corrected_document_says_what_it_replaces(tmp_path: Path, kind: str, data: Path,
                                                     name: str, ru: str, kk: str) -> None:
    archive = tmp_path / "archive"
    first = render(kind, data, tmp_path / "out1", "--archive", archive)
    for lines in first.values():
        assert not any("Взамен" in line or "орнына" in line for line in lines)
    copy = tmp_path / data.name
    shutil.copyfile(data, copy)
    with copy.open("a", encoding="utf-8") as f:
        f.write("\nrevision: 2\n")
    second = render(kind, copy, tmp_path / "out2", "--archive", archive)
    assert ru in second[f"{name}-rev2_ru.docx"]
    assert kk in second[f"{name}-rev2_kk.docx"]


@pytest.mark.parametrize("data", [MEETING, SAMPLES / "session-34.yaml"])
def test_notice_signature_follows_two_blank_lines(tmp_path: Path, data: Path) -> None:
    """With or without the period sentence, two empty lines stand above the signature."""
    for name, lines in render("notice", data, tmp_path).items():
        sign = next(i for i, line in enumerate(lines) if line.endswith("А. Мусин")
                    or line in ("Заведующий Секретариатом Ассамблеи народа Казахстана",
                                "Қазақстан халқы Ассамблеясы Хатшылығының меңгерушісі"))
        assert lines[sign - 2:sign] == ["", ""], name
        assert lines[sign - 3] != "", name


def test_lists_and_speeches_end_with_punctuation(tmp_path: Path) -> None:
    """Numbered lists in ПОСТАНОВИЛИ / ҚАУЛЫ ЕТТІ end items with ';' and the last with '.';
    a speaker's summary ends with a full stop (added only when the data has none)."""
    minutes = render("minutes", MEETING, tmp_path / "m")
    decisions = render("decision", MEETING, tmp_path / "d")
    ru, kk = minutes["minutes_ru.docx"], minutes["minutes_kk.docx"]
    assert ("Ким В.А. — председатель Ассоциации корейцев Казахстана: поддержал предложенные "
            "кандидатуры.") in ru
    assert any(line.startswith("Ким В.А. — ") and line.endswith(".") for line in kk)
    for lines in (ru, kk, decisions["decision_1_ru.docx"], decisions["decision_1_kk.docx"]):
        items = [line for line in lines if line[:3] in ("1) ", "2) ", "3) ")]
        assert items, lines
        assert all(line.endswith(";") for line in items if line.startswith(("1) ", "2) ")))
        assert all(line.endswith(".") for line in items if line.startswith("3) "))


def test_only_the_nomination_goes_to_the_election_commission(tmp_path: Path) -> None:
    """The sample's distribution lists: the CEC gets the Majilis nominations, not the rest."""
    docs = render("decision", MEETING, tmp_path)
    for lang, cec in (("ru", "Центральная избирательная комиссия Республики Казахстан"),
                      ("kk", "Қазақстан Республикасының Орталық сайлау комиссиясы")):
        assert cec in docs[f"decision_1_{lang}.docx"]
        for number in (2, 4):
            lines = docs[f"decision_{number}_{lang}.docx"]
            assert cec not in lines, (lang, number)


def test_times_read_alike_and_minutes_speak_of_the_past(tmp_path: Path) -> None:
    """«Басталу уақыты: 10:00.» like «Время начала: 10:00.» and the kk minutes' own times
    (no «сағат» after «уақыты»); the minutes say the election was held, not is held."""
    notice = render("notice", SAMPLES / "session-34.yaml", tmp_path / "n")
    assert "Время начала: 10:00." in notice["notice_ru.docx"]
    assert "Басталу уақыты: 10:00." in notice["notice_kk.docx"]
    minutes = render("minutes", SAMPLES / "session-34-minutes.yaml", tmp_path / "m")
    ru, kk = minutes["minutes_ru.docx"], minutes["minutes_kk.docx"]
    assert any(line.startswith("Выборы проведены в соответствии с") for line in ru)
    assert any(line.startswith("Сайлау ") and "сәйкес өткізілді." in line for line in kk)
    assert not any("проводятся" in line for line in ru)

