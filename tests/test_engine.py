"""The engine: sandbox, escaping, arbitrary text, determinism, atomic writes, safe names."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import jinja2
import pytest
import yaml
from docx import Document
from docxtpl import DocxTemplate
from helpers import (
    SAMPLES,
    docx_texts,
    files_under,
    read_docx_text,
    run_cli,
    sample_data,
    write_yaml,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.errors import DocgenError, OutputError, TemplateError
from docgen.papers import pipeline as documents
from docgen.rendering.engine import CompiledTemplate, output_path, safe_stem
from docgen.rendering.lang import LANGS, filters_for

SESSION = SAMPLES / "session-34.yaml"
UNSAFE = [
    "{{ ''.__class__.__mro__ }}",
    "{{ lang.__class__.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
]


def _template(folder: Path, *paragraphs: str, name: str = "notice.docx") -> Path:
    """A one-off .docx template built with python-docx."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    doc.save(str(path))
    return path


# --- sandbox ----------------------------------------------------------------------------

@pytest.mark.parametrize("expression", UNSAFE)
def test_sandbox_refuses_reaching_for_internals(tmp_path: Path, expression: str) -> None:
    path = _template(tmp_path, "Head", expression)
    with pytest.raises(TemplateError, match=r"sandbox|unsafe") as info:
        CompiledTemplate(path, "ru").render({"lang": "ru"})
    assert str(path) in str(info.value)


def test_sandbox_refusal_through_the_cli(tmp_path: Path) -> None:
    templates = tmp_path / "my-templates"
    _template(templates / "templates_ru", "{{ lang.__class__.__init__.__globals__ }}")
    out = tmp_path / "out"
    result = run_cli("render", "notice", SESSION, "--lang", "ru", "--templates", templates,
                     "--out", out)
    assert result.exit_code == 1
    assert "sandbox" in result.stderr and "unsafe" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert files_under(out) == []


def test_a_safe_override_template_is_used(tmp_path: Path) -> None:
    templates = tmp_path / "my-templates"
    _template(templates / "templates_ru", "Своя форма: {{ session.roman }} {{ doc.date|date }}")
    out = tmp_path / "out"
    result = run_cli("render", "notice", SESSION, "--templates", templates, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "Своя форма: XXXIV 20 марта 2026 года" in read_docx_text(
        out / "session-34" / "notice_ru.docx")
    # kk is not in the override folder: the built-in one is used, and the user is told.
    assert "ХАБАРЛАМА" in read_docx_text(out / "session-34" / "notice_kk.docx")
    assert "built-in" in result.stderr


def test_template_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    path = _template(tmp_path, "Fine", "Broken {{ session.roman ")
    with pytest.raises(TemplateError, match="syntax") as info:
        CompiledTemplate(path, "ru")
    assert "Broken" in str(info.value)


# --- escaping and arbitrary text ----------------------------------------------------------

def _agenda_title_roundtrip(folder: Path, value: str) -> dict[str, str]:
    """Put ``value`` as the first agenda title in both languages; the titles read back."""
    data = sample_data("session-34.yaml")
    data["agenda"][0]["title"] = {"ru": value, "kk": value}
    path = write_yaml(folder / "prop.yaml", data)
    result = documents.render("agenda", path, out_dir=folder / "out")
    titles = {}
    for written, planned in zip(result.written, result.documents, strict=True):
        items = [t for t in docx_texts(written) if t.startswith("1. ")]
        titles[planned.lang] = items[0][len("1. "):]
    return titles


_FORBIDDEN = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
# \r and U+0085 are YAML line breaks: the loader reads them as "\n" (tested separately).
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",),
                           blacklist_characters=_FORBIDDEN + "\r\x85"),
    min_size=1, max_size=60,
).filter(lambda s: s.strip() != "")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_TEXT)
def test_any_text_comes_back_unchanged(tmp_path_factory: pytest.TempPathFactory,
                                       value: str) -> None:
    folder = tmp_path_factory.mktemp("prop")
    assert yaml.safe_load(yaml.safe_dump({"v": value}, allow_unicode=True))["v"] == value
    assert _agenda_title_roundtrip(folder, value) == {"ru": value, "kk": value}


@pytest.mark.parametrize("value", [
    "A & B < C > D \" E ' F", "&amp; &lt; <w:t> ]]> <![CDATA[x]]>",
    "{{ session.roman }} {% if 1 %}x{% endif %} {#c#}", "{_{ }_} {_% %_}",
    "  leading and trailing  ", "tab\there", "two\nlines", "line\n\n\nend\n",
    "ӘҒҚҢӨҰҮҺІ әғқңөұүһі ₸ «Достық» – №", "emoji 👍🏽 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\\x01 written out",
])
def test_special_text_survives(tmp_path: Path, value: str) -> None:
    assert _agenda_title_roundtrip(tmp_path, value) == {"ru": value, "kk": value}


def test_leading_whitespace_is_preserved_in_the_xml(tmp_path: Path) -> None:
    _agenda_title_roundtrip(tmp_path, "  padded  ")
    xml = zipfile.ZipFile(tmp_path / "out" / "prop" / "agenda_ru.docx").read(
        "word/document.xml").decode()
    for match in re.finditer(r"<w:t( [^>]*)?>([^<]*)</w:t>", xml):
        attrs, text = match.group(1) or "", match.group(2)
        if text != text.strip():
            assert 'xml:space="preserve"' in attrs, match.group(0)


def test_newline_becomes_a_line_break_and_tab_a_tab(tmp_path: Path) -> None:
    _agenda_title_roundtrip(tmp_path, "first\tcol\nsecond")
    xml = zipfile.ZipFile(tmp_path / "out" / "prop" / "agenda_kk.docx").read(
        "word/document.xml").decode()
    assert "<w:br/>" in xml and "<w:tab/>" in xml
    assert "first\tcol\nsecond" not in xml


def test_carriage_returns_are_read_as_newlines(tmp_path: Path) -> None:
    assert _agenda_title_roundtrip(tmp_path, "a\r\nb\rc") == {"ru": "a\nb\nc", "kk": "a\nb\nc"}


@pytest.mark.parametrize("escape", ["\\x01", "\\0", "\\x08", "\\v", "\\f", "\\e", "\\x1F",
                                    "\\uFFFE", "\\a"])
def test_control_characters_are_refused_naming_the_field(tmp_path: Path, escape: str) -> None:
    text = SESSION.read_text(encoding="utf-8")
    old = '      kk: "Этномәдени'
    assert old in text
    path = tmp_path / "ctl.yaml"
    path.write_text(text.replace(old, f'      kk: "{escape}Этномәдени'), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    out = tmp_path / "out"
    result = run_cli("render", "notice", path, "--out", out)
    assert result.exit_code == 1
    assert f"ctl.yaml:{line}:" in result.stderr
    assert "agenda[2].title.kk" in result.stderr
    assert "control character" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(out) == []


def test_raw_control_character_in_the_file_is_refused_naming_the_field(tmp_path: Path) -> None:
    text = SESSION.read_text(encoding="utf-8").replace("Дворец мира", "Дворец\x01мира")
    path = tmp_path / "raw.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert "raw.yaml:9:" in result.stderr and "place.ru" in result.stderr
    assert "U+0001" in result.stderr and "Traceback" not in result.stderr


# --- determinism ------------------------------------------------------------------------

def _render_all(out: Path) -> dict[str, bytes]:
    for kind in ("notice", "agenda"):
        documents.render(kind, SESSION, out_dir=out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files_under(out)}


def test_two_renders_are_byte_identical(tmp_path: Path) -> None:
    first = _render_all(tmp_path / "a")
    second = _render_all(tmp_path / "b")
    assert len(first) == 4
    assert first == second


def test_zip_times_and_core_dates_are_fixed(tmp_path: Path) -> None:
    blobs = _render_all(tmp_path)
    for name, blob in blobs.items():
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = zf.read("docProps/core.xml").decode()
            custom = zf.read("docProps/custom.xml").decode()
        props = Document(io.BytesIO(blob)).core_properties
        # the agenda goes out with the notice and bears its date
        expected = (dt.datetime(2026, 3, 20) if "notice" in name or "agenda" in name
                    else dt.datetime(2026, 5, 6))
        assert props.created.replace(tzinfo=None) == expected
        assert props.modified.replace(tzinfo=None) == expected
        assert "DocgenId" in custom and "DG-" in core


# --- atomic writes and safe names ------------------------------------------------------

def test_failure_after_the_first_document_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(DocgenError, match="injected"):
        documents.render("notice", SESSION, out_dir=out, fail_after=1)
    assert files_under(out) == []


def test_failure_keeps_the_previous_files_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    documents.render("notice", SESSION, out_dir=out)
    before = {p: p.read_bytes() for p in files_under(out)}
    data = sample_data("session-34.yaml")
    data["place"]["ru"] = "Другое место"
    changed = write_yaml(tmp_path / "session-34.yaml", data)
    with pytest.raises(DocgenError, match="injected"):
        documents.render("notice", changed, out_dir=out, fail_after=1)
    assert {p: p.read_bytes() for p in files_under(out)} == before


@pytest.mark.parametrize("stem", ["../../evil", "..", ".", "a/../../b", "/etc/passwd",
                                  "..\\..\\evil", "", "...", "con:evil"])
def test_safe_stem_stays_a_plain_name(stem: str) -> None:
    safe = safe_stem(stem)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert safe not in (".", "..")


def test_output_path_refuses_to_leave_the_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="outside"):
        output_path(tmp_path / "out", "..", "..", "evil")
    with pytest.raises(OutputError):
        output_path(tmp_path / "out", "/etc/evil")
    assert output_path(tmp_path / "out", safe_stem("../../evil"), "notice_ru.docx").is_relative_to(
        (tmp_path / "out").resolve())


@pytest.mark.parametrize("name", ["...yaml", "..yaml", "..evil.yaml"])
def test_dotted_data_file_names_stay_inside_the_output_folder(tmp_path: Path,
                                                              name: str) -> None:
    data_dir = tmp_path / "data" / "deep"
    path = data_dir / name
    path.parent.mkdir(parents=True)
    path.write_bytes(SESSION.read_bytes())
    out = tmp_path / "out"
    result = documents.render("notice", path, out_dir=out)
    for written in result.written:
        assert written.is_relative_to(out.resolve())
        assert written.parent != out.resolve()
    assert sorted(p.name for p in files_under(tmp_path / "data")) == [name]


# --- the engine gives what docxtpl itself would give -------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sample", ["session-34.yaml", "session-35-extraordinary.yaml"])
def test_same_text_as_plain_docxtpl(tmp_path: Path, lang: str, sample: str) -> None:
    loaded = documents.load_checked("notice", SAMPLES / sample, (lang,))
    (planned,) = documents.plan("notice", loaded, (lang,))
    template = documents.find_template(planned.template, lang)
    naive = DocxTemplate(str(template))
    env = jinja2.Environment(autoescape=True)
    env.filters.update(filters_for(lang))
    naive.render(planned.context, jinja_env=env, autoescape=True)
    naive_path = tmp_path / "naive.docx"
    naive.save(str(naive_path))
    ours = CompiledTemplate(template, lang).render(planned.context, planned.info)
    ours_path = tmp_path / "ours.docx"
    ours_path.write_bytes(ours)
    assert read_docx_text(ours_path) == read_docx_text(naive_path)
    assert "XXX" in read_docx_text(ours_path)


# --- well-formedness: proven once per template, else checked per document -----------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(("source", "proven"), [
    ('<?xml version="1.0"?>\n<d><p>{{ a }}</p>{% if b %}<p>x &amp; y</p>{% else %}<q/>'
     "{% endif %}</d>", True),
    ("<d>{% for i in xs %}<p>{{ i }}</p>{% if i %}<b>{{ i }}</b>{% endif %}{% endfor %}</d>",
     True),
    ("<d>{% if b %}<p>{% endif %}x</p></d>", False),  # a branch opens a tag
    ("<d>{% if b %}<p>x & y</p>{% endif %}</d>", False),  # a bare & in a branch
    ("<d><p {{ a }}>x</p></d>", False),  # a value inside a tag
    ('<d><p {% if b %}k="v"{% endif %}>x</p></d>', False),  # a block inside a tag
    ("<d>{{ a|safe }}</d>", False),  # markup let through
    ("<d>{% macro m() %}<p>{% endmacro %}{{ m() }}</d>", False),  # not checked statically
])
def test_templates_whose_every_render_is_well_formed_are_recognised(
    source: str, proven: bool
) -> None:
    from docgen.rendering.engine import _always_well_formed, make_environment

    assert _always_well_formed(make_environment("ru"), source) is proven


def test_every_built_in_template_is_proven_well_formed() -> None:
    root = Path(__file__).resolve().parent.parent
    for lang in LANGS:
        for path in sorted((root / f"templates_{lang}").glob("*.docx")):
            template = CompiledTemplate(path, lang)
            assert "word/document.xml" in template._proven, path
            assert template._proven == set(template._compiled), path  # footers too


def test_an_unproven_template_is_checked_at_each_render(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr("word/document.xml",
                    f'<?xml version="1.0"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
                    "{% if open %}<w:p>{% endif %}</w:body></w:document>")
    template = CompiledTemplate(path, "ru")
    assert template._proven == set()
    template.render({"open": False})
    with pytest.raises(TemplateError, match=r"broken XML in word/document\.xml"):
        template.render({"open": True})
