"""The public and the internal edition of the site, built from one source.

Some guidelines and routines are internal: the public site must never carry them, in any artefact. So the
whole corpus is checked first (a public page linking to an internal one is an error in every edition), and
then a build keeps only its edition's documents. The exclusion happens before anything is rendered: the
pages' files are taken out before MkDocs, search, the sitemap or the PDF stage see them, the navigation
loses their entries, and the project's corpus and history hold only what the edition publishes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .corpus import Corpus
from .findings import Finding, FindingsError, display_path
from .model import CLASSIFICATIONS, LANGUAGES, SOURCE_LANGUAGE, Document

# Edition -> the classifications it publishes. The public edition is the default: forgetting to choose
# an edition must never publish an internal document.
EDITIONS: dict[str, tuple[str, ...]] = {"public": ("public",), "internal": CLASSIFICATIONS}
DEFAULT_EDITION = "public"
SETTING = "edition"  # extra.edition in mkdocs.yml
VARIABLE = "POLICYSITE_EDITION"  # what the setting reads (`make site EDITION=…` sets it)


def checked_edition(value: Any, config_file: Path) -> str:
    """The edition named in mkdocs.yml (or the environment), or a FindingsError at the setting's line."""
    if value in EDITIONS:
        return value
    where = display_path(config_file, config_file.parent)
    line = setting_line(config_file)
    raise FindingsError([Finding(where, line, f"extra.{SETTING} is {value!r} (set through {VARIABLE})",
                                 f"use {' or '.join(EDITIONS)}")])


def setting_line(config_file: Path) -> int:
    """The line of `edition:` under `extra:` in mkdocs.yml, for error messages; 1 if it is not there."""
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    in_extra = False
    for number, line in enumerate(lines, 1):
        if line and not line[0].isspace() and not line.startswith("#"):
            in_extra = line.startswith("extra:")
        elif in_extra and line.strip().startswith(f"{SETTING}:") and line.startswith("  ") and line[2] != " ":
            return number
    return 1


def includes(edition: str, classification: str) -> bool:
    return classification in EDITIONS[edition]


def left_out(corpus: Corpus, edition: str) -> tuple[Document, ...]:
    """The documents (their Swedish pages, which carry the classification) that the edition does not publish."""
    return tuple(doc for doc in corpus.in_language(SOURCE_LANGUAGE) if not includes(edition, doc.classification))


def edition_corpus(corpus: Corpus, edition: str) -> Corpus:
    """The corpus the edition publishes; everything downstream of the check reads this one."""
    return corpus.without({doc.path for doc in left_out(corpus, edition)})


def source_uris(paths: Iterable[str]) -> set[str]:
    """MkDocs' src_uri of each page in every language: 'sv/rutin.md', 'en/rutin.md'."""
    return {f"{language}/{path}" for path in paths for language in LANGUAGES}


def prune_nav(nav: list | None, paths: set[str]) -> list | None:
    """mkdocs.yml's `nav:` without entries for the given pages, and without sections that become empty.

    An entry is a path ('rutin.md'), a titled path ({'Rutin': 'rutin.md'}) or a section ({'Title': [...]}).
    MkDocs warns about (and strict mode refuses) a nav entry whose page is missing, so the edition's
    navigation has to lose the entries of the pages it leaves out.
    """
    if nav is None:
        return None
    pruned = []
    for item in nav:
        if isinstance(item, str):
            if item not in paths:
                pruned.append(item)
        elif isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    children = prune_nav(value, paths)
                    if children:
                        kept[title] = children
                elif value not in paths:
                    kept[title] = value
            if kept:
                pruned.append(kept)
        else:
            pruned.append(item)
    return pruned
