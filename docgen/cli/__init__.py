"""The command line: a thin layer over the core. Errors become one line on stderr, exit 1.

Each group of commands lives in its own module of this package; this one holds the
main group, the document commands and ``main``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from docgen import __version__
from docgen.cli.archive import archive
from docgen.cli.batch import batch
from docgen.cli.init_case import init
from docgen.cli.members import members
from docgen.cli.options import (
    DocgenGroup,
    archive_dir_option,
    convert_with_progress,
    draft_option,
    jobs_option,
    langs_of,
    langs_option,
    letterhead_option,
    out_option,
    pdf_maker,
    pdf_options,
    rulebook_option,
    silence_library_logs,
    templates_option,
    timeout_option,
)
from docgen.cli.pack import pack
from docgen.cli.report import (
    documents_of,
    echo_documents,
    echo_json,
    json_option,
    problem_of,
    quiet_verbose_options,
)
from docgen.cli.templates import templates
from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.input.kinds import KINDS


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def cli() -> None:
    """Bilingual (Kazakh/Russian) paperwork of the Assembly of People of Kazakhstan.

    \b
    Example:
      docgen check inputs/session-34.yaml
      docgen render notice inputs/session-34.yaml
    """
    silence_library_logs()


@cli.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@langs_option
@out_option
@templates_option
@pdf_options
@archive_dir_option(help="Record the documents in this archive's registration journal "
                         "(env DOCGEN_ARCHIVE); without it nothing is recorded.")
@rulebook_option
@letterhead_option
@click.option("--revise", is_flag=True,
              help="Issue a corrected document: a new revision with a new id that "
                   "supersedes the signed one in the journal (needs --archive).")
@click.option("--item", "items", type=click.IntRange(min=1), multiple=True, metavar="N",
              help="extract: the agenda item to extract (repeat for more).")
@click.option("--all", "all_items", is_flag=True, help="extract: every item of the minutes.")
@click.option("--date", "extract_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="extract: the date of the extract (default: the minutes' date).")
@draft_option
@json_option
@quiet_verbose_options
def render(kind: str, data: Path, lang: str, out_dir: Path, templates: Path | None,
           pdf: bool, pdfa: bool, jobs: int | None, timeout: float,
           archive_dir: Path | None, rulebook: Path | None, letterhead: Path | None,
           revise: bool, items: tuple[int, ...], all_items: bool, extract_date,
           draft: bool, as_json: bool, quiet: bool, verbose: bool) -> None:
    """Render KIND (notice, agenda, minutes, decision, register, order, ballot, counting,
    extract …) from the DATA file.

    Writes OUT/<data file stem>/<kind>_<lang>.docx and prints each path.
    With --archive DIR (or DOCGEN_ARCHIVE) each document is also recorded in
    DIR/journal.sqlite, with the sha256 of the data file, the DOCX and the PDF.

    \b
    Example:
      docgen render notice inputs/session-34.yaml --lang both --out outputs
      docgen render notice inputs/session-34.yaml --pdf --archive archive
      docgen render notice inputs/session-34.yaml --pdf --archive archive --revise
      docgen render minutes inputs/session-34-minutes.yaml --letterhead blank.docx
      docgen render ballot inputs/session-34-minutes.yaml
      docgen render extract inputs/session-34-minutes.yaml --item 1 --item 3
      docgen render minutes inputs/session-34-minutes.yaml --draft
      docgen render agenda inputs/session-34.yaml --json
    """
    if kind == "invitation":  # a letter per member: a mailing, made by the batch
        raise click.UsageError("invitations are one letter per member on the roll, sent as a "
                               "mailing: use 'docgen batch invitations DATA --archive DIR'")
    if kind == "extract" and not (items or all_items):
        raise click.UsageError("render extract needs --item N (repeatable) or --all")
    if kind != "extract" and (items or all_items or extract_date):
        raise click.UsageError("--item, --all and --date are for render extract")
    options = {"items": list(items), "all": all_items,
               "date": extract_date.date() if extract_date else None}
    # starts LibreOffice now: one per language (a kind is a paper per language, as a rule)
    maker = pdf_maker(pdfa, jobs, timeout, len(langs_of(lang))) if pdf or pdfa else None
    from docgen.papers.pipeline import render as render_documents

    result = render_documents(kind, data, langs=langs_of(lang), out_dir=out_dir,
                              templates=templates, archive_dir=archive_dir or None,
                              rulebook=rulebook, revise=revise, pdf=maker, options=options,
                              draft=draft, letterhead=letterhead)
    rows = documents_of(result)
    if as_json:
        echo_json({"written": [str(p) for p in result.written],
                   "pdfs": [str(p) for p in result.pdfs], "documents": rows,
                   "notes": list(result.notes)})
        return
    for note in [] if quiet else result.notes:
        click.echo(_("note: {note}").format(note=note), err=True)
    if verbose:
        echo_documents(rows)
    for path in [*result.written, *result.pdfs]:
        click.echo(str(path))


@cli.command()
@click.argument("data", type=click.Path(path_type=Path))
@rulebook_option
@archive_dir_option(help="Check the counts against the member roll in this archive's "
                         "journal (env DOCGEN_ARCHIVE); a file without members_total takes "
                         "the roll's.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the result as JSON: the files checked and each problem (file, "
                   "line, field, message); exit 1 when there is one.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when the data is right.")
@click.pass_context
def check(ctx: click.Context, data: Path, rulebook: Path | None, archive_dir: Path | None,
          as_json: bool, quiet: bool) -> None:
    """Validate the DATA file (or every file of a folder) and its rules; writes nothing.

    A folder is checked as one case file: each file alone, then the facts they share
    (one date, time and place per session, the Council minutes an order cites, decision
    numbers rising with dates, one chair per region, the Council's nomination before the
    election, one registration number per paper, no removed member at a later meeting, a
    named "other" removal ground not contradicted). A conflict names both files.

    With --archive, a file's members_total and a list of those present are checked against
    the member roll on the session date (members_total differing from it is an error); for
    a folder, every file is, after the removals of its own orders, and every person a paper
    names is checked against the roll: spelling (ru and kk), membership and Council
    membership that day, the office a position states, the akim as a small assembly's chair
    (mark an invited speaker member: false).

    \b
    Example:
      docgen check inputs/session-34.yaml
      docgen check inputs/
      docgen check inputs/session-34-minutes.yaml --archive archive
      docgen check inputs/ --archive archive
      docgen check inputs/ --json
    """
    try:
        checked = _checked(data, rulebook, archive_dir)
    except DocgenError as exc:
        if not as_json:
            raise
        echo_json({"ok": False, "files": [], "problems": [problem_of(exc)]})
        ctx.exit(1)
    if as_json:
        echo_json({"ok": True, "problems": [],
                   "files": [{"path": str(path), "kinds": list(kinds)} for path, kinds in checked]})
    elif quiet:
        return
    elif data.is_dir():
        for path, kinds in checked:
            click.echo(_("{path}: OK ({kinds})").format(path=path, kinds=", ".join(kinds)))
        click.echo(_("{data}: case file OK ({count} files agree)").format(
            data=data, count=len(checked)))
    else:
        click.echo(_("{path}: OK ({kinds})").format(path=data, kinds=", ".join(checked[0][1])))


def _checked(data: Path, rulebook: Path | None,
             archive_dir: Path | None) -> list[tuple[Path, tuple[str, ...]]]:
    """(file, kinds it makes) for the file or every file of the folder; raises the first
    problem."""
    from docgen.output.batch import check_batch
    from docgen.papers.pipeline import check_file, has_regions

    if data.is_dir():
        from docgen.papers.case_file import check_case

        return [(path, tuple(kinds)) for path, kinds in
                check_case(data, rulebook=rulebook, archive_dir=archive_dir or None)]
    kinds = tuple(check_file(data, rulebook=rulebook, archive_dir=archive_dir or None))
    if has_regions(data):  # the batch's checks too: every region with its overrides
        check_batch(data, rulebook=rulebook)
        kinds = (*kinds, "batch notices")
    return [(data, kinds)]


@cli.command()
@click.option("--rulebook", "rulebook", default=None,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Print this rulebook file instead of the built-in one.")
def rules(rulebook: Path | None) -> None:
    """Print the rulebook in force: the act, paragraphs, thresholds, periods, wordings.

    \b
    Example:
      docgen rules
      docgen rules --rulebook my-rulebook.yaml
    """
    from docgen.law.rulebook import builtin_rulebook, describe, rulebook_at

    rb = rulebook_at(rulebook) if rulebook is not None else builtin_rulebook()
    for line in describe(rb):
        click.echo(line)


@cli.command()
@click.argument("kind", type=click.Choice(KINDS), required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of the data file (for KIND), for editor completion.

    \b
    Example:
      docgen schema notice > session.schema.json
    """
    from docgen.input.models import json_schema

    click.echo(json.dumps(json_schema(kind), ensure_ascii=False, indent=2))


@cli.command()
def regions() -> None:
    """List the 20 regions (small assemblies) with their ids and names.

    \b
    Example:
      docgen regions
    """
    from docgen.input.regions import load_regions

    for region in load_regions().values():
        click.echo(f"{region.id:<18} {region.name('ru'):<34} {region.name('kk')}")


DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"


def doc_names() -> list[str]:
    """Every page shipped in docgen/docs: ``NAME.md``, or ``NAME.<lang>.md`` for a page
    written in each interface language (the secretary's guide)."""
    return sorted({path.name.split(".")[0] for path in DOCS_DIR.glob("*.md")})


def doc_page(name: str, lang: str) -> Path:
    """The file of page NAME: in the interface language when there is one, else Russian
    (the secretariat's working language), else the page itself."""
    for candidate in (f"{name}.{lang}.md", f"{name}.ru.md", f"{name}.md"):
        if (DOCS_DIR / candidate).is_file():
            return DOCS_DIR / candidate
    raise FileNotFoundError(name)  # pragma: no cover - the choice lists only present pages


@cli.command("docs")
@click.argument("name", type=click.Choice(doc_names()), required=False)
def docs(name: str | None) -> None:
    """Print a guide shipped with docgen; without NAME, list every guide.

    `docgen docs guide` is the secretary's guide to a session, in the interface language
    (DOCGEN_UI_LANG=ru|kk|en, else the locale; else English).

    \b
    Example:
      docgen docs
      docgen docs guide
      docgen docs templates
    """
    from docgen.i18n import ui_lang

    if name is None:
        for item in doc_names():
            click.echo(item)
        return
    click.echo(doc_page(name, ui_lang()).read_text(encoding="utf-8"))


def _docx_under(folder: Path) -> list[Path]:
    """Every *.docx below ``folder``, sorted; Word's lock files (~$…) and hidden ones skipped."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(part.startswith((".", "~$")) for part in parts):
            continue
        if path.suffix.lower() == ".docx" and path.is_file():
            found.append(path)
    return sorted(found)


def _pdf_targets(paths: tuple[Path, ...], out_dir: Path | None) -> dict[Path, Path]:
    """DOCX file → the PDF to write: next to it, or in OUT (keeping a folder's layout)."""
    from docgen.errors import ConversionError
    from docgen.rendering.outtree import check_way

    targets: dict[Path, Path] = {}
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            files = _docx_under(given)
            if not files:
                raise ConversionError(
                    _("{folder}: no .docx files in this folder").format(folder=given))
            rel = {f: f.relative_to(given) for f in files}
        else:
            rel = {given: Path(given.name)}
        for docx, relative in rel.items():
            key = docx.resolve()
            if key in seen:
                continue
            seen.add(key)
            folder = docx.parent if out_dir is None else out_dir / relative.parent
            targets[docx] = folder / (docx.stem + ".pdf")
            # never through a link below OUT (nor onto a link beside the DOCX)
            check_way(docx.parent if out_dir is None else out_dir,
                      (docx.stem + ".pdf",) if out_dir is None
                      else (*relative.parent.parts, docx.stem + ".pdf"))
    owners: dict[Path, Path] = {}
    for docx, target in targets.items():
        other = owners.setdefault(target.absolute(), docx)
        if other is not docx:
            raise ConversionError(_("{first} and {second} would both be converted to {target}")
                                  .format(first=other, second=docx, target=target))
    return targets


@cli.command("pdf")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Output folder (default: next to each DOCX); a folder's "
                                 "sub-folders are kept.")
@click.option("--pdfa", is_flag=True, help="Write PDF/A-2b (archival) files.")
@jobs_option(help="Parallel LibreOffice workers (default: number of cores).")
@timeout_option
@archive_dir_option(help="Record each PDF's sha256 in this archive's journal, for documents "
                         "rendered with --archive (an order's signed copy must be a PDF "
                         "docgen recorded).", envvar=None)
def pdf_command(paths: tuple[Path, ...], out_dir: Path | None, pdfa: bool,
                jobs: int | None, timeout: float, archive_dir: Path | None) -> None:
    """Convert existing DOCX files to PDF with LibreOffice; prints each PDF written.

    PATH is a .docx file or a folder (every *.docx below it; Word's ~$ lock files and
    hidden files are skipped). A file that cannot be converted is reported by name and
    the command exits 1; the other files are still converted.

    \b
    Example:
      docgen pdf outputs/session-34
      docgen pdf outputs --out pdf --pdfa --jobs 2 --timeout 60
      docgen pdf outputs/session-34 --archive archive
    """
    from docgen.output.soffice import find_soffice

    find_soffice()  # a clear error before anything else when LibreOffice is missing
    targets = _pdf_targets(paths, out_dir)
    report = convert_with_progress(list(targets), targets=targets, pdfa=pdfa, jobs=jobs,
                                   timeout=timeout)
    for target in report.converted:
        click.echo(str(target))
    if archive_dir is not None and report.converted:
        from docgen.output.pdf_records import record_pdfs

        count, skipped = record_pdfs(archive_dir, report.converted)
        click.echo(f"recorded {count} PDF(s) in the journal of {archive_dir}", err=True)
        for reason in skipped:
            click.echo(f"  not recorded: {reason}", err=True)
    report.raise_for_failures()


for _group in (archive, members, templates, batch, init, pack):
    cli.add_command(_group)


def main() -> None:
    """Console entry point.

    pydantic looks for plugins (entry points of every installed package) before its first
    validation; docgen uses none, so its process skips the search unless
    ``PYDANTIC_DISABLE_PLUGINS`` says otherwise.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="docgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
