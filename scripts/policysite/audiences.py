"""Audiences: what applies to employees, to contractors and to governance, from each document's `audience`.

Each audience has an entry page whose list is generated (the content marker `<!-- md:audience-<audience> -->`)
and, when PDFs are built, a bundle of its approved documents in each language. Both come from the corpus
the build holds, so an edition that leaves documents out lists and bundles only what it publishes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .acknowledgement import code_for
from .corpus import Corpus
from .data import localise
from .model import AUDIENCES, DOCUMENT_TYPES, Document
from .urls import (ACCESSIBILITY_STATEMENT, AUDIENCE_PAGES, CHANGE_LOG_PAGE, HOME_PAGE, REGISTER_PAGE, bundle_pdf,
                   page_url, relative_url)

MARKER_PREFIX = "audience-"  # <!-- md:audience-contractors -->
# The link to the audience's PDF, inline so that it can stand in a step of a list: <!-- md:audience-pdf-contractors -->
PDF_MARKER_PREFIX = "audience-pdf-"
# The site's own pages are for every reader but say nothing that applies to them: the start page, the
# entry pages, the register, the change log (its content changes with every approval, so a code recorded
# for it would prove nothing) and the accessibility statement.
SITE_PAGES = frozenset({HOME_PAGE, CHANGE_LOG_PAGE, REGISTER_PAGE, ACCESSIBILITY_STATEMENT, *AUDIENCE_PAGES.values()})
# Contractors are asked for proof of what they read, so their page puts the codes first, ready to copy.
CODES_FIRST = frozenset({"contractors"})
# ...and their PDF ends with a page to sign, listing what it holds with each version's code (pdf/acknowledgement.html).
ACKNOWLEDGEMENT_FORM = frozenset({"contractors"})


def applies(document: Document, audience: str) -> bool:
    """Listed for the audience: its `audience` names it, it is not retired, and it is not one of the site's pages."""
    return audience in document.audience and document.status != "retired" and document.path not in SITE_PAGES


def audience_documents(corpus: Corpus, language: str, audience: str) -> list[Document]:
    """What the entry page lists, grouped by type (policies first) and by id within a type."""
    return sorted((d for d in corpus.in_language(language) if applies(d, audience)),
                  key=lambda d: (DOCUMENT_TYPES.index(d.type), d.id))


def bundle_documents(corpus: Corpus, language: str, audience: str) -> list[Document]:
    """What the audience's PDF holds: the listed documents that apply now (drafts do not yet)."""
    return [d for d in audience_documents(corpus, language, audience) if d.status == "approved"]


def bundles(corpus: Corpus, language: str) -> list[tuple[str, Document, list[Document]]]:
    """(audience, entry page, documents) for every audience whose entry page this build has."""
    found = []
    for audience in AUDIENCES:
        entry = corpus.get(language, AUDIENCE_PAGES[audience])
        if entry is not None:
            found.append((audience, entry, bundle_documents(corpus, language, audience)))
    return found


def code_text(document: Document, code: str | None, labels: dict) -> str:
    """What a code column says (entry pages, the bundle's form): the code, or why there is none."""
    if code:
        return code
    if document.status == "approved":
        return labels["history"]["not_committed"]
    if document.status == "published":
        return labels["audiences"]["no_code_information"]
    return labels["audiences"]["no_code"]


@dataclass(frozen=True)
class ListedDocument:
    id: str
    title: str
    url: str  # relative to the page that lists it
    version: str
    status: str
    status_label: str
    code: str | None  # the acknowledgement code, when the version has one
    code_text: str  # what the code column says: the code, or why there is none


@dataclass(frozen=True)
class DocumentGroup:
    type: str
    label: str
    documents: tuple[ListedDocument, ...]


@dataclass(frozen=True)
class AudienceView:
    audience: str
    audience_label: str
    groups: tuple[DocumentGroup, ...]
    codes: tuple[ListedDocument, ...]  # the listed documents that have a code, in list order
    codes_first: bool
    drafts: bool  # some listed document is a draft (it has no code and is not in the PDF)


def audience_view(corpus: Corpus, labels: dict, codes: dict[tuple[str, str], str], language: str, path: str,
                  audience: str) -> AudienceView:
    """The list on the page at `path` for one audience; `labels` in the page's language."""
    here = page_url(language, path)
    text = labels["audiences"]
    listed = []
    for document in audience_documents(corpus, language, audience):
        code = code_for(codes, document)
        listed.append((document.type, ListedDocument(
            document.id, document.title, relative_url(page_url(language, document.path), here), document.version,
            document.status, labels["values"]["status"][document.status], code, code_text(document, code, labels))))
    groups = tuple(DocumentGroup(kind, text["groups"][kind], tuple(item for t, item in listed if t == kind))
                   for kind in DOCUMENT_TYPES if any(t == kind for t, _ in listed))
    return AudienceView(
        audience=audience,
        audience_label=labels["values"]["audience"][audience],
        groups=groups,
        codes=tuple(item for _, item in listed if item.code),
        codes_first=audience in CODES_FIRST,
        drafts=any(item.status == "draft" for _, item in listed),
    )


def marker_renderers(corpus: Corpus, labels: dict, codes: dict[tuple[str, str], str], language: str, path: str,
                     render) -> dict:
    """One content marker per audience, each rendered by partials/markers/audience.html."""
    renderers = {f"{MARKER_PREFIX}{audience}": (lambda audience=audience: render(
        "audience", view=audience_view(corpus, labels, codes, language, path, audience)))
        for audience in AUDIENCES}
    renderers.update({f"{PDF_MARKER_PREFIX}{audience}": (lambda audience=audience: render(
        "audience-pdf", url=relative_url(bundle_pdf(language, audience, labels), page_url(language, path))))
        for audience in AUDIENCES})
    return renderers
