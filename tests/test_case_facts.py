"""One case, one set of facts (issue 22; review of 6 December, items 2, 5, 6, 7, 8, 27).

The sample case agrees with itself and with the roll, and each disagreement of the review,
planted back into a copy of the whole sample folder, makes `docgen check inputs/ --archive A`
fail naming the file and field; a small assembly citing another region's regulation or
meeting in another region's city fails even without the roll.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLES, run_cli, sample_data, write_yaml

from docgen.papers.pipeline import load_checked, plan

KIM = "заместитель председателя корейского этнокультурного центра Карагандинской области"

PLANTED = {
    # item 5: the counting commission the reviewer found off the roll
    "counting commission off the roll": (
        "session-34-minutes.yaml", '"Коваленко Богдан Степанович"',
        '"Коваленко Тарас Степанович"', "agenda[3].counting.members[2].name",
        "is not on the roll"),
    # item 7: a candidate given the post the roll gives another member, in every paper
    "Kim as chair of the Korean centre": (
        "*", f'ru: "{KIM}"', 'ru: "председатель корейского этнокультурного центра '
        'Карагандинской области"', "agenda[4].candidates[1].position.ru",
        "Кудайбергенов Бауыржан Бакытович"),
    "Wagner as chair of the German centre": (
        "small-assembly-karaganda-12.yaml",
        'ru: "заместитель председателя немецкого этнокультурного центра Карагандинской '
        'области"', 'ru: "председатель немецкого этнокультурного центра Карагандинской '
        'области"', "agenda[1].candidates[1].position.ru", "Турсунова Гулчехра Хамидовна"),
    # item 7: the order cites a Karaganda session the folder does not hold
    "the order cites another session": (
        "order-2026-012.yaml", "decision_date: 2026-04-15", "decision_date: 2026-04-14",
        "order.admit[1].nominated_by.decision_date", "small-assembly-karaganda-11.yaml"),
    # item 7: the order and the Council give the candidate two positions
    "the order's position differs": (
        "order-2026-012.yaml", f'ru: "{KIM}"', 'ru: "председатель Карагандинского '
        'областного корейского национально-культурного центра"', "order.admit[1].position.ru",
        "small-assembly-karaganda-11.yaml"),
    # item 6: the annex makes another member chair of the Научно-экспертный совет
    "the annex's chair": (
        "council-poll-2026-06.yaml", 'position: {ru: "доктор социологических наук"',
        'position: {ru: "председатель Научно-экспертного совета Ассамблеи народа '
        'Казахстана"', "agenda[2].annex.members[6]", "Шпекбаев Алик Жаткамбаевич"),
}


def _plant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLES, folder)
    names = [p.name for p in folder.glob("*.yaml")] if name == "*" else [name]
    hits = 0
    for file in names:
        text = (folder / file).read_text(encoding="utf-8")
        hits += text.count(old)
        (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    assert hits, (name, old)
    return folder


def test_the_sample_case_agrees_with_the_roll(sample_roll: Path) -> None:
    result = run_cli("check", SAMPLES, "--archive", sample_roll)
    assert result.exit_code == 0, result.stderr
    assert "small-assembly-karaganda-11.yaml: OK" in result.stdout


@pytest.mark.parametrize("what", list(PLANTED))
def test_a_planted_disagreement_is_named(what: str, tmp_path: Path, sample_roll: Path) -> None:
    name, old, new, field, other = PLANTED[what]
    result = run_cli("check", _plant(tmp_path, name, old, new), "--archive", sample_roll)
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert f"field '{field}" in result.stderr, result.stderr
    assert other in result.stderr


def test_the_people_of_the_samples_are_the_rolls() -> None:
    """Items 5 and 6: the counting commission, Шпекбаев's position and the annex's chair and
    deputy chairs are those of the roll."""
    with (SAMPLES / "roll.csv").open(encoding="utf-8") as f:
        roll = {row["name_ru"]: row for row in csv.DictReader(f)}
    minutes = sample_data("session-34-minutes.yaml")
    commission = minutes["agenda"][2]["counting"]["members"]
    for person in commission:
        name = person["name"]["ru"] if isinstance(person["name"], dict) else person["name"]
        assert name in roll, name
    council = sample_data("council-2026-05-02.yaml")
    nominated = {c["name"]["ru"] if isinstance(c["name"], dict) else c["name"]: c["position"]
                 for c in council["agenda"][0]["candidates"]}
    shpekbaev = "Шпекбаев Алик Жаткамбаевич"
    assert nominated[shpekbaev]["ru"] == roll[shpekbaev]["position_ru"]
    annex = sample_data("council-poll-2026-06.yaml")["agenda"][1]["annex"]["members"]
    chairs = {(p["name"]["ru"] if isinstance(p["name"], dict) else p["name"]): p["position"]["ru"]
              for p in annex}
    body = "Научно-экспертного совета Ассамблеи народа Казахстана"
    on_roll = {n: r["position_ru"] for n, r in roll.items() if r["position_ru"].endswith(body)}
    assert on_roll and all(chairs.get(n) == pos for n, pos in on_roll.items()), on_roll


def test_the_council_proposes_what_the_chairman_forms() -> None:
    """Item 2 (p.11): the Council approves a proposal and submits it to the Chairman."""
    poll = sample_data("council-poll-2026-06.yaml")["agenda"][1]["decision"]
    assert poll["ru"].startswith("Одобрить предлагаемый состав Научно-экспертного совета")
    assert poll["ru"].endswith("внести его на утверждение Председателю Ассамблеи народа "
                               "Казахстана.")
    assert "Төрағасына бекітуге енгізілсін" in poll["kk"]
    rejected = sample_data("council-2026-05-02.yaml")["agenda"][2]["decision"]
    assert rejected["ru"].startswith("Одобрить предложение о переименовании")
    assert "Председателю Ассамблеи народа Казахстана" in rejected["ru"]


@pytest.mark.parametrize("name", ["session-34.yaml", "session-34-minutes.yaml",
                                  "small-assembly-karaganda-12.yaml"])
def test_the_agenda_bears_the_notices_date(name: str) -> None:
    """Item 8: the agenda goes out with the notice, so it is dated with it."""
    loaded = load_checked("agenda", SAMPLES / name)
    for planned in plan("agenda", loaded, ["ru", "kk"]):
        assert planned.info.date == loaded.model.convocation.notice_date
        assert planned.info.date != loaded.model.date


def _almaty(tmp_path: Path, **changes: object) -> Path:
    data = sample_data("small-assembly-karaganda-12.yaml")
    data["region"] = "almaty"
    data["regulation"].update(
        title={"ru": "Об Ассамблее народа Казахстана города Алматы",
               "kk": "Алматы қаласы Қазақстан халқы Ассамблеясы туралы"},
        issuer={"ru": "акима города Алматы", "kk": "Алматы қаласы әкімінің"})
    data["place"] = {"ru": "г. Алматы, Дом дружбы", "kk": "Алматы қ., Достық үйі"}
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            data[section][field] = value
        else:
            data[section] = value
    return write_yaml(tmp_path / "small-assembly-almaty.yaml", data)


@pytest.mark.parametrize(("changes", "field", "named"), [
    ({"regulation__issuer": {"ru": "акима Карагандинской области",
                             "kk": "Қарағанды облысы әкімінің"}},
     "regulation.issuer.ru", "Карагандинской области"),
    ({"regulation__title": {"ru": "Об Ассамблее народа Казахстана города Алматы",
                            "kk": "Қарағанды облысы Қазақстан халқы Ассамблеясы туралы"}},
     "regulation.title.kk", "Қарағанды облысы"),
    ({"place": {"ru": "г. Караганда, Дом дружбы", "kk": "Қарағанды қ., Достық үйі"}},
     "place.ru", "Караганда"),
    ({"place": {"ru": "г. Алматы, Дом дружбы", "kk": "Астана қ., Бейбітшілік сарайы"}},
     "place.kk", "Астана"),
])
def test_a_small_assembly_of_another_region(tmp_path: Path, changes: dict, field: str,
                                            named: str) -> None:
    """Item 27: without --archive, another region's regulation or city is named."""
    assert run_cli("check", _almaty(tmp_path)).exit_code == 0
    result = run_cli("check", _almaty(tmp_path, **changes))
    assert result.exit_code == 1, result.stdout
    assert f"field '{field}'" in result.stderr and named in result.stderr
    assert "'almaty'" in result.stderr and "Traceback" not in result.stderr
