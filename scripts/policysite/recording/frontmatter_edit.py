"""Front matter edited in place: top-level keys set or taken out, every other byte (comments, order, line endings,
the body) kept; a pure text function, and the check that the edited text reads back as intended."""

from __future__ import annotations

from typing import Any, Mapping

import yaml

from .. import frontmatter
from ..model import FIELDS_BY_NAME, front_matter_fields, yaml_value
from .refusals import Refusal

REMOVE = object()  # a front-matter value that means: take the key out


def edit_front_matter(text: str, values: Mapping[str, Any]) -> str:
    """The page with these top-level keys set (a typed value, written with model.yaml_value) or taken out
    (REMOVE); every other byte (comments, order, the body) is kept. A key that is added goes after the last
    key before it in the contract's order."""
    first = text.splitlines(keepends=True)[0]
    raw, _, _ = frontmatter.split(text)
    newline = "\r\n" if first.endswith("\r\n") else "\n"
    start = len(first)
    spans = _key_spans(raw)
    order = [f.name for f in front_matter_fields(translation=False)]
    edits: list[tuple[int, int, str]] = []
    for name, value in values.items():
        if name in spans:
            key_start, value_end, line_start, line_end = spans[name]
            if value is REMOVE:
                edits.append((start + line_start, start + line_end, ""))
            else:
                edits.append((start + key_start, start + value_end, f"{name}: {yaml_value(value)}"))
        elif value is not REMOVE:
            earlier = [spans[key][3] for key in order[:order.index(name)] if key in spans]
            at = start + (max(earlier) if earlier else 0)
            edits.append((at, at, f"{name}: {yaml_value(value)}{newline}"))
    # From the end, so earlier offsets hold; keys added at one place keep the order given.
    for _, (begin, end, replacement) in sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]), reverse=True):
        text = text[:begin] + replacement + text[end:]
    return text


def _key_spans(raw: str) -> dict[str, tuple[int, int, int, int]]:
    """Top-level key -> (where the key starts, where its value ends, start and end of its lines) in the YAML text."""
    node = yaml.compose(raw, Loader=yaml.SafeLoader)
    spans = {}
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        end = value.end_mark.index
        while end > value.start_mark.index and raw[end - 1] in " \t\r\n":
            end -= 1
        end = max(end, value.start_mark.index, key.end_mark.index + 1)
        line_start = raw.rfind("\n", 0, key.start_mark.index) + 1
        line_end = raw.find("\n", end)
        spans[key.value] = (key.start_mark.index, end, line_start, len(raw) if line_end < 0 else line_end + 1)
    return spans


def edit_refusals(text: str, values: Mapping[str, Any]) -> list[Refusal]:
    """The edited page reads back with exactly these values (a key taken out is absent): the edit is checked before
    it is written."""
    try:
        data = frontmatter.parse(text).data
        wrong = [name for name, value in values.items()
                 if (name in data if value is REMOVE else
                     name not in data or (None if data[name] is None else FIELDS_BY_NAME[name].parse(data[name]))
                     != value)]
    except (frontmatter.FrontMatterError, ValueError):
        wrong = ["the front matter"]
    if wrong:
        return [Refusal(f"BUG: the edited page would not say what it should ({', '.join(wrong)})",
                        "this is a bug in the command: report it; nothing was written, so set the front matter by "
                        "hand as CONTRIBUTING.md describes")]
    return []
