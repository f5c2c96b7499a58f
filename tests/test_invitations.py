"""Personal invitations from the roll: both languages, men and women, all or nothing, PDF."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLES, docx_texts, files_under, run_cli, sample_data, write_yaml

from docgen.records.roll import open_roll

ROLL = SAMPLES / "roll.csv"
ORDER = SAMPLES / "order-2026-012.yaml"
LATER = SAMPLES / "session-35-extraordinary.yaml"  # 2026-09-10, after the order
LATER_DAY = dt.date(2026, 9, 10)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample roll with the sample order applied (Kim and Pak admitted)."""
    folder = tmp_path_factory.mktemp("roll") / "archive"
    assert run_cli("members", "import", ROLL, "--archive", folder).exit_code == 0
    assert run_cli("members", "apply", "--without-signature",
                   ORDER, "--archive", folder).exit_code == 0
    return folder


def _letters(folder: Path, member_id: int) -> dict[str, list[str]]:
    found = {p.stem.rpartition("_")[2]: docx_texts(p)
             for p in folder.rglob(f"invitation_{member_id:04d}_*.docx")}
    return dict(sorted(found.items()))


def test_letters_address_men_and_women_in_both_languages(archive: Path, tmp_path: Path) -> None:
    data = write_yaml(tmp_path / "s35.yaml", {**sample_data(LATER.name), "members_total": 384})
    result = run_cli("batch", "invitations", data, "--region", "karaganda",
                     "--out", tmp_path / "out", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "s35"
    with open_roll(archive) as roll:
        kim = roll.find("Ким Виктор Алексеевич")[0]
        woman = next(e.member for e in roll.on(LATER_DAY, region="karaganda")
                     if e.member.gender == "f" and e.member.language == "both")
    letters = _letters(folder, kim.id)
    assert set(letters) == {"ru", "kk"}  # admitted by the order with letters in both
    assert "Уважаемый Виктор Алексеевич!" in letters["ru"]
    assert letters["ru"][letters["ru"].index("Члену Ассамблеи народа Казахстана"):][:2] == \
        ["Члену Ассамблеи народа Казахстана", "В.А. Киму"]
    assert "Құрметті Виктор Алексеевич!" in letters["kk"]
    assert "В.А. Кимге" in letters["kk"]
    assert ("Приглашаем Вас принять участие в работе внеочередной XXXV сессии Ассамблеи "
            "народа Казахстана.") in letters["ru"]
    first, patronymic = woman.name_ru.split()[1:3]
    hers = _letters(folder, woman.id)
    assert f"Уважаемая {first} {patronymic}!" in hers["ru"]
    kk_first, kk_patronymic = woman.name_kk.split()[1:3]
    assert f"Құрметті {kk_first} {kk_patronymic}!" in hers["kk"]
    assert any(t.endswith("қызы") or t.endswith("вна") for t in woman.name_kk.split())


def test_each_member_gets_the_languages_of_the_roll(archive: Path, tmp_path: Path) -> None:
    result = run_cli("batch", "invitations", SAMPLES / "session-34.yaml", "--region", "abai",
                     "--out", tmp_path / "out", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "session-34" / "manifest.json").read_text())
    with open_roll(archive) as roll:
        members = roll.on(dt.date(2026, 4, 27), region="abai")
    expected = sum(len(e.member.langs()) for e in members)
    assert manifest["kind"] == "invitation" and manifest["count"] == expected
    by_member: dict[int, set[str]] = {}
    for entry in manifest["documents"]:
        by_member.setdefault(entry["member"]["id"], set()).add(entry["lang"])
        assert entry["region"] == "abai"
    assert by_member == {e.member.id: set(e.member.langs()) for e in members}
    assert {"ru"} in by_member.values() and {"kk"} in by_member.values()
    assert len(files_under(tmp_path / "out")) == expected + 1  # letters + manifest


def test_council_meeting_invites_council_members_only(archive: Path, tmp_path: Path) -> None:
    result = run_cli("batch", "invitations", SAMPLES / "council-2026-05-02.yaml",
                     "--out", tmp_path / "out", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    assert "to 31 member(s)" in result.stderr
    letter = next((tmp_path / "out").rglob("invitation_*_ru.docx"))
    assert "Члену Совета Ассамблеи народа Казахстана" in docx_texts(letter)


def test_a_member_who_cannot_be_addressed_stops_the_batch(archive: Path,
                                                          tmp_path: Path) -> None:
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    order = sample_data(ORDER.name)
    order["order"].pop("removal_submitted_by", None)  # an order without removals
    order["order"].update(number=40, date="2026-06-01", remove=[], admit=[
        {"name": "Тен Чжу", "nominated_by": {"kind": "small_assembly", "region": "almaty",
                                             "decision_date": "2026-04-15"}}])
    assert run_cli("members", "apply", "--without-signature",
                   write_yaml(tmp_path / "o.yaml", order),
                   "--archive", copy).exit_code == 0
    result = run_cli("batch", "invitations", LATER, "--out", tmp_path / "out",
                     "--archive", copy)
    assert result.exit_code == 1
    assert "the roll does not say the gender of 1 member(s)" in result.stderr
    assert "Тен Чжу" in result.stderr
    assert files_under(tmp_path / "out") == []  # all or nothing


def test_invitations_need_the_roll_and_a_known_region(archive: Path, tmp_path: Path) -> None:
    result = run_cli("batch", "invitations", SAMPLES / "session-34.yaml", "--region",
                     "karagandy", "--out", tmp_path / "out", "--archive", archive)
    assert result.exit_code == 2 and "did you mean 'karaganda'?" in result.stderr  # usage
    empty = run_cli("batch", "invitations", SAMPLES / "session-34.yaml",
                    "--out", tmp_path / "out", "--archive", tmp_path / "none")
    assert empty.exit_code == 1 and "the member roll is needed but cannot be read" in empty.stderr
    assert files_under(tmp_path / "out") == []


def test_pdf_adds_one_combined_file_for_printing(archive: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    result = run_cli("batch", "invitations", SAMPLES / "session-34.yaml", "--region",
                     "ulytau", "--out", tmp_path / "out", "--archive", archive, "--pdf")
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "session-34"
    docx = sorted(folder.rglob("*.docx"))
    with open_roll(archive) as roll:  # the roll's order, ru before kk
        order = [folder / "members" / "ulytau" / f"invitation_{e.member.id:04d}_{lang}.pdf"
                 for e in roll.on(dt.date(2026, 4, 27), region="ulytau")
                 for lang in e.member.langs()]
    assert sorted(order) == sorted(p.with_suffix(".pdf") for p in docx)
    singles = [page.extract_text() for pdf in order for page in PdfReader(pdf).pages]
    combined = [page.extract_text() for page in PdfReader(folder / "invitations.pdf").pages]
    assert combined == singles and len(combined) >= len(docx)
    manifest = json.loads((folder / "manifest.json").read_text())
    paths = {e["path"] for e in manifest["documents"]}
    assert "invitations.pdf" in paths
    assert {p.relative_to(folder).with_suffix(".pdf").as_posix() for p in docx} <= paths
