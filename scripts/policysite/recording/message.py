"""The record's commit message: a one-line subject, then the trailers as the last paragraph (CONTRIBUTING.md), and
the check that Git reads exactly those trailers back from it."""

from __future__ import annotations

from ..history.git import OUR_TRAILERS, Repository
from ..history.record import CORRECTION_LINE, DECISION_LINE, UNKNOWN
from ..model import PartialDate
from .refusals import Refusal
from .repository import git

SUBJECT_LIMIT = 72


def one_line(text: str) -> str:
    return " ".join(text.split())


def clipped(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where one is near, marked with '…'."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def subject(title: str, version: str, summary: str | None) -> str:
    head = f"{one_line(title)} {version}"
    return clipped(f"{head}: {one_line(summary)}" if summary else head, SUBJECT_LIMIT)


def decision_trailer(tag: str, body: str, date: PartialDate | None, case_number: str | None) -> str:
    return f"{tag}; {body}; {date.isoformat() if date else UNKNOWN}; {case_number or UNKNOWN}"


def approval_message(title: str, version: str, summary: str | None, tag: str, body: str, date: PartialDate | None,
                     case_number: str | None, change_type: str) -> str:
    """Subject, blank line, then the trailers as the last paragraph (CONTRIBUTING.md)."""
    return (f"{subject(title, version, summary)}\n\n"
            f"Decision: {decision_trailer(tag, body, date, case_number)}\nChange-type: {change_type}\n")


def message_refusals(repository: Repository, message: str, expected: list[tuple[str, str]]) -> list[Refusal]:
    """Git reads exactly these trailers from the message, and no Decision/Correction line outside them."""
    parsed = git(repository, *OUR_TRAILERS, "interpret-trailers", "--parse", "--unfold", input=message)
    read = [tuple(part.strip() for part in line.split(":", 1)) for line in parsed.stdout.splitlines() if ":" in line]
    marked = [line for line in message.split("\n") if DECISION_LINE.match(line) or CORRECTION_LINE.match(line)]
    records = [key for key, _ in expected if key in ("Decision", "Correction")]
    if parsed.returncode != 0 or read != expected or len(marked) != len(records):
        return [Refusal("Git would not read the record from the commit message as written",
                        "this is a bug in policysite.approve: report it with the command you ran; record the "
                        "decision by hand as CONTRIBUTING.md describes")]
    return []
