"""DOCX → PDF conversion of a whole job with LibreOffice, one ``soffice`` run per worker.

:func:`convert_to_pdf` splits the documents over up to ``jobs`` workers, whatever folders
they come from and go to; each worker converts its share with one ``soffice`` call (see
:mod:`docgen.output.soffice`), so LibreOffice starts once per worker and stays warm for
every document after the first. The files are handed to LibreOffice under unique names
(links in a private staging folder), so two ``notice_ru.docx`` from two folders never
collide.

``timeout`` is per document: a call whose current document takes longer is killed, that
document is reported (not retried: a hang would cost the time again) and the call starts
again with the documents after it. A crash gets the document it was on retried alone,
once; a document LibreOffice refuses to load is retried alone, once, too. ``budget``
caps the whole run. Every PDF is written under a temporary name in its destination
folder and moved into place with :func:`os.replace` once its ``Docgen*`` metadata is
stamped (:mod:`docgen.output.pdf_metadata`), so a reader never sees half a PDF.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.output.pdf_metadata import read_docx_metadata, stamp_pdf
from docgen.output.prestart import Prestarted, pdf_workers
from docgen.output.soffice import (
    Launcher,
    Profiles,
    find_soffice,
    launcher,
    looks_complete,
    run_soffice,
    scratch_root,
)
from docgen.rendering.transaction import write_error

__all__ = ["DEFAULT_TIMEOUT", "ConversionReport", "convert_to_pdf"]

DEFAULT_TIMEOUT = 30.0  # seconds one document may take (LibreOffice needs ~0.05)
_BUDGET_PER_DOCUMENT = 5.0  # default run budget: timeout + this much per document
_MAX_PER_CALL = 250  # documents per soffice call (a fresh process keeps memory flat)
_MAX_SCRIPT_ARGS = 8000  # bytes of file names per call through the soffice script
_MAX_SCRIPT_FILES = 200  # and files


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
            _("could not convert {count} of {total} document(s) to PDF:\n  ").format(
                count=len(self.failed), total=total)
            + "\n  ".join(lines)
        )


def _docx_problem(docx: Path) -> str | None:
    """Why ``docx`` cannot be a DOCX file, or ``None`` if it looks like one.

    LibreOffice turns some damaged packages into an empty PDF instead of failing, so the
    ZIP checksums and the well-formedness of ``word/document.xml`` are checked first.
    """
    if not docx.is_file():
        return _("file not found")
    try:
        with zipfile.ZipFile(docx) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                return _("not a DOCX file (no word/document.xml in the package)")
            bad = zf.testzip()
            if bad is not None:
                return _("damaged DOCX file (bad checksum for {bad})").format(bad=bad)
            with zf.open("word/document.xml") as fh:
                for _event in ElementTree.iterparse(fh):
                    pass
    except ElementTree.ParseError as exc:
        return _("damaged DOCX file (word/document.xml: {exc})").format(exc=exc)
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        return _("not a DOCX file (not a ZIP package: {exc})").format(exc=exc)
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
        return _("not a DOCX file ({exc})").format(exc=exc)
    return None


# ---------------------------------------------------------------------------- conversion


@dataclass
class _Job:
    """One DOCX to convert: where it is, where its PDF goes, its place in the input."""

    index: int
    docx: Path
    target: Path
    meta: dict[str, str] = field(default_factory=dict)
    link: Path | None = None  # its unique name in the staging folder


@dataclass
class _Outcome:
    """What one soffice call left to do: jobs to retry alone, the rest to go on with."""

    retry: dict[int, str] = field(default_factory=dict)  # job index → why it failed
    rest: list[_Job] = field(default_factory=list)


class _Run:
    """State shared by the workers of one :func:`convert_to_pdf` call."""

    def __init__(
        self,
        run: Launcher,
        staging: Path,
        *,
        pdfa: bool,
        timeout: float,
        deadline: float,
        total: int,
        progress: Callable[[int, int], None] | None,
        prestarted: Prestarted | None = None,
        own: bool = False,
    ) -> None:
        self.run = run
        self.prestarted = prestarted
        self.own = own
        self.staging = staging
        self.pdfa = pdfa
        self.timeout = timeout
        self.deadline = deadline
        self.total = total
        self.progress = progress
        self.profiles = Profiles(run, staging)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        """Set when the run is interrupted: every call kills its LibreOffice at once."""
        self.done = 0
        self.calls = 0
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
        partial = job.target.with_name(f".docgen-pdf-{os.getpid()}-{job.index}.part")
        try:
            if job.meta:
                stamp_pdf(staged, job.meta, partial)
            else:
                shutil.copyfile(staged, partial)
            os.replace(partial, job.target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            return _("cannot write {target}: {reason}").format(
                target=job.target, reason=exc.strerror or exc)
        except Exception as exc:  # pypdf raises many types on a damaged PDF
            partial.unlink(missing_ok=True)
            return _("LibreOffice wrote a damaged PDF: {kind}: {exc}").format(
                kind=type(exc).__name__, exc=exc)
        return None

    def prepare(self, job: _Job) -> bool:
        """Check ``job``'s DOCX, read its metadata and link it into the staging folder."""
        problem = None if self.own else _docx_problem(job.docx)
        if problem is None and not job.target.parent.is_dir():
            problem = _("output folder {parent} does not exist").format(parent=job.target.parent)
        if problem is None:
            try:
                job.meta = read_docx_metadata(job.docx)
            except ConversionError as exc:
                problem = exc.message
        if problem is None:
            job.link = self.staging / f"{job.index:06d}.docx"
            try:
                job.link.symlink_to(job.docx)
            except OSError:
                try:
                    shutil.copyfile(job.docx, job.link)
                except OSError as exc:
                    problem = _("cannot read it: {reason}").format(reason=exc.strerror or exc)
        if problem is not None:
            self.settle(job.index, error=problem)
        return problem is None

    def call(self, jobs: list[_Job], *, timeout: float) -> _Outcome:
        """Convert ``jobs`` in one soffice call; settle what it made, say what it left."""
        with self.lock:
            self.calls += 1
            outdir = self.staging / f"out-{self.calls}"
        outdir.mkdir()
        finished: set[int] = set()
        problems: dict[int, str] = {}

        def finish_upto(count: int) -> None:
            for job in jobs[:count]:
                if job.index in finished or job.index in problems:
                    continue
                staged = outdir / f"{job.index:06d}.pdf"
                if not looks_complete(staged):
                    continue
                error = self.finish(job, staged)
                staged.unlink(missing_ok=True)
                if error is None:
                    finished.add(job.index)
                    self.settle(job.index, pdf=job.target)
                else:
                    problems[job.index] = error

        warm = self.prestarted.take() if self.prestarted is not None else None
        try:
            with (contextlib.nullcontext(warm.profile) if warm is not None
                  else self.profiles.lease()) as profile:
                result = run_soffice(
                    warm.run if warm is not None else self.run,
                    profile,
                    [job.link for job in jobs if job.link is not None],
                    outdir,
                    pdfa=self.pdfa,
                    timeout=timeout,
                    deadline=self.deadline,
                    on_started=finish_upto,
                    warm=warm,
                    stop=self.stop,
                )
            finish_upto(len(jobs))
        finally:
            shutil.rmtree(outdir, ignore_errors=True)
        outcome = _Outcome(retry=dict(problems))
        left = [job for job in jobs if job.index not in finished and job.index not in problems]
        if result.reason is None:  # a normal exit: LibreOffice refused what it did not make
            why = ("; ".join(result.errors[-3:]) if result.errors
                   else _("LibreOffice wrote no PDF"))
            outcome.retry.update((job.index, why) for job in left)
        elif left:  # killed or crashed on its first unfinished document
            culprit, outcome.rest = left[0], left[1:]
            if result.timed_out or time.monotonic() >= self.deadline:
                self.settle(culprit.index, error=result.reason)
            else:
                outcome.retry[culprit.index] = result.reason
        return outcome

    def per_call(self, pending: list[_Job]) -> int:
        """How many of ``pending`` one call takes: at most 250, and through the launcher
        script at most 200 and 8 KB of file names (oosplash 7.4 silently drops the files
        after the 247th, exiting 0)."""
        if self.run.direct:
            return min(len(pending), _MAX_PER_CALL)
        size = count = 0
        for job in pending[:_MAX_SCRIPT_FILES]:
            size += len(str(job.link)) + 1
            if count and size > _MAX_SCRIPT_ARGS:
                break
            count += 1
        return count

    def work(self, jobs: list[_Job]) -> None:
        """Convert one worker's share: its own soffice calls, in order, then the retries."""
        pending = [job for job in jobs if self.prepare(job)]
        by_index = {job.index: job for job in pending}
        retry: dict[int, str] = {}
        while pending:
            if time.monotonic() >= self.deadline or self.stop.is_set():
                break
            count = self.per_call(pending)
            outcome = self.call(pending[:count], timeout=self.timeout)
            retry.update(outcome.retry)
            pending = outcome.rest + pending[count:]
        for index, first in sorted(retry.items()):
            if time.monotonic() >= self.deadline or self.stop.is_set():
                pending.append(by_index[index])
                continue
            again = self.call([by_index[index]], timeout=self.timeout)
            if index in again.retry:
                second = again.retry[index]
                reason = (second if first == second else
                          _("{first}; retried alone: {second}").format(first=first, second=second))
                self.settle(index, error=reason)
        for job in pending:  # the budget ran out before their turn
            self.settle(job.index, error=_("not converted: the run's time budget ran out"))


def _sweep(root: Path) -> None:
    """Remove the staging folders (and profiles) of docgen runs that were killed."""
    for folder in root.glob("docgen-pdf-*-*"):
        pid = folder.name.split("-")[2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _shares(jobs: list[_Job], workers: int) -> list[list[_Job]]:
    """Split ``jobs`` into ``workers`` runs of consecutive jobs, as even as can be."""
    size = math.ceil(len(jobs) / workers)
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def convert_to_pdf(
    docx_paths: Sequence[Path],
    *,
    out_dir: Path | None = None,
    targets: Mapping[Path, Path] | None = None,
    pdfa: bool = False,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    budget: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    prestarted: Prestarted | None = None,
    own: bool = False,
) -> ConversionReport:
    """Convert DOCX files to PDF with LibreOffice; failures are reported, not raised.

    Where each PDF goes: ``targets[docx]`` when given (its folder is made), else into
    ``out_dir``, else next to its DOCX (same stem). ``pdfa``: export PDF/A-2b.
    ``jobs``: parallel soffice processes (default ``os.cpu_count()``). ``timeout``:
    seconds one document may take; ``budget``: seconds for the whole run (default
    ``timeout`` + 5 s per document). ``progress(done, total)`` is called (from worker
    threads, one call at a time, ``done`` increasing) as each document is converted or
    given up on. Call :meth:`ConversionReport.raise_for_failures` to turn failures into
    an error. ``prestarted``: LibreOffice instances started earlier, which take the first
    files of the workers. ``own``: the DOCX files are docgen's own, just written (the
    check for damaged packages, ~2.5 ms per file before LibreOffice starts, is skipped).
    Raises :class:`ConverterNotFoundError` without LibreOffice, and
    :class:`ConversionError` when two inputs would be written to the same PDF.
    """
    if timeout <= 0 or (budget is not None and budget <= 0):
        raise ValueError("timeout and budget must be positive")  # i18n: keep
    paths = [Path(p) for p in docx_paths]
    report = ConversionReport()
    if not paths:
        return report
    soffice = find_soffice()
    owners: dict[Path, Path] = {}
    todo: list[_Job] = []
    for index, docx in enumerate(paths):
        if targets is not None:
            target = Path(targets[docx]).absolute()
        else:
            folder = Path(out_dir) if out_dir is not None else docx.parent
            target = (folder / (docx.stem + ".pdf")).absolute()
        if target in owners:
            raise ConversionError(
                _("{docx} and {other} would both be converted to {target}").format(
                    docx=docx, other=owners[target], target=target)
            )
        owners[target] = docx
        todo.append(_Job(index, docx.absolute(), target))
    folders = [Path(out_dir)] if out_dir is not None else []
    folders += [job.target.parent for job in todo] if targets is not None else []
    for folder in dict.fromkeys(folders):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(Path(exc.filename or folder), exc) from None
    if budget is None:
        budget = timeout + _BUDGET_PER_DOCUMENT * len(todo)
    _sweep(scratch_root())
    staging = Path(tempfile.mkdtemp(prefix=f"docgen-pdf-{os.getpid()}-", dir=scratch_root()))
    (staging / "tmp").mkdir()
    soffice_run = launcher(soffice)
    soffice_run.env["TMPDIR"] = str(staging / "tmp")  # LibreOffice's own temporary files
    run = _Run(
        soffice_run,
        staging,
        pdfa=pdfa,
        timeout=timeout,
        deadline=time.monotonic() + budget,
        total=len(paths),
        progress=progress,
        prestarted=prestarted,
        own=own,
    )
    workers = pdf_workers(jobs, len(todo))
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for future in [pool.submit(run.work, share) for share in _shares(todo, workers)]:
            future.result()
    except BaseException:  # Ctrl-C or a failure: every LibreOffice is killed, not awaited
        run.stop.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(staging, ignore_errors=True)
    report.converted = [run.converted[i] for i in sorted(run.converted)]
    report.failed = {paths[i]: run.failed[i] for i in sorted(run.failed)}
    return report
