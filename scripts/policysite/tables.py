"""A Python-Markdown extension: every data cell of a Markdown table names its column.

On a phone the site shows a table as stacked rows, one card per row (overrides/assets/stylesheets/tables.css),
and each cell is preceded by its column's heading, read from the cell's `data-label`. The templates set it on
the tables they render; this tree pass sets it on the tables written in Markdown, from the text of the heading
cell above each column. It works on the element tree (never on HTML text) and runs after Python-Markdown has
restored escaped characters, so the label is the heading as the reader sees it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

LABEL = "data-label"
# After every built-in tree pass: `inline` (20) has made the heading's inline elements, `unescape` (0) has
# restored backslash-escaped characters.
PRIORITY = -10


class _Text(HTMLParser):
    """The text of a fragment of raw HTML (an inline tag in a heading cell, stashed by Python-Markdown)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def raw_html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def cell_text(cell: etree.Element, stash: list[str]) -> str:
    """A heading cell's text, whitespace collapsed; raw HTML that Python-Markdown stashed counts by its text."""
    text = "".join(cell.itertext())

    def restore(match) -> str:
        index = int(match.group(1))
        return raw_html_text(str(stash[index])) if index < len(stash) else ""

    return " ".join(HTML_PLACEHOLDER_RE.sub(restore, text).split())


def column_labels(table: etree.Element, stash: list[str]) -> list[str]:
    """The text of each heading cell in the table's first header row, one per column (a colspan repeats it)."""
    head = table.find("thead")
    row = head.find("tr") if head is not None else None
    labels: list[str] = []
    for cell in (row if row is not None else []):
        if cell.tag in ("th", "td"):
            span = cell.get("colspan", "1")
            labels += [cell_text(cell, stash)] * (int(span) if span.isdigit() and int(span) > 0 else 1)
    return labels


def label_cells(table: etree.Element, stash: list[str]) -> None:
    """Give every data cell of the table's body the heading of its column (unless it already names one)."""
    labels = column_labels(table, stash)
    if not labels:
        return
    for body in table.findall("tbody"):
        for row in body.findall("tr"):
            column = 0
            for cell in row:
                if cell.tag not in ("th", "td"):
                    continue
                if cell.tag == "td" and column < len(labels) and labels[column] and cell.get(LABEL) is None:
                    cell.set(LABEL, labels[column])
                span = cell.get("colspan", "1")
                column += int(span) if span.isdigit() and int(span) > 0 else 1


class TableLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for table in root.iter("table"):
            label_cells(table, stash)


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(TableLabels(md), "policysite_table_labels", PRIORITY)


def makeExtension(**kwargs) -> TableLabelsExtension:  # noqa: N802 (Python-Markdown's name)
    return TableLabelsExtension(**kwargs)
