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


@pytest.mark.parametrize(("env", "title"), [
    ({"DOCGEN_UI_LANG": "ru"}, "# Руководство секретаря"),
    ({"DOCGEN_UI_LANG": "kk", "LANG": "ru_RU.UTF-8"}, "# Хатшыға арналған нұсқаулық"),
    ({"LANG": "kk_KZ.UTF-8"}, "# Хатшыға арналған нұсқаулық"),
    ({"LC_ALL": "ru_KZ.UTF-8", "LANG": "kk_KZ.UTF-8"}, "# Руководство секретаря"),
    ({"DOCGEN_UI_LANG": "en", "LANG": "ru_RU.UTF-8"}, "# Secretary's guide"),
    ({}, "# Secretary's guide"),
])
def test_the_guide_speaks_the_interface_language(env: dict[str, str], title: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DOCGEN_UI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run_cli("docs", "guide")
    assert result.exit_code == 0
    assert result.stdout.startswith(title)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_guide_walks_a_whole_session(lang: str) -> None:
    text = (ROOT / "docs" / f"guide.{lang}.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) >= 120
    for command in ("docgen init", "docgen check", "docgen render notice", "docgen batch notices",
                    "docgen members import", "docgen members apply", "docgen render register",
                    "docgen render minutes", "docgen pack", "docgen archive add",
                    "docgen archive verify", "--revise"):
        assert command in text, command
    if lang == "kk":  # written in Kazakh: its own letters, not Russian words
        assert sum(text.count(c) for c in "әғқңөұүһі") > 300
        for russian in ("Руководство", "сессии", "файл данных", "ошибка"):
            assert russian not in text
