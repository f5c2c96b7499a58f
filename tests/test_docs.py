"""The guides shipped with docgen: `docgen docs` lists every page of docs/, `docgen docs NAME`
prints it, and the README is a front door that links each page."""

from __future__ import annotations

import pytest
from helpers import run_cli

from tests.helpers import ROOT

PAGES = sorted({p.name.split(".")[0] for p in (ROOT / "docs").glob("*.md")})


def test_docs_lists_every_page() -> None:
    result = run_cli("docs")
    assert result.exit_code == 0
    assert result.stdout.split() == PAGES
    for name in ("data-format", "legal-basis", "minutes", "orders-and-roll", "batch", "archive",
                 "templates", "limits", "benchmarks", "architecture"):
        assert name in PAGES


@pytest.mark.parametrize("name", PAGES)
def test_docs_prints_each_page(name: str) -> None:
    result = run_cli("docs", name)
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("# ")
    source = (ROOT / "docs" / f"{name}.md")
    if source.is_file():
        assert result.stdout.rstrip("\n") == source.read_text(encoding="utf-8").rstrip("\n")


def test_an_unknown_page_is_a_usage_error() -> None:
    result = run_cli("docs", "no-such-page")
    assert result.exit_code == 2
