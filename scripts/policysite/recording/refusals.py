"""A refusal: what is wrong and how to fix it, printed as the check prints its findings; nothing was touched."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from ..findings import Finding


@dataclass(frozen=True)
class Refusal:
    """Why a command will not record: what is wrong and what to do, worded as the check's findings are."""

    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.problem} — {self.fix}"


class Refused(Exception):
    def __init__(self, refusals: list[Refusal], findings: list[Finding] = ()):
        super().__init__("\n".join(map(str, refusals)))
        self.refusals = refusals
        self.findings = list(findings)


def refuse(program: str, refused: Refused) -> int:
    """Print the findings, then each refusal prefixed with the program's name, on stderr; the exit status."""
    for finding in refused.findings:
        print(finding, file=sys.stderr)
    for refusal in refused.refusals:
        print(f"{program}: {refusal}", file=sys.stderr)
    return 1
