"""Accessibility repairs of rendered page HTML that Markdown extensions leave undone."""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TASK_ITEM_CLASS = "task-list-item"
_LISTS = ("ul", "ol")
_NEWLINE = re.compile("\n")


def label_task_list_checkboxes(html: str) -> str:
    """Give each task-list checkbox its item's text as its name (pymdownx.tasklist leaves them unnamed).

    The item's text is its own, without nested lists (those have their own checkboxes). Only the checkboxes' tags
    change: `aria-label="…"` is written into each, and every other byte of the page stays as it was.
    """
    if TASK_ITEM_CLASS not in html:
        return html
    reader = _TaskItems()
    reader.feed(html)
    reader.close()
    labels = sorted(reader.labels.items())
    if not labels:
        return html
    starts = [0] + [match.end() for match in _NEWLINE.finditer(html)]  # html.parser counts lines by '\n' only
    parts, done = [], 0
    for (line, column), (tag_length, text) in labels:
        end = starts[line - 1] + column + tag_length
        close = end - (2 if html[end - 2:end] == "/>" else 1)
        parts += [html[done:close], f' aria-label="{html_text.escape(text, quote=True)}"']
        done = close
    return "".join(parts) + html[done:]


@dataclass
class _Item:
    text: list[str] = field(default_factory=list)
    nested_lists: int = 0  # lists open inside the item: their text belongs to their own items
    checkbox: tuple[int, int, int] | None = None  # the first checkbox in it: line, column, length of its tag
    named: bool = False  # that checkbox has an aria-label already


class _TaskItems(HTMLParser):
    """Each task-list item's first checkbox (where its tag starts and how long it is) and the item's own text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[_Item | None] = []  # the open <li> elements; None for one that is no task-list item
        self.items: list[_Item] = []  # every task-list item, in document order

    @property
    def labels(self) -> dict[tuple[int, int], tuple[int, str]]:
        """Checkbox position -> (tag length, label); an item whose checkbox an outer item named already is skipped."""
        labels = {}
        for item in self.items:
            if item.checkbox is None or item.named or item.checkbox[:2] in labels:
                continue
            line, column, length = item.checkbox
            labels[(line, column)] = (length, " ".join("".join(item.text).split()))
        return labels

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "li":
            item = _Item() if TASK_ITEM_CLASS in (values.get("class") or "").split() else None
            self.open.append(item)
            self.items += [item] if item else []
        elif tag in _LISTS:
            for item in self._open_items():
                item.nested_lists += 1
        elif tag == "input" and (values.get("type") or "").lower() == "checkbox":
            for item in self._open_items():
                if item.checkbox is None:
                    item.checkbox = (*self.getpos(), len(self.get_starttag_text()))
                    item.named = "aria-label" in values

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "li":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "li" and self.open:
            self.open.pop()
        elif tag in _LISTS:
            for item in self._open_items():
                item.nested_lists = max(item.nested_lists - 1, 0)

    def handle_data(self, data):
        for item in self._open_items():
            if not item.nested_lists:
                item.text.append(data)

    handle_comment = handle_data  # a comment is text to the label, as it was to BeautifulSoup

    def _open_items(self) -> list[_Item]:
        return [item for item in self.open if item is not None]
