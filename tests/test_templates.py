"""Template tooling: check finds what Word does to templates, normalize repairs it,
an override folder replaces the built-in templates kind by kind."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from helpers import ROOT, SAMPLES, docx_texts, run_cli

from docgen.papers.pipeline import BUILTIN_ROOT
from docgen.papers.template_tools import check_templates
from docgen.rendering.engine import CompiledTemplate

# A valid pair: paragraph 1 letterhead, 2 date, 3 place.
GOOD = [["{{ body.upper }}"], ["Дата: {{ session.date|date }}"], ["Место: {{ session.place }}"]]

Runs = list[list[str] | list[tuple[str, bool]]]


def make_template(path: Path, paragraphs: Runs) -> Path:
    """A .docx whose paragraphs are made of the given runs (text, or (text, bold))."""
    doc = Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for run in runs:
            text, bold = run if isinstance(run, tuple) else (run, False)
            p.add_run(text).bold = bold or None
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def make_pair(root: Path, ru: Runs = GOOD, kk: Runs = GOOD, kind: str = "notice") -> Path:
    make_template(root / "templates_ru" / f"{kind}.docx", ru)
    make_template(root / "templates_kk" / f"{kind}.docx", kk)
    return root


def findings(root: Path) -> list[str]:
    result = run_cli("templates", "check", root)
    if result.exit_code == 0:
        assert result.stdout.endswith("templates OK\n"), result.output
        return []
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stdout.splitlines() if line]


def one_finding(root: Path, file: str, paragraph: int, needle: str) -> str:
    lines = [line for line in findings(root) if needle in line and line.startswith(file)]
    assert len(lines) == 1, findings(root)
    assert lines[0].startswith(f"{file}: paragraph {paragraph} \""), lines[0]
    return lines[0]


def test_a_good_pair_passes(tmp_path: Path) -> None:
    result = run_cli("templates", "check", make_pair(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2 templates OK"


def test_split_tag_is_reported_with_what_to_retype(tmp_path: Path) -> None:
    ru = [GOOD[0], ["Дата: {", "{ session.date|date }}"], GOOD[2]]
    line = one_finding(make_pair(tmp_path, ru=ru), "templates_ru/notice.docx", 2, "split")
    assert '"Дата: {{ session.date|date }}"' in line
    assert "{{ session.date|date }} is split across 2 runs" in line
    assert "type it again" in line


def test_bad_syntax_is_reported(tmp_path: Path) -> None:
    kk = [GOOD[0], GOOD[1], ["Орны: {{ session.date|date( }}"]]
    line = one_finding(make_pair(tmp_path, kk=kk), "templates_kk/notice.docx", 3,
                       "Jinja syntax error")
    assert "session.date|date(" in line
    # the broken template's fields are unknown: no noise about the ru/kk pair
    assert len(findings(tmp_path)) == 1


def test_unknown_field_is_reported(tmp_path: Path) -> None:
    ru = [*GOOD, ["Цвет: {{ session.colour }}"]]
    kk = [*GOOD, ["Түсі: {{ session.colour }}"]]
    line = one_finding(make_pair(tmp_path, ru=ru, kk=kk), "templates_ru/notice.docx", 4,
                       "unknown field session.colour")
    assert "docgen templates fields notice" in line
    one_finding(tmp_path, "templates_kk/notice.docx", 4, "unknown field session.colour")


def test_loop_variables_map_to_list_items(tmp_path: Path) -> None:
    loop = [["{%p for item in agenda %}"], ["{{ item.number }}. {{ item.titel }}"],
            ["{%p endfor %}"]]
    root = make_pair(tmp_path, ru=GOOD + loop, kk=GOOD + loop)
    lines = findings(root)
    assert len(lines) == 2, lines
    assert all("paragraph 5" in line and "unknown field agenda[].titel" in line
               for line in lines)


def test_unknown_filter_is_reported(tmp_path: Path) -> None:
    ru = [GOOD[0], ["Дата: {{ session.date|shout }}"], GOOD[2]]
    line = one_finding(make_pair(tmp_path, ru=ru), "templates_ru/notice.docx", 2,
                       "unknown filter 'shout'")
    assert "date" in line.split("filters are:")[1]


def test_curly_quotes_are_reported(tmp_path: Path) -> None:
    ru = [GOOD[0], ["Дата: {{ session.date|date(“attributive”) }}"], GOOD[2]]
    line = one_finding(make_pair(tmp_path, ru=ru), "templates_ru/notice.docx", 2,
                       "curly quotes")
    assert "“ ”" in line and "straight quotes" in line


def test_guillemets_are_reported(tmp_path: Path) -> None:
    kk = [GOOD[0], ["{{ session.date|date(«locative») }}"], GOOD[2]]
    lines = findings(make_pair(tmp_path, kk=kk))
    assert any(line.startswith("templates_kk/notice.docx: paragraph 2") and "« »" in line
               for line in lines), lines


def test_field_only_in_kk_is_reported(tmp_path: Path) -> None:
    kk = [*GOOD, ["{{ session.roman }} сессия"]]
    line = one_finding(make_pair(tmp_path, kk=kk), "templates_kk/notice.docx", 4,
                       "session.roman")
    assert "not in templates_ru/notice.docx" in line
    assert len(findings(tmp_path)) == 1


def test_case_forms_count_as_the_same_field(tmp_path: Path) -> None:
    ru = [*GOOD, ["о созыве {{ session.genitive }}"]]
    kk = [*GOOD, ["{{ session.accusative }} шақыру туралы"]]
    assert findings(make_pair(tmp_path, ru=ru, kk=kk)) == []


def test_missing_language_is_reported(tmp_path: Path) -> None:
    make_template(tmp_path / "templates_ru" / "agenda.docx", GOOD)
    make_pair(tmp_path)
    assert findings(tmp_path) == [
        "templates_kk/agenda.docx: missing: templates_ru/agenda.docx exists, and every kind "
        "needs both languages"]


def test_undocumented_kind_is_reported(tmp_path: Path) -> None:
    make_pair(tmp_path, kind="letter")
    lines = findings(tmp_path)
    assert len(lines) == 1 and "fields of kind letter not documented" in lines[0]


def test_builtin_templates_pass_clean() -> None:
    report = check_templates(BUILTIN_ROOT)
    assert report.findings == []
    assert report.templates >= 4
    result = run_cli("templates", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{report.templates} templates OK"


_THEME_REFERENCE = re.compile(r'w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme|themeColor|'
                              r'themeFill|themeShade|themeTint|themeFillShade|themeFillTint)=')


def test_builtin_templates_have_no_theme_and_name_times_new_roman() -> None:
    """The theme part cost LibreOffice ~20 ms per converted document; without it nothing may
    point at it: every font is named, no theme colour is used, Word and python-docx open it."""
    templates = sorted(BUILTIN_ROOT.glob("templates_*/*.docx"))
    sources = [*(ROOT / "templates_src").glob("*/*.txt")]
    assert len(templates) == len(sources) >= 14
    for path in templates:
        with zipfile.ZipFile(path) as zf:
            assert not [n for n in zf.namelist() if "theme" in n.lower()], path
            for name in zf.namelist():
                if name.endswith((".xml", ".rels")):
                    xml = zf.read(name).decode("utf-8")
                    assert "/theme" not in xml, (path, name)
                    assert not _THEME_REFERENCE.search(xml), (path, name)
            styles = zf.read("word/styles.xml").decode("utf-8")
        defaults = re.search(r"<w:rPrDefault>.*?<w:rFonts ([^>]*)/>", styles)
        assert defaults is not None, path
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert f'w:{attr}="Times New Roman"' in defaults.group(1), (path, attr)
        assert Document(str(path)).styles["Normal"].font.name == "Times New Roman"


def test_a_rendered_notice_has_no_theme_part(tmp_path: Path) -> None:
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    made = sorted(tmp_path.rglob("*.docx"))
    assert [p.name for p in made] == ["notice_kk.docx", "notice_ru.docx"]
    for path in made:
        with zipfile.ZipFile(path) as zf:
            assert not [n for n in zf.namelist() if "theme" in n], path
        assert Document(str(path)).paragraphs


def test_fields_lists_types_meanings_and_filters() -> None:
    result = run_cli("templates", "fields", "agenda")
    assert result.exit_code == 0
    assert re.search(r"session\.date\s+date\s+the session's date", result.stdout)
    assert re.search(r"agenda\[\]\.title\s+str\s+item title", result.stdout)
    assert "attributive" in result.stdout and "XXXIV" in result.stdout
    bad = run_cli("templates", "fields", "letter")
    assert bad.exit_code == 2 and "fields of kind letter not documented" in bad.stderr


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode()


@pytest.mark.parametrize("bold_tail", [False, True], ids=["same-format", "bold-tail"])
def test_normalize_repairs_split_tags(tmp_path: Path, bold_tail: bool) -> None:
    split = [("Дата: {", False), ("{ session.", False), ("date|date }} ", bold_tail),
             ("проведения", bold_tail)]
    root = make_pair(tmp_path, ru=[GOOD[0], split, ["{", "{ session.place }", "}"]])
    path = root / "templates_ru" / "notice.docx"
    before = docx_texts(path)
    assert sum("split" in line for line in findings(root)) == 2
    result = run_cli("templates", "normalize", path)
    assert result.exit_code == 0, result.output
    assert findings(root) == []
    assert docx_texts(path) == before
    assert "{{ session.date|date }}" in _document_xml(path)
    context = {"body": {"upper": "АССАМБЛЕЯ"},
               "session": {"date": dt.date(2026, 4, 26), "place": "Астана"}}
    rendered = tmp_path / "rendered.docx"
    rendered.write_bytes(CompiledTemplate(path, "ru").render(context))
    assert docx_texts(rendered) == ["АССАМБЛЕЯ", "Дата: 26 апреля 2026 года проведения",
                                    "Астана"]


def test_normalize_writes_elsewhere_with_o(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [["{{ ", "city }}"]])
    original = path.read_bytes()
    out = tmp_path / "fixed.docx"
    result = run_cli("templates", "normalize", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original
    assert "merged 1 run(s)" in result.stdout
    assert "{{ city }}" in _document_xml(out)


def _override(tmp_path: Path) -> Path:
    """An override folder with one customised template: a regional letterhead (ru notice)."""
    doc = Document(str(BUILTIN_ROOT / "templates_ru" / "notice.docx"))
    doc.paragraphs[0].insert_paragraph_before("СЕКРЕТАРИАТ МАЛОЙ АССАМБЛЕИ (ТЕСТ)")
    target = tmp_path / "over" / "templates_ru" / "notice.docx"
    target.parent.mkdir(parents=True)
    doc.save(str(target))
    return tmp_path / "over"


def test_override_folder_is_used_for_its_kind_only(tmp_path: Path) -> None:
    over = _override(tmp_path)
    out = tmp_path / "out"
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--templates", over,
                     "--out", out)
    assert result.exit_code == 0, result.output
    ru, kk = out / "session-34" / "notice_ru.docx", out / "session-34" / "notice_kk.docx"
    assert docx_texts(ru)[0] == "СЕКРЕТАРИАТ МАЛОЙ АССАМБЛЕИ (ТЕСТ)"
    plain = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path / "b")
    assert plain.exit_code == 0, plain.output
    assert docx_texts(ru)[1:] == docx_texts(tmp_path / "b" / "session-34" / "notice_ru.docx")
    assert docx_texts(kk) == docx_texts(tmp_path / "b" / "session-34" / "notice_kk.docx")
    assert "ТЕСТ" not in "\n".join(docx_texts(kk))
    assert f"note: templates_kk/notice.docx not in {over}: using the built-in template" \
        in result.stderr
    assert "templates_ru/notice.docx" not in result.stderr

    agenda = run_cli("render", "agenda", SAMPLES / "session-34.yaml", "--templates", over,
                     "--out", tmp_path / "out2")
    assert agenda.exit_code == 0, agenda.output
    assert "templates_ru/agenda.docx not in" in agenda.stderr
    builtin = run_cli("render", "agenda", SAMPLES / "session-34.yaml", "--out",
                      tmp_path / "out3")
    for lang in ("ru", "kk"):
        name = f"session-34/agenda_{lang}.docx"
        assert docx_texts(tmp_path / "out2" / name) == docx_texts(tmp_path / "out3" / name)
    assert builtin.stderr == ""


def test_override_folder_from_environment(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    over = _override(tmp_path)
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(over))
    out = tmp_path / "out"
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--lang", "ru",
                     "--out", out)
    assert result.exit_code == 0, result.output
    assert docx_texts(out / "session-34" / "notice_ru.docx")[0].endswith("(ТЕСТ)")
    assert result.stderr == ""


def test_override_folder_in_batch(tmp_path: Path) -> None:
    over = _override(tmp_path)
    out = tmp_path / "out"
    result = run_cli("batch", "notices", SAMPLES / "batch-session-34.yaml", "--templates", over,
                     "--out", out)
    assert result.exit_code == 0, result.output
    assert f"note: templates_kk/notice.docx not in {over}: using the built-in template" \
        in result.stderr
    ru = sorted(out.rglob("notice_ru.docx"))
    kk = sorted(out.rglob("notice_kk.docx"))
    assert len(ru) == len(kk) == 20
    assert all(docx_texts(path)[0].endswith("(ТЕСТ)") for path in ru)
    assert not any("ТЕСТ" in "\n".join(docx_texts(path)) for path in kk)


def _builder():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_templates",
                                                  ROOT / "tools" / "build_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_shared_piece_is_written_once_and_built_into_each_template(lang: str,
                                                                     tmp_path: Path) -> None:
    """The agenda item as the minutes record it: one source, in the minutes and the extract,
    built into the same bytes as the .docx files hold."""
    builder = _builder()
    folder = ROOT / "templates_src" / lang
    piece = (folder / "parts" / "item.txt").read_text("utf-8")
    for kind in ("minutes", "extract"):
        source = (folder / f"{kind}.txt").read_text("utf-8")
        assert "include| item.txt" in source, kind
        assert "item.election.candidates" not in source, kind  # the piece is not copied
        built = builder.build(folder / f"{kind}.txt", lang)
        assert built == (ROOT / f"templates_{lang}" / f"{kind}.docx").read_bytes()
    assert ("ПОСТАНОВИЛИ" if lang == "ru" else "ҚАУЛЫ ЕТТІ") in piece
    broken = tmp_path / "extract.txt"
    broken.write_text("title| ВЫПИСКА\ninclude| nothing.txt\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"extract\.txt:2: no shared piece"):
        builder.build(broken, lang)
