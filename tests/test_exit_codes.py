"""Exit codes as the README states them: a value an option cannot take is a usage error
(exit 2, one message naming the option, nothing written); a problem in the user's data is
exit 1. Every option of every command that takes a value is tried with a bad one."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from helpers import ROOT, SAMPLES, files_under, run_cli

from docgen.cli import cli

SESSION = str(SAMPLES / "session-34.yaml")
BATCH = str(SAMPLES / "batch-session-34.yaml")
MINUTES = str(SAMPLES / "session-34-minutes.yaml")
BAD_VALUES: list[tuple[str, list[str], str]] = [
    ("batch notices --regions", ["batch", "notices", BATCH, "--regions", "astna"],
     "--regions: unknown region 'astna'"),
    ("batch notices --regions ,", ["batch", "notices", BATCH, "--regions", ","],
     "--regions names no region"),
    ("batch invitations --region", ["batch", "invitations", SESSION, "--region", "astna"],
     "--region: unknown region 'astna'"),
    ("archive list --region", ["archive", "list", "--region", "astna"],
     "--region: unknown region 'astna'"),
    ("members list --region", ["members", "list", "--region", "astna"],
     "--region: unknown region 'astna'"),
    ("members list --on", ["members", "list", "--on", "2026-13-01"], "--on"),
    ("members show --on", ["members", "show", "Ахметова", "--on", "yesterday"], "--on"),
    ("archive verify --head", ["archive", "verify", "--head", "3f9c"], "not a chain hash"),
    ("archive verify --trust", ["archive", "verify", "--trust", "{tmp}/nca-roots"],
     "--trust"),
    ("archive add --trust", ["archive", "add", "{tmp}/x.pdf", "--trust", "{tmp}/nca-roots"],
     "--trust"),
    ("archive add --id", ["archive", "add", "{tmp}/x.pdf", "--id", "3F2A91C4"],
     "not a document id"),
    ("archive add --id twice", ["archive", "add", "{tmp}/x.pdf", "{tmp}/x.pdf", "--id",
                                "DG-3F2A91C4D0E1B2A7"], "--id names one document"),
    ("archive add --signature", ["archive", "add", "{tmp}/x.pdf", "--signature",
                                 "{tmp}/x.p7s"], "--signature"),
    ("archive verify --crl", ["archive", "verify", "--crl", "{tmp}/nca.crl"], "--crl"),
    ("archive list --year", ["archive", "list", "--year", "last"], "--year"),
    ("archive list --kind", ["archive", "list", "--kind", "letter"], "--kind"),
    ("render --templates", ["render", "notice", SESSION, "--templates", "{tmp}/mine"],
     "--templates"),
    ("render --rulebook", ["render", "notice", SESSION, "--rulebook", "{tmp}/rules.yaml"],
     "--rulebook"),
    ("check --rulebook", ["check", SESSION, "--rulebook", "{tmp}/rules.yaml"], "--rulebook"),
    ("rules --rulebook", ["rules", "--rulebook", "{tmp}/rules.yaml"], "--rulebook"),
    ("batch notices --rulebook", ["batch", "notices", BATCH, "--rulebook",
                                  "{tmp}/rules.yaml"], "--rulebook"),
    ("batch notices --templates", ["batch", "notices", BATCH, "--templates", "{tmp}/mine"],
     "--templates"),
    ("render --letterhead", ["render", "notice", SESSION, "--letterhead", "{tmp}/blank.docx"],
     "--letterhead"),
    ("render --lang", ["render", "notice", SESSION, "--lang", "en"], "--lang"),
    ("render --jobs", ["render", "notice", SESSION, "--jobs", "0"], "--jobs"),
    ("render --timeout", ["render", "notice", SESSION, "--timeout", "0"], "--timeout"),
    ("render kind", ["render", "letter", SESSION], "letter"),
    ("templates fields kind", ["templates", "fields", "letter"], "letter"),
    ("pdf --out a file", ["pdf", "{tmp}/x.pdf", "--out", "{tmp}/x.pdf"], "--out"),
    ("pdf missing path", ["pdf", "{tmp}/notice.docx"], "notice.docx"),
    ("render --item", ["render", "extract", MINUTES, "--item", "x"], "--item"),
    ("render --date", ["render", "extract", MINUTES, "--item", "1", "--date", "yesterday"],
     "--date"),
]


@pytest.mark.parametrize(("args", "words"), [(a, w) for _, a, w in BAD_VALUES],
                         ids=[name for name, _, _ in BAD_VALUES])
def test_a_bad_option_value_is_a_usage_error(args: list[str], words: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    before = files_under(tmp_path)
    result = run_cli(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, f"{args}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output
    assert words in result.stderr, result.stderr
    assert files_under(tmp_path) == before


def _options_with_values(command: click.Command, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _options_with_values(sub, (*path, name))
        return
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.hidden:
            yield " ".join(path), param.opts[0]


FREE_TEXT = {("archive add", "--doc"), ("render", "--out"), ("pdf", "--out"),
             ("batch notices", "--out"), ("batch invitations", "--out"),
             ("templates normalize", "-o"), ("batch poll-sheets", "--out"),
             ("pack", "--out")}
"""Options whose value is a name docgen creates or a folder it makes (any value is usable
or checked by the option's own type), or tried above under another spelling."""
ARCHIVE = "--archive"
"""A journal folder is made when missing: there is no bad value short of an unwritable one."""


def _tried(name: str) -> tuple[str, str] | None:
    words = name.split()
    at = next((i for i, word in enumerate(words) if word.startswith("-")), None)
    return None if at is None else (" ".join(words[:at]), words[at])


SHARED = {"--lang", "--jobs", "--timeout", "--templates", "--rulebook", "--region",
          "--letterhead", "--crl"}
"""Options that share one definition (and click type) across commands: tried once above."""


def test_every_option_with_a_value_is_tried_above() -> None:
    tried = {_tried(name) for name, _, _ in BAD_VALUES} - {None}
    missing = sorted(f"{cmd} {opt}" for cmd, opt in _options_with_values(cli)
                     if opt != ARCHIVE and opt not in SHARED
                     and (cmd, opt) not in FREE_TEXT | tried)
    assert missing == []


def test_the_readme_states_the_codes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "exit 1" in readme and "usage error is exit 2" in readme
