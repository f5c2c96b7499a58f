"""DOCX → PDF conversion of a whole job with LibreOffice, many files per ``soffice`` run.

:func:`convert_to_pdf` splits the documents over up to ``jobs`` workers; each worker runs
one ``soffice`` call per batch of files (see :mod:`docgen.output.soffice`).
A batch gets ``timeout`` seconds per document; a call that hangs or crashes is killed
with its whole process group, the files it did not produce are retried one at a time,
once, and the ones that still fail are reported in :class:`ConversionReport`.

Each PDF is written into a temporary folder inside its destination folder and moved into
place with :func:`os.replace`, so a reader never sees half a PDF. Its ``Docgen*``
metadata is stamped on the way (:mod:`docgen.output.pdf_metadata`).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from docgen.errors import ConversionError
from docgen.output.pdf_metadata import read_docx_metadata, stamp_pdf
from docgen.output.soffice import Job, Profiles, find_soffice, looks_complete, run_soffice

__all__ = ["ConversionReport", "convert_to_pdf"]


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
        self.profiles = Profiles()
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

    def finish(self, job: Job, staged: Path) -> str | None:
        """Stamp the metadata into ``staged`` and move it to the job's target.

        Returns ``None`` on success, else why the PDF could not be finished.
        """
        try:
            if job.meta:
                stamped = staged.with_name(f"{job.index}.stamped")  # soffice writes *.pdf only
                stamp_pdf(staged, job.meta, stamped)
                staged = stamped
            os.replace(staged, job.target)
        except OSError as exc:
            return f"cannot write {job.target}: {exc}"
        except Exception as exc:  # pypdf raises many types on a damaged PDF
            return f"LibreOffice wrote a damaged PDF: {type(exc).__name__}: {exc}"
        return None

    def attempt(self, jobs: list[Job], timeout: float) -> dict[int, str]:
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
                if index in finished or not looks_complete(staged):
                    continue
                error = self.finish(by_index[index], staged)
                if error is None:
                    finished.add(index)
                    self.settle(index, pdf=by_index[index].target)
                else:
                    problems[index] = error

        try:
            with self.profiles.lease() as lease:
                result = run_soffice(
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

    def batch(self, jobs: list[Job]) -> None:
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


def _split(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Split ``jobs`` into batches: one destination folder each, about len/workers long."""
    size = max(1, math.ceil(len(jobs) / workers))
    groups: dict[Path, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.target.parent, []).append(job)
    batches: list[list[Job]] = []
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
    todo: list[Job] = []
    run = _Run(soffice, pdfa=pdfa, timeout=timeout, total=len(paths), progress=progress)
    for index, docx in enumerate(paths):
        folder = Path(out_dir) if out_dir is not None else docx.parent
        target = (folder / (docx.stem + ".pdf")).absolute()
        if target in targets:
            raise ConversionError(
                f"{docx} and {targets[target]} would both be converted to {target}"
            )
        targets[target] = docx
        todo.append(Job(index, docx.absolute(), target))
    if out_dir is not None:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    valid: list[Job] = []
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
