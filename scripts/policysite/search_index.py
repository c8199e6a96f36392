"""One search index per language.

Material with mkdocs-static-i18n writes a single index mixing both languages.
We split it so that each language's pages search only their own index, with
that language's stemmer and stop words.
"""

from __future__ import annotations

import json
from pathlib import Path

from .urls import SEARCH_INDEX

INDEX_PATH = Path(SEARCH_INDEX)

# Languages whose prefix queries are stemmed (overrides/search/query-rules.js).
# Elsewhere the theme's prefix queries cannot match stemmed index terms, so the
# index keeps whole words: "responsib" still finds "responsibilities".
STEMMED_LANGUAGES = ("sv",)


def pipeline_for(language: str, pipeline: list[str]) -> list[str]:
    return pipeline if language in STEMMED_LANGUAGES else [step for step in pipeline if step != "stemmer"]


def language_of(location: str, prefixes: tuple[str, ...]) -> str | None:
    """The non-default language prefix ('en') a location lives under, or None for the default."""
    head = location.split("/", 1)[0]
    return head if head in prefixes else None


def split_index(index: dict, default_language: str, other_languages: tuple[str, ...]) -> dict[str, dict]:
    """Split a mixed index into one index per language, locations relative to that language's root."""
    config = index["config"]
    result = {lang: {"config": {**config, "lang": [lang], "pipeline": pipeline_for(lang, config["pipeline"])}, "docs": []}
              for lang in (default_language, *other_languages)}
    for entry in index["docs"]:
        language = language_of(entry["location"], other_languages)
        if language is None:
            result[default_language]["docs"].append(entry)
        else:
            location = entry["location"][len(language) + 1:]
            result[language]["docs"].append({**entry, "location": location})
    return result


def write_language_indexes(site_dir: Path, default_language: str, other_languages: tuple[str, ...]) -> None:
    """Rewrite site/search/search_index.json as the default language's index and write one per other language."""
    mixed_path = site_dir / INDEX_PATH
    if not mixed_path.exists():
        return
    index = json.loads(mixed_path.read_text(encoding="utf-8"))
    for language, language_index in split_index(index, default_language, other_languages).items():
        target = mixed_path if language == default_language else site_dir / language / INDEX_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(language_index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
