"""Cold start: `docgen render` imports only what it needs; the cache changes no result."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from helpers import ROOT, SAMPLES

from docgen.errors import DataError
from docgen.input.cache import cached_yaml
from docgen.input.loader import NumberText
from docgen.law.rulebook import BUILTIN, builtin_rulebook, load_rulebook
from docgen.rendering import engine
from docgen.rendering.engine import CompiledTemplate, DocumentInfo
from docgen.rendering.template_cache import cache_key, compiled_code

NOTICE = ROOT / "docgen" / "templates_ru" / "notice.docx"
HEAVY = ("docx", "docxtpl", "lxml", "sqlite3", "pypdf", "pyhanko", "pypdfium2", "openpyxl",
         "PIL", "cryptography", "pymorphy3", "babel", "urllib.request", "ssl", "ruamel")
"""Libraries of other commands (templates, journal, PDF, signatures, scans, rolls), those
whose results the cache keeps (docxtpl's clean-up, pymorphy3's declensions, Babel's
month names), and ruamel.yaml (a plain data file is read by libyaml)."""

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
    assert {"docxtpl", "pymorphy3", "babel"} <= set(first)  # the cold run makes and stores
    assert len(list((cache / "templates").glob("*.json"))) == 2  # ru and kk
    assert len(list((cache / "jinja").glob("*.marshal"))) >= 2  # their compiled code
    assert len(list((cache / "positions").glob("*.json"))) == 1
    assert _render_in_fresh_process(cache, tmp_path / "warm") == []
    cold = sorted((tmp_path / "cold").rglob("*.docx"))
    warm = sorted((tmp_path / "warm").rglob("*.docx"))
    assert [p.name for p in cold] == ["notice_kk.docx", "notice_ru.docx"]
    assert [p.read_bytes() for p in cold] == [p.read_bytes() for p in warm]


_PLUGINS_PROBE = """
import sys
import pydantic.plugin._loader as plugins
from docgen.cli import main
sys.argv = ["docgen", "check", sys.argv[1]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(plugins._plugins)
"""


@pytest.mark.parametrize(("setting", "searched"), [(None, "None"), ("false", "{}")])
def test_docgen_skips_pydantic_s_plugin_search_unless_told(setting: str | None,
                                                           searched: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    done = subprocess.run([sys.executable, "-c", _PLUGINS_PROBE,
                           str(SAMPLES / "session-34.yaml")], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)
    assert done.stdout.splitlines()[-1] == searched  # None: never searched; {}: none found


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


def _jinja_entries(cache: Path) -> list[Path]:
    return sorted((cache / "jinja").glob("*.marshal"))


def _edited_notice(folder: Path, old: str, new: str) -> Path:
    """A copy of the Russian notice template with ``old`` replaced in its document.xml."""
    target = folder / "notice.docx"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(NOTICE) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            dst.writestr(item, data)
    return target


def test_compiled_template_code_is_reused_not_recompiled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "c"
    uncached = _render(monkeypatch, "off")
    assert not cache.exists()
    assert _render(monkeypatch, str(cache)) == uncached  # cold: compiled, stored
    entries = _jinja_entries(cache)
    assert entries
    stamps = [p.stat().st_mtime_ns for p in entries]
    monkeypatch.setattr(engine.SandboxedEnvironment, "compile",
                        lambda *a, **k: pytest.fail("compiled again"))
    monkeypatch.setattr(engine, "_always_well_formed", lambda *a: pytest.fail("parsed again"))
    assert _render(monkeypatch, str(cache)) == uncached  # warm: the stored code runs
    assert [p.stat().st_mtime_ns for p in _jinja_entries(cache)] == stamps


def test_cache_off_compiles_every_time_and_stores_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = engine._always_well_formed
    monkeypatch.setattr(engine, "_always_well_formed",
                        lambda env, source: calls.append(source) or real(env, source))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # where it would go
    first = _render(monkeypatch, "off")
    compiled_once = len(calls)
    assert compiled_once >= 1
    assert _render(monkeypatch, "off") == first
    assert len(calls) == 2 * compiled_once
    assert not (tmp_path / "xdg").exists()


def test_an_edited_template_gets_new_code(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "c"))
    context = _context()
    before = CompiledTemplate(NOTICE, "ru").render(context, INFO)
    known = _jinja_entries(tmp_path / "c")
    edited = _edited_notice(tmp_path / "tpl", "{{", "ЗАМЕНА {{")
    after = CompiledTemplate(edited, "ru").render(context, INFO)
    assert len(_jinja_entries(tmp_path / "c")) == len(known) + 1  # document.xml changed
    def text(blob: bytes) -> str:
        return "\n".join(p.text for p in Document(io.BytesIO(blob)).paragraphs)

    assert "ЗАМЕНА" in text(after) and "ЗАМЕНА" not in text(before)


def test_the_code_key_follows_source_language_and_filters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "c"))
    plain, asking = engine.make_environment("ru"), engine.make_environment("ru")
    plain.filters["extra"] = lambda value: f"[{value}]"
    asking.filters["extra"] = jinja2.pass_context(lambda context, value: f"[{value}]")
    made: list[str] = []

    def make(env: jinja2.Environment, source: str) -> engine.Compiled:
        made.append(source)
        return env.compile(source), True

    runs = [("a {{ x }}", "ru", plain), ("a {{ x }}", "ru", plain), ("a {{ x }}", "kk", plain),
            ("b {{ x }}", "ru", plain), ("c {{ x|extra }}", "ru", plain),
            ("c {{ x|extra }}", "ru", asking), ("c {{ x|extra }}", "ru", asking)]
    for source, lang, env in runs:
        code, proven = compiled_code(source, lang, env, lambda e=env, s=source: make(e, s))
        template = env.template_class.from_code(env, code, env.make_globals(None), None)
        expected = source[0] + (" [&lt;&amp;&gt;]" if "extra" in source else " &lt;&amp;&gt;")
        assert template.render(x="<&>") == expected and proven
    assert made == ["a {{ x }}", "a {{ x }}", "b {{ x }}", "c {{ x|extra }}", "c {{ x|extra }}"]


@pytest.mark.parametrize("garbage", [b"", b"not marshal", b"\xe9\x00\x00", b"N"])
def test_a_broken_code_entry_is_compiled_again_and_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes) -> None:
    good = _render(monkeypatch, str(tmp_path / "c"))
    entries = _jinja_entries(tmp_path / "c")
    for entry in entries:
        entry.write_bytes(garbage)
    assert _render(monkeypatch, str(tmp_path / "c")) == good
    assert all(entry.read_bytes() != garbage for entry in entries)


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


def test_remembered_positions_are_what_pymorphy3_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.rendering import names

    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "c"))
    position = "бывший заместитель Председателя Ассамблеи народа Казахстана"
    for fresh in range(2):  # a process that declines, then one that reads the cache
        names._remembered.cache_clear()
        names.decline_position.cache_clear()
        if fresh:
            monkeypatch.setattr(names, "_decline_head", lambda *a: pytest.fail("declined"))
        assert names.decline_position(position, "genitive") == (
            "бывшего заместителя Председателя Ассамблеи народа Казахстана")
    names._remembered.cache_clear()
    names.decline_position.cache_clear()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_remembered_month_names_are_babels(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    import babel.dates

    from docgen.rendering import lang as language

    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "c"))
    expected = [str(babel.dates.get_month_names("wide", "format", lang)[m])
                for m in range(1, 13)]
    for cached in range(2):  # from Babel (then stored), then from the cache
        if cached:
            monkeypatch.setattr(babel.dates, "get_month_names", lambda *a: pytest.fail("Babel"))
        language._month_names.cache_clear()
        language.month_name.cache_clear()
        assert [language.month_name(m, lang) for m in range(1, 13)] == expected
    assert len(list((tmp_path / "c" / "months").glob("*.json"))) == 1
    with pytest.raises(KeyError):
        language.month_name(13, lang)
    language._month_names.cache_clear()
    language.month_name.cache_clear()
