"""The secret ballot (`docgen render ballot MINUTES.yaml`): one sheet per secret-ballot item,
both languages on one sheet unless --lang asks for one; refused for a file without one."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES, files_under, read_docx_text, run_cli, sample_data, write_yaml

MINUTES = SAMPLES / "session-34-minutes.yaml"


def test_bilingual_ballot_lists_every_candidate_in_both_languages(tmp_path: Path) -> None:
    result = run_cli("render", "ballot", MINUTES, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    written = [Path(line) for line in result.stdout.split()]
    assert [p.name for p in written] == ["ballot_3.docx"]
    text = read_docx_text(written[0])
    # both languages on one sheet, Kazakh first
    assert text.index("Жасырын дауыс беруге арналған БЮЛЛЕТЕНЬ") < text.index(
        "БЮЛЛЕТЕНЬ для тайного голосования")
    assert "Қазақстан халқы Ассамблеясының кезекті XXXIV сессиясы, 2026 жылғы 6 мамыр" in text
    assert "Очередная XXXIV сессия Ассамблеи народа Казахстана, 6 мая 2026 года" in text
    assert "Об избрании депутатов Мажилиса Парламента Республики Казахстан" in text
    assert "Мәжілісінің депутаттарын сайлау туралы" in text
    # every candidate, each language's spelling once
    assert "Әбдірахманов Серік Жұмабекұлы / Абдрахманов Серик Жумабекович" in text
    assert "\nЛи Наталья Викторовна\n" in text
    assert "Шпекбаев Алик Жатқамбайұлы / Шпекбаев Алик Жаткамбаевич" in text
    assert "Жақтап / За" in text and "Қарсы / Против" in text
    # how to vote, what is invalid, the commission's stamp (rulebook wording)
    assert "Поставьте любой знак в одном из квадратов «За» или «Против»" in text
    assert "«Жақтап» немесе «Қарсы» шаршыларының біреуіне кез келген белгі қойыңыз" in text
    assert "Недействительными считаются бюллетени неустановленной формы" in text
    assert "жарамсыз деп есептеледі" in text
    assert "Есеп комиссиясының мөрі (қолы) үшін орын / Место для печати (подписи) счетной " \
           "комиссии" in text
    # the ballot carries no result
    assert "301" not in text and "избран;" not in text and "сайланды" not in text


def test_one_language_when_asked(tmp_path: Path) -> None:
    for lang, own, other in (("ru", "Фамилия, имя, отчество кандидата", "Жақтап"),
                             ("kk", "Кандидаттың тегі, аты, әкесінің аты", "Против")):
        result = run_cli("render", "ballot", MINUTES, "--lang", lang, "--out", tmp_path)
        assert result.exit_code == 0, result.stderr
        path = Path(result.stdout.split()[0])
        assert path.name == f"ballot_3_{lang}.docx"
        text = read_docx_text(path)
        assert own in text and other not in text
    ru = read_docx_text(tmp_path / "session-34-minutes" / "ballot_3_ru.docx")
    assert "Абдрахманов Серик Жумабекович" in ru and "Әбдірахманов" not in ru


def test_ballot_needs_no_votes(tmp_path: Path) -> None:
    """The ballot is printed before the vote: candidates without votes are enough."""
    data = sample_data("session-34-minutes.yaml")
    for cand in data["agenda"][2]["candidates"]:
        del cand["votes"]
    path = write_yaml(tmp_path / "before.yaml", data)
    result = run_cli("render", "ballot", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "Ли Наталья Викторовна" in read_docx_text(Path(result.stdout.split()[0]))


def test_refused_without_a_secret_ballot_item(tmp_path: Path) -> None:
    for name in ("session-34.yaml", "council-poll-2026-06.yaml"):
        out = tmp_path / name
        result = run_cli("render", "ballot", SAMPLES / name, "--out", out)
        assert result.exit_code == 1
        assert "no item of this file is put to a secret ballot" in result.stderr
        assert "Traceback" not in result.stderr
        assert files_under(out) == []
