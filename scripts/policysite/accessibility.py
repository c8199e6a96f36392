"""Accessibility repairs of rendered page HTML that Markdown extensions leave undone."""

from __future__ import annotations

from bs4 import BeautifulSoup


def label_task_list_checkboxes(html: str) -> str:
    """Give each task-list checkbox its item's text as its name (pymdownx.tasklist leaves them unnamed)."""
    if "task-list-item" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for item in soup.select("li.task-list-item"):
        checkbox = item.select_one("input[type=checkbox]")
        if checkbox is None or checkbox.has_attr("aria-label"):
            continue
        text = " ".join("".join(part for part in _own_text(item)).split())
        checkbox["aria-label"] = text
    return str(soup)


def _own_text(item):
    """The item's text without nested lists (those have their own checkboxes)."""
    for node in item.descendants:
        if isinstance(node, str) and not any(parent.name in ("ul", "ol") for parent in node.parents
                                                 if parent is not item and item in parent.parents):
            yield node
