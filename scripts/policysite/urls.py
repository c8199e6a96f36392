"""Where a document is published, per language, under directory URLs."""

from __future__ import annotations

import posixpath

from .model import SOURCE_LANGUAGE


def page_url(language: str, path: str) -> str:
    """Site-root-relative URL of the page built from docs/<language>/<path>."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    prefix = "" if language == SOURCE_LANGUAGE else f"{language}/"
    return f"{prefix}{stem}"


def relative_url(target: str, from_url: str) -> str:
    """Link from the page at from_url to the site-root-relative target, both directory URLs."""
    relative = posixpath.relpath("/" + target, "/" + from_url)
    if target.endswith("/") or target == "":
        relative = relative.rstrip("/") + "/"
    return "./" if relative in (".", "./") else relative
