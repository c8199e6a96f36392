"""Where everything is published: every page URL and every file name the build writes, and the site's address.

One module decides each published path, so that a page, a PDF or a feed is named once: pages under directory
URLs, the PDFs beside them, the change history's folder, the feeds, the register's exports, the search index,
sitemaps, the search worker, the hosting header files and the 404 pages. Below them, the checks of the site's
own address (site_url_problem, public_base_url) and the links between pages (relative_url, link_from).
"""

from __future__ import annotations

import ipaddress
import posixpath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .data import localise
from .findings import Finding, FindingsError
from .model import LANGUAGES, SOURCE_LANGUAGE

if TYPE_CHECKING:
    from .model import Document
    from .history.record import ApprovedVersion


def page_url(language: str, path: str) -> str:
    """Site-root-relative URL of the page built from docs/<language>/<path>."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    prefix = "" if language == SOURCE_LANGUAGE else f"{language}/"
    return f"{prefix}{stem}"


def page_location(src_uri: str) -> tuple[str, str]:
    """('sv', 'principer/index.md') from the MkDocs src_uri 'sv/principer/index.md'."""
    language, _, path = src_uri.partition("/")
    if language not in LANGUAGES or not path:
        raise FindingsError([Finding(f"docs/{src_uri}", 1, "page is outside the language folders",
                                     f"move it under one of: {', '.join(f'docs/{lang}/' for lang in LANGUAGES)}")])
    return language, path


# Pages every page links to (the footer, the search's "no results" links, the feeds), and the pages the build
# fills in or checks by name.
HOME_PAGE = "index.md"
CONTACT_PAGE = "kontakt.md"
CHANGE_LOG_PAGE = "andringslogg.md"
REGISTER_PAGE = "dokumentoversikt.md"
# The accessibility statement (tillgänglighetsredogörelse, DOS-lagen): the one place that names its page.
ACCESSIBILITY_STATEMENT = "tillganglighetsredogorelse.md"
# The entry page of each audience; its title is also the title of the audience's PDF bundle.
AUDIENCE_PAGES = {
    "employees": "malgrupper/medarbetare.md",
    "contractors": "malgrupper/leverantorer.md",
    "governance": "malgrupper/styrning.md",
}

FEED = "feed.xml"
REGISTER_EXPORTS = ("documents.csv", "documents.json")  # next to each language's register page


def feed_path(language: str) -> str:
    """Site-root-relative path of a language's Atom feed of decisions."""
    return page_url(language, HOME_PAGE) + FEED


# The iCalendar feed of upcoming reviews (policysite.reviews), next to each language's Atom feed; each edition
# publishes its own at the same path of its own site.
REVIEW_CALENDARS = {"sv": "granskningar.ics", "en": "reviews.ics"}


def review_calendar_path(language: str) -> str:
    """Site-root-relative path of a language's calendar of upcoming reviews, e.g. en/reviews.ics."""
    return page_url(language, HOME_PAGE) + REVIEW_CALENDARS[language]


def register_exports(language: str) -> list[str]:
    """Site-root-relative paths of a language's register exports, next to its register page."""
    return [page_url(language, REGISTER_PAGE) + name for name in REGISTER_EXPORTS]


# The statements of the edition (policysite.statements), next to each language's register page like its exports. The
# rows carry both languages' texts, so every language folder gets the same file: the register page links its own
# neighbours, which works under any SITE_URL and in the offline copy (notes/decisions/0011).
STATEMENT_EXPORTS = ("statements.csv", "statements.json")


def statement_exports(language: str) -> list[str]:
    """Site-root-relative paths of the statement exports next to a language's register page."""
    return [page_url(language, REGISTER_PAGE) + name for name in STATEMENT_EXPORTS]


# PDFs: each next to the page it is made from.
def document_pdf(document: Document) -> str:
    """Where a document's PDF lives in the site: next to its page, e.g. sakerhetspolicy/SAK-POL-001-sv.pdf."""
    return f"{page_url(document.language, document.path)}{document.id}-{document.language}.pdf"


def handbook_pdf(language: str, labels: dict) -> str:
    """The whole handbook, at the language's root; its file name is a label (data/labels.yml pdf.handbook_file)."""
    return page_url(language, HOME_PAGE) + localise(labels["pdf"]["handbook_file"], language)


def bundle_pdf(language: str, audience: str, labels: dict) -> str:
    """Where the bundle lives: next to the entry page, e.g. malgrupper/leverantorer/galler-dig-som-leverantor-sv.pdf."""
    return page_url(language, AUDIENCE_PAGES[audience]) + localise(labels["audiences"]["files"][audience], language)


# The change history: generated pages and archived PDFs under one folder per document, in each language folder.
HISTORY_FOLDER = "historik"


def history_folder(document_id: str) -> str:
    """Source-relative folder of a document's generated history files, e.g. 'historik/sak-pol-001/'."""
    return f"{HISTORY_FOLDER}/{document_id.lower()}/"


def diff_path(old: ApprovedVersion, new: ApprovedVersion) -> str:
    """Source path (in each language folder) of the generated page comparing two versions."""
    return f"{history_folder(new.id)}v{old.version}-v{new.version}.md"


def archived_pdf(version: ApprovedVersion, language: str) -> str:
    """Site path of an earlier version's PDF; never the path of the current PDF."""
    return page_url(language, history_folder(version.id) + "index.md") + archived_pdf_name(version.id, version.version,
                                                                                         language)


def archived_pdf_name(document_id: str, version: str, language: str) -> str:
    return f"{document_id}-v{version}-{language}.pdf"


# A proposed version's comparison with the version in force (policysite.proposal): a page only under `make serve`,
# never in a build, and PDFs written outside the site (dist/proposals/ by default), never published.
PROPOSAL_FOLDER = "forslag"
PROPOSAL_PDF_WORD = {"sv": "forslag", "en": "proposal"}


def proposal_path(document_id: str) -> str:
    """Source path (in each language folder) of the serve-only proposal page, e.g. 'forslag/sak-pol-001.md'."""
    return f"{PROPOSAL_FOLDER}/{document_id.lower()}.md"


def proposal_pdf(document_id: str, version: str, language: str) -> str:
    """File name of a decision basis, e.g. SAK-POL-001-v2.1-forslag-sv.pdf."""
    return f"{document_id}-v{version}-{PROPOSAL_PDF_WORD[language]}-{language}.pdf"


# Site-wide files: the search (split per language by policysite.search_index), sitemaps, hosting headers.
SEARCH_INDEX = "search/search_index.json"
SEARCH_INDEX_SCRIPT = "search/search_index.js"  # the offline copy's index, loaded by a <script> (policysite.offline)
SEARCH_QUERY_RULES = "search/query-rules.js"  # under overrides/, appended to the theme's worker
SEARCH_WORKERS = "assets/javascripts/workers"
SEARCH_WORKER_PATTERN = "search.*.min.js"  # Material names its worker by content hash: search.a7633da7.min.js
SITEMAP = "sitemap.xml"
# Header files for hosts, written at the site's root from templates of the same name under overrides/hosting/.
HOSTING_TEMPLATES = ("hosting/_headers", "hosting/_headers.nginx.conf")
# Theme templates that MkDocs writes to the site root on every language build; a translation's copy goes under
# its language folder (policysite.theme_files.route_language_template). Served for missing URLs, never offline.
NOT_FOUND_PAGE = "404.html"
LANGUAGE_TEMPLATES = (NOT_FOUND_PAGE,)


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
