"""Localised views of the history for templates: per-document tables, diff pages, the change log and feeds."""

from __future__ import annotations

import datetime as dt
import string
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..data import Role
from ..model import LANGUAGES, Document, PartialDate
from ..present import format_date
from ..urls import page_url, relative_url
from .diff import Comparison
from .git import Commit
from .record import ApprovedVersion, History

# Commit times are shown as the region's calendar date, whatever the build machine's zone.
REGION_TIME_ZONE = ZoneInfo("Europe/Stockholm")
HISTORY_FOLDER = "historik"
HISTORY_ANCHOR = "andringshistorik"


def history_folder(document_id: str) -> str:
    """Source-relative folder of a document's generated history files, e.g. 'historik/sak-pol-001/'."""
    return f"{HISTORY_FOLDER}/{document_id.lower()}/"


def diff_path(old: ApprovedVersion, new: ApprovedVersion) -> str:
    """Source path (in each language folder) of the generated page comparing two versions."""
    return f"{history_folder(new.id)}v{old.version}-v{new.version}.md"


def archived_pdf(version: ApprovedVersion, language: str) -> str:
    """Site path of an earlier version's PDF; never the path of the current PDF."""
    return f"{page_url(language, history_folder(version.id) + 'index.md')}{version.id}-v{version.version}-{language}.pdf"


def recorded_date(timestamp: int) -> PartialDate:
    return PartialDate.parse(dt.datetime.fromtimestamp(timestamp, REGION_TIME_ZONE).date())


def iso_time(timestamp: int) -> str:
    """RFC 3339 in UTC, as Atom wants it."""
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).isoformat().replace("+00:00", "Z")


def is_current(version: ApprovedVersion, document: Document | None) -> bool:
    """The version whose text the document page shows, and whose PDF is the document's own PDF."""
    return document is not None and document.status == "approved" and document.version == version.version


@dataclass(frozen=True)
class DiffPage:
    language: str
    old: ApprovedVersion
    new: ApprovedVersion

    @property
    def path(self) -> str:
        return diff_path(self.old, self.new)


def diff_pages(history: History, language: str) -> list[DiffPage]:
    """A page for every pair of consecutive approved versions that both exist in the language."""
    pages = []
    for versions in history.versions.values():
        for old, new in zip(versions, versions[1:]):
            if language in old.texts and language in new.texts:
                pages.append(DiffPage(language, old, new))
    return pages


def archived_versions(history: History, current: dict[str, Document], language: str) -> list[ApprovedVersion]:
    """Approved versions that need a PDF of their own: all but the one the current PDF already shows."""
    return [version for versions in history.versions.values() for version in versions
            if language in version.texts and not is_current(version, current.get(version.id))]


@dataclass(frozen=True)
class Decided:
    body: str | None
    date: str | None
    case_number: str | None


def decided(version: ApprovedVersion, roles: dict[str, Role], language: str) -> Decided:
    decision = version.decision
    return Decided(
        roles[decision.approved_by].name[language] if decision.approved_by in roles else decision.approved_by,
        format_date(decision.approved, language) if decision.approved else None,
        decision.case_number,
    )


@dataclass(frozen=True)
class VersionRow:
    version: str
    decided: Decided
    change_type: str
    summary: str | None
    commit: str
    short_commit: str
    in_force: bool
    pdf_url: str | None
    diff_url: str | None
    diff_label: str | None


@dataclass(frozen=True)
class LastChange:
    date: str | None
    short_commit: str | None


@dataclass(frozen=True)
class HistoryView:
    anchor: str
    governing: bool
    rows: list[VersionRow]
    last_change: LastChange


def history_view(history: History, document: Document, last_change: Commit | None, roles: dict[str, Role],
                 labels: dict, pdf_targets: set[str], current_pdf: str | None) -> HistoryView:
    language = document.language
    here = page_url(language, document.path)
    versions = history.of(document.id)
    rows = []
    for index, version in enumerate(versions):
        previous = versions[index - 1] if index else None
        text = version.documents.get(language)
        pdf = current_pdf if is_current(version, document) else archived_pdf(version, language)
        pdf = pdf if pdf in pdf_targets else None
        diff = None
        if previous and language in previous.texts and language in version.texts:
            diff = relative_url(page_url(language, diff_path(previous, version)), here)
        rows.append(VersionRow(
            version=version.version,
            decided=decided(version, roles, language),
            change_type=labels["history"]["change_types"][version.change_type],
            summary=text.change_summary if text else None,
            commit=version.commit,
            short_commit=version.short_commit,
            in_force=index == len(versions) - 1 and document.status != "retired",
            pdf_url=relative_url(pdf, here) if pdf else None,
            diff_url=diff,
            diff_label=labels["history"]["diff_label"].replace("{old}", previous.version).replace("{new}", version.version)
            if diff else None,
        ))
    rows.reverse()
    change = LastChange(format_date(recorded_date(last_change.timestamp), language), last_change.hash[:7]) \
        if last_change else LastChange(None, None)
    return HistoryView(HISTORY_ANCHOR, document.is_governing, rows, change)


def markdown_literal(text: str) -> str:
    """Text to write into generated Markdown so that it renders as itself, never as markup: every ASCII
    punctuation character becomes a numeric character reference (an old version's title is untrusted input)."""
    return "".join(f"&#{ord(char)};" if char in string.punctuation else char for char in text)


def diff_title(page: DiffPage, labels: dict) -> str:
    return (labels["diff"]["title"].replace("{title}", page.new.documents[page.language].title)
            .replace("{old}", page.old.version).replace("{new}", page.new.version))


@dataclass(frozen=True)
class DiffView:
    intro: str
    counts: str
    comparison: Comparison
    old_decided: str
    new_decided: str
    document_url: str
    back: str
    alternate_url: str  # the same comparison in the other language, or else that language's document
    alternate_language: str
    internal: dict | None = None  # the handling notice when the document is internal (site.internal_notice)


def diff_view(page: DiffPage, comparison: Comparison, current_title: str, roles: dict[str, Role],
              labels: dict) -> DiffView:
    language = page.language
    text = labels["diff"]
    title = page.new.documents[language].title

    def fill(template: str) -> str:
        return template.replace("{title}", title).replace("{old}", page.old.version).replace("{new}", page.new.version)

    def decision_line(version: ApprovedVersion) -> str:
        facts = decided(version, roles, language)
        return (text["decided"].replace("{version}", version.version).replace("{body}", facts.body or labels["not_recorded"])
                .replace("{date}", facts.date or labels["not_recorded"]))

    counts = text["counts"]
    for change in ("changed", "inserted", "deleted", "equal"):
        counts = counts.replace("{" + change + "}", str(comparison.count(change)))
    here = page_url(language, page.path)
    other = next(lang for lang in LANGUAGES if lang != language)
    document_url = relative_url(page_url(language, page.new.documents[language].path), here)
    return DiffView(
        intro=fill(text["intro"]),
        counts=counts,
        comparison=comparison,
        old_decided=decision_line(page.old),
        new_decided=decision_line(page.new),
        document_url=f"{document_url}#{HISTORY_ANCHOR}",
        back=text["back"].replace("{title}", current_title),
        alternate_url=relative_url(page_url(other, page.path if other in page.old.texts and other in page.new.texts
                                            else page.new.documents[language].path), here),
        alternate_language=other,
    )


@dataclass(frozen=True)
class ChangeEntry:
    id: str
    title: str
    version: str
    type: str
    type_label: str
    change_type: str
    summary: str | None
    decided: Decided
    recorded: str  # localised date
    recorded_iso: str  # RFC 3339, for feeds
    url: str  # site-root relative: the document's page (its history is at HISTORY_ANCHOR)
    uuid: str


def change_entries(history: History, current: dict[str, Document], roles: dict[str, Role], labels: dict,
                   language: str) -> list[ChangeEntry]:
    """Every approved version in the language's view, newest first (the order Git recorded them)."""
    entries = []
    for version in history.all_newest_first():
        document = current.get(version.id)
        then = version.documents.get(language)
        if document is None:  # a document no longer in the framework keeps its history in Git only
            continue
        entries.append(ChangeEntry(
            id=version.id,
            title=then.title if then else document.title,
            version=version.version,
            type=version.decision.type,
            type_label=labels["values"]["type"][version.decision.type],
            change_type=labels["history"]["change_types"][version.change_type],
            summary=then.change_summary if then else None,
            decided=decided(version, roles, language),
            recorded=format_date(recorded_date(version.recorded), language),
            recorded_iso=iso_time(version.recorded),
            url=page_url(language, document.path),
            uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"policysite:{version.tag}:{language}")),
        ))
    return entries
