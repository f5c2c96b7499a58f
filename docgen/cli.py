"""The command line: a thin layer over the core. Errors become one line on stderr, exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from docgen import __version__
from docgen.errors import DocgenError
from docgen.lang import LANGS
from docgen.models import KINDS


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


def pdf_options(func):
    func = click.option("--pdfa", is_flag=True, help="Also write PDF/A-2b (archival) files.")(func)
    func = click.option("--pdf", is_flag=True, help="Also write PDF files (needs LibreOffice).")(
        func)
    return click.option("--jobs", type=click.IntRange(min=1), default=None,
                        help="Parallel workers (default: number of cores).")(func)


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


@cli.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@langs_option
@out_option
@templates_option
@pdf_options
def render(kind: str, data: Path, lang: str, out_dir: Path, templates: Path | None,
           pdf: bool, pdfa: bool, jobs: int | None) -> None:
    """Render KIND (notice, agenda, minutes, decision, order) from the DATA file.

    Writes OUT/<data file stem>/<kind>_<lang>.docx and prints each path.

    \b
    Example:
      docgen render notice inputs/session-34.yaml --lang both --out outputs
    """
    from docgen.documents import render as render_documents

    result = render_documents(kind, data, langs=_langs(lang), out_dir=out_dir,
                              templates=templates)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for path in result.written:
        click.echo(str(path))
    if pdf or pdfa:
        _to_pdf(result.written, pdfa=pdfa, jobs=jobs)


def _to_pdf(paths: list[Path], *, pdfa: bool, jobs: int | None) -> None:
    from docgen.convert import convert_to_pdf

    report = convert_to_pdf(paths, pdfa=pdfa, jobs=jobs)
    for path in report.converted:
        click.echo(str(path))
    report.raise_for_failures()


@cli.command()
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
def check(data: Path) -> None:
    """Validate the DATA file and the Regulation's rules; writes nothing.

    \b
    Example:
      docgen check inputs/session-34.yaml
    """
    from docgen.documents import check_file

    kinds = check_file(data)
    click.echo(f"{data}: OK ({', '.join(kinds)})")


@cli.command()
@click.argument("kind", type=click.Choice(KINDS), required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of the data file (for KIND), for editor completion.

    \b
    Example:
      docgen schema notice > session.schema.json
    """
    from docgen.models import json_schema

    click.echo(json.dumps(json_schema(kind), ensure_ascii=False, indent=2))


@cli.command()
def regions() -> None:
    """List the 20 regions (small assemblies) with their ids and names.

    \b
    Example:
      docgen regions
    """
    from docgen.regions import load_regions

    for region in load_regions().values():
        click.echo(f"{region.id:<18} {region.name('ru'):<34} {region.name('kk')}")


def main() -> None:
    """Console entry point."""
    cli(prog_name="docgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
