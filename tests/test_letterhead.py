"""The secretariat's бланк as the first page's header (--letterhead, letterhead:).

docgen ships no emblem: these tests build a бланк the way a secretariat has one, a Word
file whose first-page header holds a picture and the names in Kazakh and Russian.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm
from helpers import SAMPLES, run_cli, sample_data, write_yaml

KK, RU = "ҚАЗАҚСТАН ХАЛҚЫ АССАМБЛЕЯСЫ ХАТШЫЛЫҒЫ", "СЕКРЕТАРИАТ АССАМБЛЕИ НАРОДА КАЗАХСТАНА"


def emblem_png(size: int = 32) -> bytes:
    """A small greyscale PNG standing in for the State Emblem."""
    rows = b"".join(b"\x00" + bytes((x * 8 + y) % 256 for x in range(size))
                    for y in range(size))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data)))

    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A бланк made in Word's way: the emblem and both names in the first page's header."""
    folder = tmp_path_factory.mktemp("blank")
    picture = folder / "emblem.png"
    picture.write_bytes(emblem_png())
    document = Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.paragraphs[0].text = KK
    header.add_paragraph().add_run().add_picture(str(picture), width=Cm(2.5))
    header.add_paragraph(RU)
    document.add_paragraph("Бланк")
    path = folder / "blank.docx"
    document.save(str(path))
    return path


def first_header(path: Path) -> tuple[str, dict[str, bytes]]:
    """The first page's header XML of a paper and the pictures its relations point to."""
    with zipfile.ZipFile(path) as zf:
        document = zf.read("word/document.xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
        rid = document.split('w:type="first" r:id="')[1].split('"')[0]
        target = rels.split(f'Id="{rid}"')[1].split('Target="')[1].split('"')[0]
        xml = zf.read(f"word/{target}").decode()
        rels_name = f"word/_rels/{target}.rels"
        header_rels = zf.read(rels_name).decode() if rels_name in zf.namelist() else ""
        pictures = {name: zf.read(name) for name in zf.namelist()
                    if name.startswith("word/media/letterhead")}
    assert all(name.rpartition("/")[2] in header_rels for name in pictures)
    return xml, pictures


def test_render_puts_the_blank_on_the_first_page_in_both_languages(blank: Path,
                                                                    tmp_path: Path) -> None:
    result = run_cli("render", "minutes", SAMPLES / "session-34-minutes.yaml",
                     "--letterhead", blank, "--out", tmp_path / "a")
    assert result.exit_code == 0, result.output
    for lang in ("ru", "kk"):
        paper = tmp_path / "a" / "session-34-minutes" / f"minutes_{lang}.docx"
        xml, pictures = first_header(paper)
        assert KK in xml and RU in xml and "<w:drawing" in xml
        assert list(pictures.values()) == [emblem_png()]
        # pages 2 on keep their page number; the text of the paper is unchanged
        assert "PAGE" in zipfile.ZipFile(paper).read("word/header1.xml").decode()
        assert "ПРОТОКОЛ № 3" in Document(str(paper)).paragraphs[2].text or lang == "kk"
    # identical input, identical bytes
    again = run_cli("render", "minutes", SAMPLES / "session-34-minutes.yaml",
                    "--letterhead", blank, "--out", tmp_path / "b")
    assert again.exit_code == 0
    for lang in ("ru", "kk"):
        name = f"session-34-minutes/minutes_{lang}.docx"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    # without it, no letterhead
    plain = run_cli("render", "minutes", SAMPLES / "session-34-minutes.yaml",
                    "--out", tmp_path / "c")
    assert plain.exit_code == 0
    xml, pictures = first_header(tmp_path / "c" / "session-34-minutes" / "minutes_ru.docx")
    assert KK not in xml and not pictures


def test_the_data_file_names_its_blank(blank: Path, tmp_path: Path) -> None:
    (tmp_path / "blank.docx").write_bytes(blank.read_bytes())
    data = sample_data("order-2026-012.yaml")
    data["letterhead"] = "blank.docx"  # relative to the data file
    path = write_yaml(tmp_path / "order.yaml", data)
    result = run_cli("render", "order", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    for lang in ("ru", "kk"):
        xml, pictures = first_header(tmp_path / "out" / "order" / f"order_{lang}.docx")
        assert RU in xml and KK in xml and pictures


def test_batch_notices_carry_the_blank(blank: Path, tmp_path: Path) -> None:
    result = run_cli("batch", "notices", SAMPLES / "batch-session-34.yaml", "--regions",
                     "karaganda,almaty", "--letterhead", blank, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    papers = sorted((tmp_path / "batch-session-34" / "regions").rglob("notice_*.docx"))
    assert len(papers) == 4
    for paper in papers:
        xml, pictures = first_header(paper)
        assert RU in xml and list(pictures.values()) == [emblem_png()]


def test_a_file_that_is_no_blank_is_refused_by_name(tmp_path: Path) -> None:
    bad = tmp_path / "blank.docx"
    bad.write_bytes(b"not a word file")
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--letterhead", bad,
                     "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "letterhead" in result.stderr and str(bad) in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
    empty = tmp_path / "empty.docx"
    Document().save(str(empty))
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--letterhead", empty,
                     "--out", tmp_path / "out")
    assert result.exit_code == 1 and "header" in result.stderr


def test_the_pack_can_call_it(blank: Path, tmp_path: Path) -> None:
    """The function the case pack uses: a paper's bytes in, the paper on the бланк out."""
    from docgen.rendering.letterhead import apply_letterhead, read_letterhead

    run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path)
    paper = (tmp_path / "session-34" / "notice_kk.docx").read_bytes()
    headed = apply_letterhead(paper, read_letterhead(blank))
    assert headed == apply_letterhead(paper, read_letterhead(blank))
    with zipfile.ZipFile(io.BytesIO(headed)) as zf:
        assert any(KK in zf.read(n).decode() for n in zf.namelist() if "header" in n
                   and n.endswith(".xml"))
