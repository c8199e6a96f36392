"""A document's two pages in the working tree, found by id and read by the check's own reader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import frontmatter, sources
from ..corpus import Page, read_page
from ..findings import Finding, FindingsError
from ..model import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from ..urls import REGISTER_PAGE
from .refusals import Refusal

DOCS = "docs"


@dataclass(frozen=True)
class Pages:
    """A document's two pages: paths relative to the project, their bytes, and their front matter read."""

    paths: dict[str, str]  # language -> docs/<language>/<path>
    texts: dict[str, str]
    pages: dict[str, Page]

    @property
    def source(self) -> Page:
        return self.pages[SOURCE_LANGUAGE]


def find_pages(root: Path, document_id: str, role_keys: frozenset[str]) -> tuple[Pages | None, list[Refusal],
                                                                                   list[Finding]]:
    """The pages with this id, read by the check's own reader; refusals (and the page's findings) otherwise."""
    docs = root / DOCS
    found = []
    for path in sources.page_paths(docs, SOURCE_LANGUAGE):
        try:
            matter = frontmatter.read(docs / SOURCE_LANGUAGE / path)
        except (frontmatter.FrontMatterError, UnicodeError, OSError):
            continue
        if str(matter.data.get("id", "")).strip() == document_id:
            found.append(path)
    if not found:
        return None, [Refusal(f"no page in {DOCS}/{SOURCE_LANGUAGE} has the id {document_id}",
                              f"give the id of an existing document ({DOCS}/{SOURCE_LANGUAGE}/{REGISTER_PAGE} "
                              "lists them)")], []
    if len(found) > 1:
        return None, [Refusal(f"{len(found)} pages have the id {document_id}: {', '.join(found)}",
                              "give every document its own id (`make check` reports it)")], []
    paths, texts, pages, findings = {}, {}, {}, []
    for language in (SOURCE_LANGUAGE, *TRANSLATION_LANGUAGES):
        paths[language] = f"{DOCS}/{language}/{found[0]}"
        try:
            texts[language] = sources.read_text(root / paths[language], paths[language], sources.PAGE_LIMIT)
        except FindingsError as exc:
            findings += exc.findings
            continue
        page, problems = read_page(texts[language], paths[language], language, role_keys)
        findings += problems
        if page is not None:
            pages[language] = page
    if findings:
        return None, [Refusal(f"the pages of {document_id} do not pass the check",
                              "fix what is listed above (`make check`), then run it again")], findings
    return Pages(paths, texts, pages), [], []
