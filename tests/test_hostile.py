"""Hostile input ends cleanly: every file of the corpus (tests/hostile/make_corpus.py) makes
docgen exit 1 with one message naming the file, no traceback, within a time bound, and
leaves the output folder exactly as it was. So do a damaged or locked journal."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, files_under, run_cli

sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import make_corpus

DATA = make_corpus.data_files()
TEMPLATES = make_corpus.template_files()
RENDER_ONLY = make_corpus.render_only_files()
SESSION = SAMPLES / "session-34.yaml"
YAML_SECONDS = 1.0
"""A hostile data file is refused in well under a second (in process, imports done)."""


def test_the_corpus_is_large_enough() -> None:
    assert len(DATA) + len(TEMPLATES) + len(RENDER_ONLY) >= 60
    assert len(DATA) >= 40 and len(TEMPLATES) >= 15


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files_under(folder)}


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding an earlier good run (it must stay exactly as it is)."""
    out = tmp_path_factory.mktemp("previous") / "out"
    assert run_cli("render", "notice", SESSION, "--out", out).exit_code == 0
    for name in DATA:  # also a good earlier render under each hostile file's own name
        good = out.parent / "good" / name
        good.parent.mkdir(exist_ok=True)
        good.write_bytes(SESSION.read_bytes())
    return out


def refused(result, name: str) -> None:
    assert result.exit_code == 1, f"{name}: exit {result.exit_code}\n{result.output}"
    message = result.stderr
    assert "Traceback" not in message + result.stdout, name
    assert message.startswith("Error: "), f"{name}: {message!r}"
    assert name in message, f"{name} not named in {message!r}"


@pytest.mark.parametrize("name", sorted(DATA))
def test_hostile_data_file(name: str, tmp_path: Path, previous: Path) -> None:
    data = tmp_path / name
    data.write_bytes(DATA[name])
    before = snapshot(previous)
    for args in (("render", "notice", data, "--out", previous), ("check", data)):
        start = time.perf_counter()
        result = run_cli(*args)
        seconds = time.perf_counter() - start
        refused(result, name)
        assert seconds < YAML_SECONDS, f"{name}: {args[0]} took {seconds:.2f} s"
    assert snapshot(previous) == before


def _templates_dir(tmp_path: Path, name: str, blob: bytes) -> Path:
    folder = tmp_path / "tpl"
    (folder / "templates_ru").mkdir(parents=True)
    (folder / "templates_ru" / "notice.docx").write_bytes(blob)
    return folder


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_broken_template_in_render_check_and_normalize(name: str, tmp_path: Path,
                                                       previous: Path) -> None:
    folder = _templates_dir(tmp_path, name, TEMPLATES[name])
    template = folder / "templates_ru" / "notice.docx"
    before = snapshot(previous)
    start = time.perf_counter()
    rendered = run_cli("render", "notice", SESSION, "--lang", "ru", "--templates", folder,
                       "--out", previous)
    refused(rendered, "notice.docx")
    checked = run_cli("templates", "check", folder)
    refused(checked, "notice.docx")
    normalized = run_cli("templates", "normalize", template, "-o", tmp_path / "fixed.docx")
    refused(normalized, "notice.docx")
    assert time.perf_counter() - start < 10, name
    assert snapshot(previous) == before
    assert template.read_bytes() == TEMPLATES[name]
    assert not (tmp_path / "fixed.docx").exists()


@pytest.mark.parametrize("name", sorted(RENDER_ONLY))
def test_hostile_template_code(name: str, tmp_path: Path, previous: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_RENDER_TIMEOUT", "2")
    monkeypatch.setenv("DOCGEN_MAX_DOCUMENT_MB", "5")
    monkeypatch.setenv("DOCGEN_RENDER_MEMORY_MB", "300")
    folder = _templates_dir(tmp_path, name, RENDER_ONLY[name])
    before = snapshot(previous)
    start = time.perf_counter()
    result = run_cli("render", "notice", SESSION, "--lang", "ru", "--templates", folder,
                     "--out", previous)
    refused(result, "notice.docx")
    assert time.perf_counter() - start < 8, name
    assert snapshot(previous) == before


@pytest.mark.parametrize("name", ["doubling-string.docx", "format-width.docx",
                                  "divide-by-zero.docx"])
def test_hostile_template_in_batch_workers(name: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bounds hold in the worker processes of a batch, named the same way."""
    monkeypatch.setenv("DOCGEN_RENDER_MEMORY_MB", "300")
    folder = _templates_dir(tmp_path, name, RENDER_ONLY[name])
    out = tmp_path / "out"
    result = run_cli("batch", "notices", SESSION, "--lang", "ru", "--templates", folder,
                     "--jobs", "2", "--out", out)
    refused(result, "notice.docx")
    assert result.stderr.count("\n") == 1, result.stderr
    assert files_under(out) == []


def test_libreoffice_does_not_inherit_a_renders_memory_cap() -> None:
    """A LibreOffice started while a render holds its cap gets docgen's own limit back."""
    import resource

    from docgen.output import soffice
    from docgen.rendering.limits import cap_memory, uncap_memory

    read, write = os.pipe()
    saved = cap_memory(200 * 1024 * 1024)
    try:
        assert resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY
        proc = soffice._spawn(["sh", "-c", "ulimit -v"], dict(os.environ),
                              output=write)
    finally:
        uncap_memory(saved)
    os.close(write)
    assert proc.wait() == 0
    with open(read, "rb") as child:
        assert child.read().decode().strip() == "unlimited"


def _journal_case(tmp_path: Path, previous: Path, archive: Path) -> str:
    before = snapshot(previous)
    result = run_cli("render", "notice", SESSION, "--out", previous, "--archive", archive)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error: ")
    assert snapshot(previous) == before
    return result.stderr


def test_a_damaged_journal(tmp_path: Path, previous: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "journal.sqlite").write_bytes(b"this is not a database\n" * 100)
    message = _journal_case(tmp_path, previous, archive)
    assert str(archive / "journal.sqlite") in message


def test_a_journal_that_is_a_folder(tmp_path: Path, previous: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "journal.sqlite").mkdir(parents=True)
    assert "journal.sqlite" in _journal_case(tmp_path, previous, archive)


def test_a_locked_journal(tmp_path: Path, previous: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "archive"
    assert run_cli("render", "notice", SESSION, "--out", tmp_path / "first", "--archive",
                   archive).exit_code == 0
    monkeypatch.setenv("DOCGEN_JOURNAL_TIMEOUT", "0.5")
    holder = sqlite3.connect(str(archive / "journal.sqlite"), isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        start = time.perf_counter()
        message = _journal_case(tmp_path, previous, archive)
        assert time.perf_counter() - start < 30
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "journal.sqlite" in message and ("locked" in message or "busy" in message)


def test_the_generator_writes_the_corpus(tmp_path: Path) -> None:
    assert make_corpus.write(tmp_path) == len(DATA) + len(TEMPLATES) + len(RENDER_ONLY)
    assert (tmp_path / "data" / "alias-bomb-9x9.yaml").stat().st_size > 0
