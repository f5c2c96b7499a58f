"""Install anywhere: the built wheel, installed into a fresh virtual environment, renders
every kind from a folder that has nothing to do with the source tree.

The dependencies come from a wheelhouse (``<venv>/wheelhouse``, filled by ``make venv``
and topped up here), so the install itself needs no index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import ROOT, SAMPLES, read_docx_text

WHEELHOUSE = Path(sys.prefix) / "wheelhouse"


def _run(*args: str | Path, cwd: Path | None = None, env: dict | None = None,
         timeout: int = 240) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


def _wheelhouse() -> Path:
    """Wheels of every dependency and of the build backend (topped up from pip's cache
    when pyproject.toml gains a dependency)."""
    _run(sys.executable, ROOT / "tools" / "wheelhouse.py", WHEELHOUSE, timeout=600)
    return WHEELHOUSE


def _clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DOCGEN_TEMPLATES", "DOCGEN_ARCHIVE")}
    env["HOME"] = str(tmp / "home")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def test_wheel_installs_and_renders_from_any_folder(tmp_path: Path) -> None:
    house = _wheelhouse()
    env = _clean_env(tmp_path)
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
         "--find-links", house, "--wheel-dir", dist, ROOT, env=env)
    wheel = next(dist.glob("docgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for lang in ("ru", "kk"):
        for kind in ("notice", "agenda", "minutes", "decision", "order"):
            assert f"docgen/templates_{lang}/{kind}.docx" in names
    assert "docgen/data/regions.yaml" in names
    for sample in sorted(SAMPLES.glob("*.yaml")):
        assert f"docgen/samples/{sample.name}" in names
    assert "docgen/samples/roll.csv" in names
    for lang in ("ru", "kk"):  # the compiled message catalogs
        assert f"docgen/locale/{lang}/LC_MESSAGES/docgen.mo" in names
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert len(pages) >= 11
    for page in pages:  # every guide of docs/ ships, for `docgen docs NAME`
        assert f"docgen/docs/{page.name}" in names
    rulebooks = sorted((ROOT / "docgen" / "law" / "rulebooks").glob("*.yaml"))
    for book in rulebooks:
        assert f"docgen/law/rulebooks/{book.name}" in names

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, env=env)
    bin_dir = venv / "bin"
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-index", "--find-links",
         house, wheel, env=env)

    # An unrelated folder: the data file is copied in, nothing of the source tree is near.
    work = tmp_path / "elsewhere"
    work.mkdir()
    for name in ("session-34.yaml", "session-34-minutes.yaml", "council-2026-05-02.yaml",
                 "order-2026-012.yaml", "batch-session-34.yaml"):
        shutil.copy(SAMPLES / name, work / name)
    where = _run(bin_dir / "python", "-c", "import docgen, sys; print(docgen.__file__)",
                 cwd=work, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    docgen = bin_dir / "docgen"
    version = _run(docgen, "--version", cwd=work, env=env).stdout
    assert version.strip() == f"docgen, version {_version()}"
    for kind, data in (("notice", "session-34.yaml"), ("agenda", "session-34.yaml"),
                       ("minutes", "session-34-minutes.yaml"),
                       ("decision", "council-2026-05-02.yaml"),
                       ("order", "order-2026-012.yaml")):
        _run(docgen, "render", kind, data, "--out", "out", cwd=work, env=env)
    notice = read_docx_text(work / "out" / "session-34" / "notice_ru.docx")
    assert "XXXIV" in notice and "Ассамбле" in notice
    order = read_docx_text(work / "out" / "order-2026-012" / "order_kk.docx")
    assert "өкім" in order.lower()
    _run(docgen, "batch", "notices", "batch-session-34.yaml", "--out", "out", "--jobs", "2",
         cwd=work, env=env)
    assert len(list((work / "out" / "batch-session-34" / "regions").glob("*/*.docx"))) == 40
    assert "templates OK" in _run(docgen, "templates", "check", cwd=work, env=env).stdout
    assert "# Editing the Word templates" in _run(docgen, "docs", "templates", cwd=work,
                                                   env=env).stdout
    listed = _run(docgen, "docs", cwd=work, env=env).stdout.split()
    assert {"data-format", "legal-basis", "orders-and-roll", "archive", "limits"} <= set(listed)
    assert "karaganda" in _run(docgen, "regions", cwd=work, env=env).stdout
    # the sample case ships: `docgen init` and the help's and guide's examples need no clone
    _run(docgen, "init", "case", cwd=work, env=env)
    case = work / "case"
    assert (case / "inputs" / "roll.csv").is_file()
    assert "OK" in _run(docgen, "check", "inputs/", cwd=case, env=env).stdout
    _run(docgen, "render", "notice", "inputs/session-34.yaml", "--templates", "my_templates",
         cwd=case, env=env)
    assert (case / "outputs" / "session-34" / "notice_kk.docx").is_file()
    kazakh = subprocess.run([docgen, "check", "nofile.yaml"], cwd=case, capture_output=True,
                            text=True, env={**env, "DOCGEN_UI_LANG": "kk"}, check=False)
    assert (kazakh.returncode, kazakh.stderr.strip()) == (1, "Қате: nofile.yaml: файл табылмады")


def _version() -> str:
    from importlib.metadata import version

    return version("docgen")
