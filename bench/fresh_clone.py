"""Fresh-clone `make test`: what a new developer waits for. It runs last in the benchmark.

The repository's HEAD is cloned (`git clone --no-local`, a real copy of the objects) into a temporary
directory and `make test` runs there as a user would run it: the user's environment without the make,
virtual-environment or policysite settings of the benchmark's own run, so the clone makes its own .venv.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 2 * 3600.0
_SUMMARY = re.compile(r"^=+ (.*\b(?:passed|failed|error|errors|skipped|no tests ran)\b.*) =+$")
_DROPPED = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV", "SITE_URL")


@dataclass(frozen=True)
class CloneResult:
    commit: str
    seconds: float
    returncode: int
    summary: str  # pytest's last summary line, or why there is none
    tail: str = ""  # the end of make test's output, for a failed run

    @property
    def passed(self) -> bool:
        return self.returncode == 0


def user_environment(base: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in base.items()
            if key not in _DROPPED and not key.startswith("POLICYSITE_")}


def pytest_summary(output: str) -> str:
    """The last line pytest ends a run with, e.g. '310 passed, 2 skipped in 412.31s (0:06:52)'."""
    found = [match.group(1) for line in output.splitlines() if (match := _SUMMARY.match(line.strip()))]
    return found[-1] if found else "no pytest summary line (make test stopped before pytest ended)"


def fresh_clone_test(repo: Path, workdir: Path, env: dict[str, str]) -> CloneResult:
    clone = workdir / "fresh-clone"
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(repo), str(clone)], check=True,
                   capture_output=True)
    commit = subprocess.run(["git", "-C", str(clone), "rev-parse", "--short", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    log = workdir / "fresh-clone-make-test.log"
    start = time.perf_counter()
    with log.open("wb") as output:
        try:
            returncode = subprocess.run(["make", "test"], cwd=clone, env=user_environment(env), stdout=output,
                                        stderr=subprocess.STDOUT, timeout=TIMEOUT, check=False).returncode
        except subprocess.TimeoutExpired:
            returncode = -1
    seconds = time.perf_counter() - start
    text = log.read_text(encoding="utf-8", errors="replace")
    return CloneResult(commit, seconds, returncode, pytest_summary(text), text[-4000:] if returncode else "")
