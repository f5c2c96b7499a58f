"""Nothing lost, nothing written outside: docgen replaces or removes only files it wrote, never
writes through a symbolic link in the output tree, and a kill -9 at any system call of the
switch leaves every observer the complete old set or the complete new set. A numbered paper is
never visible before its number is in the journal.

Kill points are chosen with ``strace -e inject=SYSCALL:signal=SIGKILL:when=N``: the process
dies on entering the N-th call of SYSCALL, a point a random kill rarely reaches.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SAMPLES, changed_copy, read_docx_text, run_cli

from docgen.papers import pipeline
from docgen.rendering import transaction

SESSION = SAMPLES / "session-34.yaml"
BATCH = SAMPLES / "batch-session-34.yaml"
ROLL = SAMPLES / "roll.csv"
STRACE = shutil.which("strace") or "strace"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too) → sha256; a symlink → where it points."""
    found = {}
    for path in sorted(folder.rglob("*")) if folder.exists() else []:
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[rel + "/"] = ""
    return found


def visible(folder: Path) -> dict[str, str]:
    """What a person, a print script or a file sync sees in ``folder`` (no hidden files)."""
    return {k: v for k, v in snapshot(folder).items()
            if not any(part.startswith(".") for part in k.split("/"))}


# --- a render deletes only what it wrote -------------------------------------------------

def test_a_folder_in_the_way_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", "notice", SESSION, "--out", out).exit_code == 0
    target = out / "session-34" / "notice_kk.docx"
    target.unlink()
    target.mkdir()
    (target / "my-notes.txt").write_text("a secretary's own file\n", encoding="utf-8")
    before = snapshot(out)
    result = run_cli("render", "notice", SESSION, "--out", out)
    assert result.exit_code == 1, result.output
    assert str(target) in result.stderr and "folder" in result.stderr
    assert "Traceback" not in result.stderr and "nothing was changed" in result.stderr
    assert snapshot(out) == before


def test_a_file_docgen_did_not_write_is_refused_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "session-34"
    folder.mkdir(parents=True)
    mine = folder / "notice_ru.docx"
    mine.write_bytes(b"a letter the secretary wrote herself\n")
    before = snapshot(tmp_path / "out")
    result = run_cli("render", "notice", SESSION, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert str(mine) in result.stderr and "not a file docgen wrote" in result.stderr
    assert snapshot(tmp_path / "out") == before


def test_files_beside_the_outputs_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", "notice", SESSION, "--out", out).exit_code == 0
    folder = out / "session-34"
    (folder / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (folder / "scans").mkdir()
    (folder / "scans" / "page1.png").write_bytes(b"\x89PNG scan")
    os.symlink("notes.txt", folder / "link-to-notes")
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    result = run_cli("render", "notice", changed, "--out", out)
    assert result.exit_code == 0, result.output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me\n"
    assert (folder / "scans" / "page1.png").read_bytes() == b"\x89PNG scan"
    assert os.readlink(folder / "link-to-notes") == "notes.txt"
    assert sorted(p.name for p in folder.iterdir()) == [
        "link-to-notes", "notes.txt", "notice_kk.docx", "notice_ru.docx", "scans"]


def test_a_batch_refuses_a_file_its_manifest_does_not_list(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("batch", "notices", BATCH, "--out", out, "--jobs", "1", "--regions", "abai")
    assert run_cli(*args).exit_code == 0
    folder = out / "batch-session-34"
    forgetful = '{"kind": "notice", "documents": []}\n'
    (folder / "manifest.json").write_text(forgetful, encoding="utf-8")
    result = run_cli(*args)  # not listed, but the notices carry docgen's marks
    assert result.exit_code == 0, result.output
    (folder / "manifest.json").write_text(forgetful, encoding="utf-8")
    stranger = folder / "regions" / "abai" / "notice_ru.docx"
    stranger.write_bytes(b"not docgen's\n")
    before = snapshot(out)
    result = run_cli(*args)
    assert result.exit_code == 1 and str(stranger) in result.stderr, result.output
    assert "not a file docgen wrote" in result.stderr
    assert snapshot(out) == before


# --- symbolic links inside the output tree ----------------------------------------------

def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("not docgen's\n", encoding="utf-8")
    return outside


def _refused_link(result, link: Path, outside: Path, before: dict[str, str]) -> None:
    assert result.exit_code == 1, result.output
    assert str(link) in result.stderr and "symbolic link" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(outside.parent / "outside") == before


@pytest.mark.parametrize("where", ["regions", "regions/abai"])
def test_a_batch_never_writes_through_a_link(tmp_path: Path, where: str) -> None:
    outside = _outside(tmp_path)
    out = tmp_path / "out"
    link = out / "batch-session-34" / where
    link.parent.mkdir(parents=True)
    link.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    result = run_cli("batch", "notices", BATCH, "--out", out, "--jobs", "1",
                     "--regions", "abai")
    _refused_link(result, link, outside, before)


def test_batch_invitations_never_write_through_a_link(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    assert run_cli("members", "import", ROLL, "--archive", archive).exit_code == 0
    outside = _outside(tmp_path)
    link = tmp_path / "out" / "session-34" / "members"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    result = run_cli("batch", "invitations", SESSION, "--archive", archive, "--region",
                     "abai", "--out", tmp_path / "out", "--jobs", "1")
    _refused_link(result, link, outside, before)


def test_a_render_never_writes_through_a_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outside = out / "elsewhere"  # inside OUT, but another folder: still refused
    outside.mkdir(parents=True)
    link = out / "session-34"
    link.symlink_to(outside, target_is_directory=True)
    result = run_cli("render", "notice", SESSION, "--out", out)
    assert result.exit_code == 1 and str(link) in result.stderr, result.output
    assert "symbolic link" in result.stderr
    assert list(outside.iterdir()) == []
    link.unlink()
    assert run_cli("render", "notice", SESSION, "--out", out).exit_code == 0
    target = out / "session-34" / "notice_ru.docx"  # the paper itself a link to a user's file
    target.unlink()
    target.symlink_to(outside / "precious.txt")
    (outside / "precious.txt").write_text("not docgen's\n", encoding="utf-8")
    result = run_cli("render", "notice", SESSION, "--out", out)
    assert result.exit_code == 1 and str(target) in result.stderr, result.output
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "not docgen's\n"
    assert target.is_symlink()


# --- the switch under kill -9 -------------------------------------------------------------

def _killed(args: list[str], syscall: str, when: int) -> int:
    """Run ``docgen ARGS`` under strace, killed on entering the ``when``-th ``syscall``."""
    done = subprocess.run(
        [STRACE, "-f", "-qq", "-o", os.devnull,
         "-e", f"inject={syscall}:signal=SIGKILL:when={when}",
         sys.executable, "-m", "docgen", *args],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode in (0, -9, 137), done.stderr  # done, or killed where asked
    return done.returncode


def _count(args: list[str], syscalls: tuple[str, ...], reset, log: Path) -> dict[str, int]:
    """How many times a whole run of ``docgen ARGS`` calls each of ``syscalls``, from the
    state ``reset()`` makes, with docgen's cache as warm as the runs under test find it."""
    for _ in range(2):  # the first run warms the cache
        reset()
        subprocess.run([STRACE, "-f", "-qq", "-c", "-o", str(log), "-e",
                        "trace=" + ",".join(syscalls), sys.executable, "-m", "docgen", *args],
                       capture_output=True, check=True, timeout=180)
    counts = dict.fromkeys(syscalls, 0)
    for line in log.read_text().splitlines():
        if line.split() and line.split()[-1] in counts:
            counts[line.split()[-1]] = int(line.split()[3])
    return counts


def test_a_batch_killed_at_any_rename_shows_the_old_or_the_new_set(tmp_path: Path) -> None:
    new_data = changed_copy(tmp_path, BATCH, "\nnumber: 34\n", "\nnumber: 33\n")
    out = tmp_path / "out"
    folder = out / "batch-session-34"
    base = ["batch", "notices", "--jobs", "1", "--regions", "abai,karaganda,turkistan",
            "--out", str(out)]
    assert run_cli(*base[:2], new_data, *base[2:]).exit_code == 0
    new_set = visible(folder)
    shutil.rmtree(out)
    assert run_cli(*base[:2], BATCH, *base[2:]).exit_code == 0
    (folder / "mine.txt").write_text("a file docgen does not own\n", encoding="utf-8")
    old_set = visible(folder)
    new_set["mine.txt"] = old_set["mine.txt"]
    args = [*base[:2], str(new_data), *base[2:]]

    def reset() -> None:
        shutil.rmtree(out)
        assert run_cli(*base[:2], BATCH, *base[2:]).exit_code == 0
        (folder / "mine.txt").write_text("a file docgen does not own\n", encoding="utf-8")

    seen = set()
    counts = _count(args, ("rename", "renameat2", "unlink", "rmdir"), reset,
                    tmp_path / "strace.log")
    for syscall, calls in counts.items():
        for when in sorted({1, calls // 2, calls} - {0}):
            reset()
            if _killed(args, syscall, when) == 0:
                continue
            now = visible(folder)
            assert now in (old_set, new_set), (syscall, when)  # before any recovery
            seen.add("new" if now == new_set else "old")
            transaction.recover(folder)  # what the next run does first
            assert visible(folder) == now, (syscall, when)
            assert not [p for p in out.rglob("*") if transaction.STAGING_PREFIX in p.name]
    assert seen == {"old", "new"}, seen


def _registered(folder: Path, archive: Path) -> None:
    """Every notice visible in ``folder`` is in the journal with exactly its content."""
    from docgen.output.pdf_metadata import read_docx_metadata
    from docgen.records.journal import Journal

    docs = sorted(folder.glob("*.docx"))
    if not docs:
        return
    with Journal(archive / "journal.sqlite") as journal:
        for docx in docs:
            record = journal.get(read_docx_metadata(docx)["DocgenId"])
            assert record is not None, docx
            assert record.docx_sha256 == hashlib.sha256(docx.read_bytes()).hexdigest(), docx


def test_a_numbered_paper_is_never_visible_before_the_journal_has_it(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    out = tmp_path / "out"
    args = ["render", "notice", str(SESSION), "--out", str(out), "--archive", str(archive)]

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(archive, ignore_errors=True)

    counted = _count(args, ("rename", "renameat2", "fdatasync"), reset,
                     tmp_path / "strace.log")
    points = [(s, n) for s in ("rename", "renameat2") for n in range(1, counted[s] + 1)]
    points += [("fdatasync", n) for n in sorted(
        {1, counted["fdatasync"] // 2, counted["fdatasync"]} - {0})]
    killed = 0
    for syscall, when in points:
        reset()
        if _killed(args, syscall, when) == 0:
            continue
        killed += 1
        _registered(out / "session-34", archive)  # before any recovery
        result = run_cli("render", "notice", SESSION, "--out", out, "--archive", archive)
        assert result.exit_code == 0, (syscall, when, result.output)
        _registered(out / "session-34", archive)
    assert killed >= 3
    # Killed after the journal committed, before the swap: the next run rolls forward.
    reset()
    assert _killed(args, "renameat2", 1) != 0
    folder = out / "session-34"
    assert visible(folder) == {}
    assert [p.name for p in out.iterdir() if p.name.startswith(transaction.STAGING_PREFIX)]
    transaction.recover(folder, pipeline.journal_has)
    assert sorted(visible(folder)) == ["notice_kk.docx", "notice_ru.docx"]
    _registered(folder, archive)
    assert [p.name for p in out.iterdir()] == ["session-34"]


def test_docgen_pdf_never_writes_through_a_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", "notice", SESSION, "--out", out, "--lang", "ru").exit_code == 0
    outside = _outside(tmp_path)
    link = tmp_path / "pdf" / "session-34"
    link.parent.mkdir()
    link.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    result = run_cli("pdf", out, "--out", tmp_path / "pdf")
    _refused_link(result, link, outside, before)


def test_the_new_folder_is_swapped_in_whole_keeping_the_users_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", "notice", SESSION, "--out", out).exit_code == 0
    folder = out / "session-34"
    mine = folder / "notes.txt"
    mine.write_text("keep me\n", encoding="utf-8")
    before = (folder.stat().st_ino, mine.stat().st_ino)
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    result = run_cli("render", "notice", changed, "--out", out)
    assert result.exit_code == 0, result.output
    assert "swap" not in result.stderr
    assert folder.stat().st_ino != before[0]  # another folder under the name: one swap
    assert mine.stat().st_ino == before[1]  # the very same file, linked over, not copied
    assert sorted(p.name for p in out.iterdir()) == ["session-34"]  # nothing left beside


def test_where_folders_cannot_be_swapped_a_note_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transaction, "exchange", lambda first, second: False)
    out = tmp_path / "out"
    assert run_cli("render", "notice", SESSION, "--out", out).exit_code == 0
    folder = out / "session-34"
    (folder / "notes.txt").write_text("keep me\n", encoding="utf-8")
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    result = run_cli("render", "notice", changed, "--out", out, "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert "cannot swap folders in one step" in result.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me\n"
    assert "Дворец независимости" in read_docx_text(folder / "notice_ru.docx")
    assert sorted(p.name for p in out.iterdir()) == ["session-34"]


def test_a_file_saved_during_the_swap_is_kept(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert run_cli("render", "notice", SESSION, "--out", out).exit_code == 0
    folder = out / "session-34"
    real = transaction.exchange

    def late(first: Path, second: Path) -> bool:  # saved after the carry-over looked
        (second / "saved-just-now.txt").write_text("late\n", encoding="utf-8")
        (second / "new-folder").mkdir()
        (second / "new-folder" / "scan.png").write_bytes(b"png")
        return real(first, second)

    monkeypatch.setattr(transaction, "exchange", late)
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    assert run_cli("render", "notice", changed, "--out", out).exit_code == 0
    assert (folder / "saved-just-now.txt").read_text(encoding="utf-8") == "late\n"
    assert (folder / "new-folder" / "scan.png").read_bytes() == b"png"
    assert sorted(p.name for p in out.iterdir()) == ["session-34"]
