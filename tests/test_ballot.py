"""The secret ballot (`docgen render ballot MINUTES.yaml`): one sheet per secret-ballot item,
both languages on one sheet unless --lang asks for one; refused for a file without one."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES, refused, rendered, sample_data, write_yaml

MINUTES = SAMPLES / "session-34-minutes.yaml"


def test_bilingual_ballot_lists_every_candidate_in_both_languages(tmp_path: Path) -> None:
    docs = rendered("ballot", MINUTES, tmp_path)
    assert list(docs) == ["ballot_3.docx"]
    text = docs["ballot_3.docx"]
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
    sheets = {}
    for lang, own, other in (("ru", "Фамилия, имя, отчество кандидата", "Жақтап"),
                             ("kk", "Кандидаттың тегі, аты, әкесінің аты", "Против")):
        docs = rendered("ballot", MINUTES, tmp_path, "--lang", lang)
        assert list(docs) == [f"ballot_3_{lang}.docx"]
        sheets[lang] = docs[f"ballot_3_{lang}.docx"]
        assert own in sheets[lang] and other not in sheets[lang]
    assert "Абдрахманов Серик Жумабекович" in sheets["ru"] and "Әбдірахманов" not in sheets["ru"]


def test_ballot_needs_no_votes(tmp_path: Path) -> None:
    """The ballot is printed before the vote: candidates without votes are enough."""
    data = sample_data("session-34-minutes.yaml")
    for cand in data["agenda"][2]["candidates"]:
        del cand["votes"]
    path = write_yaml(tmp_path / "before.yaml", data)
    assert "Ли Наталья Викторовна" in rendered("ballot", path, tmp_path / "out")["ballot_3.docx"]


def test_refused_without_a_secret_ballot_item(tmp_path: Path) -> None:
    for name in ("session-34.yaml", "council-poll-2026-06.yaml"):
        message = refused("ballot", SAMPLES / name, tmp_path / name)
        assert "no item of this file is put to a secret ballot" in message
