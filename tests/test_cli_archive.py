"""`docgen archive …` and `docgen render --archive`: a real notice, real LibreOffice PDFs,
real pyHanko TEST signatures, a real SQLite journal."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from signing import TEST_SIGNER_CN, flip_byte_in, make_test_identity, sign_pdf_bytes

from docgen.archive.store import open_journal
from docgen.cli import cli
from docgen.errors import DocgenError
from docgen.output.pdf_metadata import read_pdf_metadata
from docgen.output.soffice import find_soffice

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "session-34.yaml"


def run(*args: str | Path) -> Result:
    """Run the CLI; DOCGEN_ARCHIVE never leaks in from the environment."""
    env: dict[str, str | None] = {"DOCGEN_ARCHIVE": None}
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Rendered:
    """The module's one render: DOCX + PDF of the notice in ru and kk, journal in archive."""

    out: Path
    archive: Path
    pdfs: dict[str, Path]
    signed: dict[str, Path]
    ids: dict[str, str]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    try:
        find_soffice()
    except DocgenError as exc:  # pragma: no cover - LibreOffice is a test dependency
        pytest.fail(f"LibreOffice is needed for these tests: {exc}")
    base = tmp_path_factory.mktemp("cli_archive")
    out, archive = base / "out", base / "archive"
    result = run("render", "notice", SAMPLE, "--out", out, "--pdf", "--archive", archive)
    assert result.exit_code == 0, result.output
    identity = make_test_identity()
    pdfs, signed, ids = {}, {}, {}
    for lang in ("ru", "kk"):
        pdf = out / "session-34" / f"notice_{lang}.pdf"
        pdfs[lang] = pdf
        ids[lang] = read_pdf_metadata(pdf)["DocgenId"]
        signed[lang] = base / f"signed_{lang}.pdf"
        signed[lang].write_bytes(sign_pdf_bytes(pdf.read_bytes(), identity))
    return Rendered(out=out, archive=archive, pdfs=pdfs, signed=signed, ids=ids)


@pytest.fixture
def archive(rendered: Rendered, tmp_path: Path) -> Path:
    """A private copy of the module's archive folder (journal of the render, nothing filed)."""
    copy = tmp_path / "archive"
    shutil.copytree(rendered.archive, copy)
    return copy


def add_both(rendered: Rendered, archive: Path) -> Result:
    result = run("archive", "add", rendered.signed["ru"], rendered.signed["kk"],
                 "--archive", archive)
    assert result.exit_code == 0, result.output
    return result


def test_render_with_archive_records_every_document(rendered: Rendered) -> None:
    docx = {lang: rendered.out / "session-34" / f"notice_{lang}.docx" for lang in ("ru", "kk")}
    with open_journal(rendered.archive, create=False) as journal:
        for lang in ("ru", "kk"):
            record = journal.get(rendered.ids[lang])
            assert record is not None, lang
            assert (record.kind, record.body, record.region, record.lang) == (
                "notice", "assembly", "", lang)
            assert record.reg_number == 15  # convocation.notice_number of the sample
            assert record.status == "generated"
            assert record.data_sha256 == sha256(SAMPLE)
            assert record.docx_sha256 == sha256(docx[lang])
            assert record.pdf_sha256 == sha256(rendered.pdfs[lang])
        assert journal.numbers("assembly", "", "notice", record.year) == [15]


def test_rendering_again_keeps_the_number_and_records(rendered: Rendered, archive: Path,
                                                      tmp_path: Path) -> None:
    result = run("render", "notice", SAMPLE, "--out", tmp_path / "again", "--archive", archive)
    assert result.exit_code == 0, result.output
    with open_journal(archive, create=False) as journal:
        records = journal.find(kind="notice")
        assert sorted(r.doc_id for r in records) == sorted(rendered.ids.values())
        assert journal.numbers("assembly", "", "notice", records[0].year) == [15]


def test_plain_render_writes_no_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("render", "notice", SAMPLE, "--out", "out")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "archive").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_render_archive_from_environment(tmp_path: Path) -> None:
    env_archive = tmp_path / "from-env"
    result = CliRunner().invoke(
        cli, ["render", "notice", str(SAMPLE), "--lang", "ru", "--out", str(tmp_path / "o")],
        env={"DOCGEN_ARCHIVE": str(env_archive)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open_journal(env_archive, create=False) as journal:
        assert [r.lang for r in journal.find()] == ["ru"]


def test_add_list_show_verify(rendered: Rendered, archive: Path) -> None:
    added = add_both(rendered, archive)
    assert f"added: {rendered.signed['ru']}" in added.output
    assert "2026/notice/0015_ru.pdf" in added.output
    assert f"signed by {TEST_SIGNER_CN}" in added.output
    filed = archive / "2026" / "notice" / "0015_kk.pdf"
    assert sha256(filed) == sha256(rendered.signed["kk"])
    assert not filed.stat().st_mode & stat.S_IWUSR

    listed = run("archive", "list", "--archive", archive)
    assert listed.exit_code == 0, listed.output
    header, *rows, total = listed.output.splitlines()
    assert header.split() == ["id", "kind", "body", "region", "number", "date", "lang",
                              "rev", "status", "trust", "signer"]
    assert total == "2 document(s)"
    for lang in ("ru", "kk"):
        row = next(r for r in rows if r.startswith(rendered.ids[lang]))
        assert row.split()[1:11] == ["notice", "assembly", "-", "15", "2026-03-20", lang,
                                     "1", "archived", "not", "checked"]
        assert row.endswith(TEST_SIGNER_CN)

    shown = run("archive", "show", rendered.ids["ru"], "--archive", archive)
    assert shown.exit_code == 0, shown.output
    assert f"signer_name:      {TEST_SIGNER_CN}" in shown.output
    assert f"1. Signature1: {TEST_SIGNER_CN} at " in shown.output
    assert "digest intact, signature valid" in shown.output
    assert "archived_path:    2026/notice/0015_ru.pdf" in shown.output
    events = [line.split()[1] for line in shown.output.split("history:\n")[1].splitlines()]
    assert events[0] == "generated" and events[-2:] == ["signed", "archived"]

    verified = run("archive", "verify", "--archive", archive)
    assert verified.exit_code == 0, verified.output
    assert verified.output.strip() == (
        "2 files verified, journal chain intact (7 records), all intact"  # +1: the number
    )


def test_adding_the_same_file_twice_changes_nothing(rendered: Rendered, archive: Path) -> None:
    add_both(rendered, archive)
    journal_before = sha256(archive / "journal.sqlite")
    again = run("archive", "add", rendered.signed["ru"], "--archive", archive)
    assert again.exit_code == 0, again.output
    assert again.output.startswith("unchanged: ")
    assert sha256(archive / "journal.sqlite") == journal_before


def test_list_filters(rendered: Rendered, archive: Path) -> None:
    add_both(rendered, archive)
    assert run("archive", "list", "--year", "2026", "--kind", "notice",
               "--archive", archive).output.splitlines()[-1] == "2 document(s)"
    other = run("archive", "list", "--year", "2025", "--archive", archive)
    assert other.exit_code == 0
    assert other.output.startswith("no documents in ")
    region = run("archive", "list", "--region", "almaty", "--archive", archive)
    assert region.output.startswith("no documents in ")
    unknown = run("archive", "list", "--region", "karagandy", "--archive", archive)
    assert unknown.exit_code == 2  # a usage error
    assert unknown.stderr.startswith("Error: --region: unknown region 'karagandy'")
    assert "did you mean 'karaganda'?" in unknown.stderr


def test_a_damaged_signed_copy_is_refused_in_words_only(rendered: Rendered, archive: Path,
                                                        tmp_path: Path) -> None:
    """One byte of the signature dictionary changed: one clear error, no pypdf log noise."""
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(flip_byte_in(rendered.signed["ru"].read_bytes(), b"/Type /Sig"))
    journal_before = sha256(archive / "journal.sqlite")
    # a real process: pytest's own log handler would hide pypdf's records from stderr
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "archive", "add", str(damaged), "--archive",
         str(archive)], capture_output=True, text=True, check=False,
        env={k: v for k, v in os.environ.items() if k != "DOCGEN_ARCHIVE"})
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {damaged}: damaged PDF (changed after signing?)")
    assert "PdfReadError" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sha256(archive / "journal.sqlite") == journal_before


def test_refusing_a_different_copy_names_the_replace_option(rendered: Rendered,
                                                             archive: Path,
                                                             tmp_path: Path) -> None:
    add_both(rendered, archive)
    again = tmp_path / "signed_again.pdf"
    again.write_bytes(sign_pdf_bytes(rendered.pdfs["ru"].read_bytes(), make_test_identity()))
    result = run("archive", "add", again, "--archive", archive)
    assert result.exit_code == 1
    assert "add it with --replace to replace it" in result.stderr


def test_verify_names_a_changed_and_a_deleted_file(rendered: Rendered, archive: Path) -> None:
    add_both(rendered, archive)
    changed = archive / "2026" / "notice" / "0015_ru.pdf"
    deleted = archive / "2026" / "notice" / "0015_kk.pdf"
    os.chmod(changed, 0o644)
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    deleted.unlink()

    result = CliRunner().invoke(cli, ["archive", "verify", "--archive", str(archive)],
                                env={"DOCGEN_ARCHIVE": None})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"changed: {changed}") for line in lines), lines
    assert any(line.startswith(f"missing: {deleted}") for line in lines), lines
    assert "2 problem(s)" in result.stderr
    assert "Traceback" not in result.output


def test_verify_catches_a_single_deleted_file(rendered: Rendered, archive: Path) -> None:
    add_both(rendered, archive)
    (archive / "2026" / "notice" / "0015_ru.pdf").unlink()
    result = run("archive", "verify", "--archive", archive)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        line for line in result.stdout.splitlines() if line.startswith("missing: ")]
    assert "0015_ru.pdf" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, not a pdf\n", "not a PDF: no %PDF- header"),
        (b"", "not a PDF: the file is empty"),
    ],
)
def test_add_refuses_a_non_pdf(archive: Path, tmp_path: Path, content: bytes,
                               message: str) -> None:
    bogus = tmp_path / "letter.pdf"
    bogus.write_bytes(content)
    journal_before = sha256(archive / "journal.sqlite")
    result = run("archive", "add", bogus, "--archive", archive)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {bogus}: {message}"
    assert "Traceback" not in result.output
    assert sha256(archive / "journal.sqlite") == journal_before
    assert sorted(p.name for p in archive.iterdir()) == ["journal.sqlite"]


def test_add_refuses_an_unsigned_pdf_unless_told(rendered: Rendered, archive: Path) -> None:
    refused = run("archive", "add", rendered.pdfs["ru"], "--archive", archive)
    assert refused.exit_code == 1
    assert "the PDF is not signed" in refused.stderr
    accepted = run("archive", "add", rendered.pdfs["ru"], "--unsigned", "--archive", archive)
    assert accepted.exit_code == 0, accepted.output
    assert "unsigned (accepted with --unsigned)" in accepted.output


def test_one_bad_file_among_several_is_reported(rendered: Rendered, archive: Path,
                                                tmp_path: Path) -> None:
    bogus = tmp_path / "x.pdf"
    bogus.write_text("nope")
    result = run("archive", "add", rendered.signed["ru"], bogus, "--archive", archive)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"added: {rendered.signed['ru']}")
    assert f"Error: {bogus}: not a PDF" in result.stderr
    assert "1 of 2 PDF(s) not archived" in result.stderr


def test_read_commands_need_a_journal(tmp_path: Path) -> None:
    for args in (["list"], ["verify"], ["show", "DG-0000000000000000"]):
        result = run("archive", *args, "--archive", tmp_path / "none")
        assert result.exit_code == 1, args
        assert "no journal here" in result.stderr
    assert not (tmp_path / "none").exists()


def test_show_unknown_document(archive: Path) -> None:
    result = run("archive", "show", "DG-0000000000000000", "--archive", archive)
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: document DG-0000000000000000 is not in the journal"


def test_archive_defaults_to_env_then_cwd(rendered: Rendered, archive: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    add_both(rendered, archive)
    by_env = CliRunner().invoke(cli, ["archive", "verify"], env={"DOCGEN_ARCHIVE": str(archive)})
    assert by_env.exit_code == 0, by_env.output
    monkeypatch.chdir(archive.parent)
    by_cwd = run("archive", "verify")
    assert by_cwd.exit_code == 0, by_cwd.output
    assert by_cwd.output.strip().endswith(
        "2 files verified, journal chain intact (7 records), all intact"  # +1: the number
    )


@pytest.mark.parametrize("command", ["add", "verify", "list", "show"])
def test_every_archive_command_has_an_example(command: str) -> None:
    group = cli.commands["archive"]
    assert isinstance(group, click.Group)
    help_text = run("archive", command, "--help").output
    assert "Example:" in help_text
    assert f"docgen archive {command}" in help_text
    assert "DOCGEN_ARCHIVE" in help_text


def test_same_document_from_another_sample_shares_its_number(archive: Path,
                                                              tmp_path: Path) -> None:
    other = ROOT / "inputs" / "session-34-minutes.yaml"
    result = run("render", "notice", other, "--out", tmp_path / "o", "--archive", archive)
    assert result.exit_code == 0, result.output
    with open_journal(archive, create=False) as journal:
        assert len(journal.find(kind="notice")) == 2
        assert journal.numbers("assembly", "", "notice", 2026) == [15]


def test_a_taken_number_is_refused_and_nothing_is_written(archive: Path, tmp_path: Path) -> None:
    source = (ROOT / "inputs" / "session-35-extraordinary.yaml").read_text(encoding="utf-8")
    assert "  notice_number: 42\n" in source
    clash = tmp_path / "clash.yaml"
    clash.write_text(source.replace("  notice_number: 42\n", "  notice_number: 15\n"),
                     encoding="utf-8")
    journal_before = sha256(archive / "journal.sqlite")
    result = run("render", "notice", clash, "--out", tmp_path / "o", "--archive", archive)
    assert result.exit_code == 1
    assert "registration number 15 of assembly notice 2026 is already taken" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "o" / "clash").exists() or not any((tmp_path / "o" / "clash").iterdir())
    assert sha256(archive / "journal.sqlite") == journal_before


def test_replace_keeps_the_old_copy(rendered: Rendered, archive: Path, tmp_path: Path) -> None:
    add_both(rendered, archive)
    resigned = tmp_path / "resigned_ru.pdf"
    resigned.write_bytes(sign_pdf_bytes(rendered.pdfs["ru"].read_bytes(), make_test_identity()))
    refused = run("archive", "add", resigned, "--archive", archive)
    assert refused.exit_code == 1
    assert "already archived at 2026/notice/0015_ru.pdf with a different file" in refused.stderr
    replaced = run("archive", "add", resigned, "--replace", "--archive", archive)
    assert replaced.exit_code == 0, replaced.output
    assert replaced.output.startswith("replaced: ")
    kept = replaced.output.split("old copy kept: ")[1].split()[0]
    assert sha256(Path(kept)) == sha256(rendered.signed["ru"])
    assert sha256(archive / "2026" / "notice" / "0015_ru.pdf") == sha256(resigned)
    assert run("archive", "verify", "--archive", archive).exit_code == 0


def test_doc_option_must_match_the_embedded_id(rendered: Rendered, archive: Path) -> None:
    wrong = run("archive", "add", rendered.signed["ru"], "--doc", rendered.ids["kk"],
                "--archive", archive)
    assert wrong.exit_code == 1
    assert f"the PDF is document {rendered.ids['ru']}, not {rendered.ids['kk']}" in wrong.stderr
    two = run("archive", "add", rendered.signed["ru"], rendered.signed["kk"], "--doc",
              rendered.ids["ru"], "--archive", archive)
    assert two.exit_code == 2
    assert "--id names one document" in two.stderr
    right = run("archive", "add", rendered.signed["ru"], "--doc", rendered.ids["ru"],
                "--archive", archive)
    assert right.exit_code == 0, right.output
