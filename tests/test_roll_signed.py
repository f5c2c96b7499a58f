"""The roll changes only from signed papers: the signed PDF's own content enters the roll,
archiving and applying are one step (also under kill -9), and no order applies unsigned."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, run_cli, sample_data, write_yaml
from pypdf import PdfReader, PdfWriter
from signing import make_test_identity, sign_pdf_bytes

from docgen.output.pdf_metadata import read_pdf_metadata
from docgen.records.journal import Journal
from docgen.records.roll import open_roll

ROLL = SAMPLES / "roll.csv"
ORDER = SAMPLES / "order-2026-012.yaml"
KIM = "Ким Виктор Алексеевич"
TSOI = "Цой Антон Игоревич"


@dataclass(frozen=True)
class Signed:
    """An archive holding the sample roll, order № 12 rendered with --pdf and signed."""

    archive: Path
    out: Path
    pdfs: dict[str, Path]
    signed: dict[str, Path]
    ids: dict[str, str]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Signed:
    folder = tmp_path_factory.mktemp("roll-signed")
    archive, out = folder / "archive", folder / "out"
    assert run_cli("members", "import", ROLL, "--archive", archive).exit_code == 0
    made = run_cli("render", "order", ORDER, "--out", out, "--pdf", "--archive", archive)
    assert made.exit_code == 0, made.stderr
    identity = make_test_identity()
    pdfs, signed, ids = {}, {}, {}
    for lang in ("ru", "kk"):
        pdfs[lang] = out / "order-2026-012" / f"order_{lang}.pdf"
        signed[lang] = folder / f"order_{lang}.signed.pdf"
        signed[lang].write_bytes(sign_pdf_bytes(pdfs[lang].read_bytes(), identity))
        ids[lang] = read_pdf_metadata(pdfs[lang])["DocgenId"]
    return Signed(archive, out, pdfs, signed, ids)


@pytest.fixture
def case(base: Signed, tmp_path: Path) -> Signed:
    """A copy of the base archive and output folder for one test."""
    archive, out = tmp_path / "archive", tmp_path / "out"
    shutil.copytree(base.archive, archive)
    shutil.copytree(base.out, out)
    return Signed(archive, out, base.pdfs, base.signed, base.ids)


def edited_order(tmp_path: Path) -> Path:
    """Order № 12 with one admitted name replaced (Ким → Цой), under the same file name."""
    data = sample_data("order-2026-012.yaml")
    data["order"]["admit"][0]["name"] = TSOI
    return write_yaml(tmp_path / "edited" / "order-2026-012.yaml", data)


def names_on(archive: Path, day: str = "2026-05-10") -> set[str]:
    with open_roll(archive) as roll:
        return {e.member.name_ru for e in roll.on(dt.date.fromisoformat(day))}


def statuses(archive: Path) -> dict[str, str]:
    with Journal(archive / "journal.sqlite") as journal:
        return {r.doc_id: r.status for r in journal.find(kind="order")}


# ------------------------------------------------------- the signed paper is the source


def test_the_roll_admits_the_name_of_the_signed_paper_not_of_a_later_edit(
        case: Signed, tmp_path: Path) -> None:
    edited = edited_order(tmp_path)
    again = run_cli("render", "order", edited, "--out", case.out, "--pdf", "--archive",
                    case.archive)
    assert again.exit_code == 0, again.stderr
    # other content under № 12 is a new revision with new ids, never the signed one's
    rev2 = case.out / "order-2026-012" / "order-rev2_ru.pdf"
    new_id = read_pdf_metadata(rev2)["DocgenId"]
    assert new_id != case.ids["ru"]
    with Journal(case.archive / "journal.sqlite") as journal:
        assert journal.get(new_id).supersedes == case.ids["ru"]
    with open_roll(case.archive) as roll:
        assert KIM in roll.pending_order(case.ids["ru"]).data
        assert TSOI in roll.pending_order(new_id).data

    added = run_cli("archive", "add", case.signed["ru"], "--archive", case.archive)

    assert added.exit_code == 0, added.stderr
    assert "roll: order № 12 of 2026-05-10 applied: 4 remove, 3 admit" in added.stdout
    names = names_on(case.archive)
    assert KIM in names and TSOI not in names
    shown = run_cli("members", "show", KIM, "--archive", case.archive).stdout
    assert f"(applied from: signed PDF {case.ids['ru']})" in shown
    # the signed correction of an order applied before does not change the roll by itself
    signed2 = tmp_path / "rev2.signed.pdf"
    signed2.write_bytes(sign_pdf_bytes(rev2.read_bytes(), make_test_identity()))
    later = run_cli("archive", "add", signed2, "--archive", case.archive)
    assert later.exit_code == 0, later.stderr
    assert (f"roll: unchanged: order № 12 of 2026 was applied before (signed PDF "
            f"{case.ids['ru']}) with other content; the roll changes by a new order"
            in later.stdout)
    assert TSOI not in names_on(case.archive)


def test_the_same_content_rendered_again_keeps_its_id(case: Signed) -> None:
    again = run_cli("render", "order", ORDER, "--out", case.out, "--pdf", "--archive",
                    case.archive)
    assert again.exit_code == 0, again.stderr
    assert read_pdf_metadata(case.pdfs["ru"])["DocgenId"] == case.ids["ru"]
    assert not (case.out / "order-2026-012" / "order-rev2_ru.pdf").exists()


def test_a_pdf_with_the_orders_id_that_docgen_did_not_make_is_refused(
        case: Signed, tmp_path: Path) -> None:
    # the same pages and metadata, written again by another tool, then signed
    writer = PdfWriter(clone_from=PdfReader(case.pdfs["ru"]))
    buffer = io.BytesIO()
    writer.write(buffer)
    other = tmp_path / "other.signed.pdf"
    other.write_bytes(sign_pdf_bytes(buffer.getvalue(), make_test_identity()))
    assert read_pdf_metadata(other)["DocgenId"] == case.ids["ru"]

    refused = run_cli("archive", "add", other, "--archive", case.archive)

    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"Error: {other}: this PDF says it is {case.ids['ru']} (order № 12), but it is not "
        "a PDF docgen made of that document, signed")
    assert set(statuses(case.archive).values()) == {"generated"}
    assert KIM not in names_on(case.archive)


def test_an_unsigned_copy_archived_with_unsigned_does_not_change_the_roll(
        case: Signed) -> None:
    added = run_cli("archive", "add", case.pdfs["ru"], "--unsigned", "--archive", case.archive)
    assert added.exit_code == 0, added.stderr
    assert "roll:" not in added.stdout
    assert KIM not in names_on(case.archive)


# ------------------------------------------------ archiving and applying: both or neither

_SQL = """SELECT (SELECT status FROM documents WHERE doc_id = ?),
                 (SELECT count(*) FROM roll_orders WHERE year = 2026 AND number = 12),
                 (SELECT count(*) FROM roll_memberships WHERE admit_order = '12')"""


def _state(archive: Path, doc_id: str) -> tuple[str, int, int]:
    with closing(sqlite3.connect(archive / "journal.sqlite")) as conn:
        return conn.execute(_SQL, (doc_id,)).fetchone()


# An add of a signed order: fsync ×3 (the intent, its folder, the copy), rename (the copy
# into place), fsync (its folder), unlinks of the order's temporary file, fdatasync ×3 (the
# WAL: the commit), unlink (the intent), fdatasync (checkpoint). Before archiving and applying
# were one transaction, unlink 1 and fdatasync 4 fell between the archive's commit and the
# roll's: archived, never applied.
@pytest.mark.parametrize("point", ["fsync:when=1", "fsync:when=4", "rename:when=1",
                                   "unlink:when=1", "fdatasync:when=2", "fdatasync:when=3",
                                   "unlink:when=2", "fdatasync:when=4"])
def test_killed_inside_archive_add_the_order_is_archived_and_applied_or_neither(
        case: Signed, point: str) -> None:
    syscall, when = point.split(":")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_ARCHIVE": str(case.archive)}
    killed = subprocess.run(
        ["strace", "-f", "-o", os.devnull, "-e", f"inject={syscall}:signal=SIGKILL:{when}",
         sys.executable, "-m", "docgen", "archive", "add", str(case.signed["ru"])],
        capture_output=True, text=True, env=env, timeout=300, check=False)
    assert killed.returncode != 0, killed.stdout  # the kill point was reached
    doc_id = case.ids["ru"]
    # the next docgen run completes or rolls back the interrupted step first
    listed = run_cli("archive", "list", "--archive", case.archive)
    assert listed.exit_code == 0, listed.stderr
    status, applied, admitted = _state(case.archive, doc_id)
    files = list(case.archive.glob("2026/order/*.pdf"))
    if status == "archived":
        assert (applied, admitted, len(files)) == (1, 3, 1)
        assert KIM in names_on(case.archive)
    else:
        assert (status, applied, admitted, files) == ("generated", 0, 0, [])
        assert KIM not in names_on(case.archive)
    assert not list(case.archive.glob(".pending/*.json"))
    verified = run_cli("archive", "verify", "--archive", case.archive)
    assert verified.exit_code == 0, verified.stdout + verified.stderr
    # and the step can be done (again): it ends archived and applied
    added = run_cli("archive", "add", case.signed["ru"], "--archive", case.archive)
    assert added.exit_code == 0, added.stderr
    assert _state(case.archive, doc_id) == ("archived", 1, 3)


# ---------------------------------------------------- members apply needs the signed copy


def test_members_apply_of_an_order_with_no_signed_copy_is_refused(case: Signed) -> None:
    refused = run_cli("members", "apply", ORDER, "--archive", case.archive)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"Error: {ORDER}:4: field 'order.number': order № 12 of 2026 has no signed copy in "
        "the archive: the roll changes only from signed orders.")
    assert "--without-signature applies this file anyway, recorded as such" in refused.stderr
    assert KIM not in names_on(case.archive)


def test_members_apply_dry_run_still_shows_the_changes_and_writes_nothing(
        case: Signed) -> None:
    before = (case.archive / "journal.sqlite").read_bytes()
    shown = run_cli("members", "apply", ORDER, "--dry-run", "--archive", case.archive)
    assert shown.exit_code == 0, shown.stderr
    assert "roll would change (dry run, nothing written): 4 remove, 3 admit" in shown.stdout
    assert "note: applying it would be refused: " in shown.stdout
    assert KIM not in names_on(case.archive)
    assert (case.archive / "journal.sqlite").read_bytes() == before


def test_without_signature_applies_it_and_the_history_says_so(case: Signed) -> None:
    applied = run_cli("members", "apply", ORDER, "--without-signature", "--archive",
                      case.archive)
    assert applied.exit_code == 0, applied.stderr
    assert "applied without signature (recorded in the roll's history)" in applied.stdout
    assert KIM in names_on(case.archive)
    shown = run_cli("members", "show", KIM, "--archive", case.archive).stdout
    assert "admitted  2026-05-10 12 nominated by small_assembly karaganda on 2026-04-15 " \
        "(applied from: without signature)" in shown
    removed = run_cli("members", "show", "Сергеев Павел Николаевич", "--archive",
                      case.archive).stdout
    assert "(applied from: without signature)" in removed
    with open_roll(case.archive) as roll:
        assert roll.applied_from(2026, 12) == "without signature"


def test_members_apply_of_an_order_whose_signed_copy_is_archived(tmp_path: Path) -> None:
    # signed and archived before the archive kept a roll: applying it needs no flag
    archive, out = tmp_path / "archive", tmp_path / "out"
    assert run_cli("render", "order", ORDER, "--out", out, "--pdf", "--archive",
                   archive).exit_code == 0
    signed = tmp_path / "order_ru.signed.pdf"
    pdf = out / "order-2026-012" / "order_ru.pdf"
    signed.write_bytes(sign_pdf_bytes(pdf.read_bytes(), make_test_identity()))
    added = run_cli("archive", "add", signed, "--archive", archive)
    assert added.exit_code == 0 and "roll:" not in added.stdout  # no roll kept yet
    assert run_cli("members", "import", ROLL, "--archive", archive).exit_code == 0
    other = write_yaml(tmp_path / "edited" / "order-2026-012.yaml",
                       {**sample_data("order-2026-012.yaml")} | {"order": {
                           **sample_data("order-2026-012.yaml")["order"], "place":
                           {"ru": "г. Алматы", "kk": "Алматы қ."}}})
    refused = run_cli("members", "apply", other, "--archive", archive)
    assert refused.exit_code == 1
    assert "was rendered from other content than this file" in refused.stderr
    applied = run_cli("members", "apply", ORDER, "--archive", archive)
    assert applied.exit_code == 0, applied.stderr
    doc_id = read_pdf_metadata(pdf)["DocgenId"]
    with open_roll(archive) as roll:
        assert roll.applied_from(2026, 12) == f"signed PDF {doc_id}"


def test_a_pdf_made_by_docgen_pdf_with_the_journal_binds_the_order(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    assert run_cli("members", "import", ROLL, "--archive", archive).exit_code == 0
    assert run_cli("render", "order", ORDER, "--out", out, "--archive", archive).exit_code == 0
    folder = out / "order-2026-012"
    # a PDF made without the journal: its signed copy cannot be tied to the order's content
    loose = run_cli("pdf", folder / "order_ru.docx", "--out", tmp_path / "loose")
    assert loose.exit_code == 0, loose.stderr
    signed = tmp_path / "loose.signed.pdf"
    signed.write_bytes(sign_pdf_bytes((tmp_path / "loose" / "order_ru.pdf").read_bytes(),
                                      make_test_identity()))
    refused = run_cli("archive", "add", signed, "--archive", archive)
    assert refused.exit_code == 1
    assert "was rendered without a PDF here" in refused.stderr
    assert "docgen pdf --archive" in refused.stderr
    # docgen pdf --archive records the PDF: its signed copy enters the roll
    made = run_cli("pdf", folder, "--archive", archive)
    assert made.exit_code == 0, made.stderr
    assert f"recorded 2 PDF(s) in the journal of {archive}" in made.stderr
    signed.write_bytes(sign_pdf_bytes((folder / "order_ru.pdf").read_bytes(),
                                      make_test_identity()))
    added = run_cli("archive", "add", signed, "--archive", archive)
    assert added.exit_code == 0, added.stderr
    assert "roll: order № 12 of 2026-05-10 applied" in added.stdout
    assert KIM in names_on(archive)


def test_a_scan_of_the_order_signed_by_hand_enters_the_roll(case: Signed, tmp_path: Path) -> None:
    from test_scans import scan

    paper = scan(case.pdfs["kk"], tmp_path / "order_kk_scan.pdf", dpi=200, angle=0.7, seed=1)
    added = run_cli("archive", "add", paper, "--archive", case.archive)
    assert added.exit_code == 0, added.stderr
    assert "paper-signed scan (signed by hand)" in added.stdout
    assert "roll: order № 12 of 2026-05-10 applied: 4 remove, 3 admit" in added.stdout
    with open_roll(case.archive) as roll:
        assert roll.applied_from(2026, 12) == f"paper-signed scan {case.ids['kk']}"
