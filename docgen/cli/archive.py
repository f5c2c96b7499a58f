"""docgen archive …: add, verify, head, backup, list and show signed copies."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from docgen.cli.options import (
    DocgenGroup,
    archive_dir_option,
)
from docgen.errors import DocgenError, UsageError
from docgen.i18n import _
from docgen.input.kinds import KINDS

archive_option = archive_dir_option(help="Archive folder with journal.sqlite "
                                         "(env DOCGEN_ARCHIVE; default ./archive).")


def trust_option(func):
    func = click.option("--crl", "crls", multiple=True,
                        type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        help="A certificate revocation list (PEM/DER) to check signers "
                             "against, offline; repeatable.")(func)
    return click.option("--trust", "trust", envvar="DOCGEN_TRUST", default=None,
                        type=click.Path(exists=True, path_type=Path),
                        help="Root certificates you trust, with the intermediates that "
                             "lead to them: a PEM/DER file or a folder of them (env "
                             "DOCGEN_TRUST). Only a self-signed root is an anchor, or a file "
                             "named NAME.anchor.pem. Without it trust is 'not checked'.")(func)


def archive_root(archive_dir: Path | None) -> Path:
    from docgen.records.journal import resolve_archive_dir

    return resolve_archive_dir(archive_dir)


@click.group(cls=DocgenGroup)
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


def open_archive(root: Path, *, create: bool = False) -> Any:
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


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@archive.command("add")
@click.argument("pdfs", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", "--id", "doc_id", default=None,
              help="Document id (DG-…), when the PDF carries none (one PDF only).")
@click.option("--signature", "detached", multiple=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A detached CMS/PKCS#7 signature of the PDF (.cms, .p7s: NCALayer's), "
                   "checked over its bytes and kept in the journal; repeatable (one PDF "
                   "only).")
@click.option("--unsigned", is_flag=True, help="Accept a PDF without a signature.")
@click.option("--replace", is_flag=True,
              help="Replace a different archived copy (the old one is kept).")
@trust_option
@click.option("--require-trust", is_flag=True,
              help="Refuse a PDF unless every signature chains to a --trust certificate.")
@click.option("--require-layout", is_flag=True,
              help="Refuse a scan whose pages cannot be compared with the paper docgen made "
                   "(its PDF was made without the journal).")
@archive_option
def archive_add(pdfs: tuple[Path, ...], doc_id: str | None, detached: tuple[Path, ...],
                unsigned: bool, replace: bool, trust: Path | None, crls: tuple[Path, ...],
                require_trust: bool, require_layout: bool, archive_dir: Path | None) -> None:
    """Check signed PDFs (or scans of papers signed by hand) and file them read-only.

    Each PDF is matched to its journal record by its embedded DocgenId (or --id),
    its signatures are checked, and it is copied to ARCHIVE/<year>/<kind>/. A scan (every
    page only a picture: no text layer, no docgen metadata, no digital signature) is
    matched by the QR code docgen prints in the footer of every page (every page must
    carry it; --id is for a code that cannot be read, never against one), each page is
    compared with the page docgen rendered, and it is archived as a paper-signed scan. A
    signed order rendered with --archive enters the member roll with the content it was
    rendered from, in the same step (both or neither). A PDF signed with NCALayer beside it
    comes with its detached CMS signature: --signature FILE.

    \b
    Example:
      docgen archive add outputs/session-34/notice_ru.signed.pdf --archive archive
      docgen archive add signed.pdf --trust nca-roots/ --require-trust
      docgen archive add order_ru.pdf --signature order_ru.pdf.cms --trust nca-roots/
      docgen archive add scan.pdf
      docgen archive add unreadable-scan.pdf --id DG-3F2A91C4D0E1B2A7
    """
    from docgen.archive.report import signature_checks
    from docgen.archive.store import PAPER_SCAN, add_to_archive
    from docgen.archive.trust import resolve_trust
    from docgen.archive.words import shown
    from docgen.errors import ArchiveError

    if doc_id is not None and len(pdfs) > 1:
        raise UsageError("--id names one document: give one PDF with it")
    if detached and len(pdfs) > 1:
        raise UsageError("--signature signs one PDF: give one PDF with it")
    if doc_id is not None and not re.fullmatch(r"DG-[0-9A-F]{16}", doc_id):
        raise UsageError(f"--id {doc_id!r}: not a document id (DG- and 16 hex digits, as "
                         "printed under the QR code)")
    roots = resolve_trust(trust, crls)
    root = archive_root(archive_dir)
    failed = 0
    with open_archive(root, create=True) as journal:
        for pdf in pdfs:
            try:
                result = add_to_archive(journal, pdf, archive_dir=root, doc_id=doc_id,
                                        allow_unsigned=unsigned, replace=replace,
                                        trust=roots, require_trust=require_trust,
                                        detached=detached, require_layout=require_layout)
            except DocgenError as exc:
                if len(pdfs) == 1:
                    raise
                failed += 1
                click.echo(_("Error: {message}").format(message=exc), err=True)
                continue
            click.echo(_("{action}: {pdf} -> {path} [{doc_id}]").format(
                action=_(result.action), pdf=pdf, path=result.path, doc_id=result.doc_id))
            if result.replaced_path is not None:
                click.echo(_("  old copy kept: {path}").format(path=result.replaced_path))
            for sig in result.signatures:
                click.echo(_("  signed by {signer} at {at} ({kind}); {checks}").format(
                    signer=sig.signer_name or "?", at=sig.signed_at or "?",
                    kind=sig.signature_type or "?", checks=signature_checks(sig)))
            if result.archived_as == PAPER_SCAN:
                click.echo(_("  paper-signed scan (signed by hand), sha256 {sha256}").format(
                    sha256=result.sha256))
            elif not result.signatures:
                click.echo(_("  unsigned (accepted with --unsigned)"))
            for note in result.notes:
                click.echo(f"  {shown(note)}")
            if result.roll:
                click.echo(f"  {result.roll}")
    if failed:
        raise ArchiveError(f"{failed} of {len(pdfs)} PDF(s) not archived; nothing changed "
                           "for them")


@archive.command("verify")
@trust_option
@click.option("--head", "head", default=None, metavar="HASH",
              help="A chain hash given out earlier (docgen archive head): prove the "
                   "journal still extends it.")
@json_option
@archive_option
def archive_verify(trust: Path | None, crls: tuple[Path, ...], head: str | None, as_json: bool,
                   archive_dir: Path | None) -> None:
    """Recompute the journal's chain and re-check every archived file (exit 1 if any problem).

    Names every journal record or row changed, deleted, inserted or moved, every path
    outside the archive, every missing, changed or untracked file and every signature
    that no longer verifies (or, with --trust, is not trusted). A signature is judged as of
    when it was signed, proved by a trusted timestamp or by the journal's chained record of
    when docgen archived it: one whose certificate expired since is "valid when archived".

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
        raise UsageError(f"--head {head!r}: not a chain hash (64 hex digits from "
                         "'docgen archive head')")
    roots = resolve_trust(trust, crls)
    root = archive_root(archive_dir)
    notes: list[str] = []
    with open_archive(root) as journal:
        findings = verify_archive(journal, root, trust=roots, notes=notes,
                                  head=head.strip().lower() if head else None)
        count = len(journal.find(status="archived"))
        current = journal.head()
    if as_json:
        echo_json(verify_json(findings, count, current, notes))
        if findings:
            raise SystemExit(1)
        return
    for note in notes:
        click.echo(f"note: {note}")
    for finding in findings:
        click.echo(str(finding))
    if findings:
        raise ArchiveError(_("{count} problem(s) in the archive {root}").format(
            count=len(findings), root=root))
    extends = (_("; the journal extends head {head}").format(head=head.strip().lower())
               if head else "")
    click.echo(_("{count} files verified, journal chain intact ({records} records), "
                 "all intact{extends}").format(count=count, records=current[0] if current else 0,
                                              extends=extends))


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

    root = archive_root(archive_dir)
    with open_archive(root) as journal:
        current = journal.head()
    if current is None:
        raise ArchiveError(f"the journal of {root} is empty: no chain hash yet")
    if as_json:
        echo_json({"head": current[1], "records": current[0]})
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
    root = archive_root(archive_dir)
    with open_archive(root) as journal:
        journal.backup(target)
        current = journal.head()
    click.echo(_("journal backed up to {target} ({records} records, head {head})").format(
        target=target, records=current[0] if current else 0,
        head=current[1] if current else "-"))


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
            raise UsageError(f"--region: {exc.detail}") from None
    root = archive_root(archive_dir)
    with open_archive(root) as journal:
        records = list_documents(journal, year=year, kind=kind, region=region)
        if as_json:
            echo_json([record_json(journal, r) for r in records])
            return
        lines = records_table(journal, records)
    if not records:
        click.echo(_("no documents in {root} match").format(root=root))
        return
    for line in lines:
        click.echo(line)
    click.echo(_("{count} document(s)").format(count=len(records)))


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

    root = archive_root(archive_dir)
    with open_archive(root) as journal:
        record = get_document(journal, doc_id)
        if as_json:
            echo_json(record_json(journal, record, history=True))
            return
        lines = show_lines(journal, record)
    for line in lines:
        click.echo(line)

