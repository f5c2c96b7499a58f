"""Drafts (`--draft` on render, batch and pack): «ПРОЕКТ» / «ЖОБА» on every page, no
registration number, nothing in the journal; `archive add` refuses a draft even signed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from helpers import SAMPLES, files_under, read_docx_text, run_cli
from pdf_helpers import pdftotext
from signing import make_test_identity, sign_pdf_bytes

from docgen.output.pdf_metadata import read_docx_metadata, read_pdf_metadata

MINUTES = SAMPLES / "session-34-minutes.yaml"
NOTICE = SAMPLES / "session-34.yaml"


def header_marks(docx: Path) -> list[str]:
    """The text of every header part of ``docx`` (first page and following pages)."""
    with zipfile.ZipFile(docx) as zf:
        parts = [n for n in zf.namelist() if re.fullmatch(r"word/header\d*\.xml", n)]
        return sorted("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", zf.read(n).decode()))
                      for n in parts)


def test_every_page_of_a_draft_is_marked(tmp_path: Path) -> None:
    result = run_cli("render", "minutes", MINUTES, "--draft", "--pdf", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / MINUTES.stem
    for lang, mark in (("ru", "ПРОЕКТ"), ("kk", "ЖОБА")):
        pages = pdftotext(folder / f"minutes_{lang}.pdf").split("\f")
        pages = [p for p in pages if p.strip()]
        assert len(pages) >= 2
        assert all(mark in page for page in pages), lang
        assert read_pdf_metadata(folder / f"minutes_{lang}.pdf")["DocgenDraft"] == "yes"
    # the same paper without --draft carries no mark
    final = run_cli("render", "minutes", MINUTES, "--lang", "ru", "--out", tmp_path / "final")
    assert final.exit_code == 0
    docx = tmp_path / "final" / MINUTES.stem / "minutes_ru.docx"
    assert "ПРОЕКТ" not in "".join(header_marks(docx))
    assert "DocgenDraft" not in read_docx_metadata(docx)


def test_bilingual_ballot_draft_and_extract_draft(tmp_path: Path) -> None:
    result = run_cli("render", "ballot", MINUTES, "--draft", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "ЖОБА / ПРОЕКТ" in header_marks(Path(result.stdout.split()[0]))
    extract = run_cli("render", "extract", MINUTES, "--item", "1", "--lang", "kk", "--draft",
                      "--out", tmp_path)
    assert extract.exit_code == 0, extract.stderr
    assert "ЖОБА" in header_marks(Path(extract.stdout.split()[0]))


def test_draft_takes_no_number_and_is_not_recorded(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    result = run_cli("render", "notice", NOTICE, "--lang", "ru", "--draft", "--archive",
                     archive, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    text = read_docx_text(Path(result.stdout.split()[0]))
    assert "01-15/15" not in text  # the file's notice_number is the original's, not the draft's
    listed = run_cli("archive", "list", "--archive", archive)
    assert "DG-" not in listed.stdout
    numbered = run_cli("render", "notice", NOTICE, "--lang", "ru", "--archive", archive,
                       "--out", tmp_path / "final")
    assert numbered.exit_code == 0
    assert "№ 01-15/15" in read_docx_text(Path(numbered.stdout.split()[0]))


def test_batches_mark_drafts(tmp_path: Path) -> None:
    result = run_cli("batch", "notices", SAMPLES / "batch-session-34.yaml", "--regions",
                     "karaganda", "--lang", "kk", "--draft", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    notices = list(tmp_path.rglob("notice_kk.docx"))
    assert notices and all("ЖОБА" in "".join(header_marks(p)) for p in notices)


def test_archive_add_refuses_a_signed_draft(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    result = run_cli("render", "notice", NOTICE, "--lang", "ru", "--draft", "--pdf",
                     "--archive", archive, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    pdf = next(Path(p) for p in result.stdout.split() if p.endswith(".pdf"))
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(sign_pdf_bytes(pdf.read_bytes(), make_test_identity()))
    refused = run_cli("archive", "add", signed, "--archive", archive)
    assert refused.exit_code == 1, refused.output
    assert "is a draft" in refused.stderr and "never the signed original" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert [p.name for p in files_under(archive) if p.suffix == ".pdf"] == []
    assert "DG-" not in run_cli("archive", "list", "--archive", archive).stdout
