"""Every `docgen …` example in the shell blocks of the README and of each page of docs/ runs
as written, in the page's order, in a fresh folder holding the samples (as a newcomer would
after `make demo`); each page in a folder of its own.

Examples that name the user's own files (a signed PDF, a scan, their rulebook or templates,
their trust roots, a backup disk) cannot run here as written; they are listed below with
the reason, and each of those commands is exercised by the test file named beside it. The
`docgen pack inputs/` examples pack the smallest sample case (tests/helpers.PACK_CASE).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_example

PAGES = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 250

PLACEHOLDERS = {
    "my-rulebook.yaml": "the user's own rulebook (tests/test_rulebook.py)",
    "signed/": "a PDF signed with the national tool (tests/test_archive_signatures.py)",
    "scans/": "a scan of a paper signed by hand (tests/test_scans.py)",
    "DG-3F2A91C4D0E1B2A7": "an id from the reader's own journal (tests/test_cli_archive.py)",
    "nca-roots/": "the certification centre's roots (tests/test_archive_signatures.py)",
    "9c1e…4b": "a head hash written down earlier (tests/test_journal_chain.py)",
    "/mnt/backup": "a backup disk (tests/test_journal_chain.py)",
    "data.yaml --templates": "the user's own letterheads (tests/test_templates.py)",
    "my.docx": "the user's own template (tests/test_templates.py)",
    "--letterhead blank.docx": "the secretariat's own бланк (tests/test_letterhead.py)",
    "invitations inputs/session-34.yaml --archive archive --pdf":
        "592 letters through LibreOffice take minutes (tests/test_invitations.py; make demo)",
}


def examples(page: str) -> list[str]:
    """The ``docgen …`` lines of the page's ```sh blocks, comments cut off."""
    text = (ROOT / page).read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            if line.startswith("docgen "):
                commands.append(line)
    return commands


def runnable(command: str) -> bool:
    return not any(marker in command for marker in PLACEHOLDERS)


def test_the_readme_is_a_front_door() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"
    for page in PAGES[1:]:  # every page of docs/ is linked from the README
        assert f"]({page})" in "\n".join(lines), f"README does not link {page}"


def test_the_pages_have_examples_and_placeholders_are_named() -> None:
    commands = [c for page in PAGES for c in examples(page)]
    assert len(commands) > 50
    assert len(examples("README.md")) > 15
    for marker in PLACEHOLDERS:
        assert any(marker in c for c in commands), f"stale placeholder: {marker}"


@pytest.mark.parametrize("page", [p for p in PAGES if list(filter(runnable, examples(p)))])
def test_every_example_runs(page: str, tmp_path: Path) -> None:
    work = tmp_path / "newcomer"
    work.mkdir()
    shutil.copytree(ROOT / "inputs", work / "inputs")
    shutil.copytree(ROOT / "tests" / "bad_cases", work / "tests" / "bad_cases")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "DOCGEN_CACHE": str(tmp_path / "cache")}
    env.pop("DOCGEN_ARCHIVE", None)
    failed = [problem for command in filter(runnable, examples(page))
              if (problem := run_example(command, work, env)) is not None]
    assert not failed, "\n".join(failed)
