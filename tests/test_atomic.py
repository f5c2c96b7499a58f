"""All or nothing, even under kill -9: a run that fails leaves every previous file as it was,
a DOCX and its PDF are one unit, and a batch killed at any instant leaves the complete old
set or the complete new set (after the next run's recovery), with a matching manifest and
no staging leftovers."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import SAMPLES, changed_copy, files_under, read_docx_text, run_cli

from docgen.errors import OutputError
from docgen.papers import pipeline
from docgen.rendering import transaction
from docgen.rendering.transaction import STAGING_PREFIX, recover

SESSION = SAMPLES / "session-34.yaml"
BATCH = SAMPLES / "batch-session-34.yaml"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones included) → its sha256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files_under(folder)}


def no_swap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system that cannot swap two folders: files are switched one by one."""
    monkeypatch.setattr(transaction, "exchange", lambda first, second: False)


def test_a_failed_switch_puts_every_old_file_back(tmp_path: Path, monkeypatch) -> None:
    no_swap(monkeypatch)
    out = tmp_path / "out"
    pipeline.render("notice", SESSION, out_dir=out)
    before = snapshot(out)
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    real_replace = os.replace
    placed: list[str] = []

    def failing_replace(src, dst):  # the disk fills up while the second file is placed
        if STAGING_PREFIX in str(src) and "/new/" in str(src):
            placed.append(str(dst))
            if len(placed) == 2:
                raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(transaction.os, "replace", failing_replace)
    with pytest.raises(OutputError) as raised:
        pipeline.render("notice", changed, out_dir=out)
    assert "disk is full" in str(raised.value) and "notice_" in str(raised.value)
    assert len(placed) == 2
    assert snapshot(out) == before  # the first file, already switched, is back


def test_a_failure_before_the_switch_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.render("notice", SESSION, out_dir=out)
    before = snapshot(out)
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    with pytest.raises(Exception, match="injected failure"):
        pipeline.render("notice", changed, out_dir=out, fail_after=1)
    assert snapshot(out) == before


def test_a_first_run_that_fails_leaves_no_folder(tmp_path: Path) -> None:
    out = tmp_path / "out" / "deeper"
    with pytest.raises(Exception, match="injected failure"):
        pipeline.render("notice", SESSION, out_dir=out, fail_after=1)
    assert not (tmp_path / "out").exists()


def test_a_pdf_never_stays_beside_a_changed_docx(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.render("notice", SESSION, out_dir=out)
    folder = out / "session-34"
    pdf = folder / "notice_ru.pdf"
    pdf.write_bytes(b"%PDF-1.7 made from the DOCX as it is now by docgen pdf\n"
                    b"<< /DocgenId (DG-0000000000000001) >>\n")
    pipeline.render("notice", SESSION, out_dir=out)  # same content: the PDF still fits
    assert pdf.exists()
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    result = run_cli("render", "notice", changed, "--lang", "ru", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert not pdf.exists()
    assert (folder / "notice_ru.docx").exists()


def test_a_smaller_batch_replaces_the_whole_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("batch", "notices", BATCH, "--out", out, "--jobs", "1").exit_code == 0
    result = run_cli("batch", "notices", BATCH, "--out", out, "--jobs", "1",
                     "--regions", "karaganda")
    assert result.exit_code == 0, result.stderr
    folder = out / "batch-session-34"
    assert_consistent(folder)
    assert sorted(snapshot(folder)) == ["manifest.json", "regions/karaganda/notice_kk.docx",
                                        "regions/karaganda/notice_ru.docx"]
    assert [p.name for p in (folder / "regions").iterdir()] == ["karaganda"]  # no empty ones


def assert_consistent(folder: Path) -> dict[str, str]:
    """The manifest lists exactly the files of the folder, with their sha256."""
    files = snapshot(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry["sha256"] for entry in manifest["documents"]}
    assert listed == {k: v for k, v in files.items() if k != "manifest.json"}
    assert manifest["count"] == len(listed)
    return files


def _batch(data: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "docgen", "batch", "notices", str(data), "--out", str(out),
         "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def test_a_batch_killed_at_any_instant_leaves_the_old_or_the_new_set(tmp_path: Path) -> None:
    new_data = changed_copy(tmp_path, BATCH, "\nnumber: 34\n", "\nnumber: 33\n")
    reference = tmp_path / "reference"
    assert run_cli("batch", "notices", new_data, "--out", reference, "--jobs", "1").exit_code == 0
    new_set = snapshot(reference / "batch-session-34")
    out = tmp_path / "out"
    folder = out / "batch-session-34"
    assert run_cli("batch", "notices", BATCH, "--out", out, "--jobs", "1").exit_code == 0
    old_set = assert_consistent(folder)
    assert old_set != new_set
    # How long a whole run takes here, to spread the kills over all of it.
    start = time.monotonic()
    assert _batch(BATCH, tmp_path / "timing").wait(timeout=120) == 0
    span = time.monotonic() - start
    rng = random.Random(14)
    seen = {"old": 0, "new": 0, "pending": 0}
    for attempt in range(12):
        data = new_data if attempt % 2 == 0 else BATCH
        expected_new = new_set if data == new_data else old_set
        before = snapshot(folder)
        proc = _batch(data, out)
        time.sleep(rng.uniform(0.2, 2.0) * span)  # some land before the end, some after
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        stages = [p for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX)]
        visible = {k: v for k, v in snapshot(folder).items() if not k.startswith(".")}
        if visible not in (before, expected_new):
            # Only while a committed switch is under way: its record says to roll forward.
            assert any((stage / "commit.json").exists() for stage in stages), attempt
            seen["pending"] += 1
        recover(folder)  # what the next run does first
        after = snapshot(folder)
        assert after in (before, expected_new), attempt
        seen["new" if after == expected_new and after != before else "old"] += 1
        assert_consistent(folder)
        assert not [p for p in folder.rglob("*") if p.name.startswith(STAGING_PREFIX)
                    or p.name.endswith(".part")]
    assert seen["old"] and seen["new"], seen
    # The next real run starts from whatever was left and ends clean.
    assert run_cli("batch", "notices", BATCH, "--out", out, "--jobs", "1").exit_code == 0
    assert assert_consistent(folder) == old_set
    shutil.rmtree(tmp_path / "timing")


def _hold(folder: Path) -> int:
    """Take the lock a docgen run takes to switch files into ``folder``; its descriptor."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_run_waits_for_another_run_switching_into_the_same_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    pipeline.render("notice", SESSION, out_dir=out)
    folder = out / SESSION.stem
    before = snapshot(out)
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    fd = _hold(folder)
    try:  # the other run does not finish in time: refused, nothing changed
        monkeypatch.setenv("DOCGEN_LOCK_WAIT", "0.3")
        result = run_cli("render", "notice", changed, "--out", out)
        assert result.exit_code == 1
        assert f"another docgen run is writing into {folder}" in result.stderr
        assert "nothing was changed" in result.stderr
        assert snapshot(out) == before
        proc = subprocess.Popen(  # this one waits, and goes on once the other run is done
            [sys.executable, "-m", "docgen", "render", "notice", str(changed), "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={k: v for k, v in os.environ.items() if k != "DOCGEN_LOCK_WAIT"})
        time.sleep(1.0)
        assert proc.poll() is None and snapshot(out) == before
    finally:
        os.close(fd)
    _, errors = proc.communicate(timeout=60)
    assert proc.returncode == 0, errors
    after = snapshot(out)
    assert after != before and not any(STAGING_PREFIX in name for name in after)


def test_a_new_folder_moves_in_whole_with_one_rename(tmp_path: Path) -> None:
    txn = transaction.Transaction(tmp_path / "out").begin()
    txn.add("regions/abai/notice_ru.docx", b"ru")
    txn.add("regions/abai/notice_kk.docx", b"kk")
    txn.add("regions/karaganda/notice_ru.docx", b"k")
    txn.add("manifest.json", b"{}")
    staged = (txn.new_root / "regions").stat().st_ino
    written = txn.commit()
    assert (tmp_path / "out" / "regions").stat().st_ino == staged  # the folder itself moved
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
        "manifest.json", "regions/abai/notice_kk.docx", "regions/abai/notice_ru.docx",
        "regions/karaganda/notice_ru.docx"]
    assert snapshot(tmp_path / "out") == {
        "manifest.json": hashlib.sha256(b"{}").hexdigest(),
        "regions/abai/notice_kk.docx": hashlib.sha256(b"kk").hexdigest(),
        "regions/abai/notice_ru.docx": hashlib.sha256(b"ru").hexdigest(),
        "regions/karaganda/notice_ru.docx": hashlib.sha256(b"k").hexdigest()}


def test_a_stray_file_in_a_staged_folder_is_never_published(tmp_path: Path) -> None:
    txn = transaction.Transaction(tmp_path / "out").begin()
    txn.add("regions/abai/notice_ru.docx", b"ru")
    (txn.new_root / "regions" / "abai" / ".left-over.part").write_bytes(b"x")
    txn.commit()
    assert sorted(snapshot(tmp_path / "out")) == ["regions/abai/notice_ru.docx"]


def test_a_failed_switch_takes_a_moved_folder_back_out(tmp_path: Path, monkeypatch) -> None:
    no_swap(monkeypatch)
    out = tmp_path / "out"
    first = transaction.Transaction(out).begin()
    first.add("manifest.json", b'{"documents": [], "count": 0}')
    first.commit()
    before = snapshot(out)
    txn = transaction.Transaction(out).begin()
    txn.add("regions/abai/notice_ru.docx", b"ru")
    txn.add("manifest.json", b"new")
    real_replace = os.replace

    def failing_replace(src, dst):  # the disk fills up when the manifest is placed
        if str(dst).endswith("manifest.json") and "/new/" in str(src):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(transaction.os, "replace", failing_replace)
    with pytest.raises(OutputError, match="disk is full"):
        txn.commit()
    assert snapshot(out) == before
    assert not (out / "regions").exists()


def test_an_output_folder_that_is_a_mount_point_switches_file_by_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transaction, "_mount_point", lambda folder: True)  # nothing beside it
    out = tmp_path / "out"
    pipeline.render("notice", SESSION, out_dir=out)
    changed = changed_copy(tmp_path, SESSION, "Дворец мира и согласия", "Дворец независимости")
    result = pipeline.render("notice", changed, out_dir=out, langs=("ru",))
    assert any("cannot swap folders in one step" in note for note in result.notes)
    assert "Дворец независимости" in read_docx_text(out / "session-34" / "notice_ru.docx")
    assert sorted(snapshot(out)) == ["session-34/notice_kk.docx", "session-34/notice_ru.docx"]
