"""Read a .docx package defensively: one clear error naming the file for anything broken.

A template from ``--templates DIR`` is a zip from anywhere. :func:`read_docx` refuses,
before any of it is used: files that are not zips or are damaged, missing parts
(``[Content_Types].xml``, ``_rels/.rels``, ``word/document.xml``), duplicate members,
encrypted members or unknown compression, zip bombs (more than :data:`MAX_UNPACKED`
bytes unpacked, or a member that unpacks to more than it declares), XML parts that are
not UTF-8 or carry a DOCTYPE (entity bombs).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from docgen.errors import TemplateError

MAX_PACKED = 20 * 1024 * 1024
"""The largest template file read (a Word template is a few hundred KB)."""
MAX_UNPACKED = 100 * 1024 * 1024
"""The most a template may unpack to, all parts together."""
REQUIRED = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
_XML_SUFFIXES = (".xml", ".rels")


def _refuse(path: Path, problem: str) -> TemplateError:
    return TemplateError(f"{problem}; it cannot be used as a template (open and save it again "
                         "in Word or LibreOffice, or use the built-in one)", template=path)


def read_docx(path: str | Path) -> list[tuple[str, bytes]]:
    """The members of the .docx at ``path`` as (name, bytes), in order, all checked."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TemplateError("the template file does not exist", template=path) from None
    except OSError as exc:
        raise TemplateError(f"cannot read it: {exc.strerror or exc}", template=path) from None
    if size > MAX_PACKED:
        raise _refuse(path, f"the file is {size / 1048576:.1f} MB, over the limit of "
                            f"{MAX_PACKED // 1048576} MB for a template")
    try:
        with zipfile.ZipFile(path) as zf:
            return _members(zf, path)
    except TemplateError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
        raise _refuse(path, f"not a readable .docx (zip) file ({exc})") from None
    except OSError as exc:
        raise TemplateError(f"cannot read it: {exc.strerror or exc}", template=path) from None


def _members(zf: zipfile.ZipFile, path: Path) -> list[tuple[str, bytes]]:
    infos = zf.infolist()
    names = [info.filename for info in infos]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise _refuse(path, f"the member {name} appears twice in the zip")
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            raise _refuse(path, f"not a Word document: the part {name} is missing")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED:
        raise _refuse(path, f"it unpacks to {declared / 1048576:.0f} MB (a zip bomb?), over "
                            f"the limit of {MAX_UNPACKED // 1048576} MB")
    entries = []
    budget = MAX_UNPACKED
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(path, f"the member {info.filename} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(path, f"the member {info.filename} uses compression method "
                                f"{info.compress_type}, which a .docx does not use")
        try:
            with zf.open(info) as member:
                data = member.read(min(info.file_size, budget) + 1)
        except (zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError,
                zlib.error) as exc:
            raise _refuse(path, f"the member {info.filename} is damaged ({exc})") from None
        if len(data) > info.file_size:
            raise _refuse(path, f"the member {info.filename} unpacks to more than it declares "
                                "(a zip bomb?)")
        budget -= len(data)
        if info.filename.endswith(_XML_SUFFIXES):
            _check_xml(path, info.filename, data)
        entries.append((info.filename, data))
    return entries


def _check_xml(path: Path, name: str, data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(path, f"the part {name} is not UTF-8 XML (byte 0x{data[exc.start]:02X} "
                            f"at {exc.start})") from None
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise _refuse(path, f"the part {name} declares a DOCTYPE or entities, which Word "
                            "never writes")
