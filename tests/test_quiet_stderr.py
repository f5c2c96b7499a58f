"""No warning or library log line reaches the terminal from any command: the main
commands run as a user runs them (a fresh Python process, Python's default warning
filters, no pytest) and their stderr holds nothing but docgen's own words."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SAMPLES
from signing import make_test_identity, sign_pdf_bytes, write_ca

from docgen.output.pdf_metadata import read_pdf_metadata

NOISE = re.compile(r"Warning|Traceback|^(DEBUG|INFO|WARNING|ERROR|CRITICAL)[:\s]|"
                   r"^\w+(\.\w+)*:\d+: |\bpyhanko\b|\bpypdf\b|\bcryptography\b", re.MULTILINE)
"""A Python warning (``file.py:12: SomeWarning: …``), a traceback, or a logging line."""


def docgen(*args: str | Path, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHONWARNINGS", "DOCGEN_"))}
    result = subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], cwd=cwd,
                            env=env, capture_output=True, text=True, timeout=300)
    assert (result.returncode == 0) == ok, f"{args}: {result.returncode}\n{result.stderr}"
    noise = NOISE.search(result.stderr)
    assert noise is None, f"docgen {' '.join(map(str, args))} printed:\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("quiet")


def test_the_main_commands_print_no_warning_or_log_line(work: Path) -> None:
    archive, out = work / "archive", work / "out"
    docgen("check", SAMPLES / "session-34.yaml", cwd=work)
    docgen("render", "notice", SAMPLES / "session-34.yaml", "--pdf", "--archive", archive,
           "--out", out, cwd=work)
    docgen("render", "minutes", SAMPLES / "session-34-minutes.yaml", "--out", out, cwd=work)
    docgen("batch", "notices", SAMPLES / "batch-session-34.yaml", "--jobs", "2", "--out",
           out, cwd=work)
    docgen("members", "import", SAMPLES / "roll.csv", "--archive", archive, cwd=work)
    docgen("members", "list", "--archive", archive, cwd=work)
    docgen("batch", "invitations", SAMPLES / "session-34.yaml", "--region", "karaganda",
           "--archive", archive, "--out", out, cwd=work)
    docgen("templates", "check", cwd=work)
    docgen("rules", cwd=work)

    identity = make_test_identity()
    roots = write_ca(identity, work / "ca.pem")
    signed = []
    for lang in ("ru", "kk"):
        pdf = out / "session-34" / f"notice_{lang}.pdf"
        assert read_pdf_metadata(pdf)["DocgenId"].startswith("DG-")
        target = work / f"signed_{lang}.pdf"
        target.write_bytes(sign_pdf_bytes(pdf.read_bytes(), identity))
        signed.append(target)
    docgen("archive", "add", *signed, "--trust", roots, "--archive", archive, cwd=work)
    docgen("archive", "verify", "--trust", roots, "--archive", archive, cwd=work)
    docgen("archive", "list", "--archive", archive, cwd=work)
    docgen("archive", "verify", "--archive", archive, "--json", cwd=work)


def test_refusals_print_one_line_and_nothing_else(work: Path) -> None:
    """Failing commands too: one ``Error:`` line, no library noise around it."""
    broken = work / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n")
    for args in (("archive", "add", broken, "--archive", work / "a2"),
                 ("check", work / "nowhere.yaml"),
                 ("render", "notice", SAMPLES / "roll.csv", "--out", work / "o2")):
        result = docgen(*args, cwd=work, ok=False)
        assert result.stderr.startswith("Error: "), result.stderr
