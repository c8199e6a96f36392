"""An approved version's Markdown, as it was at its approval commit, turned into the HTML the site would have shown."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

import markdown
from bs4 import BeautifulSoup

from ..findings import Finding, FindingsError
from ..markers import MARKER
from ..rendered import MarkdownSettings
from ..urls import page_url, relative_url
from .record import ApprovedVersion


def version_html(version: ApprovedVersion, language: str, settings: MarkdownSettings) -> str:
    document = version.documents[language]
    return text_html(version.texts[language], language, document.path, settings,
                     f"{version.short_commit}:docs/{language}/{document.path}", version.body_lines[language],
                     "the approved text")


def text_html(text: str, language: str, path: str, settings: MarkdownSettings, where: str, first_line: int,
              what: str) -> str:
    """A governing document's Markdown body as the site would show it (`where`, `first_line`: its source, for the
    error a marker gets; `what`: how the error names the text). Also the proposed text of policysite.proposal."""
    marker = MARKER.search(text)
    if marker:
        line = first_line + text.count("\n", 0, marker.start())
        raise FindingsError([Finding(where, line,
                                     f"{what} uses the marker '{marker.group(1)}', which only the live site fills in",
                                     "keep markers out of governing documents; write the content into the text")])
    converter = markdown.Markdown(extensions=settings.extensions, extension_configs=settings.configs)
    return link_pages(converter.convert(text), language, path)


def link_pages(html: str, language: str, path: str) -> str:
    """Turn links to other pages' Markdown files into links to their published pages, as MkDocs does."""
    soup = BeautifulSoup(html, "html.parser")
    here = page_url(language, path)
    for link in soup.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), parts.path))
        link["href"] = relative_url(page_url(language, target), here) + (f"#{parts.fragment}" if parts.fragment else "")
    return str(soup)
