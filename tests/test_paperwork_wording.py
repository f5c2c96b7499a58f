"""Issue 23, wording after the third reading: papers read back in both languages.

A woman's position agrees in the nominative (the minutes' header, signature blocks); the
members' request reads as one clause; the Council's two-thirds rule takes the instrumental;
every agreeing word of a position declines; addressees are a block in the right half.
"""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES, docx_texts, run_cli

from docgen.rendering.names import decline_position, decline_ru

SMALL = SAMPLES / "small-assembly-karaganda-12.yaml"
MEETING = SAMPLES / "council-2026-05-02.yaml"
POLL = SAMPLES / "council-poll-2026-06.yaml"


def render(kind: str, data: Path, out: Path) -> dict[str, list[str]]:
    """Render ``kind`` in both languages; the text lines of each written file by name."""
    result = run_cli("render", kind, data, "--out", out)
    assert result.exit_code == 0, result.output
    return {Path(p).name: docx_texts(p) for p in result.stdout.split()}


def test_a_womans_position_agrees_in_the_minutes_header(tmp_path: Path) -> None:
    docs = render("minutes", SMALL, tmp_path)
    ru, kk = docs["minutes_ru.docx"], docs["minutes_kk.docx"]
    assert ("Секретарь: Жакупова Айгерим Серикбаевна — заведующая секретариатом Ассамблеи "
            "народа Казахстана "
            "Карагандинской области") in ru
    assert not any("заведующий" in line for line in ru)
    assert any(line.startswith("Хатшы: Жақыпова Айгерім Серікбайқызы — ") for line in kk)


def test_nominative_agreement_and_every_agreeing_word() -> None:
    assert decline_position("заведующий сектором", "nominative", "ru", "female") == \
        "заведующая сектором"
    assert decline_position("заведующий сектором", "nominative", "ru", "male") == \
        "заведующий сектором"
    assert decline_position("председатель совета", "nominative", "ru", "female") == \
        "председатель совета"
    assert decline_position("старший научный сотрудник Института истории", "genitive") == \
        "старшего научного сотрудника Института истории"
    assert decline_position("старший научный сотрудник", "dative", "ru", "female") == \
        "старшему научному сотруднику"
    for case in ("genitive", "accusative", "dative", "instrumental"):
        assert decline_ru("Ли Ен Хо", case) == "Ли Ен Хо"  # not «Ли Ена Хо»


def test_council_two_thirds_take_the_instrumental(tmp_path: Path) -> None:
    for data, needed in ((MEETING, "21 членом"), (POLL, "20 членами")):  # of 31, of 29
        ru = "\n".join(render("minutes", data, tmp_path / data.stem)["minutes_ru.docx"])
        assert ("двумя третями от общего числа членов Совета — не менее чем "
                f"{needed} Совета") in ru
        assert "члена Совета (" not in ru and "членов Совета (" not in ru


def test_addressee_is_a_left_aligned_block_in_the_right_half(tmp_path: Path) -> None:
    """Not right-aligned (a ragged left edge): left-aligned, indented to the page's middle."""
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    from docx import Document

    for path in result.stdout.split():
        doc = Document(path)
        addressee = next(p for p in doc.paragraphs if p.text.startswith(("Членам", "Қазақстан"))
                         and p.paragraph_format.left_indent)
        assert addressee.alignment == 0  # WD_ALIGN_PARAGRAPH.LEFT
        assert addressee.paragraph_format.left_indent.cm > 7


def test_every_poll_decision_has_its_distribution_list(tmp_path: Path) -> None:
    """Decisions № 10 and № 11 (the poll) are sent out like № 7–9 (sample data)."""
    docs = render("decision", POLL, tmp_path)
    for name in ("decision_1", "decision_2"):
        assert "Рассылка:" in docs[f"{name}_ru.docx"]
        assert "Администрация Президента Республики Казахстан" in docs[f"{name}_ru.docx"]
        assert "Қазақстан Республикасы Президентінің Әкімшілігі" in docs[f"{name}_kk.docx"]


def test_every_sample_notice_prints_its_registration_index(tmp_path: Path) -> None:
    for data, number in ((MEETING, "№ 01-21/21"), (SMALL, "№ 01-08/8"),
                         (SAMPLES / "session-35-extraordinary.yaml", "№ 01-42/42"),
                         (SAMPLES / "session-34.yaml", "№ 01-15/15")):
        for lines in render("notice", data, tmp_path / data.stem).values():
            assert number in lines, data.name


def test_council_minutes_annex_lists_the_members_alphabetically(tmp_path: Path) -> None:
    ru = render("minutes", MEETING, tmp_path)["minutes_ru.docx"]
    listed = [line.split(". ", 1)[1].rstrip(";.") for line in ru[ru.index(next(
        line for line in ru if line.startswith("1. Абишев"))):] if line[:1].isdigit()]
    assert len(listed) >= 28 and listed[:28] == sorted(listed[:28])


def test_kazakh_names_spelled_the_kazakh_way_in_kk(tmp_path: Path) -> None:
    kk = "\n".join(render("minutes", SMALL, tmp_path / "s")["minutes_kk.docx"])
    assert "Оспанова Дана Ержанқызы — " in kk
    assert "Ержановна" not in kk
    council = "\n".join(render("minutes", MEETING, tmp_path / "c")["minutes_kk.docx"])
    assert "Назарова Дариға Нұрланқызы" in council
