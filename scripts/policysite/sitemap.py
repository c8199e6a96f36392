"""A sitemap per language, so /en/sitemap.xml exists (the theme fetches it)."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

from .urls import SITEMAP

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def filter_sitemap(xml_text: str, url_prefix: str, excluded_prefixes: tuple[str, ...]) -> bytes:
    """Keep the <url> entries under url_prefix and not under any excluded prefix."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.fromstring(xml_text)
    for url in list(root):
        loc = (url.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
        if not loc.startswith(url_prefix) or loc.startswith(excluded_prefixes):
            root.remove(url)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_language_sitemaps(site_dir: Path, site_url: str, languages: tuple[str, ...]) -> None:
    """Write <lang>/sitemap.xml(.gz) from the combined root sitemap for each non-default language."""
    root_sitemap = site_dir / SITEMAP
    if not root_sitemap.exists():
        return
    text = root_sitemap.read_text(encoding="utf-8")
    base = site_url.rstrip("/") + "/"
    for language in languages:
        content = filter_sitemap(text, f"{base}{language}/", ())
        target = site_dir / language / SITEMAP
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        with gzip.GzipFile(target.with_suffix(".xml.gz"), "wb", mtime=0) as handle:
            handle.write(content)
