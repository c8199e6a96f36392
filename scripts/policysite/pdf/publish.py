"""The PDF stage inside a site build: settings, which pages to export, and the download links pages show."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment

from ..audiences import bundles
from ..model import Document
from ..present import format_size
from ..project import Project
from ..text import fill
from ..theme_files import theme_files_under
from ..urls import HOME_PAGE, bundle_pdf, document_pdf, handbook_pdf, page_url, public_base_url, relative_url
from .export import Exporter
from .jobs import RenderError
from .stage import PdfStageError, StageReport, run_stage

PRINT_ASSETS = "pdf/"  # under the theme's custom_dir (overrides/)


@dataclass(frozen=True)
class PdfSettings:
    enabled: bool
    cache_dir: Path
    workers: int
    templates: Path  # overrides/
    organisation: str
    site_url: str
    public_url: str | None  # the site's public address (policysite.urls.public_base_url); None under `make serve`
    report_file: Path | None  # JSON lines for benchmarks and tests


def pdf_settings(config) -> PdfSettings:
    """From mkdocs.yml `extra.pdf` (see the comments there) and the environment."""
    options = config.extra.get("pdf") or {}
    root = Path(config.config_file_path).parent
    report = os.environ.get("POLICYSITE_PDF_REPORT")
    return PdfSettings(
        enabled=bool(options.get("enabled")),
        cache_dir=root / str(options.get("cache") or ".cache/pdf"),
        workers=int(os.environ.get("POLICYSITE_PDF_WORKERS") or os.cpu_count() or 1),
        templates=Path(config.theme.custom_dir),
        organisation=config.site_author or "",
        site_url=(config.site_url or "").rstrip("/") + "/",
        public_url=public_base_url(config.site_url),
        report_file=Path(report) if report else None,
    )


def print_asset_files(files, custom_dir: Path) -> list:
    """Theme files under overrides/pdf/ (print CSS, fonts): the renderer reads them; the site does not."""
    return theme_files_under(files, custom_dir, PRINT_ASSETS)


def site_resources(files, site_url: str) -> dict[str, str]:
    """Absolute URL -> local file of everything the build publishes besides pages (images, for instance)."""
    base = (site_url or "").rstrip("/") + "/"
    return {base + f.url: f.abs_src_path for f in files if not f.is_documentation_page() and f.abs_src_path}


@dataclass(frozen=True)
class ArchivedVersion:
    """An earlier approved version to keep as a PDF: its document and HTML as they were at its approval commit."""

    source: str  # '<tag>:docs/<language>/<path>', for error messages
    document: Document
    content: str
    superseded_by: str | None  # None while it is still the version in force (the text now is a draft)
    target: str


def export_language(project: Project, language: str, contents: dict[tuple[str, str], str], nav_order: list[str],
                    settings: PdfSettings, resources: dict[str, str], site_dir: Path,
                    archived: list[ArchivedVersion] = (), *, env: Environment) -> StageReport:
    """Render (or take from the cache) this language's document PDFs, its handbook and its archived versions.

    `env` renders overrides/pdf/: the theme's environment of this language build (policysite.templates).
    """
    exporter = Exporter(project.labels, project.roles, settings.organisation, settings.site_url, settings.templates,
                        resources, project.acknowledgements, settings.public_url, env=env)
    order = {src_uri: index for index, src_uri in enumerate(nav_order)}
    documents = sorted((d for d in project.corpus.in_language(language) if d.is_exported),
                       key=lambda d: order.get(f"{language}/{d.path}", len(order)))
    pages = [(d, contents[(language, d.path)]) for d in documents]
    jobs = [exporter.document_job(document, content) for document, content in pages]
    jobs.append(exporter.handbook_job(language, pages))
    members: dict[str, list[str]] = {}  # bundle -> its documents' sources, to say which one a failure comes from
    for audience, entry, included in bundles(project.corpus, language):
        target = bundle_pdf(language, audience, project.labels)
        jobs.append(exporter.bundle_job(audience, entry, [(d, contents[(language, d.path)]) for d in included], target))
        members[target] = [f"docs/{language}/{d.path}" for d in included]
    jobs += [exporter.archived_job(a.source, a.document, a.content, a.superseded_by, a.target) for a in archived]
    try:
        report = run_stage(jobs, site_dir, settings.cache_dir, settings.workers)
    except PdfStageError as exc:
        raise PdfStageError(located_errors(exc.errors, project.root, members)) from None
    if settings.report_file:
        with settings.report_file.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"language": language, **asdict(report)}) + "\n")
    return report


def located_errors(errors: list[RenderError], root: Path, members: dict[str, list[str]] | None = None) -> list[RenderError]:
    """Point each error at the source line that names the failing URL; a handbook or bundle failure that only
    repeats a document's failure is left out. A bundle's own failure (`members`: bundle -> its documents'
    sources) is put on the document whose text names the URL; pages without a PDF of their own fail only there."""
    documents = [e for e in errors if e.name.endswith(".md")]
    located = []
    for error in documents or errors:
        name, line = error.name, error.line
        urls = re.findall(r"[a-z]+://[^\s,;']+", " ".join(error.problems))
        # A file of the site is named by its absolute URL; the source names it relative to the page.
        urls += [unquote(url.rstrip("/").rsplit("/", 1)[-1]) for url in urls]
        for candidate in [error.name, *(members or {}).get(error.name, [])]:
            source = root / candidate
            if not source.is_file():
                continue
            lines = source.read_text(encoding="utf-8").splitlines()
            found = next((number for number, text in enumerate(lines, 1) if any(url in text for url in urls)), None)
            if found or candidate == error.name:
                name, line = candidate, found or line
                break
        if not any((e.name, e.line, e.problems) == (name, line, error.problems) for e in located):
            located.append(RenderError(name, error.problems, line))  # once, though several bundles hold the page
    return located


@dataclass(frozen=True)
class Download:
    url: str  # relative to the page that links it
    label: str
    detail: str  # "PDF, 84 kB, på svenska"
    language: str
    kind: str  # "document", "handbook" or "bundle"


def download_views(project: Project, language: str, report: StageReport) -> dict[tuple[str, str], list[Download]]:
    """(language, path) -> the PDF downloads that page offers: its own PDF; the start page also the handbook,
    and each audience's entry page its bundle."""
    labels = project.labels_for(language)

    def download(target: str, here: str, label: str, kind: str) -> Download:
        detail = fill(labels["pdf"]["download_detail"], size=format_size(report.sizes[target], language))
        return Download(relative_url(target, here), label, detail, language, kind)

    views: dict[tuple[str, str], list[Download]] = {}
    for document in project.corpus.in_language(language):
        here = page_url(language, document.path)
        if document.is_exported and document_pdf(document) in report.sizes:
            views.setdefault((language, document.path), []).append(
                download(document_pdf(document), here, labels["pdf"]["download"], "document"))
    handbook = handbook_pdf(language, project.labels)
    if handbook in report.sizes:
        views.setdefault((language, HOME_PAGE), []).append(
            download(handbook, page_url(language, HOME_PAGE), labels["pdf"]["handbook_download"], "handbook"))
    for audience, entry, _ in bundles(project.corpus, language):
        target = bundle_pdf(language, audience, project.labels)
        if target in report.sizes:
            views.setdefault((language, entry.path), []).append(
                download(target, page_url(language, entry.path), labels["audiences"]["bundle_download"], "bundle"))
    return views

