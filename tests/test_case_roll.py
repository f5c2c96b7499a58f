"""`docgen check DIR --archive A`: the case agrees with the roll and with itself.

People named in papers are the roll's people (spelling, membership, the Council, offices,
the akim); counts come from the roll after the folder's removals; the story holds (the
nomination before the election, one number one paper, no removed member at a later
meeting, a named "other" ground not contradicted).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import SAMPLES, run_cli, write_yaml


@pytest.fixture
def imported(sample_roll: Path) -> Path:
    """The sample roll, the sample order not applied yet (read only)."""
    return sample_roll


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample roll with the sample order № 12 applied (as `make demo` leaves it)."""
    folder = tmp_path_factory.mktemp("applied") / "archive"
    assert run_cli("members", "import", SAMPLES / "roll.csv", "--archive", folder).exit_code == 0
    done = run_cli("members", "apply", "--without-signature", SAMPLES / "order-2026-012.yaml",
                   "--archive", folder)
    assert done.exit_code == 0, done.stderr
    return folder


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("*.csv"))
    return folder


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    write_yaml(path, data)


@pytest.mark.parametrize("roll", ["imported", "applied"])
def test_the_sample_case_agrees_with_the_roll(roll: str, request: pytest.FixtureRequest) -> None:
    archive = request.getfixturevalue(roll)
    result = run_cli("check", SAMPLES, "--archive", archive)
    assert result.exit_code == 0, result.stderr
    assert "case file OK" in result.stdout


def test_a_council_file_leaving_the_total_to_the_roll(imported: Path, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "council-2026-05-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("members_total: 31\n", ""),
                    encoding="utf-8")
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_the_poll_counts_the_council_after_the_removals(imported: Path, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "council-poll-2026-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("members_total: 29",
                                                               "members_total: 31"),
                    encoding="utf-8")
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 1
    assert "council-poll-2026-06.yaml" in result.stderr and "members_total" in result.stderr
    assert "the file states 31 Council members, the roll has 29 on 2026-06-15" in result.stderr


def test_a_kazakh_spelling_other_than_the_rolls(imported: Path, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "council-2026-05-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '{ru: "Назарова Дарига Нурлановна", kk: "Назарова Дариға Нұрланқызы"}',
        '"Назарова Дарига Нурлановна"'), encoding="utf-8")
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 1
    assert "field 'attendance.members[" in result.stderr
    assert ("'Назарова Дарига Нурлановна' is not the roll's Kazakh spelling" in result.stderr)
    assert "kk: 'Назарова Дариға Нұрланқызы'" in result.stderr


def test_an_invited_speaker_is_marked_not_a_member(imported: Path, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    guest = {"name": "Сулейменов Олжас Омарович",
             "position": {"ru": "поэт", "kk": "ақын"}}
    path = folder / "session-34-minutes.yaml"
    _edit(path, lambda d: d["agenda"][0]["spoke"].append(
        {**guest, "summary": {"ru": "выступил", "kk": "сөйледі"}}))
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 1
    assert "'Сулейменов Олжас Омарович' (spoke) is not on the roll" in result.stderr
    assert "member: false" in result.stderr
    _edit(path, lambda d: d["agenda"][0]["spoke"][-1].update(member=False))
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 0, result.stderr


def test_an_office_stated_is_the_rolls(imported: Path, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "session-34-minutes.yaml"
    _edit(path, lambda d: d["agenda"][0]["spoke"][0].update(name="Пак Инна Сергеевна"))
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 1
    assert "field 'agenda[1].spoke[1].name'" in result.stderr
    assert "'Пак Инна Сергеевна'" in result.stderr
    assert "'председатель Совета матерей Ассамблеи народа Казахстана'" in result.stderr
    assert "the roll has 'Ахметова Гульнара Баймухановна'" in result.stderr


def test_members_show_tells_the_akim_on_a_date(applied: Path) -> None:
    shown = run_cli("members", "show", "Жумабеков Ерлан Кайратович", "--on", "2026-05-20",
                    "--archive", applied)
    assert shown.exit_code == 0, shown.stderr
    assert "small_assembly_chair karaganda" in shown.stdout
    assert "council" in shown.stdout


def _roll_id(archive: Path, name: str) -> int:
    from docgen.records.roll import open_roll

    with open_roll(archive) as roll:
        return roll.find(name)[0].id


def test_a_person_given_by_roll_id(imported: Path, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    akim = _roll_id(imported, "Жумабеков Ерлан Кайратович")
    path = folder / "small-assembly-karaganda-12.yaml"
    _edit(path, lambda d: d.update(chair={"id": akim}))
    assert run_cli("check", folder, "--archive", imported).exit_code == 0
    made = run_cli("render", "minutes", path, "--out", tmp_path / "o", "--archive", imported)
    assert made.exit_code == 0, made.stderr
    from helpers import read_docx_text

    ru = read_docx_text(tmp_path / "o" / "small-assembly-karaganda-12" / "minutes_ru.docx")
    kk = read_docx_text(tmp_path / "o" / "small-assembly-karaganda-12" / "minutes_kk.docx")
    assert "Е. Жумабеков" in ru and "Е. Жұмабеков" in kk
    alone = run_cli("check", path)
    assert alone.exit_code == 1
    assert "field 'chair.id'" in alone.stderr and "needs the member roll" in alone.stderr
    deputy = _roll_id(imported, "Сергеев Павел Николаевич")
    _edit(path, lambda d: d.update(chair={"id": deputy}))
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 1
    assert "'Сергеев Павел Николаевич'" in result.stderr
    assert "'Жумабеков Ерлан Кайратович'" in result.stderr
    _edit(path, lambda d: d.update(chair={"id": akim, "name": "Жумабеков Ерлан Каиратович"}))
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 1 and "field 'chair.name'" in result.stderr
    assert "is not the name of #" in result.stderr


def test_named_other_grounds_come_from_the_rulebook(tmp_path: Path) -> None:
    rules = run_cli("rules")
    assert "other: non_participation: в связи с систематическим неучастием в работе " \
           "Ассамблеи; implies: present at no meeting within 365 days" in rules.stdout
    path = tmp_path / "order.yaml"
    shutil.copy(SAMPLES / "order-2026-012.yaml", path)
    _edit(path, lambda d: d["order"]["remove"][3].update(other_ground="absence"))
    result = run_cli("check", path)
    assert result.exit_code == 1 and "field 'order.remove[4].other_ground'" in result.stderr
    assert "unknown other_ground 'absence'; the rulebook names: non_participation" \
        in result.stderr
    _edit(path, lambda d: d["order"]["remove"][3].update(other_ground="non_participation",
                                                         ground="own_request"))
    result = run_cli("check", path)
    assert result.exit_code == 1 and "field 'order.remove[4].ground'" in result.stderr


def test_the_head_of_a_small_assemblys_secretariat_is_the_rolls(imported: Path,
                                                                 tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "small-assembly-karaganda-12.yaml"
    _edit(path, lambda d: d["secretary"].update(name="Ахмеджанова Алма Сериковна"))
    result = run_cli("check", folder, "--archive", imported)
    assert result.exit_code == 1 and "field 'secretary.name'" in result.stderr
    assert "'Ахмеджанова Алма Сериковна' is named as 'заведующий секретариатом Ассамблеи " \
           "народа Казахстана Карагандинской области' on 2026-05-20, but the roll has " \
           "'Жакупова Айгерим Серикбаевна'" in result.stderr
