"""Upcoming reviews: when each document falls due (model.next_review), as an iCalendar feed per language and
edition (RFC 5545, overrides/calendar/reviews.ics) and as the owners' planning list (policysite.due).

A review due in a month only (the source gives 'YYYY-MM') is dated on the first day of that month, as the check
judges it (checks.review_state): the earliest day it can fall due.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import quote, urlsplit

from jinja2 import Environment

from .data import Role
from .model import Document, PartialDate, next_review
from .present import format_date
from .text import fill
from .urls import page_url, review_calendar_path

CALENDAR_TEMPLATE = "calendar/reviews.ics"
LINE_OCTETS = 75  # RFC 5545 3.1: a content line longer than this is folded
URL_SAFE = ":/?#[]@!$&'()*+=%~"  # besides letters, digits and '_.-~', which quote() never encodes


@dataclass(frozen=True)
class Review:
    document: Document
    due: PartialDate

    @property
    def date(self) -> dt.date:
        """The day it falls due: a month-only date counts from the first of the month."""
        return self.due.first_day


def upcoming_reviews(documents: Iterable[Document]) -> list[Review]:
    """Every document with a computed next review, earliest first (so the most overdue first), then by id."""
    found = [Review(document, due) for document in documents if (due := next_review(document)) is not None]
    return sorted(found, key=lambda review: (review.date, review.document.id))


# --- RFC 5545 text ---------------------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # TEXT may hold no control character but a tab


def ics_text(value: object) -> str:
    """A value as an iCalendar TEXT (RFC 5545 3.3.11): backslash, ';' and ',' escaped, line breaks as '\\n',
    other control characters dropped. The `ics` filter of every template (policysite.templates)."""
    text = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", _LINE_BREAKS.sub(r"\\n", text))


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character: each continuation
    starts with a space, which counts in its 75."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LINE_OCTETS:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def content_lines(text: str) -> str:
    """A rendered calendar template as iCalendar: every non-blank line a content line, folded, ended by CRLF."""
    return "".join(fold(line) + "\r\n" for line in text.split("\n") if line.strip())


# --- The calendar ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewEvent:
    uid: str
    start: str  # YYYYMMDD, an all-day event
    end: str  # the day after (DTEND is exclusive)
    summary: str
    description: str
    url: str | None


def review_event(review: Review, roles: dict[str, Role], labels: dict, edition: str, site_url: str) -> ReviewEvent:
    """One review as a calendar event; its UID stays the same as long as the document and its due date do."""
    document = review.document
    text = labels["calendar"]
    lines = [fill(text["due"], date=format_date(review.due, document.language)),
             fill(text["owner"], owner=roles[document.owner].name[document.language]),
             fill(text["version"], version=document.version),
             fill(text["interval"], months=document.review_interval_months)]
    if review.due.day is None:
        lines.append(text["month_only"])
    if document.classification == "internal":
        lines.append(labels["internal"]["title"])
    host = urlsplit(site_url).hostname or "localhost"
    base = site_url.rstrip("/") + "/" if site_url else None
    return ReviewEvent(
        uid=f"{document.id}-{review.date.isoformat()}-{edition}-{document.language}@{host}",
        start=review.date.strftime("%Y%m%d"),
        end=(review.date + dt.timedelta(days=1)).strftime("%Y%m%d"),
        summary=fill(text["summary"], title=document.title, id=document.id),
        description="\n".join(lines),
        # As the Atom feed: absolute under site_url, which a publishing build requires to be the real address.
        # Percent-encoded with ',' and ';' among the encoded: a URI value is not TEXT, so it must need no escape.
        url=quote(base + page_url(document.language, document.path), safe=URL_SAFE) if base else None,
    )


def calendar_ics(env: Environment, reviews: list[Review], roles: dict[str, Role], labels: dict, language: str,
                 edition: str, site_url: str, site_name: str, on: dt.date) -> str:
    """The calendar of one language and edition, as RFC 5545 text (CRLF line ends, folded lines)."""
    text = labels["calendar"]
    events = [review_event(review, roles, labels, edition, site_url) for review in reviews]
    rendered = env.get_template(CALENDAR_TEMPLATE).render(
        prodid=f"-//{site_name}//{labels['calendar']['name']}//{language.upper()}",
        name=text["name_internal"] if edition == "internal" else text["name"],
        description=text["description"], language=language, events=events,
        stamp=on.strftime("%Y%m%dT000000Z"))  # the build's date (checks.today: SOURCE_DATE_EPOCH), so reproducible
    return content_lines(rendered)


def write_calendar(env: Environment, documents: Iterable[Document], roles: dict[str, Role], labels: dict,
                   language: str, edition: str, site_dir: Path, site_url: str, site_name: str, on: dt.date) -> Path:
    """Write the language's calendar of upcoming reviews next to its Atom feed; return its path."""
    target = site_dir / review_calendar_path(language)
    target.parent.mkdir(parents=True, exist_ok=True)
    ics = calendar_ics(env, upcoming_reviews(documents), roles, labels, language, edition, site_url, site_name, on)
    target.write_bytes(ics.encode("utf-8"))
    return target
