"""Localised views of the history for templates: per-document tables, diff pages, the change log and feeds."""

from __future__ import annotations

import datetime as dt
import re
import string
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..data import Role
from ..model import LANGUAGES, Document, PartialDate
from ..present import format_date
from ..text import fill
from ..urls import (HISTORY_FOLDER, archived_pdf, archived_pdf_name, diff_path, history_folder, page_url,
                    relative_url)
from .diff import BlockChange, Comparison
from .git import Commit
from .record import WITHDRAWN, ApprovedVersion, Correction, History

# Commit times are shown as the region's calendar date, whatever the build machine's zone.
REGION_TIME_ZONE = ZoneInfo("Europe/Stockholm")
HISTORY_ANCHOR = "andringshistorik"


def archived_pdf_source(version: ApprovedVersion, language: str) -> str:
    """Where a page links an earlier version's PDF, relative to its language folder: 'historik/sak-pol-001/…pdf'."""
    return history_folder(version.id) + archived_pdf_name(version.id, version.version, language)


_ARCHIVED_PDF_SOURCE = re.compile(rf"{HISTORY_FOLDER}/(?P<folder>[^/]+)/(?P<id>[^/]+)-v(?P<version>[0-9]+\.[0-9]+)"
                                  r"-(?P<language>[a-z]+)\.pdf")


def archived_pdf_target(path: str) -> tuple[str, str, str] | None:
    """(document id, version, language) of a language-folder path written as archived_pdf_source writes it, else None."""
    match = _ARCHIVED_PDF_SOURCE.fullmatch(path)
    if match is None or match["folder"] != match["id"].lower():
        return None
    return match["id"], match["version"], match["language"]


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
class Note:
    """A correction of the record, as a reader sees it: what happened, when, and why (in `language`)."""

    text: str
    reason: str
    language: str  # of the reason: the Swedish one when the trailer gives no English


def correction_note(correction: Correction, roles: dict[str, Role], labels: dict, language: str) -> Note:
    reason, reason_language = correction.reason(language)
    template = labels["history"]["withdrawn_note" if correction.kind == WITHDRAWN else "corrected_note"]
    body = correction.original.body if correction.original else ""
    name = roles[body].name[language] if body in roles else body
    if language == "sv":  # a body's name is a common noun in running Swedish text: "av landstingsfullmäktige"
        name = name[:1].lower() + name[1:]
    values = {"date": format_date(recorded_date(correction.recorded), language)}
    if correction.kind == WITHDRAWN:
        values["body"] = name
    return Note(fill(template, **values), reason, reason_language)


@dataclass(frozen=True)
class VersionRow:
    version: str
    decided: Decided
    change_type: str | None
    summary: str | None
    commit: str
    short_commit: str
    in_force: bool
    pdf_url: str | None
    diff_url: str | None
    diff_label: str | None
    recorded: str | None = None  # when the decision was recorded here (secondary to the decision date)
    withdrawn: bool = False
    notes: tuple[Note, ...] = ()


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
            in_force=index == len(versions) - 1 and is_current(version, document),
            pdf_url=relative_url(pdf, here) if pdf else None,
            diff_url=diff,
            diff_label=fill(labels["history"]["diff_label"], old=previous.version, new=version.version)
            if diff else None,
            recorded=format_date(recorded_date(version.recorded), language),
            notes=tuple(correction_note(c, roles, labels, language) for c in version.corrections),
        ))
    for correction in history.withdrawn(document.id):
        rows.append(withdrawn_row(correction, roles, labels, language))
    rows.sort(key=lambda row: _version_number(row.version), reverse=True)
    change = LastChange(format_date(recorded_date(last_change.timestamp), language), last_change.hash[:7]) \
        if last_change else LastChange(None, None)
    return HistoryView(HISTORY_ANCHOR, document.is_governing, rows, change)


def _version_number(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def withdrawn_row(correction: Correction, roles: dict[str, Role], labels: dict, language: str) -> VersionRow:
    """A withdrawn decision keeps its row, marked, with the withdrawal's date and reason: nothing is erased."""
    return VersionRow(
        version=correction.version,
        decided=Decided(None, None, None),
        change_type=None,
        summary=None,
        commit=correction.commit,
        short_commit=correction.short_commit,
        in_force=False,
        pdf_url=None,
        diff_url=None,
        diff_label=None,
        withdrawn=True,
        notes=(correction_note(correction, roles, labels, language),),
    )


def markdown_literal(text: str) -> str:
    """Text to write into generated Markdown so that it renders as itself, never as markup: every ASCII
    punctuation character becomes a numeric character reference (an old version's title is untrusted input)."""
    return "".join(f"&#{ord(char)};" if char in string.punctuation else char for char in text)


def diff_title(page: DiffPage, labels: dict) -> str:
    return fill(labels["diff"]["title"], title=page.new.documents[page.language].title, old=page.old.version,
                new=page.new.version)


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
    internal: dict | None = None  # the handling notice when the document is internal (views.internal_notice)
    runs: tuple[ShownRun, ...] = ()  # the comparison's blocks in runs, for the "only the changes" view
    changes: ChangesView | None = None  # the editors' account of the newer version


@dataclass(frozen=True)
class ShownRun:
    unchanged: bool
    blocks: tuple[BlockChange, ...]
    skipped: str | None  # "3 oförändrade stycken": what the "only the changes" view shows instead of the run


def shown_runs(comparison: Comparison, labels: dict) -> tuple[ShownRun, ...]:
    text = labels["diff"]

    def skipped(count: int) -> str:
        return text["skipped_one"] if count == 1 else fill(text["skipped_many"], count=count)

    return tuple(ShownRun(run.unchanged, run.blocks, skipped(len(run.blocks)) if run.unchanged else None)
                 for run in comparison.runs())


def diff_counts(comparison: Comparison, labels: dict) -> str:
    """The counts sentence: each block is counted once, by what happened to it."""
    counts = {change: comparison.count(change) for change in ("changed", "moved", "inserted", "deleted", "equal")}
    counts["changed_moved"] = comparison.changed_and_moved
    return fill(labels["diff"]["counts"], **counts)


def diff_view(page: DiffPage, comparison: Comparison, current_title: str, roles: dict[str, Role],
              labels: dict, changes: ChangesView | None = None) -> DiffView:
    language = page.language
    text = labels["diff"]

    def decision_line(version: ApprovedVersion) -> str:
        facts = decided(version, roles, language)
        return fill(text["decided"], version=version.version, body=facts.body or labels["not_recorded"],
                    date=facts.date or labels["not_recorded"])

    here = page_url(language, page.path)
    other = next(lang for lang in LANGUAGES if lang != language)
    document_url = relative_url(page_url(language, page.new.documents[language].path), here)
    return DiffView(
        intro=fill(text["intro"], old=page.old.version, new=page.new.version),
        counts=diff_counts(comparison, labels),
        comparison=comparison,
        old_decided=decision_line(page.old),
        new_decided=decision_line(page.new),
        document_url=f"{document_url}#{HISTORY_ANCHOR}",
        back=fill(text["back"], title=current_title),
        alternate_url=relative_url(page_url(other, page.path if other in page.old.texts and other in page.new.texts
                                            else page.new.documents[language].path), here),
        alternate_language=other,
        runs=shown_runs(comparison, labels),
        changes=changes,
    )


@dataclass(frozen=True)
class ChangesView:
    """The editors' account of what a version changed (front matter `changes:`), for partials/history/changes.html
    on the comparison and on the document page (the template writes its heading's id, which the check reserves)."""

    heading: str  # "Vad ändrades i version 2.0 (november 2018)?"
    note: str  # that it is the editors' summary, not decided text
    items: tuple[str, ...]  # plain text, escaped by the template
    comparison_url: str | None = None
    comparison_label: str | None = None


def changes_view(document: Document, version: str, approved: PartialDate | None, labels: dict,
                 comparison_url: str | None = None, old_version: str | None = None) -> ChangesView | None:
    """The box for a version whose document (in the page's language) lists `changes`; None when it lists none.
    The heading names the decision's month and year when they are known (a decision day is left out)."""
    if not document.changes:
        return None
    text = labels["changes"]
    if approved:
        heading = fill(text["heading_dated"], version=version,
                       date=format_date(PartialDate(approved.year, approved.month), document.language))
    else:
        heading = fill(text["heading"], version=version)
    label = (fill(text["comparison"], old=old_version, new=version)
             if comparison_url and old_version else None)
    return ChangesView(heading, text["note"], document.changes, comparison_url if label else None, label)


def document_changes_view(history: History, document: Document, labels: dict) -> ChangesView | None:
    """The editors' account on the page of an approved document: of the version in force, with a link to its
    comparison with the version before when both exist in the page's language."""
    if document.status != "approved":
        return None
    versions = history.of(document.id)
    current = versions[-1] if versions and is_current(versions[-1], document) else None
    previous = versions[-2] if current and len(versions) > 1 else None
    url = None
    if previous and document.language in previous.texts and document.language in current.texts:
        url = relative_url(page_url(document.language, diff_path(previous, current)),
                           page_url(document.language, document.path))
    return changes_view(document, document.version, document.approved, labels, url,
                        previous.version if previous else None)


def diff_changes_view(page: DiffPage, current: Document | None, labels: dict) -> ChangesView | None:
    """The editors' account at the top of a comparison: the current document's when the newer version is the
    one in force, else the one the version itself recorded."""
    document = current if is_current(page.new, current) else page.new.documents[page.language]
    return changes_view(document, page.new.version, page.new.decision.approved, labels)


@dataclass(frozen=True)
class ChangeEntry:
    id: str
    title: str
    version: str
    type: str
    type_label: str
    change_type: str | None  # None for a correction of the record
    summary: str | None
    decided: Decided
    recorded: str  # localised date the record was made here (secondary; the decision date leads)
    updated_iso: str  # RFC 3339, for feeds: the decision date where known, else when it was recorded
    recorded_iso: str  # RFC 3339: when the record was made here (the feed's own <updated> is the newest)
    url: str  # site-root relative: the document's page (its history is at HISTORY_ANCHOR)
    uuid: str
    diff_url: str | None = None  # site-root relative: the comparison with the previous version
    diff_label: str | None = None
    kind: str = "decision"  # "decision", WITHDRAWN or CORRECTED
    note: Note | None = None  # what the correction did, and why


def change_entries(history: History, current: dict[str, Document], roles: dict[str, Role], labels: dict,
                   language: str) -> list[ChangeEntry]:
    """Every decision and every correction of the record in the language's view, newest first: a decision by
    its decision date where known (a decision with no known date sorts just before its document's next
    version), a correction by the date it was recorded."""
    entries: list[tuple[tuple, ChangeEntry]] = []
    for document_id, versions in history.versions.items():
        document = current.get(document_id)
        if document is None:  # a document no longer in the framework keeps its history in Git only
            continue
        later: tuple = (dt.date.max,)
        for index in range(len(versions) - 1, -1, -1):
            version = versions[index]
            previous = versions[index - 1] if index else None
            known = version.decision.approved
            order = (known.first_day, 0) if known else (later[0], -1)
            later = order
            entries.append(((*order, version.recorded), _decision_entry(version, previous, document, roles, labels,
                                                                         language)))
    for correction in history.corrections:
        document = current.get(correction.id)
        if document is None:
            continue
        when = recorded_date(correction.recorded).first_day
        entries.append(((when, 1, correction.recorded), _correction_entry(correction, document, roles, labels,
                                                                           language)))
    entries.sort(key=lambda pair: pair[0], reverse=True)
    return [entry for _, entry in entries]


def decision_time(version: ApprovedVersion) -> str:
    """RFC 3339 for feeds: the decision date (its first day when only the month is known), else the record's time."""
    known = version.decision.approved
    if known is None:
        return iso_time(version.recorded)
    return f"{known.first_day.isoformat()}T00:00:00Z"


def _decision_entry(version: ApprovedVersion, previous: ApprovedVersion | None, document: Document,
                    roles: dict[str, Role], labels: dict, language: str) -> ChangeEntry:
    then = version.documents.get(language)
    compared = previous is not None and language in previous.texts and language in version.texts
    return ChangeEntry(
        id=version.id,
        title=then.title if then else document.title,
        version=version.version,
        type=version.decision.type,
        type_label=labels["values"]["type"][version.decision.type],
        change_type=labels["history"]["change_types"][version.change_type],
        summary=then.change_summary if then else None,
        decided=decided(version, roles, language),
        recorded=format_date(recorded_date(version.recorded), language),
        updated_iso=decision_time(version),
        recorded_iso=iso_time(version.recorded),
        url=page_url(language, document.path),
        uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"policysite:{version.tag}:{language}")),
        diff_url=page_url(language, diff_path(previous, version)) if compared else None,
        diff_label=fill(labels["history"]["diff_label"], old=previous.version, new=version.version)
        if compared else None,
        note=correction_note(version.corrections[-1], roles, labels, language) if version.corrections else None,
    )


def _correction_entry(correction: Correction, document: Document, roles: dict[str, Role], labels: dict,
                      language: str) -> ChangeEntry:
    return ChangeEntry(
        id=correction.id,
        title=document.title,
        version=correction.version,
        type=document.type,
        type_label=labels["values"]["type"][document.type],
        change_type=None,
        summary=None,
        decided=Decided(None, None, None),
        recorded=format_date(recorded_date(correction.recorded), language),
        updated_iso=iso_time(correction.recorded),
        recorded_iso=iso_time(correction.recorded),
        url=page_url(language, document.path),
        uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"policysite:{correction.tag}:{correction.commit}:{language}")),
        kind=correction.kind,
        note=correction_note(correction, roles, labels, language),
    )
