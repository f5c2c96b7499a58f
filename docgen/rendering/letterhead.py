"""The secretariat's бланк (letterhead) as the first page's header of a paper.

Official papers go out on the body's бланк: the State Emblem and the body's names in Kazakh
and Russian. docgen ships no emblem: the secretariat gives its own Word бланк (a .docx made in
Word), and the first-page header of that file (or its header, if it has no first-page one)
becomes the first page's header of every paper, pictures included. Pages 2 on keep the
page number. The same бланк and paper give the same bytes.

``read_letterhead(path)`` reads and checks the бланк once; ``apply_letterhead(docx, lh)``
returns the paper with it (used by render, batch and the case pack).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docgen.errors import DataError, TemplateError
from docgen.i18n import _
from docgen.rendering.engine import normalize_docx
from docgen.rendering.package import read_docx

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEADER_REF = re.compile(r'<w:headerReference\b[^>]*?w:type="(\w+)"[^>]*?r:id="([^"]+)"'
                         r'|<w:headerReference\b[^>]*?r:id="([^"]+)"[^>]*?w:type="(\w+)"')
_RELATION = re.compile(r"<Relationship\b[^>]*/>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_REL_USE = re.compile(r'(r:(?:embed|id|link|pict|dm|lo|qs|cs))="([^"]+)"')
_IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg",
                "gif": "image/gif", "emf": "image/x-emf", "wmf": "image/x-wmf",
                "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff",
                "svg": "image/svg+xml"}
_PREFIX = "rIdLetterhead"


@dataclass(frozen=True)
class Letterhead:
    """The бланк's first-page header: its XML, its relations and the parts they point to."""

    path: Path
    header: bytes
    """The header part (``<w:hdr>``), its relation ids renamed ``rIdLetterhead1`` …"""
    relations: tuple[tuple[str, str, str, bool], ...]
    """(id, type, target, external) of each relation the header uses."""
    media: tuple[tuple[str, bytes], ...]
    """(part name in the paper, bytes) of each picture."""


def _relations(data: bytes) -> dict[str, dict[str, str]]:
    out = {}
    for match in _RELATION.finditer(data.decode("utf-8")):
        attrs = dict(_ATTR.findall(match.group(0)))
        if "Id" in attrs:
            out[attrs["Id"]] = attrs
    return out


def _rels_name(part: str) -> str:
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels"


def _part_of(target: str, base: str = "word") -> str:
    parts = [p for p in f"{base}/{target}".split("/") if p and p != "."]
    resolved: list[str] = []
    for p in parts:
        if p == "..":
            if resolved:
                resolved.pop()
        else:
            resolved.append(p)
    return "/".join(resolved)


def _first_header(document: str, rels: dict[str, dict[str, str]]) -> str | None:
    """The part name of the first section's first-page header (else its default header)."""
    end = document.find("</w:sectPr>")
    section = document[document.rfind("<w:sectPr", 0, end):end] if end >= 0 else document
    refs = {}
    for m in _HEADER_REF.finditer(section):
        kind, rid = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        refs[kind] = rid
    rid = refs.get("first") if "<w:titlePg" in section else None
    rid = rid or refs.get("default") or refs.get("first")
    if rid is None or rid not in rels:
        return None
    return _part_of(rels[rid]["Target"])


def _bad(path: Path, problem: str) -> DataError:
    return DataError(_("the letterhead {path} {problem}; give the secretariat's бланк as a "
                       "Word file (.docx) whose header holds the emblem and the names").format(
                           path=path, problem=problem))


@lru_cache(maxsize=8)
def _read(path: Path, stamp: int) -> Letterhead:
    try:
        members = dict(read_docx(path))
    except TemplateError as exc:
        reason = str(exc).split(": ", 1)[-1].split(";")[0]
        raise _bad(path, _("cannot be read ({reason})").format(reason=reason)) from None
    document = members["word/document.xml"].decode("utf-8")
    doc_rels = _relations(members.get("word/_rels/document.xml.rels", b""))
    header_part = _first_header(document, doc_rels)
    if header_part is None or header_part not in members:
        raise _bad(path, _("has no header (Word: Insert → Header, on the first page)"))
    header = members[header_part].decode("utf-8")
    rels = _relations(members.get(_rels_name(header_part), b""))
    renamed: dict[str, str] = {}
    relations = []
    media = []
    for n, (rid, attrs) in enumerate(sorted(rels.items()), start=1):
        new = f"{_PREFIX}{n}"
        renamed[rid] = new
        external = attrs.get("TargetMode") == "External"
        target = attrs.get("Target", "")
        if not external:
            source = _part_of(target, header_part.rpartition("/")[0])
            if source not in members:
                raise _bad(path, _("names a missing part {source}").format(source=source))
            ext = source.rpartition(".")[2].lower()
            target = f"media/letterhead{n}.{ext}"
            media.append((f"word/{target}", members[source]))
        relations.append((new, attrs.get("Type", ""), target, external))
    header = _REL_USE.sub(lambda m: f'{m.group(1)}="{renamed.get(m.group(2), m.group(2))}"',
                          header)
    if "<w:t" not in header and "<w:drawing" not in header and "<w:pict" not in header:
        raise _bad(path, _("has an empty header"))
    return Letterhead(path, header.encode("utf-8"), tuple(relations), tuple(media))


def read_letterhead(path: str | Path) -> Letterhead:
    """The бланк at ``path``, checked (a DataError names the file and what is wrong)."""
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise _bad(path, _("does not exist")) from None
    return _read(path.resolve(), stamp)


def _rels_xml(relations: tuple[tuple[str, str, str, bool], ...]) -> bytes:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "") + "/>"
        for rid, kind, target, external in relations)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_REL_NS}">{items}</Relationships>').encode()


def apply_letterhead(docx: bytes, letterhead: Letterhead) -> bytes:
    """``docx`` with the бланк as its first page's header (same input, same bytes)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        entries = [(info.filename, zf.read(info)) for info in zf.infolist()]
    members = dict(entries)
    document = members["word/document.xml"].decode("utf-8")
    rels = _relations(members["word/_rels/document.xml.rels"])
    target = _first_header(document, rels)
    if target is None or target not in members:
        raise DataError(_("the paper has no first-page header to put the letterhead in "
                          "(its template lacks one): {path}").format(path=letterhead.path))
    rels_part = _rels_name(target)
    types = members["[Content_Types].xml"].decode("utf-8")
    for name, _data in letterhead.media:
        ext = name.rpartition(".")[2].lower()
        if f'Extension="{ext}"' not in types and ext in _IMAGE_TYPES:
            types = types.replace("<Default ", f'<Default Extension="{ext}" ContentType="'
                                  f'{_IMAGE_TYPES[ext]}"/><Default ', 1)
    existing = _relations(members.get(rels_part, b""))
    kept = tuple((rid, a.get("Type", ""), a.get("Target", ""),
                  a.get("TargetMode") == "External") for rid, a in existing.items()
                 if not rid.startswith(_PREFIX))
    replaced = {target: letterhead.header, "[Content_Types].xml": types.encode("utf-8"),
                rels_part: _rels_xml(kept + letterhead.relations)}
    media = dict(letterhead.media)
    out = [(name, replaced.pop(name, data)) for name, data in entries if name not in media]
    out += sorted(replaced.items()) + sorted(media.items())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in out:
            zf.writestr(name, data)
    return normalize_docx(buffer.getvalue())


def letterhead_path(option: str | Path | None, data_path: Path | None,
                    field: object) -> Path | None:
    """``--letterhead`` first, else the data file's ``letterhead:`` (relative to its folder)."""
    if option is not None:
        return Path(option)
    if not isinstance(field, str) or not field.strip():
        return None
    path = Path(field)
    if not path.is_absolute() and data_path is not None:
        path = data_path.parent / path
    return path


def letterhead_for(option: str | Path | None, data_path: Path | None,
                   field: object) -> Letterhead | None:
    """The бланк to use (see :func:`letterhead_path`), read and checked; None for none."""
    path = letterhead_path(option, data_path, field)
    return read_letterhead(path) if path is not None else None
