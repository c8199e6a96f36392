"""Screenshots of every kind of page, as a phone and a desktop show it, for people to look at.

They are written to tests/artifacts/screenshots/ (ignored by Git) by every run of the suite; the test
checks that each page type exists in both languages, loads without a problem, and was captured.
"""

from pathlib import Path

import pytest

from conftest import open_page
from policysite.model import LANGUAGES

ARTIFACTS = Path(__file__).parent / "artifacts" / "screenshots"
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
# One page of every type the site has: (name, path from the language root).
PAGE_TYPES = (
    ("start", ""),
    ("audience", "malgrupper/leverantorer/"),
    ("policy", "sakerhetspolicy/"),
    ("proposal", "riktlinje-sakerhet-och-krisberedskap/"),
    ("information", "kontakt/"),
    ("principle", "principer/ansvarsprincipen/"),
    ("roles", "ansvar-och-roller/"),
    ("register", "dokumentoversikt/"),
    ("change-log", "andringslogg/"),
    ("glossary", "begreppslista/"),
    ("comparison", "historik/sak-pol-001/v1.0-v2.0/"),
    ("not-found", "no/such/page/"),
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_of_every_page_type_on_a_phone_and_a_desktop(browser, server, site, language):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = "" if language == "sv" else f"{language}/"
    for width, viewport in WIDTHS.items():
        page = open_page(browser, server, viewport=viewport)
        try:
            for name, path in PAGE_TYPES:  # the 404 page last: Chromium reports its status as a console error
                if name != "not-found":
                    assert (site / prefix / path / "index.html").is_file(), f"{prefix}{path}: no such page"
                else:
                    assert (page.problems.console, page.problems.foreign_requests) == ([], [])
                response = page.goto(f"{server}/{prefix}{path}")
                assert response.status == (404 if name == "not-found" else 200), page.url
                page.wait_for_load_state("networkidle")
                assert page.evaluate("document.documentElement.lang") == language, page.url
                target = ARTIFACTS / f"{name}-{language}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 10_000, target
        finally:
            page.context.close()
