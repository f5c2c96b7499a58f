"""LibreOffice started ahead of its documents (docgen/output/prestart.py), with the real
LibreOffice: it converts the first files of each worker, is killed when not used, dies
with docgen on kill -9, and a hung document still costs one timeout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import SAMPLES, run_cli
from pdf_helpers import (
    HANGING_SOFFICE,
    KK_TEXT,
    RU_TEXT,
    alive,
    fake_soffice,
    make_docx,
    pdffonts,
    pdftotext,
)

import docgen.output.convert
import docgen.output.office_pipe
import docgen.output.prestart
import docgen.output.soffice
from docgen.output.convert import ConversionReport, convert_to_pdf
from docgen.output.prestart import Prestarted


def _soffices(parent: int) -> dict[int, list[str]]:
    """The LibreOffice processes whose parent is ``parent``: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if int(fields[1]) == parent and "soffice" in argv[0] and fields[0] != "Z":
            found[int(entry.name)] = argv
    return found


def _wait_gone(pids: list[int], seconds: float = 10) -> list[int]:
    give_up = time.monotonic() + seconds
    while [pid for pid in pids if alive(pid)] and time.monotonic() < give_up:
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private scratch folder for the profiles (instead of /dev/shm)."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(docgen.output.prestart, "scratch_root", lambda: folder)
    monkeypatch.setattr(docgen.output.convert, "scratch_root", lambda: folder)
    return folder


def test_prestarted_libreoffice_converts_the_first_files_of_each_worker(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [
        make_docx(tmp_path / f"w{i}.docx", [RU_TEXT if i % 2 else KK_TEXT], title="T",
                  lang="ru-RU" if i % 2 else "kk-KZ", doc_id=f"w{i}")
        for i in range(4)
    ]
    handed: list[object] = []
    hand_over = docgen.output.soffice.hand_over

    def spy(*args: object, **kwargs: object) -> object:
        handover = hand_over(*args, **kwargs)
        handed.append(handover)
        return handover

    monkeypatch.setattr(docgen.output.soffice, "hand_over", spy)
    with Prestarted(2) as prestarted:
        waiting = _soffices(os.getpid())
        assert len(waiting) == 2, waiting
        assert not [argv for argv in waiting.values() if "--convert-to" in argv]
        report = convert_to_pdf(docs, jobs=2, timeout=60, prestarted=prestarted)
        assert report.failed == {}
        assert report.converted == [d.with_suffix(".pdf") for d in docs]
        # both requests went over LibreOffice's pipe and were answered "ProcessingDone"
        assert len(handed) == 2 and all(getattr(h, "ok", False) for h in handed), handed
        assert prestarted.take() is None
        assert not _wait_gone(list(waiting))
    for i, doc in enumerate(docs):
        text = pdftotext(doc.with_suffix(".pdf"))
        assert (RU_TEXT if i % 2 else KK_TEXT)[:40] in " ".join(text.split())
        fonts = {f["name"].split("-")[0] for f in pdffonts(doc.with_suffix(".pdf"))}
        assert "LiberationSerif" in fonts and fonts <= {"LiberationSerif", "Tinos"}  # ₸
    assert list(scratch.iterdir()) == []


def test_without_the_pipe_protocol_a_second_soffice_hands_the_files_over(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docgen.output.soffice, "hand_over", lambda *a, **k: None)
    docs = [make_docx(tmp_path / f"s{i}.docx", [RU_TEXT], title="T", lang="ru-RU",
                      doc_id=f"s{i}") for i in range(2)]
    with Prestarted(1) as prestarted:
        warm = prestarted._idle[0]
        report = convert_to_pdf(docs, jobs=1, timeout=60, prestarted=prestarted)
    assert report.failed == {}
    assert report.converted == [d.with_suffix(".pdf") for d in docs]
    assert warm.proc.returncode == 0  # it converted, then exited by itself
    assert RU_TEXT[:40] in " ".join(pdftotext(docs[1].with_suffix(".pdf")).split())


def test_unused_prestarted_libreoffice_is_killed_and_its_files_removed(scratch: Path) -> None:
    prestarted = Prestarted(2)
    pids = list(_soffices(os.getpid()))
    assert len(pids) == 2
    assert len(list(scratch.iterdir())) == 1  # docgen-pdf-<pid>-…: profiles, tmp
    pipes: list[Path] = []
    give_up = time.monotonic() + 30
    while len(pipes) < 2 and time.monotonic() < give_up:  # made early in its start-up
        pipes = [pipe for pid in pids for pipe in docgen.output.office_pipe.pipes_of(pid)]
        time.sleep(0.05)
    assert len(pipes) == 2 and all(pipe.name.startswith("OSL_PIPE_") for pipe in pipes)
    prestarted.close()
    assert not _wait_gone(pids, 2)
    assert list(scratch.iterdir()) == []
    assert not [pipe for pipe in pipes if pipe.exists()], "a killed LibreOffice left its pipe"


KILLED_WHILE_RENDERING = """\
import sys, time
from pathlib import Path
import docgen.output.prestart as prestart
prestart.scratch_root = lambda: Path(sys.argv[1])
p = prestart.Prestarted(2)
print("started", flush=True)
time.sleep(120)  # docgen validating and rendering
"""


def test_prestarted_libreoffice_dies_with_docgen_on_kill_9(scratch: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WHILE_RENDERING, scratch],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "started\n"
    soffices = list(_soffices(proc.pid))
    assert len(soffices) == 2
    proc.kill()  # SIGKILL: docgen's own clean-up never runs
    proc.wait()
    proc.stdout.close()
    survivors = _wait_gone(soffices)
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "a pre-started LibreOffice outlived docgen"
    # the next run removes the profiles the killed one could not
    make_docx(scratch.parent / "k.docx", [RU_TEXT], title="T", lang="ru-RU", doc_id="k")
    assert convert_to_pdf([scratch.parent / "k.docx"], timeout=60).failed == {}
    assert list(scratch.iterdir()) == []


def _two_with_a_stand_in(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str,
                         prefix: str, timeout: float
                         ) -> tuple[list[Path], ConversionReport, float]:
    """Convert two documents with a pre-started stand-in soffice: docs, report, seconds."""
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake_soffice(folder, script)))
    docs = [make_docx(folder / f"{prefix}{i}.docx", [RU_TEXT], title="T", lang="ru-RU",
                      doc_id=f"{prefix}{i}") for i in (1, 2)]
    started = time.monotonic()
    with Prestarted(1) as prestarted:
        report = convert_to_pdf(docs, jobs=1, timeout=timeout, prestarted=prestarted)
    return docs, report, time.monotonic() - started


def test_a_hung_document_costs_one_timeout_with_prestarted_libreoffice(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, report, elapsed = _two_with_a_stand_in(tmp_path, monkeypatch, HANGING_SOFFICE, "h", 0.5)
    assert list(report.failed) == docs
    assert set(report.failed.values()) == {
        "LibreOffice did not finish within 0.5 s on this document and was killed"}
    calls = (tmp_path / "calls.log").read_text().splitlines()
    # the pre-started one (no files), the call handing it h1 and h2, then h2 alone
    assert [line.split(" ", 2)[2] for line in calls] == ["-", "h1.docx h2.docx", "h2.docx"]
    assert elapsed < 5
    pids = [int(pid) for line in calls for pid in line.split()[:2]]
    assert not _wait_gone(pids, 2), "a LibreOffice process was left running"
    assert list(scratch.iterdir()) == []


def test_batch_pdf_failing_validation_leaves_no_libreoffice(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((SAMPLES / "batch-session-34.yaml").read_text(encoding="utf-8")
                   .replace("number:", "number: -", 1), encoding="utf-8")
    result = run_cli("batch", "notices", bad, "--pdf", "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert _soffices(os.getpid()) == {}
    assert not list(Path("/dev/shm").glob(f"docgen-pdf-{os.getpid()}-*"))
    assert not (tmp_path / "out").exists()


WRONG_ANSWER = """\
import socket, sys, time
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(sys.argv[1])
server.listen()
print("ready", flush=True)
conn, _ = server.accept()
conn.sendall(b"InternalIPC::SomethingElse\\0")
time.sleep(60)
"""


def test_hand_over_gives_up_on_what_is_not_a_libreoffice_pipe() -> None:
    path = Path(f"/tmp/OSL_PIPE_docgen_test_{os.getpid()}")
    proc = subprocess.Popen([sys.executable, "-c", WRONG_ANSWER, str(path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        assert docgen.output.office_pipe.pipes_of(proc.pid) == [path]
        hand_over = docgen.output.soffice.hand_over
        assert hand_over(proc.pid, ["x.docx"], greeting_timeout=5, on_done=print) is None
        started = time.monotonic()  # a process with no pipe: given up on within ~1 s
        assert hand_over(os.getpid(), [], greeting_timeout=30, on_done=print) is None
        assert time.monotonic() - started < 3
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        path.unlink(missing_ok=True)


PIPE_SOFFICE = """\
import os, socket, subprocess, sys, time
log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.log")
docs = [a for a in sys.argv[1:] if a.endswith(".docx")]
if docs:  # a call with files: hangs on the first
    with open(log, "a") as fh:
        fh.write("call " + " ".join(os.path.basename(os.path.realpath(d)) for d in docs) + "\\n")
    time.sleep(60)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
path = f"/tmp/OSL_PIPE_docgen_fake_{os.getpid()}"
server.bind(path)
server.listen()
with open(log, "a") as fh:
    fh.write(f"pipe {path}\\n")
conn, _ = server.accept()
conn.sendall(b"InternalIPC::SendArguments\\0")
request = b""
while not request.endswith(b"\\0"):
    request += conn.recv(4096)
names = [os.path.basename(os.path.realpath(a.decode()))
         for a in request[:-1].split(b",") if a.endswith(b".docx")]
with open(log, "a") as fh:
    fh.write("handed " + " ".join(names) + "\\n")
time.sleep(60)  # hangs on the first document: no line, no ProcessingDone
"""


def test_a_document_hung_in_the_handed_over_request_costs_one_timeout(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, report, elapsed = _two_with_a_stand_in(tmp_path, monkeypatch, PIPE_SOFFICE, "p", 1.0)
    calls = (tmp_path / "calls.log").read_text().splitlines()
    pipe = Path(calls[0].split()[1])
    # both files handed over the pipe; p1 hangs; p2 goes on in a call of its own
    assert [line.split(" ", 1)[0] for line in calls] == ["pipe", "handed", "call"]
    assert calls[1:] == ["handed p1.docx p2.docx", "call p2.docx"]
    assert list(report.failed) == docs
    assert report.failed[docs[0]] == (
        "LibreOffice did not finish within 1 s on this document and was killed")
    assert elapsed < 6
    assert not pipe.exists(), "the killed instance's pipe was left in /tmp"
    assert list(scratch.iterdir()) == []
