"""Every `docgen …` example in a command's `--help` runs as written, in a fresh folder holding
the samples, after the set-up a newcomer does first (render, import the roll, apply the order).

Examples that name the user's own files (a signed PDF, a scan, a spreadsheet, their rulebook
or templates, an id or hash from their own journal, a backup disk) cannot run here as
written; they are listed below with the test file that exercises each of those commands.
The `docgen pack inputs/` examples pack the smallest sample case (tests/helpers.PACK_CASE).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from docgen.cli import cli
from tests.helpers import run_example

SIGNED = "a PDF signed with the national tool (tests/test_archive_signatures.py)"
PLACEHOLDERS = {
    "signed/notice_ru.pdf": SIGNED,
    "notice_ru.signed.pdf": SIGNED,
    "signed.pdf --trust": "the certification centre's roots (tests/test_archive_signatures.py)",
    "order_ru.pdf.cms": "a detached CMS signature made with NCALayer (tests/test_detached_cms.py)",
    "add scan.pdf": "a scan of a paper signed by hand (tests/test_scans.py)",
    "unreadable-scan.pdf": "a scan whose QR code cannot be read (tests/test_scans.py)",
    "DG-3F2A91C4D0E1B2A7": "an id from the reader's own journal (tests/test_cli_archive.py)",
    "/mnt/backup": "a backup disk (tests/test_journal_chain.py)",
    "3f9c…e1": "a head hash written down earlier (tests/test_journal_chain.py)",
    "roll.xlsx": "the secretariat's own spreadsheet (tests/test_roll.py)",
    "my-rulebook.yaml": "the user's own rulebook (tests/test_rulebook.py)",
    "--letterhead blank.docx": "the secretariat's own бланк (tests/test_letterhead.py)",
    "invitations inputs/session-34.yaml --archive archive --pdf":
        "592 letters through LibreOffice take minutes (tests/test_invitations.py; make demo)",
}
SET_UP = (
    "docgen render notice inputs/session-34.yaml --lang both --out outputs",
    "docgen members import inputs/roll.csv --archive archive",
    "docgen members apply inputs/order-2026-012.yaml --dry-run --archive archive",
    "docgen members apply inputs/order-2026-012.yaml --without-signature --archive archive",
    "docgen render notice inputs/session-34.yaml --pdf --archive archive",
)
"""What a newcomer has done before the examples that need an archive or rendered files
(each of these is an example too, run once here: an order is applied once)."""


def _commands(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name in command.list_commands(click.Context(command)):
            sub = command.get_command(click.Context(command), name)
            assert sub is not None
            yield from _commands(sub, f"{path} {name}")


def help_examples() -> list[tuple[str, str]]:
    """(command path, example line) for every ``docgen …`` line of every help text."""
    found = []
    for path, command in _commands(cli, "docgen"):
        lines = (command.help or "").splitlines()
        starts = [i for i, line in enumerate(lines) if line.strip().startswith("Example")]
        for start in starts:
            for line in lines[start + 1:]:
                if not line.strip():
                    break
                if line.strip().startswith("docgen "):
                    found.append((path, line.strip()))
    return found


def runnable(example: str) -> bool:
    return not any(marker in example for marker in PLACEHOLDERS)


def test_every_command_has_an_example_and_placeholders_are_named() -> None:
    examples = help_examples()
    with_examples = {path for path, _ in examples}
    for path, _command in _commands(cli, "docgen"):
        assert path in with_examples, f"`{path} --help` shows no example"
    for marker in PLACEHOLDERS:
        assert any(marker in line for _, line in examples), f"stale placeholder: {marker}"


def test_every_help_example_runs(tmp_path: Path) -> None:
    work = tmp_path / "newcomer"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "DOCGEN_CACHE": str(tmp_path / "cache")}
    env.pop("DOCGEN_ARCHIVE", None)
    # the newcomer's folder is the sample case `docgen init` writes, nothing of the source tree
    subprocess.run(["docgen", "init", str(work)], env=env, check=True, capture_output=True)
    failed = []
    examples = [line for _, line in help_examples() if runnable(line)]
    assert set(SET_UP) <= set(examples)
    examples = [line for line in examples if line not in SET_UP]
    assert len(examples) > 25
    for command in (*SET_UP, *examples):
        problem = run_example(command, work, env)
        if problem is not None:
            failed.append(problem)
    assert not failed, "\n".join(failed)
