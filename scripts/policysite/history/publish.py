"""The history inside a site build: read it once per build, then give pages, PDFs and feeds what they need."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment

from .. import editions
from ..findings import Finding, FindingsError, Severity
from ..model import DOCUMENT_TYPES, LANGUAGES, Document
from ..pdf.publish import ArchivedVersion
from ..project import Project
from ..statements import reuse_findings
from ..urls import (CHANGE_LOG_PAGE, HOME_PAGE, archived_pdf, feed_path, page_url, relative_url,
                    review_calendar_path)
from ..views import internal_notice
from .acknowledgements import acknowledgements
from .diff import compare
from .git import Commit, last_changes, open_repository
from .record import History, load_history, unrecorded_approvals
from .render import MarkdownSettings, version_html
from .views import (HISTORY_ANCHOR, DiffPage, archived_versions, change_entries, diff_changes_view,
                    diff_pages, diff_title, diff_view, document_changes_view, history_view, iso_time,
                    markdown_literal)

# Set to 1 by the builds that publish (`make site`, `make offline`): an approved governing document that Git has
# no decision record for is then an error, not a warning, so a squashed or imported history cannot publish a site
# without its approval record. `mkdocs serve` and test builds leave it unset.
PUBLISH_VARIABLE = "POLICYSITE_PUBLISH"


@dataclass
class ProjectHistory:
    history: History
    docs_folder: str  # 'docs'
    last_changes: dict[str, Commit]  # 'docs/sv/sakerhetspolicy.md' -> commit
    markdown: MarkdownSettings
    findings: list[Finding] = field(default_factory=list)  # warnings that do not stop a build
    # (id, version) -> acknowledgement code of every approved version this build shows (.acknowledgements)
    acknowledgements: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def last_commit_time(self) -> int:
        return max((commit.timestamp for commit in self.last_changes.values()), default=0)

    def current(self, project: Project, language: str) -> dict[str, Document]:
        return {document.id: document for document in project.corpus.in_language(language)}

    def marker_renderers(self, project: Project, language: str, path: str, render) -> dict:
        """Content markers this history fills in: the change log."""
        return {"change-log": lambda: render("change-log", **change_log_view(self, project, language, path))}


def change_log_view(state: ProjectHistory, project: Project, language: str, path: str) -> dict:
    labels = project.labels_for(language)
    here = page_url(language, path)
    entries = change_entries(state.history, state.current(project, language), project.roles, labels, language)
    entries = [replace(entry, url=relative_url(entry.url, here),
                       diff_url=relative_url(entry.diff_url, here) if entry.diff_url else None) for entry in entries]
    types = [(kind, labels["values"]["type"][kind]) for kind in DOCUMENT_TYPES if any(e.type == kind for e in entries)]
    return {"entries": entries, "types": types, "feed": relative_url(feed_path(language), here),
            "calendar": relative_url(review_calendar_path(language), here), "anchor": HISTORY_ANCHOR}


def read_history(project: Project, docs_folder: str, markdown: MarkdownSettings,
                 publishing: bool = False) -> ProjectHistory:
    """The project's approved versions and last changes from Git; FindingsError if Git's record is inconsistent,
    or (when `publishing`) if an approved governing document has no record in it."""
    repository = open_repository(project.root)
    history = load_history(repository, docs_folder, frozenset(project.roles))
    if history.errors:
        raise FindingsError(history.errors)
    unrecorded = unrecorded_approvals(project.corpus, history, Severity.ERROR if publishing else Severity.WARNING)
    if publishing and unrecorded:
        raise FindingsError(unrecorded)
    reused = reuse_findings(history, project.corpus)  # a retired statement identifier used again (statements.py)
    if any(finding.severity is Severity.ERROR for finding in reused):
        raise FindingsError(reused)
    history = edition_history(history, project)
    findings = history.warnings + unrecorded + reused
    left_out = {f"{docs_folder}/{language}/{document.path}" for document in project.left_out for language in LANGUAGES}
    changes = {path: commit for path, commit in last_changes(repository, docs_folder).items() if path not in left_out}
    codes, code_findings = acknowledgements(repository, docs_folder, history, project.corpus)
    return ProjectHistory(history, docs_folder, changes, markdown, findings + code_findings,
                          {key: found.code for key, found in codes.items()})


def language_history(state: ProjectHistory, markdown: MarkdownSettings) -> ProjectHistory:
    """The history as read once per build, for a language build whose Markdown settings (its permalink title)
    render the versions it shows."""
    return replace(state, markdown=markdown)


def edition_history(history: History, project: Project) -> History:
    """The approved versions the edition may show, after the whole record has been checked.

    A document the edition leaves out brings none of its versions (no diff page, archived PDF, change-log
    or feed entry), and neither does a version that was internal when it was approved, even if the
    document is public now.
    """
    if project.edition is None:
        return history
    left_out = {document.id for document in project.left_out}
    return history.restricted(lambda version: version.id not in left_out
                              and editions.includes(project.edition, version.decision.classification))


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # 'sv/historik/sak-pol-001/v1.0-v2.0.md'
    dest_uri: str
    markdown: str
    diff: DiffPage


def generated_pages(state: ProjectHistory, project: Project, language: str) -> list[GeneratedPage]:
    """One comparison page per pair of consecutive approved versions; search leaves them out (they repeat the text)."""
    pages = []
    for page in diff_pages(state.history, language):
        url = page_url(language, page.path)
        title = diff_title(page, project.labels_for(language))
        pages.append(GeneratedPage(
            src_uri=f"{language}/{page.path}",
            dest_uri=f"{url}index.html",
            # Only the title: the comparison is rendered by partials/history/diff.html.
            markdown=f"---\nsearch:\n  exclude: true\n---\n\n# {markdown_literal(title)}\n",
            diff=page,
        ))
    return pages


def page_diff_view(state: ProjectHistory, project: Project, page: DiffPage):
    old = version_html(page.old, page.language, state.markdown)
    new = version_html(page.new, page.language, state.markdown)
    current = state.current(project, page.language)[page.new.id]
    labels = project.labels_for(page.language)
    view = diff_view(page, compare(old, new), current.title, project.roles, labels,
                     diff_changes_view(page, current, labels))
    return replace(view, internal=internal_notice(current, labels))


def page_changes_view(state: ProjectHistory, project: Project, document: Document):
    """The editors' account of the version in force, for the document's page (partials/history/changes.html)."""
    return document_changes_view(state.history, document, project.labels_for(document.language))


def page_history_view(state: ProjectHistory, project: Project, document: Document, pdf_targets: set[str],
                      current_pdf: str | None):
    change = state.last_changes.get(f"{state.docs_folder}/{document.language}/{document.path}")
    return history_view(state.history, document, change, project.roles, project.labels_for(document.language),
                        pdf_targets, current_pdf)


def archive_inputs(state: ProjectHistory, project: Project, language: str) -> list[ArchivedVersion]:
    """The earlier approved versions to render as PDFs, each from its own text at its approval commit."""
    current = state.current(project, language)
    inputs = []
    for version in archived_versions(state.history, current, language):
        versions = state.history.of(version.id)
        following = versions[versions.index(version) + 1:]
        document = version.documents[language]
        inputs.append(ArchivedVersion(
            source=f"{version.tag}:docs/{language}/{document.path}",
            document=document,
            content=version_html(version, language, state.markdown),
            superseded_by=following[0].version if following else None,
            target=archived_pdf(version, language),
        ))
    return inputs


def write_feed(state: ProjectHistory, project: Project, env: Environment, language: str, site_dir: Path,
               site_url: str, author: str) -> None:
    """Atom feed of every decision and correction of the record, newest first (change_entries), at feed.xml in the
    language's root; an entry's `<updated>` is its decision date where known, the feed's the newest record."""
    labels = project.labels_for(language)
    entries = change_entries(state.history, state.current(project, language), project.roles, labels, language)
    base = site_url.rstrip("/") + "/"
    xml = env.get_template("history/atom.xml").render(
        labels=labels, language=language, entries=entries, base=base, self_url=base + feed_path(language),
        home=base + page_url(language, HOME_PAGE),
        changelog=base + page_url(language, CHANGE_LOG_PAGE),
        anchor=HISTORY_ANCHOR, author=author,
        updated=max((entry.recorded_iso for entry in entries), default=iso_time(state.last_commit_time)))
    target = site_dir / feed_path(language)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(xml, encoding="utf-8")
