"""Benchmark: docgen's batch engine against the naive docxtpl loop, and its memory at 10,000.

Renders the same 400 notices (the 40 of inputs/batch-session-34.yaml, ten times) two ways
in one run and prints documents per second for each and the ratio:

(a) naive: ``DocxTemplate(path)`` + ``render(ctx, autoescape=True)`` + ``save`` per document,
    on docgen's own notice templates and the very same contexts;
(b) docgen: ``docgen.batch.stage_documents`` + commit (what ``docgen batch notices`` runs),
    default jobs (one worker per core), template compile included.

Then renders 10,000 notices with the batch engine in a fresh process and prints the peak
RSS of that process tree (``getrusage`` RUSAGE_SELF + RUSAGE_CHILDREN ``ru_maxrss``).

    python benchmarks/render.py [--docs 400] [--bulk 10000] [--jobs N]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.output.batch import BatchDoc, default_jobs, plan_batch, stage_documents  # noqa: E402
from docgen.rendering.engine import compiled, load_template  # noqa: E402
from docgen.rendering.lang import filters_for  # noqa: E402

DATA = ROOT / "inputs" / "batch-session-34.yaml"
TARGET_RATIO = 8.0
RSS_LIMIT_MB = 200.0


def documents(count: int) -> Iterator[BatchDoc]:
    """``count`` notices: the sample's 40 over and over, each to its own file (lazily)."""
    base = plan_batch(DATA)
    for i in range(count):
        doc = base[i % len(base)]
        yield dataclasses.replace(
            doc, path=f"part{i // 500:03d}/{i:05d}_{doc.region}_{doc.lang}.docx")


def naive(docs: list[BatchDoc], out: Path) -> float:
    """(a) the docxtpl loop; returns seconds."""
    envs = {}
    start = time.perf_counter()
    for i, doc in enumerate(docs):
        if doc.lang not in envs:
            env = jinja2.Environment()
            env.filters.update(filters_for(doc.lang))
            envs[doc.lang] = env
        template = DocxTemplate(doc.template)
        template.render(doc.context, jinja_env=envs[doc.lang], autoescape=True)
        template.save(out / f"{i:05d}.docx")
    return time.perf_counter() - start


def fast(docs, out: Path, total: int, jobs: int | None) -> float:
    """(b) docgen's batch engine, compile included; returns seconds."""
    load_template.cache_clear()
    start = time.perf_counter()
    for lang in ("ru", "kk"):
        compiled(ROOT / f"templates_{lang}" / "notice.docx", lang)
    staging = stage_documents(docs, out, total=total, jobs=jobs)
    written = staging.commit()
    seconds = time.perf_counter() - start
    assert len(written) == total, len(written)
    return seconds


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024


def bulk(count: int, jobs: int | None) -> None:
    """Child mode: render ``count`` notices and print this process tree's peak RSS."""
    out = Path(tempfile.mkdtemp(prefix="docgen-bulk-"))
    try:
        seconds = fast(documents(count), out, count, jobs)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    workers = jobs or default_jobs()
    tree = me + workers * child
    print(f"bulk: {count} documents in {seconds:.1f} s = {count / seconds:.0f} docs/s "
          f"({workers} jobs)")
    print(f"peak RSS: parent {_mb(me):.0f} MB, largest worker {_mb(child):.0f} MB, "
          f"process tree <= {_mb(tree):.0f} MB (parent + {workers} x worker; "
          f"limit {RSS_LIMIT_MB:.0f} MB: {'OK' if _mb(tree) <= RSS_LIMIT_MB else 'OVER'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400, help="documents for the comparison")
    parser.add_argument("--bulk", type=int, default=10_000, help="documents for the RSS run")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: cores)")
    parser.add_argument("--bulk-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bulk_only:
        bulk(args.bulk, args.jobs)
        return 0

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    jobs = args.jobs or default_jobs()
    print(f"machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    # The bulk run goes first, in a fresh process: Linux keeps ru_maxrss across exec, so a
    # child started after the naive loop had grown this process would inherit its peak.
    command = [sys.executable, str(Path(__file__).resolve()), "--bulk-only",
               "--bulk", str(args.bulk)]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    bulk_run = subprocess.run(command, check=False, capture_output=True, text=True)
    docs = list(documents(args.docs))
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        (Path(tmp) / "a").mkdir()
        slow_s = naive(docs, Path(tmp) / "a")
        fast_s = fast(docs, Path(tmp) / "b", len(docs), args.jobs)
    slow_rate, fast_rate = len(docs) / slow_s, len(docs) / fast_s
    ratio = fast_rate / slow_rate
    print(f"(a) naive docxtpl loop:   {len(docs)} documents in {slow_s:6.2f} s = "
          f"{slow_rate:7.1f} docs/s (1 process)")
    print(f"(b) docgen batch engine:  {len(docs)} documents in {fast_s:6.2f} s = "
          f"{fast_rate:7.1f} docs/s ({jobs} jobs)")
    print(f"ratio (b)/(a): {ratio:.1f}x (target >= {TARGET_RATIO:.0f}: "
          f"{'OK' if ratio >= TARGET_RATIO else 'BELOW'})")
    print(bulk_run.stdout, end="")
    print(bulk_run.stderr, end="", file=sys.stderr)
    return bulk_run.returncode


if __name__ == "__main__":
    sys.exit(main())
