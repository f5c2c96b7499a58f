"""Benchmark: how fast docgen starts, against ``python -c "import click"``.

Runs each command ``--runs`` times in a fresh process (interleaved, so machine load hits
them alike) and prints the median wall time and the ratios the issue sets:
``docgen --help`` ≤ 1.5 × ``import click``; ``docgen render notice`` ≤ 2 × ``--help``.
It also times the floor of a render: a Python that only imports the libraries a render
cannot do without (click, pydantic with one model validated, Jinja's sandbox, PyYAML with
libyaml, platformdirs, pytrovich, zxing-cpp) and runs no docgen code at all.

    python benchmarks/startup.py [--runs 15] [--no-compile]

docgen's modules are byte-compiled first, as ``pip install`` does for a wheel: an editable
install under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module from source
on every run (``--no-compile`` measures that). The caches docgen keeps (docs/benchmarks.md)
are warm after the first, untimed run of each command.
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
FLOOR = """
import click, jinja2.sandbox, platformdirs, pytrovich, yaml, zxingcpp
from pydantic import BaseModel
class Model(BaseModel):
    number: int
Model(number=1)
"""
"""What a render must load whatever docgen's own code does (pydantic's first validation
loads its plugin machinery, as it does in docgen)."""


def _time(command: list[str]) -> float:
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}  # as docgen's main() sets
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-compile", action="store_true",
                        help="do not byte-compile docgen first (as an editable install runs)")
    args = parser.parse_args()
    if not args.no_compile:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "docgen")],
                       check=True, stdout=subprocess.DEVNULL)
    docgen = str(Path(sys.executable).with_name("docgen"))
    out = tempfile.mkdtemp(prefix="docgen-startup-")
    commands = {
        "import click": [sys.executable, "-c", "import click"],
        "docgen --help": [docgen, "--help"],
        "docgen render notice": [docgen, "render", "notice", "inputs/session-34.yaml",
                                 "--out", out],
        "render floor": [sys.executable, "-c", FLOOR],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for command in commands.values():  # warm the file cache once
            _time(command)
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(_time(command))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, value in median.items():
        print(f"{name:<22} {value * 1000:7.1f} ms (median of {args.runs})")
    help_ratio = median["docgen --help"] / median["import click"]
    render_ratio = median["docgen render notice"] / median["docgen --help"]
    print(f"--help / import click:  {help_ratio:.2f}x (target <= 1.5x)")
    print(f"render / --help:        {render_ratio:.2f}x (target <= 2x)")
    floor = median["render floor"]
    print(f"render floor / --help:  {floor / median['docgen --help']:.2f}x (libraries only, "
          "no docgen code)")
    print(f"render / render floor:  {median['docgen render notice'] / floor:.2f}x")


if __name__ == "__main__":
    main()
