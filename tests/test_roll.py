"""The member roll: import (CSV and Excel), orders applied on their date, the roll on any date."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, run_cli, sample_data, write_yaml

from docgen.errors import DataError, JournalError
from docgen.input.roll_file import COLUMNS, read_roll_file
from docgen.records.journal import Journal
from docgen.records.roll import open_roll
from docgen.records.roll_changes import gender_from_name

ROLL = SAMPLES / "roll.csv"
ORDER = SAMPLES / "order-2026-012.yaml"


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or [c for c in COLUMNS if c != "id"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def member(name_ru: str, **values: str) -> dict[str, str]:
    row = {"name_ru": name_ru, "name_kk": values.pop("name_kk", name_ru), "gender": "m",
           "position_ru": "", "position_kk": "", "region": "karaganda", "seat": "personal",
           "civil_servant": "no", "council": "no", "phone": "", "email": "", "address": "",
           "language": "both", "admitted_on": "2025-01-10", "admit_order": "1",
           "council_since": "", "office": "", "office_since": ""}
    row.update(values)
    return row


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive whose journal holds the sample roll (385 members)."""
    folder = tmp_path / "archive"
    result = run_cli("members", "import", ROLL, "--archive", folder)
    assert result.exit_code == 0, result.stderr
    assert "385 add" in result.stdout
    return folder


def test_sample_roll_is_the_generators_output() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_sample_roll.py"),
                           "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_sample_roll_has_the_assembly_size_in_every_region(archive: Path) -> None:
    with open_roll(archive) as roll:
        entries = roll.on(dt.date(2026, 4, 27))
        council = roll.on(dt.date(2026, 5, 2), council=True)
    assert len(entries) == 385
    regions = {e.member.region for e in entries}
    assert len(regions - {"republican"}) == 20 and "republican" in regions
    assert {e.member.gender for e in entries} == {"m", "f"}
    assert len(council) == 31
    # ordered by region (official order), so Abai's members come first
    assert entries[0].member.region == "abai" and entries[-1].member.region == "republican"


def test_sample_roll_reads_as_real_people() -> None:
    rows = read_roll_file(ROLL)
    positions = [(r.region, r.position_ru) for r in rows if r.region != "republican"]
    assert len(positions) == len(set(positions))  # one centre of each people per region
    assert len({r.name_ru for r in rows}) == len(rows) == 385
    kazakh = [r for r in rows if r.name_kk != r.name_ru]
    assert kazakh and all(r.name_kk.endswith(("ұлы", "қызы"))  # or the patronymic kept
                          or r.name_kk.split()[-1] == r.name_ru.split()[-1] for r in kazakh)
    # patronymics that exist: Яковлевич / Яковлевна, not «Яковович» / «Якововна»
    assert not [r.name_ru for r in rows if "Яковов" in r.name_ru]
    assert any(r.name_ru.endswith("Яковлевна") for r in rows)
    # the Council of Mothers is led by women; each small assembly has its akim and its head
    # of secretariat by office
    mothers = [r for r in rows if "Совета матерей" in r.position_ru]
    assert mothers and {r.gender for r in mothers} == {"f"}
    offices = [(r.region, r.office) for r in rows if r.office.startswith("small_assembly_")]
    assert len(offices) == len(set(offices)) == 40
    assert sum(r.council for r in rows) == 31


def test_import_errors_name_file_row_and_column(tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "roll.csv", [
        member("Ахметов Серик Маратович"),
        member("Иванов Иван Иванович", region="karagandy"),
        member("Петрова Анна Сергеевна", gender="x", admitted_on="10.01.2025"),
    ])
    result = run_cli("members", "import", bad, "--archive", tmp_path / "a")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (f"Error: {bad}:3: column 'region': unknown region 'karagandy' "
                        "(did you mean karaganda?)")
    assert f"{bad}:4: column 'gender': 'x' is not m or f" in lines
    assert f"{bad}:4: column 'admitted_on': '10.01.2025' is not a date as YYYY-MM-DD" in lines
    assert not (tmp_path / "a").exists()  # nothing written, not even an empty journal


def test_import_refuses_unknown_columns_and_missing_required_ones(tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "roll.csv", [{"name_ru": "Ахметов С. М.", "regoin": "abai"}],
                    columns=["name_ru", "regoin"])
    with pytest.raises(DataError) as caught:
        read_roll_file(bad)
    message = str(caught.value)
    assert message.startswith(f"{bad}:1: ")
    assert "unknown column 'regoin' (did you mean region?)" in message
    assert "required column 'gender' is missing" in message


def test_dry_run_shows_changes_and_writes_nothing(archive: Path, tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        first = roll.on(dt.date(2026, 4, 27))[0].member
    changed = write_csv(tmp_path / "update.csv", [
        {"id": str(first.id), "name_ru": first.name_ru, "name_kk": first.name_kk,
         "gender": first.gender or "", "region": first.region, "phone": "+7 777 000 0000",
         "position_ru": first.position_ru, "position_kk": first.position_kk,
         "seat": first.seat or "", "civil_servant": "yes" if first.civil_servant else "no",
         "council": "yes" if first.council else "no", "email": first.email,
         "language": first.language},
    ], columns=["id", *[c for c in COLUMNS if c != "id"]])
    result = run_cli("members", "import", changed, "--dry-run", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    assert f"update  #{first.id} {first.name_ru}: phone '{first.phone}' → '+7 777 000 0000'" \
        in result.stdout
    assert "would change (dry run, nothing written): 1 update, 0 unchanged" in result.stdout
    with open_roll(archive) as roll:
        assert roll.member(first.id).phone == first.phone
    assert run_cli("members", "import", changed, "--archive", archive).exit_code == 0
    with open_roll(archive) as roll:
        assert roll.member(first.id).phone == "+7 777 000 0000"


def _full_member(archive: Path):
    """A member on the roll with a position, a seat and an e-mail."""
    with open_roll(archive) as roll:
        return next(e.member for e in roll.on(dt.date(2026, 4, 27))
                    if e.member.position_ru and e.member.seat and e.member.email
                    and e.member.phone)


def test_an_import_never_blanks_a_field_the_file_does_not_carry(archive: Path,
                                                                 tmp_path: Path) -> None:
    who = _full_member(archive)
    fewer = write_csv(tmp_path / "phones.csv", [
        {"id": str(who.id), "name_ru": who.name_ru, "name_kk": who.name_kk,
         "gender": who.gender, "region": who.region, "phone": "+7 701 111 2233"}],
        columns=["id", "name_ru", "name_kk", "gender", "region", "phone"])
    result = run_cli("members", "import", fewer, "--archive", archive)
    assert result.exit_code == 0, result.stderr
    assert "roll changed: 1 update, 0 unchanged" in result.stdout
    with open_roll(archive) as roll:
        after = roll.member(who.id)
    assert after.phone == "+7 701 111 2233"
    assert (after.position_ru, after.position_kk, after.seat, after.email, after.council,
            after.civil_servant, after.address) == (
        who.position_ru, who.position_kk, who.seat, who.email, who.council,
        who.civil_servant, who.address)


def test_an_import_into_an_existing_roll_refuses_what_an_order_does(archive: Path,
                                                                     tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        people = [e.member for e in roll.on(dt.date(2026, 4, 27))][:2]
        before = len(roll.members())
    moved, council = people
    rows = [
        {"id": str(moved.id), "name_ru": moved.name_ru, "name_kk": moved.name_kk,
         "gender": moved.gender, "region": "abai" if moved.region != "abai" else "almaty",
         "council": "yes" if moved.council else "no"},
        {"id": str(council.id), "name_ru": council.name_ru, "name_kk": council.name_kk,
         "gender": council.gender, "region": council.region,
         "council": "no" if council.council else "yes"},
        {"id": "", "name_ru": "Новиков Олег Петрович", "name_kk": "Новиков Олег Петрович",
         "gender": "m", "region": "karaganda", "council": "no"},
    ]
    bad = write_csv(tmp_path / "changes.csv", rows,
                    columns=["id", "name_ru", "name_kk", "gender", "region", "council"])
    result = run_cli("members", "import", bad, "--archive", archive)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Error: {bad}:2: column 'region': #{moved.id} {moved.name_ru}: "
                               f"changing a member's region ('{moved.region}' → ")
    assert lines[1].startswith(f"{bad}:3: column 'council': #{council.id} {council.name_ru} is")
    assert "the Council changes only by the orders and decisions that change it" in lines[1]
    assert lines[2].startswith(f"{bad}:4: column 'name_ru': 'Новиков Олег Петрович' is not on "
                               "the roll: admitting a member; an order does that")
    assert all("order" in line for line in lines)
    with open_roll(archive) as roll:
        assert len(roll.members()) == before
        assert roll.member(moved.id) == moved and roll.member(council.id) == council


def test_excel_roll_imports_like_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    columns = [c for c in COLUMNS if c != "id"]
    sheet.append(columns)
    row = member("Тен Роман Борисович", region="almaty")
    sheet.append([dt.date(2024, 5, 6) if c == "admitted_on" else row[c] for c in columns])
    sheet.append([dt.date(2024, 5, 6) if c == "admitted_on" else
                  ("Шымкент" if c == "region" else row[c]) for c in columns])
    path = tmp_path / "roll.xlsx"
    book.save(path)
    with pytest.raises(DataError, match=r"roll\.xlsx:3: column 'region': unknown region "
                                        r"'Шымкент'"):
        read_roll_file(path)
    sheet.delete_rows(3)
    book.save(path)
    rows = read_roll_file(path)
    assert [(r.row, r.name_ru, r.region, r.admitted_on) for r in rows] == [
        (2, "Тен Роман Борисович", "almaty", dt.date(2024, 5, 6))]


def test_roll_on_past_dates_and_the_order(archive: Path) -> None:
    before = run_cli("members", "list", "--on", "2026-05-09", "--region", "karaganda",
                     "--json", "--archive", archive)
    names = [m["name_ru"] for m in json.loads(before.stdout)]
    assert "Сергеев Павел Николаевич" in names and "Ким Виктор Алексеевич" not in names
    applied = run_cli("members", "apply", "--without-signature", ORDER, "--archive", archive)
    assert applied.exit_code == 0, applied.stderr
    assert "roll changed: 4 remove, 3 admit, 0 unchanged" in applied.stdout
    after = run_cli("members", "list", "--on", "2026-05-10", "--region", "karaganda",
                    "--json", "--archive", archive)
    names = [m["name_ru"] for m in json.loads(after.stdout)]
    assert "Сергеев Павел Николаевич" not in names and "Ким Виктор Алексеевич" in names
    # the day before the order the roll is as it was: history is kept, nothing deleted
    again = run_cli("members", "list", "--on", "2026-05-09", "--archive", archive)
    assert again.stdout.strip().endswith("385 member(s) on 2026-05-09")
    assert run_cli("members", "list", "--on", "2026-05-10", "--archive", archive).stdout \
        .strip().endswith("384 member(s) on 2026-05-10")
    assert run_cli("members", "list", "--on", "2022-03-14", "--archive", archive).stdout \
        .strip().endswith("0 member(s) on 2022-03-14")
    shown = run_cli("members", "show", "Сергеев Павел Николаевич", "--archive", archive)
    assert "removed 2026-05-10 (order № 12; position_change)" in shown.stdout
    kim = run_cli("members", "show", "Ким Виктор Алексеевич", "--archive", archive).stdout
    assert "region:         karaganda" in kim and "gender:         m" in kim
    pak = run_cli("members", "show", "Пак Елена Сергеевна", "--archive", archive).stdout
    assert "region:         republican" in pak and "gender:         f" in pak


def test_the_same_order_is_applied_once(archive: Path) -> None:
    assert run_cli("members", "apply", "--without-signature",
                   ORDER, "--archive", archive).exit_code == 0
    again = run_cli("members", "apply", "--without-signature", ORDER, "--archive", archive)
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Error: {ORDER}:4: field 'order.number': order № 12 of "
                                   "2026 (dated 2026-05-10) was already applied")


def _order(tmp_path: Path, **changes: object) -> Path:
    data = sample_data("order-2026-012.yaml")
    data["order"].update(changes)
    if not data["order"]["remove"]:  # the order's own rules: no removals, no submitter
        data["order"].pop("removal_submitted_by", None)
    if not data["order"]["admit"]:  # and no admissions, no Council meeting
        data["order"].pop("council_meeting", None)
    return write_yaml(tmp_path / "order.yaml", data)


def test_removing_someone_not_a_member_on_that_date_is_refused(archive: Path,
                                                                tmp_path: Path) -> None:
    assert run_cli("members", "apply", "--without-signature",
                   ORDER, "--archive", archive).exit_code == 0
    with open_roll(archive) as roll:
        sergeev = roll.find("Сергеев Павел Николаевич")[0].id
    later = _order(tmp_path, number=13, date="2026-06-01", admit=[],
                   remove=[{"name": "Сергеев Павел Николаевич", "ground": "own_request",
                           "application_date": "2026-05-04"}])
    result = run_cli("members", "apply", "--without-signature", later, "--archive", archive)
    assert result.exit_code == 1
    assert ("'Сергеев Павел Николаевич' is not a member on 2026-06-01 and cannot be removed "
            f"(#{sergeev} was a member from 2023-02-20 until 2026-05-10, removed by order № 12)"
            ) in result.stderr
    typo = _order(tmp_path, number=14, admit=[],
                  remove=[{"name": "Сергеев Павел Никалаевич", "ground": "own_request",
                           "application_date": "2026-05-04"}])
    result = run_cli("members", "apply", "--without-signature", typo, "--archive", archive)
    assert "'Сергеев Павел Никалаевич' is not on the roll; did you mean " \
           f"'Сергеев Павел Николаевич' (#{sergeev})?" in result.stderr


def test_admitting_a_member_already_in_is_refused_and_nothing_changes(archive: Path,
                                                                     tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        present = roll.on(dt.date(2026, 5, 10))[5].member
    order = _order(tmp_path, number=20, admit=[
        {"name": "Ким Виктор Алексеевич", "nominated_by": {
            "kind": "small_assembly", "region": "karaganda", "decision_date": "2026-04-15"}},
        {"name": present.name_ru, "nominated_by": {
            "kind": "small_assembly", "region": "abai", "decision_date": "2026-04-15"}}])
    result = run_cli("members", "apply", "--without-signature", order, "--archive", archive)
    assert result.exit_code == 1
    assert f"'{present.name_ru}' (#{present.id}) is already a member since" in result.stderr
    with open_roll(archive) as roll:  # all or nothing: the first admission is not in either
        assert roll.find("Ким Виктор Алексеевич") == []
        assert roll.order_applied(2026, 20) is None


def test_a_removed_member_can_be_admitted_again_keeping_the_history(archive: Path,
                                                                   tmp_path: Path) -> None:
    assert run_cli("members", "apply", "--without-signature",
                   ORDER, "--archive", archive).exit_code == 0
    back = _order(tmp_path, number=30, date="2026-09-01", remove=[], admit=[
        {"name": {"ru": "Оспанов Ерлан Маратович", "kk": "Оспанов Ерлан Маратұлы"},
         "nominated_by": {"kind": "small_assembly", "region": "pavlodar",
                          "decision_date": "2026-08-01"}}],
        council_meeting={"date": "2026-08-20", "protocol_number": 7})
    assert run_cli("members", "apply", "--without-signature",
                   back, "--archive", archive).exit_code == 0
    with open_roll(archive) as roll:
        ospanov = roll.find("Оспанов Ерлан Маратович")[0].id
        periods = roll.memberships(ospanov)
        assert [(p.admitted_on, p.removed_on) for p in periods] == [
            ("2023-02-20", "2026-05-10"), ("2026-09-01", None)]
        assert roll.membership_on(ospanov, dt.date(2026, 7, 1)) is None


def test_nothing_is_ever_deleted_from_the_roll(archive: Path) -> None:
    assert run_cli("members", "apply", "--without-signature",
                   ORDER, "--archive", archive).exit_code == 0
    with closing(sqlite3.connect(archive / "journal.sqlite")) as conn:
        for table in ("roll_members", "roll_memberships", "roll_orders", "roll_log"):
            with pytest.raises(sqlite3.IntegrityError, match="nothing is deleted"):
                conn.execute(f"DELETE FROM {table}")
        with pytest.raises(sqlite3.IntegrityError, match="only changes by being closed"):
            conn.execute("UPDATE roll_memberships SET admitted_on = '2020-01-01'")


def test_roll_tables_are_apart_from_the_documents(archive: Path) -> None:
    with Journal(archive / "journal.sqlite") as journal:
        assert journal.find() == []  # 385 members imported, no document touched
        assert journal.history() == []
    with open_roll(archive) as roll, pytest.raises(JournalError, match="not on the roll"):
        roll.remove(1, dt.date(2000, 1, 1), "1", "other")


def test_list_csv_is_the_import_format(archive: Path, tmp_path: Path) -> None:
    exported = run_cli("members", "list", "--on", "2026-04-27", "--csv", "--archive", archive)
    path = tmp_path / "export.csv"
    path.write_text(exported.stdout, encoding="utf-8")
    result = run_cli("members", "import", path, "--dry-run", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == ("roll would change (dry run, nothing written): "
                                     "385 unchanged")


def test_show_and_list_name_unknown_things(archive: Path) -> None:
    result = run_cli("members", "show", "Ахметов Серик", "--archive", archive)
    assert result.exit_code == 1 and "is not on the roll; did you mean" in result.stderr
    result = run_cli("members", "list", "--region", "karagandy", "--archive", archive)
    assert result.exit_code == 2 and "did you mean 'karaganda'?" in result.stderr  # usage


@pytest.mark.parametrize(("name", "gender"), [
    ("Ким Виктор Алексеевич", "m"), ("Пак Елена Сергеевна", "f"),
    ("Оспанов Ерлан Маратұлы", "m"), ("Ахметова Гүлнара Бақытқызы", "f"),
    ("Мамедов Тофик Ильяс оглы", "m"), ("Ким", None), ("Ким Айгерим", "f")])
def test_gender_from_the_patronymic(name: str, gender: str | None) -> None:
    assert gender_from_name(name) == gender


# ---------------------------------------------------------------- papers that count from it

def _session(tmp_path: Path, name: str, **changes: object) -> Path:
    data = sample_data(name)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return write_yaml(tmp_path / name, data)


def test_members_total_comes_from_the_roll_on_the_session_date(archive: Path,
                                                               tmp_path: Path) -> None:
    from helpers import read_docx_text

    data = _session(tmp_path, "session-34-minutes.yaml", members_total=None)
    without = run_cli("render", "minutes", data, "--out", tmp_path / "o")
    assert without.exit_code == 1
    assert "field 'members_total': minutes needs the member roll here: give --archive DIR" \
        in without.stderr
    result = run_cli("render", "minutes", data, "--out", tmp_path / "out", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    ru = read_docx_text(tmp_path / "out" / "session-34-minutes" / "minutes_ru.docx")
    kk = read_docx_text(tmp_path / "out" / "session-34-minutes" / "minutes_kk.docx")
    assert "Кворум имеется: присутствуют 352 из 385 членов;" in ru
    assert "не менее двух третей от общего числа членов — не менее 257" in ru
    assert "Кворум бар: 385 мүшенің 352-сі қатысуда;" in kk
    assert "кемінде үштен екісі (257 мүше)" in kk
    # Council: its members on the meeting's date
    council = _session(tmp_path, "council-2026-05-02.yaml", members_total=None)
    assert run_cli("check", council, "--archive", archive).exit_code == 0
    made = run_cli("render", "minutes", council, "--out", tmp_path / "c", "--archive", archive)
    assert made.exit_code == 0, made.stderr
    text = read_docx_text(tmp_path / "c" / "council-2026-05-02" / "minutes_ru.docx")
    assert "Присутствуют 28 из 31 члена Совета" in text


def test_check_says_when_members_total_differs_from_the_roll(archive: Path,
                                                             tmp_path: Path) -> None:
    assert run_cli("check", SAMPLES / "session-34.yaml", "--archive", archive).exit_code == 0
    data = _session(tmp_path, "session-34.yaml", members_total=386)
    result = run_cli("check", data, "--archive", archive)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {data}:10: field 'members_total': members in all (roll): the file states 386 "
        "members, the roll has 385 on 2026-05-06 (+1)")
    rendered = run_cli("render", "notice", data, "--out", tmp_path / "o", "--archive", archive)
    assert rendered.exit_code == 0  # the stated figure is kept, and the difference told
    assert "note: " in rendered.stderr and "the roll has 385 on 2026-05-06" in rendered.stderr


def _present(archive: Path, day: dt.date, count: int, *, council: bool = False) -> list:
    with open_roll(archive) as roll:
        entries = roll.on(day, council=council)
    return [e.member.id for e in entries[:count]]


@pytest.mark.parametrize(("present", "quorate"), [(257, True), (256, False)])
def test_a_list_of_those_present_gives_count_quorum_and_annex(archive: Path, tmp_path: Path,
                                                             present: int,
                                                             quorate: bool) -> None:
    from helpers import docx_texts

    ids = _present(archive, dt.date(2026, 4, 27), present)
    with open_roll(archive) as roll:
        first = roll.member(ids[0])
    people: list = [first.name_kk, *ids[1:]]  # a name (kk spelling) or a roll id
    data = sample_data("session-34-minutes.yaml")
    data["attendance"] = {"present": people, "invited": 40}
    data["agenda"] = [i for i in data["agenda"] if "candidates" not in i]  # no election
    for item in data["agenda"]:  # votes within the 257 present
        item["votes"] = {"for": 200, "against": 10, "abstained": 5}
    data["procedure"]["votes"] = {"for": 250, "against": 0, "abstained": 2}
    path = write_yaml(tmp_path / "minutes.yaml", data)
    result = run_cli("render", "minutes", path, "--out", tmp_path / "out", "--archive", archive)
    if not quorate:
        assert result.exit_code == 1
        assert "256 present of 385 members, at least 257" in result.stderr
        assert "(1 more); no minutes can be made" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    ru = docx_texts(tmp_path / "out" / "minutes" / "minutes_ru.docx")
    kk = docx_texts(tmp_path / "out" / "minutes" / "minutes_kk.docx")
    assert any(t.startswith("Кворум имеется: присутствуют 257 из 385 членов;")
               and "не менее 257 (пункт 8" in t for t in ru)
    assert "СПИСОК ПРИСУТСТВУЮЩИХ" in ru and "Список присутствующих прилагается." in ru
    assert f"1. {first.name_ru} — {first.position_ru}" in ru
    assert sum(1 for t in ru if t.startswith("257. ")) == 1
    assert not any(t.startswith("258. ") for t in ru)
    assert "ҚАТЫСУШЫЛАРДЫҢ ТІЗІМІ" in kk
    assert f"1. {first.name_kk} — {first.position_kk}" in kk


def test_a_name_not_on_the_roll_is_an_error_with_the_closest_match(archive: Path,
                                                                  tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        someone = roll.on(dt.date(2026, 4, 27))[3].member
    typo = someone.name_ru[:-2] + "ич" if someone.name_ru.endswith("на") else \
        someone.name_ru[:-1]
    data = sample_data("session-34-minutes.yaml")
    data["attendance"] = {"present": [typo]}
    path = write_yaml(tmp_path / "minutes.yaml", data)
    result = run_cli("check", path, "--archive", archive)
    assert result.exit_code == 1
    assert (f"field 'attendance.present[1]': '{typo}' is not on the roll; did you mean "
            f"'{someone.name_ru}' (#{someone.id})?") in result.stderr
    data["attendance"] = {"present": [someone.id, someone.name_ru]}
    path = write_yaml(tmp_path / "minutes.yaml", data)
    result = run_cli("check", path, "--archive", archive)
    assert f"'{someone.name_ru}' (#{someone.id}) is listed twice (also item 1)" in result.stderr


def test_the_council_counts_only_its_members(archive: Path, tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        outsider = next(e.member for e in roll.on(dt.date(2026, 5, 2)) if not e.member.council)
    ids = _present(archive, dt.date(2026, 5, 2), 27, council=True)
    data = sample_data("council-2026-05-02.yaml")
    data.pop("members_total")
    data["attendance"] = {"present": [*ids, outsider.id]}
    path = write_yaml(tmp_path / "council.yaml", data)
    result = run_cli("check", path, "--archive", archive)
    assert result.exit_code == 1
    assert f"(#{outsider.id}) is not a member of the Council" in result.stderr


def test_registration_sheet_lists_everyone_on_the_date_by_region(archive: Path,
                                                                 tmp_path: Path) -> None:
    from helpers import docx_texts

    session = SAMPLES / "session-34.yaml"
    refused = run_cli("render", "register", session, "--out", tmp_path / "x")
    assert refused.exit_code == 1 and "register needs the member roll" in refused.stderr
    assert run_cli("members", "apply", "--without-signature",
                   ORDER, "--archive", archive).exit_code == 0
    result = run_cli("render", "register", session, "--out", tmp_path / "out",
                     "--archive", archive)
    assert result.exit_code == 0, result.stderr
    ru = docx_texts(tmp_path / "out" / "session-34" / "register_ru.docx")
    kk = docx_texts(tmp_path / "out" / "session-34" / "register_kk.docx")
    assert ru[:4] == ["АССАМБЛЕЯ НАРОДА КАЗАХСТАНА", "", "ЯВОЧНЫЙ ЛИСТ",
                      "участников очередной XXXIV сессии Ассамблеи народа Казахстана"]
    assert kk[:4] == ["ҚАЗАҚСТАН ХАЛҚЫ АССАМБЛЕЯСЫ", "",
                      "Қазақстан халқы Ассамблеясының кезекті XXXIV сессиясының", "ТІРКЕУ ПАРАҒЫ"]
    assert "Тегі, аты, әкесінің аты" in kk and "Қолы" in kk
    assert "Всего: 385 членов." in ru and "Барлығы: 385 мүше." in kk
    # the session was before the order: Sergeyev signs, Kim (admitted later) does not
    assert "Сергеев Павел Николаевич" in ru and "Ким Виктор Алексеевич" not in ru
    from docgen.input.regions import load_regions

    names = {r.name("ru") for r in load_regions().values()}
    groups = [t for t in ru if t in names or t == "Республиканские общественные объединения"]
    assert groups[0] == "Абайская область" and groups[-1] == \
        "Республиканские общественные объединения" and len(groups) == 21
    assert "385" in ru and "386" not in ru
    assert "Республикалық қоғамдық бірлестіктер" in kk and "Абай облысы" in kk


# ---------------------------------------------------------------- a signed order enters the roll

def test_archiving_the_signed_order_applies_it_to_the_roll(archive: Path, tmp_path: Path) -> None:
    from docgen.archive.signing_demo import make_test_identity, sign_pdf_bytes

    out = tmp_path / "out"
    made = run_cli("render", "order", ORDER, "--out", out, "--pdf", "--archive", archive)
    assert made.exit_code == 0, made.stderr
    with open_roll(archive) as roll:  # rendered, not yet signed: the roll is as it was
        assert roll.find("Ким Виктор Алексеевич") == []
    identity = make_test_identity()
    signed = {}
    for lang in ("ru", "kk"):
        signed[lang] = tmp_path / f"order_{lang}.signed.pdf"
        pdf = out / "order-2026-012" / f"order_{lang}.pdf"
        signed[lang].write_bytes(sign_pdf_bytes(pdf.read_bytes(), identity))
    first = run_cli("archive", "add", signed["ru"], "--archive", archive)
    assert first.exit_code == 0, first.stderr
    assert ("roll: order № 12 of 2026-05-10 applied: 4 remove, 3 admit, 0 unchanged"
            in first.stdout)
    second = run_cli("archive", "add", signed["kk"], "--archive", archive)
    assert second.exit_code == 0 and "roll:" not in second.stdout  # applied once
    with open_roll(archive) as roll:
        assert len(roll.on(dt.date(2026, 5, 10))) == 384
        assert roll.order_applied(2026, 12) is not None
    again = run_cli("members", "apply", ORDER, "--archive", archive)
    assert again.exit_code == 1 and "was already applied" in again.stderr


def test_a_signed_order_the_roll_refuses_is_not_archived(tmp_path: Path) -> None:
    from docgen.archive.signing_demo import make_test_identity, sign_pdf_bytes

    archive = tmp_path / "archive"
    one = write_csv(tmp_path / "roll.csv", [member("Иванов Иван Иванович")])
    assert run_cli("members", "import", one, "--archive", archive).exit_code == 0
    out = tmp_path / "out"
    assert run_cli("render", "order", ORDER, "--out", out, "--pdf", "--archive",
                   archive).exit_code == 0
    signed = tmp_path / "order_ru.signed.pdf"
    signed.write_bytes(sign_pdf_bytes((out / "order-2026-012" / "order_ru.pdf").read_bytes(),
                                      make_test_identity()))
    result = run_cli("archive", "add", signed, "--archive", archive)
    assert result.exit_code == 1  # archiving and applying go together: neither
    assert (f"{signed}: not archived: the roll refuses the signed order, and archiving and "
            "applying it go together: order-2026-012.yaml:" in result.stderr)
    assert "'Сергеев Павел Николаевич' is not on the roll" in result.stderr
    with open_roll(archive) as roll:
        assert roll.order_applied(2026, 12) is None
    with Journal(archive / "journal.sqlite") as journal:
        assert {r.status for r in journal.find(kind="order")} == {"generated"}
    assert not list(archive.glob("2026/order/*.pdf"))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_dry_run_writes_nothing_not_even_the_journal(archive: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh" / "archive"
    for args in (("import", ROLL), ("apply", ORDER)):
        result = run_cli("members", *args, "--dry-run", "--archive", fresh)
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "fresh").exists(), args  # no folder, no journal
    result = run_cli("members", "import", ROLL, "--dry-run", "--archive", fresh)
    assert result.exit_code == 0 and "385 add" in result.stdout, result.output
    before = _tree(archive)  # an existing journal: not one byte, no -wal/-shm beside it
    for args in (("import", ROLL), ("apply", ORDER)):
        result = run_cli("members", *args, "--dry-run", "--archive", archive)
        assert result.exit_code == 0, result.output
        assert "dry run, nothing written" in result.stdout
        assert _tree(archive) == before, args
