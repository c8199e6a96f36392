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


def load_corpus(docs_dir: Path, role_keys: frozenset[str] | None, repo_root: Path | None = None,
                on: dt.date | None = None) -> tuple[Corpus, list[Finding]]:
    """Read every page; return the documents that passed and every finding.

    With `on` (the check's date), dates that cannot be true on that day are findings too.
    """
    corpus = Corpus(docs_dir)
    findings: list[Finding] = []
    parsed: dict[tuple[str, str], tuple[dict, frontmatter.FrontMatter]] = {}

    def where(language: str, path: str) -> str:
        return display_path(docs_dir / language / path, repo_root)

    for language in LANGUAGES:
        for path in page_paths(docs_dir, language):
            try:
                text = sources.read_text(docs_dir / language / path, where(language, path), sources.PAGE_LIMIT)
                matter = frontmatter.parse(text)
            except FindingsError as exc:
                findings += exc.findings
                continue
            except frontmatter.FrontMatterError as exc:
                findings.append(exc.finding(where(language, path)))
                continue
            if not matter.data:
                findings.append(Finding(where(language, path), 1, "the page has no front matter",
                                        "start the file with '---', the document metadata, and '---'"))
                continue
            values, problems = parse_fields(matter.data, matter.key_lines, where(language, path),
                                            is_translation=language != SOURCE_LANGUAGE, role_keys=role_keys)
            findings.extend(problems)
            if not problems:
                parsed[(language, path)] = (values, matter)

    for language in LANGUAGES:
        others = [lang for lang in LANGUAGES if lang != language]
        for path in page_paths(docs_dir, language):
            for other in others:
                if not (docs_dir / other / path).exists():
                    findings.append(Finding(where(language, path), 1,
                                            f"this page has no {other} counterpart docs/{other}/{path}",
                                            f"create docs/{other}/{path} with the same id; pages are never filled in from another language"))

    seen_ids: dict[tuple[str, str], str] = {}
    for (language, path), (values, matter) in sorted(parsed.items()):
        line = matter.key_lines.get("id", 1)
        key = (language, values["id"])
        if key in seen_ids:
            findings.append(Finding(where(language, path), line, f"id {values['id']} is also used by {seen_ids[key]}",
                                    "give every document its own id"))
            continue
        seen_ids[key] = where(language, path)
        source = parsed.get((SOURCE_LANGUAGE, path))
        if source is None:
            continue
        source_values = source[0]
        if language != SOURCE_LANGUAGE and values["id"] != source_values["id"]:
            findings.append(Finding(where(language, path), line,
                                    f"id {values['id']} differs from the Swedish page's id {source_values['id']}",
                                    f"use id: {source_values['id']} in both languages"))
            continue
        problems = hide_findings(values, source_values, matter.key_lines.get("hide", 1), where(language, path))
        if language == SOURCE_LANGUAGE:
            problems += status_findings(values, matter.key_lines, where(language, path))
        if language == SOURCE_LANGUAGE and on is not None:
            problems += timeline_findings(values, matter.key_lines, where(language, path), on)
        if problems:
            findings += problems
            continue
        corpus.documents[(language, path)] = build_document(path, language, source_values, values)
        corpus.sources[(language, path)] = Source(where(language, path), matter.key_lines,
                                                  structure.parse(matter.body, matter.body_start_line))
    return corpus, sorted(set(findings))
