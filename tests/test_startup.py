"""Cold start: `docgen render` imports only what it needs; the template cache keeps bytes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES

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
