"""Peak memory of a whole process tree, sampled from /proc while it runs (Linux only).

`ru_maxrss` (os.wait4) is one process's own peak. The PDF stage renders in
worker processes that run at the same time, so what the machine must hold is
the sum over the tree at one moment: the build, the forkserver and its workers.
The sum of VmRSS counts pages the processes share once per process, so it is an
upper bound on the memory actually used.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Self

PROC = Path("/proc")
INTERVAL_SECONDS = 0.05


def vmrss_kib(status_text: str) -> int:
    """VmRSS from the text of /proc/<pid>/status, in KiB; 0 if absent (a zombie has none)."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int, proc: Path = PROC) -> list[int]:
    """Direct children of every thread of pid (a pool may start processes from any thread)."""
    found: list[int] = []
    try:
        tasks = list((proc / str(pid) / "task").iterdir())
    except OSError:
        return found  # already gone
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def process_tree(pid: int, proc: Path = PROC) -> list[int]:
    """pid and all its descendants that exist now."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        if current not in tree:
            tree.append(current)
            pending += children(current, proc)
    return tree


def tree_rss_kib(pid: int, proc: Path = PROC) -> int:
    total = 0
    for member in process_tree(pid, proc):
        try:
            total += vmrss_kib((proc / str(member) / "status").read_text())
        except OSError:
            continue  # exited between listing and reading
    return total


class TreeMemorySampler:
    """Samples the tree's total VmRSS every INTERVAL_SECONDS in a thread; `peak_kib` is the largest sample."""

    def __init__(self, pid: int, interval: float = INTERVAL_SECONDS):
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name=f"rss-{pid}", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.pid))
            if self._stop.wait(self.interval):
                return
