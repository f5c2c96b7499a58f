"""Automatic registration numbers: taken from the journal where the data gives none."""

from __future__ import annotations

from pathlib import Path

import yaml

from docgen.archive.store import list_documents, open_journal
from docgen.papers.pipeline import render
from tests.helpers import read_docx_text

SAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "session-34.yaml"


def _unnumbered(tmp_path: Path, name: str, notice_date: str) -> Path:
    data = yaml.safe_load(SAMPLE.read_text("utf-8"))
    data["convocation"]["notice_number"] = None
    data["convocation"]["notice_date"] = notice_date
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def _numbers(archive: Path, kind: str) -> dict[str, int | None]:
    with open_journal(archive, create=False) as journal:
        return {r.lang: r.reg_number for r in list_documents(journal, kind=kind)
                if str(r.doc_date).startswith("2026-03-2")}


def test_unnumbered_notice_takes_next_number_shared_by_both_languages(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    first = _unnumbered(tmp_path, "first", "2026-03-20")
    render("notice", first, out_dir=out, archive_dir=archive)
    assert _numbers(archive, "notice") == {"ru": 1, "kk": 1}
    assert "№ 01-15/1\n" in read_docx_text(out / "first" / "notice_ru.docx")
    assert "№ 01-15/1\n" in read_docx_text(out / "first" / "notice_kk.docx")


def test_rerender_keeps_its_number_and_another_document_gets_the_next(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    first = _unnumbered(tmp_path, "first", "2026-03-20")
    second = _unnumbered(tmp_path, "second", "2026-03-21")
    render("notice", first, out_dir=out, archive_dir=archive)
    render("notice", first, out_dir=out, archive_dir=archive)
    render("notice", second, out_dir=out, archive_dir=archive)
    assert "№ 01-15/1\n" in read_docx_text(out / "first" / "notice_ru.docx")
    assert "№ 01-15/2\n" in read_docx_text(out / "second" / "notice_kk.docx")
    with open_journal(archive, create=False) as journal:
        numbers = sorted({r.reg_number for r in list_documents(journal, kind="notice")})
    assert numbers == [1, 2]


def test_plain_render_takes_no_number(tmp_path: Path) -> None:
    first = _unnumbered(tmp_path, "first", "2026-03-20")
    render("notice", first, out_dir=tmp_path / "out")
    text = read_docx_text(tmp_path / "out" / "first" / "notice_ru.docx")
    assert "№" not in text.replace("№ 856", "")  # the approving act's number only
    assert not (tmp_path / "archive").exists()


def test_same_document_from_two_data_files_keeps_one_number(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    one = _unnumbered(tmp_path, "one", "2026-03-20")
    two = _unnumbered(tmp_path, "two", "2026-03-20")
    render("agenda", one, out_dir=out, archive_dir=archive)
    render("agenda", two, out_dir=out, archive_dir=archive)
    with open_journal(archive, create=False) as journal:
        numbers = {r.reg_number for r in list_documents(journal, kind="agenda")}
    assert numbers == {1}
