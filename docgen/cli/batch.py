"""docgen batch …: the regional notices and the personal invitations."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from docgen.cli.archive import (
    archive_option,
    archive_root,
)
from docgen.cli.options import (
    DocgenGroup,
    draft_option,
    jobs_option,
    langs_of,
    langs_option,
    letterhead_option,
    out_option,
    pdf_maker,
    pdf_options,
    rulebook_option,
    templates_option,
    timeout_option,
)
from docgen.cli.report import echo_json, json_option, quiet_verbose_options
from docgen.i18n import _


@click.group(cls=DocgenGroup)
def batch() -> None:
    """Make many documents at once (all or nothing).

    \b
    Example:
      docgen batch notices inputs/batch-session-34.yaml --regions all
    """


def _reported(result: Any, as_json: bool, quiet: bool, verbose: bool) -> bool:
    """Print the batch as JSON (True: nothing else to print), or its notes unless -q, and
    with -v each file's manifest entry."""
    if as_json:
        echo_json({"folder": str(result.folder), "manifest": str(result.manifest),
                   "written": [str(p) for p in result.written],
                   "pdfs": [str(p) for p in result.pdfs], "documents": result.entries,
                   "notes": list(result.notes)})
        return True
    for note in [] if quiet else result.notes:
        click.echo(_("note: {note}").format(note=note), err=True)
    if verbose:
        for entry in result.entries:
            click.echo(json.dumps(entry, ensure_ascii=False, default=str), err=True)
    return False


@batch.command("notices")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--regions", "regions", default="all", show_default=True,
              help="'all' or region ids separated by commas (see `docgen regions`).")
@langs_option
@out_option
@templates_option
@pdf_options
@archive_option
@rulebook_option
@letterhead_option
@draft_option
@json_option
@quiet_verbose_options
def batch_notices(data: Path, regions: str, lang: str, out_dir: Path, templates: Path | None,
                  pdf: bool, pdfa: bool, jobs: int | None, timeout: float,
                  archive_dir: Path | None, rulebook: Path | None, letterhead: Path | None,
                  draft: bool, as_json: bool, quiet: bool, verbose: bool) -> None:
    """Notices of the DATA session to the small assemblies of the regions.

    Writes OUT/<stem>/regions/<region id>/notice_<lang>.docx and OUT/<stem>/manifest.json.
    Per-region values (addressee, place, date, time) come from the file's `regions:`
    mapping. Everything is checked first; if one region is wrong nothing is written.

    \b
    Example:
      docgen batch notices inputs/batch-session-34.yaml --regions all --lang both
      docgen batch notices inputs/batch-session-34.yaml --regions astana --json
    """
    import time

    start = time.perf_counter()
    maker = pdf_maker(pdfa, jobs, timeout) if pdf or pdfa else None  # starts LibreOffice
    from docgen.output.batch import batch_notices as run_batch

    options = {"regions": regions, "langs": langs_of(lang), "out_dir": out_dir,
               "templates": templates, "jobs": jobs, "archive_dir": archive_dir, "pdf": maker,
               "rulebook": rulebook, "letterhead": letterhead, "draft": draft}
    if sys.stderr.isatty() and not (quiet or as_json):
        with click.progressbar(length=1, label=_("notices"), file=sys.stderr) as bar:
            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            result = run_batch(data, progress=progress, **options)
    else:
        result = run_batch(data, **options)
    seconds = time.perf_counter() - start
    if _reported(result, as_json, quiet, verbose):
        return
    regions_done = len({entry["region"] for entry in result.entries})
    if not quiet:
        click.echo(_("{count} notices for {regions} region(s) in {seconds} s ({jobs} job(s)): "
                     "{folder}; manifest {manifest}").format(
            count=len(result.written), regions=regions_done, seconds=f"{seconds:.2f}",
            jobs=result.jobs, folder=result.folder, manifest=result.manifest), err=True)
    for path in result.pdfs:
        click.echo(str(path))


def mailing_options(pdf: Any):
    """The options of a mailing to every member on the roll (invitations, poll sheets);
    ``pdf``: its --pdf option (which combined PDF it adds for printing)."""
    shared = (out_option, templates_option, pdf,
              jobs_option(help="Parallel workers (default: number of cores)."), timeout_option,
              archive_option, letterhead_option, draft_option, json_option,
              quiet_verbose_options)

    def apply(func):
        for option in reversed(shared):
            func = option(func)
        return func

    return apply


def _mailing(run: Callable[..., Any], told: str, data: Path, *, out_dir: Path,
             templates: Path | None, pdf: bool, jobs: int | None, timeout: float,
             archive_dir: Path | None, letterhead: Path | None, draft: bool, as_json: bool,
             quiet: bool, verbose: bool, **given: Any) -> None:
    """Make a mailing with ``run`` (:mod:`docgen.output.invitations`) and report it: ``told``
    the summary line (count, members, seconds, jobs, folder, manifest), then each PDF."""
    import time

    start = time.perf_counter()
    result = run(data, archive_root(archive_dir), out_dir=out_dir, templates=templates,
                 jobs=jobs, draft=draft, letterhead=letterhead,
                 pdf=pdf_maker(False, jobs, timeout) if pdf else None, **given)
    seconds = time.perf_counter() - start
    if _reported(result, as_json, quiet, verbose):
        return
    members_done = len({entry["member"]["id"] for entry in result.entries if "member" in entry})
    if not quiet:
        click.echo(told.format(
            count=len(result.written), members=members_done, seconds=f"{seconds:.2f}",
            jobs=result.jobs, folder=result.folder, manifest=result.manifest), err=True)
    for path in result.pdfs:
        click.echo(str(path))


@batch.command("invitations")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--region", "region", default="all", show_default=True,
              help="'all', a region id (docgen regions) or 'republican'.")
@mailing_options(click.option("--pdf", is_flag=True, help="Also write PDF files and one "
                                                         "combined invitations.pdf for printing."))
def batch_invitations(data: Path, region: str, **options: Any) -> None:
    """A personal invitation to the DATA session for every member on the roll.

    One letter per member in the member's language (ru, kk or both, from the roll),
    addressed by name and gender; the roll is the one in the archive's journal on the
    session date (a Council meeting: its members). Writes
    OUT/<stem>/members/<region>/invitation_<id>_<lang>.docx and manifest.json, all or
    nothing (a mailing: the letters are not recorded in the journal). --pdf adds the
    PDFs and one combined OUT/<stem>/invitations.pdf.

    \b
    Example:
      docgen batch invitations inputs/session-34.yaml --archive archive --pdf
    """
    from docgen.output.invitations import batch_invitations as run_batch

    _mailing(run_batch, _("{count} invitations to {members} member(s) in {seconds} s "
                          "({jobs} job(s)): {folder}; manifest {manifest}"),
             data, region=region, **options)


@batch.command("poll-sheets")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@mailing_options(click.option("--pdf", is_flag=True, help="Also write PDF files and one "
                                                         "combined poll_sheets.pdf for printing."))
def batch_poll_sheets(data: Path, **options: Any) -> None:
    """A poll sheet of the DATA Council poll for every Council member on the roll.

    One sheet per member on the roll on the poll date, in the member's language (ru, kk or
    both, from the roll): the member's name, each question with its draft decision and the
    boxes for / against / abstained, the date to return it by, signature and date lines.
    Writes OUT/<stem>/members/<region>/poll_sheet_<id>_<lang>.docx and manifest.json, all
    or nothing (a mailing: not recorded in the journal). --pdf adds the PDFs and one
    combined OUT/<stem>/poll_sheets.pdf.

    \b
    Example:
      docgen batch poll-sheets inputs/council-poll-2026-06.yaml --archive archive
    """
    from docgen.output.invitations import batch_poll_sheets as run_batch

    _mailing(run_batch, _("{count} poll sheets to {members} Council member(s) in {seconds} s "
                          "({jobs} job(s)): {folder}; manifest {manifest}"), data, **options)
