"""One PDF from print HTML with WeasyPrint: archival (PDF/A-2a), tagged, no network, warnings are errors."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .jobs import PDF_VARIANT, RenderError, RenderJob

def render(job: RenderJob) -> bytes:
    """The PDF bytes, or RenderError naming the document if WeasyPrint reports anything at all."""
    problems = _Problems()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(problems)
    try:
        fetcher = LocalFetcher(job.assets, dict(job.resources))
        fonts = FontConfiguration()  # @font-face rules only take effect through one of these
        stylesheet = CSS(filename=str(job.assets / "print.css"), url_fetcher=fetcher, font_config=fonts)
        pdf = HTML(string=job.html, base_url=job.page_url, url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet],
            font_config=fonts,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
        )
    except (Exception, FatalURLFetchingError) as exc:  # reported against the document the author can fix
        raise RenderError(job.name, [_reason(exc)]) from None
    finally:
        logger.removeHandler(problems)
    if problems.messages:
        raise RenderError(job.name, problems.messages)
    return pdf


def _reason(exc: BaseException) -> str:
    cause = exc.__cause__  # a failed fetch carries our fetcher's reason
    return str(cause) if cause else f"{type(exc).__name__}: {exc}"


class _Problems(logging.Handler):
    """WeasyPrint logs a missing image or bad CSS as a warning and carries on; we stop instead."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class LocalFetcher(URLFetcher):
    """Resolves only the print assets and the site's own files; anything else stops the render."""

    def __init__(self, assets: Path, resources: dict[str, str]):
        super().__init__(fail_on_errors=True)
        self._assets = assets.resolve()
        self._resources = resources

    def fetch(self, url, headers=None):
        local = self._resources.get(url.split("#")[0])
        if local is None and url.startswith("file:"):
            path = Path(url2pathname(urlparse(url).path)).resolve()
            if self._assets in path.parents:
                local = str(path)
        if local is None:
            raise ValueError(f"{url} is not a file of this site, and PDFs never load anything from the network")
        return super().fetch(Path(local).resolve().as_uri(), headers)
