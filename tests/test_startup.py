"""Cold start: `docgen render` imports only what it needs; the cache changes no result."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES

from docgen.errors import DataError
from docgen.input.cache import cached_yaml
from docgen.input.loader import NumberText
from docgen.law.rulebook import BUILTIN, builtin_rulebook, load_rulebook
from docgen.rendering import engine
from docgen.rendering.engine import CompiledTemplate, DocumentInfo
from docgen.rendering.template_cache import cache_key

NOTICE = ROOT / "docgen" / "templates_ru" / "notice.docx"
HEAVY = ("docx", "docxtpl", "lxml", "sqlite3", "pypdf", "pyhanko", "pypdfium2", "openpyxl",
         "PIL", "cryptography")
"""Libraries of other commands (templates, journal, PDF, signatures, scans, rolls)."""

_PROBE = """
import sys
from docgen.cli import cli
try:
    cli(["render", "notice", sys.argv[1], "--out", sys.argv[2]], prog_name="docgen")
except SystemExit as exc:
    assert not exc.code, exc.code
print(" ".join(sorted(name for name in sys.argv[3:] if name in sys.modules)))
"""


def _render_in_fresh_process(cache: Path, out: Path) -> list[str]:
    env = {**os.environ, "DOCGEN_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(SAMPLES / "session-34.yaml"),
                           str(out), *HEAVY], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=True)
    return done.stdout.splitlines()[-1].split()


def test_render_with_a_warm_cache_imports_no_heavy_library(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _render_in_fresh_process(cache, tmp_path / "cold")
    assert "docxtpl" in first  # the cold run prepares the templates with docxtpl
    assert len(list((cache / "templates").glob("*.json"))) == 2  # ru and kk
    assert _render_in_fresh_process(cache, tmp_path / "warm") == []
    cold = sorted((tmp_path / "cold").rglob("*.docx"))
    warm = sorted((tmp_path / "warm").rglob("*.docx"))
    assert [p.name for p in cold] == ["notice_kk.docx", "notice_ru.docx"]
    assert [p.read_bytes() for p in cold] == [p.read_bytes() for p in warm]


INFO = DocumentInfo(doc_id="DG-0123456789ABCDEF", kind="notice", body="assembly",
                    region="almaty_city", number="7", date=dt.date(2026, 4, 5),
                    lang="ru", title="Уведомление", subject="{_{ данные }_}")


def _context() -> dict:
    from docgen.papers.pipeline import load_checked, plan

    loaded = load_checked("notice", SAMPLES / "session-34.yaml", ["ru"])
    return plan("notice", loaded, ["ru"])[0].context


def _render(monkeypatch: pytest.MonkeyPatch, cache: str) -> bytes:
    monkeypatch.setenv("DOCGEN_CACHE", cache)
    return CompiledTemplate(NOTICE, "ru").render(_context(), INFO)


def test_cache_off_cold_warm_and_unwritable_give_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uncached = _render(monkeypatch, "off")
    assert _render(monkeypatch, str(tmp_path / "c")) == uncached  # cold: prepared, stored
    entries = list((tmp_path / "c" / "templates").glob("*.json"))
    assert len(entries) == 1
    monkeypatch.setattr(engine, "_patch", lambda xml: pytest.fail("prepared again"))
    assert _render(monkeypatch, str(tmp_path / "c")) == uncached  # warm: read, not prepared
    monkeypatch.undo()
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    assert _render(monkeypatch, str(blocker)) == uncached  # cannot write: no cache, no error
    assert blocker.read_text() == "a file where the cache folder should be"


@pytest.mark.parametrize("garbage", ["{not json", '["a list"]', '{"word/document.xml": 1}'])
def test_a_broken_cache_entry_is_prepared_again_and_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, garbage: str) -> None:
    good = _render(monkeypatch, str(tmp_path / "c"))
    (entry,) = (tmp_path / "c" / "templates").glob("*.json")
    entry.write_text(garbage, encoding="utf-8")
    assert _render(monkeypatch, str(tmp_path / "c")) == good
    assert isinstance(json.loads(entry.read_text(encoding="utf-8")), dict)


def test_the_key_follows_the_template_contents() -> None:
    entries = [("word/document.xml", b"<w:body/>"), ("[Content_Types].xml", b"<Types/>")]
    assert cache_key(entries) == cache_key(list(entries))
    assert cache_key(entries) != cache_key([(entries[0][0], b"<w:body />"), entries[1]])
    assert cache_key(entries) != cache_key(entries[::-1])


def _same(read: object, cached: object) -> None:
    """Equal, of the same type, and numbers keep the text they were typed as."""
    assert type(read) is type(cached), (read, cached)
    if isinstance(read, dict):
        assert list(read) == list(cached)  # type: ignore[arg-type]
        for key in read:
            _same(read[key], cached[key])  # type: ignore[index]
    elif isinstance(read, list):
        assert len(read) == len(cached)  # type: ignore[arg-type]
        for a, b in zip(read, cached, strict=True):  # type: ignore[call-overload]
            _same(a, b)
    else:
        assert read == cached
        assert getattr(read, "text", None) == getattr(cached, "text", None)


def test_a_cached_rulebook_is_the_data_the_file_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "c"))
    first = cached_yaml(BUILTIN)
    assert first.lines  # read from the file
    cached = cached_yaml(BUILTIN)
    assert not cached.lines  # read from the cache
    _same(first.data, cached.data)
    assert {type(v) for v in (cached.data["act"]["decree"]["date"],
                              cached.data["paragraphs"][0]["number"])} == {dt.date, NumberText}
    assert load_rulebook(BUILTIN) == load_rulebook(BUILTIN) == builtin_rulebook()


def test_an_unusual_value_is_kept_exactly_or_not_cached(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "c"))
    data = tmp_path / "data.yaml"
    data.write_text("a: 015\nb: 0E0\nc: 2026-01-02T03:04:05+06:00\nd: [.inf, null, true]\n"
                    '"!int": [1, "x"]\n', encoding="utf-8")
    first = cached_yaml(data)
    assert not list((tmp_path / "c").rglob("*.json"))  # a "!int" field name: not stored
    data.write_text(data.read_text(encoding="utf-8").replace('"!int"', "e"), encoding="utf-8")
    first = cached_yaml(data)
    assert len(list((tmp_path / "c").rglob("*.json"))) == 1
    _same(first.data, cached_yaml(data).data)


def test_a_broken_rulebook_names_its_line_from_the_cache_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "c"))
    bad = tmp_path / "rb.yaml"
    bad.write_text(BUILTIN.read_text(encoding="utf-8").replace(
        "bound: at_least", "bound: at_most", 1), encoding="utf-8")
    messages = []
    for _ in range(2):  # the file, then its cached data (which has no lines)
        with pytest.raises(DataError) as caught:
            load_rulebook(bad)
        messages.append(str(caught.value))
    assert len(list((tmp_path / "c").rglob("*.json"))) == 1
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "at_most" in text)
    assert messages[0] == messages[1]
    assert f"rb.yaml:{line}" in messages[0] and "thresholds.session_quorum.bound" in messages[0]
