"""The built pages of a generated corpus's documents, and what one of them weighs."""

from __future__ import annotations

import statistics
from pathlib import Path


def document_pages(site: Path, corpus: Path) -> list[Path]:
    """The built HTML page of every generated document (not the start page), Swedish and English."""
    sources = sorted(p.relative_to(corpus / "docs" / "sv") for p in (corpus / "docs" / "sv").rglob("*.md"))
    built = [source.with_suffix("") / "index.html" for source in sources if source != Path("index.md")]
    return [root / page for page in built for root in (site, site / "en")]


def median_page_bytes(pages: list[Path]) -> float:
    """Median size in bytes of the pages; a missing page is an error, not a smaller median."""
    if not pages:
        raise ValueError("no document pages to measure")
    return statistics.median(page.stat().st_size for page in pages)
