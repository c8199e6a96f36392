"""Checks over the whole corpus: pure functions from documents to findings."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass

from . import editions, frontmatter, rendered, statements
from .corpus import Corpus
from .findings import Finding, Severity
from .history.views import HISTORY_ANCHOR  # the heading id of every document page's history section
from .history.views import archived_pdf_target
from .links import Link
from .model import SOURCE_LANGUAGE, Document, PartialDate, next_review
from .structure import resolve
from .urls import ACCESSIBILITY_STATEMENT, HISTORY_FOLDER

DUE_SOON_DAYS = 60
# The accessibility statement's (policysite.urls.ACCESSIBILITY_STATEMENT) last_reviewed date says when it was last
# brought up to date; older than this, it is stale.
STATEMENT_MAX_AGE_MONTHS = 12
# Free-text metadata the theme prints into <title>, <meta> and the navigation: plain text, never markup.
PLAIN_TEXT_FIELDS = ("title", "description")
_MARKUP_OR_CONTROL = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f]")


def today() -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class ReviewState:
    next_review: PartialDate | None
    overdue: bool
    due_soon: bool


def review_state(document: Document, on: dt.date) -> ReviewState:
    """Whether an approved governing document's review is overdue or due within DUE_SOON_DAYS."""
    due = next_review(document)
    if due is None or document.status != "approved" or not document.is_governing:
        return ReviewState(due, False, False)
    due_date = due.first_day
    return ReviewState(due, due_date < on, on <= due_date <= on + dt.timedelta(days=DUE_SOON_DAYS))


def check_review(corpus: Corpus, on: dt.date, strict: bool) -> list[Finding]:
    findings = []
    for doc in corpus.in_language(SOURCE_LANGUAGE):
        if doc.status != "approved" or not doc.is_governing:
            continue
        source = corpus.sources[(doc.language, doc.path)]
        state = review_state(doc, on)
        if doc.review_interval_months is None:
            findings.append(Finding(source.where, corpus.line_of(doc.language, doc.path, "status"),
                                    "no review interval is set, so the next review cannot be computed",
                                    "add review_interval_months once the document owner has decided it",
                                    Severity.WARNING))
        elif state.overdue:
            findings.append(Finding(source.where, corpus.line_of(doc.language, doc.path, "review_interval_months"),
                                    f"review overdue since {state.next_review}",
                                    "review the document, then set last_reviewed (or approve a new version)",
                                    Severity.ERROR if strict else Severity.WARNING))
        elif state.due_soon:
            findings.append(Finding(source.where, corpus.line_of(doc.language, doc.path, "review_interval_months"),
                                    f"review due on {state.next_review}",
                                    "plan the review with the document owner", Severity.NOTICE))
    return findings


def statement_cutoff(on: dt.date) -> dt.date:
    """The oldest last-updated date that is still current on `on`: the same day STATEMENT_MAX_AGE_MONTHS earlier.

    A statement updated exactly twelve months ago is not yet stale; one updated the day before is.
    (On 29 February the cutoff is 28 February of the year before.)
    """
    return PartialDate(on.year, on.month, on.day).add_months(-STATEMENT_MAX_AGE_MONTHS).first_day


def check_accessibility_statement(corpus: Corpus, on: dt.date) -> list[Finding]:
    """The accessibility statement carries its assessment and last-updated dates, and is not over a year old.

    A tree without the statement (a fixture, a partial corpus) has nothing to check here.
    """
    statement = corpus.get(SOURCE_LANGUAGE, ACCESSIBILITY_STATEMENT)
    if statement is None:
        return []
    where = corpus.sources[(SOURCE_LANGUAGE, ACCESSIBILITY_STATEMENT)].where
    findings = []
    for name, value, what in (("assessed", statement.assessed, "the date of the last accessibility assessment"),
                              ("last_reviewed", statement.last_reviewed, "the date it was last reviewed and updated")):
        if value is None:
            findings.append(Finding(where, corpus.line_of(SOURCE_LANGUAGE, ACCESSIBILITY_STATEMENT, name),
                                    f"the accessibility statement does not record '{name}'",
                                    f"add '{name}: YYYY-MM-DD' with {what}"))
    updated = statement.last_reviewed
    if updated is not None and updated.first_day < statement_cutoff(on):
        findings.append(Finding(where, corpus.line_of(SOURCE_LANGUAGE, ACCESSIBILITY_STATEMENT, "last_reviewed"),
                                f"the accessibility statement was last updated on {updated}, "
                                f"more than {STATEMENT_MAX_AGE_MONTHS} months ago",
                                "review the statement against the site, then set last_reviewed to the date of that review "
                                "(and assessed, if you assessed the site again)",
                                Severity.WARNING))
    return findings


def check_translation_versions(corpus: Corpus) -> list[Finding]:
    findings = []
    for doc in corpus.documents.values():
        if doc.is_translation and not doc.translation_is_current:
            findings.append(Finding(corpus.sources[(doc.language, doc.path)].where,
                                    corpus.line_of(doc.language, doc.path, "translation_of_version"),
                                    f"translation of version {doc.translation_of_version}, but the Swedish page is version {doc.version}",
                                    f"update the translation and set translation_of_version: \"{doc.version}\"",
                                    Severity.WARNING))
        elif doc.is_translation and not doc.change_summary and corpus.get(SOURCE_LANGUAGE, doc.path).change_summary:
            findings.append(Finding(corpus.sources[(doc.language, doc.path)].where,
                                    corpus.line_of(doc.language, doc.path, "id"),
                                    "the Swedish page has a change_summary, this translation has none",
                                    "add 'change_summary:' in this language; the change log never shows the other language's text"))
    return findings


def check_title_heading(corpus: Corpus) -> list[Finding]:
    findings = []
    for (language, path), source in corpus.sources.items():
        title = corpus.documents[(language, path)].title
        top = [h for h in source.structure.headings if h.level == 1]
        if not top:
            findings.append(Finding(source.where, corpus.line_of(language, path, "title"), "the page has no H1 heading",
                                    f"start the text with '# {title}'"))
        elif len(top) > 1:
            findings.append(Finding(source.where, top[1].line, f"the page has {len(top)} H1 headings",
                                    "keep one '# …' heading (the title) and make the others '##'"))
        if top and top[0].text != title:
            findings.append(Finding(source.where, top[0].line, f"the H1 '{top[0].text}' differs from the title '{title}'",
                                    "make the H1 and the front-matter title identical"))
    return findings


def check_links(corpus: Corpus) -> list[Finding]:
    """Every link and embedded file of a page points to a page (and heading) or file of its language's tree.

    Links come from the rendered Markdown (policysite.links), so reference-style links, titles, <angle>
    targets and images are checked as well as [text](page.md).
    """
    findings = []
    for (language, path), source in corpus.sources.items():
        document = corpus.documents[(language, path)]
        for link in source.structure.links:
            findings += _link_findings(corpus, language, path, source.where, document, link)
    return findings


def _link_findings(corpus: Corpus, language: str, path: str, where: str, document: Document, link: Link) -> list[Finding]:
    shown = link.target + (f"#{link.anchor}" if link.anchor else "")
    kind = "image" if link.image else "link"
    if link.target.startswith("/"):
        return [Finding(where, link.line, f"{kind} '{shown}' is an absolute path",
                        "write the path relative to this page (e.g. 'kontakt.md'); an absolute path breaks under "
                        "another SITE_URL and in the offline copy")]
    target_path = resolve(path, link.target)
    if target_path == ".." or target_path.startswith("../"):
        return [Finding(where, link.line, f"{kind} '{shown}' leaves the {language} pages",
                        "link to the page in the same language; the language link in the header leads to the other one")]
    if link.target and not link.target.endswith(".md"):
        file = corpus.docs_dir / language / target_path
        if file.is_dir():
            return [Finding(where, link.line, f"{kind} '{shown}' points to a folder",
                            f"link to the page's Markdown file, e.g. '{link.target.rstrip('/')}/index.md'")]
        if not file.is_file():
            archived = archived_pdf_target(target_path)
            if archived is not None and not link.image:
                return _archived_pdf_findings(corpus, language, where, document, link, shown, *archived)
            return [Finding(where, link.line, f"{kind} '{shown}' points to a file that does not exist",
                            f"fix the path, or add docs/{language}/{target_path}")]
        return []
    target = corpus.sources.get((language, target_path))
    if target is None:
        if not (corpus.docs_dir / language / target_path).exists():
            return [Finding(where, link.line, f"link '{shown}' points to a page that does not exist",
                            f"fix the path, or create docs/{language}/{target_path}")]
        return []
    findings = []
    if link.anchor and link.anchor not in target.structure.ids():
        findings.append(Finding(where, link.line, f"link '{shown}' points to a heading that does not exist",
                                f"use one of the heading ids of docs/{language}/{target_path}: "
                                + ", ".join(sorted(target.structure.ids()))))
    target_document = corpus.documents[(language, target_path)]
    if document.classification == "public" and target_document.classification == "internal":
        findings.append(Finding(where, link.line, f"public document links to internal document {target_document.id}",
                                "remove the link, or classify this document as internal too"))
    return findings


def _archived_pdf_findings(corpus: Corpus, language: str, where: str, document: Document, link: Link, shown: str,
                           document_id: str, version: str, pdf_language: str) -> list[Finding]:
    """A link to the PDF the build keeps of an earlier approved version (policysite.history.views.archived_pdf_source).

    The check reads the pages, not Git: it accepts an earlier version of a document of this language, and the strict
    build refuses a version that Git does not record as approved.
    """
    target = next((d for d in corpus.in_language(language) if d.id == document_id), None)
    if target is None:
        return [Finding(where, link.line, f"link '{shown}' names a PDF of {document_id}, which is no document in {language}",
                        f"link an earlier version of a document of this language: {HISTORY_FOLDER}/<id in lower case>/"
                        f"<ID>-v<version>-{language}.pdf")]
    if pdf_language != language:
        fixed = f"{HISTORY_FOLDER}/{document_id.lower()}/{document_id}-v{version}-{language}.pdf"
        return [Finding(where, link.line, f"link '{shown}' names the {pdf_language} PDF from the {language} page",
                        f"link the PDF in this page's language: {fixed}")]
    if not _version_key(version) < _version_key(target.version):
        return [Finding(where, link.line, f"link '{shown}' names version {version} of {document_id}, which is not earlier "
                                          f"than its current version {target.version}",
                        "link an earlier approved version's PDF, or the document's page for the current version")]
    if document.classification == "public" and target.classification == "internal":
        return [Finding(where, link.line, f"public document links to internal document {target.id}",
                        "remove the link, or classify this document as internal too")]
    return []


def _version_key(version: str) -> tuple[int, int]:
    major, _, minor = version.partition(".")
    return int(major), int(minor)


def check_translation_structure(corpus: Corpus, skip: set[str] = frozenset()) -> list[Finding]:
    """A current translation has the same sections and cross-document links as the Swedish page.

    Pages in skip (already reported, e.g. for broken links) are not compared, to keep one defect one line.
    """
    findings = []
    for doc in corpus.documents.values():
        if not doc.is_translation or not doc.translation_is_current:
            continue
        if {corpus.sources[(doc.language, doc.path)].where, corpus.sources[(SOURCE_LANGUAGE, doc.path)].where} & skip:
            continue
        original = corpus.sources.get((SOURCE_LANGUAGE, doc.path))
        translation = corpus.sources[(doc.language, doc.path)]
        if original is None:
            continue
        sv_levels = Counter(h.level for h in original.structure.headings)
        en_levels = Counter(h.level for h in translation.structure.headings)
        for level in sorted(set(sv_levels) | set(en_levels)):
            if sv_levels[level] != en_levels[level]:
                findings.append(Finding(translation.where, 1,
                                        f"{en_levels[level]} level-{level} headings, the Swedish page has {sv_levels[level]}",
                                        f"translate every section of {original.where}"))
        sv_links = Counter((resolve(doc.path, l.target), l.anchor) for l in original.structure.links if l.target.endswith(".md"))
        en_links = Counter((resolve(doc.path, l.target), l.anchor) for l in translation.structure.links if l.target.endswith(".md"))
        for (target, anchor), count in sorted((en_links - sv_links).items(), key=str):
            line = next(l.line for l in translation.structure.links if (resolve(doc.path, l.target), l.anchor) == (target, anchor))
            findings.append(Finding(translation.where, line, f"link to {target}{'#' + anchor if anchor else ''} is not in the Swedish page",
                                    f"link the same documents as {original.where}"))
        for (target, anchor), count in sorted((sv_links - en_links).items(), key=str):
            findings.append(Finding(translation.where, 1, f"the Swedish page links to {target}{'#' + anchor if anchor else ''}, this page does not",
                                    f"link the same documents as {original.where}"))
    return findings


def check_plain_text(corpus: Corpus) -> list[Finding]:
    """Titles and descriptions are text: '<', '>' and control characters in them are refused at their line."""
    findings = []
    for (language, path), document in corpus.documents.items():
        for name in PLAIN_TEXT_FIELDS:
            value = getattr(document, name, None) or ""
            bad = _MARKUP_OR_CONTROL.search(value)
            if bad:
                shown = repr(bad.group()) if bad.group() not in "<>" else f"'{bad.group()}'"
                findings.append(Finding(corpus.sources[(language, path)].where, corpus.line_of(language, path, name),
                                        f"'{name}' contains {shown}; it is plain text (the page's <title>, "
                                        "<meta> description, navigation and search results)",
                                        "remove the markup or control character (write 'less than' or use "
                                        "another wording)"))
    return findings


def check_raw_html(corpus: Corpus, settings: rendered.MarkdownSettings | None = None) -> list[Finding]:
    """Render every page body with the site's Markdown extensions and check the HTML against the allow-list."""
    root = corpus.docs_dir.parent
    config = root / "mkdocs.yml"
    settings = settings or rendered.markdown_settings(config if config.exists() else rendered.DEFAULT_CONFIG)
    exact, prefixes = rendered.reserved_ids(rendered.theme_template_dirs(root))
    renderer = rendered.PageRenderer(settings, exact | {HISTORY_ANCHOR}, prefixes)
    findings = []
    for (language, path), source in sorted(corpus.sources.items()):
        text = (corpus.docs_dir / language / path).read_text(encoding="utf-8-sig")  # read as the corpus read it
        _, body, first_line = frontmatter.split(text)
        findings += renderer.findings(body, first_line, source.where)
    return findings


def check_corpus(corpus: Corpus, on: dt.date, strict: bool = False) -> list[Finding]:
    page_findings = (check_title_heading(corpus) + check_links(corpus) + check_raw_html(corpus)
                     + check_plain_text(corpus) + editions.check_unlinked_files(corpus)
                     + editions.check_internal_mentions(corpus))
    return sorted(
        page_findings + check_translation_versions(corpus)
        + check_translation_structure(corpus, {f.path for f in page_findings}) + check_review(corpus, on, strict)
        + check_accessibility_statement(corpus, on) + statements.check_statements(corpus)
    )
