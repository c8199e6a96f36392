"""Security headers for hosting the built site: a strict Content-Security-Policy that allows the theme's
inline scripts by hash, computed from the pages actually built."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

from .findings import Finding, FindingsError, display_path

TEMPLATES = ("hosting/_headers", "hosting/_headers.nginx.conf")
HOSTING_FILES = tuple(Path(template).name for template in TEMPLATES)  # written at the site's root
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")
# Features no page of this site uses; the browser refuses them to any script.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), midi=(), payment=(), usb=()")


class PageScan(HTMLParser):
    """The inline scripts of one page, and what a strict policy would block on it."""

    def __init__(self, where: str):
        super().__init__(convert_charrefs=False)
        self.where = where
        self.scripts: list[str] = []
        self.findings: list[Finding] = []
        self._script_parts: list[str] | None = None  # the inline script being read

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name.startswith("on"):
                self._blocked(line, f"the inline event handler {name}= on <{tag}>", "attach it from a script file")
            elif name == "style":
                self._blocked(line, f"the style attribute on <{tag}>", "use a class from a style sheet")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self._blocked(line, f"the javascript: URL in <{tag} {name}>", "use a link or a script file")
        if tag == "script" and not dict(attrs).get("src"):
            kind = (dict(attrs).get("type") or "").strip().lower()
            self._script_parts = [] if kind in EXECUTABLE_TYPES else None
        elif tag == "style":
            self._blocked(line, "the inline <style> element", "move its rules into a style sheet")

    def handle_data(self, data):
        if self._script_parts is not None:
            self._script_parts.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_parts is not None:
            self.scripts.append("".join(self._script_parts))
            self._script_parts = None

    def _blocked(self, line: int, what: str, fix: str) -> None:
        self.findings.append(Finding(self.where, line, f"{what} would be blocked by the Content-Security-Policy",
                                     f"{fix} (overrides/)"))


def scan_page(html: str, where: str) -> PageScan:
    scan = PageScan(where)
    scan.feed(html)
    scan.close()
    return scan


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script_hashes: list[str]) -> str:
    """The policy: this site's own files only, plus exactly the inline scripts it ships."""
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *script_hashes]),
        "style-src 'self'",
        # The theme's style sheets draw icons from data: SVGs.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(script_hashes: list[str], noindex: bool = False) -> list[tuple[str, str]]:
    headers = [
        ("Content-Security-Policy", content_security_policy(script_hashes)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("X-Frame-Options", "DENY"),
    ]
    # The internal edition: also for its PDFs, JSON and feeds, which cannot carry a robots meta tag.
    return headers + [("X-Robots-Tag", "noindex, nofollow")] if noindex else headers


def site_script_hashes(site_dir: Path) -> list[str]:
    """The hashes of every inline script in the built site; FindingsError for anything the policy would block."""
    hashes: set[str] = set()
    findings: list[Finding] = []
    for page in sorted(site_dir.rglob("*.html")):
        scan = scan_page(page.read_text(encoding="utf-8"), display_path(page, site_dir))
        hashes.update(script_hash(body) for body in scan.scripts)
        findings += scan.findings
    if findings:
        raise FindingsError(findings)
    return sorted(hashes)


def write_hosting_files(site_dir: Path, env: Environment, noindex: bool = False) -> list[tuple[str, str]]:
    """Write the header files for Netlify-style hosts (_headers) and nginx (_headers.nginx.conf)."""
    headers = security_headers(site_script_hashes(site_dir), noindex)
    for template in TEMPLATES:
        target = site_dir / Path(template).name  # one of HOSTING_FILES
        target.write_text(env.get_template(template).render(headers=headers), encoding="utf-8")
    return headers
