"""What a PDF render is asked to do and how it fails: plain data, importable without WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
