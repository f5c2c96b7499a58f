"""Hostile input ends cleanly: every file of the corpus (tests/hostile/make_corpus.py) makes
docgen exit 1 with one message naming the file, no traceback, within a time bound, and
leaves the output folder exactly as it was. So do a damaged or locked journal."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
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
SCANS = make_corpus.scan_files()
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


@pytest.mark.parametrize("name", sorted(SCANS))
def test_a_page_no_scanner_makes_is_refused_in_little_memory(name: str,
                                                            tmp_path: Path) -> None:
    """A 5 m page would be rasterised to gigabytes: refused, or read at a bounded size,
    within 1.5 GB of address space for the whole docgen process."""
    import resource

    pdf = tmp_path / name
    pdf.write_bytes(SCANS[name])

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024,) * 2)

    result = subprocess.run([sys.executable, "-m", "docgen", "archive", "add", str(pdf),
                             "--archive", str(tmp_path / "archive")], capture_output=True,
                            text=True, timeout=120, preexec_fn=limited)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, \
        result.stderr
    assert name in result.stderr
    if "giant" in name or "strip" in name:
        assert "larger than a scanned paper can be" in result.stderr


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


@pytest.mark.parametrize("name", sorted(make_corpus.output_traps()))
def test_a_trap_in_the_output_folder(name: str, tmp_path: Path) -> None:
    command, where, plant = make_corpus.output_traps()[name]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("not docgen's\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    named = plant(out / where, outside)
    before, kept = snapshot(out), snapshot(outside)
    args = (("render", "notice", SESSION) if command == "render" else
            ("batch", "notices", SAMPLES / "batch-session-34.yaml", "--regions", "abai",
             "--jobs", "1"))
    result = run_cli(*args, "--out", out)
    assert result.exit_code == 1, f"{name}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output and result.stderr.startswith("Error: ")
    assert str(named) in result.stderr, f"{name}: {result.stderr!r}"
    assert snapshot(out) == before and snapshot(outside) == kept
    assert [p.name for p in out.iterdir()] == [Path(where).parts[0]]  # no staging left


def test_the_generator_writes_the_corpus(tmp_path: Path) -> None:
    assert make_corpus.write(tmp_path) == (len(DATA) + len(TEMPLATES) + len(RENDER_ONLY)
                                           + len(SCANS))
    assert (tmp_path / "data" / "alias-bomb-9x9.yaml").stat().st_size > 0


# --- files that are not files, disks that refuse ---------------------------------------

@pytest.mark.parametrize("args", [("check", "{fifo}.yaml"),
                                  ("render", "notice", "{fifo}.yaml", "--out", "{tmp}/out"),
                                  ("members", "import", "{fifo}.csv", "--archive",
                                   "{tmp}/archive", "--dry-run"),
                                  ("archive", "add", "{fifo}.pdf", "--archive", "{tmp}/a")],
                         ids=["check", "render", "members-import", "archive-add"])
def test_a_named_pipe_is_refused_at_once(args: tuple[str, ...], tmp_path: Path) -> None:
    """A FIFO would block the open for ever: refused before it is opened."""
    fifo = tmp_path / "pipe"
    for suffix in (".yaml", ".csv", ".pdf"):
        os.mkfifo(fifo.with_suffix(suffix))
    argv = [a.format(fifo=fifo, tmp=tmp_path) for a in args]
    result = subprocess.run([sys.executable, "-m", "docgen", *argv], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert "pipe" in result.stderr and "not a regular file" in result.stderr


@pytest.fixture
def small_disks(tmp_path: Path):
    """A read-only and a nearly full file system (tmpfs mounts, as root)."""
    if os.geteuid() != 0 or not Path("/proc/filesystems").read_text().count("tmpfs"):
        pytest.fail("these tests mount small tmpfs file systems: run them as root")
    mounts = {"ro": tmp_path / "ro", "full": tmp_path / "full"}
    for mount in mounts.values():
        mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mounts["ro"]],
                   check=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", mounts["full"]],
                   check=True)
    try:
        yield mounts
    finally:
        for mount in mounts.values():
            subprocess.run(["umount", "-l", mount], check=False)


def _refused_write(result, where: Path, reason: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output + result.stderr
    assert f"cannot write {where}" in result.stderr and reason in result.stderr, result.stderr


def test_writing_into_a_read_only_file_system(small_disks: dict[str, Path],
                                              tmp_path: Path) -> None:
    ro = small_disks["ro"]
    source = tmp_path / "src"
    assert run_cli("render", "notice", SESSION, "--lang", "ru", "--out", source).exit_code == 0
    docx = source / "session-34" / "notice_ru.docx"
    _refused_write(run_cli("pdf", docx, "--out", ro / "pdf"), ro / "pdf",
                   "Read-only file system")
    _refused_write(run_cli("render", "notice", SESSION, "--out", ro / "out"), ro / "out",
                   "Read-only file system")
    _refused_write(run_cli("batch", "notices", SAMPLES / "batch-session-34.yaml", "--out",
                           ro / "b"), ro / "b", "Read-only file system")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_names_the_file(small_disks: dict[str, Path], jobs: str) -> None:
    full = small_disks["full"]
    result = run_cli("batch", "notices", SAMPLES / "batch-session-34.yaml", "--jobs", jobs,
                     "--out", full / "b")
    _refused_write(result, full / "b", "No space left on device")
    assert "cannot write :" not in result.stderr
    assert files_under(full) == []
