"""The counting commission's protocol (`docgen render counting MINUTES.yaml`): the minutes'
figures, the commission, each candidate's votes and who is elected, in both languages; the
rules refuse figures that cannot be."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLES, refused, rendered, sample_data, write_yaml

MINUTES = SAMPLES / "session-34-minutes.yaml"


def _render(data: Path, out: Path) -> tuple[str, str]:
    docs = rendered("counting", data, out)
    assert sorted(docs) == ["counting_3_kk.docx", "counting_3_ru.docx"]
    assert sorted(p.name for p in (out / data.stem).iterdir()) == sorted(docs)
    return docs["counting_3_ru.docx"], docs["counting_3_kk.docx"]


def test_protocol_reads_back_in_both_languages(tmp_path: Path) -> None:
    ru, kk = _render(MINUTES, tmp_path)
    assert "ПРОТОКОЛ № 1" in ru and "ЕСЕП КОМИССИЯСЫНЫҢ № 1 ХАТТАМАСЫ" in kk
    assert ("счетной комиссии очередной XXXIV сессии Ассамблеи народа Казахстана о "
            "результатах тайного голосования") in ru
    assert "жасырын дауыс беру нәтижелері туралы" in kk
    # the commission, its chair and secretary, who sign
    assert "председатель — Абенова Айгерим Нуржановна" in ru
    assert "секретарь — Коваленко Тарас Степанович" in ru
    assert "төраға — Әбенова Әйгерім Нұржанқызы" in kk
    assert "Төлегенова Әсел Ерланқызы" in kk and "Тулегенова Асель Ерлановна" in ru
    assert "Председатель счетной комиссии\nА. Абенова" in ru
    assert "Есеп комиссиясының хатшысы\nТ. Коваленко" in kk
    # the figures are the minutes' own
    for line in ("Число членов Ассамблеи народа Казахстана — 385.",
                 "Присутствуют на сессии — 352.", "Выдано бюллетеней — 352.",
                 "Обнаружено в урне — 350.", "Недействительных бюллетеней — 4.",
                 "Действительных бюллетеней — 346."):
        assert line in ru
    for line in ("Берілген бюллетеньдер — 352.", "Жәшіктен табылғаны — 350.",
                 "Жарамсыз бюллетеньдер — 4.", "Жарамды бюллетеньдер — 346."):
        assert line in kk
    # each candidate's votes and verdict under the session's majority
    assert "Абдрахманов Серик Жумабекович\n301\n45\nизбран" in ru
    assert "Ли Наталья Викторовна\n288\n58\nизбрана" in ru
    assert "Шпекбаев Алик Жаткамбаевич\n170\n176\nне избран" in ru
    assert "Шпекбаев Алик Жатқамбайұлы\n170\n176\nсайланбады" in kk
    assert "не менее 177 голосов «за» (пункт 8 Положения" in ru
    assert "кемінде 177 «жақтап» дауыс алған кандидат сайланды" in kk
    elected = ru[ru.index("Избраны депутатами"):]
    assert "1) Абдрахманов Серик Жумабекович;" in elected
    assert "2) Ли Наталья Викторовна." in elected and "Шпекбаев" not in elected


def test_figures_follow_the_minutes(tmp_path: Path) -> None:
    """One source: a change in the minutes' counting shows in the protocol."""
    data = sample_data("session-34-minutes.yaml")
    data["agenda"][2]["counting"].update(ballots_in_box=349, ballots_invalid=3)
    ru, kk = _render(write_yaml(tmp_path / "changed.yaml", data), tmp_path / "out")
    assert "Обнаружено в урне — 349." in ru and "Действительных бюллетеней — 346." in ru
    assert "Жарамсыз бюллетеньдер — 3." in kk


@pytest.mark.parametrize(("change", "words"), [
    (lambda c, _: c.update(ballots_issued=353), "353 ballots issued to 352 members present"),
    (lambda c, _: c.update(ballots_in_box=353), "353 ballots in the box, more than the 352"),
    (lambda c, _: c.update(ballots_invalid=351), "more than the 350 in the box"),
    (lambda _, cands: cands[0]["votes"].update(**{"for": 300, "against": 47}),
     "more than the 346 valid ballots"),
    (lambda c, _: c["members"][1].update(role="member"), "needs one secretary (0 given)"),
    (lambda c, _: c["members"][2].update(role="chair"), "needs one chair (2 given)"),
])
def test_rules_refuse_impossible_figures(tmp_path: Path, change, words: str) -> None:
    data = sample_data("session-34-minutes.yaml")
    item = data["agenda"][2]
    change(item["counting"], item["candidates"])
    message = refused("counting", write_yaml(tmp_path / "bad.yaml", data), tmp_path / "out")
    assert words in message and "bad.yaml:" in message


def test_refused_without_a_secret_ballot_item(tmp_path: Path) -> None:
    data = sample_data("session-34-minutes.yaml")
    item = data["agenda"][2]
    item["voting"] = "open"
    del item["counting"]
    message = refused("counting", write_yaml(tmp_path / "open.yaml", data), tmp_path / "out")
    assert "no item of this file is put to a secret ballot" in message
