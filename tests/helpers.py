"""Shared test helpers: read rendered documents back and run the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "inputs"
BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"


def _block_texts(parent) -> list[str]:
    """Texts of the paragraphs and table cells of ``parent``, in document order."""
    texts: list[str] = []
    for block in parent.iter_inner_content():
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    texts.extend(_block_texts(cell))
    return texts


def docx_texts(path: str | Path) -> list[str]:
    """Every paragraph's text (body and table cells, in order) of a .docx file."""
    return _block_texts(Document(str(path)))


def read_docx_text(path: str | Path) -> str:
    """All text of a .docx (paragraphs and table cells), one paragraph per line."""
    return "\n".join(docx_texts(path))


def run_cli(*args: str | Path) -> Result:
    """Run ``docgen ARGS`` in-process; stdout and stderr are kept apart."""
    from docgen.cli import cli

    runner = CliRunner()
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, prog_name="docgen")


def files_under(folder: Path) -> list[Path]:
    """Every file (hidden ones included) below ``folder``; [] when it does not exist."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


def changed_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    """A copy of ``source`` (in ``tmp_path/v2/``, same name) with ``old`` replaced by ``new``."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "v2" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def sample_data(name: str) -> dict:
    """A sample input (``inputs/<name>``) as plain Python data, to derive variants from."""
    import yaml

    return yaml.safe_load((SAMPLES / name).read_text(encoding="utf-8"))


def write_yaml(path: Path, data: dict) -> Path:
    """Write ``data`` as a UTF-8 YAML data file (Unicode kept readable) and return the path."""
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path
