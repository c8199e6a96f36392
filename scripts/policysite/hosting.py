"""Security headers for hosting the built site: a strict Content-Security-Policy that allows by hash exactly
the inline scripts the theme's templates emit, never whatever a built page happens to contain.

The allowed scripts are rendered from the theme partials named in THEME_SCRIPT_TEMPLATES with each page's own
template context; every page the build writes is searched (a substring search, not a parse) for inline
scripts, and one that is not among its page's expected scripts fails the build at its line."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

from .findings import Finding
from .urls import HOSTING_TEMPLATES

TEMPLATES = HOSTING_TEMPLATES
# The theme partials (Material 9.8.1) whose inline scripts every page runs; base.html renders them with the
# page's context. The only inline scripts a built page may contain are what these render to for that page.
THEME_SCRIPT_TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/palette.html",
                          "partials/javascripts/content.html")
# What the theme writes into its inline scripts from the context: a relative or root-relative path, nothing
# that could end a JavaScript string.
SAFE_BASE_URL = re.compile(r"[A-Za-z0-9_./~-]*")
HOSTING_FILES = tuple(Path(template).name for template in TEMPLATES)  # written at the site's root
# The one kind of inline <script> that is data, not code (the theme's <script id="__config">); every other inline
# script counts, whatever its type says (a browser runs more types than any list here would name).
DATA_TYPES = ("application/json",)
# Features no page of this site uses; the browser refuses them to any script.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), midi=(), payment=(), usb=()")


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script_hashes: list[str], meta: bool = False) -> str:
    """The policy: this site's own files only, plus exactly the inline scripts it ships.

    `meta`: the policy for a <meta http-equiv> (the offline copy), where browsers ignore frame-ancestors.
    """
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
    return "; ".join(d for d in directives if not (meta and d.startswith("frame-ancestors")))


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


def expected_scripts(env: Environment, context: dict) -> frozenset[str]:
    """The inline scripts the theme's partials emit on a page with this template context."""
    bodies: set[str] = set()
    for name in THEME_SCRIPT_TEMPLATES:
        bodies.update(text for _, _, text in inline_scripts(env.get_template(name).render(**context)))
    return frozenset(bodies)


def unsafe_context(context: dict, where: str) -> list[Finding]:
    """The theme puts base_url into an inline script unescaped: it must be a plain path."""
    base_url = str(context.get("base_url", ""))
    if SAFE_BASE_URL.fullmatch(base_url):
        return []
    return [Finding(where, 1, f"the page's base URL {base_url!r} would be written into the theme's inline script",
                    "use only letters, digits, '-', '_', '.' and '/' in the page's path and in SITE_URL")]


def inline_scripts(html: str) -> list[tuple[int, str, str]]:
    """(line, start tag, text) of every inline <script> in a page that is not data, found by substring search.

    Cheap enough for every page: no HTML parse, only the '<script' occurrences are looked at.
    """
    found = []
    lowered = html.lower()
    start = lowered.find("<script")
    while start != -1:
        after = lowered[start + 7:start + 8]
        tag_end = lowered.find(">", start)
        if after and after in " \t\n\r\f/>" and tag_end != -1:
            tag = html[start:tag_end + 1]
            attributes = _attributes(tag)
            close = lowered.find("</script", tag_end)
            text = html[tag_end + 1:close if close != -1 else len(html)]
            kind = (attributes.get("type") or "").strip().lower()
            if "src" not in attributes and kind not in DATA_TYPES:
                found.append((html.count("\n", 0, start) + 1, tag, text))
        start = lowered.find("<script", start + 7)
    return found


def _attributes(tag: str) -> dict[str, str | None]:
    scan = _StartTag()
    scan.feed(tag)
    scan.close()
    return scan.attributes


class _StartTag(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        self.attributes = dict(attrs)


@dataclass
class ScriptAudit:
    """The hashes of the theme scripts the built pages use, and every inline script that is not one of them."""

    hashes: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)

    def page(self, html: str, where: str, expected: frozenset[str]) -> None:
        for line, tag, text in inline_scripts(html):
            if text in expected:
                self.hashes.add(script_hash(text))
            else:
                shown = " ".join((tag + text).split())
                shown = shown if len(shown) <= 60 else shown[:57] + "…"
                self.findings.append(Finding(
                    where, line, f"an inline script the site's templates do not emit: {shown}",
                    "remove it; the Content-Security-Policy allows only the theme's own inline scripts "
                    "(policysite.hosting.THEME_SCRIPT_TEMPLATES), and a page's text can never add one"))


def write_hosting_files(site_dir: Path, env: Environment, script_hashes: list[str],
                        noindex: bool = False) -> list[tuple[str, str]]:
    """Write the header files for Netlify-style hosts (_headers) and nginx (_headers.nginx.conf)."""
    headers = security_headers(script_hashes, noindex)
    for template in TEMPLATES:
        target = site_dir / Path(template).name  # one of HOSTING_FILES
        target.write_text(env.get_template(template).render(headers=headers), encoding="utf-8")
    return headers
