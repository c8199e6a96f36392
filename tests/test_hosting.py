"""Security headers for hosting: what a strict Content-Security-Policy would block, and the shipped files."""

from __future__ import annotations

import re

from mkdocs.theme import Theme

from browsing import read_headers_file
from conftest import build
from policysite.hosting import ScriptAudit, expected_scripts, inline_scripts, script_hash, unsafe_context

PAGE = """<!doctype html>
<html><head>
<script>var a = 1;</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/app.js"></script>
</head><body>
<SCRIPT type="module">import "./x.js";</SCRIPT>
<scripted>not a script</scripted>
<script type="text/jscript">go()</script>
</body></html>
"""


def test_only_executable_inline_scripts_are_found_with_their_lines():
    assert inline_scripts(PAGE) == [(3, "<script>", "var a = 1;"), (7, '<SCRIPT type="module">', 'import "./x.js";'),
                                    (9, '<script type="text/jscript">', "go()")]


def test_the_hash_is_the_browsers_sha256_of_the_script_text():
    # The value Chromium 156 printed for `<script>var a = 1;</script>` when a policy blocked it.
    assert script_hash("var a = 1;") == "'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='"


def theme_env():
    return Theme(name="material", custom_dir="overrides", language="sv").get_env()


def test_the_allowed_scripts_are_what_the_theme_partials_render_for_the_page():
    scripts = expected_scripts(theme_env(), {"config": {"extra": {}}, "base_url": "../..", "features": []})
    assert len(scripts) == 3
    assert [text for text in scripts if text.startswith('__md_scope=new URL("../..",location)')]
    assert [text for text in scripts if text.startswith('var palette=__md_get("__palette")')]


def test_an_inline_script_the_templates_do_not_emit_is_refused_and_not_hashed():
    audit = ScriptAudit()
    audit.page(PAGE, "en/x/index.html", frozenset({"var a = 1;"}))
    assert audit.hashes == {script_hash("var a = 1;")}
    fix = ("remove it; the Content-Security-Policy allows only the theme's own inline scripts "
           "(policysite.hosting.THEME_SCRIPT_TEMPLATES), and a page's text can never add one")
    assert [str(f) for f in audit.findings] == [
        f'en/x/index.html:7: an inline script the site\'s templates do not emit: <SCRIPT type="module">import "./x.js"; — {fix}',
        f'en/x/index.html:9: an inline script the site\'s templates do not emit: <script type="text/jscript">go() — {fix}']


def test_a_base_url_that_could_end_the_themes_script_string_is_refused():
    assert unsafe_context({"base_url": "../"}, "x/index.html") == []
    assert [str(f) for f in unsafe_context({"base_url": '../";alert(1);"'}, "x/index.html")] == [
        "x/index.html:1: the page's base URL '../\";alert(1);\"' would be written into the theme's inline script — "
        "use only letters, digits, '-', '_', '.' and '/' in the page's path and in SITE_URL"]


def test_a_template_that_adds_an_inline_script_fails_the_build(project_copy, tmp_path):
    main = project_copy / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "{% block footer %}{{ super() }}<script>window.__pwned = 1</script>"
                    "{% endblock %}\n", encoding="utf-8")
    result = build(project_copy, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert re.search(r"^kontakt/index\.html:\d+: an inline script the site's templates do not emit: "
                     r"<script>window\.__pwned = 1 — remove it;", output, re.MULTILINE), output
    assert re.search(r"^en/kontakt/index\.html:\d+: an inline script", output, re.MULTILINE), output


def test_the_shipped_headers_allow_exactly_the_sites_inline_scripts(site):
    blocks = read_headers_file(site / "_headers")
    assert [pattern for pattern, _ in blocks] == ["/*"]
    headers = dict(blocks[0][1])
    policy = dict(directive.split(" ", 1) for directive in headers["Content-Security-Policy"].split("; "))
    hashes = sorted(policy["script-src"].split()[1:])
    assert policy["script-src"].split()[0] == "'self'"
    used = {script_hash(text) for page in site.rglob("*.html")
            for _, _, text in inline_scripts(page.read_text(encoding="utf-8"))}
    assert hashes == sorted(used) and len(hashes) >= 2
    assert (policy["default-src"], policy["object-src"], policy["frame-ancestors"]) == ("'self'", "'none'", "'none'")
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    nginx = (site / "_headers.nginx.conf").read_text(encoding="utf-8")
    for name, value in headers.items():
        assert f'add_header {name} "{value}" always;' in nginx
