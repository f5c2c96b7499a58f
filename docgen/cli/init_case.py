"""``docgen init DIR``: the sample case written into a new folder, to learn docgen on."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from docgen.i18n import _

PACKAGE = Path(__file__).resolve().parent.parent
SAMPLES = PACKAGE / "samples"


def sample_files() -> list[Path]:
    """The shipped sample case: its data files and its member roll."""
    return sorted(p for p in SAMPLES.iterdir()
                  if p.is_file() and p.suffix in (".yaml", ".csv") and not p.name.startswith("."))


@click.command("init")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Write the sample case (the data files of the 34th session and the member roll) into
    DIR/inputs, and a copy of the built-in templates into DIR/my_templates to edit; DIR must
    be new or empty, nothing is overwritten.

    Every example of `docgen --help` and of the guide (`docgen docs guide`) runs in DIR.

    \b
    Example:
      docgen init my-case
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        message = (_("{folder}: a folder that is not empty; give a new or empty folder "
                     "(nothing was written)") if folder.is_dir() else
                   _("{folder}: not a folder; give a new or empty folder (nothing was written)"))
        raise click.UsageError(message.format(folder=folder))
    staging = folder / ".docgen-init"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
        (staging / "inputs").mkdir()
        for source in sample_files():
            shutil.copyfile(source, staging / "inputs" / source.name)
        for lang in ("ru", "kk"):
            mine = staging / "my_templates" / f"templates_{lang}"
            mine.mkdir(parents=True)
            for source in sorted((PACKAGE / f"templates_{lang}").glob("*.docx")):
                shutil.copyfile(source, mine / source.name)
        for part in ("inputs", "my_templates"):
            (staging / part).rename(folder / part)
        staging.rmdir()
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise click.ClickException(_("{folder}: cannot write the sample case: {reason}").format(
            folder=folder, reason=exc.strerror or exc)) from None
    written = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in written:
        click.echo(str(path))
    click.echo(_("{folder}: sample case written ({count} files); next: cd {folder} && "
                 "docgen check inputs/").format(folder=folder, count=len(written)), err=True)
