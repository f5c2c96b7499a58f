"""The command line: a thin layer over the core. Errors become one line on stderr, exit 1."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from docgen import __version__
from docgen.errors import DocgenError
from docgen.input.kinds import KINDS
from docgen.input.languages import LANGS


class DocgenGroup(click.Group):
    """A click group that turns every DocgenError into a clean message and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            raise click.ClickException(str(exc)) from None


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


def rulebook_option(func):
    return click.option("--rulebook", "rulebook", default=None,
                        type=click.Path(dir_okay=False, path_type=Path),
                        help="Rulebook file to follow instead of the built-in Regulation "
                             "(overrides the data file's 'rulebook:'; see `docgen rules`).")(func)


def pdf_options(func):
    func = timeout_option(func)
    func = click.option("--pdfa", is_flag=True, help="Also write PDF/A-2b (archival) files.")(func)
    func = click.option("--pdf", is_flag=True, help="Also write PDF files (needs LibreOffice).")(
        func)
    return click.option("--jobs", type=click.IntRange(min=1), default=None,
                        help="Parallel workers (default: number of cores; fewer than 120 "
                             "documents render in one process: workers cost more to start)."
                        )(func)


def _convert(paths: list[Path], *, pdfa: bool, jobs: int | None, timeout: float,
             targets: dict[Path, Path] | None = None):
    """convert_to_pdf with a progress bar on a terminal (stderr); returns its report."""
    from docgen.output.convert import convert_to_pdf

    if not sys.stderr.isatty() or not paths:
        return convert_to_pdf(paths, targets=targets, pdfa=pdfa, jobs=jobs, timeout=timeout)
    with click.progressbar(length=len(paths), label="PDF", file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.update(done - bar.pos)

        return convert_to_pdf(paths, targets=targets, pdfa=pdfa, jobs=jobs, timeout=timeout,
                              progress=progress)


def _langs(lang: str) -> tuple[str, ...]:
    return LANGS if lang == "both" else (lang,)


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def cli() -> None:
    """Bilingual (Kazakh/Russian) paperwork of the Assembly of People of Kazakhstan.

    \b
    Example:
      docgen check inputs/session-34.yaml
      docgen render notice inputs/session-34.yaml
    """
    _silence_library_logs()


def _silence_library_logs() -> None:
    """No library log line reaches the terminal: docgen reports every problem itself.

    Python prints the warnings of a library that logs with no handler configured
    (pyHanko's path-building tracebacks, pypdf's repairs); a handler on the root
    logger that drops them keeps stderr to docgen's own one-line errors.
    """
    import logging

    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


@cli.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@langs_option
@out_option
@templates_option
@pdf_options
@click.option("--archive", "archive_dir", envvar="DOCGEN_ARCHIVE", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Record the documents in this archive's registration journal "
                   "(env DOCGEN_ARCHIVE); without it nothing is recorded.")
@rulebook_option
@click.option("--revise", is_flag=True,
              help="Issue a corrected document: a new revision with a new id that "
                   "supersedes the signed one in the journal (needs --archive).")
def render(kind: str, data: Path, lang: str, out_dir: Path, templates: Path | None,
           pdf: bool, pdfa: bool, jobs: int | None, timeout: float,
           archive_dir: Path | None, rulebook: Path | None, revise: bool) -> None:
    """Render KIND (notice, agenda, minutes, decision, order) from the DATA file.

    Writes OUT/<data file stem>/<kind>_<lang>.docx and prints each path.
    With --archive DIR (or DOCGEN_ARCHIVE) each document is also recorded in
    DIR/journal.sqlite, with the sha256 of the data file, the DOCX and the PDF.

    \b
    Example:
      docgen render notice inputs/session-34.yaml --lang both --out outputs
      docgen render notice inputs/session-34.yaml --pdf --archive archive
      docgen render notice inputs/session-34.yaml --pdf --archive archive --revise
    """
    from docgen.papers.pipeline import render as render_documents

    result = render_documents(kind, data, langs=_langs(lang), out_dir=out_dir,
                              templates=templates, archive_dir=archive_dir or None,
                              rulebook=rulebook, revise=revise,
                              pdf=_pdf_maker(pdfa, jobs, timeout) if pdf or pdfa else None)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for path in [*result.written, *result.pdfs]:
        click.echo(str(path))


def _pdf_maker(pdfa: bool, jobs: int | None, timeout: float) -> Any:
    """Converts staged DOCX files before they are switched in: a DOCX and its PDF are one
    unit (if one PDF fails, nothing of the run is written)."""
    def make(paths: list[Path]) -> list[Path]:
        report = _convert(paths, pdfa=pdfa, jobs=jobs, timeout=timeout)
        report.raise_for_failures()
        return report.converted

    return make


@cli.command()
@click.argument("data", type=click.Path(path_type=Path))
@rulebook_option
@click.option("--archive", "archive_dir", envvar="DOCGEN_ARCHIVE", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Check the counts against the member roll in this archive's journal "
                   "(env DOCGEN_ARCHIVE); a file without members_total takes the roll's.")
def check(data: Path, rulebook: Path | None, archive_dir: Path | None) -> None:
    """Validate the DATA file (or every file of a folder) and its rules; writes nothing.

    A folder is checked as one case file: each file alone, then the facts they share
    (one date, time and place per session, the Council minutes an order cites, decision
    numbers rising with dates, one chair per region). A conflict names both files.

    With --archive, a file's members_total and a list of those present are checked against
    the member roll on the session date (members_total differing from it is an error).

    \b
    Example:
      docgen check inputs/session-34.yaml
      docgen check inputs/
      docgen check inputs/session-34-minutes.yaml --archive archive
    """
    from docgen.output.batch import check_batch
    from docgen.papers.pipeline import check_file, has_regions

    if data.is_dir():
        from docgen.papers.case_file import check_case

        checked = check_case(data, rulebook=rulebook)
        for path, kinds in checked:
            click.echo(f"{path}: OK ({', '.join(kinds)})")
        click.echo(f"{data}: case file OK ({len(checked)} files agree)")
        return
    kinds = check_file(data, rulebook=rulebook, archive_dir=archive_dir or None)
    if has_regions(data):  # the batch's checks too: every region with its overrides
        check_batch(data, rulebook=rulebook)
        kinds = (*kinds, "batch notices")
    click.echo(f"{data}: OK ({', '.join(kinds)})")


@cli.command()
@click.option("--rulebook", "rulebook", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
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


DOCS = ("templates", "minutes")


@cli.command("docs")
@click.argument("name", type=click.Choice(DOCS), required=False)
def docs(name: str | None) -> None:
    """Print a guide shipped with docgen (templates: editing the Word templates;
    minutes: minutes and Council decisions); without NAME, list them.

    \b
    Example:
      docgen docs templates
    """
    from importlib import resources

    if name is None:
        for item in DOCS:
            click.echo(item)
        return
    click.echo(resources.files("docgen").joinpath("docs", f"{name}.md")
               .read_text(encoding="utf-8"))


def archive_option(func):
    return click.option("--archive", "archive_dir", envvar="DOCGEN_ARCHIVE", default=None,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Archive folder with journal.sqlite "
                             "(env DOCGEN_ARCHIVE; default ./archive).")(func)


def trust_option(func):
    return click.option("--trust", "trust", envvar="DOCGEN_TRUST", default=None,
                        type=click.Path(path_type=Path),
                        help="Root and intermediate certificates you trust: a PEM/DER file "
                             "or a folder of them (env DOCGEN_TRUST). Without it trust is "
                             "'not checked'.")(func)


def _archive_root(archive_dir: Path | None) -> Path:
    from docgen.records.journal import resolve_archive_dir

    return resolve_archive_dir(archive_dir)


@cli.group(cls=DocgenGroup)
def archive() -> None:
    """Registration journal and archive of signed PDFs.

    \b
    Example:
      docgen archive add signed/notice_ru.pdf
      docgen archive verify
    """


def json_option(func):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON (for other systems) instead of text.")(func)


def _open_archive(root: Path, *, create: bool = False) -> Any:
    """The journal of ``root``, after completing or rolling back an interrupted step."""
    from docgen.archive.pending import recover_pending
    from docgen.archive.store import open_journal

    journal = open_journal(root, create=create)
    try:
        for message in recover_pending(journal, root):
            click.echo(message, err=True)
    except BaseException:
        journal.close()
        raise
    return journal


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@archive.command("add")
@click.argument("pdfs", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", "--id", "doc_id", default=None,
              help="Document id (DG-…), when the PDF carries none (one PDF only).")
@click.option("--unsigned", is_flag=True, help="Accept a PDF without a signature.")
@click.option("--replace", is_flag=True,
              help="Replace a different archived copy (the old one is kept).")
@trust_option
@click.option("--require-trust", is_flag=True,
              help="Refuse a PDF unless every signature chains to a --trust certificate.")
@archive_option
def archive_add(pdfs: tuple[Path, ...], doc_id: str | None, unsigned: bool, replace: bool,
                trust: Path | None, require_trust: bool, archive_dir: Path | None) -> None:
    """Check signed PDFs (or scans of papers signed by hand) and file them read-only.

    Each PDF is matched to its journal record by its embedded DocgenId (or --id),
    its signatures are checked, and it is copied to ARCHIVE/<year>/<kind>/. A scan (no
    docgen metadata, no digital signature) is matched by the QR code docgen prints in
    the footer of every page, and archived as a paper-signed scan.

    \b
    Example:
      docgen archive add outputs/session-34/notice_ru.signed.pdf --archive archive
      docgen archive add signed.pdf --trust nca-roots/ --require-trust
      docgen archive add scan.pdf
      docgen archive add unreadable-scan.pdf --id DG-3F2A91C4D0E1B2A7
    """
    from docgen.archive.report import signature_checks
    from docgen.archive.store import PAPER_SCAN, add_to_archive
    from docgen.archive.trust import resolve_trust
    from docgen.errors import ArchiveError

    if doc_id is not None and len(pdfs) > 1:
        raise ArchiveError("--id names one document: give one PDF with it")
    roots = resolve_trust(trust)
    root = _archive_root(archive_dir)
    failed = 0
    with _open_archive(root, create=True) as journal:
        for pdf in pdfs:
            try:
                result = add_to_archive(journal, pdf, archive_dir=root, doc_id=doc_id,
                                        allow_unsigned=unsigned, replace=replace,
                                        trust=roots, require_trust=require_trust)
            except DocgenError as exc:
                if len(pdfs) == 1:
                    raise
                failed += 1
                click.echo(f"Error: {exc}", err=True)
                continue
            click.echo(f"{result.action}: {pdf} -> {result.path} [{result.doc_id}]")
            if result.replaced_path is not None:
                click.echo(f"  old copy kept: {result.replaced_path}")
            for sig in result.signatures:
                click.echo(f"  signed by {sig.signer_name or '?'} at {sig.signed_at or '?'}"
                           f" ({sig.signature_type or '?'}); {signature_checks(sig)}")
            if result.archived_as == PAPER_SCAN:
                click.echo(f"  {PAPER_SCAN} (signed by hand), sha256 {result.sha256}")
            elif not result.signatures:
                click.echo("  unsigned (accepted with --unsigned)")
            for note in result.notes:
                click.echo(f"  {note}")
            changed = _roll_after_archive(root, result.doc_id)
            if changed:
                click.echo(f"  {changed}")
    if failed:
        raise ArchiveError(f"{failed} of {len(pdfs)} PDF(s) not archived; nothing changed "
                           "for them")


def _roll_after_archive(root: Path, doc_id: str) -> str | None:
    """A signed order enters the member roll (a refusal is told, the copy stays filed)."""
    from docgen.archive.orders import apply_signed_order

    try:
        return apply_signed_order(root, doc_id)
    except DocgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        return None


@archive.command("verify")
@trust_option
@click.option("--head", "head", default=None, metavar="HASH",
              help="A chain hash given out earlier (docgen archive head): prove the "
                   "journal still extends it.")
@json_option
@archive_option
def archive_verify(trust: Path | None, head: str | None, as_json: bool,
                   archive_dir: Path | None) -> None:
    """Recompute the journal's chain and re-check every archived file (exit 1 if any problem).

    Names every journal record or row changed, deleted, inserted or moved, every path
    outside the archive, every missing, changed or untracked file and every signature
    that no longer verifies (or, with --trust, is not trusted).

    \b
    Example:
      docgen archive verify --archive archive
      docgen archive verify --head 3f9c…e1 --json
    """
    from docgen.archive.report import verify_json
    from docgen.archive.trust import resolve_trust
    from docgen.archive.verify import verify_archive
    from docgen.errors import ArchiveError

    if head is not None and not re.fullmatch(r"[0-9a-f]{64}", head.strip().lower()):
        raise ArchiveError(f"--head {head!r}: not a chain hash (64 hex digits from "
                           "'docgen archive head')")
    roots = resolve_trust(trust)
    root = _archive_root(archive_dir)
    with _open_archive(root) as journal:
        findings = verify_archive(journal, root, trust=roots,
                                  head=head.strip().lower() if head else None)
        count = len(journal.find(status="archived"))
        current = journal.head()
    if as_json:
        _echo_json(verify_json(findings, count, current))
        if findings:
            raise SystemExit(1)
        return
    for finding in findings:
        click.echo(str(finding))
    if findings:
        raise ArchiveError(f"{len(findings)} problem(s) in the archive {root}")
    extends = f"; the journal extends head {head.strip().lower()}" if head else ""
    click.echo(f"{count} files verified, journal chain intact "
               f"({current[0] if current else 0} records), all intact{extends}")


@archive.command("head")
@json_option
@archive_option
def archive_head(as_json: bool, archive_dir: Path | None) -> None:
    """Print the journal's chain hash, to write in a paper register or send elsewhere.

    Later, 'docgen archive verify --head HASH' proves the journal still extends it.

    \b
    Example:
      docgen archive head --archive archive
    """
    from docgen.errors import ArchiveError

    root = _archive_root(archive_dir)
    with _open_archive(root) as journal:
        current = journal.head()
    if current is None:
        raise ArchiveError(f"the journal of {root} is empty: no chain hash yet")
    if as_json:
        _echo_json({"head": current[1], "records": current[0]})
    else:
        click.echo(current[1])


@archive.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@archive_option
def archive_backup(target: Path, archive_dir: Path | None) -> None:
    """Write a consistent copy of the journal to TARGET, even while docgen is writing.

    \b
    Example:
      docgen archive backup /mnt/backup/journal-2025-03-01.sqlite
    """
    root = _archive_root(archive_dir)
    with _open_archive(root) as journal:
        journal.backup(target)
        current = journal.head()
    click.echo(f"journal backed up to {target} "
               f"({current[0] if current else 0} records, head {current[1] if current else '-'})")


@archive.command("list")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind.")
@click.option("--region", default=None, help="Only this region id (see `docgen regions`).")
@json_option
@archive_option
def archive_list(year: int | None, kind: str | None, region: str | None, as_json: bool,
                 archive_dir: Path | None) -> None:
    """List the journal's documents: id, kind, body, region, number, date, lang, revision,
    status, trust, signer.

    \b
    Example:
      docgen archive list --year 2025 --kind notice
      docgen archive list --json
    """
    from docgen.archive.report import record_json, records_table
    from docgen.archive.store import list_documents
    from docgen.errors import DataError
    from docgen.input.regions import get_region

    if region is not None:  # an unknown id is an error (with a suggestion), not "no match"
        try:
            get_region(region)
        except DataError as exc:
            raise DocgenError(f"--region: {exc.detail}") from None
    root = _archive_root(archive_dir)
    with _open_archive(root) as journal:
        records = list_documents(journal, year=year, kind=kind, region=region)
        if as_json:
            _echo_json([record_json(journal, r) for r in records])
            return
        lines = records_table(journal, records)
    if not records:
        click.echo(f"no documents in {root} match")
        return
    for line in lines:
        click.echo(line)
    click.echo(f"{len(records)} document(s)")


@archive.command("show")
@click.argument("doc_id")
@json_option
@archive_option
def archive_show(doc_id: str, as_json: bool, archive_dir: Path | None) -> None:
    """Show one document's record, revisions, signatures and history.

    \b
    Example:
      docgen archive show DG-3F2A91C4D0E1B2A7
    """
    from docgen.archive.report import record_json, show_lines
    from docgen.archive.store import get_document

    root = _archive_root(archive_dir)
    with _open_archive(root) as journal:
        record = get_document(journal, doc_id)
        if as_json:
            _echo_json(record_json(journal, record, history=True))
            return
        lines = show_lines(journal, record)
    for line in lines:
        click.echo(line)


@cli.group(cls=DocgenGroup)
def members() -> None:
    """The member roll, kept in the archive's journal (see README, "Member roll").

    \b
    Example:
      docgen members import inputs/roll.csv --archive archive
      docgen members list --on 2026-04-27 --region karaganda
    """


def _day(value: str | None, name: str) -> Any:
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date as YYYY-MM-DD",
                                 param_hint=name) from None


def _print_plan(plan: Any, dry_run: bool) -> None:
    for change in plan.changes:
        click.echo(change.line())
    verb = "would change (dry run, nothing written)" if dry_run else "changed"
    click.echo(f"roll {verb}: {plan.summary()}")


@members.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@archive_option
def members_import(file: Path, dry_run: bool, archive_dir: Path | None) -> None:
    """Add or update members from FILE (.csv or .xlsx; the first row names the columns).

    A new member needs admitted_on; an existing one (matched by id, else by name_ru)
    gets the changed fields. Every bad row is reported as FILE:ROW; nothing is written
    unless the whole file is right. Columns: docgen members list --csv prints them.

    \b
    Example:
      docgen members import inputs/roll.csv --dry-run
      docgen members import roll.xlsx --archive archive
    """
    from docgen.input.roll_file import read_roll_file
    from docgen.records.roll import open_roll
    from docgen.records.roll_changes import apply_changes, plan_import

    rows = read_roll_file(file)
    with open_roll(_archive_root(archive_dir)) as roll:
        plan = plan_import(roll, rows, file)
        if not dry_run:
            apply_changes(roll, plan)
    _print_plan(plan, dry_run)


@members.command("apply")
@click.argument("order", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@archive_option
def members_apply(order: Path, dry_run: bool, archive_dir: Path | None) -> None:
    """Enter the admissions and removals of the ORDER file in the roll, on the order's date.

    Refused (nothing written): removing someone who is not a member on that date,
    admitting someone already a member, applying the same order twice.

    \b
    Example:
      docgen members apply inputs/order-2026-012.yaml --archive archive
    """
    from docgen.papers.pipeline import load_checked
    from docgen.records.roll import open_roll
    from docgen.records.roll_changes import apply_changes, plan_order

    loaded = load_checked("order", order)
    with open_roll(_archive_root(archive_dir)) as roll:
        plan = plan_order(roll, loaded)
        if not dry_run:
            apply_changes(roll, plan)
    _print_plan(plan, dry_run)


@members.command("list")
@click.option("--on", "on", default=None, metavar="DATE",
              help="The roll as it stood on DATE (YYYY-MM-DD; default today).")
@click.option("--region", default=None,
              help="Only this region id (docgen regions), or 'republican'.")
@click.option("--council", is_flag=True, help="Only members of the Council.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV in the import format.")
@archive_option
def members_list(on: str | None, region: str | None, council: bool, as_json: bool,
                 as_csv: bool, archive_dir: Path | None) -> None:
    """List the members on the roll on a date (by region, then name).

    \b
    Example:
      docgen members list --on 2026-04-27 --council
      docgen members list --csv > roll.csv
    """
    from docgen.errors import DataError
    from docgen.input.regions import get_region
    from docgen.input.roll_file import REPUBLICAN
    from docgen.records.roll import open_roll
    from docgen.records.roll_view import as_csv as to_csv
    from docgen.records.roll_view import as_json as to_json
    from docgen.records.roll_view import as_table

    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    day = _day(on, "--on")
    if region is not None and region != REPUBLICAN:
        try:
            get_region(region)
        except DataError as exc:
            raise DocgenError(f"--region: {exc.detail}") from None
    with open_roll(_archive_root(archive_dir), create=False) as roll:
        entries = roll.on(day, region=region, council=council)
    if as_json:
        click.echo(to_json(entries))
    elif as_csv:
        click.echo(to_csv(entries), nl=False)
    else:
        for line in as_table(entries):
            click.echo(line)
        click.echo(f"{len(entries)} member(s) on {day.isoformat()}")


@members.command("show")
@click.argument("who")
@archive_option
def members_show(who: str, archive_dir: Path | None) -> None:
    """Show one member (WHO: roll id or full name, ru or kk) with the membership history.

    \b
    Example:
      docgen members show 17
      docgen members show "Ким Виктор Алексеевич"
    """
    from docgen.records.roll import open_roll
    from docgen.records.roll_view import describe

    with open_roll(_archive_root(archive_dir), create=False) as roll:
        found = roll.find(who)
        if not found:
            close = roll.closest(who)
            hint = f"; did you mean '{close.name_ru}' (#{close.id})?" if close else ""
            raise DocgenError(f"'{who}' is not on the roll{hint}")
        if len(found) > 1:
            raise DocgenError(f"'{who}' names {len(found)} people on the roll: "
                              f"{', '.join(f'#{m.id}' for m in found)}; give the roll id")
        lines = describe(roll, found[0])
    for line in lines:
        click.echo(line)


@cli.group(cls=DocgenGroup)
def templates() -> None:
    """Check, document and repair the Word templates (guide: `docgen docs templates`).

    \b
    Example:
      docgen templates check
      docgen templates fields notice
    """


@templates.command("check")
@click.argument("folder", required=False,
                type=click.Path(file_okay=False, exists=True, path_type=Path))
def templates_check(folder: Path | None) -> None:
    """Check every template in FOLDER/templates_ru and FOLDER/templates_kk.

    FOLDER defaults to the built-in templates. Prints one problem per line; exit 1 if any.

    \b
    Example:
      docgen templates check
      docgen templates check my_templates
    """
    from docgen.papers.pipeline import BUILTIN_ROOT
    from docgen.papers.template_tools import check_templates

    report = check_templates(folder if folder is not None else BUILTIN_ROOT)
    for finding in report.findings:
        click.echo(str(finding))
    if report.findings:
        click.echo(f"{len(report.findings)} problem(s) in {report.templates} templates",
                   err=True)
        sys.exit(1)
    click.echo(f"{report.templates} templates OK")


@templates.command("fields")
@click.argument("kind")
def templates_fields(kind: str) -> None:
    """List the fields a template of KIND may use, with type and meaning, and the filters.

    \b
    Example:
      docgen templates fields notice
    """
    from docgen.papers.template_tools import describe_fields
    from docgen.rendering.lang import FILTER_HELP
    from docgen.rendering.names import NAME_FILTER_HELP

    fields = describe_fields(kind)
    width = max(len(name) for name in fields)
    click.echo(f"Fields of {kind} ({{{{ field }}}}; list[] items via {{%p for x in list %}}):")
    for name, (typ, meaning) in fields.items():
        click.echo(f"  {name:<{width}}  {typ:<12}  {meaning}")
    click.echo("Filters ({{ value|filter }}):")
    for name, help_text in {**FILTER_HELP, **NAME_FILTER_HELP}.items():
        click.echo(f"  {name:<{width}}  {help_text}")


@templates.command("normalize")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write here instead of replacing FILE.")
def templates_normalize(file: Path, out: Path | None) -> None:
    """Merge runs of identical formatting in FILE so that tags are whole again.

    The visible text is read back before and after; nothing is written if it differs.

    \b
    Example:
      docgen templates normalize templates_ru/notice.docx
    """
    from docgen.papers.template_tools import normalize_template

    result = normalize_template(file, out)
    click.echo(f"{result.target}: merged {result.merged_runs} run(s), "
               f"joined {result.joined_tags} split tag(s)")


@cli.group(cls=DocgenGroup)
def batch() -> None:
    """Make many documents at once (all or nothing).

    \b
    Example:
      docgen batch notices inputs/batch-session-34.yaml --regions all
    """


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
def batch_notices(data: Path, regions: str, lang: str, out_dir: Path, templates: Path | None,
                  pdf: bool, pdfa: bool, jobs: int | None, timeout: float,
                  archive_dir: Path | None, rulebook: Path | None) -> None:
    """Notices of the DATA session to the small assemblies of the regions.

    Writes OUT/<stem>/regions/<region id>/notice_<lang>.docx and OUT/<stem>/manifest.json.
    Per-region values (addressee, place, date, time) come from the file's `regions:`
    mapping. Everything is checked first; if one region is wrong nothing is written.

    \b
    Example:
      docgen batch notices inputs/batch-session-34.yaml --regions all --lang both
    """
    import time

    from docgen.output.batch import batch_notices as run_batch

    start = time.perf_counter()
    maker = _pdf_maker(pdfa, jobs, timeout) if pdf or pdfa else None
    options = {"regions": regions, "langs": _langs(lang), "out_dir": out_dir,
               "templates": templates, "jobs": jobs, "archive_dir": archive_dir, "pdf": maker,
               "rulebook": rulebook}
    if sys.stderr.isatty():
        with click.progressbar(length=1, label="notices", file=sys.stderr) as bar:
            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            result = run_batch(data, progress=progress, **options)
    else:
        result = run_batch(data, **options)
    seconds = time.perf_counter() - start
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    regions_done = len({entry["region"] for entry in result.entries})
    click.echo(f"{len(result.written)} notices for {regions_done} region(s) in {seconds:.2f} s "
               f"({result.jobs} job(s)): {result.folder}; manifest {result.manifest}", err=True)
    for path in result.pdfs:
        click.echo(str(path))


@batch.command("invitations")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--region", "region", default="all", show_default=True,
              help="'all', a region id (docgen regions) or 'republican'.")
@out_option
@templates_option
@click.option("--pdf", is_flag=True,
              help="Also write PDF files and one combined invitations.pdf for printing.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel workers (default: number of cores).")
@timeout_option
@archive_option
def batch_invitations(data: Path, region: str, out_dir: Path, templates: Path | None,
                      pdf: bool, jobs: int | None, timeout: float,
                      archive_dir: Path | None) -> None:
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
    import time

    from docgen.output.invitations import batch_invitations as run_batch

    start = time.perf_counter()
    result = run_batch(data, _archive_root(archive_dir), region=region, out_dir=out_dir,
                       templates=templates, jobs=jobs,
                       pdf=_pdf_maker(False, jobs, timeout) if pdf else None)
    seconds = time.perf_counter() - start
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    members_done = len({entry["member"]["id"] for entry in result.entries if "member" in entry})
    click.echo(f"{len(result.written)} invitations to {members_done} member(s) in "
               f"{seconds:.2f} s ({result.jobs} job(s)): {result.folder}; "
               f"manifest {result.manifest}", err=True)
    for path in result.pdfs:
        click.echo(str(path))


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

    targets: dict[Path, Path] = {}
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            files = _docx_under(given)
            if not files:
                raise ConversionError(f"{given}: no .docx files in this folder")
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
    owners: dict[Path, Path] = {}
    for docx, target in targets.items():
        other = owners.setdefault(target.absolute(), docx)
        if other is not docx:
            raise ConversionError(f"{other} and {docx} would both be converted to {target}")
    return targets


@cli.command("pdf")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Output folder (default: next to each DOCX); a folder's "
                                 "sub-folders are kept.")
@click.option("--pdfa", is_flag=True, help="Write PDF/A-2b (archival) files.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel LibreOffice workers (default: number of cores).")
@timeout_option
def pdf_command(paths: tuple[Path, ...], out_dir: Path | None, pdfa: bool,
                jobs: int | None, timeout: float) -> None:
    """Convert existing DOCX files to PDF with LibreOffice; prints each PDF written.

    PATH is a .docx file or a folder (every *.docx below it; Word's ~$ lock files and
    hidden files are skipped). A file that cannot be converted is reported by name and
    the command exits 1; the other files are still converted.

    \b
    Example:
      docgen pdf outputs/session-34
      docgen pdf outputs --out pdf --pdfa --jobs 2 --timeout 60
    """
    from docgen.output.soffice import find_soffice

    find_soffice()  # a clear error before anything else when LibreOffice is missing
    targets = _pdf_targets(paths, out_dir)
    report = _convert(list(targets), targets=targets, pdfa=pdfa, jobs=jobs, timeout=timeout)
    for target in report.converted:
        click.echo(str(target))
    report.raise_for_failures()


def main() -> None:
    """Console entry point."""
    cli(prog_name="docgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
