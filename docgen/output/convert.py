"""DOCX → PDF conversion with LibreOffice, many files per ``soffice`` process.

:func:`convert_to_pdf` splits the documents over up to ``jobs`` workers; each worker runs
one ``soffice --headless --convert-to pdf`` call per batch of files with its own
temporary profile (``-env:UserInstallation``; concurrent instances cannot share one).
A batch gets ``timeout`` seconds per document; a call that hangs or crashes is killed
with its whole process group, the files it did not produce are retried one at a time,
once, and the ones that still fail are reported in :class:`ConversionReport`.

Each PDF is written into a temporary folder inside its destination folder and moved into
place with :func:`os.replace`, so a reader never sees half a PDF.

LibreOffice (7.4) exports the DOCX core properties title, subject and keywords to the
PDF Info dictionary but neither ``dc:language``, ``dc:identifier`` nor the custom
properties (``docProps/custom.xml``). After conversion the converter therefore reads the
``Docgen*`` custom properties from the DOCX and stamps them into the Info dictionary with
pypdf, sets the catalog ``/Lang`` from ``dc:language`` and, when the PDF has an XMP packet
(PDF/A), adds the same fields there under a declared PDF/A extension schema.
"""

from __future__ import annotations

import contextlib
import glob
import io
import math
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from docgen.errors import ConversionError, ConverterNotFoundError, PdfError

__all__ = [
    "DOCGEN_KEYS",
    "INSTALL_COMMAND",
    "METADATA_KEYS",
    "ConversionReport",
    "convert_to_pdf",
    "find_soffice",
    "read_docx_metadata",
    "read_pdf_metadata",
]

INSTALL_COMMAND = "sudo apt-get install libreoffice-writer-nogui fonts-croscore fonts-liberation2"
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

_COMMON_PATHS = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/usr/local/bin/soffice",
    "/opt/libreoffice*/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_PDF_FILTER = "pdf:writer_pdf_Export"
_PDFA2_FILTER = _PDF_FILTER + ':{"SelectPdfVersion":{"type":"long","value":"2"}}'
_DOCX_FILTER = "MS Word 2007 XML"  # never let LibreOffice import a broken file as text
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cust": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
}
_XMP_NS = "http://ns.docgen.kz/pdf/1.0/"  # docgen's own XMP namespace (an identifier only)
_CONVERT_LINE = re.compile(r"^convert (.+) -> (.+) using filter : ")


# ---------------------------------------------------------------------------- results


@dataclass
class ConversionReport:
    """What :func:`convert_to_pdf` did: PDFs written and DOCX files that failed (with why)."""

    converted: list[Path] = field(default_factory=list)
    failed: dict[Path, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every document was converted."""
        return not self.failed

    def raise_for_failures(self) -> None:
        """Raise :class:`ConversionError` naming each failed file, if any failed."""
        if not self.failed:
            return
        total = len(self.failed) + len(self.converted)
        lines = [f"{path}: {reason}" for path, reason in self.failed.items()]
        raise ConversionError(
            f"could not convert {len(self.failed)} of {total} document(s) to PDF:\n  "
            + "\n  ".join(lines)
        )


# ---------------------------------------------------------------------------- soffice


def find_soffice() -> str:
    """Return the LibreOffice ``soffice`` executable to use.

    Order: ``$DOCGEN_SOFFICE``, ``soffice`` / ``libreoffice`` on ``PATH``, then the usual
    install locations. Raises :class:`ConverterNotFoundError` with the install command.
    """
    override = os.environ.get("DOCGEN_SOFFICE", "").strip()
    if override:
        found = shutil.which(override)
        if found:
            return found
        raise ConverterNotFoundError(
            f"DOCGEN_SOFFICE={override!r} is not an executable LibreOffice soffice; "
            f"unset it or install LibreOffice with: {INSTALL_COMMAND}"
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _COMMON_PATHS:
        for candidate in sorted(glob.glob(pattern), reverse=True):
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    raise ConverterNotFoundError(
        "LibreOffice (soffice) was not found; it converts DOCX to PDF. "
        f"Install it with: {INSTALL_COMMAND} (or set DOCGEN_SOFFICE to its soffice)"
    )


@dataclass
class _Job:
    """One DOCX to convert: where it is, where its PDF goes, its place in the input."""

    index: int
    docx: Path
    target: Path
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class _CallResult:
    """The outcome of one soffice call: PDFs ready in the staging dir, and why others lack."""

    produced: dict[int, Path]
    errors: list[str]
    reason: str | None  # set when the call timed out or crashed
    abnormal: bool


@dataclass
class _Lease:
    """A profile lent to one soffice call; ``keep=False`` throws it away afterwards."""

    path: Path
    keep: bool = True


class _Profiles:
    """Temporary LibreOffice profiles, one per concurrently running soffice call."""

    def __init__(self) -> None:
        self._free: queue.SimpleQueue[Path] = queue.SimpleQueue()
        self._all: list[Path] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def lease(self) -> Iterator[_Lease]:
        """Lend a free profile, or a fresh one; a discarded one is deleted at once."""
        try:
            path = self._free.get_nowait()
        except queue.Empty:
            path = Path(tempfile.mkdtemp(prefix="docgen-soffice-profile-"))
            with self._lock:
                self._all.append(path)
        lease = _Lease(path)
        try:
            yield lease
        finally:
            if lease.keep:
                self._free.put(path)
            else:  # a killed soffice may leave a locked or damaged profile behind
                shutil.rmtree(path, ignore_errors=True)

    def cleanup(self) -> None:
        """Delete every profile made."""
        with self._lock:
            for path in self._all:
                shutil.rmtree(path, ignore_errors=True)


def _reader(stream: io.BufferedReader, lines: queue.SimpleQueue[str | None]) -> None:
    """Copy soffice's output lines into ``lines``; ``None`` marks the end."""
    try:
        for raw in stream:
            lines.put(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
    except (OSError, ValueError):  # the pipe was closed under us
        pass
    finally:
        lines.put(None)


def _group_exited(pid: int) -> bool:
    """True when ``pid`` (our child) has exited; it is *not* reaped, so its pid stays taken."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _run_soffice(
    soffice: str,
    profile: Path,
    jobs: list[_Job],
    staging: Path,
    *,
    pdfa: bool,
    timeout: float,
    on_ready: Callable[[list[int]], None],
) -> _CallResult:
    """Convert ``jobs`` into ``staging`` with one soffice call, killing it after ``timeout``.

    ``on_ready`` is called with the indexes of jobs LibreOffice has finished with, as soon
    as it moves on to a later file, so their PDFs can be finished while it works.
    """
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"--infilter={_DOCX_FILTER}",
        "--convert-to",
        _PDFA2_FILTER if pdfa else _PDF_FILTER,
        "--outdir",
        str(staging),
        *(str(job.docx) for job in jobs),
    ]
    by_name = {job.docx.stem + ".pdf": pos for pos, job in enumerate(jobs)}
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as exc:
        return _CallResult({}, [], f"cannot run {soffice}: {exc}", abnormal=True)
    lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
    assert proc.stdout is not None
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    errors: list[str] = []
    settled = 0  # jobs[:settled] were handed to on_ready
    timed_out = False
    exited_at: float | None = None
    try:
        while True:
            now = time.monotonic()
            if now >= deadline:
                timed_out = True
                break
            try:
                line = lines.get(timeout=min(deadline - now, 0.2))
            except queue.Empty:
                # soffice exited but a stray helper still holds the pipe open
                if exited_at is None and _group_exited(proc.pid):
                    exited_at = now
                if exited_at is not None and now - exited_at > 1.0:
                    break
                continue
            if line is None:
                break
            match = _CONVERT_LINE.match(line)
            if match:
                pos = by_name.get(Path(match.group(2)).name)
                if pos is not None and pos > settled:
                    on_ready([job.index for job in jobs[settled:pos]])
                    settled = pos
            elif line.strip() and not line.startswith("Warning: failed to launch javaldx"):
                errors.append(line.strip())
        while not timed_out and not _group_exited(proc.pid):
            if time.monotonic() >= deadline:
                timed_out = True
            else:
                time.sleep(0.02)
    finally:
        # Kill the whole group: a hung soffice, or helpers left behind by one that exited.
        # The leader is not reaped yet, so the group id cannot belong to anyone else.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        returncode = proc.wait()
        reader.join(timeout=2)
        if not reader.is_alive():  # else a helper that left the group still holds the pipe
            proc.stdout.close()
    if timed_out:
        reason = f"LibreOffice did not finish within {timeout:g} s and was killed"
    elif returncode != 0:
        reason = (
            f"LibreOffice crashed (signal {-returncode})"
            if returncode < 0
            else f"LibreOffice exited with status {returncode}"
        )
    else:
        reason = None
    produced = {}
    for job in jobs:
        pdf = staging / (job.docx.stem + ".pdf")
        if _looks_complete(pdf):
            produced[job.index] = pdf
    return _CallResult(produced, errors, reason, timed_out or returncode != 0)


def _looks_complete(pdf: Path) -> bool:
    """True when ``pdf`` exists and ends with ``%%EOF`` (a killed soffice leaves it cut)."""
    try:
        size = pdf.stat().st_size
        if size < 64:
            return False
        with pdf.open("rb") as fh:
            fh.seek(max(0, size - 1024))
            return b"%%EOF" in fh.read()
    except OSError:
        return False


# ---------------------------------------------------------------------------- metadata


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


def _stamp(pdf: Path, meta: dict[str, str], out: Path) -> None:
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


def _docx_problem(docx: Path) -> str | None:
    """Why ``docx`` cannot be a DOCX file, or ``None`` if it looks like one.

    LibreOffice turns some damaged packages into an empty PDF instead of failing, so the
    ZIP checksums and the well-formedness of ``word/document.xml`` are checked first.
    """
    if not docx.is_file():
        return "file not found"
    try:
        with zipfile.ZipFile(docx) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                return "not a DOCX file (no word/document.xml in the package)"
            bad = zf.testzip()
            if bad is not None:
                return f"damaged DOCX file (bad checksum for {bad})"
            with zf.open("word/document.xml") as fh:
                for _ in ElementTree.iterparse(fh):
                    pass
    except ElementTree.ParseError as exc:
        return f"damaged DOCX file (word/document.xml: {exc})"
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        return f"not a DOCX file (not a ZIP package: {exc})"
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
        return f"not a DOCX file ({exc})"
    return None


# ---------------------------------------------------------------------------- conversion


class _Run:
    """State shared by the workers of one :func:`convert_to_pdf` call."""

    def __init__(
        self,
        soffice: str,
        *,
        pdfa: bool,
        timeout: float,
        total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.soffice = soffice
        self.pdfa = pdfa
        self.timeout = timeout
        self.total = total
        self.progress = progress
        self.profiles = _Profiles()
        self.lock = threading.Lock()
        self.done = 0
        self.converted: dict[int, Path] = {}
        self.failed: dict[int, str] = {}

    def settle(self, index: int, *, pdf: Path | None = None, error: str | None = None) -> None:
        """Record the outcome of one document and report progress."""
        with self.lock:
            if pdf is not None:
                self.converted[index] = pdf
            else:
                self.failed[index] = error or "conversion failed"
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, self.total)

    def finish(self, job: _Job, staged: Path) -> str | None:
        """Stamp the metadata into ``staged`` and move it to the job's target.

        Returns ``None`` on success, else why the PDF could not be finished.
        """
        try:
            if job.meta:
                stamped = staged.with_name(f"{job.index}.stamped")  # soffice writes *.pdf only
                _stamp(staged, job.meta, stamped)
                staged = stamped
            os.replace(staged, job.target)
        except OSError as exc:
            return f"cannot write {job.target}: {exc}"
        except Exception as exc:  # pypdf raises many types on a damaged PDF
            return f"LibreOffice wrote a damaged PDF: {type(exc).__name__}: {exc}"
        return None

    def attempt(self, jobs: list[_Job], timeout: float) -> dict[int, str]:
        """Convert ``jobs`` (one destination folder) in one soffice call.

        Finished documents are settled; returns ``{index: reason}`` for the others.
        """
        dest = jobs[0].target.parent
        by_index = {job.index: job for job in jobs}
        try:
            staging = Path(tempfile.mkdtemp(prefix=".docgen-pdf-", dir=dest))
        except OSError as exc:
            return {job.index: f"cannot write into {dest}: {exc}" for job in jobs}
        finished: set[int] = set()
        problems: dict[int, str] = {}

        def finish_ready(indexes: list[int]) -> None:
            for index in indexes:
                staged = staging / (by_index[index].docx.stem + ".pdf")
                if index in finished or not _looks_complete(staged):
                    continue
                error = self.finish(by_index[index], staged)
                if error is None:
                    finished.add(index)
                    self.settle(index, pdf=by_index[index].target)
                else:
                    problems[index] = error

        try:
            with self.profiles.lease() as lease:
                result = _run_soffice(
                    self.soffice,
                    lease.path,
                    jobs,
                    staging,
                    pdfa=self.pdfa,
                    timeout=timeout,
                    on_ready=finish_ready,
                )
                if result.abnormal:
                    lease.keep = False
            finish_ready([i for i in result.produced if i not in problems])
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        reason = result.reason or (
            "; ".join(result.errors[-3:]) if result.errors else "LibreOffice wrote no PDF"
        )
        return {
            job.index: problems.get(job.index, reason) for job in jobs if job.index not in finished
        }

    def batch(self, jobs: list[_Job]) -> None:
        """Convert a batch; retry what it did not produce one file at a time, once."""
        missing = self.attempt(jobs, self.timeout * len(jobs))
        for job in jobs:
            if job.index not in missing:
                continue
            again = self.attempt([job], self.timeout)
            if job.index in again:
                first = missing[job.index]
                second = again[job.index]
                reason = second if first == second else f"{first}; retried alone: {second}"
                self.settle(job.index, error=reason)


def _split(jobs: list[_Job], workers: int) -> list[list[_Job]]:
    """Split ``jobs`` into batches: one destination folder each, about len/workers long."""
    size = max(1, math.ceil(len(jobs) / workers))
    groups: dict[Path, list[_Job]] = {}
    for job in jobs:
        groups.setdefault(job.target.parent, []).append(job)
    batches: list[list[_Job]] = []
    for group in groups.values():
        count = math.ceil(len(group) / size)
        step = math.ceil(len(group) / count)
        batches.extend(group[i : i + step] for i in range(0, len(group), step))
    return batches


def convert_to_pdf(
    docx_paths: Sequence[Path],
    *,
    out_dir: Path | None = None,
    pdfa: bool = False,
    jobs: int | None = None,
    timeout: float = 120.0,
    progress: Callable[[int, int], None] | None = None,
) -> ConversionReport:
    """Convert DOCX files to PDF with LibreOffice; failures are reported, not raised.

    ``out_dir``: where the PDFs go (default: next to each DOCX, same stem). ``pdfa``:
    export PDF/A-2b. ``jobs``: parallel soffice processes (default ``os.cpu_count()``).
    ``timeout``: seconds allowed per document; a call converting n files is killed after
    ``n * timeout``. ``progress(done, total)`` is called (from worker threads, one call at
    a time, ``done`` increasing) as each document is converted or given up on.
    Call :meth:`ConversionReport.raise_for_failures` to turn failures into an error.
    Raises :class:`ConverterNotFoundError` without LibreOffice, and
    :class:`ConversionError` when two inputs would be written to the same PDF.
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    paths = [Path(p) for p in docx_paths]
    report = ConversionReport()
    if not paths:
        return report
    soffice = find_soffice()
    targets: dict[Path, Path] = {}
    todo: list[_Job] = []
    run = _Run(soffice, pdfa=pdfa, timeout=timeout, total=len(paths), progress=progress)
    for index, docx in enumerate(paths):
        folder = Path(out_dir) if out_dir is not None else docx.parent
        target = (folder / (docx.stem + ".pdf")).absolute()
        if target in targets:
            raise ConversionError(
                f"{docx} and {targets[target]} would both be converted to {target}"
            )
        targets[target] = docx
        todo.append(_Job(index, docx.absolute(), target))
    if out_dir is not None:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    valid: list[_Job] = []
    for job in todo:
        problem = _docx_problem(job.docx)
        if problem is None and not job.target.parent.is_dir():
            problem = f"output folder {job.target.parent} does not exist"
        if problem is None:
            try:
                job.meta = read_docx_metadata(job.docx)
            except ConversionError as exc:
                problem = exc.message
        if problem is None:
            valid.append(job)
        else:
            run.settle(job.index, error=problem)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(valid) or 1))
    try:
        if valid:
            batches = _split(valid, workers)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for future in [pool.submit(run.batch, batch) for batch in batches]:
                    future.result()
    finally:
        run.profiles.cleanup()
    report.converted = [run.converted[i] for i in sorted(run.converted)]
    report.failed = {paths[i]: run.failed[i] for i in sorted(run.failed)}
    return report
