"""Council poll sheets (`docgen batch poll-sheets POLL.yaml --archive A`): one per Council
member on the roll on the poll date, in the member's languages, with every question and its
boxes; one combined PDF with --pdf; refused for a file that is not a Council poll."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from helpers import SAMPLES, files_under, read_docx_text, run_cli

from docgen.records.roll import open_roll

POLL = SAMPLES / "council-poll-2026-06.yaml"
DAY = "2026-06-15"


def _import(rows: list[dict], folder: Path) -> Path:
    roll = folder / "roll.csv"
    with roll.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    archive = folder / "archive"
    result = run_cli("members", "import", roll, "--archive", archive)
    assert result.exit_code == 0, result.stderr
    return archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("roll") / "archive"
    assert run_cli("members", "import", SAMPLES / "roll.csv", "--archive", folder).exit_code == 0
    return folder


def test_one_sheet_per_council_member_in_their_languages(archive: Path, tmp_path: Path) -> None:
    result = run_cli("batch", "poll-sheets", POLL, "--archive", archive, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    import datetime as dt

    with open_roll(archive) as roll:
        council = [e.member for e in roll.council_on(dt.date.fromisoformat(DAY))]
    assert len(council) == 31
    folder = tmp_path / POLL.stem
    sheets = {p.name: p for p in folder.rglob("poll_sheet_*.docx")}
    expected = {f"poll_sheet_{m.id:04d}_{lang}.docx" for m in council for lang in m.langs()}
    assert set(sheets) == expected
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "poll_sheet" and manifest["count"] == len(expected)
    ru_reader = next(m for m in council if m.langs() == ("ru",))
    kk_reader = next(m for m in council if m.langs() == ("kk",))
    ru = read_docx_text(sheets[f"poll_sheet_{ru_reader.id:04d}_ru.docx"])
    kk = read_docx_text(sheets[f"poll_sheet_{kk_reader.id:04d}_kk.docx"])
    assert f"poll_sheet_{ru_reader.id:04d}_kk.docx" not in sheets
    assert "ОПРОСНЫЙ ЛИСТ\nчлена Совета Ассамблеи народа Казахстана" in ru
    assert ru_reader.name_ru in ru and kk_reader.name_kk in kk
    assert "САУАЛНАМА ПАРАҒЫ" in kk
    assert "1. О проведении Республиканского форума этнокультурных объединений" in ru
    assert "Проект решения: Провести Республиканский форум этнокультурных объединений" in ru
    assert "2. О составе Научно-экспертного совета Ассамблеи народа Казахстана" in ru
    assert "Шешім жобасы: Этномәдени бірлестіктердің республикалық форумы" in kk
    assert ru.count("За\nПротив\nВоздерживаюсь") == 2
    assert kk.count("Жақтаймын\nҚарсымын\nҚалыс қаламын") == 2
    assert "опросным путем, проводимым рабочим органом Ассамблеи" in ru
    # p.9: two thirds voting *for* it, not merely voting (review of 2026-12-06, final reading)
    assert "жалпы санының кемінде үштен екісі жақтап дауыс берсе, шешім жарамды болады" in kk
    assert "(пункт 9 Положения" in ru
    # the return date is the poll's own (poll.returned_by)
    assert "Срок возврата заполненного опросного листа в рабочий орган Ассамблеи: 12 июня " \
           "2026 года." in ru
    assert "қайтару мерзімі: 2026 жылғы 12 маусым." in kk
    assert "Подпись: ____" in ru and "Қолы: ____" in kk


def test_combined_pdf_for_printing(tmp_path: Path) -> None:
    with (SAMPLES / "roll.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)]
    council = [r for r in rows if r["council"] == "yes"][:3]
    others = [r for r in rows if r["council"] != "yes"][:2]
    archive = _import(council + others, tmp_path)
    result = run_cli("batch", "poll-sheets", POLL, "--archive", archive, "--out",
                     tmp_path / "out", "--pdf")
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / POLL.stem
    combined = folder / "poll_sheets.pdf"
    assert str(combined) in result.stdout.splitlines()
    import datetime as dt

    from pypdf import PdfReader

    with open_roll(archive) as roll:
        members = [e.member for e in roll.council_on(dt.date.fromisoformat(DAY))]
    assert members
    sheets = sorted(folder.rglob("poll_sheet_*.pdf"))
    assert len(sheets) == sum(len(m.langs()) for m in members)
    text = "".join(page.extract_text() for page in PdfReader(combined).pages)
    for m in members:
        assert m.name_ru.split()[0] in text or m.name_kk.split()[0] in text
    assert others[0]["name_ru"].split()[0] not in text


def test_refused_for_a_file_that_is_not_a_council_poll(archive: Path, tmp_path: Path) -> None:
    for name in ("council-2026-05-02.yaml", "session-34.yaml"):
        result = run_cli("batch", "poll-sheets", SAMPLES / name, "--archive", archive,
                         "--out", tmp_path)
        assert result.exit_code == 1
        assert "poll sheets are sent for a Council poll" in result.stderr
        assert name in result.stderr and "Traceback" not in result.stderr
    assert files_under(tmp_path) == []
