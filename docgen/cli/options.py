"""What the commands share: the error-converting group, common options, the PDF step."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from docgen.errors import DocgenError, UsageError
from docgen.i18n import _
from docgen.input.languages import LANGS


class DocgenGroup(click.Group):
    """A click group that turns every DocgenError into a clean message and exit 1, and
    speaks the interface language (``docgen.cli.language``)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from docgen.cli.language import speak

        speak(self)
        try:
            return super().main(*args, **kwargs)
        finally:
            speak(self, "en")  # the commands keep the help they were written with

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
        except DocgenError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # a file no step named in its own words: still one line
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


def langs_option(func):
    return click.option("--lang", "lang", type=click.Choice(["ru", "kk", "both"]),
                        default="both", show_default=True,
                        help="Language of the documents.")(func)


def out_option(func):
    return click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("outputs"), show_default=True,
                        help="Output folder.")(func)


def templates_option(func):
    return click.option("--templates", "templates", envvar="DOCGEN_TEMPLATES",
                        type=click.Path(file_okay=False, exists=True, path_type=Path),
                        default=None,
                        help="Folder with your own templates_ru/ and templates_kk/ "
                             "(env DOCGEN_TEMPLATES); missing kinds use the built-in ones.")(func)


def timeout_option(func):
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
                        default=30.0, show_default=True, metavar="SECONDS",
                        help="Seconds LibreOffice may take for one document; a slower "
                             "one is killed and reported by name.")(func)


def draft_option(func):
    return click.option("--draft", is_flag=True,
                        help="A draft for approval: «ПРОЕКТ» / «ЖОБА» on every page, no "
                             "registration number, not recorded in the journal; `archive "
                             "add` refuses it, even signed.")(func)


def archive_dir_option(*, help: str, envvar: str | None = "DOCGEN_ARCHIVE"):
    """``--archive DIR`` (``archive_dir``), with what the command does with the archive
    (``help=``: a keyword, so that ``make messages`` finds it to translate)."""
    return click.option("--archive", "archive_dir", envvar=envvar, default=None,
                        type=click.Path(file_okay=False, path_type=Path), help=help)


def jobs_option(*, help: str):
    """``--jobs N``: how many workers (LibreOffice instances, render processes); ``help=``
    as a keyword, so that ``make messages`` finds it to translate."""
    return click.option("--jobs", type=click.IntRange(min=1), default=None, help=help)


def rulebook_option(func):
    return click.option("--rulebook", "rulebook", default=None,
                        type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        help="Rulebook file to follow instead of the built-in Regulation "
                             "(overrides the data file's 'rulebook:'; see `docgen rules`).")(func)


def letterhead_option(func):
    return click.option("--letterhead", "letterhead", default=None,
                        type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        metavar="FILE.docx",
                        help="The secretariat's бланк (a Word file with the emblem and the "
                             "names in its header): its first-page header heads every paper "
                             "(overrides the data file's 'letterhead:').")(func)


def pdf_options(func):
    func = timeout_option(func)
    func = click.option("--pdfa", is_flag=True, help="Also write PDF/A-2b (archival) files.")(func)
    func = click.option("--pdf", is_flag=True, help="Also write PDF files (needs LibreOffice).")(
        func)
    return jobs_option(help="Parallel workers (default: number of cores; fewer than 120 "
                            "documents render in one process: workers cost more to start)."
                       )(func)


def convert_with_progress(paths: list[Path], *, pdfa: bool, jobs: int | None, timeout: float,
             targets: dict[Path, Path] | None = None, prestarted: Any = None,
             own: bool = False):
    """convert_to_pdf with a progress bar on a terminal (stderr); returns its report."""
    from docgen.output.convert import convert_to_pdf

    options = {"targets": targets, "pdfa": pdfa, "jobs": jobs, "timeout": timeout,
               "prestarted": prestarted, "own": own}
    if not sys.stderr.isatty() or not paths:
        return convert_to_pdf(paths, **options)
    with click.progressbar(length=len(paths), label=_("PDF"), file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.update(done - bar.pos)

        return convert_to_pdf(paths, progress=progress, **options)


def langs_of(lang: str) -> tuple[str, ...]:
    return LANGS if lang == "both" else (lang,)



def silence_library_logs() -> None:
    """No library log line reaches the terminal: docgen reports every problem itself.

    Python prints the warnings of a library that logs with no handler configured
    (pyHanko's path-building tracebacks, pypdf's repairs); a handler on the root
    logger that drops them keeps stderr to docgen's own one-line errors.
    """
    import logging

    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def pdf_maker(pdfa: bool, jobs: int | None, timeout: float, at_most: int | None = None,
              *, bar: bool = True) -> Any:
    """Converts staged DOCX files before they are switched in: a DOCX and its PDF are one
    unit (if one PDF fails, nothing of the run is written).

    Call it first thing in the command: it starts LibreOffice (one per worker) at once, so
    that its start-up overlaps the validation and rendering; the instances are killed
    when the command ends, whether or not they were used. ``at_most``: documents the
    command will convert at most, when known (no more instances than that). ``bar``: a
    progress bar of its own (off where the command shows its own).
    """
    from docgen.output.prestart import Prestarted, pdf_workers

    prestarted = Prestarted(pdf_workers(jobs, at_most))
    click.get_current_context().call_on_close(prestarted.close)

    def make(paths: list[Path]) -> list[Path]:
        if bar:
            report = convert_with_progress(paths, pdfa=pdfa, jobs=jobs, timeout=timeout,
                                           prestarted=prestarted, own=True)
        else:
            from docgen.output.convert import convert_to_pdf

            report = convert_to_pdf(paths, pdfa=pdfa, jobs=jobs, timeout=timeout,
                                    prestarted=prestarted, own=True)
        report.raise_for_failures()
        return report.converted

    return make
