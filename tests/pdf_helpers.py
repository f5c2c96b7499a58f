"""Test helpers for PDF conversion: sample DOCX files and poppler inspection.

:func:`make_docx` builds a notice-like DOCX with python-docx (Times New Roman 14 pt),
core properties and a ``docProps/custom.xml`` part holding the ``Docgen*`` properties,
the way the rendering engine writes them.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Pt
from pypdf import PdfReader

KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"
TENGE = "₸"
KK_TEXT = (
    "Қазақстан халқы Ассамблеясының кеңесі. Хабарлама: отырыс 2026 жылғы 12 наурызда "
    "сағат 10:00-де өтеді. Жарна мөлшері 5 000 ₸. "
    "Әріптер: Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і."
)
RU_TEXT = (
    "Совет Ассамблеи народа Казахстана. Уведомление: заседание состоится 12 марта 2026 "
    "года в 10:00. Взнос составляет 5 000 ₸. Съешь же ещё этих мягких французских булок."
)
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def docgen_properties(
    doc_id: str, lang: str, *, kind: str = "notice", number: str = "0012"
) -> dict[str, str]:
    """The ``Docgen*`` custom properties of a sample document."""
    return {
        "DocgenId": doc_id,
        "DocgenKind": kind,
        "DocgenBody": "council",
        "DocgenRegion": "",
        "DocgenNumber": number,
        "DocgenDate": "2026-03-12",
        "DocgenLang": lang,
    }


def custom_xml(props: dict[str, str]) -> bytes:
    """A ``docProps/custom.xml`` part with string properties."""
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(props.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()


def make_docx(
    path: Path,
    paragraphs: Sequence[str],
    *,
    title: str,
    lang: str,
    doc_id: str,
    kind: str = "notice",
    number: str = "0012",
    heading: str | None = None,
) -> Path:
    """Write a sample DOCX (Times New Roman 14 pt) with core and custom properties."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    if heading:
        run = document.add_paragraph().add_run(heading)
        run.bold = True
    for text in paragraphs:
        document.add_paragraph(text)
    core = document.core_properties
    core.title = title
    core.subject = kind
    core.keywords = f"{kind}; {lang}; {number}"
    core.language = lang
    core.identifier = doc_id
    core.author = "docgen"
    package = document.part.package
    part = Part(
        PackURI("/docProps/custom.xml"),
        CT.OFC_CUSTOM_PROPERTIES,
        custom_xml(docgen_properties(doc_id, lang, kind=kind, number=number)),
        package,
    )
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    document.save(str(path))
    return path


def pdftotext(pdf: Path) -> str:
    """The text of ``pdf`` per poppler's ``pdftotext``."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    """The fonts of ``pdf`` per poppler's ``pdffonts``: name (subset tag removed), emb."""
    out = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    fonts = []
    for line in out[2:]:  # two header lines
        parts = line.split()
        if not parts:
            continue
        # name type [type…] encoding emb sub uni object ID: read from the right
        name = parts[0].split("+", 1)[-1]
        fonts.append({"name": name, "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def font_characters(pdf: Path) -> dict[str, set[str]]:
    """Which characters each font of ``pdf`` draws, from the fonts' ``/ToUnicode`` maps.

    Keys are base font names without the subset tag (``LiberationSerif-Bold``).
    """
    reader = PdfReader(pdf)
    found: dict[str, set[str]] = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            chars = found.setdefault(name, set())
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                values = _HEX.findall(block)
                chars.update(_utf16(dst) for dst in values[1::2])
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for line in block.strip().splitlines():
                    values = _HEX.findall(line)
                    if len(values) == 3 and "[" not in line:
                        low, high, first = (int(v, 16) for v in values)
                        chars.update(chr(first + i) for i in range(high - low + 1))
                    else:
                        chars.update(_utf16(dst) for dst in values[2:])
    return found


# ------------------------------------------------------------- stand-ins for LibreOffice


def fake_soffice(folder: Path, body: str) -> Path:
    """An executable Python script standing in for LibreOffice's soffice."""
    script = folder / "fake-soffice"
    script.write_text(f"#!{sys.executable} -S\n{body}", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie is dead; only its parent may reap it


HANGING_SOFFICE = """\
import os, subprocess, sys
log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.log")
child = subprocess.Popen(["sleep", "60"])  # a helper in the same process group
with open(log, "a") as fh:
    docs = [a for a in sys.argv[1:] if a.endswith(".docx")]
    names = " ".join(os.path.basename(os.path.realpath(d)) for d in docs)
    fh.write(f"{os.getpid()} {child.pid} {names or '-'}\\n")
child.wait()
"""
