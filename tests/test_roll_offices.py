"""Offices on the roll with dates: the Council, the akims, the heads of secretariats."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from helpers import SAMPLES, run_cli, write_yaml
from test_roll import member, write_csv

from docgen.records.roll import open_roll
from docgen.records.schema import MIGRATIONS, migrate

ROLL = SAMPLES / "roll.csv"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    result = run_cli("members", "import", ROLL, "--archive", folder)
    assert result.exit_code == 0, result.stderr
    return folder


def _removal_order(path: Path, name: str, day: str, number: int = 30) -> Path:
    return write_yaml(path, {"order": {
        "number": number, "date": day, "place": {"ru": "г. Астана", "kk": "Астана қ."},
        "signatory": {"name": {"ru": "К. Токаев", "kk": "Қ. Тоқаев"}},
        "removal_submitted_by": {"kind": "deputy_chairmen"},
        "remove": [{"name": name, "ground": "own_request", "application_date": day}]}})


def test_import_gives_each_region_its_akim_and_secretariat_head(archive: Path) -> None:
    day = dt.date(2026, 4, 27)
    with open_roll(archive) as roll:
        chair = roll.holders("small_assembly_chair", day, "karaganda")
        head = roll.holders("small_assembly_secretariat_head", day, "karaganda")
        assert len(chair) == len(head) == 1
        akim = roll.member(chair[0])
        assert akim.position_ru == "аким Карагандинской области"
        for region in ("abai", "astana", "shymkent"):
            assert len(roll.holders("small_assembly_chair", day, region)) == 1
        assert len(roll.council_on(day)) == 31


def test_a_removal_ends_the_council_membership_on_the_orders_date(archive: Path,
                                                                   tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        leaving = roll.council_on(dt.date(2026, 5, 2))[0].member
    order = _removal_order(tmp_path / "order.yaml", leaving.name_ru, "2026-05-10")
    assert run_cli("members", "apply", "--without-signature", order, "--archive",
                   archive).exit_code == 0
    with open_roll(archive) as roll:
        assert len(roll.council_on(dt.date(2026, 5, 9))) == 31
        assert len(roll.council_on(dt.date(2026, 5, 10))) == 30
        ended = roll.offices(leaving.id, office="council")[0]
        assert (ended.to_on, ended.to_act) == ("2026-05-10", "order № 30")
    listed = run_cli("members", "list", "--council", "--on", "2026-06-15", "--archive", archive)
    assert listed.exit_code == 0, listed.stderr
    assert "30 Council member(s) on 2026-06-15" in listed.stdout
    assert leaving.name_ru not in listed.stdout
    before = run_cli("members", "list", "--council", "--on", "2026-05-02", "--archive", archive)
    assert "31 Council member(s) on 2026-05-02" in before.stdout
    assert leaving.name_ru in before.stdout
    shown = run_cli("members", "show", str(leaving.id), "--on", "2026-05-02",
                    "--archive", archive)
    assert "on 2026-05-02:  member; council" in shown.stdout
    assert "council from 2022-03-15 (order № 4) to 2026-05-10 (order № 30)" in shown.stdout
    later = run_cli("members", "show", str(leaving.id), "--on", "2026-06-15",
                    "--archive", archive)
    assert "on 2026-06-15:  not a member; no office" in later.stdout


def test_list_shows_offices_and_csv_round_trips(archive: Path, tmp_path: Path) -> None:
    listed = run_cli("members", "list", "--region", "karaganda", "--on", "2026-05-20",
                     "--archive", archive)
    assert "small_assembly_chair" in listed.stdout
    assert "small_assembly_secretariat_head" in listed.stdout
    exported = run_cli("members", "list", "--csv", "--on", "2026-05-20", "--archive", archive)
    path = tmp_path / "again.csv"
    path.write_text(exported.stdout, encoding="utf-8")
    again = run_cli("members", "import", path, "--dry-run", "--archive", archive)
    assert again.exit_code == 0, again.stderr
    assert "0 add" not in again.stdout and "385 unchanged" in again.stdout


def test_import_does_not_change_the_council_or_offices(archive: Path, tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        outsider = next(e.member for e in roll.on(dt.date(2026, 5, 2))
                        if e.member.id not in roll.council_ids(dt.date(2026, 5, 2)))
    row = member(outsider.name_ru, name_kk=outsider.name_kk, gender=outsider.gender,
                 region=outsider.region, position_ru=outsider.position_ru,
                 position_kk=outsider.position_kk, seat=outsider.seat or "",
                 civil_servant="yes" if outsider.civil_servant else "no", council="yes",
                 admitted_on="", admit_order="")
    path = write_csv(tmp_path / "council.csv", [row])
    result = run_cli("members", "import", path, "--archive", archive)
    assert result.exit_code == 1
    assert f"{path}:2: column 'council'" in result.stderr
    assert "the Council changes only by the orders and decisions" in result.stderr


def test_two_akims_of_one_region_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roll.csv", [
        member("Ибраев Канат Аскарович", office="small_assembly_chair", seat="office",
               civil_servant="yes"),
        member("Жумабеков Ерлан Кайратович", office="small_assembly_chair", seat="office",
               civil_servant="yes"),
        member("Ким Людмила Германовна", gender="f", office="chairman", region="republican"),
    ])
    result = run_cli("members", "import", path, "--archive", tmp_path / "a")
    assert result.exit_code == 1
    assert f"{path}:3: column 'office': small_assembly_chair in karaganda is held by one " \
           "person at a time; Ибраев Канат Аскарович holds it already" in result.stderr
    assert "column 'office'" in result.stderr


def test_an_unknown_office_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roll.csv", [member("Ибраев Канат Аскарович", office="akim")])
    result = run_cli("members", "import", path, "--archive", tmp_path / "a")
    assert result.exit_code == 1
    assert f"{path}:2: column 'office': unknown office 'akim'" in result.stderr


def test_a_version_4_journal_keeps_its_council(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        migrate(conn, MIGRATIONS[:4])
        conn.execute("INSERT INTO roll_members (name_ru, name_kk, region, council, created_at, "
                     "updated_at) VALUES ('Ким Инна', 'Ким Инна', 'abai', 1, 'x', 'x')")
        conn.execute("INSERT INTO roll_memberships (member_id, admitted_on, admit_order) "
                     "VALUES (1, '2024-01-10', '7')")
    with open_roll(tmp_path) as roll:
        assert [e.member.name_ru for e in roll.council_on(dt.date(2025, 1, 1))] == ["Ким Инна"]
        assert roll.council_on(dt.date(2024, 1, 9)) == []
        assert roll.offices(1)[0].from_act == "7"


def test_the_roll_file_imports_again_after_an_order(archive: Path) -> None:
    order = SAMPLES / "order-2026-012.yaml"
    assert run_cli("members", "apply", "--without-signature", order,
                   "--archive", archive).exit_code == 0
    again = run_cli("members", "import", ROLL, "--dry-run", "--archive", archive)
    assert again.exit_code == 0, again.stderr  # the removed keep their Council flag in the file
    assert "385 unchanged" in again.stdout
