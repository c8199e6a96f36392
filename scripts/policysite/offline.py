"""The offline copy (`make offline`): the built site made to work from the file system, search included, zipped.

The offline build is the normal build with `extra.offline` set (hooks/offline.py). It keeps
directory URLs, so its pages, PDFs and paths are the published site's, and PDFs come from
the same cache as `make site`. Afterwards, every link to a folder is pointed at that
folder's index.html, because a browser shows a folder from disk as a file listing. The
search index is also written as a script each language's pages can load, because
`file://` pages may not fetch anything (the theme loads search/search_index.js there).
A copy on disk has no web server to send headers, so every page carries the site's
Content-Security-Policy in a <meta http-equiv> (without frame-ancestors, which only a header can set).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from .data import load_labels, localise
from .findings import FindingsError
from .history.views import REGION_TIME_ZONE
from .hosting import HOSTING_FILES, content_security_policy, script_hash
from .model import LANGUAGES
from .text import fill
from .urls import NOT_FOUND_PAGE, SEARCH_INDEX, SEARCH_INDEX_SCRIPT, public_base_url

# Browsers refuse to start the search's Web Worker from file://; under file:// the shim runs it
# in an iframe instead (overrides/assets/javascripts/vendor/iframe-worker/README.md).
VENDOR_FOLDER = "assets/javascripts/vendor/"
SHIM = VENDOR_FOLDER + "iframe-worker/shim.js"
# The shim's hidden iframe inherits the page's policy, and the shim writes one inline script into it: its hash is
# allowed too. It is computed from the vendored file, whose exact bytes are pinned here (see its README.md).
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
INDEX_JSON = Path(SEARCH_INDEX)
INDEX_SCRIPT = Path(SEARCH_INDEX_SCRIPT)
# Only a web server shows these (for a missing path); their links are root-absolute and lead nowhere from disk.
SERVER_ONLY_PAGES = (NOT_FOUND_PAGE,)
LINK_ATTRIBUTES = ("href", "src")
README = "README.txt"
README_RULE = "=" * 42  # under each language's title
LABELS_FILE = Path("data") / "labels.yml"
# What the build reads: a change elsewhere in the work tree does not change the copy.
BUILD_INPUTS = ("mkdocs.yml", "docs", "data", "overrides", "scripts")


def enabled(config) -> bool:
    """mkdocs.yml `extra.offline` (POLICYSITE_OFFLINE=1)."""
    return bool(config.extra.get("offline"))


def file_url(url: str, base: Path) -> str:
    """`url`, written in a page in folder `base`, made to name a file: a link to a folder gets its index.html."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    if not (base / unquote(parts.path)).is_dir():
        return url
    folder = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit(parts._replace(path=folder + "index.html"))


# One attribute of a start tag, read left to right so that a quoted value is never read as attributes.
_ATTRIBUTE = re.compile(r"""(?P<lead>[\s/]+(?P<name>[^\s"'>/=]+)\s*=\s*)(?P<value>"[^"]*"|'[^']*'|[^\s"'>]+)"""
                        r"""|[\s/]+[^\s"'>/=]+""")


class _StartTags(HTMLParser):
    """Each start tag with its attributes and where its exact source is, so that only what changes is touched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((self.getpos(), self.get_starttag_text() or "", tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def _feeds_the_sitemap_lookup(tag: str, attrs: dict[str, str]) -> bool:
    # The theme fetches sitemap.xml beside every <link rel="alternate"> (language versions, the Atom
    # feed) to re-route language links; from file:// that fetch is refused with a console error. These
    # links serve crawlers and feed readers, which never read a copy on disk; the page's own language
    # link in the header is an ordinary link and stays.
    return tag == "link" and "alternate" in attrs.get("rel", "").lower().split()


def offline_page(text: str, base: Path) -> str:
    """The page `text` (in folder `base`) for reading from disk.

    Every href and src that names a folder points at its index.html, and the head's
    rel="alternate" links are left out. Nothing else in the page changes.
    """
    parser = _StartTags()
    parser.feed(text)
    parser.close()
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]  # as the parser counts lines

    def attribute(match: re.Match) -> str:
        if not match["value"] or match["name"].lower() not in LINK_ATTRIBUTES:
            return match[0]
        raw = match["value"]
        value = html.unescape(raw[1:-1] if raw[:1] in "\"'" else raw)
        new = file_url(value, base)
        return match[0] if new == value else f'{match["lead"]}"{html.escape(new)}"'

    pieces, done = [], 0
    for (line, column), source, tag, attrs in parser.found:
        start = line_starts[line - 1] + column
        end = start + len(source)
        if text[start:end] != source:
            raise ValueError(f"line {line}: <{tag}> is not where the HTML parser placed it; cannot rewrite it safely")
        if _feeds_the_sitemap_lookup(tag, attrs):
            line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end) + 1 or len(text)
            if not text[line_start:start].strip() and not text[end:line_end].strip():
                start, end = line_start, line_end  # the tag had its line to itself: no blank line left behind
            pieces.append(text[done:start])
        else:
            name_end = 1 + len(tag)  # "<a": the tag's name is never an attribute
            pieces += [text[done:start], source[:name_end], _ATTRIBUTE.sub(attribute, source[name_end:])]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def script_index(index: dict, root: Path) -> str:
    """The search index as the script the theme loads from file:// (it reads `__index`), results linking to files."""
    docs = [{**entry, "location": _page_location(entry["location"], root)} for entry in index["docs"]]
    payload = json.dumps({**index, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
    return f"var __index = {payload};\n"


def _page_location(location: str, root: Path) -> str:
    """A search result's location relative to the language root: '' and '#id' are the start page."""
    if not urlsplit(location).path:
        return "index.html" + location
    return file_url(location, root)


def shim_worker_scripts(shim: str, worker_urls: set[str]) -> list[str]:
    """The inline script the shim writes into its iframe, for each worker URL the pages start the search with.

    The shim (iframe-worker 1.0.4, minified) builds it as a template literal from its functions c and d and the
    worker's URL; a shim with other bytes is refused rather than guessed at.
    """
    if hashlib.sha256(shim.encode("utf-8")).hexdigest() != SHIM_SHA256:
        raise ValueError(f"{SHIM} is not the vendored iframe-worker 1.0.4 (sha256 {SHIM_SHA256}); "
                         "update SHIM_SHA256 and check how it writes its iframe's script")
    post = shim[shim.index("function c("):shim.index("function d(")]
    imports = shim[shim.index("function d("):shim.index("var o=class")]
    template = shim[shim.index("document.write(`<html><body><script>") + len("document.write(`<html><body><script>"):]
    template = template[:template.index("<\\/script>")]
    body = template.replace("${c}", post).replace("${d}", imports)
    return [body.replace("${e}", url) for url in sorted(worker_urls)]


def worker_url(text: str) -> str | None:
    """The search worker's URL in a page's theme configuration (<script id="__config">), as the theme passes it."""
    start = text.find('<script id="__config" type="application/json">')
    if start == -1:
        return None
    start = text.index(">", start) + 1
    return json.loads(text[start:text.index("</script>", start)]).get("search")


_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def with_policy(text: str, policy: str) -> str:
    """The page with the policy as the first element of its <head> (before any script); a policy an earlier run
    wrote is replaced."""
    content = html.escape(policy, quote=False).replace('"', "&quot;")  # its quotes are single: readable as is
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    if _POLICY_META.search(text):
        return _POLICY_META.sub(lambda _: tag, text, count=1)
    if "<head>" not in text:
        raise ValueError("the page has no <head> to carry its Content-Security-Policy")
    return text.replace("<head>", "<head>\n    " + tag, 1)


def offline_policy(site_dir: Path, pages: list[Path], script_hashes: list[str]) -> str:
    """The site's policy for pages on disk: its scripts' hashes and those of the shim's iframe script."""
    urls = {url for page in pages if (url := worker_url(page.read_text(encoding="utf-8")))}
    shim = (site_dir / SHIM).read_text(encoding="utf-8")
    return content_security_policy(sorted({*script_hashes, *map(script_hash, shim_worker_scripts(shim, urls))}),
                                   meta=True)


def make_offline(site_dir: Path, script_hashes: list[str]) -> None:
    """Turn a finished build into the offline copy. Running it again changes nothing.

    script_hashes: the inline scripts the build's pages may run (policysite.hosting).
    """
    pages = [page for page in sorted(site_dir.rglob("*.html")) if page.name not in SERVER_ONLY_PAGES]
    policy = offline_policy(site_dir, pages, script_hashes)
    for page in site_dir.rglob("*.html"):
        if page.name in SERVER_ONLY_PAGES:
            page.unlink()
            continue
        text = page.read_text(encoding="utf-8")
        try:
            rewritten = with_policy(offline_page(text, page.parent), policy)
        except ValueError as exc:
            raise ValueError(f"{page}: {exc}") from None
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")
    for header_file in HOSTING_FILES:  # instructions for a web server; a copy opened from disk has none
        (site_dir / header_file).unlink(missing_ok=True)
    # One index per language root, next to the one hooks/search.py split off for it.
    for index_file in site_dir.rglob(str(INDEX_JSON)):
        root = index_file.parent.parent
        index = json.loads(index_file.read_text(encoding="utf-8"))
        (root / INDEX_SCRIPT).write_text(script_index(index, root), encoding="utf-8")


# --- The zip ---------------------------------------------------------------------------------

def readme_text(labels: dict, copied: dt.date, commit: str, modified: bool, site_url: str | None,
                internal: bool = False) -> str:
    """README.txt at the zip's root, in both languages (labels `offline`): how to open it, and that it is a copy.

    `labels` as data.load_labels gives them. A copy of the internal edition (policysite.editions) says first that
    it must stay inside the region.
    """
    blocks = []
    for language in LANGUAGES:
        text = localise(labels["offline"], language)
        copy = fill(text["copy_modified" if modified else "copy"], date=copied.isoformat(), commit=commit)
        authoritative = fill(text["authoritative_at"], address=site_url) if site_url else text["authoritative"]
        blocks.append("\n\n".join([
            f"{text['title']}\n{README_RULE}",
            *([text["internal"]] if internal else []),
            f"{text['open']}\n{text['offline']}",
            f"{copy}\n{authoritative}\n",
        ]))
    return "\n\n".join(blocks)


def write_zip(site_dir: Path, target: Path, readme: str, timestamp: int) -> None:
    """Zip the site with `readme` at its root, the same bytes for the same input, replacing `target` only when done.

    Entries are sorted and carry the time `timestamp` (the last commit, not the clock).
    """
    stamp = dt.datetime.fromtimestamp(max(timestamp, 315532800), dt.timezone.utc).timetuple()[:6]  # zip starts at 1980
    files = sorted((p.relative_to(site_dir).as_posix(), p) for p in site_dir.rglob("*") if p.is_file())
    if README in dict(files):
        raise ValueError(f"the site already has a {README}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name, data in [(README, readme.encode("utf-8")), *((name, path.read_bytes()) for name, path in files)]:
                entry = zipfile.ZipInfo(name, stamp)
                entry.create_system = 3  # Unix, whichever system builds it
                entry.external_attr = 0o644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, data, compresslevel=9)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.offline",
                                     description="Zip an offline build (POLICYSITE_OFFLINE=1) with its README.txt.")
    parser.add_argument("site_dir", type=Path, help="the offline build")
    parser.add_argument("zip", type=Path,
                        help="the zip to write (make offline: dist/sakerhet-region-blekinge-offline.zip)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file() or not (args.site_dir / INDEX_SCRIPT).is_file():
        print(f"{args.site_dir}: not an offline build — build it with POLICYSITE_OFFLINE=1", file=sys.stderr)
        return 2
    root = Path.cwd()
    timestamp = int(os.environ.get("SOURCE_DATE_EPOCH") or _git(root, "log", "-1", "--format=%ct"))
    commit = _git(root, "rev-parse", "--short=7", "HEAD")
    modified = bool(_git(root, "status", "--porcelain", "--", *BUILD_INPUTS))
    copied = dt.datetime.fromtimestamp(timestamp, REGION_TIME_ZONE).date()
    try:
        labels = load_labels(root / LABELS_FILE)
    except FindingsError as exc:
        print(exc, file=sys.stderr)
        return 1
    readme = readme_text(labels, copied, commit, modified, public_base_url(os.environ.get("SITE_URL")),
                         internal=os.environ.get("POLICYSITE_EDITION") == "internal")
    write_zip(args.site_dir, args.zip, readme, timestamp)
    print(f"{args.zip}: offline copy as of {copied.isoformat()} ({commit})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
