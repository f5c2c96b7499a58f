"""Page layout fingerprints: is this scanned page the page docgen rendered?

A QR code names a document, but any page can carry it (a copy pasted on the page of the
other language). So when docgen makes a PDF with the journal it keeps, per page, a small
picture of where the ink is: the page at 1 pixel a millimetre, ink or paper, with the QR
code and the id printed beside it blanked (:func:`pdf_prints`). A scan's page is reduced
the same way (:func:`layout_of`: the paper's own grey taken as white, dust filtered out,
the skew of a slightly rotated sheet measured and undone) and compared with the print of
the page its code names (:func:`compare`): the scan is shifted (up to
:data:`MAX_SHIFT_MM`) and scaled (a printer's "fit to page", :data:`SCALES`) to where it
lies best on the print (the most ink in common for the ink of both), and then

- ``recall``: the share of the print's ink that the scan has within a millimetre, and
- ``precision``: the share of the scan's ink that the print has within a millimetre

must reach :data:`MIN_RECALL` and :data:`MIN_PRECISION`. A hand signature and a stamp
add ink (lower precision a little); another text moves lines and their ends (both fall).
The figures measured on docgen's papers are in docs/archive.md.
"""

from __future__ import annotations

import base64
import io
import json
import math
from dataclasses import dataclass
from typing import Any

__all__ = ["MIN_PRECISION", "MIN_RECALL", "Layout", "Match", "compare", "layout_of",
           "pdf_prints", "qr_box_mm"]

MM_PER_POINT = 25.4 / 72
RENDER_DPI = 100
"""The resolution docgen's own pages are rasterised at to take their print."""
MAX_SHIFT_MM = 12
SCALES = (0.98, 1.0, 1.02, 1.04, 1.06)
"""Scales the scan is tried at (coarse; then ±0.01 around the best): a page printed with
"fit to printable area" is 94–97 % of its size, so its scan is enlarged back."""
MIN_RECALL = 0.96
MIN_PRECISION = 0.35
_INK = 40
"""A millimetre square is ink when this much of 255 of it is dark (about one sixth)."""
_ANGLES = tuple(a / 4 for a in range(-12, 13))
"""Skews tried, in degrees (±3° in quarter degrees)."""
_QR_MARGIN_MM = 3
_ID_TEXT_MM = 60
"""How far right of the QR code the printed id reaches (blanked with the code)."""


@dataclass(frozen=True)
class Layout:
    """Where the ink of one page is: ``image`` is 1 pixel a millimetre, how much of each
    square millimetre is ink (255 all, 0 none); ``qr`` the code's box in millimetres
    (left, top, right, bottom), when found."""

    image: Any
    qr: tuple[float, float, float, float] | None

    def to_json(self) -> str:
        """The print as stored in the journal (a 1-bit PNG and the code's box)."""
        buffer = io.BytesIO()
        _inked(self.image).convert("1").save(buffer, "PNG", optimize=True)
        return json.dumps({"png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                           "qr": list(self.qr) if self.qr else None}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Layout:
        """The print stored by :meth:`to_json`."""
        from PIL import Image

        value = json.loads(text)
        image = Image.open(io.BytesIO(base64.b64decode(value["png"]))).convert("L")
        qr = tuple(value["qr"]) if value.get("qr") else None
        return cls(image, qr)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Match:
    """How well a scanned page covers a print: see the module's description."""

    recall: float
    precision: float
    shift_mm: tuple[int, int]
    scale: float

    @property
    def matches(self) -> bool:
        """Whether the scan is the printed page (both shares high enough)."""
        return self.recall >= MIN_RECALL and self.precision >= MIN_PRECISION


def _darkness(grey: Any) -> Any:
    """255 where the page is as dark as its ink, 0 where it is the paper's own colour
    (grey paper is white, light toner is black), with scanner dust and noise filtered
    out."""
    from PIL import ImageFilter

    grey = grey.filter(ImageFilter.MedianFilter(3))
    histogram = grey.histogram()
    total, seen, paper = sum(histogram), 0, 255
    for value in range(255, -1, -1):  # the paper: the lightest tenth of the page
        seen += histogram[value]
        if seen * 10 >= total:
            paper = max(value, 128)
            break
    seen, ink = 0, 0
    for value in range(256):  # the ink: the darkest thousandth, at least 100 darker
        seen += histogram[value]
        if seen * 1000 >= total:
            ink = value
            break
    ink = min(ink, paper - 100)
    lut = [max(0, min(255, round(((paper - v) / (paper - ink) - 0.15) / 0.85 * 255)))
           for v in range(256)]
    return grey.point(lut)


def _deskew(dark: Any) -> Any:
    """``dark`` rotated by the angle that makes its text lines most horizontal."""
    from PIL import Image, ImageStat

    small = dark.resize((max(1, dark.width // 2), max(1, dark.height // 2)),
                        Image.Resampling.BOX)

    def sharpness(angle: float) -> float:
        rows = small.rotate(angle, resample=Image.Resampling.BILINEAR).resize(
            (1, small.height), Image.Resampling.BOX)
        return float(ImageStat.Stat(rows).var[0])

    best = max(_ANGLES, key=lambda a: (sharpness(a), -abs(a)))
    if best == 0:
        return dark
    return dark.rotate(best, resample=Image.Resampling.BICUBIC)


def layout_of(grey: Any, width_mm: float, height_mm: float,
              qr: tuple[float, float, float, float] | None, *, deskew: bool = True) -> Layout:
    """The print of a page rendered as the greyscale ``grey`` (the page is ``width_mm``
    × ``height_mm``); ``qr`` is the code's box in millimetres, blanked."""
    from PIL import Image, ImageDraw

    dark = _darkness(grey)
    if deskew:
        dark = _deskew(dark)
    size = (max(1, round(width_mm)), max(1, round(height_mm)))
    image = dark.resize(size, Image.Resampling.BOX)
    if qr is not None:
        left, top, right, bottom = qr
        m = _QR_MARGIN_MM
        ImageDraw.Draw(image).rectangle(
            (left - m, top - m, right + _ID_TEXT_MM, bottom + m), fill=0)
    return Layout(image, qr)


def _qr_box(codes: Any, mm_per_px: float) -> tuple[float, float, float, float] | None:
    """The box (millimetres) around the first code that is a docgen id."""
    for code in codes:
        if code.text.startswith("DG-"):
            corners = [code.position.top_left, code.position.top_right,
                       code.position.bottom_left, code.position.bottom_right]
            xs = [p.x * mm_per_px for p in corners]
            ys = [p.y * mm_per_px for p in corners]
            return (min(xs), min(ys), max(xs), max(ys))
    return None


def pdf_prints(data: bytes) -> list[Layout]:
    """The print of every page of docgen's PDF ``data`` (no skew to undo)."""
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(data)
    prints = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                grey = page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil().convert("L")
            finally:
                page.close()
            codes = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
            prints.append(layout_of(grey, width * MM_PER_POINT, height * MM_PER_POINT,
                                    _qr_box(codes, 25.4 / RENDER_DPI), deskew=False))
    finally:
        document.close()
    return prints


def qr_box_mm(codes: Any, dpi: float) -> tuple[float, float, float, float] | None:
    """The docgen code's box in millimetres on a page rendered at ``dpi``."""
    return _qr_box(codes, 25.4 / dpi)


def _inked(image: Any, level: int = _INK) -> Any:
    """255 where a square millimetre holds at least ``level`` of ink, else 0."""
    return image.point(lambda v: 255 if v >= level else 0)


def _ink(image: Any) -> int:
    return image.histogram()[255]


def compare(printed: Layout, scanned: Layout) -> Match:
    """How well ``scanned`` (a scan's page) covers ``printed`` (docgen's page): the best of
    the shifts and scales tried, coarse first, then around the best."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    target = _inked(printed.image)
    mask = Image.new("L", target.size, 255)  # the code and its id: compared on neither
    box = printed.qr or scanned.qr
    if box is not None:
        left, top, right, bottom = box
        m = _QR_MARGIN_MM + 2
        ImageDraw.Draw(mask).rectangle((left - m, top - m, right + _ID_TEXT_MM, bottom + m),
                                       fill=0)
    wanted = ImageChops.multiply(target, mask)
    total = _ink(wanted)
    near_print = wanted.filter(ImageFilter.MaxFilter(3))
    sources: dict[float, tuple[Any, Any]] = {}

    def scaled(scale: float) -> tuple[Any, Any]:
        if scale not in sources:
            image = scanned.image
            if scale != 1.0:
                image = image.resize((round(image.width * scale),
                                      round(image.height * scale)), Image.Resampling.BILINEAR)
            # the print's ink is looked for among fainter squares too (a light print)
            sources[scale] = (_inked(image),
                              _inked(image, _INK // 2).filter(ImageFilter.MaxFilter(3)))
        return sources[scale]

    def placed(image: Any, dx: int, dy: int) -> Any:
        moved = Image.new("L", target.size, 0)
        moved.paste(image, (dx, dy))
        return moved

    def recall(scale: float, dx: int, dy: int) -> float:
        covered = _ink(ImageChops.multiply(wanted, placed(scaled(scale)[1], dx, dy)))
        return covered / total if total else 0.0

    def likeness(which: int, scale: float, dx: int, dy: int) -> float:
        """The overlap of the print and the scan (``which``: 0 as it is, 1 widened by a
        millimetre), over the geometric mean of their ink: a larger scale does not win
        just by spreading the scan's ink (a stamp on a sparse page would)."""
        ink = ImageChops.multiply(placed(scaled(scale)[which], dx, dy), mask)
        both = _ink(ImageChops.multiply(wanted, ink))
        return both / math.sqrt(total * _ink(ink)) if both else 0.0

    steps = range(-MAX_SHIFT_MM, MAX_SHIFT_MM + 1, 3)
    coarse = max(((s, dx, dy) for s in SCALES for dx in steps for dy in steps),
                 key=lambda c: likeness(1, *c))
    scale, dx, dy = max(((round(coarse[0] + ds, 2), coarse[1] + dx, coarse[2] + dy)
                         for ds in (-0.01, 0, 0.01) for dx in range(-2, 3)
                         for dy in range(-2, 3)), key=lambda c: likeness(0, *c))
    ink = ImageChops.multiply(placed(scaled(scale)[0], dx, dy), mask)
    scan_ink = _ink(ink)
    kept = _ink(ImageChops.multiply(ink, near_print))
    return Match(recall(scale, dx, dy), kept / scan_ink if scan_ink else 0.0, (dx, dy), scale)
