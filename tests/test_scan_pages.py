"""A scan's page must be the page docgen rendered, not only carry its QR code: real papers
(order № 12 in ru and kk, the notice) rendered with --pdf --archive, printed and scanned as
a scanner does (rotated, shifted, scaled, grey paper, noise, JPEG, a signature and a stamp),
and forgeries made of real pages (a ru page with the kk code pasted on, another document's
page, a blank page with a valid code) refused by page, document and language."""

from __future__ import annotations

import io
import random
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from helpers import SAMPLES, run_cli
from PIL import Image, ImageDraw, ImageFilter
from pypdf import PdfReader

from docgen.output.pdf_metadata import read_pdf_metadata

ROLL = SAMPLES / "roll.csv"
ORDER = SAMPLES / "order-2026-012.yaml"
NOTICE = SAMPLES / "session-34.yaml"
DPI = 200


@dataclass(frozen=True)
class Papers:
    archive: Path
    pdfs: dict[str, Path]
    ids: dict[str, str]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Papers:
    base = tmp_path_factory.mktemp("scan-pages")
    archive, out = base / "archive", base / "out"
    assert run_cli("members", "import", ROLL, "--archive", archive).exit_code == 0
    for kind, data in (("order", ORDER), ("notice", NOTICE)):
        made = run_cli("render", kind, data, "--out", out, "--pdf", "--archive", archive)
        assert made.exit_code == 0, made.output
    pdfs = {f"order_{lang}": out / "order-2026-012" / f"order_{lang}.pdf" for lang in ("ru", "kk")}
    pdfs["notice_ru"] = out / "session-34" / "notice_ru.pdf"
    ids = {name: read_pdf_metadata(pdf)["DocgenId"] for name, pdf in pdfs.items()}
    return Papers(archive, pdfs, ids)


def _copy(tmp_path: Path, papers: Papers) -> Path:
    archive = tmp_path / "archive"
    archive.mkdir(parents=True)
    (archive / "journal.sqlite").write_bytes((papers.archive / "journal.sqlite").read_bytes())
    return archive


def pages(pdf: Path, dpi: int = DPI) -> list[Image.Image]:
    """The pages of a PDF as the printer puts them on paper."""
    document = pdfium.PdfDocument(str(pdf))
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
              for i in range(len(document))]
    document.close()
    return images


def sign_by_hand(page: Image.Image, seed: int) -> Image.Image:
    """A round stamp and a signature drawn near the signature line."""
    rng, mm = random.Random(seed), DPI / 25.4
    page = page.copy()
    draw = ImageDraw.Draw(page)
    cx, cy = 90 * mm, 70 * mm
    draw.ellipse((cx - 20 * mm, cy - 20 * mm, cx + 20 * mm, cy + 20 * mm), outline=90,
                 width=round(1.2 * mm))
    draw.ellipse((cx - 14 * mm, cy - 14 * mm, cx + 14 * mm, cy + 14 * mm), outline=90,
                 width=round(0.6 * mm))
    draw.line([(130 * mm + i * 2 * mm, cy + rng.uniform(-6, 6) * mm) for i in range(20)],
              fill=30, width=round(0.5 * mm))
    return page


def scanned(page: Image.Image, *, angle: float, seed: int, scale: float = 1.0,
            paper: int = 225, quality: int = 50) -> Image.Image:
    """What a scanner makes of a printed page: printed a little light and blurred (scaled
    to fit the printable area), on grey paper, placed a little askew and off-centre, with
    noise and dust, saved as JPEG."""
    rng = random.Random(seed)
    page = page.filter(ImageFilter.GaussianBlur(DPI / 150))
    page = page.point(lambda v: 255 - (255 - v) * 7 // 10)  # light toner
    if scale != 1.0:
        small = page.resize((round(page.width * scale), round(page.height * scale)))
        sheet = Image.new("L", page.size, 255)
        sheet.paste(small, ((page.width - small.width) // 2, (page.height - small.height) // 2))
        page = sheet
    page = page.point(lambda v: v * paper // 255)  # grey paper
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=paper)
    shifted = Image.new("L", page.size, paper)
    shifted.paste(page, (rng.randint(-20, 20), rng.randint(-20, 20)))
    page = Image.blend(shifted, Image.effect_noise(shifted.size, 40), 0.15)
    pixels = page.load()
    for _ in range(page.width * page.height // 400):  # dust
        pixels[rng.randrange(page.width), rng.randrange(page.height)] = 0
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def image_pdf(images: list[Image.Image], target: Path) -> Path:
    """An image-only PDF, as a scanner saves it."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=float(DPI), save_all=True,
                   append_images=images[1:])
    target.write_bytes(buffer.getvalue())
    return target


def _code_box(page: Image.Image) -> tuple[int, int, int, int]:
    """The docgen QR code's box on a page, with its quiet zone."""
    (code,) = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    corners = [code.position.top_left, code.position.bottom_right]
    margin = 12
    return (corners[0].x - margin, corners[0].y - margin, corners[1].x + margin,
            corners[1].y + margin)


def paste_code(onto: Image.Image, code_from: Image.Image) -> Image.Image:
    """``onto`` with the QR code of ``code_from`` cut out and pasted over its own."""
    page = onto.copy()
    box = _code_box(code_from)
    page.paste(Image.new("L", (box[2] - box[0], box[3] - box[1]), 255), box[:2])
    page.paste(code_from.crop(box), box[:2])
    return page


def add(pdf: Path, archive: Path, *more: str) -> tuple[int, str]:
    done = run_cli("archive", "add", pdf, "--archive", archive, *more)
    return done.exit_code, done.output


def status(archive: Path, doc_id: str) -> str:
    with closing(sqlite3.connect(archive / "journal.sqlite")) as conn:
        return conn.execute("SELECT status FROM documents WHERE doc_id = ?",
                            (doc_id,)).fetchone()[0]


# ------------------------------------------------------------------------------ the prints


def test_docgen_keeps_a_print_of_every_page_in_the_chain(tmp_path: Path, papers: Papers) -> None:
    with closing(sqlite3.connect(papers.archive / "journal.sqlite")) as conn:
        rows = conn.execute("SELECT doc_id, page, pdf_sha256 FROM page_prints ORDER BY doc_id, "
                            "page").fetchall()
        shas = dict(conn.execute("SELECT doc_id, pdf_sha256 FROM documents").fetchall())
    by_doc: dict[str, list[int]] = {}
    for doc_id, page, sha in rows:
        by_doc.setdefault(doc_id, []).append(page)
        assert sha == shas[doc_id]  # the print of the PDF the journal records
    for name in ("order_ru", "order_kk", "notice_ru"):  # one print per page of the PDF
        count = len(PdfReader(papers.pdfs[name]).pages)
        assert by_doc[papers.ids[name]] == list(range(1, count + 1)), name
    assert len(by_doc[papers.ids["order_ru"]]) > 1  # a paper of more than one page

    archive = _copy(tmp_path, papers)
    with closing(sqlite3.connect(archive / "journal.sqlite")) as conn, conn:
        conn.execute("UPDATE page_prints SET print = (SELECT print FROM page_prints WHERE "
                     "doc_id = ?) WHERE doc_id = ?", (papers.ids["notice_ru"],
                                                      papers.ids["order_kk"]))
    verified = run_cli("archive", "verify", "--archive", archive)
    assert verified.exit_code == 1
    assert "page_prints" in verified.output and papers.ids["order_kk"] in verified.output


# ------------------------------------------------------------------- a real scan passes


@pytest.mark.parametrize(("name", "angle", "scale"),
                         [("order_ru", 1.0, 1.0), ("order_kk", -1.2, 0.97)])
def test_a_scan_of_the_signed_paper_is_its_pages(tmp_path: Path, papers: Papers, name: str,
                                                 angle: float, scale: float) -> None:
    archive = _copy(tmp_path, papers)
    paper = pages(papers.pdfs[name])
    paper[-1] = sign_by_hand(paper[-1], seed=1)
    scan = image_pdf([scanned(p, angle=angle, seed=n, scale=scale)
                      for n, p in enumerate(paper)], tmp_path / "scan.pdf")

    code, output = add(scan, archive)

    assert code == 0, output
    assert "paper-signed scan" in output
    assert (f"every page compared with the paper docgen made of {papers.ids[name]} (order, "
            f"{name[-2:]}): the same") in output
    assert status(archive, papers.ids[name]) == "archived"


def test_a_page_with_its_code_covered_is_compared_too(tmp_path: Path, papers: Papers) -> None:
    archive = _copy(tmp_path, papers)
    paper = pages(papers.pdfs["order_ru"])
    covered = paper[1].copy()
    ImageDraw.Draw(covered).rectangle(_code_box(covered), fill=90)  # a stamp over the code
    first, second = scanned(paper[0], angle=0.5, seed=1), scanned(covered, angle=0.5, seed=2)
    scan = image_pdf([first, second], tmp_path / "scan.pdf")
    assert add(scan, archive)[1].count("page 2 has no readable QR code") == 1

    code, output = add(scan, archive, "--id", papers.ids["order_ru"])

    assert code == 0, output
    assert "every page compared with the paper docgen made of" in output
    # the same page 1 twice is not the paper: page 2 is not page 2
    twice = image_pdf([first, scanned(paper[0], angle=0.3, seed=5)], tmp_path / "twice.pdf")
    code, output = add(twice, _copy(tmp_path / "b", papers))
    assert code == 1
    assert (f"page 2 of the scan is not page 2 of {papers.ids['order_ru']} (order, ru) as "
            "docgen made it") in output


def _kk_rest(papers: Papers) -> list:
    """The kk order's genuine pages after the first, as a clean scan gives them (a forged
    first page comes with the paper's other pages, so only that page can be refused)."""
    return [page.copy() for page in pages(papers.pdfs["order_kk"])[1:]]


# ------------------------------------------------------------------- forgeries refused


def test_a_ru_page_with_the_kk_code_pasted_on_is_refused(tmp_path: Path,
                                                          papers: Papers) -> None:
    archive = _copy(tmp_path, papers)
    ru, kk = pages(papers.pdfs["order_ru"])[0], pages(papers.pdfs["order_kk"])[0]
    forged = paste_code(sign_by_hand(ru, seed=2), kk)
    assert {c.text for c in zxingcpp.read_barcodes(forged)} == {papers.ids["order_kk"]}
    scan = image_pdf([scanned(forged, angle=0.7, seed=3), *_kk_rest(papers)],
                     tmp_path / "forged.pdf")

    code, output = add(scan, archive)

    assert code == 1
    assert (f"{scan}: page 1 of the scan is not page 1 of {papers.ids['order_kk']} (order, kk) "
            "as docgen made it") in output
    assert "Scan the signed paper itself" in output
    assert status(archive, papers.ids["order_kk"]) == "generated"
    # the kk paper itself, scanned the same way, is taken
    genuine = image_pdf([scanned(sign_by_hand(kk, seed=2), angle=0.7, seed=3),
                         *_kk_rest(papers)], tmp_path / "kk.pdf")
    assert add(genuine, archive)[0] == 0


def test_a_page_of_another_document_is_refused(tmp_path: Path, papers: Papers) -> None:
    archive = _copy(tmp_path, papers)
    notice, kk = pages(papers.pdfs["notice_ru"])[0], pages(papers.pdfs["order_kk"])[0]
    forged = image_pdf([scanned(paste_code(notice, kk), angle=-0.6, seed=4),
                        *_kk_rest(papers)], tmp_path / "other.pdf")

    code, output = add(forged, archive)

    assert code == 1
    assert (f"page 1 of the scan is not page 1 of {papers.ids['order_kk']} (order, kk) as "
            "docgen made it") in output


def test_a_blank_page_with_a_valid_code_is_refused(tmp_path: Path, papers: Papers) -> None:
    archive = _copy(tmp_path, papers)
    kk = pages(papers.pdfs["order_kk"])[0]
    blank = paste_code(Image.new("L", kk.size, 255), kk)
    assert {c.text for c in zxingcpp.read_barcodes(blank)} == {papers.ids["order_kk"]}
    scan = image_pdf([scanned(blank, angle=0.4, seed=6), *_kk_rest(papers)],
                     tmp_path / "blank.pdf")

    code, output = add(scan, archive)

    assert code == 1
    assert (f"page 1 of the scan is not page 1 of {papers.ids['order_kk']} (order, kk) as "
            "docgen made it: 0% of that page's print is found on it") in output


# ---------------------------------------------------------------- made without the journal


def test_a_pdf_made_without_the_journal_cannot_be_compared(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    assert run_cli("render", "notice", NOTICE, "--out", out, "--archive",
                   archive).exit_code == 0
    made = run_cli("pdf", out / "session-34")  # the PDF made apart, not recorded
    assert made.exit_code == 0, made.output
    pdf = out / "session-34" / "notice_ru.pdf"
    doc_id = read_pdf_metadata(pdf)["DocgenId"]
    scan = image_pdf([scanned(p, angle=0.8, seed=7) for p in pages(pdf)], tmp_path / "s.pdf")

    code, output = add(scan, archive, "--require-layout")
    assert code == 1
    assert (f"{scan}: --require-layout: the pages could not be compared with the paper: the "
            f"PDF of {doc_id} (notice, ru) was made without the journal") in output

    code, output = add(scan, archive)
    assert code == 0, output
    assert ("note: the pages could not be compared with the paper: the PDF of "
            f"{doc_id} (notice, ru) was made without the journal") in output
    assert "--require-layout refuses such a scan" in output


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", "страница 1 скана — не страница 1 документа {doc} (order, kk), какой её сделал "
           "docgen"),
    ("kk", "сканердің 1-беті docgen жасаған {doc} (order, kk) құжатының 1-беті емес"),
])
def test_the_refusal_is_said_in_the_interface_language(tmp_path: Path, papers: Papers,
                                                       lang: str, words: str) -> None:
    import os
    import subprocess
    import sys

    from helpers import ROOT

    archive = _copy(tmp_path, papers)
    ru, kk = pages(papers.pdfs["order_ru"])[0], pages(papers.pdfs["order_kk"])[0]
    scan = image_pdf([scanned(paste_code(ru, kk), angle=0.5, seed=8), *_kk_rest(papers)],
                     tmp_path / "f.pdf")
    env = {**os.environ, "DOCGEN_UI_LANG": lang, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "docgen", "archive", "add", str(scan),
                           "--archive", str(archive)], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert done.returncode == 1
    assert words.format(doc=papers.ids["order_kk"]) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
