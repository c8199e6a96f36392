"""Theme files the build handles itself: overrides/ folders only the build reads, and the 404 page per language."""

from __future__ import annotations

from pathlib import Path

from .model import SOURCE_LANGUAGE
from .urls import LANGUAGE_TEMPLATES


def theme_files_under(files, custom_dir: Path, folder: str) -> list:
    """Files MkDocs would publish from a folder of overrides/ that only the build reads (templates, print assets)."""
    return [f for f in files
            if f.src_uri.startswith(folder) and f.abs_src_path and custom_dir in Path(f.abs_src_path).parents]


def route_language_template(output: str, template_name: str, site_dir: Path, language: str) -> str:
    """Write a translation's copy of a root template under its language folder.

    Returns what MkDocs should write at the root: nothing for translations, so
    the Swedish 404 page is not overwritten by the English build.
    """
    if template_name not in LANGUAGE_TEMPLATES or language == SOURCE_LANGUAGE:
        return output
    target = site_dir / language / template_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""
