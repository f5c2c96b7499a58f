"""DOCX → PDF with the real LibreOffice: text, fonts, PDF/A, metadata, failures, timeouts.

LibreOffice start-up costs 1-3 s, so documents are converted once per module in batches
and the tests inspect the results.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pdf_helpers import (
    HANGING_SOFFICE,
    KAZAKH_LETTERS,
    KK_TEXT,
    RU_TEXT,
    TENGE,
    alive,
    docgen_properties,
    fake_soffice,
    font_characters,
    make_docx,
    pdffonts,
    pdftotext,
)
from pypdf import PdfReader

import docgen.output.convert
import docgen.output.soffice
from docgen.errors import ConversionError, ConverterNotFoundError, PdfError
from docgen.output.convert import ConversionReport, convert_to_pdf
from docgen.output.pdf_metadata import DOCGEN_KEYS, read_docx_metadata, read_pdf_metadata
from docgen.output.soffice import INSTALL_COMMAND, find_soffice

# Fonts metric-compatible with Times New Roman that have the Kazakh letters (RULES.md):
# LibreOffice maps Times New Roman to Liberation Serif (2.x has Kazakh, not ₸) and
# falls back to Tinos (fonts-croscore) for ₸.
GOOD_FONTS = ("LiberationSerif", "Tinos")
RU_PARAGRAPHS = [RU_TEXT]
KK_PARAGRAPHS = [KK_TEXT]


def _expected_meta(doc_id: str, lang: str, title: str) -> dict[str, str]:
    props = docgen_properties(doc_id, lang)
    return {"Title": title, "Subject": "notice", **props}


def _copy_docx(src: Path, dst: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a DOCX, replacing (or, with ``None``, dropping) some of its parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = replace.get(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
    return dst


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """kk, ru and a broken DOCX converted in one call (default out_dir, default jobs)."""
    folder = tmp_path_factory.mktemp("batch")
    kk = make_docx(
        folder / "хабарлама_kk.docx",
        KK_PARAGRAPHS,
        title="Хабарлама",
        lang="kk-KZ",
        doc_id="doc-kk-1",
        heading="ХАБАРЛАМА",
    )
    ru = make_docx(
        folder / "notice_ru.docx",
        RU_PARAGRAPHS,
        title="Уведомление",
        lang="ru-RU",
        doc_id="doc-ru-1",
    )
    broken = folder / "broken.docx"
    broken.write_bytes(os.urandom(4096))
    calls: list[tuple[int, int]] = []
    report = convert_to_pdf([kk, broken, ru], progress=lambda d, t: calls.append((d, t)))
    return {
        "folder": folder,
        "kk": kk,
        "ru": ru,
        "broken": broken,
        "report": report,
        "progress": calls,
    }


@pytest.fixture(scope="module")
def pdfa_batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A kk document as PDF/A-2b next to a DOCX LibreOffice cannot load, one worker."""
    src = tmp_path_factory.mktemp("pdfa_src")
    out = tmp_path_factory.mktemp("pdfa_out") / "pdf"
    kk = make_docx(
        src / "kk.docx", KK_PARAGRAPHS, title="Хабарлама", lang="kk-KZ", doc_id="doc-kk-2"
    )
    damaged = src / "damaged.docx"  # passes the DOCX check; LibreOffice cannot load it
    _copy_docx(kk, damaged, {"word/styles.xml": b"garbage<<"})
    report = convert_to_pdf([kk, damaged], out_dir=out, pdfa=True, jobs=1)
    return {"kk": kk, "damaged": damaged, "out": out, "report": report}


# ---------------------------------------------------------------------------- batch


def test_ru_and_kk_convert_next_to_their_docx(batch: dict) -> None:
    report: ConversionReport = batch["report"]
    folder: Path = batch["folder"]
    assert report.converted == [folder / "хабарлама_kk.pdf", folder / "notice_ru.pdf"]
    for pdf in report.converted:
        assert pdf.read_bytes().startswith(b"%PDF-")
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".docgen-pdf-")]
    assert leftovers == []  # staging folders are removed


def test_broken_docx_is_reported_by_name_and_others_convert(batch: dict) -> None:
    report: ConversionReport = batch["report"]
    assert list(report.failed) == [batch["broken"]]
    assert "not a DOCX" in report.failed[batch["broken"]]
    assert not report.ok
    assert len(report.converted) == 2
    assert not (batch["folder"] / "broken.pdf").exists()
    with pytest.raises(ConversionError, match=r"broken\.docx: not a DOCX") as info:
        report.raise_for_failures()
    assert "1 of 3" in str(info.value)


def test_progress_counts_every_document(batch: dict) -> None:
    calls = batch["progress"]
    assert [done for done, _ in calls] == [1, 2, 3]
    assert {total for _, total in calls} == {3}


def test_kk_pdf_text_has_every_kazakh_letter_and_tenge(batch: dict) -> None:
    text = pdftotext(batch["folder"] / "хабарлама_kk.pdf")
    for letter in KAZAKH_LETTERS + TENGE:
        assert letter in text, f"{letter!r} missing from the kk PDF text"
    assert "Ассамблеясының кеңесі" in text


def test_ru_pdf_text(batch: dict) -> None:
    text = " ".join(pdftotext(batch["folder"] / "notice_ru.pdf").split())
    assert " ".join(RU_TEXT.split()) in text


@pytest.mark.parametrize("name", ["хабарлама_kk.pdf", "notice_ru.pdf"])
def test_fonts_are_embedded_and_have_the_glyphs(batch: dict, name: str) -> None:
    pdf = batch["folder"] / name
    fonts = pdffonts(pdf)
    assert fonts
    for font in fonts:
        assert font["emb"] == "yes", f"{font['name']} is not embedded in {name}"
        assert font["name"].startswith(GOOD_FONTS), f"fallback font {font['name']} in {name}"
    drawn = font_characters(pdf)
    assert all(name.startswith(GOOD_FONTS) for name in drawn)
    all_drawn = set().union(*drawn.values())
    wanted = set(KAZAKH_LETTERS + TENGE) if "kk" in name else set(TENGE + "Съешь")
    assert wanted <= all_drawn


def test_metadata_is_stamped_into_the_info_dictionary(batch: dict) -> None:
    folder: Path = batch["folder"]
    kk = read_pdf_metadata(folder / "хабарлама_kk.pdf")
    ru = read_pdf_metadata(folder / "notice_ru.pdf")
    for meta, doc_id, lang, title in (
        (kk, "doc-kk-1", "kk-KZ", "Хабарлама"),
        (ru, "doc-ru-1", "ru-RU", "Уведомление"),
    ):
        for key, value in _expected_meta(doc_id, lang, title).items():
            assert meta[key] == value, key
        assert "notice" in meta["Keywords"] and lang in meta["Keywords"]
    # the same fields straight from pypdf, with the slash
    reader = PdfReader(folder / "хабарлама_kk.pdf")
    info = reader.metadata
    assert info is not None
    assert info["/DocgenId"] == "doc-kk-1"
    assert info["/DocgenDate"] == "2026-03-12"
    assert info["/DocgenNumber"] == "0012"
    assert info["/Producer"].startswith("LibreOffice")  # LibreOffice's own entries stay
    assert reader.trailer["/Root"]["/Lang"] == "kk-KZ"


# ---------------------------------------------------------------------------- PDF/A


def test_pdfa_declares_pdfa_2b_in_xmp(pdfa_batch: dict) -> None:
    report: ConversionReport = pdfa_batch["report"]
    pdf = pdfa_batch["out"] / "kk.pdf"
    assert report.converted == [pdf]
    reader = PdfReader(pdf)
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.pdfaid_part == "2"
    assert xmp.pdfaid_conformance == "B"
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in raw
    assert "/Filter" not in reader.trailer["/Root"]["/Metadata"].get_object()
    assert reader.pdf_header == "%PDF-1.6"


def test_pdfa_keeps_metadata_in_info_and_xmp(pdfa_batch: dict) -> None:
    pdf = pdfa_batch["out"] / "kk.pdf"
    meta = read_pdf_metadata(pdf)
    for key, value in _expected_meta("doc-kk-2", "kk-KZ", "Хабарлама").items():
        assert meta[key] == value, key
    xmp = PdfReader(pdf).xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": "Хабарлама"}
    assert xmp.dc_language == ["kk-KZ"]
    raw = xmp.stream.get_data().decode()
    assert "<docgen:DocgenId>doc-kk-2</docgen:DocgenId>" in raw
    assert "<pdfaSchema:prefix>docgen</pdfaSchema:prefix>" in raw  # extension schema


def test_pdfa_fonts_and_text(pdfa_batch: dict) -> None:
    pdf = pdfa_batch["out"] / "kk.pdf"
    assert all(f["emb"] == "yes" and f["name"].startswith(GOOD_FONTS) for f in pdffonts(pdf))
    text = pdftotext(pdf)
    assert all(letter in text for letter in KAZAKH_LETTERS + TENGE)


def test_docx_libreoffice_cannot_load_is_retried_and_reported(pdfa_batch: dict) -> None:
    report: ConversionReport = pdfa_batch["report"]
    assert list(report.failed) == [pdfa_batch["damaged"]]
    assert "could not be loaded" in report.failed[pdfa_batch["damaged"]]
    assert not (pdfa_batch["out"] / "damaged.pdf").exists()
    assert sorted(p.name for p in pdfa_batch["out"].iterdir()) == ["kk.pdf"]


# ---------------------------------------------------------------------------- timeouts


def test_timeout_is_per_document_names_it_and_does_not_retry_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_soffice(tmp_path, HANGING_SOFFICE)
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    profiles = tmp_path / "tmp"
    profiles.mkdir()
    monkeypatch.setattr(docgen.output.convert, "scratch_root", lambda: profiles)
    docs = [
        make_docx(tmp_path / f"n{i}.docx", ["Текст"], title="T", lang="ru-RU", doc_id=f"id{i}")
        for i in (1, 2)
    ]
    started = time.monotonic()
    report = convert_to_pdf(docs, jobs=1, timeout=0.5)
    elapsed = time.monotonic() - started
    assert report.converted == []
    assert list(report.failed) == docs
    for reason in report.failed.values():
        assert reason == "LibreOffice did not finish within 0.5 s on this document and was killed"
    with pytest.raises(ConversionError, match=r"n1\.docx: LibreOffice did not finish"):
        report.raise_for_failures()
    calls = (tmp_path / "calls.log").read_text().splitlines()
    # n1 hangs: it is given up on and the call starts again with the documents after it
    assert [line.split(" ", 2)[2] for line in calls] == ["n1.docx n2.docx", "n2.docx"]
    assert elapsed < 5  # 0.5 s per hung document, nothing retried
    pids = [int(pid) for line in calls for pid in line.split()[:2]]
    assert not [pid for pid in pids if alive(pid)], "a soffice process was left running"
    assert not list(profiles.iterdir())  # profiles and staging removed
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".docgen-pdf-")]
    assert not list(tmp_path.glob("*.pdf"))


def test_the_budget_caps_the_whole_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = fake_soffice(tmp_path, HANGING_SOFFICE)
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    docs = [
        make_docx(tmp_path / f"b{i}.docx", ["Текст"], title="T", lang="ru-RU", doc_id=f"b{i}")
        for i in range(4)
    ]
    started = time.monotonic()
    report = convert_to_pdf(docs, jobs=1, timeout=30, budget=0.6)
    assert time.monotonic() - started < 5
    assert list(report.failed) == docs
    assert set(report.failed.values()) == {"not converted: the run's time budget ran out"}
    with pytest.raises(ValueError, match="positive"):
        convert_to_pdf(docs, budget=0)


CRASHING_SOFFICE = """\
import os, signal, subprocess, sys
REAL = {real!r}
log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.log")
args = sys.argv[1:]
docs = [a for a in args if a.endswith(".docx")]
with open(log, "a") as fh:
    fh.write(" ".join(os.path.basename(os.path.realpath(d)) for d in docs) + "\\n")
if len(docs) == 1:
    os.execv(REAL, [REAL, *args])
# a batch: convert the first file for real, then crash
subprocess.run([REAL, *[a for a in args if a not in docs[1:]]], check=True)
os.kill(os.getpid(), signal.SIGSEGV)
"""


def test_crash_mid_batch_keeps_finished_pdf_and_retries_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.which("soffice") or find_soffice()
    fake = fake_soffice(tmp_path, CRASHING_SOFFICE.format(real=real))
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    docs = [
        make_docx(tmp_path / f"c{i}.docx", [RU_TEXT], title="T", lang="ru-RU", doc_id=f"c{i}")
        for i in (1, 2)
    ]
    report = convert_to_pdf(docs, jobs=1, timeout=60)
    assert report.failed == {}
    assert report.converted == [tmp_path / "c1.pdf", tmp_path / "c2.pdf"]
    assert (tmp_path / "calls.log").read_text().splitlines() == ["c1.docx c2.docx", "c2.docx"]
    assert read_pdf_metadata(tmp_path / "c2.pdf")["DocgenId"] == "c2"


LOGGING_SOFFICE = """\
import os, sys
log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.log")
docs = [a for a in sys.argv[1:] if a.endswith(".docx")]
with open(log, "a") as fh:
    fh.write(" ".join(os.path.relpath(os.path.realpath(d), {root!r}) for d in docs) + "\\n")
os.execv({real!r}, [{real!r}, *sys.argv[1:]])
"""


def test_files_from_many_folders_take_one_soffice_call_per_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.which("soffice") or find_soffice()
    fake = fake_soffice(tmp_path, LOGGING_SOFFICE.format(real=real, root=str(tmp_path)))
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    docs = []
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        docs.append(make_docx(tmp_path / folder / "notice_ru.docx", [RU_TEXT], title="T",
                              lang="ru-RU", doc_id=f"{folder}-ru"))
    report = convert_to_pdf(docs, jobs=2, timeout=60)
    assert report.failed == {}
    assert report.converted == [tmp_path / f / "notice_ru.pdf" for f in ("a", "b", "c")]
    for folder in ("a", "b", "c"):
        assert read_pdf_metadata(tmp_path / folder / "notice_ru.pdf")["DocgenId"] == f"{folder}-ru"
    calls = (tmp_path / "calls.log").read_text().splitlines()
    assert sorted(calls) == ["a/notice_ru.docx b/notice_ru.docx", "c/notice_ru.docx"]


COUNTING_SOFFICE = """\
import os, sys
log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.log")
with open(log, "a") as fh:
    fh.write(f"{sum(a.endswith('.docx') for a in sys.argv[1:])}\\n")
"""


def test_calls_through_the_soffice_script_keep_their_file_names_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # oosplash (the soffice script) drops the files past ~16 KB of arguments, exiting 0
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake_soffice(tmp_path, COUNTING_SOFFICE)))
    monkeypatch.setattr(docgen.output.convert, "_MAX_SCRIPT_ARGS", 100)
    docs = [make_docx(tmp_path / f"s{i}.docx", ["x"], title="T", lang="ru-RU", doc_id=f"s{i}")
            for i in range(7)]
    report = convert_to_pdf(docs, jobs=1, timeout=30)
    assert list(report.failed) == docs  # the fake converts nothing
    calls = [int(n) for n in (tmp_path / "calls.log").read_text().split()]
    link = len(str(docgen.output.convert.scratch_root() / "docgen-pdf-123456-abcdefgh" /
                   "000000.docx")) + 1
    per_call = max(1, 100 // link)
    assert 1 < per_call < 7
    batches = [per_call] * (7 // per_call) + [7 % per_call] * (7 % per_call > 0)
    assert calls == batches + [1] * 7  # then each refused document retried alone


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


KILLED_RUN = """\
import sys
from pathlib import Path
import docgen.output.convert as convert
convert.scratch_root = lambda: Path(sys.argv[1])
convert.convert_to_pdf([Path(p) for p in sys.argv[2:]], jobs=2)
"""
SILENT_SOFFICE = """\
import os
os.execv("/bin/sleep", ["sleep", "120"])  # a LibreOffice hung on a document: no output
"""


def test_no_soffice_is_left_running_after_kill_9_of_docgen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A converting LibreOffice dies of SIGPIPE with docgen; a hung one writes nothing and
    # would run on without the parent-death signal.
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake_soffice(tmp_path, SILENT_SOFFICE)))
    docs = [
        make_docx(tmp_path / f"k{i}.docx", [RU_TEXT], title="T", lang="ru-RU", doc_id=f"k{i}")
        for i in range(4)
    ]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_RUN, scratch, *map(str, docs)])
    soffices: list[int] = []
    give_up = time.monotonic() + 60
    while len(soffices) < 2 and time.monotonic() < give_up and proc.poll() is None:
        soffices = _children(proc.pid)
        time.sleep(0.05)
    assert len(soffices) == 2, "two LibreOffice workers should be running"
    proc.kill()  # SIGKILL: docgen's own clean-up never runs
    proc.wait()
    give_up = time.monotonic() + 10
    while [pid for pid in soffices if alive(pid)] and time.monotonic() < give_up:
        time.sleep(0.05)
    survivors = [pid for pid in soffices if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "LibreOffice outlived docgen"
    assert [p.name.split("-")[2] for p in scratch.iterdir()] == [str(proc.pid)]
    # the next run removes the private files the killed one could not
    monkeypatch.delenv("DOCGEN_SOFFICE")
    monkeypatch.setattr(docgen.output.convert, "scratch_root", lambda: scratch)
    assert convert_to_pdf(docs[:1], timeout=60).failed == {}
    assert list(scratch.iterdir()) == []


def test_private_profiles_and_staging_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(docgen.output.convert, "scratch_root", lambda: temp)
    doc = make_docx(tmp_path / "p.docx", [RU_TEXT], title="T", lang="ru-RU", doc_id="p")
    report = convert_to_pdf([doc], timeout=60)
    assert report.converted == [tmp_path / "p.pdf"]
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.docx", "p.pdf", "tmp"]


# ---------------------------------------------------------------------------- the rest


def test_find_soffice_prefers_docgen_soffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_soffice(tmp_path, "")
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    assert find_soffice() == str(fake)
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "missing"))
    with pytest.raises(ConverterNotFoundError, match="DOCGEN_SOFFICE"):
        find_soffice()


def test_find_soffice_on_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    assert os.access(find_soffice(), os.X_OK)


def test_missing_libreoffice_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(docgen.output.soffice, "_COMMON_PATHS", (str(tmp_path / "nothing*"),))
    with pytest.raises(ConverterNotFoundError) as info:
        find_soffice()
    assert INSTALL_COMMAND in str(info.value)
    assert INSTALL_COMMAND == (
        "sudo apt-get install libreoffice-writer-nogui fonts-croscore fonts-liberation2"
    )
    doc = make_docx(tmp_path / "a.docx", ["x"], title="T", lang="ru-RU", doc_id="a")
    with pytest.raises(ConverterNotFoundError):
        convert_to_pdf([doc])


def test_nothing_to_convert_and_missing_files(tmp_path: Path) -> None:
    assert convert_to_pdf([]) == ConversionReport()
    report = convert_to_pdf([tmp_path / "nowhere.docx"])
    assert report.failed == {tmp_path / "nowhere.docx": "file not found"}


def test_two_inputs_for_one_pdf_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    docs = [
        make_docx(tmp_path / d / "same.docx", ["x"], title="T", lang="ru-RU", doc_id=d)
        for d in ("a", "b")
    ]
    with pytest.raises(ConversionError, match=r"same\.pdf"):
        convert_to_pdf(docs, out_dir=tmp_path / "out")


def test_read_docx_metadata_falls_back_to_core_properties(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "a.docx", ["x"], title="Т", lang="kk-KZ", doc_id="abc")
    meta = read_docx_metadata(doc)
    assert {k: meta[k] for k in DOCGEN_KEYS} == docgen_properties("abc", "kk-KZ")
    stripped = _copy_docx(doc, tmp_path / "b.docx", {"docProps/custom.xml": None})
    meta = read_docx_metadata(stripped)
    assert meta["DocgenId"] == "abc"
    assert meta["DocgenKind"] == "notice"
    assert meta["DocgenLang"] == "kk-KZ"


def test_read_pdf_metadata_refuses_a_non_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(PdfError, match=r"x\.pdf"):
        read_pdf_metadata(bad)


def test_damaged_docx_is_refused_before_libreoffice(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx", ["x"], title="T", lang="ru-RU", doc_id="g")
    cut = _copy_docx(good, tmp_path / "cut.docx", {"word/document.xml": b"<w:doc"})
    empty = _copy_docx(good, tmp_path / "empty.docx", {"word/document.xml": None})
    crc = tmp_path / "crc.docx"
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("word/document.xml")
    data[info.header_offset + 30 + len(info.filename) + 10] ^= 0xFF  # inside the data
    crc.write_bytes(bytes(data))
    report = convert_to_pdf([cut, empty, crc])
    assert report.converted == []
    assert "word/document.xml" in report.failed[cut]
    assert "no word/document.xml" in report.failed[empty]
    assert report.failed[crc].startswith(("damaged DOCX", "not a DOCX"))


# ---------------------------------------------------------------------------- real documents


@pytest.fixture(scope="module")
def real_notices(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], ConversionReport]:
    """The engine's ru and kk notices of session 34, converted to PDF."""
    from docgen.papers.pipeline import render

    out = tmp_path_factory.mktemp("real")
    data = Path(__file__).resolve().parent.parent / "inputs" / "session-34.yaml"
    written = render("notice", data, out_dir=out).written
    return written, convert_to_pdf(written)


def _docx_text(docx: Path) -> str:
    from docx import Document

    document = Document(str(docx))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_real_notices_convert_with_their_metadata_text_and_fonts(
    real_notices: tuple[list[Path], ConversionReport],
) -> None:
    written, report = real_notices
    assert report.failed == {}
    assert report.converted == [docx.with_suffix(".pdf") for docx in written]
    langs = set()
    for docx, pdf in zip(written, report.converted, strict=True):
        expected = read_docx_metadata(docx)
        meta = read_pdf_metadata(pdf)
        for key in ("Title", "Subject", *DOCGEN_KEYS):
            assert meta[key] == expected[key], key
        langs.add(meta["DocgenLang"])
        for font in pdffonts(pdf):
            assert font["emb"] == "yes" and font["name"].startswith(GOOD_FONTS), font
        text = pdftotext(pdf)
        needed = {c for c in _docx_text(docx) if c in KAZAKH_LETTERS + TENGE}
        assert needed <= set(text), f"{pdf.name} lost {needed - set(text)}"
        if meta["DocgenLang"] == "kk":
            assert needed, "the kk notice should use Kazakh letters"
    assert langs == {"ru", "kk"}
