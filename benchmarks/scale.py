"""Scale check for PDFs: 1,000 notices converted in one run, memory flat, nothing left.

Renders ``--count`` notices (40 per batch of inputs/batch-session-34.yaml), converts them
all with :func:`docgen.convert_to_pdf` (as ``docgen pdf`` does) while sampling the
memory of the whole process tree (docgen and every LibreOffice it runs; the sum of Pss,
see benchmarks/memory.py), then prints:

- seconds and ms per document, for the first and the second half of the documents;
- peak memory of the tree in the first and in the second half of the run (flat: about
  the same), and the largest single sample;
- LibreOffice processes still running afterwards, and docgen files left in its scratch
  folder (both must be none).

Not a unit test (minutes of LibreOffice); the properties it checks on a small scale are
tested in tests/test_pdf.py. Run: ``python benchmarks/scale.py [--count 1000] [--jobs N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "outputs"  # files go where users' go (see benchmarks/pdf.py)
DATA = ROOT / "inputs" / "batch-session-34.yaml"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from memory import TreeMemory, descendants  # noqa: E402

from docgen.output.batch import batch_notices  # noqa: E402
from docgen.output.convert import convert_to_pdf  # noqa: E402
from docgen.output.soffice import scratch_root  # noqa: E402


def soffice_processes() -> list[int]:
    """Every running soffice.bin / oosplash process with a docgen profile."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "soffice" in cmdline and "docgen-pdf-" in cmdline:
            found.append(int(entry.name))
    return found


def main() -> int:
    """Run the scale check and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="notices (multiple of 40)")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: cores)")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    before = set(soffice_processes())
    shm_before = {p.name for p in scratch_root().glob("docgen-pdf-*")}
    with tempfile.TemporaryDirectory(prefix=".bench-scale-", dir=WORK) as tmp:
        folder = Path(tmp)
        docs: list[Path] = []
        for batch in range(args.count // 40):
            docs += batch_notices(DATA, out_dir=folder / f"b{batch:03d}").written
        half = len(docs) // 2
        marks: dict[int, float] = {}
        start = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if done in (half, total):
                marks[done] = time.perf_counter() - start

        with TreeMemory(interval=0.1) as memory:
            report = convert_to_pdf(docs, out_dir=None, jobs=args.jobs, progress=progress)
            alive_inside = [p for p in descendants(os.getpid()) if p != os.getpid()]
        seconds = time.perf_counter() - start
        report.raise_for_failures()
        n = len(docs)
        first = marks[half] / half * 1000
        second = (marks[n] - marks[half]) / (n - half) * 1000
        print(f"cores: {os.cpu_count()}; {n} PDFs in {seconds:.1f} s = {seconds / n * 1000:.1f} "
              f"ms/doc (first half {first:.1f}, second half {second:.1f} ms/doc)")
        print(f"memory of the process tree (sum of Pss, sampled every 0.1 s): first half peak "
              f"{memory.peak_between(0, 0.5):.0f} MB, second half peak "
              f"{memory.peak_between(0.5, 1):.0f} MB, overall {memory.peak_mb:.0f} MB")
        shutil.rmtree(folder, ignore_errors=True)
    time.sleep(0.5)
    left = sorted(set(soffice_processes()) - before)
    shm_left = sorted({p.name for p in scratch_root().glob("docgen-pdf-*")} - shm_before)
    print(f"processes left under docgen after the run: {len(alive_inside)}; LibreOffice "
          f"processes left on the machine: {len(left)}; scratch folders left: {len(shm_left)}")
    return 1 if left or shm_left or alive_inside else 0


if __name__ == "__main__":
    sys.exit(main())
