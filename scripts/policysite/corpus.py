"""All documents of the site, in both languages, read and checked against the contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter, sources, structure
from .findings import Finding, FindingsError, display_path
from .model import (LANGUAGES, SOURCE_LANGUAGE, Document, build_document, hide_findings, parse_fields,
                    status_findings, timeline_findings)


@dataclass(frozen=True)
class Source:
    """Where a document came from: its file as users name it, key lines and body structure."""

    where: str
    key_lines: dict[str, int]
    structure: structure.Structure


@dataclass
class Corpus:
    docs_dir: Path
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)  # (language, path)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)

    def line_of(self, language: str, path: str, key: str) -> int:
        lines = self.sources[(language, path)].key_lines
        return lines.get(key, min(lines.values(), default=1))

    def get(self, language: str, path: str) -> Document | None:
        return self.documents.get((language, path))

    def in_language(self, language: str) -> list[Document]:
        return [doc for (lang, _), doc in sorted(self.documents.items()) if lang == language]

    def ids(self, language: str) -> set[str]:
        return {doc.id for doc in self.in_language(language)}

    def without(self, paths: set[str]) -> "Corpus":
        """A new corpus without the documents at these paths, in every language (policysite.editions)."""
        return Corpus(self.docs_dir,
                      {key: doc for key, doc in self.documents.items() if key[1] not in paths},
                      {key: source for key, source in self.sources.items() if key[1] not in paths})


page_paths = sources.page_paths


@dataclass(frozen=True)
class Page:
    """One page's front matter read against the contract: its typed values and where each key is."""

    values: dict
    matter: frontmatter.FrontMatter


def read_page(text: str, where: str, language: str,
              role_keys: frozenset[str] | None) -> tuple[Page | None, list[Finding]]:
    """A page's text to its typed values; None and the findings when its front matter does not hold.

    The one reading of a page: the corpus reads the working tree with it, policysite.history a past version.
    """
    try:
        matter = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        return None, [exc.finding(where)]
    if not matter.data:
        return None, [Finding(where, 1, "the page has no front matter",
                              "start the file with '---', the document metadata, and '---'")]
    values, problems = parse_fields(matter.data, matter.key_lines, where, is_translation=language != SOURCE_LANGUAGE,
                                    role_keys=role_keys)
    return (None if problems else Page(values, matter)), problems


def pairing_findings(language: str, page: Page, source: Page, where: str, on: dt.date | None) -> list[Finding]:
    """A page against its Swedish source page (itself, for a Swedish page): the same id, and what may be hidden;
    on the Swedish page, a status its type allows and (with `on`, the check's date) dates that can be true."""
    values, lines = page.values, page.matter.key_lines
    if values["id"] != source.values["id"]:
        return [Finding(where, lines.get("id", 1),
                        f"id {values['id']} differs from the Swedish page's id {source.values['id']}",
                        f"use id: {source.values['id']} in both languages")]
    problems = hide_findings(values, source.values, lines.get("hide", 1), where)
    if language == SOURCE_LANGUAGE:
        problems += status_findings(values, lines, where)
        if on is not None:
            problems += timeline_findings(values, lines, where, on)
    return problems


def load_corpus(docs_dir: Path, role_keys: frozenset[str] | None, repo_root: Path | None = None,
                on: dt.date | None = None) -> tuple[Corpus, list[Finding]]:
    """Read every page; return the documents that passed and every finding.

    With `on` (the check's date), dates that cannot be true on that day are findings too.
    """
    corpus = Corpus(docs_dir)
    findings: list[Finding] = []
    parsed: dict[tuple[str, str], Page] = {}

    def where(language: str, path: str) -> str:
        return display_path(docs_dir / language / path, repo_root)

    for language in LANGUAGES:
        for path in page_paths(docs_dir, language):
            try:
                text = sources.read_text(docs_dir / language / path, where(language, path), sources.PAGE_LIMIT)
            except FindingsError as exc:
                findings += exc.findings
                continue
            page, problems = read_page(text, where(language, path), language, role_keys)
            findings += problems
            if page is not None:
                parsed[(language, path)] = page

    for language in LANGUAGES:
        others = [lang for lang in LANGUAGES if lang != language]
        for path in page_paths(docs_dir, language):
            for other in others:
                if not (docs_dir / other / path).exists():
                    findings.append(Finding(where(language, path), 1,
                                            f"this page has no {other} counterpart docs/{other}/{path}",
                                            f"create docs/{other}/{path} with the same id; pages are never filled in from another language"))

    seen_ids: dict[tuple[str, str], str] = {}
    for (language, path), page in sorted(parsed.items()):
        values, matter = page.values, page.matter
        key = (language, values["id"])
        if key in seen_ids:
            findings.append(Finding(where(language, path), matter.key_lines.get("id", 1),
                                    f"id {values['id']} is also used by {seen_ids[key]}",
                                    "give every document its own id"))
            continue
        seen_ids[key] = where(language, path)
        source = parsed.get((SOURCE_LANGUAGE, path))
        if source is None:
            continue
        problems = pairing_findings(language, page, source, where(language, path), on)
        if problems:
            findings += problems
            continue
        corpus.documents[(language, path)] = build_document(path, language, source.values, values)
        corpus.sources[(language, path)] = Source(where(language, path), matter.key_lines,
                                                  structure.parse(matter.body, matter.body_start_line))
    return corpus, sorted(set(findings))
