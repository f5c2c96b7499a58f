"""Paper-signed scans: find the document id in the QR code every docgen paper carries.

Most papers of a state body are signed by hand and come back as scanned PDFs: images
with no docgen metadata and no digital signature. :func:`scanned_doc_id` renders each
page (pypdfium2), reads the QR codes on it (zxing-cpp, which handles a slightly rotated
or noisy scan) and keeps the docgen ids (``DG-`` and 16 hex digits). Every page that
carries one must carry the same; a scan without a readable code needs ``--id DG-…``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from docgen.errors import ArchiveError, PdfError

__all__ = ["SCAN_DPI", "find_qr_ids", "scanned_doc_id"]

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


def find_qr_ids(data: bytes, name: Path, dpi: int = SCAN_DPI[0]) -> dict[int, set[str]]:
    """Docgen ids in QR codes per page (1-based) of the PDF ``data``."""
    import pypdfium2 as pdfium
    import zxingcpp

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(f"{name}: cannot render the scan's pages: {exc}") from exc
    found: dict[int, set[str]] = {}
    try:
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            try:
                image = page.render(scale=_scale(page, dpi, index + 1, name),
                                    grayscale=True).to_pil()
            finally:
                page.close()
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            ids = {code.text.strip() for code in codes if _DOC_ID.match(code.text.strip())}
            if ids:
                found[index + 1] = ids
    finally:
        document.close()
    return found


def _scale(page: Any, dpi: int, number: int, name: Path) -> float:
    """The scale to rasterise ``page`` at: ``dpi``, lowered to stay within
    :data:`MAX_PIXELS`; ArchiveError for a page too large to be a scan."""
    width, height = page.get_size()
    if max(width, height) * _MM > MAX_SIDE_MM or min(width, height) <= 0:
        raise ArchiveError(
            f"{name}: page {number} is {width * _MM:.0f} × {height * _MM:.0f} mm, larger "
            f"than a scanned paper can be (at most {MAX_SIDE_MM} mm a side): this is not a "
            "scan; give the signed PDF docgen made, or scan the paper again")
    return min(dpi / 72, math.sqrt(MAX_PIXELS / (width * height)))


def scanned_doc_id(data: bytes, name: Path, given: str | None) -> str:
    """The id of the scanned document: its QR code's, agreeing with ``given`` (``--id``).

    ArchiveError when the pages disagree, when the code and ``--id`` differ, or when no
    page has a readable code and no ``--id`` is given.
    """
    found: dict[int, set[str]] = {}
    for dpi in SCAN_DPI:
        found = find_qr_ids(data, name, dpi)
        if found:
            break
    ids = sorted(set().union(*found.values())) if found else []
    if len(ids) > 1:
        where = "; ".join(f"page {page}: {', '.join(sorted(v))}" for page, v in found.items())
        raise ArchiveError(f"{name}: the scan holds pages of different documents ({where}); "
                           "scan each document into its own PDF")
    if ids:
        if given is not None and given != ids[0]:
            first = min(found)
            raise ArchiveError(f"{name}: the QR code on page {first} says {ids[0]}, not "
                               f"{given} (--id): is this the right scan?")
        return ids[0]
    if given is None:
        raise ArchiveError(
            f"{name}: no docgen metadata, no digital signature and no readable QR code with a "
            f"document id (looked at {' and '.join(map(str, SCAN_DPI))} dpi): scan it again "
            "(200–300 dpi, the whole page) or say which document it is: "
            f"docgen archive add {name.name} --id DG-…"
        )
    return given
