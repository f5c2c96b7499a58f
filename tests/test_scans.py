"""Paper-signed scans: a real render, a real PDF, pages rasterised, rotated and noised like a
scanner would, an image-only PDF, and `archive add` finds the right journal record."""

from __future__ import annotations

import hashlib
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner, Result
from PIL import Image, ImageDraw

from docgen.archive.scans import find_qr_ids
from docgen.cli import cli
from docgen.output.pdf_metadata import read_pdf_metadata
from docgen.rendering.qr import qr_png

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "session-34.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env={"DOCGEN_ARCHIVE": None})


@dataclass(frozen=True)
class Papers:
    archive: Path
    pdfs: dict[str, Path]
    ids: dict[str, str]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Papers:
    base = tmp_path_factory.mktemp("scans")
    out, archive = base / "out", base / "archive"
    done = run("render", "notice", SAMPLE, "--out", out, "--pdf", "--archive", archive)
    assert done.exit_code == 0, done.output
    pdfs = {lang: out / "session-34" / f"notice_{lang}.pdf" for lang in ("ru", "kk")}
    ids = {lang: read_pdf_metadata(pdf)["DocgenId"] for lang, pdf in pdfs.items()}
    return Papers(archive=archive, pdfs=pdfs, ids=ids)


def scan(pdf: Path, target: Path, *, dpi: int, angle: float, seed: int,
         cover_code: bool = False) -> Path:
    """What a scanner makes of the printed paper: greyscale pages at ``dpi``, a little
    rotated, with noise, saved as an image-only PDF (no text, no metadata)."""
    rng = random.Random(seed)
    document = pdfium.PdfDocument(str(pdf))
    pages = []
    for index in range(len(document)):
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if cover_code:  # a stamp or a fold right over the code
            draw = ImageDraw.Draw(image)
            mm = dpi / 25.4
            draw.rectangle((28 * mm, image.height - 22 * mm, 46 * mm, image.height - 4 * mm),
                           fill=90)
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                             fillcolor=255)
        noise = Image.effect_noise(image.size, 40)
        image = Image.blend(image, noise, 0.15)
        pixels = image.load()
        for _ in range(image.width * image.height // 400):  # dust
            pixels[rng.randrange(image.width), rng.randrange(image.height)] = 0
        pages.append(image)
    document.close()
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=float(dpi), save_all=True,
                  append_images=pages[1:])
    target.write_bytes(buffer.getvalue())
    return target


def test_a_rendered_paper_carries_its_id_as_a_qr_code(papers: Papers) -> None:
    for lang, pdf in papers.pdfs.items():
        assert find_qr_ids(pdf.read_bytes(), pdf) == {1: {papers.ids[lang]}}
    made = qr_png.__wrapped__  # not the cache: the same id must give the same bytes
    assert made(papers.ids["ru"]) == made(papers.ids["ru"]) == qr_png(papers.ids["ru"])
    assert qr_png(papers.ids["ru"]) != qr_png(papers.ids["kk"])


@pytest.mark.parametrize(("lang", "dpi", "angle"), [("ru", 150, 1.2), ("kk", 200, -0.8)])
def test_a_scan_is_matched_and_archived_as_a_paper_signed_scan(
    tmp_path: Path, papers: Papers, lang: str, dpi: int, angle: float
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "journal.sqlite").write_bytes((papers.archive / "journal.sqlite").read_bytes())
    scanned = scan(papers.pdfs[lang], tmp_path / "scan.pdf", dpi=dpi, angle=angle, seed=7)
    assert "DocgenId" not in read_pdf_metadata(scanned)

    added = run("archive", "add", scanned, "--archive", archive)

    assert added.exit_code == 0, added.output
    sha = hashlib.sha256(scanned.read_bytes()).hexdigest()
    assert f"added: {scanned} -> " in added.output and f"[{papers.ids[lang]}]" in added.output
    assert f"paper-signed scan (signed by hand), sha256 {sha}" in added.output
    shown = json.loads(run("archive", "show", papers.ids[lang], "--json", "--archive",
                           archive).output)
    assert (shown["status"], shown["archived_as"], shown["archived_sha256"]) == (
        "archived", "paper-signed scan", sha)
    assert shown["archived_path"] == f"2026/notice/0015_{lang}.pdf"
    verified = run("archive", "verify", "--archive", archive)
    assert verified.exit_code == 0, verified.output


def test_a_scan_without_a_readable_code_needs_the_id(tmp_path: Path, papers: Papers) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "journal.sqlite").write_bytes((papers.archive / "journal.sqlite").read_bytes())
    scanned = scan(papers.pdfs["ru"], tmp_path / "stamped.pdf", dpi=150, angle=0.5, seed=3,
                   cover_code=True)

    refused = run("archive", "add", scanned, "--archive", archive)
    assert refused.exit_code == 1
    assert "no docgen metadata, no digital signature and no readable QR code" in refused.output
    assert "docgen archive add stamped.pdf --id DG-…" in refused.output

    wrong = run("archive", "add", scan(papers.pdfs["kk"], tmp_path / "kk.pdf", dpi=200,
                                       angle=0.3, seed=5),
                "--id", papers.ids["ru"], "--archive", archive)
    assert wrong.exit_code == 1
    assert f"the QR code on page 1 says {papers.ids['kk']}, not {papers.ids['ru']}" in (
        wrong.output)

    named = run("archive", "add", scanned, "--id", papers.ids["ru"], "--archive", archive)
    assert named.exit_code == 0, named.output
    assert "paper-signed scan" in named.output


# ---------------------------------------------------------------- a scan is a scan


def _archive(tmp_path: Path, papers: Papers) -> Path:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "journal.sqlite").write_bytes((papers.archive / "journal.sqlite").read_bytes())
    return archive


def _pages(pdf: Path) -> list[Image.Image]:
    """The pages of an image-only PDF as pictures."""
    document = pdfium.PdfDocument(str(pdf))
    images = [document[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
              for i in range(len(document))]
    document.close()
    return images


def _image_pdf(images: list[Image.Image], target: Path) -> Path:
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150.0, save_all=True, append_images=images[1:])
    target.write_bytes(buffer.getvalue())
    return target


def test_docgens_unsigned_pdf_saved_again_is_not_a_scan(tmp_path: Path, papers: Papers) -> None:
    from pypdf import PdfReader, PdfWriter

    archive = _archive(tmp_path, papers)
    writer = PdfWriter()
    for page in PdfReader(papers.pdfs["ru"]).pages:  # pages copied, metadata dropped
        writer.add_page(page)
    resaved = tmp_path / "resaved.pdf"
    with resaved.open("wb") as handle:
        writer.write(handle)
    assert "DocgenId" not in read_pdf_metadata(resaved)

    refused = run("archive", "add", resaved, "--archive", archive)

    assert refused.exit_code == 1
    assert (f"{resaved}: the PDF is not signed (no signature field with a value) and it is "
            "not a scan (its pages carry text, a scan only pictures of paper)") in refused.output
    assert run("archive", "show", papers.ids["ru"], "--json", "--archive",
               archive).output.count('"status": "generated"') == 1
    # --id never overrides the code the pages carry, even for an unsigned copy
    other = run("archive", "add", resaved, "--unsigned", "--id", papers.ids["kk"],
                "--archive", archive)
    assert other.exit_code == 1
    assert (f"the QR code on page 1 says {papers.ids['ru']}, not {papers.ids['kk']} (--id): "
            "--id never overrides the code of another document") in other.output


def test_a_blank_page_given_an_id_is_refused(tmp_path: Path, papers: Papers) -> None:
    archive = _archive(tmp_path, papers)
    blank = Image.new("L", (1240, 1754), 255)
    noise = Image.effect_noise(blank.size, 40)
    paper = _image_pdf([Image.blend(blank, noise, 0.15)], tmp_path / "blank.pdf")

    refused = run("archive", "add", paper, "--id", papers.ids["ru"], "--archive", archive)

    assert refused.exit_code == 1
    assert f"{paper}: page 1 of the scan is blank" in refused.output
    # and a blank page behind a real one too
    page = _pages(scan(papers.pdfs["ru"], tmp_path / "s.pdf", dpi=150, angle=0.4, seed=2))
    two = _image_pdf([*page, Image.blend(blank, noise, 0.15)], tmp_path / "two.pdf")
    behind = run("archive", "add", two, "--id", papers.ids["ru"], "--archive", archive)
    assert behind.exit_code == 1
    assert "page 2 of the scan is blank" in behind.output


def test_every_page_must_carry_the_code(tmp_path: Path, papers: Papers) -> None:
    archive = _archive(tmp_path, papers)
    read = _pages(scan(papers.pdfs["ru"], tmp_path / "a.pdf", dpi=150, angle=0.4, seed=2))
    covered = _pages(scan(papers.pdfs["ru"], tmp_path / "b.pdf", dpi=150, angle=0.4, seed=4,
                          cover_code=True))
    two = _image_pdf([*read, *covered], tmp_path / "two.pdf")

    refused = run("archive", "add", two, "--archive", archive)

    assert refused.exit_code == 1
    assert (f"{two}: page 2 has no readable QR code, and every page of a docgen paper carries "
            f"its id ({papers.ids['ru']} on page 1)") in refused.output
    # --id names the document, yet a 2-page scan of a 1-page paper is not its pages
    # (a page with its code covered, compared and taken: tests/test_scan_pages.py)
    named = run("archive", "add", two, "--id", papers.ids["ru"], "--archive", archive)
    assert named.exit_code == 1
    assert (f"{two}: the scan has 2 page(s), the paper docgen made of {papers.ids['ru']} "
            "(notice, ru) has 1") in named.output


def test_pages_of_the_other_language_are_refused(tmp_path: Path, papers: Papers) -> None:
    archive = _archive(tmp_path, papers)
    ru = _pages(scan(papers.pdfs["ru"], tmp_path / "ru.pdf", dpi=150, angle=0.4, seed=2))
    kk = _pages(scan(papers.pdfs["kk"], tmp_path / "kk.pdf", dpi=150, angle=0.4, seed=3))
    mixed = _image_pdf([*ru, *kk], tmp_path / "mixed.pdf")
    for given in ((), ("--id", papers.ids["kk"])):
        refused = run("archive", "add", mixed, *given, "--archive", archive)
        assert refused.exit_code == 1
        assert (f"the scan holds pages of different documents (page 1: {papers.ids['ru']}; "
                f"page 2: {papers.ids['kk']})") in refused.output
