"""One measured command: a whole process, its wall time, its peak memory and its output."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .memory import TreeMemorySampler


class BenchError(Exception):
    """A step's command failed; the corpus or the build is broken, so no figures are reported."""


@dataclass
class Run:
    seconds: float
    max_rss_kib: int  # ru_maxrss of the child (KiB on Linux)
    tree_rss_kib: int = 0  # largest sampled VmRSS total of the child and its descendants, if sampled
    figures: dict[str, float] = field(default_factory=dict)  # what the build reported about its PDFs


def measure(argv: list[str], cwd: Path, env: dict[str, str], sample_tree: bool = False) -> tuple[Run, str]:
    """Run argv to completion; its wall time, peak RSS and output. Raise BenchError if it fails."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        if sample_tree:
            with TreeMemorySampler(process.pid) as sampler:
                _, status, usage = os.wait4(process.pid, 0)
        else:
            sampler = None
            _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise BenchError(f"{' '.join(argv)} (in {cwd}) exited with {process.returncode}:\n{text[-4000:]}")
    return Run(seconds, usage.ru_maxrss, sampler.peak_kib if sampler else 0), text


def without_pdf_settings(env: dict[str, str]) -> dict[str, str]:
    """The HTML steps and the peer must not run our PDF stage, whatever the caller's shell has set."""
    return {key: value for key, value in env.items() if not key.startswith("POLICYSITE_PDF")}
