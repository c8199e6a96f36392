"""Presentation views: what the page templates show of a document, the contacts, the footer and the search's root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .acknowledgement import code_for
from .checks import review_state
from .model import LANGUAGES, SOURCE_LANGUAGE, Document
from .present import format_date, metadata_rows
from .urls import (ACCESSIBILITY_STATEMENT, CHANGE_LOG_PAGE, CONTACT_PAGE, HOME_PAGE, REGISTER_PAGE, feed_path,
                   link_from, page_url, relative_url, review_calendar_path)

if TYPE_CHECKING:
    from .project import Project


# The pages every footer links to, besides the accessibility statement (DOS-lagen: easy to find).
FOOTER_PAGES = {"contact_url": CONTACT_PAGE, "register_url": REGISTER_PAGE, "changelog_url": CHANGE_LOG_PAGE}


def footer_view(language: str, current_url: str | None, site_url: str) -> dict:
    """Links every page's footer carries (urls.link_from: relative, or from the site's path on the 404 page)."""
    other = next(lang for lang in LANGUAGES if lang != language)
    view = {key: link_from(page_url(language, path), current_url, site_url) for key, path in FOOTER_PAGES.items()}
    view.update(
        accessibility_url=link_from(page_url(language, ACCESSIBILITY_STATEMENT), current_url, site_url),
        home_url=link_from(page_url(language, HOME_PAGE), current_url, site_url),
        feed_url=link_from(feed_path(language), current_url, site_url),
        calendar_url=link_from(review_calendar_path(language), current_url, site_url),
        other_language=other,
        other_language_url=link_from(page_url(other, HOME_PAGE), current_url, site_url),
    )
    return view


def language_root_url(language: str, current_url: str) -> str:
    """Link from a page to its language's root, where that language's search index lives."""
    return relative_url(page_url(language, HOME_PAGE), current_url)


@dataclass(frozen=True)
class PageView:
    """What the page templates need to know about the document on the page."""

    document: Document
    rows: list
    alternate_url: str
    alternate_language: str
    source_url: str | None
    banner: dict | None
    review_overdue_since: str | None  # localised date
    stale_translation: bool
    internal: dict | None  # the "not for distribution" notice an internal document carries (title, text)


def page_view(project: Project, language: str, path: str, current_url: str, on: dt.date) -> PageView:
    document = project.corpus.get(language, path)
    labels = project.labels_for(language)
    other = next(lang for lang in LANGUAGES if lang != language)
    alternate_url = relative_url(page_url(other, path), current_url)
    review = review_state(document, on)
    return PageView(
        document=document,
        rows=metadata_rows(document, project.roles, labels, code_for(project.acknowledgements, document)),
        alternate_url=alternate_url,
        alternate_language=other,
        source_url=alternate_url if language != SOURCE_LANGUAGE else None,
        banner=labels["banner"].get(document.status),
        review_overdue_since=format_date(review.next_review, language) if review.overdue else None,
        stale_translation=not document.translation_is_current,
        internal=internal_notice(document, labels),
    )


def internal_notice(document: Document, labels: dict) -> dict | None:
    """The notice an internal document shows on its page and its PDF; None for a public one.

    Only the internal edition has internal documents, so only it shows the notice.
    """
    return labels["internal"] if document.classification == "internal" else None


def contact_views(project: Project, language: str) -> list[dict]:
    return [
        {
            "role": project.roles[c["role"]].name[language],
            "unit": (c.get("unit") or {}).get(language),
            "mailbox": c.get("mailbox") or None,
            "phone": c.get("phone") or None,
        }
        for c in project.contacts
    ]
