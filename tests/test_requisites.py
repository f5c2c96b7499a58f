"""Requisites official papers always carry, read back from the rendered papers (ru and kk).

Page numbers from page 2 (a Word PAGE field in the header, first page different); the
document id small in the footer of every page; notices: the outgoing registration number as
configured (DOCGEN_INDEX_FORMAT) and the executor with a phone; minutes: the agenda and the way
of voting approved first, the times, the annexed list of members present; Council decisions:
control of execution and the distribution list.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest
from helpers import read_docx_text, run_cli, sample_data, write_yaml
from pdf_helpers import pdftotext

from docgen.errors import DataError
from docgen.output.convert import convert_to_pdf
from docgen.papers.pipeline import render

SAMPLES = Path(__file__).resolve().parent.parent / "inputs"
KINDS = [("notice", "session-34.yaml"), ("agenda", "session-34.yaml"),
         ("minutes", "session-34-minutes.yaml"), ("minutes", "council-2026-05-02.yaml"),
         ("decision", "council-2026-05-02.yaml"), ("order", "order-2026-012.yaml")]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    """Every kind of the samples in both languages: (kind, sample stem, lang) → .docx."""
    out = tmp_path_factory.mktemp("requisites")
    found = {}
    for kind, sample in KINDS:
        for path in render(kind, SAMPLES / sample, out_dir=out / kind).written:
            found[(kind, Path(sample).stem, path.stem[-2:], path.name)] = path
    return {key[:3]: path for key, path in sorted(found.items())}  # decision: the last one


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode("utf-8")


def _rel_targets(path: Path) -> dict[str, str]:
    """header/footer reference type → part name, from the section properties."""
    document = _part(path, "word/document.xml")
    rels = _part(path, "word/_rels/document.xml.rels")
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    targets.update({i: t for t, i in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    refs = re.findall(r'<w:(header|footer)Reference w:type="(\w+)" r:id="(rId\d+)"', document)
    return {f"{part}:{kind}": "word/" + targets[rid] for part, kind, rid in refs}


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize(("kind", "sample"), KINDS)
def test_page_number_from_page_two_and_the_id_in_every_footer(papers, kind, sample, lang):
    path = papers[(kind, Path(sample).stem, lang)]
    assert "<w:titlePg/>" in _part(path, "word/document.xml")  # first page different
    parts = _rel_targets(path)
    default_header = _part(path, parts["header:default"])
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", default_header)
    assert 'w:val="center"' in default_header
    assert "PAGE" not in _part(path, parts["header:first"])  # no number on page 1
    custom = _part(path, "docProps/custom.xml")
    doc_id = re.search(r'name="DocgenId"><vt:lpwstr>(DG-[0-9A-F]+)<', custom).group(1)
    for footer in ("footer:first", "footer:default"):
        xml = _part(path, parts[footer])
        assert doc_id in xml
        assert '<w:sz w:val="16"/>' in xml  # 8 pt: small
    assert doc_id not in read_docx_text(path)  # in the footer, not in the text


@pytest.fixture(scope="module")
def pdfs(papers) -> dict[tuple[str, str, str], Path]:
    """The papers as PDF beside their DOCX (LibreOffice), one conversion for all."""
    keys = sorted(papers)
    convert_to_pdf([papers[k] for k in keys]).raise_for_failures()
    return {k: papers[k].with_suffix(".pdf") for k in keys}


def test_page_numbers_and_id_in_the_pdf(pdfs):
    """LibreOffice draws the PAGE field: page 2 starts with "2", page 1 has no number."""
    for key in (("minutes", "council-2026-05-02", "ru"), ("minutes", "council-2026-05-02", "kk")):
        pages = pdftotext(pdfs[key]).split("\f")
        assert len([p for p in pages if p.strip()]) >= 2
        assert pages[1].strip().startswith("2")
        assert not pages[0].strip().startswith("1")
    for path in pdfs.values():
        pages = [p for p in pdftotext(path).split("\f") if p.strip()]
        ids = set(re.findall(r"DG-[0-9A-F]{16}", "".join(pages)))
        assert len(ids) == 1, path.name
        doc_id = ids.pop()
        assert all(doc_id in page for page in pages), path.name  # on every page


THREE_SPACES = 3 * 0.25 * 14  # points: a space of Times New Roman 14 pt is a quarter em
SIGNERS = ("Председатель", "Секретарь", "Председательствующий", "Төраға", "Хатшы",
           "Төрағалық етуші")


def _lines(pdf: Path) -> list[tuple[int, list[tuple[float, float, str]]]]:
    """(page, words with x from/to) of every line, from pdftotext's bounding boxes."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    found = []
    for page, body in enumerate(re.findall(r"<page[^>]*>(.*?)</page>", xml, re.S), start=1):
        for line in re.findall(r"<line[^>]*>(.*?)</line>", body, re.S):
            words = [(float(a), float(b), html.unescape(w)) for a, b, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
                r"([^<]*)</word>", line)]
            found.append((page, words))
    return found


def test_layout_no_stretched_lines_no_stranded_heading_or_signature(pdfs):
    for path in pdfs.values():
        lines = _lines(path)
        for _, words in lines:
            gaps = [b[0] - a[1] for a, b in pairwise(words)]
            # two columns (date || number, label || name) are far apart; text never stretches
            assert not [g for g in gaps if THREE_SPACES < g < 120], (path.name, words)
        pages = sorted({page for page, _ in lines})
        for page in pages:
            text = [" ".join(w for _, _, w in words) for p, words in lines
                    if p == page and words and not words[0][2].startswith("DG-")]
            if page > 1:
                text = text[1:]  # the page number
                assert not text[0].startswith(SIGNERS), (path.name, page, text[:3])
            if page < pages[-1]:
                assert not text[-1].endswith(":"), (path.name, page, text[-1])


def test_notice_number_as_configured(tmp_path, monkeypatch):
    text = lambda lang: read_docx_text(tmp_path / "o" / "session-34" / f"notice_{lang}.docx")  # noqa: E731
    render("notice", SAMPLES / "session-34.yaml", out_dir=tmp_path / "o")
    # default: the case index and the number when the file gives notice_index
    assert "\n№ 01-15/15\n" in text("ru") and "\n№ 01-15/15\n" in text("kk")
    monkeypatch.setenv("DOCGEN_INDEX_FORMAT", "{number}")
    render("notice", SAMPLES / "session-34.yaml", out_dir=tmp_path / "o")
    assert "\n№ 15\n" in text("ru") and "\n№ 15\n" in text("kk")
    monkeypatch.setenv("DOCGEN_INDEX_FORMAT", "{index}/{number}")
    render("notice", SAMPLES / "session-34.yaml", out_dir=tmp_path / "o")
    assert "\n№ 01-15/15\n" in text("ru") and "\n№ 01-15/15\n" in text("kk")
    monkeypatch.setenv("DOCGEN_INDEX_FORMAT", "{index}/{number}-{year}")
    render("notice", SAMPLES / "session-34.yaml", out_dir=tmp_path / "o")
    assert "\n№ 01-15/15-2026\n" in text("ru")


def test_notice_index_needed_by_the_format_is_named(tmp_path, monkeypatch):
    data = sample_data("session-34.yaml")
    del data["notice_index"]
    path = write_yaml(tmp_path / "no-index.yaml", data)
    monkeypatch.setenv("DOCGEN_INDEX_FORMAT", "{index}/{number}")
    result = run_cli("render", "notice", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert re.search(r"no-index\.yaml:\d+: field 'convocation.notice_number'", result.stderr)
    assert "notice_index" in result.stderr and "Traceback" not in result.stderr
    for bad in ("{index}", "{number}/{case}", "{number"):
        monkeypatch.setenv("DOCGEN_INDEX_FORMAT", bad)
        with pytest.raises(DataError, match="DOCGEN_INDEX_FORMAT"):
            render("notice", SAMPLES / "session-34.yaml", out_dir=tmp_path / "bad")


def test_allocated_number_takes_the_configured_form(tmp_path, monkeypatch):
    data = sample_data("session-34.yaml")
    del data["convocation"]["notice_number"]
    path = write_yaml(tmp_path / "unnumbered.yaml", data)
    monkeypatch.setenv("DOCGEN_INDEX_FORMAT", "{index}/{number}")
    result = render("notice", path, out_dir=tmp_path / "out", archive_dir=tmp_path / "archive")
    for written in result.written:
        assert "\n№ 01-15/1\n" in read_docx_text(written)


def test_notice_executor_and_phone_at_the_bottom(papers):
    for lang, label, name in (("ru", "Исп.", "Сагинтаева М.С."),
                              ("kk", "Орынд.", "Сағынтаева М.С.")):
        lines = [ln for ln in read_docx_text(papers[("notice", "session-34", lang)]).splitlines()
                 if ln.strip()]
        assert lines[-2:] == [f"{label}: {name}", "Тел.: 8 (7172) 74-01-15"]
    agenda = read_docx_text(papers[("agenda", "session-34", "ru")])
    assert "Исп.:" not in agenda


def test_notice_without_executor_has_no_executor_lines(tmp_path):
    data = sample_data("session-34.yaml")
    del data["executor"]
    result = render("notice", write_yaml(tmp_path / "n.yaml", data), out_dir=tmp_path / "o")
    for path in result.written:
        text = read_docx_text(path)
        assert "Исп.:" not in text and "Орынд.:" not in text and "Тел.:" not in text


@pytest.mark.parametrize(("lang", "decided", "votes", "times"), [
    ("ru", "ПОСТАНОВИЛИ: утвердить повестку дня; голосование провести открыто; по вопросу 3 "
           "провести тайное голосование; избрать счетную комиссию в составе: Абеновой М.Н., "
           "Коваленко Б.С., Тулегеновой К.Ж.",
     "Результаты голосования: «за» — 350, «против» — 0, «воздержались» — 2. Решение принято.",
     "Время начала: 10:00, окончания: 13:30"),
    ("kk", "ҚАУЛЫ ЕТТІ: күн тәртібі бекітілсін; дауыс беру ашық өткізілсін; 3-мәселе "
           "бойынша жасырын дауыс беру өткізілсін; есеп комиссиясы мына құрамда "
           "сайлансын: Әбенова М.Н., Коваленко Б.С., Төлегенова К.Ж.",
     "Дауыс беру нәтижесі: «жақтап» — 350, «қарсы» — 0, «қалыс қалды» — 2. Шешім қабылданды.",
     "Басталған уақыты: 10:00, аяқталған уақыты: 13:30"),
])
def test_minutes_approve_the_agenda_first_and_give_the_times(papers, lang, decided, votes,
                                                             times):
    lines = read_docx_text(papers[("minutes", "session-34-minutes", lang)]).splitlines()
    first_item = next(i for i, ln in enumerate(lines) if ln.startswith(("СЛУШАЛИ", "ТЫҢДАЛДЫ")))
    at = lines.index(decided)
    assert at < first_item and lines[at + 1] == votes  # the first recorded decision
    assert times in lines


def test_minutes_annex_the_list_of_members_present(papers):
    ru = read_docx_text(papers[("minutes", "council-2026-05-02", "ru")]).splitlines()
    kk = read_docx_text(papers[("minutes", "council-2026-05-02", "kk")]).splitlines()
    assert "Список присутствующих прилагается." in ru
    assert "Қатысушылардың тізімі қоса беріледі." in kk
    assert "Приложение к протоколу № 4" in ru and "от 2 мая 2026 года" in ru
    assert "2026 жылғы 2 мамырдағы № 4 хаттамаға" in kk and "қосымша" in kk
    for lines, heading, first, last in (
            (ru, "СПИСОК ПРИСУТСТВУЮЩИХ", "1. Абишев Нурлан Кайратулы",
             "28. Шпекбаев Алик Жаткамбаевич"),
            (kk, "ҚАТЫСУШЫЛАРДЫҢ ТІЗІМІ", "1. Әбішев Нұрлан Қайратұлы",
             "28. Шпекбаев Алик Жатқамбайұлы")):
        at = lines.index(heading)
        listed = [ln for ln in lines[at + 1:] if ln.strip()]
        assert listed[0] == first and listed[-1] == last and len(listed) == 28
    # the annex starts a new page
    document = _part(papers[("minutes", "council-2026-05-02", "ru")], "word/document.xml")
    assert "<w:pageBreakBefore/>" in document
    session = read_docx_text(papers[("minutes", "session-34-minutes", "ru")])
    # no list of names: the register is annexed instead, and no annex of names
    assert "Список присутствующих" not in session and "Приложение" not in session
    assert "Явочный лист прилагается." in session


def test_a_poll_has_no_agenda_vote_and_no_times(tmp_path):
    result = render("minutes", SAMPLES / "council-poll-2026-06.yaml", out_dir=tmp_path)
    for path in result.written:
        text = read_docx_text(path)
        for absent in ("утвердить повестку дня", "Время начала", "күн тәртібі бекітілсін",
                       "Басталған уақыты"):
            assert absent not in text


@pytest.mark.parametrize(("lang", "control", "heading", "first"), [
    ("ru", "2. Контроль за исполнением настоящего решения возложить на заведующего "
     "Секретариатом Ассамблеи народа Казахстана А.С. Мусина.", "Рассылка:",
     "Администрация Президента Республики Казахстан"),
    ("kk", "2. Осы шешімнің орындалуын бақылау Қазақстан халқы Ассамблеясы Хатшылығының "
     "меңгерушісі А.С. Мусинге жүктелсін.", "Таратылсын:",
     "Қазақстан Республикасы Президентінің Әкімшілігі"),
])
def test_decisions_carry_control_and_distribution(papers, lang, control, heading, first):
    lines = read_docx_text(papers[("decision", "council-2026-05-02", lang)]).splitlines()
    assert control in lines
    at = lines.index(heading)
    # the file's list (the Majilis nominations add the election commission in their item)
    assert lines[at + 1] == first and len([ln for ln in lines[at + 1:] if ln.strip()]) == 2


def test_an_item_control_wins_over_the_sessions(tmp_path):
    data = sample_data("council-2026-05-02.yaml")
    data["agenda"][0]["control"] = {"name": "Ким Виктор Александрович",
                                    "position": {"ru": "член Совета", "kk": "Кеңес мүшесі"}}
    data["agenda"][0]["distribution"] = [{"ru": "Маслихаты", "kk": "Мәслихаттар"}]
    result = render("decision", write_yaml(tmp_path / "c.yaml", data), out_dir=tmp_path / "o")
    texts = {p.name: read_docx_text(p) for p in result.written}
    assert "возложить на члена Совета В.А. Кима." in texts["decision_1_ru.docx"]
    assert "Кеңес мүшесі В.А. Кимге жүктелсін." in texts["decision_1_kk.docx"]
    assert "Маслихаты" in texts["decision_1_ru.docx"]
    assert "А.С. Мусина" in texts["decision_2_ru.docx"]  # the session's default


def test_no_yo_in_any_paper_or_template_source(papers):
    for path in papers.values():
        assert "ё" not in read_docx_text(path).lower(), path.name
    for source in (Path(__file__).resolve().parent.parent / "templates_src").rglob("*.txt"):
        assert "ё" not in source.read_text("utf-8").lower(), source
