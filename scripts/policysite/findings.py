"""Typed findings: every defect the project reports has a place, a message and a fix."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.IntEnum):
    NOTICE = 0
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    message: str
    fix: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        kind = "" if self.severity is Severity.ERROR else f"{self.severity.name.lower()}: "
        return f"{self.path}:{self.line}: {kind}{self.message} — {self.fix}"


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a user types it: relative to the repository when possible."""
    root = root or Path.cwd()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class FindingsError(Exception):
    """Raised by build steps that must stop on defects; carries every finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))
