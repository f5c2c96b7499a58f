"""The package's shape: layers never import upward, click stays at the edge, classes stay small,
and the library API works from a script as a user would call it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import docgen
from tests.helpers import ROOT

PACKAGE = ROOT / "docgen"

# Bottom to top (docs/architecture.md). A module may import its own layer or any below it.
LAYERS = ("errors", "input", "law", "rendering", "records", "papers", "output", "archive", "cli")
# The package root (__init__, __main__) is the public face: it may reach any layer lazily.
TOP = len(LAYERS)
MAX_CLASS_LINES = 260


def layer_of(module: str) -> int:
    parts = module.split(".")
    if parts[0] != "docgen":
        raise ValueError(module)
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return TOP
    if parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    if parts[1] in docgen._API:  # a lazily imported API function: the layer of its module
        return layer_of(docgen._API[parts[1]][0])
    return 0  # a plain attribute of the package root (__version__)


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1] if len(parts) > 2 else parts
    return ".".join(parts)


def imported_modules(tree: ast.AST, here: str) -> list[tuple[int, str]]:
    """Every docgen module ``here`` imports (module level and inside functions)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("docgen")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: -node.level]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            if name == "docgen":  # from docgen import x → docgen.x
                found += [(node.lineno, f"docgen.{a.name}") for a in node.names]
            elif name.startswith("docgen"):
                found.append((node.lineno, name))
    return found


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_known_layer() -> None:
    for path in python_files():
        name = module_name(path)
        assert layer_of(name) >= 0, name


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    here = module_name(path)
    own = layer_of(here)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    upward = []
    for lineno, target in imported_modules(tree, here):
        if target == "docgen":
            continue
        if layer_of(target) > own:
            upward.append(f"{path.name}:{lineno} imports {target}")
    assert not upward, f"{here} (layer {LAYERS[own] if own < TOP else 'package'}): {upward}"


def test_the_layer_rule_catches_an_upward_import() -> None:
    tree = ast.parse("def f():\n    from docgen.output.batch import batch_notices\n")
    ((_, target),) = imported_modules(tree, "docgen.rendering.engine")
    assert layer_of(target) > layer_of("docgen.rendering.engine")


def test_only_the_cli_imports_click() -> None:
    offenders = []
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "click" or n.startswith("click.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders and all(o.startswith("docgen/cli/") for o in offenders), offenders


def test_no_class_is_longer_than_about_250_lines() -> None:
    long = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert not long


def test_the_library_api_works_from_a_script_in_another_folder(tmp_path: Path) -> None:
    script = tmp_path / "use_docgen.py"
    script.write_text(
        "import sys, docgen\n"
        "data = sys.argv[1]\n"
        "print(','.join(docgen.check(data)))\n"
        "result = docgen.render('notice', data, out_dir=sys.argv[2], langs=['kk'])\n"
        "print([p.name for p in result.written])\n"
        "try:\n"
        "    docgen.render('notice', sys.argv[3], out_dir=sys.argv[2])\n"
        "except docgen.DocgenError as exc:\n"
        "    print('refused:', exc)\n",
        encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    done = subprocess.run(
        [sys.executable, str(script), str(ROOT / "inputs" / "session-34.yaml"),
         str(tmp_path / "out"), str(missing)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "notice,agenda"
    assert lines[1] == "['notice_kk.docx']"
    assert lines[2].startswith("refused:") and "missing.yaml" in lines[2]
    assert (tmp_path / "out" / "session-34" / "notice_kk.docx").is_file()
