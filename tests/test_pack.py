"""The print pack (`docgen pack DIR --out OUT`): pack_ru.pdf and pack_kk.pdf, an inventory
whose page numbers are the pages where each paper starts, the papers in case order, every
page numbered, the journal's numbers with --archive; all or nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import SAMPLES, files_under, run_cli, sample_data, write_yaml

ROW = re.compile(r"^(\d+)\s{2,}(.+?)\s{2,}(?:(\S+)\s{2,})?(\d\d\.\d\d\.\d{4})\s+(\d+)$")
DOC_ID = re.compile(r"DG-[0-9A-F]{16}")


def pages_of(pdf: Path, layout: bool = False) -> list[str]:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def inventory_rows(pages: list[str]) -> list[tuple[int, str, str, str, int]]:
    """(number, first line of the title, registration number, date, page) of each row."""
    rows = []
    for page in pages:
        for line in page.splitlines():
            found = ROW.match(line.strip())
            if found:
                n, title, reg, day, first = found.groups()
                rows.append((int(n), title, reg or "", day, int(first)))
    return rows


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("pack")
    case = base / "case-34"
    case.mkdir()
    for name in ("session-34.yaml", "session-34-minutes.yaml"):
        shutil.copyfile(SAMPLES / name, case / name)
    archive = base / "archive"
    assert run_cli("members", "import", SAMPLES / "roll.csv", "--archive", archive).exit_code == 0
    result = run_cli("pack", case, "--out", base / "out", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(base / "out" / "pack_ru.pdf"),
                                     str(base / "out" / "pack_kk.pdf")]
    return base / "out"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_inventory_pages_are_where_the_papers_start(packed: Path, lang: str) -> None:
    assert sorted(p.name for p in files_under(packed)) == ["pack_kk.pdf", "pack_ru.pdf"]
    pdf = packed / f"pack_{lang}.pdf"
    plain, laid = pages_of(pdf), pages_of(pdf, layout=True)
    # every page carries the pack's own number, last on the page
    for n, page in enumerate(plain, start=1):
        assert page.strip().splitlines()[-1].strip() == str(n)
    # a paper starts where the document id in the footer changes
    ids = [DOC_ID.findall(page)[-1] for page in plain]
    inventory_pages = ids.count(ids[0])
    starts = [n for n in range(inventory_pages + 1, len(ids) + 1)
              if n == inventory_pages + 1 or ids[n - 1] != ids[n - 2]]
    rows = inventory_rows(laid[:inventory_pages])
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert [r[4] for r in rows] == starts  # each paper's first page, as the pages show
    # notice, agenda, register, minutes, counting, extracts: once each, in case order
    assert len(rows) == 8
    if lang == "ru":
        words = [r[1].split()[0] for r in rows]
        assert words == ["Извещение", "Повестка", "Явочный", "Протокол", "Протокол",
                         "Выписка", "Выписка", "Выписка"]
        assert rows[4][1].startswith("Протокол счетной комиссии")
        first_page = {r[1].split()[0]: r[4] for r in reversed(rows)}
        assert "ИЗВЕЩЕНИЕ" in plain[first_page["Извещение"] - 1]
        assert "ЯВОЧНЫЙ ЛИСТ" in plain[first_page["Явочный"] - 1]
        assert "ВЫПИСКА" in plain[first_page["Выписка"] - 1]
        # the numbers as the papers print them: the notice's with its case index
        assert rows[0][2] == "01-15/15" and rows[3][2] == "3"
        assert "Всего документов: 8" in laid[inventory_pages - 1]


NUMBER = re.compile(r"№[ \u00a0]*(\d[^\s,]*)")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_each_number_in_the_inventory_is_the_one_its_paper_prints(packed: Path,
                                                                   lang: str) -> None:
    pdf = packed / f"pack_{lang}.pdf"
    plain, laid = pages_of(pdf), pages_of(pdf, layout=True)
    rows = inventory_rows(laid)
    assert len(rows) == 8
    for _, title, reg, _, first in rows:
        printed = NUMBER.findall(plain[first - 1])
        if reg:  # the first «№ …» of the paper's first page is its own number
            assert printed and printed[0] == reg, (title, reg, printed[:3])
        else:  # the agenda and the register print none
            assert not printed, (title, printed[:3])
    regs = [row[2] for row in rows]
    assert regs[:2] == ["01-15/15", ""] and "15" not in regs


def test_draft_pack_is_marked_on_every_page(tmp_path: Path) -> None:
    from docgen.output.pdf_metadata import read_pdf_metadata

    case = tmp_path / "case"
    case.mkdir()
    data = sample_data("session-34.yaml")
    write_yaml(case / "session-34.yaml", data)
    first = run_cli("pack", case, "--out", tmp_path / "out")
    assert first.exit_code == 0, first.stderr
    # made again into the same folder: docgen knows its own packs and replaces them
    result = run_cli("pack", case, "--out", tmp_path / "out", "--draft")
    assert result.exit_code == 0, result.stderr
    for lang, mark in (("ru", "ПРОЕКТ"), ("kk", "ЖОБА")):
        pages = pages_of(tmp_path / "out" / f"pack_{lang}.pdf")
        assert len(pages) >= 3 and all(mark in page for page in pages)
        meta = read_pdf_metadata(tmp_path / "out" / f"pack_{lang}.pdf")
        assert (meta["DocgenKind"], meta["DocgenLang"], meta["DocgenDraft"]) == ("pack", lang,
                                                                                 "yes")


def test_a_bad_file_writes_nothing(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    data = sample_data("session-34-minutes.yaml")
    data["attendance"]["present"] = 100  # not quorate
    write_yaml(case / "minutes.yaml", data)
    result = run_cli("pack", case, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "minutes.yaml" in result.stderr and "Traceback" not in result.stderr
    assert files_under(tmp_path / "out") == []


def test_case_order_and_no_register_for_a_small_assembly(tmp_path: Path) -> None:
    """The roll holds the Assembly's members: a small assembly's file gets no register."""
    from docgen.output.pack import ORDER, case_jobs

    jobs = case_jobs(SAMPLES, tmp_path / "archive")
    kinds = [kind for kind, _, _ in jobs]
    assert kinds == sorted(kinds, key=ORDER.index)
    registers = {path.name for kind, path, _ in jobs if kind == "register"}
    assert "session-34.yaml" in registers
    assert "small-assembly-karaganda-12.yaml" not in registers
    assert "council-poll-2026-06.yaml" not in registers
    assert "batch-session-34.yaml" not in {path.name for _, path, _ in jobs}
    assert all(options == {"all": True} for kind, _, options in jobs if kind == "extract")


def _journal(archive: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The journal's documents and its events (document id, event)."""
    from docgen.records.journal import open_journal

    with open_journal(archive, create=False) as journal:
        return ([r.doc_id for r in journal.find()],
                [(e.doc_id, e.event) for e in journal.history()])


def test_a_pack_that_fails_late_records_nothing_in_the_journal(tmp_path: Path) -> None:
    """The papers render and are numbered, then the inventory fails (the user's own
    inventory template asks for a field it does not have): no pack, and the journal holds
    no record of the papers; the same pack made again is recorded."""
    from docx import Document

    case = tmp_path / "case"
    case.mkdir()
    shutil.copyfile(SAMPLES / "session-34.yaml", case / "session-34.yaml")
    archive = tmp_path / "archive"
    assert run_cli("members", "import", SAMPLES / "roll.csv", "--archive", archive).exit_code == 0
    mine = tmp_path / "mine" / "templates_kk"
    mine.mkdir(parents=True)
    broken = Document()
    broken.add_paragraph("{{ inventory.no_such_field }}")
    broken.save(str(mine / "inventory.docx"))
    before = _journal(archive)
    out = tmp_path / "out"
    failed = run_cli("pack", case, "--out", out, "--archive", archive,
                     "--templates", mine.parent)
    assert failed.exit_code == 1, failed.stderr
    assert "inventory" in failed.stderr and "Traceback" not in failed.stderr
    assert files_under(out) == []
    assert _journal(archive) == before
    done = run_cli("pack", case, "--out", out, "--archive", archive)
    assert done.exit_code == 0, done.stderr
    documents, events = _journal(archive)
    assert len(documents) == len(before[0]) + 6  # notice, agenda, register; ru and kk
    assert len(events) > len(before[1])

