"""docgen templates …: check, list fields, normalize."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.options import (
    DocgenGroup,
)
from docgen.i18n import _


@click.group(cls=DocgenGroup)
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
        click.echo(_("{count} problem(s) in {templates} templates").format(
            count=len(report.findings), templates=report.templates), err=True)
        sys.exit(1)
    click.echo(_("{templates} templates OK").format(templates=report.templates))


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
      docgen templates normalize my_templates/templates_ru/notice.docx
    """
    from docgen.papers.template_tools import normalize_template

    result = normalize_template(file, out)
    click.echo(_("{target}: merged {runs} run(s), joined {tags} split tag(s)").format(
        target=result.target, runs=result.merged_runs, tags=result.joined_tags))

