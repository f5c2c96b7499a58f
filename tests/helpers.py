"""Shared test helpers: read rendered documents back and run the CLI."""

from __future__ import annotations

import shutil
import subprocess
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


def rendered(kind: str, data: str | Path, out: Path, *options: str | Path) -> dict[str, str]:
    """``docgen render KIND DATA [OPTIONS] --out OUT``, which must succeed: each written
    file's name → its text, read back."""
    result = run_cli("render", kind, data, *options, "--out", out)
    assert result.exit_code == 0, result.stderr
    return {Path(p).name: read_docx_text(p) for p in result.stdout.split()}


def refused(kind: str, data: str | Path, out: Path, *options: str | Path) -> str:
    """``docgen render KIND DATA [OPTIONS] --out OUT``, which must fail on the data (exit 1,
    one message, nothing written): its message."""
    result = run_cli("render", kind, data, *options, "--out", out)
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(out) == []
    return result.stderr


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


PACK_CASE = ("session-34.yaml",)
"""The smallest case of the samples (a notice and an agenda): the examples of `docgen pack
inputs/` run with inputs/ holding this alone, in seconds, rather than every sample's ~60
papers through LibreOffice (tests/test_pack.py packs larger cases)."""


def run_example(command: str, work: Path, env: dict[str, str]) -> str | None:
    """Run a documented ``docgen …`` example as written in ``work``; what went wrong, or
    None. A `docgen pack` example finds only the smallest case in inputs/ (``PACK_CASE``)."""
    full = work / ".inputs-all"
    narrowed = command.startswith("docgen pack ")
    if narrowed:
        (work / "inputs").rename(full)
        (work / "inputs").mkdir()
        for name in PACK_CASE:
            shutil.copyfile(full / name, work / "inputs" / name)
    try:
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                              text=True, timeout=600, check=False)
    finally:
        if narrowed:
            shutil.rmtree(work / "inputs")
            full.rename(work / "inputs")
    if done.returncode != 0 or "Traceback" in done.stderr:
        return f"{command}\n  exit {done.returncode}: {done.stderr.strip()[-400:]}"
    return None

