"""Build-time content markers: '<!-- md:name -->' lines replaced by rendered templates."""

from __future__ import annotations

import re
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
    return MARKER.sub(lambda m: "\n" + renderers[m.group(1)]().strip() + "\n", markdown)
