"""The built site in a real headless Chromium, served on 127.0.0.1 by nginx with hosting/nginx.conf."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import language_root
from policysite.model import LANGUAGES, SOURCE_LANGUAGE

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium itself calls Google's hosts, which this machine refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
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


# Debian's nginx serves the site with the project's own server block (hosting/nginx.conf), as a host would.
NGINX = Path("/usr/sbin/nginx")
NGINX_CONF = Path(__file__).resolve().parent.parent / "hosting" / "nginx.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")
PRODUCTION_ROOT = "/srv/sakerhet/site"  # the site's folder in hosting/nginx.conf, replaced by the built site's
NGINX_START_SECONDS = 10


def server_block(site: Path, port: int) -> str:
    """hosting/nginx.conf as a test serves it: the built site as its root, listening on 127.0.0.1:<port> only."""
    if re.search(r'[\s;{}"\'$#\\]', str(site)):
        raise ValueError(f"{site}: nginx.conf cannot name this folder unquoted — build the site into a plain path")
    text = NGINX_CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^(\s*)listen 80;$", rf"\g<1>listen 127.0.0.1:{port};", text)
    if listens != 1 or PRODUCTION_ROOT not in text:
        raise ValueError(f"{NGINX_CONF}: expected one `listen 80;` and the root {PRODUCTION_ROOT} to adapt for the tests")
    return text.replace(PRODUCTION_ROOT, str(site))


def nginx_conf(workdir: Path, server: Path) -> str:
    """A whole nginx.conf around the server block, everything nginx writes kept in workdir, for the current user."""
    # As root, nginx would hand its workers to `nobody`, which cannot read pytest's private temporary folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}
daemon off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log {workdir / "access.log"};
{temp}
    include {server};
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _started(process: subprocess.Popen, port: int) -> bool:
    """Wait until nginx accepts connections on the port (True) or has exited (False)."""
    deadline = time.monotonic() + NGINX_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def serve(site: Path):
    """Serve a built site with Debian's nginx and hosting/nginx.conf on a free port of 127.0.0.1; yield the base URL.

    The security headers are those the site ships in _headers.nginx.conf, which the server block includes.
    """
    if not NGINX.exists():
        pytest.fail(f"{NGINX} is missing; `make test` installs Debian's nginx")
    with tempfile.TemporaryDirectory(prefix="nginx-") as tmp:
        workdir = Path(tmp)
        config = workdir / "nginx.conf"
        for _attempt in range(3):  # another process may take the free port before nginx binds it
            port = free_port()
            (workdir / "server.conf").write_text(server_block(site, port), encoding="utf-8")
            config.write_text(nginx_conf(workdir, workdir / "server.conf"), encoding="utf-8")
            process = subprocess.Popen([str(NGINX), "-p", str(workdir), "-e", str(workdir / "error.log"),
                                        "-c", str(config)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.STDOUT)
            if _started(process, port):
                break
            _stop(process)
            log = (workdir / "error.log").read_text(encoding="utf-8", errors="replace")
            if "Address already in use" not in log:
                raise RuntimeError(f"nginx did not start with {NGINX_CONF}:\n{log}")
        else:
            raise RuntimeError(f"nginx found no free port:\n{log}")
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # nginx's fast shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
