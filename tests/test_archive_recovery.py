"""An `archive add --replace` killed half-way is completed or rolled back by the next command."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from signing import docgen_metadata, make_docgen_pdf, make_test_identity, sign_pdf_bytes

import docgen
from docgen.archive.pending import PENDING_DIR
from docgen.archive.store import add_to_archive
from docgen.archive.verify import verify_archive
from docgen.cli import cli
from docgen.records.journal import Journal

DOC = "DG-00000000000000B1"

# Runs `add --replace` in a real process and kills it (os._exit, no clean-up) at one point.
_CRASH = """
import os, sys, pathlib
from docgen.archive import fileops
from docgen.archive.store import add_to_archive, open_journal

where = sys.argv[3]
if where == "after-write":  # the new copy is in place, the journal has not committed
    write = fileops.FileOps.write_read_only
    def crash(self, data, dest):
        write(self, data, dest)
        os._exit(9)
    fileops.FileOps.write_read_only = crash
else:  # "after-commit": the journal committed, the intent was not removed yet
    unlink = pathlib.Path.unlink
    def crash(self, missing_ok=False):
        if self.parent.name == ".pending":
            os._exit(9)
        unlink(self, missing_ok=missing_ok)
    pathlib.Path.unlink = crash
with open_journal(sys.argv[1]) as journal:
    add_to_archive(journal, sys.argv[2], archive_dir=sys.argv[1], replace=True)
"""


@pytest.fixture
def first_and_second(tmp_path: Path, journal: Journal, archive_dir: Path) -> tuple[Path, Path]:
    """A decision archived once (first) and a re-signed copy of it (second)."""
    journal.reserve_number("council", "", "decision", 2025, 1)
    journal.record_generated(DOC, kind="decision", body="council", region="",
                             doc_date="2025-03-01", lang="ru", reg_number=1)
    pdf = make_docgen_pdf(docgen_metadata(DOC))
    first = tmp_path / "first.pdf"
    first.write_bytes(sign_pdf_bytes(pdf, make_test_identity()))
    second = tmp_path / "second.pdf"
    second.write_bytes(sign_pdf_bytes(pdf, make_test_identity("Second Signer TEST")))
    add_to_archive(journal, first, archive_dir=archive_dir)
    journal.close()
    return first, second


def crash(archive_dir: Path, pdf: Path, where: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(docgen.__file__).parents[1])}
    done = subprocess.run([sys.executable, "-c", _CRASH, str(archive_dir), str(pdf), where],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 9, done.stderr
    assert (archive_dir / PENDING_DIR / f"{DOC}.json").is_file()


def pdfs_in(archive_dir: Path) -> dict[str, str]:
    return {p.relative_to(archive_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in archive_dir.rglob("*.pdf")}


def test_killed_before_the_journal_commits_is_rolled_back(
    archive_dir: Path, first_and_second: tuple[Path, Path]
) -> None:
    first, second = first_and_second
    before = pdfs_in(archive_dir)
    crash(archive_dir, second, "after-write")
    assert pdfs_in(archive_dir) != before  # the old copy moved aside, the new one in place

    done = CliRunner().invoke(cli, ["archive", "verify", "--archive", str(archive_dir)])

    assert done.exit_code == 0, done.output
    assert f"rolled back the interrupted archive step of {DOC}" in done.stderr
    assert pdfs_in(archive_dir) == before  # nothing orphaned, nothing lost
    assert not (archive_dir / PENDING_DIR).exists()
    with Journal(archive_dir / "journal.sqlite") as journal:
        assert journal.get(DOC).archived_sha256 == hashlib.sha256(first.read_bytes()).hexdigest()
        assert [e.event for e in journal.history(DOC)] == ["generated", "signed", "archived"]


def test_killed_after_the_journal_commits_is_completed(
    archive_dir: Path, first_and_second: tuple[Path, Path]
) -> None:
    first, second = first_and_second
    crash(archive_dir, second, "after-commit")

    done = CliRunner().invoke(cli, ["archive", "list", "--archive", str(archive_dir)])

    assert done.exit_code == 0, done.output
    assert f"completed the interrupted archive step of {DOC}" in done.stderr
    assert not (archive_dir / PENDING_DIR).exists()
    with Journal(archive_dir / "journal.sqlite") as journal:
        assert journal.get(DOC).archived_sha256 == hashlib.sha256(second.read_bytes()).hexdigest()
        assert verify_archive(journal, archive_dir) == []  # the old copy is kept and known
    kept = [p for p in pdfs_in(archive_dir) if ".replaced-" in p]
    assert len(kept) == 1 and pdfs_in(archive_dir)[kept[0]] == hashlib.sha256(
        first.read_bytes()).hexdigest()


def test_the_next_add_recovers_first_then_adds(
    archive_dir: Path, first_and_second: tuple[Path, Path]
) -> None:
    _, second = first_and_second
    crash(archive_dir, second, "after-write")
    with Journal(archive_dir / "journal.sqlite") as journal:
        result = add_to_archive(journal, second, archive_dir=archive_dir, replace=True)
        assert result.action == "replaced"
        assert result.recovered == (
            f"rolled back the interrupted archive step of {DOC}: "
            "2025/decision/council-0001_ru.pdf is the archived copy again",
        )
        assert verify_archive(journal, archive_dir) == []
