"""The tamper-evident journal: every edit made behind docgen's back is named by verify."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from signing import (
    DemoIdentity,
    docgen_metadata,
    make_docgen_pdf,
    make_test_identity,
    sign_pdf_bytes,
    write_ca,
)

from docgen.archive.store import add_to_archive
from docgen.archive.trust import load_trust
from docgen.archive.verify import verify_archive
from docgen.cli import cli
from docgen.errors import ArchiveError, JournalError
from docgen.records.chain import GENESIS, link_hash
from docgen.records.journal import Journal
from docgen.records.schema import MIGRATIONS, SCHEMA_VERSION, migrate

IDS = ("DG-00000000000000A1", "DG-00000000000000A2", "DG-00000000000000A3")


@pytest.fixture(scope="module")
def identity() -> DemoIdentity:
    return make_test_identity()


def sign_for(doc_id: str, number: int, identity: DemoIdentity) -> bytes:
    return sign_pdf_bytes(make_docgen_pdf(docgen_metadata(doc_id, number=number)), identity)


@pytest.fixture
def archived(tmp_path: Path, journal: Journal, archive_dir: Path,
             identity: DemoIdentity) -> dict[str, Path]:
    """Three signed council decisions (No. 1–3, ru), archived."""
    paths = {}
    for number, doc_id in enumerate(IDS, start=1):
        journal.reserve_number("council", "", "decision", 2025, number)
        journal.record_generated(doc_id, kind="decision", body="council", region="",
                                 doc_date="2025-03-01", lang="ru", reg_number=number)
        source = tmp_path / f"{doc_id}.pdf"
        source.write_bytes(sign_for(doc_id, number, identity))
        paths[doc_id] = add_to_archive(journal, source, archive_dir=archive_dir).path
    assert verify_archive(journal, archive_dir) == []
    return paths


def sql(journal: Journal, statement: str, params: tuple = ()) -> None:
    """An edit made with an SQLite tool, outside docgen."""
    with closing(sqlite3.connect(journal.path)) as raw, raw:
        raw.execute(statement, params)


def problems(journal: Journal, archive_dir: Path, **kwargs) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in verify_archive(journal, archive_dir, **kwargs):
        found.setdefault(finding.problem, []).append(f"{finding.doc_id}|{finding.detail}")
    return found


def rechain(journal: Journal) -> None:
    """What a careful forger does after an edit: recompute every hash of the chain."""
    with closing(sqlite3.connect(journal.path)) as raw, raw:
        prev = GENESIS
        rows = raw.execute("SELECT id, doc_id, at, event, detail, state, rows FROM history "
                           "ORDER BY id").fetchall()
        for entry, doc_id, at, event, detail, state, chained_rows in rows:
            digest = link_hash(prev, doc_id, at, event, detail, state or "", chained_rows)
            raw.execute("UPDATE history SET prev_hash = ?, hash = ? WHERE id = ?",
                        (prev, digest, entry))
            prev = digest


# ---------------------------------------------------------------------------- file + journal


def test_a_forged_resigned_pdf_with_its_sha_updated_in_the_journal_is_named(
    tmp_path: Path, journal: Journal, archive_dir: Path, archived: dict[str, Path],
    identity: DemoIdentity,
) -> None:
    forger = make_test_identity(identity.common_name)  # same name, a fresh certificate
    target = archived[IDS[1]]
    forged = sign_pdf_bytes(make_docgen_pdf({**docgen_metadata(IDS[1], number=2),
                                             "/Title": "forged"}), forger)
    target.chmod(0o644)
    target.write_bytes(forged)
    import hashlib

    sql(journal, "UPDATE documents SET archived_sha256 = ? WHERE doc_id = ?",
        (hashlib.sha256(forged).hexdigest(), IDS[1]))

    found = problems(journal, archive_dir)
    assert sorted(found) == ["changed", "row changed"]
    (detail,) = found["row changed"]
    assert detail.startswith(f"{IDS[1]}|") and "archived_sha256" in detail
    assert "but the file was archived with sha256" in found["changed"][0]

    roots = load_trust(write_ca(identity, tmp_path / "root.pem"))
    with_trust = problems(journal, archive_dir, trust=roots)
    assert sorted(with_trust) == ["changed", "row changed", "trust"]
    assert with_trust["trust"][0].startswith(f"{IDS[1]}|signature 'Signature1'")


def test_another_signed_document_put_in_place_with_a_rewritten_chain_is_named(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    """A forger swaps in another validly signed PDF and makes the journal consistent."""
    target, other = archived[IDS[0]], archived[IDS[1]]
    old_sha = journal.get(IDS[0]).archived_sha256
    import hashlib

    new_sha = hashlib.sha256(other.read_bytes()).hexdigest()
    target.chmod(0o644)
    target.write_bytes(other.read_bytes())
    sql(journal, "UPDATE documents SET archived_sha256 = ? WHERE doc_id = ?", (new_sha, IDS[0]))
    sql(journal, "UPDATE history SET state = replace(state, ?, ?), detail = replace(detail, ?, ?)"
        " WHERE doc_id = ?", (old_sha, new_sha, old_sha, new_sha, IDS[0]))
    rechain(journal)
    assert journal.check_chain() == []  # the journal is consistent again …
    found = problems(journal, archive_dir)  # … but plain verify reads the file's own id
    assert list(found) == ["docgen id"]
    assert found["docgen id"] == [
        f"{IDS[0]}|the archived file is document {IDS[1]}, not {IDS[0]}: it was replaced by "
        "another PDF"]


def test_a_path_pointed_outside_the_archive_is_tampering(
    tmp_path: Path, journal: Journal, archive_dir: Path, archived: dict[str, Path],
    identity: DemoIdentity,
) -> None:
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(archived[IDS[0]].read_bytes())
    sql(journal, "UPDATE documents SET archived_path = ? WHERE doc_id = ?",
        ("../elsewhere.pdf", IDS[0]))

    found = problems(journal, archive_dir)
    assert sorted(found) == ["outside", "row changed", "untracked"]
    assert "'../elsewhere.pdf', outside the archive folder" in found["outside"][0]
    assert "archived_path" in found["row changed"][0]

    source = tmp_path / "again.pdf"
    source.write_bytes(sign_for(IDS[0], 1, identity))
    with pytest.raises(ArchiveError, match=r"outside the archive folder .* journal was edited"):
        add_to_archive(journal, source, archive_dir=archive_dir, replace=True)
    assert outside.read_bytes() == archived[IDS[0]].read_bytes()


def test_a_changed_signer_name_is_named(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    sql(journal, "UPDATE documents SET signer_name = 'Someone Else' WHERE doc_id = ?", (IDS[2],))
    sql(journal, "UPDATE signatures SET signer_name = 'Someone Else' WHERE doc_id = ?", (IDS[2],))
    found = problems(journal, archive_dir)
    assert sorted(found) == ["row changed", "signer"]
    assert "signer_name, signatures differ(s) from chained record 12" in found["row changed"][0]
    assert "names the signers Someone Else (Signature1)" in found["signer"][0]


# ---------------------------------------------------------------------------- journal records


def test_a_deleted_history_record_is_named(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    sql(journal, "DELETE FROM history WHERE id = 6")
    found = problems(journal, archive_dir)
    assert list(found) == ["record deleted"]
    assert "journal record 6 was deleted (the chain jumps from record 5 to record 7)" in (
        found["record deleted"][0]
    )


def test_a_deleted_document_row_is_named(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    sql(journal, "DELETE FROM signatures WHERE doc_id = ?", (IDS[0],))
    sql(journal, "PRAGMA foreign_keys = OFF")
    with closing(sqlite3.connect(journal.path)) as raw, raw:
        raw.execute("DELETE FROM documents WHERE doc_id = ?", (IDS[0],))
    found = problems(journal, archive_dir)
    assert sorted(found) == ["row deleted", "untracked"]
    assert found["row deleted"][0].startswith(f"{IDS[0]}|the journal row of {IDS[0]} was deleted")


def test_inserted_rows_and_records_are_named(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    journal.reserve_number("council", "", "decision", 2025, 9)
    sql(journal, "INSERT INTO history (doc_id, at, event, detail) VALUES (?, ?, 'archived', '')",
        (IDS[0], "2025-03-02T10:00:00+00:00"))
    sql(journal, "INSERT INTO documents (doc_id, kind, body, region, year, reg_number, doc_date, "
        "lang, status, created_at, updated_at) VALUES ('DG-00000000000000F9', 'decision', "
        "'council', '', 2025, 9, '2025-03-01', 'ru', 'generated', 'x', 'x')")
    found = problems(journal, archive_dir)
    assert sorted(found) == ["record inserted", "row inserted"]
    assert "was inserted outside docgen: it carries no chain hash" in found["record inserted"][0]
    assert found["row inserted"][0].startswith("DG-00000000000000F9|")


def test_reordered_and_changed_records_are_named(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    columns = "doc_id, at, event, detail, state, prev_hash, hash"
    with closing(sqlite3.connect(journal.path)) as raw, raw:
        five, six = (raw.execute(f"SELECT {columns} FROM history WHERE id = ?", (i,)).fetchone()
                     for i in (7, 8))
        for entry, values in ((7, six), (8, five)):
            raw.execute(f"UPDATE history SET ({columns}) = (?, ?, ?, ?, ?, ?, ?) WHERE id = ?",
                        (*values, entry))
        raw.execute("UPDATE history SET detail = 'nothing happened' WHERE id = 2")
    found = problems(journal, archive_dir)
    # record 8 ('archived') now comes before 7 ('signed'): the row no longer matches either
    assert sorted(found) == ["record changed", "record moved", "row changed"]
    assert "journal record 2 (" in found["record changed"][0]
    moved = " ".join(found["record moved"])
    assert "journal record 7 (" in moved and "journal record 8 (" in moved
    assert "it was written after record 8, but now follows record 6" in moved


def test_a_recomputed_chain_is_caught_by_the_head_given_out_earlier(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    head = journal.head()
    assert head is not None and head[0] == 12  # per decision: number, generated, signed, archived
    signer = journal.get(IDS[2]).signer_name or ""
    sql(journal, "UPDATE documents SET signer_name = 'Forger' WHERE doc_id = ?", (IDS[2],))
    sql(journal, "UPDATE signatures SET signer_name = 'Forger' WHERE doc_id = ?", (IDS[2],))
    sql(journal, "UPDATE history SET state = replace(state, ?, ?) WHERE id = ?",
        (f'"signer_name":"{signer}"', '"signer_name":"Forger"', head[0]))
    rechain(journal)
    assert journal.check_chain() == []  # a forger can make the chain consistent again …
    found = problems(journal, archive_dir, check_signatures=False, head=head[1])
    assert list(found) == ["head"]  # … but not make it extend the head written down before
    assert f"does not extend the head {head[1]}" in found["head"][0]


def test_an_honest_journal_extends_its_old_head(
    tmp_path: Path, journal: Journal, archive_dir: Path, archived: dict[str, Path],
    identity: DemoIdentity,
) -> None:
    old = journal.head()
    journal.reserve_number("council", "", "decision", 2025, 4)
    journal.record_generated("DG-00000000000000A4", kind="decision", body="council", region="",
                             doc_date="2025-03-01", lang="ru", reg_number=4)
    assert journal.head() != old
    assert verify_archive(journal, archive_dir, head=old[1]) == []

    journal.close()
    runner = CliRunner()
    printed = runner.invoke(cli, ["archive", "head", "--archive", str(archive_dir)])
    assert printed.exit_code == 0 and printed.output.strip() == Journal(
        journal.path).head()[1]
    ok = runner.invoke(cli, ["archive", "verify", "--head", old[1], "--archive",
                             str(archive_dir)])
    assert ok.exit_code == 0, ok.output
    assert f"the journal extends head {old[1]}" in ok.output
    bad = runner.invoke(cli, ["archive", "verify", "--head", "f" * 64, "--json",
                              "--archive", str(archive_dir)])
    assert bad.exit_code == 1
    report = json.loads(bad.output)
    assert report["ok"] is False and [f["problem"] for f in report["findings"]] == ["head"]
    junk = runner.invoke(cli, ["archive", "verify", "--head", "nonsense", "--archive",
                               str(archive_dir)])
    assert junk.exit_code == 2 and "not a chain hash" in junk.output


# ---------------------------------------------------------------------------- upgrade, busy


def test_a_version_1_journal_is_upgraded_and_chained(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        migrate(raw, MIGRATIONS[:1])
        raw.execute("INSERT INTO registrations (body, region, kind, year, number, created_at) "
                    "VALUES ('council', '', 'decision', 2025, 1, 'x')")
        raw.execute("INSERT INTO documents (doc_id, kind, body, region, year, reg_number, "
                    "doc_date, lang, status, archived_path, archived_sha256, created_at, "
                    "updated_at) VALUES ('DG-0000000000000001', 'decision', 'council', '', "
                    "2025, 1, '2025-03-01', 'ru', 'archived', '2025/decision/x.pdf', 'ab', "
                    "'x', 'x')")
        for event in ("generated", "archived"):
            raw.execute("INSERT INTO history (doc_id, at, event) VALUES "
                        "('DG-0000000000000001', 'x', ?)", (event,))
    with Journal(path) as journal:
        assert journal.version == SCHEMA_VERSION  # every later step too (3: the roll)
        record = journal.get("DG-0000000000000001")
        assert (record.revision, record.supersedes, record.archived_as) == (
            1, None, "signed PDF")
        assert journal.check_chain() == []
        assert journal.head()[0] == 3  # the upgrade chains the registration as found
        assert [e.event for e in journal.history()] == ["generated", "archived"]


def test_readers_never_wait_and_a_busy_writer_is_named(
    journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    with closing(sqlite3.connect(journal.path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another docgen is writing
        other.execute("UPDATE registrations SET holder = 'x' WHERE number = 1")
        with Journal(journal.path, timeout=0.2) as reader:
            assert len(reader.find()) == 3  # WAL: the reader does not wait
            with pytest.raises(JournalError, match=r"another docgen is writing to the journal; "
                               r"waited 0.2 s"):
                reader.log(IDS[0], "note")
        other.execute("ROLLBACK")
    with closing(sqlite3.connect(journal.path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_backup_while_another_process_writes(
    tmp_path: Path, journal: Journal, archive_dir: Path, archived: dict[str, Path]
) -> None:
    head = journal.head()
    journal.close()
    target = tmp_path / "backup" / "journal-copy.sqlite"
    with closing(sqlite3.connect(archive_dir / "journal.sqlite", isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE registrations SET holder = 'uncommitted' WHERE number = 1")
        done = CliRunner().invoke(cli, ["archive", "backup", str(target), "--archive",
                                        str(archive_dir)])
        other.execute("ROLLBACK")
    assert done.exit_code == 0, done.output
    assert f"journal backed up to {target} (12 records, head {head[1]})" in done.output
    with Journal(target) as copy:
        assert copy.head() == head and copy.check_chain() == []
        assert copy.numbers("council", "", "decision", 2025) == [1, 2, 3]
    again = CliRunner().invoke(cli, ["archive", "backup", str(target), "--archive",
                                     str(archive_dir)])
    assert again.exit_code == 1 and "already exists" in again.output
