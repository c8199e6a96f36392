"""One PDF from print HTML with WeasyPrint: archival (PDF/A-2a), tagged, no network, warnings are errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

PDF_VARIANT = "pdf/a-2a"  # tagged; see notes/decisions/0001-pdf-exports.md


@dataclass(frozen=True)
class RenderJob:
    """Everything one render needs; plain data, so it can be sent to a worker process."""

    name: str  # what an error names, e.g. "docs/sv/sakerhetspolicy.md"
    html: str
    page_url: str  # the absolute site URL the HTML's links were resolved against
    target: str  # path of the PDF inside the site directory
    assets: Path  # overrides/pdf: print.css and fonts
    resources: tuple[tuple[str, str], ...] = ()  # (site URL, local file) of images the pages use


class RenderError(Exception):
    def __init__(self, name: str, problems: list[str], line: int = 1):
        super().__init__(name, problems, line)  # all in args, so the error survives the trip from a worker
        self.name = name
        self.problems = problems
        self.line = line

    def __str__(self) -> str:
        return (f"{self.name}:{self.line}: the PDF cannot be rendered: {'; '.join(self.problems)} — "
                "use only the site's own files (no other hosts) and markup that renders without warnings")


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
