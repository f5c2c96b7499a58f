"""Review of 2026-12-06, leftovers of issue 22: the session's election item has its speaker and
cites the Council decision that nominated the candidates (date and number, checked against the
folder by `docgen check DIR`); the Council's work plan (decision № 8) is approved «согласно
приложению» with the plan annexed. Read back in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from helpers import SAMPLES, read_docx_text, run_cli

MINUTES = SAMPLES / "session-34-minutes.yaml"
COUNCIL = SAMPLES / "council-2026-05-02.yaml"


def _item_3(text: str, start: str, end: str) -> str:
    body = text[text.rindex(start):]
    return body[:body.index(end)]


def test_the_election_cites_the_councils_decision_and_has_its_speaker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    made = run_cli("render", "minutes", MINUTES, "--out", out)
    assert made.exit_code == 0, made.stderr
    ru = read_docx_text(out / "session-34-minutes" / "minutes_ru.docx")
    kk = read_docx_text(out / "session-34-minutes" / "minutes_kk.docx")
    item = _item_3(ru, "3. Об избрании депутатов", "Голосование тайное")
    assert "СЛУШАЛИ: Кульмагамбетова Е.М. — заместителя Председателя Ассамблеи" in item
    assert ("Кандидаты выдвинуты решением Совета Ассамблеи народа Казахстана от 2 мая 2026 "
            "года № 7 (пункт 9 Положения)") in item
    item = _item_3(kk, "3. Қазақстан халқы Ассамблеясынан", "Дауыс беру жасырын")
    assert "ТЫҢДАЛДЫ: Құлмағамбетов Е.М. — Қазақстан халқы Ассамблеясы Төрағасының" in item
    assert ("Кандидаттарды Қазақстан халқы Ассамблеясының Кеңесі 2026 жылғы 2 мамырдағы № 7 "
            "шешімімен ұсынды (Ереженің 9-тармағы)") in item


def _folder(tmp_path: Path, council_decision: dict | None) -> Path:
    folder = tmp_path / "case"
    folder.mkdir(parents=True)
    shutil.copy(COUNCIL, folder / COUNCIL.name)
    data = yaml.safe_load(MINUTES.read_text(encoding="utf-8"))
    item = data["agenda"][2]
    if council_decision is None:
        item.pop("council_decision")
    else:
        item["council_decision"] = council_decision
    (folder / MINUTES.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_check_finds_the_cited_decision_in_the_folder(tmp_path: Path) -> None:
    ok = run_cli("check", _folder(tmp_path / "a", {"number": 7, "date": "2026-05-02"}))
    assert ok.exit_code == 0, ok.stderr
    wrong_date = run_cli("check", _folder(tmp_path / "b", {"number": 7, "date": "2026-05-01"}))
    assert wrong_date.exit_code == 1
    assert "field 'agenda[3].council_decision.date'" in wrong_date.stderr
    assert ("the minutes date Council decision № 7 2026-05-01, but the folder's decision № 7 "
            "(council-2026-05-02.yaml:") in wrong_date.stderr
    unknown = run_cli("check", _folder(tmp_path / "c", {"number": 12, "date": "2026-05-02"}))
    assert unknown.exit_code == 1
    assert "which no Council paper in the folder takes; the folder's nominations: № 7 " \
           "(2026-05-02, council-2026-05-02.yaml:" in unknown.stderr
    uncited = run_cli("check", _folder(tmp_path / "d", None))
    assert uncited.exit_code == 1
    assert "field 'agenda[3].kind'" in uncited.stderr
    assert "add council_decision: {number: 7, date: 2026-05-02}" in uncited.stderr


def test_the_work_plan_is_annexed_to_decision_8(tmp_path: Path) -> None:
    out = tmp_path / "out"
    made = run_cli("render", "decision", COUNCIL, "--out", out)
    assert made.exit_code == 0, made.stderr
    ru = read_docx_text(out / "council-2026-05-02" / "decision_2_ru.docx")
    kk = read_docx_text(out / "council-2026-05-02" / "decision_2_kk.docx")
    assert "№ 8" in ru and "№ 8" in kk
    assert ("1. Утвердить план работы Совета Ассамблеи народа Казахстана на второе полугодие "
            "2026 года согласно приложению.") in ru
    assert ("Приложение к решению Совета Ассамблеи народа Казахстана\nот 2 мая 2026 года № 8\n\n"
            "ПЛАН РАБОТЫ СОВЕТА АССАМБЛЕИ НАРОДА КАЗАХСТАНА НА ВТОРОЕ ПОЛУГОДИЕ 2026 ГОДА") in ru
    assert "№\nМероприятие\nСрок\nОтветственные\n1\nРассмотрение опросным путем" in ru
    assert "4\nОтчет о выполнении плана мероприятий" in ru
    assert "жұмыс жоспары қосымшаға сәйкес бекітілсін." in kk
    assert "2026 жылғы 2 мамырдағы № 8\nшешіміне қосымша" in kk
    assert "№\nІс-шара\nМерзімі\nЖауаптылар\n1\nЭтномәдени бірлестіктердің" in kk


def test_an_annex_is_a_composition_or_a_plan(tmp_path: Path) -> None:
    data = yaml.safe_load(COUNCIL.read_text(encoding="utf-8"))
    annex = data["agenda"][1]["annex"]
    annex["members"] = [{"name": "Бондаренко Ирина Викторовна"}]
    path = tmp_path / "council.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    both = run_cli("check", path)
    assert both.exit_code == 1
    assert "an annex gives members (a composition) or rows (a plan), one of the two" in \
        both.stderr
    del data["agenda"][1]["annex"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bare = run_cli("check", path)
    assert bare.exit_code == 1
    assert "field 'agenda[2].decision'" in bare.stderr
    assert "rows: [{what: …, when: …, who: …}] (a plan)" in bare.stderr
