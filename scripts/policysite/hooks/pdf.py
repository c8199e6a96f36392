"""MkDocs hook: render each language's PDFs once its pages are converted, before the pages are written.

MkDocs converts every page before `on_env` and writes pages after it, so the
pages can link to PDFs whose size is already known.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from policysite import session
from policysite.findings import FindingsError, display_path
from policysite.history.publish import archive_inputs
from policysite.pdf.publish import (download_views, export_language, pdf_settings, print_asset_files,
                                    site_resources)
from policysite.pdf.stage import PdfCacheError, PdfStageError, check_cache
from policysite.urls import page_location

log = get_plugin_logger("policysite.pdf")


def on_pre_build(config):
    # An unusable cache is found before any page is converted, not after the whole build's work.
    settings = pdf_settings(config)
    if settings.enabled:
        try:
            check_cache(settings.cache_dir, display_path(settings.cache_dir, Path(config.config_file_path).parent))
        except PdfCacheError as exc:
            raise PluginError(str(exc)) from None


def on_files(files, config):
    for file in print_asset_files(files, Path(config.theme.custom_dir or "")):
        files.remove(file)  # read by the renderer, not published
    return files


def on_nav(nav, config, files):
    session.current().language(config.theme["language"]).nav_order = [page.file.src_uri for page in nav.pages]
    return nav


def on_env(env, config, files):
    language = config.theme["language"]
    build = session.current().language(language)
    build.downloads = {}
    build.pdf_targets = set()
    settings = pdf_settings(config)
    if not settings.enabled:
        return env
    project = session.current().project
    pages = {page_location(f.src_uri): f.page.content for f in files.documentation_pages()}
    try:
        archived = archive_inputs(project.history, project, language)
        report = export_language(project, language, pages, build.nav_order, settings,
                                 site_resources(files, config.site_url), Path(config.site_dir), archived, env=env)
    except PdfStageError as exc:
        raise PluginError(f"{len(exc.errors)} PDF(s) could not be rendered:\n{exc}") from None
    except PdfCacheError as exc:
        raise PluginError(str(exc)) from None
    except FindingsError as exc:
        raise PluginError(str(exc)) from None
    build.pdf_targets = set(report.sizes)
    for target in report.corrupt:
        log.info(f"PDF cache: the cached {target} did not match its recorded SHA-256 (truncated or changed), "
                 "so it was rendered again")
    log.info(f"PDF ({language}): {len(report.rendered)} rendered, {len(report.cached)} from cache, "
             f"{report.seconds:.1f} s")
    build.downloads = download_views(project, language, report)
    return env


def on_page_context(context, page, config, nav):
    language, path = page_location(page.file.src_uri)
    context["pdf_downloads"] = session.current().language(config.theme["language"]).downloads.get((language, path), [])
    return context
