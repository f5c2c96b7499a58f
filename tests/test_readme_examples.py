"""Every `docgen …` example in the README's shell blocks runs as written, in README order,
in a fresh folder holding the samples (as a newcomer would after `make demo`).

Examples that name the user's own files (a signed PDF, a scan, their rulebook or templates,
their trust roots, a backup disk) cannot run here as written; they are listed below with
the reason, and each of those commands is exercised by the test file named beside it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

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


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            if line.startswith("docgen "):
                commands.append(line)
    return commands


def runnable(command: str) -> bool:
    return not any(marker in command for marker in PLACEHOLDERS)


def test_the_readme_has_examples_and_placeholders_are_named() -> None:
    commands = readme_examples()
    assert len(commands) > 30
    for marker in PLACEHOLDERS:
        assert any(marker in c for c in commands), f"stale placeholder: {marker}"


def test_every_readme_example_runs(tmp_path: Path) -> None:
    work = tmp_path / "newcomer"
    work.mkdir()
    shutil.copytree(ROOT / "inputs", work / "inputs")
    shutil.copytree(ROOT / "tests" / "bad_cases", work / "tests" / "bad_cases")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "DOCGEN_CACHE": str(tmp_path / "cache")}
    env.pop("DOCGEN_ARCHIVE", None)
    failed = []
    for command in filter(runnable, readme_examples()):
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                              text=True, timeout=600, check=False)
        if done.returncode != 0 or "Traceback" in done.stderr:
            failed.append(f"{command}\n  exit {done.returncode}: {done.stderr.strip()[-400:]}")
    assert not failed, "\n".join(failed)
