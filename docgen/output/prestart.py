"""LibreOffice started at the beginning of a command that will make PDFs.

LibreOffice needs ~0.45 s to start, docgen ~0.4 s to validate and render a batch before
it has a DOCX to convert: :class:`Prestarted` starts one LibreOffice per PDF worker
first, so both happen at once. Each instance has its own private profile in a
``docgen-pdf-<pid>-*`` folder in memory; :func:`~docgen.output.convert.convert_to_pdf`
hands each worker's first batch of files to one of them (see
:func:`~docgen.output.soffice.start_warm`). :meth:`Prestarted.close` kills the ones not
used and removes the profiles; a killed docgen takes them along (parent-death signal),
and the next run sweeps the folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from docgen.errors import ConverterNotFoundError
from docgen.output.soffice import Profiles, Warm, find_soffice, launcher, scratch_root, start_warm

__all__ = ["Prestarted", "pdf_workers"]


def pdf_workers(jobs: int | None, documents: int | None = None) -> int:
    """LibreOffice processes for a job: ``jobs`` (default one per core), no more than
    ``documents`` when that is known, at least one."""
    workers = jobs or os.cpu_count() or 1
    return max(1, min(workers, documents) if documents is not None else workers)


class Prestarted:
    """``count`` LibreOffice instances waiting for files; none when LibreOffice is missing.

    Create it in the thread that runs the command (the instances die with that thread).
    """

    def __init__(self, count: int) -> None:
        self._lock = threading.Lock()
        self._idle: list[Warm] = []
        self._folder: Path | None = None
        self._profiles = contextlib.ExitStack()
        try:
            soffice = find_soffice()
        except ConverterNotFoundError:
            return  # the conversion reports it, after the data was checked
        scratch = scratch_root()
        self._folder = Path(tempfile.mkdtemp(prefix=f"docgen-pdf-{os.getpid()}-", dir=scratch))
        (self._folder / "tmp").mkdir()
        run = launcher(soffice)
        run.env["TMPDIR"] = str(self._folder / "tmp")  # LibreOffice's own temporary files
        profiles = Profiles(run, self._folder)
        for _ in range(count):
            warm = start_warm(run, self._profiles.enter_context(profiles.lease()))
            if warm is not None:
                self._idle.append(warm)

    def take(self) -> Warm | None:
        """An instance for one soffice call, or None when all are taken."""
        with self._lock:
            return self._idle.pop() if self._idle else None

    def close(self) -> None:
        """Kill the instances no call took and remove the profiles."""
        with self._lock:
            idle, self._idle = self._idle, []
        for warm in idle:
            warm.stop()
        self._profiles.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> Prestarted:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
