"""Every page in both languages, in a real Chromium, under the security headers the site ships:
WCAG 2.1 A/AA by axe-core, no foreign requests, no console errors, no CSP violations, reflow at 320 px."""

from __future__ import annotations

import pytest

from browsing import PHONE, axe_violations, csp_violations, every_page, search, url_for
from conftest import open_page
from policysite.model import LANGUAGES

pytestmark = pytest.mark.browser


def test_the_server_sends_the_shipped_security_headers(page, server):
    response = page.goto(f"{server}/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "'sha256-" in policy and "unsafe-inline" not in policy
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.slow
def test_every_page_passes_axe_and_stays_on_this_host(browser, site, server, language, scheme):
    """In the device's light and dark preference alike: the site follows it (palette in mkdocs.yml)."""
    page = open_page(browser, server, color_scheme=scheme)
    try:
        pages = every_page(site, language)
        assert len(pages) >= 15
        violations, blocked, schemes = [], [], set()
        for path in pages:
            page.goto(url_for(site, server, path))
            page.wait_for_load_state("networkidle")
            schemes.add(page.evaluate("document.body.dataset.mdColorScheme"))
            violations += axe_violations(page)
            blocked += csp_violations(page)
        assert schemes == {"default" if scheme == "light" else "slate"}
        assert violations == []
        assert blocked == []
        assert page.problems.foreign_requests == []
        assert page.problems.console == []
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("start", "query"), [("/", "närhetsprincipen"), ("/en/", "proximity")])
def test_the_open_search_dialog_passes_axe(browser, server, start, query, scheme):
    page = open_page(browser, server, color_scheme=scheme)
    try:
        page.goto(f"{server}{start}")
        assert search(page, query)
        assert axe_violations(page) == []
        assert csp_violations(page) == [] and page.problems.console == []
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("start", ["/sakerhetspolicy/", "/en/sakerhetspolicy/"])
def test_the_open_navigation_drawer_on_a_phone_passes_axe(browser, server, start, scheme):
    page = open_page(browser, server, viewport=PHONE, color_scheme=scheme)
    try:
        page.goto(f"{server}{start}")
        page.wait_for_load_state("networkidle")
        page.locator('label.md-header__button[for="__drawer"]').click()
        page.locator(".md-sidebar--primary").wait_for(state="visible")
        page.wait_for_timeout(300)  # the drawer slides in; axe judges contrast on what is painted
        assert page.evaluate("document.getElementById('__drawer').checked")
        assert axe_violations(page) == []
        assert csp_violations(page) == [] and page.problems.console == []
    finally:
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_at_320_css_pixels(browser, site, server, language):
    page = open_page(browser, server, viewport={"width": 320, "height": 640})
    try:
        too_wide = []
        for path in every_page(site, language):
            page.goto(url_for(site, server, path))
            page.wait_for_load_state("load")
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1]:
                too_wide.append(f"{page.url}: {width[0]} px wide in a {width[1]} px viewport")
        assert too_wide == []
    finally:
        page.context.close()
