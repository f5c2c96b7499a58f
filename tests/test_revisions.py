"""Corrections: a signed notice is re-issued as revision 2 with a new id that supersedes it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from signing import make_docgen_pdf, make_test_identity, sign_pdf_bytes

from docgen.cli import cli
from docgen.output.pdf_metadata import read_docx_metadata
from docgen.papers.revisions import revised_id
from docgen.records.journal import Journal, Record

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "session-34.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env={"DOCGEN_ARCHIVE": None})


def signed_copy(record: Record, path: Path) -> Path:
    """The signed PDF of ``record`` as it would come back from the signer."""
    meta = {"/Title": "notice", "/DocgenId": record.doc_id, "/DocgenKind": record.kind,
            "/DocgenBody": record.body, "/DocgenRegion": record.region,
            "/DocgenNumber": str(record.reg_number or ""), "/DocgenDate": record.doc_date,
            "/DocgenLang": record.lang}
    path.write_bytes(sign_pdf_bytes(make_docgen_pdf(meta), make_test_identity()))
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "session.yaml"
    shutil.copyfile(SAMPLE, copy)
    return copy


def notices(archive: Path) -> dict[str, Record]:
    with Journal(archive / "journal.sqlite") as journal:
        return {r.doc_id: r for r in journal.find(kind="notice")}


def test_a_signed_notice_is_corrected_as_a_new_revision(tmp_path: Path, data: Path) -> None:
    out, archive = tmp_path / "out", tmp_path / "archive"
    assert run("render", "notice", data, "--out", out, "--archive", archive).exit_code == 0
    (first_ru,) = [r for r in notices(archive).values() if r.lang == "ru"]
    added = run("archive", "add", signed_copy(first_ru, tmp_path / "ru.pdf"), "--archive",
                archive)
    assert added.exit_code == 0, added.output

    data.write_text(data.read_text(encoding="utf-8").replace('time: "10:00"', 'time: "11:00"'),
                    encoding="utf-8")
    refused = run("render", "notice", data, "--out", out, "--archive", archive)
    assert refused.exit_code == 1
    assert f"document {first_ru.doc_id} is already archived" in refused.output
    assert "docgen render --revise" in refused.output and "'revision:'" in refused.output

    revised = run("render", "notice", data, "--out", out, "--archive", archive, "--revise")
    assert revised.exit_code == 0, revised.output
    second_id = revised_id(first_ru.doc_id, 2)
    docx = out / "session" / "notice-rev2_ru.docx"
    assert str(docx) in revised.output
    assert read_docx_metadata(docx)["DocgenId"] == second_id
    records = notices(archive)
    second = records[second_id]
    assert (second.revision, second.supersedes, second.reg_number, second.status) == (
        2, first_ru.doc_id, first_ru.reg_number, "generated")
    assert records[first_ru.doc_id].status == "archived"  # the signed copy stays
    kk = [r for r in records.values() if r.lang == "kk"]
    assert [r.revision for r in kk] == [1]  # never signed: simply regenerated

    filed = run("archive", "add", signed_copy(second, tmp_path / "ru2.pdf"), "--archive",
                archive)
    assert filed.exit_code == 0, filed.output
    assert "notice/0015-rev2_ru.pdf" in filed.output

    listed = run("archive", "list", "--archive", archive)
    old_row = next(line for line in listed.output.splitlines()
                   if line.startswith(first_ru.doc_id))
    assert old_row.split()[7:9] == ["1", "archived/superseded"]
    shown = run("archive", "show", first_ru.doc_id, "--archive", archive)
    assert f"  1. {first_ru.doc_id} (archived, superseded)  <- this one" in shown.output
    assert f"  2. {second_id} (archived, current)" in shown.output
    as_json = json.loads(run("archive", "show", second_id, "--json", "--archive",
                             archive).output)
    assert as_json["revisions"] == [first_ru.doc_id, second_id]
    assert as_json["supersedes"] == first_ru.doc_id and as_json["superseded_by"] is None
    assert [e["event"] for e in json.loads(run("archive", "show", first_ru.doc_id, "--json",
                                                "--archive", archive).output)["history"]] == [
        "generated", "signed", "archived", "superseded"]
    verified = run("archive", "verify", "--archive", archive)
    assert verified.exit_code == 0, verified.output

    data.write_text(data.read_text(encoding="utf-8") + "revision: 3\n", encoding="utf-8")
    third = run("render", "notice", data, "--lang", "ru", "--out", out, "--archive", archive)
    assert third.exit_code == 0, third.output
    third_record = notices(archive)[revised_id(first_ru.doc_id, 3)]
    assert (third_record.revision, third_record.supersedes) == (3, second_id)


def test_a_revision_needs_the_journal_and_a_document_to_correct(
    tmp_path: Path, data: Path
) -> None:
    no_archive = run("render", "notice", data, "--out", tmp_path / "o", "--revise")
    assert no_archive.exit_code == 1
    assert "give the archive (--archive DIR or DOCGEN_ARCHIVE)" in no_archive.output
    nothing = run("render", "notice", data, "--out", tmp_path / "o", "--archive",
                  tmp_path / "archive", "--revise")
    assert nothing.exit_code == 1
    assert "is not in the journal" in nothing.output and "nothing to correct" in nothing.output
    data.write_text(data.read_text(encoding="utf-8") + "revision: 2\n", encoding="utf-8")
    skipped = run("render", "notice", data, "--out", tmp_path / "o", "--archive",
                  tmp_path / "archive")
    assert skipped.exit_code == 1
    assert "supersedes revision 1" in skipped.output and "not in the journal" in skipped.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.docx"))
