"""The QR code with the document id, printed beside the id in the footer of every page.

A paper signed by hand comes back as a scan; the code lets ``docgen archive add`` find
its journal record. A template whose footer prints ``{{ doc.id }}`` gets, at compile
time, a picture anchored at the bottom-left of the page (inside the bottom margin, so
the text does not move) and the id paragraph indented beside it; each render puts the
PNG of its own id in the package (``word/media/docgen-qr.png``). The PNG is made once
per id (zxing-cpp; the same id always gives the same bytes).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["ID_MARK", "QR_DRAWING", "QR_MARK", "QR_MEDIA", "add_qr_parts", "drawing_for",
           "is_footer", "qr_png", "with_qr"]

ID_MARK = "{{ doc.id }}"
QR_MEDIA = "word/media/docgen-qr.png"
QR_REL = "rIdDocgenQr"
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_EMU_PER_MM = 36000
QR_SIZE_MM = 14
_LEFT_MM, _BOTTOM_MM, _PAGE_HEIGHT_MM = 30, 6, 297
_ID_INDENT_TWIPS = round((QR_SIZE_MM + 2) * 1440 / 25.4)
_SCALE = 4  # pixels a module: one hex digit per module below
_NIBBLE = bytes(ord("0") if value == 0 else ord("f") for value in range(256))
_FOOTER = re.compile(r"^word/footer\d*\.xml$")


@lru_cache(maxsize=8192)
def qr_png(doc_id: str) -> bytes:
    """The QR code of ``doc_id`` as a 1-bit PNG, 4 pixels a module, a 4-module quiet zone.

    zxing-cpp (the reader ``docgen archive add`` uses for scans) encodes it in C++ with
    error correction M; the PNG is written here, so the same id gives the same bytes.
    """
    import zxingcpp

    code = zxingcpp.create_barcode(doc_id, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    matrix = memoryview(zxingcpp.write_barcode_to_image(code, scale=1, add_quiet_zones=True))
    height, width = matrix.shape
    pixels = matrix.tobytes()
    row_bits = width * _SCALE
    pad = -row_bits % 8
    rows = []
    for y in range(height):  # a module is one hex digit of the row: 0 dark, f light
        nibbles = pixels[y * width:(y + 1) * width].translate(_NIBBLE).decode("ascii")
        row = b"\x00" + (int(nibbles, 16) << pad).to_bytes((row_bits + pad) // 8, "big")
        rows.append(row * _SCALE)
    header = struct.pack(">IIBBBBB", row_bits, height * _SCALE, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + _chunk(b"IEND", b""))


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


QR_MARK = "<!--docgen-qr-->"
"""Where the picture goes in a footer: put in after rendering (no template work per page)."""


def _drawing(page_height_mm: int = _PAGE_HEIGHT_MM) -> str:
    size = QR_SIZE_MM * _EMU_PER_MM
    top = (page_height_mm - _BOTTOM_MM - QR_SIZE_MM) * _EMU_PER_MM
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="2" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{_LEFT_MM * _EMU_PER_MM}'
        "</wp:posOffset></wp:positionH>"
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{top}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{size}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapNone/><wp:docPr id="9001" name="docgen QR" descr="document id"/>'
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="9001" name="docgen-qr.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{QR_REL}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def with_qr(source: str) -> str | None:
    """The footer ``source`` with :data:`QR_MARK` before the id and the id indented beside
    where the picture goes; None if it prints no id."""
    at = source.find(ID_MARK)
    if at < 0:
        return None
    run = max(source.rfind("<w:r>", 0, at), source.rfind("<w:r ", 0, at))
    paragraph = max(source.rfind("<w:p>", 0, run), source.rfind("<w:p ", 0, run))
    if run < 0 or paragraph < 0:
        return None
    source = source[:run] + QR_MARK + source[run:]
    indent = f'<w:ind w:left="{_ID_INDENT_TWIPS}"/>'
    props = source.find("</w:pPr>", paragraph, run)
    if props >= 0:
        return source[:props] + indent + source[props:]
    opening = source.index(">", paragraph) + 1
    return source[:opening] + f"<w:pPr>{indent}</w:pPr>" + source[opening:]


QR_DRAWING = _drawing()
"""The picture, anchored at the bottom-left of the page."""

_PAGE_HEIGHT = re.compile(r'<w:pgSz\b[^>]*?w:h="(\d+)"')


def drawing_for(document_xml: str) -> str:
    """The picture for a document's page height (an A4 page in landscape is 210 mm high)."""
    match = _PAGE_HEIGHT.search(document_xml)
    if match is None:
        return QR_DRAWING
    height_mm = round(int(match.group(1)) * 25.4 / 1440)
    return QR_DRAWING if height_mm == _PAGE_HEIGHT_MM else _drawing(height_mm)


def add_qr_parts(entries: Sequence[tuple[str, bytes]], footers: Sequence[str]
                 ) -> list[tuple[str, bytes]]:
    """``entries`` with the PNG content type, the footers' image relation and the media part."""
    rels_of = {_rels_name(footer) for footer in footers}
    names = {name for name, _ in entries}
    out: list[tuple[str, bytes]] = []
    for name, data in entries:
        if name == "[Content_Types].xml" and b'Extension="png"' not in data:
            data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/>'
                                b"<Default ", 1)
        elif name in rels_of:
            data = data.replace(b"</Relationships>", _relation() + b"</Relationships>")
        out.append((name, data))
    out += [(rels, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   b'relationships">' + _relation() + b"</Relationships>")
            for rels in sorted(rels_of - names)]
    out.append((QR_MEDIA, qr_png("DG-0000000000000000")))
    return out


def is_footer(name: str) -> bool:
    """Whether the package part ``name`` is a footer."""
    return bool(_FOOTER.match(name))


def _rels_name(part: str) -> str:
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels"


def _relation() -> bytes:
    return (f'<Relationship Id="{QR_REL}" Type="{_IMAGE_REL}" '
            'Target="media/docgen-qr.png"/>').encode()
