"""The reviews that fall due, for the owners' planning: `python -m policysite.due [--days N] [--edition E]`.

Reads the working tree (the pages as they are now, committed or not) and lists, from the Swedish pages, every
document whose next review (model.next_review) is overdue or falls within N days (default 90): overdue first,
most overdue first, then by date. Every document is listed unless --edition is given, internal ones marked: the
list is the owner's planning, printed on their own screen, not a publication. A planning list, not a check: exit 0
whatever falls due; 1 (with `problem — fix`) for a bad --days or an unreadable roles file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import editions
from .checks import today
from .corpus import load_corpus
from .data import load_roles
from .findings import FindingsError, Severity
from .model import SOURCE_LANGUAGE
from .project import latest_date
from .reviews import Review, upcoming_reviews

DEFAULT_DAYS = 90
MAX_DAYS = 3650


def parse_days(value: str) -> int:
    """DAYS as a whole number from 0 to MAX_DAYS; ValueError('problem — fix') otherwise."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_DAYS:
        raise ValueError(f"DAYS={value!r} is not a whole number of days from 0 to {MAX_DAYS} — "
                         f"give the days ahead to list, e.g. `make due DAYS={DEFAULT_DAYS}`")
    return int(text)


def due_within(reviews: list[Review], on: dt.date, days: int) -> list[Review]:
    """The reviews overdue on `on` or due within `days` after it, in the order of upcoming_reviews."""
    return [review for review in reviews if review.date <= on + dt.timedelta(days=days)]


def when(review: Review, on: dt.date) -> str:
    days = (review.date - on).days
    if days == 0:
        return "due today"
    unit = "day" if abs(days) == 1 else "days"
    return f"overdue by {-days} {unit}" if days < 0 else f"due in {days} {unit}"


def report(reviews: list[Review], roles: dict, sources: dict, on: dt.date, days: int) -> list[str]:
    """The planning list as lines of text: one line per review, or one line saying nothing falls due."""
    horizon = on + dt.timedelta(days=days)
    if not reviews:
        return [f"No review is overdue or falls due by {horizon} ({days} days from {on})."]
    lines = [f"Reviews overdue or due by {horizon} ({days} days from {on}); a month-only date counts from its first "
             f"day:"]
    for review in reviews:
        document = review.document
        marks = "".join(f" [{mark}]" for mark in (document.classification, document.status)
                        if mark not in ("public", "approved", "published"))
        lines.append(f"{review.due.isoformat():<10}  {when(review, on):<22}  {document.id}  {document.title}{marks}"
                     f" — owner: {roles[document.owner].name[SOURCE_LANGUAGE]} — "
                     f"{sources[(document.language, document.path)].where}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.due", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: current directory)")
    parser.add_argument("--days", default=str(DEFAULT_DAYS), help=f"days ahead to list (default {DEFAULT_DAYS})")
    parser.add_argument("--edition", choices=tuple(editions.EDITIONS),
                        help="only the documents of this edition (default: every document, internal ones marked)")
    parser.add_argument("--today", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the date to count from (default: SOURCE_DATE_EPOCH or the clock)")
    args = parser.parse_args(argv)
    try:
        days = parse_days(args.days)
    except ValueError as problem:
        print(problem)
        return 1
    on = args.today or today()
    try:
        roles = load_roles(args.root / "data" / "roles.yml")
    except FindingsError as exc:
        print(exc)
        return 1
    # Only the front matter is read, so a defect elsewhere (a link, a statement) never hides what falls due.
    corpus, findings = load_corpus(args.root / "docs", frozenset(roles), args.root, latest_date(on))
    if args.edition:
        corpus = editions.edition_corpus(corpus, args.edition)
    reviews = due_within(upcoming_reviews(corpus.in_language(SOURCE_LANGUAGE)), on, days)
    print("\n".join(report(reviews, roles, corpus.sources, on, days)))
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    if errors:
        print(f"{errors} error(s) in the pages' front matter: a page with one may be missing from this list — "
              "fix them (`make check` lists them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
