"""What a page's Markdown body contains: headings and links, with their lines.

Raw HTML is not looked for here: policysite.rendered checks what Markdown actually rendered."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterator

from markdown.extensions.toc import slugify

from .links import Link, page_links
from .rendered import too_costly

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# A Markdown link in a heading, its text kept. Neither part can span another bracket, so the search is linear.
HEADING_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # from the rendered Markdown (policysite.links)

    def ids(self) -> set[str]:
        return {h.id for h in self.headings}


def attribute_list(raw: str) -> tuple[str, str | None]:
    """A heading's text without a trailing attr_list `{: #id .class}`, and the id it sets (None if none).

    Only the last `{` can open the list (attr_list allows no braces inside it); found with rfind and split, not a
    regular expression, so a heading of any length is read in linear time.
    """
    start = raw.rfind("{")
    inner = raw[start + 1:].rstrip()
    if start < 0 or not inner.endswith("}") or "}" in inner[:-1]:
        return raw, None
    ids = [token[1:] for token in inner[:-1].split() if token.startswith("#") and len(token) > 1]
    if not ids:
        return raw, None
    return raw[:start], ids[-1]


def heading_text_and_id(raw: str) -> tuple[str, str]:
    text, explicit = attribute_list(raw)
    plain = HEADING_LINK.sub(r"\1", text.strip()).replace("*", "").replace("`", "")
    return plain, explicit or slugify(plain, "-")


def lines_outside_fences(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Each line of the body that is not fenced code (nor a fence), with its 1-based file line."""
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            yield first_line + offset, line


def parse(body: str, first_line: int) -> Structure:
    """Headings outside fenced code and links (policysite.links), with 1-based file lines."""
    # A text that would take minutes to render is not rendered for its links: policysite.rendered reports it.
    structure = Structure(links=[] if too_costly(body) else page_links(body, first_line))
    for number, line in lines_outside_fences(body, first_line):
        if line.startswith("    *[") or line.startswith("*["):
            continue
        heading = HEADING.match(line)
        if heading:
            text, heading_id = heading_text_and_id(heading.group(2))
            structure.headings.append(Heading(len(heading.group(1)), text, heading_id, number))
    return structure


def resolve(page_path: str, target: str) -> str:
    """The docs-relative path a link on page_path points to ('' target means the page itself)."""
    if not target:
        return page_path
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target))
