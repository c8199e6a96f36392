"""The links and images of a page, read from the Markdown as the site renders it, each with its source line.

A regex over the text misses what Markdown itself understands: reference-style links (`[a][ref]` with
`[ref]: rutin.md`), link titles, `<angle>` targets, links split over lines, images, links in footnotes and
in `<div markdown>` blocks. So the body is rendered with the site's own Markdown extensions (one render, which
the allow-list of policysite.rendered checks too) and every `href`/`src` is read back from the HTML with a real
parser. Markdown does not keep source positions, so a link is mapped back to the line where its target is written:
the k-th link to a target is put on the k-th place in the text where that target is written (for a
reference-style link that is its definition line).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from . import rendered

# Elements and attributes that point to another page or a file.
URL_ATTRIBUTES = {"a": ("href",), "img": ("src",), "source": ("src",), "video": ("src", "poster"), "audio": ("src",),
                  "iframe": ("src",), "embed": ("src",), "object": ("data",), "link": ("href",), "track": ("src",)}
# Links that Markdown extensions generate themselves (footnote references and their way back, toc's permalinks).
GENERATED_CLASSES = {"footnote-ref", "footnote-backref", rendered.GENERATED_LINK_CLASS}


@dataclass(frozen=True)
class Link:
    target: str  # the path as written, percent-decoded; '' for a same-page anchor
    anchor: str | None
    line: int
    image: bool = False  # an embedded file (<img>, <source>, …) rather than a link


class _UrlCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (tag, url) in document order

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if GENERATED_CLASSES & set((values.get("class") or "").split()):
            return
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if values.get(attribute):
                self.urls.append((tag, values[attribute]))

    handle_startendtag = handle_starttag


def rendered_urls(body: str) -> list[tuple[str, str]]:
    """(tag, url) of every link and embedded file in the rendered body, in document order."""
    html = rendered.render(body, rendered.site_settings())
    collector = _UrlCollector()
    collector.feed(html)
    collector.close()
    return collector.urls


def is_external(url: str) -> bool:
    """A URL with a scheme (https:, mailto:, …) or a host: not a file of the site."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def page_links(body: str, first_line: int) -> list[Link]:
    """The links to pages and files of the site in a Markdown body (external URLs left out), with file lines."""
    lines = body.splitlines()
    links = []
    seen: dict[str, int] = defaultdict(int)
    for tag, url in rendered_urls(body):
        if is_external(url):
            continue
        parts = urlsplit(url)
        seen[url] += 1
        line = first_line + _source_line(lines, url, seen[url])
        links.append(Link(unquote(parts.path), unquote(parts.fragment) or None, line, image=tag != "a"))
    return links


def _source_line(lines: list[str], url: str, occurrence: int) -> int:
    """The 0-based line of the occurrence-th place where url is written (the last one if it is written fewer times)."""
    pattern = re.compile(r"(?:^|(?<=[\s(<:\"'=]))" + re.escape(url) + r"(?=[\s)>\"']|$)")
    found = 0
    last = 0
    for number, text in enumerate(lines):
        if url not in text:
            continue
        for _ in pattern.finditer(text):
            found += 1
            last = number
            if found == occurrence:
                return number
    return last
