"""Batch notices to the 20 small assemblies: all or nothing, deterministic, same text as docxtpl."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import jinja2
import pytest
from docxtpl import DocxTemplate
from helpers import SAMPLES, docx_texts, files_under, read_docx_text, run_cli

from docgen.errors import DocgenError
from docgen.input.regions import load_regions
from docgen.output.batch import batch_notices, plan_batch
from docgen.rendering.engine import _zip_bytes, compiled
from docgen.rendering.lang import filters_for

DATA = SAMPLES / "batch-session-34.yaml"
STEM = "batch-session-34"


def _custom_props(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("docProps/custom.xml").decode()
    return dict(re.findall(r'name="(\w+)"><vt:lpwstr>([^<]*)</vt:lpwstr>', xml))


def _line_of(path: Path, text: str) -> int:
    """1-based line of the first line of ``path`` that contains ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


# Regions whose notice states another time, place or date, each with its reason.
OVERRIDES = """  astana:
    reason: {ru: "заседание секции в Доме дружбы", kk: "секция отырысы Достық үйінде"}
    place:
      ru: "г. Астана, Дом дружбы"
      kk: "Астана қ., Достық үйі"
    time: "11:00"
  shymkent:
    reason: {ru: "выездное заседание", kk: "көшпелі отырыс"}
    date: 2026-04-28
    time: "15:00"
    place:
      ru: "г. Шымкент, Дом дружбы, зал заседаний"
      kk: "Шымкент қ., Достық үйі, мәжіліс залы"
"""


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the sample, with the regional overrides, ``old`` replaced by ``new`` once."""
    source = DATA.read_text(encoding="utf-8").replace("regions:\n", "regions:\n" + OVERRIDES)
    assert source.count(old) == 1, old
    target = tmp_path / "batch.yaml"
    target.write_text(source.replace(old, new), encoding="utf-8")
    return target


def _regional(tmp_path: Path) -> Path:
    """The sample with regions that differ (and say why)."""
    return _variant(tmp_path, "  astana:\n", "  astana:\n")


def test_all_regions_write_40_notices_and_a_true_manifest(out_dir: Path) -> None:
    result = run_cli("batch", "notices", DATA, "--regions", "all", "--out", out_dir)
    assert result.exit_code == 0, result.output
    folder = out_dir / STEM
    notices = sorted(folder.glob("regions/*/notice_*.docx"))
    assert len(notices) == 40
    assert files_under(folder) == sorted([*notices, folder / "manifest.json"])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["documents"]
    assert len(entries) == 40 == manifest["count"]
    assert entries == sorted(entries, key=lambda e: (e["region"], e["lang"], e["path"]))
    assert {(e["region"], e["lang"]) for e in entries} == {
        (rid, lang) for rid in load_regions() for lang in ("ru", "kk")}
    for entry in entries:
        path = folder / entry["path"]
        assert path == folder / "regions" / entry["region"] / f"notice_{entry['lang']}.docx"
        assert entry["language"] == entry["lang"]  # the issue and README name it 'language'
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
    assert "40 notices for 20 region(s)" in result.output


def test_each_notice_is_addressed_to_its_own_region(tmp_path: Path) -> None:
    batch_notices(DATA, out_dir=tmp_path, jobs=2)
    regions = load_regions()
    overridden = {"karaganda"}
    ids = set()
    for rid, region in regions.items():
        for lang in ("ru", "kk"):
            path = tmp_path / STEM / "regions" / rid / f"notice_{lang}.docx"
            text = read_docx_text(path)
            # The region's name in its language: "Карагандинской области" / "Қарағанды облысы".
            name = region.name("ru", "genitive") if lang == "ru" else region.name("kk")
            assert name in text, (rid, lang)
            if rid not in overridden:  # to the chair of its small assembly, the akim
                chair = (f"Акиму {region.akim['ru'][5:]}, председателю "
                         f"{region.assembly_genitive['ru']}" if lang == "ru" else
                         f"{region.akim['kk']}не, {region.assembly_genitive['kk']} "
                         "төрағасына")
                assert chair in docx_texts(path), (rid, lang)
            for other_id, other in regions.items():
                if other_id != rid:
                    assert other.assembly_genitive[lang] not in text, (rid, other_id, lang)
            props = _custom_props(path)
            assert props["DocgenRegion"] == rid
            assert props["DocgenLang"] == lang
            ids.add(props["DocgenId"])
    assert len(ids) == 40


def test_region_overrides_change_only_that_region(tmp_path: Path) -> None:
    batch_notices(_regional(tmp_path), out_dir=tmp_path, regions="shymkent,abai,karaganda",
                  jobs=1)
    base = tmp_path / "batch" / "regions"
    shymkent_ru = read_docx_text(base / "shymkent" / "notice_ru.docx")
    assert "Дата проведения: 28 апреля 2026 года." in shymkent_ru
    assert "Время начала: 15:00." in shymkent_ru
    assert "г. Шымкент, Дом дружбы, зал заседаний" in shymkent_ru
    shymkent_kk = read_docx_text(base / "shymkent" / "notice_kk.docx")
    assert "Өтетін күні: 2026 жылғы 28 сәуір." in shymkent_kk
    assert "Шымкент қ., Достық үйі, мәжіліс залы" in shymkent_kk
    abai_ru = read_docx_text(base / "abai" / "notice_ru.docx")
    assert "Дата проведения: 6 мая 2026 года." in abai_ru
    assert "Время начала: 10:00." in abai_ru
    karaganda_kk = docx_texts(base / "karaganda" / "notice_kk.docx")
    line = next(t for t in karaganda_kk if t.startswith("Қарағанды облысының әкіміне"))
    assert line.endswith("төрағасына\nЕ.Қ. Жұмабековке")  # the addressee in the dative


def test_chosen_regions_in_one_language(out_dir: Path, tmp_path: Path) -> None:
    result = run_cli("batch", "notices", _regional(tmp_path), "--regions", "karaganda,astana",
                     "--lang", "kk", "--out", out_dir, "--jobs", "2")
    assert result.exit_code == 0, result.output
    folder = out_dir / "batch"
    assert files_under(folder) == sorted([
        folder / "manifest.json",
        folder / "regions" / "astana" / "notice_kk.docx",
        folder / "regions" / "karaganda" / "notice_kk.docx",
    ])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [(e["region"], e["lang"]) for e in manifest["documents"]] == [
        ("astana", "kk"), ("karaganda", "kk")]
    astana = read_docx_text(folder / "regions" / "astana" / "notice_kk.docx")
    assert "Басталу уақыты: 11:00." in astana
    assert "Астана қ., Достық үйі" in astana


@pytest.mark.parametrize(
    ("old", "new", "marker", "field", "needle"),
    [
        # A per-region date that makes the notice (20 March) late by p.8.
        ("    date: 2026-04-28", "    date: 2026-04-10", "    date: 2026-04-10",
         "regions.shymkent.date", "notice period of one month (p.8)"),
        ("    time: \"15:00\"", "    time: \"25:00\"", "    time: \"25:00\"",
         "regions.shymkent.time", "HH:MM"),
    ],
)
def test_a_bad_region_stops_the_batch(tmp_path: Path, old: str, new: str, marker: str,
                                      field: str, needle: str) -> None:
    data = _variant(tmp_path, old, new)
    out = tmp_path / "out"
    result = run_cli("batch", "notices", data, "--out", out)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"batch.yaml:{_line_of(data, marker)}:" in result.output
    assert f"field '{field}'" in result.output
    assert "Шымкент" in result.output
    assert needle in result.output
    assert files_under(out) == []


def test_an_unknown_region_in_the_file_is_named_with_its_line(tmp_path: Path) -> None:
    data = _variant(tmp_path, "  astana:\n", "  karagandy:\n    time: \"09:00\"\n  astana:\n")
    out = tmp_path / "out"
    result = run_cli("batch", "notices", data, "--out", out)
    assert result.exit_code == 1
    assert f"batch.yaml:{_line_of(data, 'karagandy:')}:" in result.output
    assert "unknown region 'karagandy'" in result.output
    assert "did you mean 'karaganda'?" in result.output
    assert files_under(out) == []


def test_an_unknown_region_on_the_command_line_writes_nothing(out_dir: Path) -> None:
    result = run_cli("batch", "notices", DATA, "--regions", "karaganda,astna", "--out", out_dir)
    assert result.exit_code == 2  # a usage error, as the README says
    assert "--regions: unknown region 'astna'" in result.output
    assert "did you mean 'astana'?" in result.output
    assert files_under(out_dir) == []


def test_a_failure_while_rendering_leaves_nothing(tmp_path: Path) -> None:
    """One region's notice fails inside a worker: the other workers' files are removed too."""
    templates = tmp_path / "templates"
    (templates / "templates_ru").mkdir(parents=True)
    builtin = compiled(Path("templates_ru/notice.docx").resolve(), "ru").path
    with zipfile.ZipFile(builtin) as zf:
        entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
    doc = dict(entries)["word/document.xml"].decode()
    assert doc.count("{{ city }}") == 1
    doc = doc.replace("{{ city }}", "{{ city }}{% if 'Шымкент' in addressee %}{{ boom }}"
                      "{% endif %}")
    broken = [(n, doc.encode() if n == "word/document.xml" else d) for n, d in entries]
    (templates / "templates_ru" / "notice.docx").write_bytes(_zip_bytes(broken))
    out = tmp_path / "out"
    with pytest.raises(DocgenError, match="boom"):
        batch_notices(DATA, out_dir=out, templates=templates, jobs=2)
    assert files_under(out) == []
    assert [p for p in out.rglob("*") if p.is_dir()] == []


def test_a_rerun_gives_byte_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    batch_notices(DATA, out_dir=first, jobs=2)
    batch_notices(DATA, out_dir=second, jobs=1)
    files = [p.relative_to(first) for p in files_under(first)]
    assert len(files) == 41
    assert files == [p.relative_to(second) for p in files_under(second)]
    before = {f: (first / f).read_bytes() for f in files}
    for f in files:
        assert before[f] == (second / f).read_bytes(), f
    batch_notices(DATA, out_dir=first, jobs=2)  # over the old files
    assert {f: (first / f).read_bytes() for f in files} == before


def test_fast_path_gives_the_same_text_as_docxtpl(tmp_path: Path) -> None:
    batch_notices(DATA, out_dir=tmp_path)
    docs = plan_batch(DATA)
    assert len(docs) == 40
    for doc in docs:
        env = jinja2.Environment()
        env.filters.update(filters_for(doc.lang))
        naive = DocxTemplate(doc.template)
        naive.render(doc.context, jinja_env=env, autoescape=True)
        naive_path = tmp_path / f"naive_{doc.region}_{doc.lang}.docx"
        naive.save(naive_path)
        fast = docx_texts(tmp_path / STEM / doc.path)
        assert fast == docx_texts(naive_path), (doc.region, doc.lang)
        assert doc.context["addressee"] in fast


def test_rendered_zip_is_what_zipfile_would_write(tmp_path: Path) -> None:
    """The engine's pre-deflated zip writer gives the bytes zipfile gives for the same parts
    (deflated at level 6; the small parts made per document and the QR picture stored)."""
    doc = plan_batch(DATA, regions="almaty", langs=("kk",))[0]
    blob = compiled(Path(doc.template), "kk").render(doc.context, doc.info)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert zf.testzip() is None
        infos = zf.infolist()
        entries = [(i.filename, zf.read(i)) for i in infos]
    stored = [i.filename for i in infos if i.compress_type == zipfile.ZIP_STORED]
    assert {"docProps/core.xml", "docProps/custom.xml", "word/media/docgen-qr.png"} <= set(stored)
    assert all(i.file_size < 4096 for i in infos
               if i.compress_type == zipfile.ZIP_STORED and i.filename.endswith(".xml"))
    assert "word/document.xml" not in stored
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for info, (name, data) in zip(infos, entries, strict=True):
            item = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            item.compress_type = info.compress_type
            item.external_attr = 0o644 << 16
            item.create_system = 0
            zf.writestr(item, data, compresslevel=6)
    assert buffer.getvalue() == blob


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    batch_notices(DATA, out_dir=tmp_path, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (40, 40)
    assert [d for d, _ in seen] == sorted({d for d, _ in seen})


def test_regions_lists_twenty() -> None:
    result = run_cli("regions")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 20
    assert [line.split()[0] for line in lines] == list(load_regions())


def test_sample_needs_no_copy(tmp_path: Path) -> None:
    """The batch reads the data file in place and names the folder by its stem."""
    copy = tmp_path / "my notices.yaml"
    shutil.copy(DATA, copy)
    result = batch_notices(copy, regions="ulytau", langs=("ru",), out_dir=tmp_path / "o")
    assert result.folder == (tmp_path / "o" / "my_notices").resolve()
    assert [p.name for p in result.written] == ["notice_ru.docx"]


def test_batch_with_pdf_lists_the_pdfs_in_the_manifest(tmp_path: Path) -> None:
    """`--pdf` on a batch: each region's PDFs beside its notices, in the manifest, with the
    region in their metadata."""
    from docgen.output.pdf_metadata import read_pdf_metadata

    out = tmp_path / "out"
    result = run_cli("batch", "notices", DATA, "--regions", "karaganda", "--pdf", "--out", out)
    assert result.exit_code == 0, result.output
    folder = out / STEM
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    paths = [e["path"] for e in manifest["documents"]]
    assert paths == [f"regions/karaganda/notice_{lang}.{ext}"
                     for lang in ("kk", "ru") for ext in ("docx", "pdf")]
    assert manifest["count"] == 4
    assert files_under(folder) == sorted([folder / p for p in paths]
                                         + [folder / "manifest.json"])
    for entry in manifest["documents"]:
        path = folder / entry["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        assert entry["language"] == entry["lang"] == path.stem.rpartition("_")[2]
        if path.suffix == ".pdf":
            meta = read_pdf_metadata(path)
            assert (meta["DocgenRegion"], meta["DocgenLang"]) == ("karaganda", entry["lang"])


def test_batch_with_archive_records_every_notice_in_the_journal(tmp_path: Path) -> None:
    from docgen.archive.store import list_documents, open_journal

    archive = tmp_path / "archive"
    result = run_cli("batch", "notices", DATA, "--regions", "karaganda,astana",
                     "--out", tmp_path / "out", "--archive", archive)
    assert result.exit_code == 0, result.stderr
    with open_journal(archive, create=False) as journal:
        records = list_documents(journal, kind="notice")
    assert sorted((r.region, r.lang) for r in records) == [
        ("astana", "kk"), ("astana", "ru"), ("karaganda", "kk"), ("karaganda", "ru")]
    manifest = json.loads((tmp_path / "out" / Path(DATA).stem / "manifest.json").read_text())
    shas = {e["sha256"] for e in manifest["documents"]}
    assert {r.docx_sha256 for r in records} == shas
