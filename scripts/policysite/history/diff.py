"""Word-level differences between two versions of a document's prose, block by block.

Both versions are compared as rendered HTML, so Markdown syntax never shows up as
a change: only headings, paragraphs, list items, definitions and table rows, and
the words inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from bs4 import BeautifulSoup, NavigableString, Tag

BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "tr", "summary")
HEADINGS = BLOCK_TAGS[:6]
# A word or a punctuation mark, with the spaces after it kept apart so that they never
# count as a change.
TOKEN = re.compile(r"(\w+|[^\w\s])(\s*)")
WORD = re.compile(r"\w+")
# Two blocks are "the same block, edited" above this word similarity; below it, one was
# removed and another added.
PAIRING_THRESHOLD = 0.5


@dataclass(frozen=True)
class Block:
    kind: str  # the HTML element: h2, p, li, tr ...
    text: str


@dataclass(frozen=True)
class Segment:
    change: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class BlockChange:
    kind: str
    change: str  # "equal", "changed", "inserted" or "deleted"
    segments: tuple[Segment, ...]

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADINGS


@dataclass(frozen=True)
class Comparison:
    blocks: tuple[BlockChange, ...]

    def count(self, change: str) -> int:
        return sum(1 for block in self.blocks if block.change == change)

    @property
    def identical(self) -> bool:
        return all(block.change == "equal" for block in self.blocks)


def blocks(html: str) -> list[Block]:
    """The prose blocks of a page, in reading order, with whitespace normalised and permalinks removed."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select("a.headerlink"):
        link.decompose()
    found = []
    for element in soup.find_all(BLOCK_TAGS):
        if element.name == "tr":
            text = " · ".join(_normalise(cell.get_text(" ")) for cell in element.find_all(["th", "td"]))
        else:
            text = _normalise(_own_text(element))
        if text and element.find_parent("tr") is None:
            found.append(Block(element.name, text))
    return found


def _own_text(element: Tag) -> str:
    """Text of the element without the text of the blocks nested in it (they are blocks themselves)."""
    parts = []
    for child in element.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and child.name not in BLOCK_TAGS and not child.find(BLOCK_TAGS):
            parts.append(child.get_text())
        elif isinstance(child, Tag) and child.name not in BLOCK_TAGS and child.name not in ("ul", "ol", "dl", "table"):
            parts.append(_own_text(child))
    return " ".join(parts)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def compare(old_html: str, new_html: str) -> Comparison:
    old, new = blocks(old_html), blocks(new_html)
    matcher = SequenceMatcher(None, [b.text for b in old], [b.text for b in new], autojunk=False)
    changes: list[BlockChange] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            changes += [BlockChange(b.kind, "equal", (Segment("equal", b.text),)) for b in new[j1:j2]]
        else:
            changes += _align(old[i1:i2], new[j1:j2])
    return Comparison(tuple(changes))


def _align(old: list[Block], new: list[Block]) -> list[BlockChange]:
    """Pair edited blocks in order (most similar pairs win); the rest were deleted or inserted."""
    scores = [[_similarity(a, b) for b in new] for a in old]
    # best[i][j]: most pairs in old[i:], new[j:], with total similarity as the tie-break.
    best = [[(0, 0.0)] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if scores[i][j] >= PAIRING_THRESHOLD:
                pairs, total = best[i + 1][j + 1]
                options.append((pairs + 1, total + scores[i][j]))
            best[i][j] = max(options)
    changes, i, j = [], 0, 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and scores[i][j] >= PAIRING_THRESHOLD and \
                best[i][j] == (best[i + 1][j + 1][0] + 1, best[i + 1][j + 1][1] + scores[i][j]):
            changes.append(BlockChange(new[j].kind, "changed", words(old[i].text, new[j].text)))
            i, j = i + 1, j + 1
        elif i < len(old) and (j == len(new) or best[i][j] == best[i + 1][j]):
            changes.append(BlockChange(old[i].kind, "deleted", (Segment("delete", old[i].text),)))
            i += 1
        else:
            changes.append(BlockChange(new[j].kind, "inserted", (Segment("insert", new[j].text),)))
            j += 1
    return changes


def _similarity(a: Block, b: Block) -> float:
    if (a.kind in HEADINGS) != (b.kind in HEADINGS):
        return 0.0
    matcher = SequenceMatcher(None, WORD.findall(a.text.lower()), WORD.findall(b.text.lower()), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= PAIRING_THRESHOLD else 0.0


def words(old: str, new: str) -> tuple[Segment, ...]:
    """The new text with deleted and inserted words marked; runs of one kind are merged."""
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    segments: list[Segment] = []

    def add(change: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].change == change:
            segments[-1] = Segment(change, segments[-1].text + text)
        else:
            segments.append(Segment(change, text))

    def joined(tokens: list[tuple[str, str]]) -> str:
        return "".join(word + space for word, space in tokens)

    matcher = SequenceMatcher(None, [w for w, _ in old_tokens], [w for w, _ in new_tokens], autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            add("equal", joined(new_tokens[j1:j2]))
            continue
        removed, added = joined(old_tokens[i1:i2]), joined(new_tokens[j1:j2])
        add("delete", removed.rstrip())
        add("insert", added.rstrip())
        add("equal", (added or removed)[len((added or removed).rstrip()):])
    return tuple(segments)
