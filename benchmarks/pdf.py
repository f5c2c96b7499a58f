"""Benchmark DOCX → PDF: one soffice process per file vs. :func:`convert_to_pdf`.

Builds 40 notice-like DOCX files (copies of the engine's ru and kk notices of
``inputs/session-34.yaml`` when the engine can render them, else python-docx samples),
then converts them

(a) with one ``soffice --headless --convert-to pdf`` process per file, one after the other;
(b) with :func:`docgen.convert.convert_to_pdf` and its default ``jobs``;

and prints the seconds per document of each and their ratio.

Run: ``python benchmarks/pdf.py [--count 40]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from docgen.output.convert import convert_to_pdf  # noqa: E402
from docgen.output.soffice import find_soffice  # noqa: E402


def engine_notices(folder: Path) -> list[Path]:
    """The ru and kk notices of session 34 rendered by docgen's engine (may raise)."""
    from docgen.papers.pipeline import render

    return list(render("notice", ROOT / "inputs" / "session-34.yaml", out_dir=folder).written)


def sample_notices(folder: Path) -> list[Path]:
    """A ru and a kk notice made with python-docx."""
    from pdf_helpers import KK_TEXT, RU_TEXT, make_docx

    return [
        make_docx(
            folder / "notice_ru.docx",
            [RU_TEXT] * 12,
            title="Извещение",
            lang="ru-RU",
            doc_id="bench-ru",
            heading="ИЗВЕЩЕНИЕ",
        ),
        make_docx(
            folder / "notice_kk.docx",
            [KK_TEXT] * 12,
            title="Хабарлама",
            lang="kk-KZ",
            doc_id="bench-kk",
            heading="ХАБАРЛАМА",
        ),
    ]


def build(folder: Path, count: int) -> tuple[list[Path], str]:
    """``count`` DOCX files in ``folder`` and where they came from."""
    sources = folder / "sources"
    sources.mkdir()
    try:
        originals, origin = engine_notices(sources), "engine notices (session 34)"
    except Exception as exc:  # no engine, templates or data: fall back to samples
        originals, origin = sample_notices(sources), f"python-docx samples ({exc})"
    docs = []
    for i in range(count):
        original = originals[i % len(originals)]
        target = folder / f"notice_{i:02d}_{original.stem}.docx"
        shutil.copyfile(original, target)
        docs.append(target)
    return docs, origin


def one_process_per_file(soffice: str, docs: list[Path], out: Path, profile: Path) -> float:
    """Seconds to convert ``docs`` with one soffice process each, sequentially."""
    started = time.perf_counter()
    for doc in docs:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(doc),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="documents to convert")
    args = parser.parse_args()
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-pdf-") as tmp:
        folder = Path(tmp)
        docs, origin = build(folder, args.count)
        (folder / "a").mkdir()
        (folder / "b").mkdir()
        profile = folder / "profile"
        # warm the disk cache and LibreOffice's libraries once, outside the timings
        one_process_per_file(soffice, docs[:1], folder / "warm", profile)
        seq = one_process_per_file(soffice, docs, folder / "a", profile)
        started = time.perf_counter()
        report = convert_to_pdf(docs, out_dir=folder / "b")
        batched = time.perf_counter() - started
        report.raise_for_failures()
        n = len(docs)
        print(f"documents: {n} ({origin}); soffice: {soffice}; cpus: {os.cpu_count()}")
        print(f"(a) one soffice per file, sequential: {seq / n:.3f} s/doc ({seq:.1f} s)")
        print(f"(b) convert_to_pdf, default jobs:     {batched / n:.3f} s/doc ({batched:.1f} s)")
        print(f"speed-up (a)/(b): {seq / batched:.1f}x")


if __name__ == "__main__":
    main()
