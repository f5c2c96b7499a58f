"""Paper-signed scans: find the document id in the QR code every docgen paper carries.

Most papers of a state body are signed by hand and come back as scanned PDFs: images
with no docgen metadata and no digital signature. :func:`scanned_doc_id` renders each
page (pypdfium2), reads the QR codes on it (zxing-cpp, which handles a slightly rotated
or noisy scan) and keeps the docgen ids (``DG-`` and 16 hex digits). Every page that
carries one must carry the same; a scan without a readable code needs ``--id DG-…``.

A scan is a scan: only a PDF whose every page is an image (no text layer) is taken for one
(:func:`image_only`); every page must carry the code of the same document (a page whose code
is covered needs ``--id``, and a blank page is refused); ``--id`` never overrides a code that
names another document.

A page must also be the page docgen rendered, not only carry its code: each page is
compared with the print of that page kept in the journal when docgen made the PDF
(:func:`check_pages`, :mod:`docgen.rendering.page_prints`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import ArchiveError, PdfError
from docgen.i18n import _
from docgen.rendering.page_prints import (
    MIN_PRECISION,
    MIN_RECALL,
    Layout,
    compare,
    layout_of,
    qr_box_mm,
)

__all__ = ["SCAN_DPI", "PageScan", "check_pages", "find_qr_ids", "image_only", "qr_conflict",
           "scan_pages", "scanned_doc_id"]

SCAN_DPI = (200, 300)
"""Resolutions tried in turn: most scans read at the first."""
MAX_PAGES = 50
MAX_SIDE_MM = 600
"""The longest page side a scan of a paper may have (A2 is 420 × 594 mm); a larger page is
not a scan, and rasterising it would take gigabytes."""
MAX_PIXELS = 40_000_000
"""The most pixels one page is rasterised to (A3 at 300 dpi is 17.4 million): a larger page
is read at a lower resolution."""
_MM = 25.4 / 72
_DOC_ID = re.compile(r"^DG-[0-9A-F]{16}$")


@dataclass(frozen=True)
class PageScan:
    """What one page of a PDF holds: docgen ids in QR codes, whether it is blank, and where
    its ink is (:class:`~docgen.rendering.page_prints.Layout`)."""

    ids: frozenset[str]
    blank: bool
    layout: Layout | None = None


def image_only(data: bytes, name: Path) -> bool:
    """Whether every page of the PDF ``data`` holds images and nothing else a scanner does
    not make: no text layer, no text objects (a scan is pictures of paper)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(_("{name}: cannot read the PDF's pages: {error}").format(
            name=name, error=exc)) from exc
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                text = page.get_textpage()
                chars = text.count_chars()
                text.close()
                kinds = {obj.type for obj in page.get_objects()}
            finally:
                page.close()
            if chars or pdfium_c.FPDF_PAGEOBJ_TEXT in kinds or \
                    pdfium_c.FPDF_PAGEOBJ_IMAGE not in kinds:
                return False
    finally:
        document.close()
    return True


def _blank(image: Any) -> bool:
    """Whether a greyscale page holds no ink: dust and noise filtered out, under 1 dark
    pixel in 5,000."""
    from PIL import ImageFilter

    cleaned = image.filter(ImageFilter.MedianFilter(5))
    dark = sum(cleaned.point(lambda v: 255 if v < 128 else 0).histogram()[255:])
    return dark * 5000 < cleaned.width * cleaned.height


def scan_pages(data: bytes, name: Path, dpi: int = SCAN_DPI[0]) -> dict[int, PageScan]:
    """Every page (1-based) of the PDF ``data``: its docgen ids and whether it is blank."""
    import pypdfium2 as pdfium
    import zxingcpp

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(_("{name}: cannot render the scan's pages: {error}").format(
            name=name, error=exc)) from exc
    pages: dict[int, PageScan] = {}
    try:
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            try:
                scale = _scale(page, dpi, index + 1, name)
                image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                image.info["docgen_dpi"] = scale * 72
            finally:
                page.close()
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            ids = {code.text.strip() for code in codes if _DOC_ID.match(code.text.strip())}
            pages[index + 1] = PageScan(frozenset(ids), not ids and _blank(image),
                                        _layout(image, codes))
    finally:
        document.close()
    return pages


def _layout(image: Any, codes: Any) -> Layout:
    """Where the ink of a scanned page is, its skew undone (read at 100 dpi)."""
    from PIL import Image

    dpi = image.info.get("docgen_dpi", 0) or SCAN_DPI[0]
    box = qr_box_mm(codes, dpi)
    width_mm, height_mm = image.width * 25.4 / dpi, image.height * 25.4 / dpi
    small = image.resize((round(width_mm / 25.4 * 100), round(height_mm / 25.4 * 100)),
                         Image.Resampling.BOX)
    return layout_of(small, width_mm, height_mm, box)


def find_qr_ids(data: bytes, name: Path, dpi: int = SCAN_DPI[0]) -> dict[int, set[str]]:
    """Docgen ids in QR codes per page (1-based) of the PDF ``data`` (pages with one)."""
    return {n: set(page.ids) for n, page in scan_pages(data, name, dpi).items() if page.ids}


def qr_conflict(data: bytes, name: Path, given: str) -> None:
    """Refuse ``--id`` for a PDF whose QR codes name another document."""
    for number, page in scan_pages(data, name).items():
        other = sorted(page.ids - {given})
        if other:
            raise ArchiveError(_(
                "{name}: the QR code on page {page} says {code}, not {given} (--id): --id "
                "never overrides the code of another document; is this the right file?"
            ).format(name=name, page=number, code=other[0], given=given))


def _scale(page: Any, dpi: int, number: int, name: Path) -> float:
    """The scale to rasterise ``page`` at: ``dpi``, lowered to stay within
    :data:`MAX_PIXELS`; ArchiveError for a page too large to be a scan."""
    width, height = page.get_size()
    if max(width, height) * _MM > MAX_SIDE_MM or min(width, height) <= 0:
        raise ArchiveError(_(
            "{name}: page {page} is {width} × {height} mm, larger than a scanned paper can "
            "be (at most {most} mm a side): this is not a scan; give the signed PDF docgen "
            "made, or scan the paper again").format(
                name=name, page=number, width=f"{width * _MM:.0f}",
                height=f"{height * _MM:.0f}", most=MAX_SIDE_MM))
    return min(dpi / 72, math.sqrt(MAX_PIXELS / (width * height)))


def scanned_doc_id(data: bytes, name: Path, given: str | None
                   ) -> tuple[str, dict[int, PageScan]]:
    """The id of the scanned document: its QR code's, on every page, agreeing with
    ``given`` (``--id``); and its pages.

    ArchiveError when the pages name different documents, when a code and ``--id``
    differ (``--id`` never overrides a code), when a page has no readable code (with
    ``--id``: when such a page is blank), or when no page has a readable code and no
    ``--id`` is given.
    """
    pages: dict[int, PageScan] = {}
    for dpi in SCAN_DPI:
        pages = scan_pages(data, name, dpi)
        if all(page.ids for page in pages.values()):
            break
    found = {n: page.ids for n, page in pages.items() if page.ids}
    ids = sorted(set().union(*found.values())) if found else []
    if len(ids) > 1:
        where = "; ".join(_("page {page}: {ids}").format(page=page, ids=", ".join(sorted(v)))
                          for page, v in found.items())
        raise ArchiveError(_("{name}: the scan holds pages of different documents ({where}); "
                             "scan each document into its own PDF").format(name=name,
                                                                          where=where))
    if ids and given is not None and given != ids[0]:
        raise ArchiveError(_(
            "{name}: the QR code on page {page} says {code}, not {given} (--id): --id never "
            "overrides the code of another document; is this the right scan?"
        ).format(name=name, page=min(found), code=ids[0], given=given))
    blank = [n for n, page in pages.items() if page.blank]
    if blank:
        raise ArchiveError(_("{name}: page {page} of the scan is blank: a scan of a signed "
                             "paper shows the paper (scan it again, without empty pages)"
                             ).format(name=name, page=blank[0]))
    if not ids and given is None:
        raise ArchiveError(_(
            "{name}: no docgen metadata, no digital signature and no readable QR code with a "
            "document id (looked at {low} and {high} dpi): scan it again (200–300 dpi, the "
            "whole page) or say which document it is: docgen archive add {file} --id DG-…"
        ).format(name=name, low=SCAN_DPI[0], high=SCAN_DPI[1], file=name.name))
    missing = [n for n, page in pages.items() if not page.ids]
    if ids and missing and given is None:
        raise ArchiveError(_(
            "{name}: page {page} has no readable QR code, and every page of a docgen paper "
            "carries its id ({code} on page {first}): scan that page again, or, if it is this "
            "document's page with its code covered, say so: docgen archive add {file} --id "
            "{code}").format(name=name, page=missing[0], code=ids[0], first=min(found),
                             file=name.name))
    return given or ids[0], pages


def check_pages(pages: dict[int, PageScan], prints: dict[str, list[str]], what: str,
                name: Path) -> None:
    """Refuse a scan whose pages are not the pages of a PDF docgen made of the document
    ``what`` names (``prints``: that PDF's sha256 → its page prints, one PDF or more):
    every page must be found on the page of the same number (:func:`compare`)."""
    refusal = ""
    for stored in prints.values():
        if len(stored) != len(pages):
            refusal = _("{name}: the scan has {count} page(s), the paper docgen made of "
                        "{what} has {made}: scan every page of the signed paper, and only "
                        "those").format(name=name, count=len(pages), what=what,
                                        made=len(stored))
            continue
        for number, page in sorted(pages.items()):
            if page.layout is None:
                continue
            match = compare(Layout.from_json(stored[number - 1]), page.layout)
            if not match.matches:
                refusal = _(
                    "{name}: page {page} of the scan is not page {page} of {what} as docgen "
                    "made it: {found} of that page's print is found on it ({needed} needed) "
                    "and {ink} of its ink is that page's ({ink_needed} needed); a code "
                    "pasted on another page, or another paper? Scan the signed paper itself"
                ).format(name=name, page=number, what=what, found=f"{match.recall:.0%}",
                         needed=f"{MIN_RECALL:.0%}", ink=f"{match.precision:.0%}",
                         ink_needed=f"{MIN_PRECISION:.0%}")
                break
        else:
            return
    raise ArchiveError(refusal)
