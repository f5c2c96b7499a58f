"""Render Word templates into documents: sandboxed, escaped, deterministic, atomic.

A :class:`CompiledTemplate` does once per template what docxtpl does per document
(read the zip, patch the XML so Jinja can read it, compile the Jinja template); each
document is then one Jinja render, docxtpl's own post-processing, and a zip write with
fixed timestamps. The output is the same text as ``DocxTemplate.render(autoescape=True)``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import struct
import tempfile
import xml.parsers.expat as expat
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import escape as _html_escape
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from docgen.errors import DocgenError, OutputError, TemplateError
from docgen.i18n import _
from docgen.rendering.lang import filters_for
from docgen.rendering.limits import BoundedSandbox, RenderLimits, cap_memory, uncap_memory
from docgen.rendering.outtree import refuse_link
from docgen.rendering.package import read_docx
from docgen.rendering.qr import (
    QR_MARK,
    QR_MEDIA,
    add_qr_parts,
    drawing_for,
    is_footer,
    qr_png,
    with_qr,
)
from docgen.rendering.template_cache import Compiled, compiled_code, prepared_sources

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_RENDERED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


@dataclass(frozen=True)
class DocumentInfo:
    """What identifies a document: written into its properties and, later, its PDF."""

    doc_id: str
    kind: str
    body: str
    region: str
    number: str
    date: dt.date
    lang: str
    title: str
    subject: str
    series: str = ""
    """The same for every language of one document (ids differ by language)."""
    revision: int = 1
    """1 for a document as first issued; 2, 3, … for its corrections."""
    supersedes: str | None = None
    """The id of the revision this one corrects (None for revision 1)."""
    draft: bool = False
    """A draft for approval (``--draft``): marked on every page, never numbered or archived."""

    def custom_properties(self) -> dict[str, str]:
        """The docx custom properties (and PDF Info keys) docgen writes."""
        return {
            "DocgenId": self.doc_id,
            "DocgenKind": self.kind,
            "DocgenBody": self.body,
            "DocgenRegion": self.region,
            "DocgenNumber": self.number,
            "DocgenDate": self.date.isoformat(),
            "DocgenLang": self.lang,
            **({"DocgenDraft": "yes"} if self.draft else {}),
        }


def document_id(kind: str, body: str, region: str | None, number: Any, date: dt.date,
                lang: str, extra: str = "") -> str:
    """A stable id from what the document is: the same input always gives the same id."""
    ident = "|".join([kind, body, region or "", str(number), date.isoformat(), lang, extra])
    return "DG-" + hashlib.sha256(ident.encode()).hexdigest()[:16].upper()


def make_environment(lang: str) -> SandboxedEnvironment:
    """The one Jinja environment of docgen: sandboxed, autoescaped, strict about undefined,
    and refusing ``*`` / ``**`` results that would exhaust memory."""
    env = BoundedSandbox(autoescape=True, undefined=jinja2.StrictUndefined,
                         keep_trailing_newline=True)
    env.filters.update(filters_for(lang))
    return env


@cache
def _docxtpl() -> Any:
    """An unloaded DocxTemplate: its helpers are pure string functions we reuse.

    Imported on first use only: docxtpl brings python-docx and lxml, which a run whose
    templates come from the cache (:mod:`docgen.rendering.template_cache`) never needs.
    """
    from docxtpl import DocxTemplate

    return DocxTemplate.__new__(DocxTemplate)


def _patch(xml: str) -> str:
    """docxtpl's template clean-up plus the line split it does before compiling."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", _docxtpl().patch_xml(xml))


_LITERAL_MARKERS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))


def _literal_markers(source: str) -> str:
    """Turn docxtpl's literal-brace markers (``{_{`` → ``{{``) into Jinja string constants.

    docxtpl replaces them after rendering, which also rewrites the *data*: a title typed as
    ``{_{`` would come out as ``{{``. Resolving them in the template source keeps data intact.
    """
    for marker, literal in _LITERAL_MARKERS:
        source = source.replace(marker, "{{ '" + literal + "' }}")
    return source


def _finish(xml: str) -> str:
    """docxtpl's post-render steps: undo the line split, turn \\n and \\t into breaks/tabs.

    docxtpl runs its (regex-heavy) line-break pass over every document; it only changes
    text that holds ``\\n``, ``\\t``, ``\\a`` or ``\\f``, so it runs only when one is there.
    """
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    body = xml.find("<w:body")  # the XML declaration's line end comes before it
    if any(c in xml for c in "\t\a\f") or "\n" in xml[body:]:
        return _docxtpl().resolve_listing(xml)
    return xml


def _check_xml(xml: bytes) -> None:
    """Raise :class:`xml.parsers.expat.ExpatError` unless ``xml`` is well-formed.

    expat checks without building a tree (lxml built one per document just to drop it).
    """
    expat.ParserCreate().Parse(xml, True)


_BLOCK, _VALUE = "\x00", "\x01"  # where a control block / an output value sits


def _in_text(flat: str) -> bool:
    """True when every marker in ``flat`` sits between tags, not inside one."""
    for pos, char in enumerate(flat):
        if char in (_BLOCK, _VALUE) and flat.rfind("<", 0, pos) > flat.rfind(">", 0, pos):
            return False
    return True


def _flatten(body: list[jinja2.nodes.Node]) -> str | None:
    """The literal XML of ``body`` with markers for values and blocks, every block's own
    branches checked recursively; ``None`` when a part of it cannot be checked."""
    out: list[str] = []
    for node in body:
        if isinstance(node, jinja2.nodes.Output):
            out += [c.data if isinstance(c, jinja2.nodes.TemplateData) else _VALUE
                    for c in node.nodes]
        elif isinstance(node, jinja2.nodes.If | jinja2.nodes.For):
            branches = [node.body, node.else_]
            if isinstance(node, jinja2.nodes.If):
                branches += [elif_.body for elif_ in node.elif_]
            for branch in branches:
                flat = _flatten(branch)
                if flat is None or not _in_text(flat):
                    return None
                try:
                    _check_xml(("<r>" + flat.replace(_BLOCK, "").replace(_VALUE, "")
                                + "</r>").encode("utf-8"))
                except expat.ExpatError:
                    return None
            out.append(_BLOCK)
        elif not isinstance(node, jinja2.nodes.Assign):
            return None  # macros, includes, scoped blocks: not checked statically
    return "".join(out)


def _always_well_formed(env: jinja2.Environment, source: str) -> bool:
    """True when every render of ``source`` is well-formed XML, whatever the data.

    Autoescaping makes every value plain text, so what can break the XML is the template:
    a branch or loop body that is not balanced XML, or a value or block inside a tag.
    When each branch is well-formed content, sits between tags, and the template without
    them is a well-formed document, no render needs checking. Anything ``|safe`` may
    carry markup, and is not proven.
    """
    tree = env.parse(source)
    if any(f.name == "safe" for f in tree.find_all(jinja2.nodes.Filter)) or any(
        True for _ in tree.find_all(jinja2.nodes.MarkSafe)
    ):
        return False
    flat = _flatten(tree.body)
    if flat is None or not _in_text(flat):
        return False
    try:
        _check_xml(flat.replace(_BLOCK, "").replace(_VALUE, "").encode("utf-8"))
    except expat.ExpatError:
        return False
    return True


def _paragraph_near(source: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[max(lineno - 1, 0)] if lines else "")
    return text.strip()[:160]


class CompiledTemplate:
    """A .docx template read and compiled once, ready to render many documents."""

    def __init__(self, path: str | Path, lang: str) -> None:
        self.path = Path(path)
        self.lang = lang
        self._entries = read_docx(self.path)  # every broken zip ends here, in one message
        self._limits = RenderLimits.from_env()
        self._env = make_environment(lang)
        self._sources: dict[str, str] = {}
        self._compiled: dict[str, jinja2.Template] = {}
        footers: list[str] = []
        self._proven: set[str] = set()  # parts whose every render is well-formed
        for name, source in prepared_sources(self._entries, self._prepare).items():
            if is_footer(name) and (marked := with_qr(source)) is not None:
                source = marked
                footers.append(name)
            self._sources[name] = source
            code, proven = compiled_code(source, lang, self._env,
                                         lambda s=source: self._compile(s))
            self._compiled[name] = self._env.template_class.from_code(
                self._env, code, self._env.make_globals(None), None)
            if proven:
                self._proven.add(name)
        self._qr_footers = frozenset(footers)
        self._qr = bool(footers)
        document = dict(self._entries).get("word/document.xml", b"")
        self._qr_drawing = drawing_for(document.decode("utf-8", "replace")).encode()
        if footers:
            self._entries = add_qr_parts(self._entries, footers)
        self._add_custom_part()
        # Parts that do not change per document are deflated once, here.
        self._packed = {name: _deflate(data) for name, data in self._entries
                        if name not in self._compiled}

    def _prepare(self) -> dict[str, str]:
        """The Jinja source of every part that is rendered, in package order; every XML
        part copied as it is must be well-formed (once per template: the result is cached)."""
        sources = {}
        for name, data in self._entries:
            if _RENDERED_PART.match(name):
                text = data.decode("utf-8")
                if "{{" in text or "{%" in text or name == "word/document.xml":
                    sources[name] = _literal_markers(_patch(text))
                    continue
            if name.endswith((".xml", ".rels")):
                try:
                    _check_xml(data)
                except expat.ExpatError as exc:
                    raise TemplateError(_("the part {name} is not well-formed XML ({exc}); "
                                          "open and save the template again in Word or "
                                          "LibreOffice").format(
                                              name=name, exc=exc), template=self.path) from None
        return sources

    def _compile(self, source: str) -> Compiled:
        """Jinja's code for ``source`` (as ``from_string`` compiles it), and whether every
        render of it is well-formed."""
        try:
            return self._env.compile(source), _always_well_formed(self._env, source)
        except jinja2.TemplateSyntaxError as exc:
            near = _paragraph_near(source, exc.lineno)
            raise TemplateError(_("Jinja syntax error: {message} (near \"{near}\"); "
                                  "`docgen templates check` shows the exact paragraph").format(
                                      message=exc.message, near=near),
                                template=self.path) from None

    def _add_custom_part(self) -> None:
        """Make sure the package declares docProps/custom.xml (written per document)."""
        entries = dict(self._entries)
        if "docProps/custom.xml" in entries:
            return
        ct = entries["[Content_Types].xml"].decode("utf-8")
        ct = ct.replace("</Types>", '<Override PartName="/docProps/custom.xml" '
                        f'ContentType="{_CUSTOM_CT}"/></Types>')
        rels = entries["_rels/.rels"].decode("utf-8")
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdDocgenCustom" '
                            f'Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
                            "</Relationships>")
        self._entries = [
            (n, ct.encode() if n == "[Content_Types].xml" else rels.encode()
             if n == "_rels/.rels" else d) for n, d in self._entries
        ]
        self._entries.append(("docProps/custom.xml", b""))

    def render(self, context: Mapping[str, Any], info: DocumentInfo | None = None) -> bytes:
        """Render one document and return the .docx bytes (deterministic)."""
        saved = cap_memory(self._limits.memory)  # once per document: a few µs
        try:
            parts = self._render_parts(context)
        except MemoryError:
            raise self._limits.out_of_memory(self.path) from None
        finally:
            uncap_memory(saved)
        if info is not None:
            parts["docProps/core.xml"] = _core_xml(info)
            parts["docProps/custom.xml"] = _custom_xml(info)
        packed = dict(self._packed)
        for name, data in parts.items():  # a small part is stored: a deflater costs more
            packed[name] = _deflate(data) if len(data) >= _STORE_BELOW else _stored(data)
        if info is not None and self._qr:
            packed[QR_MEDIA] = _packed_qr(info.doc_id)
        return _zip_packed((name, packed[name]) for name, _ in self._entries)

    def _render_parts(self, context: Mapping[str, Any]) -> dict[str, bytes]:
        """Every rendered part's XML, checked; TemplateError naming the template."""
        parts: dict[str, bytes] = {}
        for name, template in self._compiled.items():
            try:
                xml = self._limits.render(template, context, self.path)
            except SecurityError as exc:
                raise TemplateError(_("the sandbox refused an unsafe operation: {exc}").format(
                    exc=exc),
                                    template=self.path) from None
            except jinja2.UndefinedError as exc:
                raise TemplateError(_("uses something the data does not have: {message}").format(
                    message=exc.message),
                                    template=self.path) from None
            except jinja2.TemplateError as exc:
                raise TemplateError(_("rendering failed: {exc}").format(
                    exc=exc), template=self.path) from None
            except (ValueError, TypeError) as exc:
                raise TemplateError(_("a filter failed: {exc}").format(
                    exc=exc), template=self.path) from None
            except ArithmeticError as exc:
                raise TemplateError(_("a calculation failed: {exc}").format(
                    exc=exc), template=self.path) from None
            except DocgenError:
                raise
            except Exception as exc:  # the template is the user's code: any failure is its
                raise TemplateError(_("rendering failed: {kind}: {exc}").format(
                    kind=type(exc).__name__, exc=exc),
                                    template=self.path) from None
            data = _finish(xml).encode("utf-8")
            try:
                if name not in self._proven:
                    _check_xml(data)
            except expat.ExpatError as exc:
                raise TemplateError(_("rendering produced broken XML in {name}: {exc}").format(
                    name=name, exc=exc),
                                    template=self.path) from None
            if name in self._qr_footers:
                data = data.replace(_QR_MARK, self._qr_drawing, 1)
            parts[name] = data
        return parts


_QR_MARK = QR_MARK.encode()


def escape(text: str) -> str:
    """XML text escaping (``&``, ``<``, ``>``), as ``xml.sax.saxutils.escape`` does; that
    module imports urllib, http and ssl, which a render does not need."""
    return _html_escape(text, quote=False)


@lru_cache(maxsize=8192)
def _packed_qr(doc_id: str) -> _Packed:
    """The QR picture of ``doc_id``, stored (a PNG is compressed already), made once per id."""
    return _stored(qr_png(doc_id))


def _core_xml(info: DocumentInfo) -> bytes:
    stamp = f"{info.date.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(info.title)}</dc:title>"
        f"<dc:subject>{escape(info.subject)}</dc:subject>"
        "<dc:creator>docgen</dc:creator>"
        f"<cp:keywords>{escape(info.kind)} {escape(info.doc_id)}</cp:keywords>"
        f"<dc:identifier>{escape(info.doc_id)}</dc:identifier>"
        f"<dc:language>{'ru-RU' if info.lang == 'ru' else 'kk-KZ'}</dc:language>"
        f"<cp:category>{escape(info.kind)}</cp:category>"
        "<cp:lastModifiedBy>docgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _custom_xml(info: DocumentInfo) -> bytes:
    props = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{name}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(info.custom_properties().items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{props}</Properties>'
    ).encode()


def _zip_bytes(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps and attributes: same entries, same bytes."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zf.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


_STORE_BELOW = 4096  # parts made per document smaller than this are stored, not deflated
_Packed = tuple[int, bytes, int, int]  # crc32, bytes as stored, size, compression method
_DOS_DATE = (_FIXED_ZIP_TIME[0] - 1980) << 9 | _FIXED_ZIP_TIME[1] << 5 | _FIXED_ZIP_TIME[2]


def _deflate(data: bytes) -> _Packed:
    """(crc32, raw deflate at level 6, size, method): what zipfile writes for one entry."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    return zlib.crc32(data), deflated, len(data), zipfile.ZIP_DEFLATED


def _stored(data: bytes) -> _Packed:
    """An entry kept as is (zip method 0)."""
    return zlib.crc32(data), data, len(data), zipfile.ZIP_STORED


def _zip_packed(entries: Iterable[tuple[str, _Packed]]) -> bytes:
    """A zip like :func:`_zip_bytes` writes, from entries deflated (or stored) beforehand."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, (crc, deflated, size, method) in entries:
        fname = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800  # zipfile's UTF-8 file name flag
        header = struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, 20, 0,
                             flags, method, 0, _DOS_DATE, crc, len(deflated), size,
                             len(fname), 0) + fname
        central.append(struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, 20, 0,
                                   20, 0, flags, method, 0, _DOS_DATE, crc,
                                   len(deflated), size, len(fname), 0, 0, 0, 0, 0o644 << 16,
                                   offset) + fname)
        chunks += (header, deflated)
        offset += len(header) + len(deflated)
    directory = b"".join(central)
    end = struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, len(central),
                      len(central), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def normalize_docx(data: bytes) -> bytes:
    """Rewrite a .docx with fixed zip timestamps (for templates made by builders)."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = [(info.filename, zf.read(info)) for info in zf.infolist()]
    return _zip_bytes(entries)


@cache
def load_template(path: Path, lang: str, mtime_ns: int = 0) -> CompiledTemplate:
    """A compiled template, cached per file and modification time."""
    return CompiledTemplate(path, lang)


def compiled(path: Path, lang: str) -> CompiledTemplate:
    """The cached :class:`CompiledTemplate` for ``path`` (recompiled when the file changes)."""
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise TemplateError(_("the template file does not exist"), template=path) from None
    return load_template(path.resolve(), lang, mtime)


# --- output files -------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def safe_stem(name: str) -> str:
    """A file-name stem that cannot climb out of a folder: no separators, no leading dots."""
    stem = _UNSAFE.sub("_", name).strip("._") or "document"
    return stem[:100]


def output_path(out_dir: Path, *parts: str) -> Path:
    """``out_dir/parts…``, refused if it would leave ``out_dir`` or pass a symbolic link
    below it (``out_dir`` itself may be one: the user chose it)."""
    root = Path(out_dir).resolve()
    for depth in range(1, len(parts) + 1):
        refuse_link(root.joinpath(*parts[:depth]))
    target = root.joinpath(*parts).resolve()
    if root != target and root not in target.parents:
        raise OutputError(_("refusing to write outside the output folder: {target}").format(
            target=target))
    return target


@dataclass
class PendingWrites:
    """Documents staged as temp files and renamed into place together (all or none)."""

    staged: list[tuple[Path, Path]] = field(default_factory=list)

    def add(self, target: Path, data: bytes) -> None:
        """Write ``data`` to a temp file beside ``target``; it becomes visible on commit."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                       dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            self.rollback()
            raise OutputError(_("cannot write {target}: {reason}").format(
                target=target, reason=exc.strerror or exc)) from None
        os.chmod(tmp, 0o644)
        self.staged.append((Path(tmp), target))

    def commit(self) -> list[Path]:
        """Rename every staged file into place; returns the final paths."""
        done = []
        try:
            for tmp, target in self.staged:
                os.replace(tmp, target)
                done.append(target)
        except OSError as exc:
            self.rollback()
            raise OutputError(_("cannot write {target}: {reason}").format(
                target=target, reason=exc.strerror or exc)) from None
        self.staged.clear()
        return done

    def rollback(self) -> None:
        """Remove every staged temp file."""
        for tmp, _target in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged.clear()


def write_atomic(target: Path, data: bytes) -> None:
    """Write one file through a temp file and a rename."""
    pending = PendingWrites()
    pending.add(target, data)
    pending.commit()
