"""PDF metadata: what a DOCX carries for its PDF, and stamping it into the PDF.

LibreOffice (7.4) exports the DOCX core properties title, subject and keywords to the
PDF Info dictionary but neither ``dc:language``, ``dc:identifier`` nor the custom
properties (``docProps/custom.xml``). After conversion the converter therefore reads the
``Docgen*`` custom properties from the DOCX (:func:`read_docx_metadata`) and stamps them
into the Info dictionary with pypdf (:func:`stamp_pdf`), sets the catalog ``/Lang`` from
``dc:language`` and, when the PDF has an XMP packet (PDF/A), adds the same fields there
under a declared PDF/A extension schema. :func:`read_pdf_metadata` reads them back.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from docgen.errors import ConversionError, PdfError

__all__ = [
    "DOCGEN_KEYS",
    "METADATA_KEYS",
    "read_docx_metadata",
    "read_pdf_metadata",
    "stamp_pdf",
]

DOCGEN_KEYS = (
    "DocgenId",
    "DocgenKind",
    "DocgenBody",
    "DocgenRegion",
    "DocgenNumber",
    "DocgenDate",
    "DocgenLang",
)
METADATA_KEYS = ("Title", "Subject", "Keywords", *DOCGEN_KEYS)
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cust": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
}
_XMP_NS = "http://ns.docgen.kz/pdf/1.0/"  # docgen's own XMP namespace (an identifier only)


def read_docx_metadata(docx: Path) -> dict[str, str]:
    """The metadata of ``docx`` destined for its PDF: core properties and ``Docgen*``.

    Keys: ``Title``, ``Subject``, ``Keywords``, ``Language``, ``Identifier`` (core
    properties) and the ``Docgen*`` custom properties; ``DocgenId``, ``DocgenKind`` and
    ``DocgenLang`` fall back to ``dc:identifier``, ``dc:subject`` and ``dc:language``.
    Empty core properties are left out. Raises :class:`ConversionError` if it is not a DOCX.
    """
    found: dict[str, str] = {}
    try:
        with zipfile.ZipFile(docx) as zf:
            names = set(zf.namelist())
            core = zf.read("docProps/core.xml") if "docProps/core.xml" in names else None
            custom = zf.read("docProps/custom.xml") if "docProps/custom.xml" in names else None
        if core:
            root = ElementTree.fromstring(core)
            for key, tag in (
                ("Title", "dc:title"),
                ("Subject", "dc:subject"),
                ("Keywords", "cp:keywords"),
                ("Language", "dc:language"),
                ("Identifier", "dc:identifier"),
            ):
                node = root.find(tag, _NS)
                if node is not None and (node.text or "").strip():
                    found[key] = (node.text or "").strip()
        if custom:
            root = ElementTree.fromstring(custom)
            for prop in root.findall("cust:property", _NS):
                name = prop.get("name", "")
                value = "".join(prop.itertext()).strip()
                if name in DOCGEN_KEYS:  # kept even when empty (no region)
                    found[name] = value
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, ElementTree.ParseError) as exc:
        raise ConversionError(f"{docx}: cannot read its properties: {exc}") from exc
    for key, fallback in (
        ("DocgenId", "Identifier"),
        ("DocgenKind", "Subject"),
        ("DocgenLang", "Language"),
    ):
        if key not in found and fallback in found:
            found[key] = found[fallback]
    return found


def read_pdf_metadata(path: str | Path) -> dict[str, str]:
    """The ``Title``, ``Subject``, ``Keywords`` and ``Docgen*`` entries of a PDF's Info.

    Keys are returned without the slash; absent entries are left out. Raises
    :class:`PdfError` when the file is not a readable PDF.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    path = Path(path)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise PdfError(f"{path}: the PDF is encrypted")
        info = reader.metadata or {}
    except PdfError:
        raise
    except (OSError, PyPdfError, ValueError) as exc:
        raise PdfError(f"{path}: unreadable PDF: {exc}") from exc
    found: dict[str, str] = {}
    for key in METADATA_KEYS:
        value = info.get(f"/{key}")
        if value is not None:
            found[key] = str(value)
    return found


def _xmp_block(meta: dict[str, str]) -> str:
    """XMP descriptions for the ``Docgen*`` fields, with the PDF/A extension schema."""
    names = [key for key in DOCGEN_KEYS if key in meta]
    schema_props = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{name}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>docgen {name[6:].lower()}</pdfaProperty:description>"
        "</rdf:li>"
        for name in names
    )
    values = "".join(f"<docgen:{name}>{escape(meta[name])}</docgen:{name}>" for name in names)
    language = ""
    if meta.get("Language"):
        language = (
            "<dc:language><rdf:Bag>"
            f"<rdf:li>{escape(meta['Language'])}</rdf:li>"
            "</rdf:Bag></dc:language>"
        )
    return (
        '<rdf:Description rdf:about="" '
        'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
        'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
        'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
        '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>docgen document metadata</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{_XMP_NS}</pdfaSchema:namespaceURI>"
        "<pdfaSchema:prefix>docgen</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{schema_props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>\n"
        f'<rdf:Description rdf:about="" xmlns:docgen="{_XMP_NS}" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/">{values}{language}</rdf:Description>\n'
    )


def stamp_pdf(pdf: Path, meta: dict[str, str], out: Path) -> None:
    """Write ``pdf`` to ``out`` with the ``Docgen*`` fields of ``meta`` in Info (and XMP)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    reader = PdfReader(pdf, strict=True)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # pypdf would otherwise write %PDF-1.3
    info = {f"/{key}": meta[key] for key in DOCGEN_KEYS if key in meta}
    existing = reader.metadata or {}
    for key in ("Title", "Subject", "Keywords"):
        if key in meta and f"/{key}" not in existing:  # LibreOffice drops nothing today
            info[f"/{key}"] = meta[key]
    writer.add_metadata(info)
    root = writer.root_object
    if meta.get("Language"):
        root[NameObject("/Lang")] = TextStringObject(meta["Language"])
    xmp_ref = root.get("/Metadata")
    if xmp_ref is not None and any(key in meta for key in DOCGEN_KEYS):
        stream = xmp_ref.get_object()
        text = stream.get_data().decode("utf-8")
        end = text.rfind("</rdf:RDF>")
        if end != -1 and _XMP_NS not in text:
            stream.set_data((text[:end] + _xmp_block(meta) + text[end:]).encode("utf-8"))
    with out.open("wb") as fh:
        writer.write(fh)
