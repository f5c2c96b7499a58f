"""Peak memory of a whole process tree, sampled: the benchmarks' memory yardstick.

Summing each process's peak RSS counts the pages forked workers share with their parent
once per process; the proportional set size (``Pss`` in ``/proc/PID/smaps_rollup``)
splits each shared page among its users, so the sum over the tree is what the tree takes.
:class:`TreeMemory` samples that sum every ``interval`` seconds in a thread.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc``)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def pss_kb(pid: int) -> int:
    """The proportional set size of ``pid`` in kB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory:
    """Samples the memory of this process and its descendants; ``peak_mb`` is the largest."""

    def __init__(self, interval: float = 0.05, root: int | None = None) -> None:
        self.interval = interval
        self.root = root or os.getpid()
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(sum(pss_kb(p) for p in descendants(self.root)) / 1024)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        """The largest sample (MB)."""
        return max(self.samples, default=0.0)

    def peak_between(self, start: float, end: float) -> float:
        """The largest sample within the ``start``–``end`` fraction of the run (MB)."""
        n = len(self.samples)
        part = self.samples[int(n * start) : max(int(n * end), int(n * start) + 1)]
        return max(part, default=0.0)
