"""The built site in a real headless Chromium, served on 127.0.0.1 with the security headers it ships."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import language_root
from policysite.model import LANGUAGES, SOURCE_LANGUAGE

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium itself calls Google's hosts, which this machine refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
HEADERS_FILE = "_headers"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Collected from the first moment of every document, before any page script runs.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def read_headers_file(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The (path pattern, headers) blocks of a Netlify-style _headers file."""
    blocks: list[tuple[str, list[tuple[str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            blocks.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            blocks[-1][1].append((name.strip(), value.strip()))
    return blocks


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site and adds the headers its _headers file gives for each path, as a host would."""

    headers_blocks: list[tuple[str, list[tuple[str, str]]]] = []

    def end_headers(self):
        path = urlsplit(self.path).path
        for pattern, headers in self.headers_blocks:
            if fnmatch.fnmatch(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve a built site on a free port of 127.0.0.1, with its own security headers; yield the base URL."""
    handler = type("Handler", (SiteHandler,), {"headers_blocks": read_headers_file(site / HEADERS_FILE)})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def every_page(site: Path, language: str) -> list[Path]:
    """Every HTML page of one language, comparisons and the 404 page included."""
    root = language_root(site, language)
    others = [site / lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
    return sorted(p for p in root.rglob("*.html")
                  if language != SOURCE_LANGUAGE or not any(other in p.parents for other in others))


def url_for(site: Path, server: str, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return f"{server}/{relative.removesuffix('index.html')}"


@dataclass
class Problems:
    """What a page did wrong while a test used it."""

    console: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def watch(self, page, server: str) -> None:
        own = urlsplit(server).netloc
        page.on("console", lambda msg: msg.type == "error" and self.console.append(f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: self.console.append(f"{page.url}: {exc}"))
        page.on("request", lambda request: urlsplit(request.url).scheme not in ("data", "blob")
                and urlsplit(request.url).netloc != own and self.foreign_requests.append(request.url))


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def axe_violations(page, context: str = "document") -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per rule and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the test driver, so the page's CSP allows it
    found = page.evaluate(
        """async ([context, tags]) => {
          const result = await axe.run(context === "document" ? document : document.querySelector(context),
                                       {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
          return result.violations.flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(" ")}: ${n.failureSummary.split("\\n").slice(0, 2).join(" ")}`));
        }""", [context, WCAG_TAGS])
    return [f"{page.url}: {line}" for line in found]


def search(page, query: str) -> list[str]:
    """Type a query into the theme's search and return the result links."""
    page.wait_for_load_state("networkidle")  # the index and the language scripts are in
    page.keyboard.press("s")  # the theme's keyboard shortcut opens the search
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill(query)
    results = page.locator(".md-search-result__item")
    try:
        results.first.wait_for(timeout=5000)
    except PlaywrightTimeout:
        # The worker may still have been building the index when the query arrived; ask again.
        field.press("End")
        field.press("Space")
        field.press("Backspace")
        results.first.wait_for(timeout=10000)
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
