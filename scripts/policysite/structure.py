"""What a page's Markdown body contains: headings, links and raw HTML, with their lines."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
EXPLICIT_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
LINK = re.compile(r"(?<!!)\[(?:[^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
INLINE_CODE = re.compile(r"`[^`]*`")
HTML_TAG = re.compile(r"<\s*(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
MARKER = re.compile(r"^\s*<!--\s*md:[\w-]+\s*-->\s*$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int


@dataclass(frozen=True)
class Link:
    target: str  # the .md path as written, '' for a same-page anchor
    anchor: str | None
    line: int


@dataclass(frozen=True)
class HtmlTag:
    name: str
    attributes: str
    line: int


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    html: list[HtmlTag] = field(default_factory=list)

    def ids(self) -> set[str]:
        return {h.id for h in self.headings}


def heading_text_and_id(raw: str) -> tuple[str, str]:
    explicit = EXPLICIT_ID.search(raw)
    text = EXPLICIT_ID.sub("", raw).strip()
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "").replace("`", "")
    return plain, explicit.group(1) if explicit else slugify(plain, "-")


def parse(body: str, first_line: int) -> Structure:
    """Headings, Markdown links and raw HTML tags outside fenced code, with 1-based file lines."""
    structure = Structure()
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    *[") or line.startswith("*["):
            continue
        heading = HEADING.match(line)
        if heading:
            text, heading_id = heading_text_and_id(heading.group(2))
            structure.headings.append(Heading(len(heading.group(1)), text, heading_id, number))
        prose = INLINE_CODE.sub("", line)
        for match in LINK.finditer(prose):
            url = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", url) or url.startswith("//"):
                continue
            path, _, anchor = url.partition("#")
            structure.links.append(Link(path, anchor or None, number))
        if not MARKER.match(prose):
            for match in HTML_TAG.finditer(prose):
                if not match.group(1):
                    structure.html.append(HtmlTag(match.group(2).lower(), match.group(3), number))
    return structure


def resolve(page_path: str, target: str) -> str:
    """The docs-relative path a link on page_path points to ('' target means the page itself)."""
    if not target:
        return page_path
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target))
