"""Security headers for hosting: what a strict Content-Security-Policy would block, and the shipped files."""

from __future__ import annotations

import pytest

from browsing import read_headers_file
from policysite.findings import FindingsError
from policysite.hosting import scan_page, script_hash, site_script_hashes

PAGE = """<!doctype html>
<html><head>
<script>var a = 1;</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/app.js"></script>
</head><body>
<script type="module">import "./x.js";</script>
</body></html>
"""


def test_only_executable_inline_scripts_are_hashed():
    scan = scan_page(PAGE, "index.html")
    assert scan.scripts == ["var a = 1;", 'import "./x.js";']
    assert scan.findings == []


def test_the_hash_is_the_browsers_sha256_of_the_script_text():
    # The value Chromium 156 printed for `<script>var a = 1;</script>` when a policy blocked it.
    assert script_hash("var a = 1;") == "'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='"


@pytest.mark.parametrize("html, message", [
    ('<p>\n<a href="#" onclick="go()">x</a></p>',
     "page.html:2: the inline event handler onclick= on <a> would be blocked by the Content-Security-Policy — "
     "attach it from a script file (overrides/)"),
    ('<div style="color: red">x</div>',
     "page.html:1: the style attribute on <div> would be blocked by the Content-Security-Policy — "
     "use a class from a style sheet (overrides/)"),
    ('\n\n<a href=" JavaScript:go()">x</a>',
     "page.html:3: the javascript: URL in <a href> would be blocked by the Content-Security-Policy — "
     "use a link or a script file (overrides/)"),
    ("<style>p { color: red }</style>",
     "page.html:1: the inline <style> element would be blocked by the Content-Security-Policy — "
     "move its rules into a style sheet (overrides/)"),
])
def test_what_the_policy_would_block_is_reported_at_its_line(html, message):
    assert [str(f) for f in scan_page(html, "page.html").findings] == [message]


def test_a_site_with_a_blocked_construct_is_refused(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text('<div style="x">', encoding="utf-8")
    with pytest.raises(FindingsError) as raised:
        site_script_hashes(tmp_path)
    assert str(raised.value).startswith("en/index.html:1: the style attribute on <div>")


def test_the_shipped_headers_allow_exactly_the_sites_inline_scripts(site):
    blocks = read_headers_file(site / "_headers")
    assert [pattern for pattern, _ in blocks] == ["/*"]
    headers = dict(blocks[0][1])
    policy = dict(directive.split(" ", 1) for directive in headers["Content-Security-Policy"].split("; "))
    hashes = sorted(policy["script-src"].split()[1:])
    assert policy["script-src"].split()[0] == "'self'"
    assert hashes == site_script_hashes(site) and len(hashes) >= 2
    assert (policy["default-src"], policy["object-src"], policy["frame-ancestors"]) == ("'self'", "'none'", "'none'")
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    nginx = (site / "_headers.nginx.conf").read_text(encoding="utf-8")
    for name, value in headers.items():
        assert f'add_header {name} "{value}" always;' in nginx
