"""The public and the internal edition of the site, built from one source.

Some guidelines and routines are internal: the public site must never carry them, in any artefact. So the
whole corpus is checked first (a public page linking to an internal one is an error in every edition), and
then a build keeps only its edition's documents. The exclusion happens before anything is rendered: the
pages' files are taken out before MkDocs, search, the sitemap or the PDF stage see them, the navigation
loses their entries, and the project's corpus and history hold only what the edition publishes.

Nothing is compared as written: nav paths are normalised and must name a page, links are read from the
rendered Markdown (policysite.links). A file in docs/ (image, attachment) goes with the pages that use it,
so files only internal pages use are left out of the public edition, and a file no page uses is an error.
A public page may not name an internal document by its id or title either (check_internal_mentions).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any, Iterable

from .corpus import Corpus
from .findings import Finding, FindingsError, display_path
from .model import CLASSIFICATIONS, LANGUAGES, SOURCE_LANGUAGE, Document
from .sources import MARKDOWN_SUFFIXES
from .structure import resolve

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


# --- Files and mentions: what only internal pages may carry (checked in every edition) ------------------

def file_where(corpus: Corpus, language: str, path: str) -> str:
    """A file under docs/<language>/ as users name it, in the same form as the pages' paths in findings."""
    for (page_language, page_path), source in corpus.sources.items():
        suffix = f"{page_language}/{page_path}"
        if source.where.endswith(suffix):
            return f"{source.where[:-len(suffix)]}{language}/{path}"
    return (corpus.docs_dir / language / path).as_posix()


def files_linked(corpus: Corpus, language: str, pages: set[str] | None = None) -> set[str]:
    """The non-page files of a language's tree that its pages (or the given ones) link to or embed."""
    return {resolve(path, link.target) for (lang, path), source in corpus.sources.items()
            if lang == language and (pages is None or path in pages)
            for link in source.structure.links if link.target and not link.target.endswith(".md")}


def check_unlinked_files(corpus: Corpus) -> list[Finding]:
    """A file in docs/ (an image, an attachment) that no page uses is an error, not published unseen.

    Whether an edition publishes a file depends on the pages that use it (withheld_files), so a file no
    page uses would have no edition to belong to.
    """
    findings = []
    for language in LANGUAGES:
        linked = files_linked(corpus, language)
        for path in asset_paths(corpus.docs_dir, language):
            if path not in linked:
                findings.append(Finding(file_where(corpus, language, path), 1, "no page links to or shows this file",
                                        "link it from the page that needs it, or delete it; each edition publishes "
                                        "a file with the pages that use it"))
    return findings


def asset_paths(docs_dir: Path, language: str) -> list[str]:
    """Regular files under docs/<language>/ that are not pages (MkDocs leaves out hidden files itself).

    Files with any Markdown ending are pages, or refused as pages where pages are read (policysite.sources).
    """
    root = docs_dir / language
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not p.is_symlink() and p.suffix.lower() not in MARKDOWN_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


# An internal document's title is only looked for in public pages when it has at least this many words:
# a shorter title ("Rutin", "Incidenter") could be ordinary text. Ids are always looked for.
MIN_TITLE_WORDS = 3


def check_internal_mentions(corpus: Corpus) -> list[Finding]:
    """A public page (text or front matter) must not name an internal document by its id or its title.

    The public edition leaves internal documents out; naming one tells the reader it exists and what it is.
    Ids match whole, in any case; titles of MIN_TITLE_WORDS words or more match in any case and spacing,
    in either language, also across a line break.
    """
    internal = [doc for doc in corpus.in_language(SOURCE_LANGUAGE) if doc.classification == "internal"]
    if not internal:
        return []
    names = []  # (what to look for, casefolded with single spaces; its pattern; document id; title or None)
    for doc in internal:
        names.append((doc.id.casefold(), _name_pattern([doc.id]), doc.id, None))
        for language in LANGUAGES:
            title = corpus.documents.get((language, doc.path))
            words = title.title.split() if title else []
            if len(words) >= MIN_TITLE_WORDS:
                names.append((" ".join(words).casefold(), _name_pattern(words), doc.id, title.title))
    findings = []
    for (language, path), document in sorted(corpus.documents.items()):
        if document.classification != "public":
            continue
        try:
            text = (corpus.docs_dir / language / path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # reported where the page is read
        folded = " ".join(text.split()).casefold()
        # One pattern per name, run only where a plain substring search found the name: one alternation of
        # hundreds of names, tried at every position of every page, made the check quadratic in practice.
        for _, pattern, document_id, title in (name for name in names if name[0] in folded):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                message = (f"public page names internal document {document_id}"
                           + (f" by its title '{title}'" if title else ""))
                findings.append(Finding(corpus.sources[(language, path)].where, line, message,
                                        "remove the mention (the public edition leaves that document out), "
                                        "or classify this page as internal too"))
    return sorted(findings)


def _name_pattern(words: list[str]) -> re.Pattern:
    """The words as a whole name: in any case, with any white space between them, not inside a longer word."""
    return re.compile(r"(?<![\w-])" + r"\s+".join(re.escape(word) for word in words) + r"(?![\w-])", re.IGNORECASE)


def withheld_files(corpus: Corpus, edition: str) -> frozenset[str]:
    """MkDocs' src_uri of every non-page file ('sv/bild.png') that only pages the edition leaves out use.

    The check refuses files no page uses, so every other file is used by a page the edition publishes.
    """
    left = {doc.path for doc in left_out(corpus, edition)}
    if not left:
        return frozenset()
    published = {path for (_, path) in corpus.documents} - left
    return frozenset(f"{language}/{path}" for language in LANGUAGES
                     for path in files_linked(corpus, language, left) - files_linked(corpus, language, published))


def source_uris(paths: Iterable[str]) -> set[str]:
    """MkDocs' src_uri of each page in every language: 'sv/rutin.md', 'en/rutin.md'."""
    return {f"{language}/{path}" for path in paths for language in LANGUAGES}


def edition_nav(nav: list | None, pages: set[str], left_out: set[str], config_file: Path) -> list | None:
    """The edition's navigation: mkdocs.yml's `nav:` checked and normalised (checked_nav), then pruned (prune_nav)."""
    return prune_nav(checked_nav(nav, pages, config_file), left_out)


def nav_path(entry: str) -> str:
    """A nav path as MkDocs resolves it: './rutin.md', 'a/../rutin.md' and 'rutin.md' are one page."""
    return posixpath.normpath(entry.strip()) if entry.strip() else entry


def checked_nav(nav: list | None, pages: set[str], config_file: Path) -> list | None:
    """mkdocs.yml's `nav:` with every path normalised (nav_path), or a FindingsError for each entry that names no page.

    pages: the Swedish pages' paths (every page exists in both languages). The navigation lists pages only:
    a path that is not a page, a URL or anything else is refused at its line, so no entry can get past the
    edition filter (prune_nav) by being written another way, and no nav link can lead anywhere but a page.
    """
    if nav is None:
        return None
    findings: list[Finding] = []
    lines = _nav_lines(config_file)
    where = display_path(config_file, config_file.parent)

    def walk(items: Any) -> list:
        if not isinstance(items, list):
            findings.append(Finding(where, lines.get("", 1), f"nav section is {items!r}, not a list of entries",
                                    "write each entry as '- page.md', '- Title: page.md' or '- Section: [...]'"))
            return []
        result = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item)), str):
                title, value = next(iter(item.items()))
                result.append({title: walk(value) if isinstance(value, list) else page(value)})
            else:
                result.append(page(item))
        return result

    def page(entry: Any) -> Any:
        if isinstance(entry, str) and nav_path(entry) in pages:
            return nav_path(entry)
        shown = entry if isinstance(entry, str) else repr(entry)
        findings.append(Finding(where, _line_of(lines, shown), f"nav entry '{shown}' names no page",
                                f"write the path of a page relative to docs/{SOURCE_LANGUAGE}/ (e.g. 'kontakt.md'); "
                                "the navigation lists pages only"))
        return entry

    checked = walk(nav)
    if findings:
        raise FindingsError(findings)
    return checked


def _nav_lines(config_file: Path) -> dict[str, int]:
    """Each line of mkdocs.yml's nav: section, stripped text -> first line number ('' -> the `nav:` line)."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    lines: dict[str, int] = {}
    in_nav = False
    for number, line in enumerate(text.splitlines(), 1):
        if line and not line[0].isspace() and not line.startswith("#"):
            in_nav = line.startswith("nav:")
            if in_nav:
                lines.setdefault("", number)
        elif in_nav and not line.strip().startswith("#"):
            lines.setdefault(line.strip(), number)
    return lines


def _line_of(lines: dict[str, int], entry: str) -> int:
    """The first nav line that writes the entry, else the `nav:` line."""
    for text, number in lines.items():
        if text and entry in text:
            return number
    return lines.get("", 1)


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
