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
from docgen.i18n import _

MAX_PACKED = 20 * 1024 * 1024
"""The largest template file read (a Word template is a few hundred KB)."""
MAX_UNPACKED = 100 * 1024 * 1024
"""The most a template may unpack to, all parts together."""
REQUIRED = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
_XML_SUFFIXES = (".xml", ".rels")


def _refuse(path: Path, problem: str) -> TemplateError:
    return TemplateError(_("{problem}; it cannot be used as a template (open and save it again "
                           "in Word or LibreOffice, or use the built-in one)").format(
                               problem=problem), template=path)


def read_docx(path: str | Path) -> list[tuple[str, bytes]]:
    """The members of the .docx at ``path`` as (name, bytes), in order, all checked."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TemplateError(_("the template file does not exist"), template=path) from None
    except OSError as exc:
        raise TemplateError(_("cannot read it: {reason}").format(reason=exc.strerror or exc),
                            template=path) from None
    if size > MAX_PACKED:
        raise _refuse(path, _("the file is {size} MB, over the limit of {limit} MB for a "
                              "template").format(size=f"{size / 1048576:.1f}",
                                                 limit=MAX_PACKED // 1048576))
    try:
        with zipfile.ZipFile(path) as zf:
            return _members(zf, path)
    except TemplateError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
        raise _refuse(path, _("not a readable .docx (zip) file ({reason})").format(
            reason=exc)) from None
    except OSError as exc:
        raise TemplateError(_("cannot read it: {reason}").format(reason=exc.strerror or exc),
                            template=path) from None


def _members(zf: zipfile.ZipFile, path: Path) -> list[tuple[str, bytes]]:
    infos = zf.infolist()
    names = [info.filename for info in infos]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise _refuse(path, _("the member {name} appears twice in the zip").format(
                name=name))
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            raise _refuse(path, _("not a Word document: the part {name} is missing").format(
                name=name))
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED:
        raise _refuse(path, _("it unpacks to {size} MB (a zip bomb?), over the limit of "
                              "{limit} MB").format(size=f"{declared / 1048576:.0f}",
                                                   limit=MAX_UNPACKED // 1048576))
    entries = []
    budget = MAX_UNPACKED
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(path, _("the member {name} is encrypted").format(
                name=info.filename))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(path, _("the member {name} uses compression method {method}, which "
                                  "a .docx does not use").format(name=info.filename,
                                                                 method=info.compress_type))
        try:
            with zf.open(info) as member:
                data = member.read(min(info.file_size, budget) + 1)
        except (zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError,
                zlib.error) as exc:
            raise _refuse(path, _("the member {name} is damaged ({reason})").format(
                name=info.filename, reason=exc)) from None
        if len(data) > info.file_size:
            raise _refuse(path, _("the member {name} unpacks to more than it declares "
                                  "(a zip bomb?)").format(name=info.filename))
        budget -= len(data)
        if info.filename.endswith(_XML_SUFFIXES):
            _check_xml(path, info.filename, data)
        entries.append((info.filename, data))
    return entries


def _check_xml(path: Path, name: str, data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(path, _("the part {name} is not UTF-8 XML (byte {byte} at {offset})")
                      .format(name=name, byte=f"0x{data[exc.start]:02X}",
                              offset=exc.start)) from None
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise _refuse(path, _("the part {name} declares a DOCTYPE or entities, which Word "
                              "never writes").format(name=name))
