"""What goes into each PDF: per-document and handbook print views, rendered from overrides/pdf/ templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from ..acknowledgement import code_for
from ..audiences import ACKNOWLEDGEMENT_FORM, CODES_FIRST, code_text
from ..checks import today
from ..data import localise
from ..model import DOCUMENT_TYPES, Document, PartialDate
from ..present import Row, format_date, metadata_rows
from ..text import fill
from ..urls import HOME_PAGE, document_pdf, handbook_pdf, page_url
from ..views import internal_notice
from .content import print_body
from .jobs import RenderJob


@dataclass(frozen=True)
class Chapter:
    """One document as the PDFs show it."""

    id: str
    title: str
    description: str | None
    type_label: str
    status: str
    banner: dict | None
    internal: dict | None  # the "not for distribution" notice of an internal document (views.internal_notice)
    rows: list[Row]
    translation_of: str | None
    running: str  # running header: title · id · version, and the internal mark when it is internal
    url: str  # absolute, what its links are resolved against
    online: str | None  # where the current version lives, when the site's public address is known
    anchor: str  # id of the chapter inside the handbook
    body: Markup


@dataclass(frozen=True)
class FormRow:
    """One document on the acknowledgement form: its version and its code, or why it has none."""

    id: str
    title: str
    version: str
    code: str
    has_code: bool


@dataclass(frozen=True)
class PrintView:
    language: str
    title: str
    author: str
    description: str
    keywords: tuple[str, ...]
    organisation: str
    footer: tuple[str, str, str]  # text before the page number, between the numbers, after
    watermark: str | None
    notice: str | None  # on the cover, e.g. that this version has been superseded
    internal: str | None  # on the handbook's cover when any chapter is internal
    body_class: str
    url: str
    online: str | None  # where the current version lives (on the cover), when the public address is known
    compiled: str  # "Sammanställd 30 november 2026", on the cover
    chapters: tuple[Chapter, ...]
    form: tuple[FormRow, ...] | None = None  # the acknowledgement form ending a bundle (audiences.ACKNOWLEDGEMENT_FORM)


@dataclass(frozen=True)
class Exporter:
    """Makes render jobs for one language build."""

    labels: dict  # both languages, as in data/labels.yml
    roles: dict
    organisation: str
    site_url: str  # what links and images are resolved against (the loopback address under `make serve`)
    templates: Path  # the overrides folder (print.css and fonts under pdf/)
    resources: dict[str, str] = field(default_factory=dict)  # absolute URL -> local file
    # (id, version) -> acknowledgement code (from Git, policysite.history.acknowledgements)
    acknowledgements: dict[tuple[str, str], str] = field(default_factory=dict)
    # The site's public address (policysite.urls.public_base_url): PDFs name it and link to it; when it is None,
    # they name no address and links to the site's pages are plain text.
    public_url: str | None = None
    compiled: dt.date = field(default_factory=today)  # the build's date (SOURCE_DATE_EPOCH when set)
    # What renders overrides/pdf/: the theme's environment of this language build (policysite.templates).
    env: Environment = field(kw_only=True)

    @property
    def assets(self) -> Path:
        return self.templates / "pdf"

    def document_job(self, document: Document, content: str) -> RenderJob:
        return self._document_job(f"docs/{document.language}/{document.path}", document, content,
                                  document_pdf(document))

    def archived_job(self, source: str, document: Document, content: str, superseded_by: str | None,
                     target: str) -> RenderJob:
        """An approved version rendered from its own text (`source` names it), marked once it is superseded."""
        if superseded_by is None:
            return self._document_job(source, document, content, target)
        archived = localise(self.labels, document.language)["history"]["archived"]
        return self._document_job(source, document, content, target, archived["watermark"],
                                  fill(archived["notice"], version=superseded_by))

    def _document_job(self, name: str, document: Document, content: str, target: str, watermark: str | None = None,
                      notice: str | None = None) -> RenderJob:
        labels = localise(self.labels, document.language)
        chapter = self._chapter(document, content, labels)
        if watermark is None and document.status == "draft":
            watermark = labels["pdf"]["watermark"]
        view = PrintView(
            language=document.language,
            title=fill(labels["print"]["document_title"], title=document.title, id=document.id,
                       version=document.version),
            author=self.roles[document.owner].name[document.language],
            description=document.description or "",
            keywords=(document.id, labels["values"]["type"][document.type]),
            organisation=self.organisation,
            footer=self._footer(labels, document.classification),
            watermark=watermark,
            notice=notice,
            internal=None,  # the cover shows the chapter's own notice (pdf/document.html)
            body_class=f"status-{document.status}",
            url=chapter.url,
            online=chapter.online,
            compiled=self._compiled(labels, document.language),
            chapters=(chapter,),
        )
        return self._job(name, "pdf/document.html", view, labels, target)

    def handbook_job(self, language: str, pages: list[tuple[Document, str]]) -> RenderJob:
        """`pages` in navigation order; only documents that apply are included."""
        labels = localise(self.labels, language)
        included = [(document, content) for document, content in pages if document.in_handbook]
        anchors = {self._url(document): chapter_anchor(document) for document, _ in included}
        chapters = tuple(self._chapter(document, content, labels, anchors) for document, content in included)
        home = page_url(language, HOME_PAGE)
        internal = any(chapter.internal for chapter in chapters)
        view = PrintView(
            language=language,
            title=labels["pdf"]["handbook_title"],
            author=self.organisation,
            description=handbook_subtitle([document for document, _ in included], labels),
            keywords=tuple(chapter.id for chapter in chapters),
            organisation=self.organisation,
            footer=self._footer(labels, "internal" if internal else "public"),
            watermark=None,
            notice=None,
            internal=labels["internal"]["handbook"] if internal else None,
            body_class="handbook",
            url=self.site_url + home,
            online=self._online(home),
            compiled=self._compiled(labels, language),
            chapters=chapters,
        )
        target = handbook_pdf(language, self.labels)
        return self._job(target, "pdf/handbook.html", view, labels, target)

    def bundle_job(self, audience: str, entry: Document, pages: list[tuple[Document, str]], target: str) -> RenderJob:
        """What applies to one audience (policysite.audiences): `pages` in the entry page's order, under its title."""
        language = entry.language
        labels = localise(self.labels, language)
        anchors = {self._url(document): chapter_anchor(document) for document, _ in pages}
        chapters = tuple(self._chapter(document, content, labels, anchors) for document, content in pages)
        text = labels["audiences"]
        audience_label = labels["values"]["audience"][audience]
        internal = any(chapter.internal for chapter in chapters)
        form = None
        if audience in ACKNOWLEDGEMENT_FORM:
            form = tuple(form_row(document, code_for(self.acknowledgements, document), labels)
                         for document, _ in pages)
        view = PrintView(
            language=language,
            title=entry.title,
            author=self.organisation,
            description=fill(text["bundle_subtitle"], audience=audience_label.lower()),
            keywords=tuple(chapter.id for chapter in chapters),
            organisation=self.organisation,
            footer=self._footer(labels, "internal" if internal else "public"),
            watermark=None,
            # Contractors are the audience asked for proof of what they read (audiences.CODES_FIRST).
            notice=text["codes_record"] if audience in CODES_FIRST else None,
            internal=text["internal"] if internal else None,
            body_class=f"bundle bundle--{audience}",
            url=self._url(entry),
            online=self._online(page_url(language, entry.path)),
            compiled=self._compiled(labels, language),
            chapters=chapters,
            form=form,
        )
        return self._job(target, "pdf/bundle.html", view, labels, target)

    def _chapter(self, document: Document, content: str, labels: dict, anchors: dict[str, str] | None = None) -> Chapter:
        url = self._url(document)
        anchor = chapter_anchor(document)
        translation_of = None
        if document.is_translation:
            translation_of = fill(labels["metadata"]["translation_of"], version=document.translation_of_version)
        internal = internal_notice(document, labels)
        return Chapter(
            id=document.id,
            title=document.title,
            description=document.description,
            type_label=labels["values"]["type"][document.type],
            status=document.status,
            banner=labels["banner"].get(document.status),
            internal=internal,
            rows=metadata_rows(document, self.roles, labels, code_for(self.acknowledgements, document)),
            translation_of=translation_of,
            running=fill(labels["print"]["running_internal" if internal else "running"], title=document.title,
                         id=document.id, version=document.version),
            url=url,
            online=self._online(page_url(document.language, document.path)),
            anchor=anchor,
            body=Markup(print_body(content, url, chapters=anchors, anchor=anchor,
                                   unlink=None if self.public_url else self.site_url)),
        )

    def _url(self, document: Document) -> str:
        return self.site_url + page_url(document.language, document.path)

    def _online(self, path: str) -> str | None:
        """The public address of a page (site-root-relative `path`), or None while the site's address is unknown."""
        return self.public_url + path if self.public_url else None

    def _footer(self, labels: dict, classification: str) -> tuple[str, str, str]:
        """'Region Blekinge · Öppen · Sida ', ' av ', '': the organisation and the classification before the counter."""
        before, middle, after = footer_parts(labels["pdf"]["page_footer"])
        lead = [self.organisation, labels["values"]["classification"][classification]]
        return " · ".join([part for part in lead if part] + [before]), middle, after

    def _compiled(self, labels: dict, language: str) -> str:
        date = PartialDate(self.compiled.year, self.compiled.month, self.compiled.day)
        return fill(labels["print"]["compiled"], date=format_date(date, language))

    def _job(self, name: str, template: str, view: PrintView, labels: dict, target: str) -> RenderJob:
        html = self.env.get_template(template).render(pdf=view, labels=labels)
        used = tuple((url, path) for url, path in self.resources.items() if url in html)
        return RenderJob(name=name, html=html, page_url=view.url, target=target, assets=self.assets, resources=used)


def handbook_subtitle(documents: list[Document], labels: dict) -> str:
    """What the handbook holds, by type in the order of DOCUMENT_TYPES: 'Fastställd policy i …' (one document),
    'Fastställda policyer och riktlinjer i …'; `labels` in one language."""
    text = labels["print"]
    if not documents:
        return text["handbook_empty"]
    counts = {kind: sum(d.type == kind for d in documents) for kind in DOCUMENT_TYPES}
    names = [text["one" if count == 1 else "many"][kind] for kind, count in counts.items() if count]
    contents = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {text['and']} {names[-1]}"
    template = text["handbook_one" if len(documents) == 1 else "handbook_many"]
    return fill(template, contents=contents)


def form_row(document: Document, code: str | None, labels: dict) -> FormRow:
    return FormRow(document.id, document.title, document.version, code_text(document, code, labels), bool(code))


def chapter_anchor(document: Document) -> str:
    """The id of a document's chapter in the handbook; links between chapters point to it."""
    return f"doc-{document.id}"


def footer_parts(text: str) -> tuple[str, str, str]:
    """'Sida {page} av {pages}' -> ('Sida ', ' av ', ''): the words around the two page counters."""
    before, found_page, rest = text.partition("{page}")
    middle, found_pages, after = rest.partition("{pages}")
    if not (found_page and found_pages):
        raise ValueError(f"the page footer {text!r} needs both {{page}} and {{pages}}")
    return before, middle, after
