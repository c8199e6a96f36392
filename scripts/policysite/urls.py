"""Where a document is published, per language, under directory URLs."""

from __future__ import annotations

import ipaddress
import posixpath
from urllib.parse import urlsplit

from .model import SOURCE_LANGUAGE


def page_url(language: str, path: str) -> str:
    """Site-root-relative URL of the page built from docs/<language>/<path>."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    prefix = "" if language == SOURCE_LANGUAGE else f"{language}/"
    return f"{prefix}{stem}"


# Pages and files every page links to (the footer, the search's "no results" links, the feeds).
HOME_PAGE = "index.md"
CONTACT_PAGE = "kontakt.md"
CHANGE_LOG_PAGE = "andringslogg.md"
FEED = "feed.xml"


def feed_path(language: str) -> str:
    """Site-root-relative path of a language's Atom feed of decisions."""
    return page_url(language, HOME_PAGE) + FEED


def link_from(target: str, current_url: str | None, site_url: str) -> str:
    """Link to the site-root-relative target from the page at current_url, relative so it works at any sub-path
    and from disk; from a page without a place (the 404 page, served for any missing URL), root-absolute under
    the path of site_url (/sakerhet/ when the site lives there)."""
    if current_url is None:
        return posixpath.join(urlsplit(site_url).path or "/", target)
    return relative_url(target, current_url)


def relative_url(target: str, from_url: str) -> str:
    """Link from the page at from_url to the site-root-relative target, both directory URLs."""
    relative = posixpath.relpath("/" + target, "/" + from_url)
    if target.endswith("/") or target == "":
        relative = relative.rstrip("/") + "/"
    return "./" if relative in (".", "./") else relative


# Where the site lives. `make serve` runs on the loopback address; a published site (`make site`, `make offline`)
# states its address in PDFs, feeds, sitemaps and canonical links, so it must be the real one.
LOOPBACK_HOSTS = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
# Names reserved for examples and tests (RFC 2606, RFC 6761): never a real site's address.
EXAMPLE_DOMAINS = ("example", "example.com", "example.net", "example.org", "test", "invalid", "localhost", "local")


def site_url_problem(site_url: str | None) -> str | None:
    """Why site_url is not the address of a published site (None when it is)."""
    if not site_url:
        return "is not set"
    parts = urlsplit(site_url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host:
        return f"'{site_url}' is not an http(s) address"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if host in LOOPBACK_HOSTS or (address is not None and (address.is_loopback or address.is_unspecified)):
        return f"'{site_url}' is a loopback address"
    if any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS):
        return f"'{site_url}' is an example address"
    return None


def public_base_url(site_url: str | None) -> str | None:
    """The published site's base URL, ending in '/'; None when it is not known (unset, loopback or example)."""
    if site_url_problem(site_url) is not None:
        return None
    return site_url.rstrip("/") + "/"
