"""Reading built pages the way a reader (or a crawler) sees them."""

from __future__ import annotations

import json
import re
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

from policysite.urls import HISTORY_FOLDER
from policysite.model import LANGUAGES, SOURCE_LANGUAGE


def language_root(site: Path, language: str) -> Path:
    return site if language == SOURCE_LANGUAGE else site / language


def page_files(site: Path, language: str) -> list[Path]:
    """Every built document page of one language (not the other language's subtree, nor generated comparisons)."""
    root = language_root(site, language)
    others = [site / lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
    return sorted(
        p for p in root.rglob("index.html")
        if (language != SOURCE_LANGUAGE or not any(other in p.parents for other in others))
        and HISTORY_FOLDER not in p.relative_to(root).parts
    )


class Elements(HTMLParser):
    """Collects start tags with their attributes, and text by element id/class of interest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


class TextOf(HTMLParser):
    """Plain text inside the first element matching a predicate on (tag, attrs)."""

    def __init__(self, predicate):
        super().__init__(convert_charrefs=True)
        self.predicate = predicate
        self.depth = 0
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.depth:
            self.depth += 1
        elif self.predicate(tag, dict(attrs)):
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if not self.depth:
                self.done = True

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(html: str, predicate) -> str:
    parser = TextOf(predicate)
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def article_text(html: str) -> str:
    return text_of(html, lambda tag, attrs: tag == "article")


class MetadataPanel(HTMLParser):
    """The metadata panel's items: data-field -> (label, value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: dict[str, list[str]] = {}
        self.field: str | None = None
        self.part: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "data-field" in attrs:
            self.field = attrs["data-field"]
            self.items[self.field] = ["", ""]
        elif self.field and tag in ("dt", "dd"):
            self.part = tag

    def handle_endtag(self, tag):
        if tag in ("dt", "dd"):
            self.part = None
            if tag == "dd":
                self.field = None

    def handle_data(self, data):
        if self.field and self.part:
            index = 0 if self.part == "dt" else 1
            self.items[self.field][index] += data


def metadata(html: str) -> dict[str, tuple[str, str]]:
    parser = MetadataPanel()
    parser.feed(html)
    return {key: tuple(" ".join(v.split()) for v in value) for key, value in parser.items.items()}


def search_index(site: Path, language: str) -> dict:
    return json.loads((language_root(site, language) / "search" / "search_index.json").read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    """Change one occurrence of old in a real page; fail loudly if the page no longer has it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def article_texts(site: Path, page: str) -> dict[str, str]:
    """The article text of one built page in every language."""
    return {language: article_text((language_root(site, language) / page / "index.html").read_text(encoding="utf-8"))
            for language in LANGUAGES}


# --- PDFs, read with poppler-utils (Debian's poppler-utils, installed by `make test`) ---------

def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext's reading-order text of a PDF, or of pages first..last."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], check=True, capture_output=True, text=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in output.splitlines())}


def pdf_xmp(path: Path) -> str:
    return subprocess.run(["pdfinfo", "-meta", str(path)], check=True, capture_output=True, text=True).stdout


def pdf_fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) for every font the PDF uses."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines]


def pdf_objects(path: Path) -> bytes:
    """The PDF's bytes with every Flate stream inflated, to find catalog entries and link targets."""
    data = path.read_bytes()
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            inflated.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def normalise_space(text: str) -> str:
    return " ".join(text.split())
