"""The plain stack the issue's build ratio is taken against: the same project without anything of ours.

`plain_config(text)` turns a project's mkdocs.yml (the repository's, or a generated corpus's) into the
configuration of Material + mkdocs-static-i18n + search on the same pages: the same nav, theme features,
markdown extensions and plugins, but no `hooks:`, no `watch:`, no theme `custom_dir`, none of our
`extra_css`/`extra_javascript`, and `strict: false` (a plain build has nothing of ours to satisfy).
It edits the text line by line, so comments and `!ENV` tags survive, and checks what it wrote.
"""

from __future__ import annotations

import re

import yaml

PLAIN_FILE = "mkdocs-plain.yml"
REMOVED_BLOCKS = ("hooks", "watch", "extra_css", "extra_javascript", "strict")

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_CUSTOM_DIR = re.compile(r"^\s+custom_dir\s*:")


def plain_config(text: str) -> str:
    """The plain stack's mkdocs.yml for the project whose mkdocs.yml is `text`."""
    lines, block = [], None
    for line in text.splitlines():
        top = _TOP_KEY.match(line)
        if top:
            block = top.group(1)
        elif line.strip() and not line.startswith((" ", "\t", "#")):
            block = None
        if block in REMOVED_BLOCKS:
            continue
        if block == "theme" and _CUSTOM_DIR.match(line):
            continue
        lines.append(line)
    result = "\n".join(["# The plain stack (bench.plain): no hooks, no custom_dir, none of our CSS or JavaScript.",
                        *lines, "strict: false"]) + "\n"
    _check(result)
    return result


class _AnyTagLoader(yaml.SafeLoader):
    pass


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _check(text: str) -> None:
    config = yaml.load(text, Loader=_AnyTagLoader) or {}
    left = [key for key in ("hooks", "watch", "extra_css", "extra_javascript") if key in config]
    if "custom_dir" in (config.get("theme") or {}):
        left.append("theme.custom_dir")
    if left or config.get("strict") is not False:
        raise ValueError(f"the plain configuration still has {', '.join(left) or 'strict on'}")
