"""Benchmark DOCX → PDF: plain LibreOffice against docgen, as users run each, in one run.

For each count (default 40 and 400 notices) it renders the regional notices of
``inputs/batch-session-34.yaml`` (40 per batch; 400 = ten batches in ten folders), then
times, round after round (``--rounds``), on the same files:

(a) one ``soffice --headless --convert-to pdf`` call with every file: the honest
    baseline (its profile is set up beforehand, outside the timing; past 200 files the
    ``soffice.bin`` the script starts, as the script drops the files after the 247th);
(b) one ``soffice`` call per file, one after the other (only for 40 files: it is slow;
    run last in the round);
(c) docgen exactly as a user runs it: ``docgen batch notices DATA --pdf`` for 40 (the
    notices are rendered too, inside the timing; LibreOffice is started while they are),
    ``docgen pdf FOLDER`` for 400 (a batch holds at most 40 notices; it is the same
    conversion code);

and prints seconds per document, the ratios (a)/(c) and (b)/(c), and the CPU seconds of
each (every process included). The machine may be busy with other work, so the ratios
come from the same round; compare rounds, and the CPU seconds, which load hardly moves.

Run: ``python benchmarks/pdf.py [--counts 40 400] [--rounds 2] [--jobs N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Files go where users' go (outputs/, git-ignored): on this machine creating a file in
# /tmp costs ten times what it costs there, which would measure the disk, not docgen.
WORK = ROOT / "outputs"
DATA = ROOT / "inputs" / "batch-session-34.yaml"
sys.path.insert(0, str(ROOT))

from docgen.output.soffice import find_soffice  # noqa: E402

SCRIPT = Path(sys.executable).with_name("docgen")  # the command users run
DOCGEN = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "docgen"]


CPU: dict[str, float] = {}  # CPU seconds of the last timed command, by its label


def timed(label: str, args: list[str], cwd: Path = ROOT,
          env: dict[str, str] | None = None) -> float:
    """Wall seconds of one command (it must succeed); its CPU seconds (with every process
    it waited for) go to ``CPU[label]``, adding up over calls with the same label."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])} … failed: {errors.decode(errors='replace')}")
    CPU[label] = CPU.get(label, 0.0) + usage.ru_utime + usage.ru_stime
    return seconds


def docgen(*args: str, cwd: Path, label: str = "docgen") -> float:
    """Seconds one docgen command takes (it must succeed)."""
    return timed(label, [*DOCGEN, *args], cwd)


def notices(folder: Path, count: int) -> list[Path]:
    """``count`` (a multiple of 40) rendered notices under ``folder``, in count/40 batches."""
    for batch in range(count // 40):
        docgen("batch", "notices", str(DATA), "--out", str(folder / f"b{batch:02d}"), cwd=ROOT)
    return sorted(folder.rglob("*.docx"))


def soffice_once(
    soffice: str, profile: Path, docs: list[Path], out: Path, label: str = "a"
) -> float:
    """Seconds for one plain ``soffice --convert-to pdf`` call over ``docs``."""
    out.mkdir(parents=True)
    program = soffice
    if len(docs) > 200:  # the soffice script (oosplash 7.4) drops the files after the
        # 247th and exits 0: the same LibreOffice, started the way the script starts it
        program = str(Path(soffice).resolve().with_name("soffice.bin"))
    seconds = timed(
        label,
        [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *(d.name for d in docs)],
        cwd=docs[0].parent,
        env={**os.environ, "LC_ALL": "C", "SAL_ENABLE_FILE_LOCKING": "1"},
    )
    made = len(list(out.glob("*.pdf")))
    if made != len({d.stem for d in docs}):
        raise SystemExit(f"soffice made {made} PDFs of {len(docs)}")
    return seconds


def soffice_each(soffice: str, profile: Path, docs: list[Path], out: Path) -> float:
    """Seconds for one ``soffice`` call per file, sequentially."""
    started = time.perf_counter()
    for k, doc in enumerate(docs):
        soffice_once(soffice, profile, [doc], out / str(k), "b")
    return time.perf_counter() - started


def round_of(count: int, folder: Path, soffice: str, profile: Path, jobs: list[str]) -> dict:
    """One round for ``count`` notices: the seconds of (a), (b) and (c)."""
    src = folder / f"src{count}"
    docs = sorted(src.rglob("*.docx"))
    flat = folder / f"flat{count}"  # (a) needs unique names: one folder, numbered copies
    if not flat.exists():
        flat.mkdir()
        for k, doc in enumerate(docs):
            shutil.copyfile(doc, flat / f"{k:04d}_{doc.name}")
    flat_docs = sorted(flat.glob("*.docx"))
    work = Path(tempfile.mkdtemp(dir=folder))
    CPU.clear()
    times = {"a": soffice_once(soffice, profile, flat_docs, work / "a")}
    if count <= 40:
        times["c"] = docgen("batch", "notices", str(DATA), "--pdf", "--out", str(work / "c"),
                            *jobs, cwd=ROOT, label="c")
        made = len(list((work / "c").rglob("*.pdf")))
        # (b) last: its forty start-ups would otherwise run right before (c) only
        times["b"] = soffice_each(soffice, profile, flat_docs, work / "b")
    else:
        times["c"] = docgen("pdf", str(src), "--out", str(work / "c"), *jobs, cwd=ROOT,
                            label="c")
        made = len(list((work / "c").rglob("*.pdf")))
    if made != count:
        raise SystemExit(f"docgen made {made} PDFs of {count}")
    shutil.rmtree(work, ignore_errors=True)
    return times


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[40, 400],
                        help="numbers of notices (multiples of 40)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per count")
    parser.add_argument("--jobs", type=int, default=None, help="docgen --jobs (default: cores)")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    soffice = find_soffice()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    print(f"cores: {os.cpu_count()}; {version.strip()}; docgen workers: "
          f"{args.jobs or os.cpu_count()}; machine shared: ratios are per round")
    with tempfile.TemporaryDirectory(prefix=".bench-pdf-", dir=WORK) as tmp:
        folder = Path(tmp)
        profile = folder / "profile"
        for count in args.counts:
            if count % 40:
                raise SystemExit("--counts must be multiples of 40")
            notices(folder / f"src{count}", count)
        soffice_once(soffice, profile, [sorted(folder.rglob("*.docx"))[0]], folder / "warm")
        for count in args.counts:
            ratios: list[float] = []
            for number in range(1, args.rounds + 1):
                t = round_of(count, folder, soffice, profile, jobs)
                per = {k: v / count * 1000 for k, v in t.items()}
                line = (f"{count:4d} notices, round {number}: (a) soffice, one call "
                        f"{per['a']:6.1f} ms/doc")
                if "b" in t:
                    line += f" | (b) soffice per file {per['b']:6.1f} ms/doc"
                how = "batch --pdf" if count <= 40 else "pdf"
                line += f" | (c) docgen {how} {per['c']:6.1f} ms/doc"
                line += f" | (a)/(c) {t['a'] / t['c']:.2f}x"
                if "b" in t:
                    line += f" | (b)/(c) {t['b'] / t['c']:.1f}x"
                line += " | CPU s: " + ", ".join(f"({k}) {v:.1f}" for k, v in sorted(CPU.items()))
                print(line, flush=True)
                ratios.append(t["a"] / t["c"])
            print(f"{count:4d} notices: median (a)/(c) {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
