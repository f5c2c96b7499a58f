"""Every kind of real document, in both languages, through the real LibreOffice.

The documents are found at run time: every sample in ``inputs/`` is rendered for each
kind :func:`docgen.documents.data_kinds` gives it, and all of them are converted in one
:func:`convert_to_pdf` call (module fixture). The PDFs are then read back with poppler
(``pdftotext``, ``pdffonts``) and pypdf. ``docgen pdf`` and ``render --pdfa`` run through
the CLI.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import SAMPLES, read_docx_text, run_cli
from pdf_helpers import KAZAKH_LETTERS, font_characters, pdffonts, pdftotext
from pypdf import PdfReader

from docgen.output.convert import convert_to_pdf
from docgen.output.soffice import INSTALL_COMMAND
from docgen.papers.pipeline import data_kinds, render

# Times New Roman is replaced by these metric-compatible fonts with every Kazakh letter.
GOOD_FONTS = ("LiberationSerif", "Tinos")
WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> set[str]:
    """The words of a text; hyphens dropped, since pdftotext joins "іс-⏎шаралар" as one word."""
    return set(WORD.findall(text.replace("-", "")))


RU_DATE = re.compile(
    r"\d{1,2} (?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября"
    r"|ноября|декабря) \d{4} года"
)
CHECKED_KEYS = ("DocgenId", "DocgenKind", "DocgenNumber", "DocgenDate", "DocgenLang")
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
PAIRS = [(data.name, kind) for data in SAMPLE_FILES for kind in data_kinds(data)]


@dataclass
class Doc:
    """One rendered document and its PDF."""

    sample: str
    kind: str
    lang: str
    docx: Path
    pdf: Path


def flat(text: str) -> str:
    """``text`` with every run of white space made one space (PDF lines wrap)."""
    return " ".join(text.split())


def custom_properties(docx: Path) -> dict[str, str]:
    """The custom document properties (``docProps/custom.xml``) of ``docx``."""
    with zipfile.ZipFile(docx) as zf:
        root = ElementTree.fromstring(zf.read("docProps/custom.xml"))
    return {p.get("name", ""): "".join(p.itertext()) for p in root.iter(f"{_CUSTOM}property")}


def core_title(docx: Path) -> str:
    """The ``dc:title`` core property of ``docx``."""
    from docx import Document

    return Document(str(docx)).core_properties.title


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[Doc]:
    """Every sample rendered for every kind it makes, all converted in ONE call."""
    out = tmp_path_factory.mktemp("documents")
    rendered: list[tuple[str, str, Path]] = []
    for data in SAMPLE_FILES:
        for kind in data_kinds(data):
            for docx in render(kind, data, out_dir=out).written:
                rendered.append((data.name, kind, docx))
    report = convert_to_pdf([docx for _, _, docx in rendered])
    assert report.failed == {}
    assert len(report.converted) == len(rendered)
    found = []
    for sample, kind, docx in rendered:
        lang = custom_properties(docx)["DocgenLang"]
        found.append(Doc(sample, kind, lang, docx, docx.with_suffix(".pdf")))
    return found


def of(docs: list[Doc], sample: str, kind: str) -> list[Doc]:
    """The documents of one sample and kind."""
    chosen = [d for d in docs if d.sample == sample and d.kind == kind]
    assert chosen, f"{sample} made no {kind}"
    return chosen


def test_every_kind_is_covered_in_both_languages(docs: list[Doc]) -> None:
    kinds = {d.kind for d in docs}
    assert {"notice", "agenda"} <= kinds
    for kind in kinds:
        assert {d.lang for d in docs if d.kind == kind} == {"ru", "kk"}, kind
    for d in docs:
        assert d.pdf.is_file() and d.pdf.read_bytes().startswith(b"%PDF-"), d.pdf
        assert len(PdfReader(d.pdf).pages) >= 1


@pytest.mark.parametrize(("sample", "kind"), PAIRS)
def test_kk_pdf_has_the_kazakh_letters_and_words_of_its_text(
    docs: list[Doc], sample: str, kind: str
) -> None:
    for d in of(docs, sample, kind):
        if d.lang != "kk":
            continue
        source = read_docx_text(d.docx)
        text = pdftotext(d.pdf)
        letters = {ch for ch in source if ch in KAZAKH_LETTERS}
        assert letters, f"{d.docx.name} of {sample} has no Kazakh letter"
        assert letters - set(text) == set(), d.pdf
        assert words(source) - words(text) == set(), d.pdf


@pytest.mark.parametrize(("sample", "kind"), PAIRS)
def test_ru_pdf_has_its_russian_text(docs: list[Doc], sample: str, kind: str) -> None:
    for d in of(docs, sample, kind):
        if d.lang != "ru":
            continue
        source = read_docx_text(d.docx)
        text = flat(pdftotext(d.pdf))
        lines = [line for line in source.splitlines() if line.strip()]
        for heading in lines[:2]:  # the body's name and the document's title
            assert flat(heading) in text, (heading, d.pdf)
        dates = RU_DATE.findall(flat(source))
        assert dates, f"{d.docx.name} of {sample} has no date"
        for date in dates:
            assert date in text, (date, d.pdf)
        assert words(source) - words(text) == set(), d.pdf


@pytest.mark.parametrize(("sample", "kind"), PAIRS)
def test_fonts_are_embedded_and_have_the_kazakh_glyphs(
    docs: list[Doc], sample: str, kind: str
) -> None:
    for d in of(docs, sample, kind):
        fonts = pdffonts(d.pdf)
        assert fonts, d.pdf
        for font in fonts:
            assert font["emb"] == "yes", (font, d.pdf)
            assert font["name"].startswith(GOOD_FONTS), f"fallback {font['name']} in {d.pdf}"
        drawn = set().union(*font_characters(d.pdf).values())
        needed = {ch for ch in read_docx_text(d.docx) if ch in KAZAKH_LETTERS}
        assert needed <= drawn, (needed - drawn, d.pdf)


@pytest.mark.parametrize(("sample", "kind"), PAIRS)
def test_metadata_equals_the_docx_properties(docs: list[Doc], sample: str, kind: str) -> None:
    for d in of(docs, sample, kind):
        props = custom_properties(d.docx)
        info = PdfReader(d.pdf).metadata
        assert info is not None
        for key in CHECKED_KEYS:
            assert props[key] or key == "DocgenNumber", (key, d.docx)  # an agenda has none
            assert info.get(f"/{key}") == props[key], (key, d.pdf)
        assert props["DocgenKind"] == kind
        assert info.get("/Title") == core_title(d.docx) != ""


def test_render_pdfa_declares_pdfa_2_in_xmp(tmp_path: Path) -> None:
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path,
                     "--pdfa")
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    assert [p.name for p in pdfs] == ["notice_kk.pdf", "notice_ru.pdf"]
    for pdf in pdfs:
        assert str(pdf) in result.stdout
        reader = PdfReader(pdf)
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        root = ElementTree.fromstring(xmp)
        part = conformance = None
        for node in root.iter():
            part = node.get(f"{_PDFAID}part", part)
            conformance = node.get(f"{_PDFAID}conformance", conformance)
            if node.tag == f"{_PDFAID}part":
                part = node.text
            if node.tag == f"{_PDFAID}conformance":
                conformance = node.text
        assert (part, conformance) == ("2", "B"), pdf
        docx = pdf.with_suffix(".docx")
        info = reader.metadata or {}
        assert info.get("/DocgenId") == custom_properties(docx)["DocgenId"]


def test_pdf_command_reports_a_broken_docx_and_converts_the_others(
    docs: list[Doc], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    good = [d for d in docs if d.sample == "session-34.yaml"]
    assert len(good) >= 4
    for d in good:
        (folder / d.kind).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(d.docx, folder / d.kind / d.docx.name)
    (folder / "broken.docx").write_bytes(b"this is not a Word file")
    (folder / "~$lock.docx").write_bytes(b"Word's lock file")  # skipped
    (folder / ".hidden.docx").write_bytes(b"hidden")  # skipped
    out = tmp_path / "out"
    result = run_cli("pdf", folder, "--out", out, "--jobs", "2")
    assert result.exit_code == 1
    assert "broken.docx" in result.stderr
    assert "lock" not in result.output and "hidden" not in result.output
    assert "Traceback" not in result.output
    written = sorted(p.relative_to(out) for p in out.rglob("*.pdf"))
    expected = sorted(Path(d.kind) / d.pdf.name for d in good)
    assert written == expected
    for rel in expected:
        assert str(out / rel) in result.stdout
    assert [p for p in out.rglob("*") if p.name.startswith(".")] == []
    d = good[0]
    info = PdfReader(out / d.kind / d.pdf.name).metadata or {}
    assert info.get("/DocgenId") == custom_properties(d.docx)["DocgenId"]


def test_pdf_command_writes_next_to_the_docx_by_default(docs: list[Doc], tmp_path: Path) -> None:
    d = next(d for d in docs if d.lang == "kk")
    docx = shutil.copyfile(d.docx, tmp_path / d.docx.name)
    result = run_cli("pdf", docx)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(docx.with_suffix(".pdf"))]
    text = pdftotext(docx.with_suffix(".pdf"))
    assert {ch for ch in read_docx_text(docx) if ch in KAZAKH_LETTERS} <= set(text)


def test_pdf_command_refuses_two_files_for_one_pdf(docs: list[Doc], tmp_path: Path) -> None:
    first = [d for d in docs if d.docx.name == "notice_ru.docx"][:2]
    assert len(first) == 2
    result = run_cli("pdf", first[0].docx, first[1].docx, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "would both be converted" in result.stderr
    assert not (tmp_path / "out").exists()


def test_pdf_command_without_libreoffice_names_the_install_command(
    docs: list[Doc], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    result = run_cli("pdf", docs[0].docx, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert INSTALL_COMMAND in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_pdf_command_timeout_names_the_document_and_converts_the_others(
    docs: list[Doc], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.which("soffice")
    assert real
    fake = tmp_path / "fake-soffice"  # hangs on any call that includes stuck.docx
    fake.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do case "$(readlink -f "$a")" in *stuck.docx) exec sleep 60;; esac; done\n'
        f'exec {real} "$@"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(docs[0].docx, folder / "a.docx")
    shutil.copyfile(docs[0].docx, folder / "stuck.docx")
    result = run_cli("pdf", folder / "a.docx", folder / "stuck.docx", "--jobs", "2",
                     "--timeout", "15")
    assert result.exit_code == 1
    assert "stuck.docx: LibreOffice did not finish within 15 s on this document" in result.stderr
    assert result.stdout.splitlines() == [str(folder / "a.pdf")]
    assert run_cli("pdf", folder, "--timeout", "0").exit_code == 2  # must be positive


def test_pdf_command_help_has_an_example() -> None:
    result = run_cli("pdf", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "docgen pdf " in result.stdout
