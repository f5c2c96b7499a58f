"""The registration journal: schema versions, numbers, records, concurrency (real SQLite)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from docgen.errors import JournalError
from docgen.records.journal import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Journal,
    journal_path,
    migrate,
    resolve_archive_dir,
    schema_version,
)

TABLES = {"registrations", "documents", "signatures", "history"}


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "archive" / "journal.sqlite") as opened:
        yield opened


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows} - {"sqlite_sequence"}


def _generate(journal: Journal, doc_id: str, lang: str = "ru", number: int | None = 1) -> None:
    journal.record_generated(
        doc_id,
        kind="decision",
        body="council",
        region="",
        doc_date="2025-03-01",
        lang=lang,
        reg_number=number,
        pdf_sha256="a" * 64,
    )


# ---------------------------------------------------------------------------- location


def test_archive_dir_explicit_then_env_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOCGEN_ARCHIVE", raising=False)
    assert resolve_archive_dir(None) == Path("archive")
    monkeypatch.setenv("DOCGEN_ARCHIVE", str(tmp_path / "from-env"))
    assert resolve_archive_dir(None) == tmp_path / "from-env"
    assert resolve_archive_dir(tmp_path / "given") == tmp_path / "given"
    assert journal_path(tmp_path) == tmp_path / "journal.sqlite"


def test_missing_journal_is_not_created_when_asked_not_to(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="no journal"):
        Journal(tmp_path / "nowhere" / "journal.sqlite", create=False)
    assert not (tmp_path / "nowhere").exists()


# ---------------------------------------------------------------------------- schema


def test_empty_v0_database_is_migrated_to_current_version(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with closing(sqlite3.connect(path)) as conn:  # a v0 database: exists, no schema
        conn.execute("CREATE TABLE unrelated (x)")
        conn.commit()
        assert schema_version(conn) == 0
    with Journal(path) as journal:
        assert journal.version == SCHEMA_VERSION == 9
    assert _tables(path) >= TABLES


def test_database_of_this_version_opens_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path) as journal:
        journal.reserve_number("council", "", "decision", 2025, 7)
    with Journal(path) as journal:
        assert journal.version == SCHEMA_VERSION
        assert journal.numbers("council", "", "decision", 2025) == [7]


def test_migrations_run_in_order_in_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    seen: list[int] = []

    def later(conn: sqlite3.Connection) -> None:
        seen.append(schema_version(conn))
        conn.execute("ALTER TABLE documents ADD COLUMN note TEXT")

    def fails(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra (x)")
        conn.execute("SELECT no_such_column FROM documents")

    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        assert migrate(conn, (*MIGRATIONS, later)) == SCHEMA_VERSION + 1
        assert seen == [SCHEMA_VERSION]  # the new step ran after every earlier one
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, (*MIGRATIONS, later, fails))
        assert schema_version(conn) == SCHEMA_VERSION + 1  # the failed step left nothing
    assert "extra" not in _tables(path)


def test_journal_from_a_newer_docgen_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(JournalError, match="newer"):
        Journal(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(JournalError, match=str(path)):
        Journal(path)


def test_schema_refuses_bad_status_and_backward_moves(journal: Journal) -> None:
    journal.reserve_number("council", "", "decision", 2025, 1)
    _generate(journal, "DG-0000000000000001")
    with closing(sqlite3.connect(journal.path)) as raw:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            raw.execute("UPDATE documents SET status = 'lost'")
        raw.execute("UPDATE documents SET status = 'signed'")
        raw.commit()
        with pytest.raises(sqlite3.IntegrityError, match="only moves forward"):
            raw.execute("UPDATE documents SET status = 'generated'")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # archived needs a path
            raw.execute("UPDATE documents SET status = 'archived'")


def test_schema_refuses_a_document_with_an_unregistered_number(journal: Journal) -> None:
    with closing(sqlite3.connect(journal.path)) as raw:
        raw.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            raw.execute(
                "INSERT INTO documents (doc_id, kind, body, region, year, reg_number, doc_date, "
                "lang, created_at, updated_at) VALUES ('DG-X', 'decision', 'council', '', 2025, "
                "5, '2025-03-01', 'ru', 'now', 'now')"
            )


# ---------------------------------------------------------------------------- numbers


def test_numbers_start_at_one_per_body_region_kind_year(journal: Journal) -> None:
    take = journal.allocate_number
    assert [take("council", "", "decision", 2025) for _ in range(3)] == [1, 2, 3]
    assert take("council", "", "decision", 2026) == 1
    assert take("council", "", "minutes", 2025) == 1
    assert take("assembly", "", "decision", 2025) == 1
    assert take("small_assembly", "almaty", "decision", 2025) == 1
    assert take("small_assembly", "astana", "decision", 2025) == 1
    assert take("small_assembly", "almaty", "decision", 2025) == 2


def test_reserved_number_is_unique_and_allocation_continues_after_it(journal: Journal) -> None:
    assert journal.reserve_number("council", "", "order", 2025, 10) == 10
    with pytest.raises(JournalError, match="number 10 of council order 2025 is already taken"):
        journal.reserve_number("council", "", "order", 2025, 10)
    assert journal.allocate_number("council", "", "order", 2025) == 11


def test_holder_keeps_its_number_when_a_document_is_regenerated(journal: Journal) -> None:
    first = journal.allocate_number("council", "", "decision", 2025, holder="session-34")
    journal.allocate_number("council", "", "decision", 2025)
    assert journal.allocate_number("council", "", "decision", 2025, holder="session-34") == first
    assert journal.reserve_number("council", "", "decision", 2025, 5, holder="s-35") == 5
    assert journal.reserve_number("council", "", "decision", 2025, 5, holder="s-35") == 5
    with pytest.raises(JournalError, match="already taken"):
        journal.reserve_number("council", "", "decision", 2025, 5, holder="someone-else")


def test_number_arguments_are_checked(journal: Journal) -> None:
    with pytest.raises(JournalError, match="kind 'memo'"):
        journal.allocate_number("council", "", "memo", 2025)
    with pytest.raises(JournalError, match="needs a region"):
        journal.allocate_number("small_assembly", "", "decision", 2025)
    with pytest.raises(JournalError, match="region id"):
        journal.allocate_number("small_assembly", "../etc", "decision", 2025)
    with pytest.raises(JournalError, match="whole number"):
        journal.reserve_number("council", "", "decision", 2025, 0)


def _allocate_many(path: str, count: int, start_at: float) -> list[int]:
    """Worker process: wait for the common start, then take ``count`` numbers."""
    while time.time() < start_at:
        time.sleep(0.001)
    with Journal(path) as journal:
        return [journal.allocate_number("council", "", "decision", 2025) for _ in range(count)]


def test_four_processes_allocate_400_numbers_without_duplicates_or_gaps(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    Journal(path).close()  # create the schema once, before the race
    context = multiprocessing.get_context("spawn")
    start_at = time.time() + 1.5  # after every worker has started
    with context.Pool(4) as pool:
        results = pool.starmap(_allocate_many, [(str(path), 100, start_at)] * 4)
    taken = [number for numbers in results for number in numbers]
    assert len(taken) == 400
    assert sorted(taken) == list(range(1, 401))
    assert all(numbers == sorted(numbers) for numbers in results)
    with Journal(path) as journal:
        assert journal.numbers("council", "", "decision", 2025) == list(range(1, 401))


# ---------------------------------------------------------------------------- documents


def test_ru_and_kk_copies_share_one_number_but_a_language_only_once(journal: Journal) -> None:
    number = journal.allocate_number("council", "", "decision", 2025)
    _generate(journal, "DG-00000000000000A1", "ru", number)
    _generate(journal, "DG-00000000000000A2", "kk", number)
    with pytest.raises(JournalError, match="in ru is already used by document DG-00000000000000A1"):
        _generate(journal, "DG-00000000000000A3", "ru", number)
    with pytest.raises(JournalError, match="not in the journal: allocate or reserve"):
        _generate(journal, "DG-00000000000000A4", "ru", 99)
    assert [r.doc_id for r in journal.find(year=2025)] == [
        "DG-00000000000000A2",
        "DG-00000000000000A1",
    ]


def test_record_generated_is_idempotent_and_updates_hashes(journal: Journal) -> None:
    journal.reserve_number("council", "", "decision", 2025, 1)
    first = journal.record_generated(
        "DG-0000000000000001",
        kind="decision",
        body="council",
        region=None,
        doc_date=dt.date(2025, 3, 1),
        lang="ru",
        reg_number=1,
        data_sha256="d" * 64,
        pdf_sha256="a" * 64,
    )
    assert (first.status, first.year, first.doc_date, first.region) == (
        "generated",
        2025,
        "2025-03-01",
        "",
    )
    # the same document as its stored form gives it (region '', the date as text)
    same = {"kind": "decision", "body": "council", "region": "", "doc_date": "2025-03-01",
            "lang": "ru", "reg_number": 1}
    again = journal.record_generated("DG-0000000000000001", **same, pdf_sha256="a" * 64)
    assert again == first  # nothing changed, not even updated_at
    updated = journal.record_generated("DG-0000000000000001", **same, pdf_sha256="b" * 64)
    assert (updated.pdf_sha256, updated.data_sha256) == ("b" * 64, "d" * 64)
    events = [e.event for e in journal.history("DG-0000000000000001")]
    assert events == ["generated", "regenerated"]
    for stamp in (updated.created_at, updated.updated_at, journal.history()[0].at):
        assert dt.datetime.fromisoformat(stamp).utcoffset() == dt.timedelta(0)


def test_archived_document_cannot_be_regenerated_with_other_content(journal: Journal) -> None:
    journal.reserve_number("council", "", "decision", 2025, 1)
    _generate(journal, "DG-0000000000000001")
    journal.record_archived("DG-0000000000000001", "2025/decision/council-0001_ru.pdf", "c" * 64)
    _generate(journal, "DG-0000000000000001")  # same content: fine
    with pytest.raises(JournalError, match="already archived"):
        journal.record_generated(
            "DG-0000000000000001",
            kind="decision",
            body="council",
            region="",
            doc_date="2025-03-01",
            lang="ru",
            reg_number=1,
            pdf_sha256="e" * 64,
        )


def test_bad_document_fields_are_refused(journal: Journal) -> None:
    with pytest.raises(JournalError, match="document id"):
        journal.record_generated(
            "../x", kind="decision", body="council", region="", doc_date="2025-03-01", lang="ru"
        )
    with pytest.raises(JournalError, match="ISO date"):
        journal.record_generated(
            "DG-1", kind="decision", body="council", region="", doc_date="01.03.2025", lang="ru"
        )
    with pytest.raises(JournalError, match="language 'en'"):
        journal.record_generated(
            "DG-1", kind="decision", body="council", region="", doc_date="2025-03-01", lang="en"
        )
    assert journal.find() == []
