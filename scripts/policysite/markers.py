"""Build-time content markers: '<!-- md:name -->' lines replaced by rendered templates."""

from __future__ import annotations

import re
from textwrap import indent
from typing import Callable

from .findings import Finding, FindingsError

MARKER = re.compile(r"^[ \t]*<!--\s*md:([\w-]+)\s*-->[ \t]*$", re.MULTILINE)


def replace_markers(markdown: str, renderers: dict[str, Callable[[], str]], path: str, first_line: int) -> str:
    """Replace every marker; an unknown marker is an error, never silently left in the page."""
    unknown = [
        Finding(path, first_line + markdown.count("\n", 0, m.start()), f"unknown marker '{m.group(1)}'",
                f"use one of: {', '.join(sorted(renderers))}")
        for m in MARKER.finditer(markdown)
        if m.group(1) not in renderers
    ]
    if unknown:
        raise FindingsError(unknown)
    return MARKER.sub(lambda m: "\n" + indent(renderers[m.group(1)]().strip(), _indentation(m.group(0))) + "\n",
                      markdown)


def _indentation(line: str) -> str:
    """The marker's own indentation, which the rendered text keeps: a marker indented in a list item stays in it."""
    return line[:len(line) - len(line.lstrip(" \t"))]
