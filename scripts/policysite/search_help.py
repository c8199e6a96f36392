"""Where the search sends a reader it found nothing for: the contact route and the start pages.

Links are relative to the page, so they work at any sub-path and from disk. A page without a place (the 404
page, served for any missing URL) links from the site's root instead: root-absolute, under the path of
site_url (/sakerhet/ when the site lives there), as its footer does (policysite.views.footer_view).
"""

from __future__ import annotations

from .model import AUDIENCES
from .urls import AUDIENCE_PAGES, CONTACT_PAGE, HOME_PAGE, link_from, page_url


def search_help_view(language: str, current_url: str | None, site_url: str) -> dict:
    """The links the search's "no results" state offers on a page: contact, the language's start page, the
    audience pages (in AUDIENCES order, as {audience, url})."""
    def link(path: str) -> str:
        return link_from(page_url(language, path), current_url, site_url)

    return {
        "contact_url": link(CONTACT_PAGE),
        "home_url": link(HOME_PAGE),
        "audiences": [{"audience": audience, "url": link(AUDIENCE_PAGES[audience])} for audience in AUDIENCES],
    }
