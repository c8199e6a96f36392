"""Front matter parsing that, unlike MkDocs, never ignores broken YAML silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsource

_FENCE = "---"
_SYNTAX = "not valid YAML: "


@dataclass
class FrontMatter:
    data: dict
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_start_line: int = 1


class FrontMatterError(yamlsource.YamlError):
    """A defect in a page's front matter, at its line in the page."""


def split(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, 1-based line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != _FENCE:
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in (_FENCE, "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(
        1,
        "front matter opened with '---' is never closed",
        "add a line containing only '---' after the last metadata line",
    )


def parse(text: str) -> FrontMatter:
    """Parse front matter strictly (policysite.yamlsource) with the line of every top-level key.

    Line numbers are 1-based and count the opening fence as line 1. Dates stay text.
    """
    raw, body, body_start = split(text)
    if raw is None:
        return FrontMatter({}, {}, body, body_start)
    try:
        data = yamlsource.load(raw, first_line=2)
    except yamlsource.YamlError as exc:
        if exc.message.startswith(_SYNTAX):
            raise FrontMatterError(exc.line, f"front matter is {exc.message}",
                                   "fix the YAML syntax (quote values that contain ':' , '[' or '#')") from None
        raise FrontMatterError(exc.line, f"front matter: {exc.message}", exc.fix) from None
    if data is None:
        return FrontMatter({}, {}, body, body_start)
    if not isinstance(data, yamlsource.Mapping):
        raise FrontMatterError(
            2,
            "front matter must be a mapping of 'key: value' lines",
            "write one 'key: value' pair per line between the '---' fences",
        )
    return FrontMatter(data, dict(data.key_lines), body, body_start)


def read(path: Path) -> FrontMatter:
    return parse(path.read_text(encoding="utf-8"))
