"""One chain over everything the journal asserts: the roll, pending orders, registrations.

Each edit is made as an auditor (or a forger) would: with sqlite3, after dropping the
triggers that refuse it; `archive verify` must name the table and the row.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from helpers import SAMPLES, run_cli

from docgen.archive.verify import verify_archive
from docgen.records.chain import GENESIS, link_hash
from docgen.records.journal import Journal, open_journal
from docgen.records.roll import OrderSource, open_roll
from docgen.records.row_chain import NOT_ROW_CHAINED, chained_tables
from docgen.records.schema import MIGRATIONS, migrate

ORDER = SAMPLES / "order-2026-012.yaml"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A journal holding the sample roll, an applied order, a pending order, numbers."""
    folder = tmp_path / "archive"
    assert run_cli("members", "import", SAMPLES / "roll.csv", "--archive", folder).exit_code == 0
    with open_roll(folder) as roll:
        with roll.transaction():
            new = roll.add_member({"name_ru": "Ким Виктор Алексеевич",
                                   "name_kk": "Ким Виктор Алексеевич", "gender": "m",
                                   "position_ru": "", "position_kk": "", "region": "karaganda",
                                   "seat": None, "civil_servant": False, "council": False,
                                   "phone": "", "email": "", "address": "",
                                   "language": "both"})
            roll.admit(new, dt.date(2026, 5, 10), "12", "nominated")
            roll.remove(1, dt.date(2026, 5, 10), "12", "death")
            roll.record_order(2026, 12, dt.date(2026, 5, 10), "ab" * 32, "order-2026-012.yaml")
        roll.remember_order(["DG-00000000000000B1", "DG-00000000000000B2"],
                            OrderSource.of_file(ORDER, "cd" * 32))
    with open_journal(folder) as journal:
        journal.allocate_number("assembly", "", "order", 2026)
        journal.reserve_number("assembly", "", "order", 2026, 13, holder="order-13")
        assert journal.check_chain() == []
    return folder


def raw_sql(folder: Path, *statements: str) -> None:
    """Edits made with sqlite3: the triggers that refuse them are dropped first."""
    with closing(sqlite3.connect(folder / "journal.sqlite")) as raw, raw:
        for name, in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            raw.execute(f'DROP TRIGGER "{name}"')
        for statement in statements:
            raw.execute(statement)


def findings(folder: Path, **kwargs) -> list[tuple[str, str]]:
    with Journal(folder / "journal.sqlite", create=False) as journal:
        return [(f.problem, f.detail) for f in verify_archive(journal, folder, **kwargs)]


@pytest.mark.parametrize(("statement", "problem", "named"), [
    ("UPDATE roll_members SET name_ru = 'Другой Человек' WHERE id = 386",
     "row changed", "roll_members row id=386 was changed outside docgen: name_ru differ(s)"),
    ("DELETE FROM roll_members WHERE id = 200",
     "row deleted", "roll_members row id=200 was deleted outside docgen"),
    ("UPDATE roll_memberships SET removed_on = NULL, remove_order = NULL, remove_ground = NULL,"
     " remove_detail = NULL WHERE member_id = 1",
     "row changed", "roll_memberships row id=1 was changed outside docgen: remove_detail, "
     "remove_ground, remove_order, removed_on differ(s)"),
    ("INSERT INTO roll_memberships (member_id, admitted_on, admit_order) "
     "VALUES (2, '2026-01-01', '99')",
     "row inserted", "roll_memberships row id=387 was inserted outside docgen"),
    ("DELETE FROM roll_orders", "row deleted", "roll_orders row id=1 was deleted"),
    ("UPDATE roll_pending_orders SET data = replace(data, 'Ким', 'Пак') "
     "WHERE doc_id = 'DG-00000000000000B2'",
     "row changed", "roll_pending_orders row doc_id=DG-00000000000000B2 was changed outside "
     "docgen: data differ(s)"),
    ("DELETE FROM roll_log WHERE id = 5", "row deleted", "roll_log row id=5 was deleted"),
    ("UPDATE registrations SET holder = 'someone-else' WHERE number = 13",
     "row changed", "registrations row id=2 was changed outside docgen: holder differ(s)"),
    ("DELETE FROM registrations WHERE number = 1",
     "row deleted", "registrations row id=1 was deleted"),
])
def test_every_edit_of_the_roll_and_the_numbers_is_named(
    archive: Path, statement: str, problem: str, named: str
) -> None:
    raw_sql(archive, statement)
    found = findings(archive)
    assert [p for p, _ in found] == [problem], found
    assert named in found[0][1]


def test_every_table_is_chained_or_said_why_not(archive: Path) -> None:
    """A new table (another migration) is chained unless it is listed, with its reason."""
    with closing(sqlite3.connect(archive / "journal.sqlite")) as raw:
        tables = {name for name, in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        chained = set(chained_tables(raw))
    assert set(NOT_ROW_CHAINED) <= tables  # no stale exception
    assert all(len(reason) > 20 for reason in NOT_ROW_CHAINED.values())
    assert chained == tables - set(NOT_ROW_CHAINED)
    assert {"registrations", "roll_members", "roll_memberships", "roll_orders", "roll_log",
            "roll_pending_orders"} <= chained
    # … and deleting any row of any chained table is named with its table
    for table in sorted(chained):
        with closing(sqlite3.connect(archive / "journal.sqlite")) as raw:
            has_rows = raw.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
        if has_rows is None:
            continue
        backup = archive / "journal.sqlite"
        saved = backup.read_bytes()
        raw_sql(archive, f'DELETE FROM "{table}" WHERE rowid = (SELECT MAX(rowid) FROM "{table}")')
        found = findings(archive, check_signatures=False)
        assert [p for p, _ in found] == ["row deleted"], (table, found)
        assert found[0][1].startswith(f"{table} row "), found
        backup.write_bytes(saved)
        for extra in ("-wal", "-shm"):
            (archive / f"journal.sqlite{extra}").unlink(missing_ok=True)


def test_verify_names_table_and_row_in_text_and_json(archive: Path) -> None:
    raw_sql(archive, "UPDATE roll_members SET council = 1 - council WHERE id = 7")
    text = run_cli("archive", "verify", "--archive", archive)
    assert text.exit_code == 1
    assert "row changed: " in text.stdout
    assert "roll_members row id=7 was changed outside docgen: council differ(s)" in text.stdout
    report = json.loads(run_cli("archive", "verify", "--json", "--archive", archive).stdout)
    (finding,) = report["findings"]
    assert (finding["problem"], finding["table"], finding["row"]) == (
        "row changed", "roll_members", "id=7")


def test_a_recomputed_chain_over_the_roll_is_caught_by_the_head(archive: Path) -> None:
    head = run_cli("archive", "head", "--archive", archive).stdout.strip()
    with closing(sqlite3.connect(archive / "journal.sqlite")) as raw, raw:
        raw.execute("UPDATE roll_members SET email = 'forger@example.com' WHERE id = 3")
        row = dict(zip([c[1] for c in raw.execute("PRAGMA table_info(roll_members)")],
                       raw.execute("SELECT * FROM roll_members WHERE id = 3").fetchone(),
                       strict=True))
        # the forger also rewrites the chained copy and recomputes every hash
        for entry, text in raw.execute("SELECT id, rows FROM history WHERE rows IS NOT NULL "
                                       "ORDER BY id DESC").fetchall():
            chained = json.loads(text)
            if any(t == "roll_members" and k == [3] for t, k, _ in chained):
                chained = [[t, k, row if (t, k) == ("roll_members", [3]) else r]
                           for t, k, r in chained]
                raw.execute("UPDATE history SET rows = ? WHERE id = ?",
                            (json.dumps(chained, ensure_ascii=False, sort_keys=True,
                                        separators=(",", ":")), entry))
                break
        prev = GENESIS
        for entry, *fields in raw.execute("SELECT id, doc_id, at, event, detail, state, rows "
                                          "FROM history ORDER BY id").fetchall():
            digest = link_hash(prev, fields[0], *fields[1:4], fields[4] or "", fields[5])
            raw.execute("UPDATE history SET prev_hash = ?, hash = ? WHERE id = ?",
                        (prev, digest, entry))
            prev = digest
    assert findings(archive) == []  # the forger made the chain consistent again …
    caught = findings(archive, head=head)
    assert [p for p, _ in caught] == ["head"]  # … but it no longer extends the head


def test_a_version_4_journal_is_chained_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        migrate(raw, MIGRATIONS[:4])
        raw.execute("INSERT INTO roll_members (name_ru, name_kk, region, created_at, "
                    "updated_at) VALUES ('Ким', 'Ким', 'karaganda', 'x', 'x')")
        raw.execute("INSERT INTO registrations (body, region, kind, year, number, created_at) "
                    "VALUES ('assembly', '', 'order', 2026, 1, 'x')")
    with Journal(path) as journal:
        assert journal.check_chain() == []
        assert [e for e in journal.history()] == []  # no document's history
        assert journal.head()[0] == 1  # one record chains the rows found at the upgrade
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("UPDATE roll_members SET name_ru = 'Пак'")
    with Journal(path) as journal:
        (problem,) = journal.check_chain()
        assert (problem.problem, problem.table, problem.row) == (
            "row changed", "roll_members", "id=1")
