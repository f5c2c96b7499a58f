"""Every broken file in tests/bad_inputs/ is refused: exit 1, file:line, field, nothing written.

Each file's first line says what to render and what the error must name::

    # kind: <kind>; field: <dotted field, or - when none applies>; [line: <n>;] why: <what>
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BAD_INPUTS, files_under, run_cli

from docgen.input.models import KINDS

_HEADER = re.compile(r"^# kind: (?P<kind>\S+); field: (?P<field>\S+);"
                     r"(?: line: (?P<line>\d+);)? why: (?P<why>.+)$")
FILES = sorted(BAD_INPUTS.glob("*.yaml"))


def header(path: Path) -> dict[str, str]:
    """The parsed first-line header of a bad input file."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    match = _HEADER.match(first.rstrip("\r"))
    assert match, f"{path.name}: first line must be '# kind: …; field: …; why: …', not {first!r}"
    return match.groupdict()


def test_the_corpus_is_there() -> None:
    names = [p.name for p in FILES]
    assert len([n for n in names if n.startswith("notice-")]) >= 15
    for path in FILES:
        assert header(path)["kind"] in KINDS, path.name


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_bad_input_is_refused(path: Path, tmp_path: Path) -> None:
    expect = header(path)
    out = tmp_path / "out"
    result = run_cli("render", expect["kind"], path, "--out", out)
    message = result.stderr
    assert result.exit_code == 1, f"exit {result.exit_code}: {result.output}{message}"
    assert "Traceback" not in message + result.stdout
    assert message.startswith("Error: "), message
    located = re.search(re.escape(path.name) + r":(\d+):", message)
    assert located, f"no {path.name}:<line> in {message!r}"
    if expect["line"]:
        assert located.group(1) == expect["line"], message
    if expect["field"] != "-":
        assert f"field '{expect['field']}'" in message, message
    assert result.stdout == ""
    assert files_under(out) == []


def test_check_refuses_the_same_files(tmp_path: Path) -> None:
    notice_files = [p for p in FILES if header(p)["kind"] in ("notice", "agenda")]
    for path in notice_files:
        result = run_cli("check", path)
        assert result.exit_code == 1, path.name
        assert path.name in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["notice-not-utf8.yaml", "notice-raw-control-char.yaml",
                                  "notice-yaml-syntax.yaml", "notice-python-tag.yaml"])
def test_real_process_prints_no_traceback(tmp_path: Path, name: str) -> None:
    """The installed entry point, in a real process, for the loader's hardest cases."""
    path = BAD_INPUTS / name
    proc = subprocess.run(
        [sys.executable, "-m", "docgen", "render", "notice", str(path), "--out",
         str(tmp_path / "out")],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{name}:{header(path)['line']}:" in proc.stderr
    assert files_under(tmp_path / "out") == []
