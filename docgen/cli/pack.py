"""docgen pack: every paper of a case folder in one print PDF per language."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.options import (
    archive_dir_option,
    draft_option,
    letterhead_option,
    out_option,
    pdf_maker,
    rulebook_option,
    templates_option,
    timeout_option,
)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@out_option
@templates_option
@archive_dir_option(help="Number the papers in this archive's journal (and record them), "
                         "and add the registration sheet from its roll (env DOCGEN_ARCHIVE).")
@rulebook_option
@timeout_option
@letterhead_option
@draft_option
def pack(folder: Path, out_dir: Path, templates: Path | None, archive_dir: Path | None,
         rulebook: Path | None, timeout: float, letterhead: Path | None, draft: bool) -> None:
    """Every paper of the case FOLDER in one print PDF per language.

    Writes OUT/pack_ru.pdf and OUT/pack_kk.pdf: an inventory first (each paper, its number
    and date, its first page in the pack), then the papers in the order of the case —
    notice, agenda, register, minutes, counting protocol, decisions, extracts, orders —
    each on a new page, every page numbered in the pack (bottom right). The folder is
    checked as one case first (docgen check FOLDER); the papers are rendered afresh; both
    packs are written together, or nothing is.

    \b
    Example:
      docgen pack inputs/ --out outputs/pack
      docgen pack inputs/ --out outputs/pack --archive archive
    """
    from docgen.output.pack import pack_case

    maker = pdf_maker(False, None, timeout, bar=False)  # starts LibreOffice now
    options = {"out_dir": out_dir, "archive_dir": archive_dir, "pdf": maker,
               "templates": templates, "draft": draft, "rulebook": rulebook,
               "letterhead": letterhead}
    if sys.stderr.isatty():
        with click.progressbar(length=1, label="pack", file=sys.stderr,
                               item_show_func=lambda step: step) as bar:
            def progress(done: int, total: int, step: str) -> None:
                bar.length = total
                bar.update(done - bar.pos, step)

            result = pack_case(folder, progress=progress, **options)
    else:
        result = pack_case(folder, **options)
    for lang, path in zip(result.papers, result.written, strict=True):
        click.echo(f"{path}: {len(result.papers[lang])} papers, {result.pages[lang]} pages",
                   err=True)
    for path in result.written:
        click.echo(str(path))
