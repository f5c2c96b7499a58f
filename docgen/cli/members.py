"""docgen members …: the member roll (import, apply an order, list, show)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from docgen.cli.archive import (
    archive_option,
    archive_root,
)
from docgen.cli.options import (
    DocgenGroup,
)
from docgen.errors import DocgenError, UsageError
from docgen.i18n import _


@click.group(cls=DocgenGroup)
def members() -> None:
    """The member roll, kept in the archive's journal (guide: `docgen docs orders-and-roll`).

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
        raise click.BadParameter(_("'{value}' is not a date as YYYY-MM-DD").format(value=value),
                                 param_hint=name) from None


def _print_plan(plan: Any, dry_run: bool) -> None:
    for change in plan.changes:
        click.echo(change.line())
    if dry_run:
        click.echo(_("roll would change (dry run, nothing written): {summary}")
                   .format(summary=plan.summary()))
    else:
        click.echo(_("roll changed: {summary}").format(summary=plan.summary()))


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
    with open_roll(archive_root(archive_dir), dry_run=dry_run) as roll:
        plan = plan_import(roll, rows, file)
        if not dry_run:
            apply_changes(roll, plan)
    _print_plan(plan, dry_run)


@members.command("apply")
@click.argument("order", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--without-signature", is_flag=True,
              help="Apply an order that has no signed copy in the archive (recorded in "
                   "the roll's history as applied without signature).")
@archive_option
def members_apply(order: Path, dry_run: bool, without_signature: bool,
                  archive_dir: Path | None) -> None:
    """Enter the admissions and removals of the ORDER file in the roll, on the order's date.

    The roll changes only from signed orders: archiving the signed copy (docgen archive
    add) applies it. This command applies ORDER when its signed copy, rendered from the
    same content, is archived (e.g. archived before the roll was imported); an order with
    no signed copy is refused unless --without-signature. Refused too (nothing written):
    removing someone who is not a member on that date, admitting someone already a
    member, applying the same order twice.

    \b
    Example:
      docgen members apply inputs/order-2026-012.yaml --dry-run --archive archive
      docgen members apply inputs/order-2026-012.yaml --without-signature --archive archive
    """
    from docgen.archive.orders import applied_from
    from docgen.errors import DataError
    from docgen.papers.pipeline import load_checked
    from docgen.records.journal import open_journal
    from docgen.records.roll import Roll
    from docgen.records.roll_changes import apply_changes, plan_order

    loaded = load_checked("order", order)
    note = ""
    with open_journal(archive_root(archive_dir), dry_run=dry_run) as journal:
        roll = Roll.sharing(journal)
        plan = plan_order(roll, loaded)
        try:
            plan.applied_from = applied_from(journal, loaded,
                                             without_signature=without_signature)
        except DataError as exc:
            if not dry_run:
                raise
            note = f"note: applying it would be refused: {exc}"
        if not dry_run:
            apply_changes(roll, plan)
    _print_plan(plan, dry_run)
    if plan.applied_from == "without signature":
        click.echo("applied without signature (recorded in the roll's history)"
                   if not dry_run else "would be applied without signature")
    if note:
        click.echo(note)


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
    """List the members on the roll on a date (by region, then name), with the Council and
    the offices as held that day (--council: the Council as it stood on DATE).

    \b
    Example:
      docgen members list --council --on 2026-06-15
      docgen members list --csv > roll.csv
    """
    from docgen.errors import DataError
    from docgen.input.regions import get_region
    from docgen.input.roll_file import REPUBLICAN
    from docgen.records.roll import open_roll
    from docgen.records.roll_view import as_csv as to_csv
    from docgen.records.roll_view import as_json as to_json
    from docgen.records.roll_view import as_table, held_on

    if as_json and as_csv:
        raise click.UsageError(_("give --json or --csv, not both"))
    day = _day(on, "--on")
    if region is not None and region != REPUBLICAN:
        try:
            get_region(region)
        except DataError as exc:
            raise UsageError(f"--region: {exc.detail}") from None
    with open_roll(archive_root(archive_dir), create=False) as roll:
        entries = roll.on(day, region=region, council=council)
        held = held_on(roll, day)
    if as_json:
        click.echo(to_json(entries, held))
    elif as_csv:
        click.echo(to_csv(entries, held), nl=False)
    else:
        for line in as_table(entries, held):
            click.echo(line)
        summary = (_("{count} Council member(s) on {date}") if council
                   else _("{count} member(s) on {date}"))
        click.echo(summary.format(count=len(entries), date=day.isoformat()))


@members.command("show")
@click.argument("who")
@click.option("--on", "on", default=None, metavar="DATE",
              help="Also say what the member was on DATE (YYYY-MM-DD): member, offices.")
@archive_option
def members_show(who: str, on: str | None, archive_dir: Path | None) -> None:
    """Show one member (WHO: roll id or full name, ru or kk): the membership history, the
    offices held (Council, Chairman, deputy chairman, heads of secretariats, akim as chair
    of a small assembly, head of an association) with their dates and acts, and every change.

    \b
    Example:
      docgen members show 17
      docgen members show "Ким Виктор Алексеевич"
      docgen members show "Мамедов Тофик Ильясович" --on 2026-06-15
    """
    from docgen.records.roll import open_roll
    from docgen.records.roll_view import describe

    day = _day(on, "--on") if on else None  # a malformed date is a usage error, first
    with open_roll(archive_root(archive_dir), create=False) as roll:
        found = roll.find(who)
        if not found:
            close = roll.closest(who)
            hint = f"; did you mean '{close.name_ru}' (#{close.id})?" if close else ""
            raise DocgenError(f"'{who}' is not on the roll{hint}")
        if len(found) > 1:
            raise DocgenError(f"'{who}' names {len(found)} people on the roll: "
                              f"{', '.join(f'#{m.id}' for m in found)}; give the roll id")
        lines = describe(roll, found[0], day)
    for line in lines:
        click.echo(line)

