"""The engine exit plan, measured: ProperDocs (a drop-in fork of MkDocs 1.6) builds the real site.

The `engine` tool, tools/engine/properdocs.py, builds a project with ProperDocs in its own pinned environment:
`--root ROOT --site-dir DIR [--setup-only]`, exit 0 on success. The setup runs untimed; the build is timed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TOOL = Path("tools") / "engine" / "properdocs.py"
TIMEOUT = 3600.0


@dataclass(frozen=True)
class EngineResult:
    available: bool  # the tool exists in this checkout
    succeeded: bool
    seconds: float  # the timed build; 0 if it did not run
    detail: str  # why it failed, or ""


def properdocs_build(repo: Path, root: Path, site_dir: Path, env: dict[str, str]) -> EngineResult:
    tool = repo / TOOL
    if not tool.is_file():
        return EngineResult(False, False, 0.0, f"{TOOL} is not in this checkout")
    command = [sys.executable, str(tool), "--root", str(root), "--site-dir", str(site_dir)]
    setup = _run([*command, "--setup-only"], repo, env)
    if setup.returncode != 0:
        return EngineResult(True, False, 0.0, f"setup exited with {setup.returncode}: {_last_line(setup.stdout)}")
    start = time.perf_counter()
    build = _run(command, repo, env)
    seconds = time.perf_counter() - start
    if build.returncode != 0:
        return EngineResult(True, False, seconds, f"build exited with {build.returncode}: {_last_line(build.stdout)}")
    return EngineResult(True, True, seconds, "")


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(argv, -1, f"timed out after {TIMEOUT:.0f} s")


def _last_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"
