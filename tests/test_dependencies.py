"""Installs that stay green: every import is declared, the lock pins the whole tree, and no
dependency's warning reaches a user's terminal."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.split(r"[<>=!~; \[]", spec, maxsplit=1)[0])
            for spec in project["dependencies"]}


def _imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "docgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"docgen"}


def test_every_imported_distribution_is_declared() -> None:
    owners = packages_distributions()
    missing = {}
    for name in sorted(_imported_top_levels()):
        dists = {_normal(d) for d in owners.get(name, [])}
        assert dists, f"docgen imports {name!r}, which no installed distribution provides"
        if not dists & _declared():
            missing[name] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_lock_pins_every_declared_dependency_with_hashes() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {_normal(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", lock, re.MULTILINE)}
    assert _declared() <= pinned, sorted(_declared() - pinned)
    assert "setuptools" in pinned  # the build backend, for the editable install
    for block in re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.split("\n\n", 1)[-1]):
        if "==" in block.split("\n")[0]:
            assert "--hash=sha256:" in block, block.split("\n")[0]


def test_the_installed_versions_are_the_locked_ones() -> None:
    from importlib.metadata import version

    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for name, pin in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.MULTILINE):
        if name == "setuptools":
            continue
        assert version(name) == pin, f"{name} {version(name)} installed, {pin} locked"


def test_importing_pyhanko_through_docgen_warns_nothing() -> None:
    code = ("import warnings; warnings.simplefilter('error');"
            "from docgen.archive.pyhanko_import import load_pyhanko; load_pyhanko();"
            "from pyhanko.sign import signers")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_foreign_deprecation_warning_is_not_silenced() -> None:
    code = ("import warnings; warnings.simplefilter('error');"
            "from docgen.archive.pyhanko_import import load_pyhanko; load_pyhanko();"
            "from cryptography.utils import CryptographyDeprecationWarning as W;"
            "warnings.warn('x', W)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode != 0 and "CryptographyDeprecationWarning" in result.stderr
