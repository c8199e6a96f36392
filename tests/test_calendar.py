"""The calendars of upcoming reviews (policysite.reviews): one per language and edition, next to the Atom feed.

Read back with a real iCalendar library (icalendar), from real builds: the public edition is the shared variant
(its policy has a review interval, so a review overdue since 2019-11), the internal edition a build of its own
whose internal routine has a review. Hostile titles and role names: tests/test_hostile_output.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup

from conftest import TEST_SITE_URL, VARIANT_EPOCH, build, copy_project, shared
from helpers import edit
from policysite.corpus import load_corpus
from policysite.data import load_labels, load_roles
from policysite.editions import edition_corpus
from policysite.model import LANGUAGES, next_review
from policysite.reviews import content_lines, fold, ics_text
from policysite.text import fill
from policysite.urls import review_calendar_path

STAMP = "20260101T000000Z"  # VARIANT_EPOCH's day


def make_internal_site(folder: Path) -> None:
    """The internal edition of a copy whose internal routine (a draft) was last reviewed in May 2025, every 6 months."""
    project = copy_project(folder / "project")
    edit(project / "docs" / "sv" / "rutin-rapportera-brister.md", "classification: internal\n",
         "classification: internal\nlast_reviewed: 2025-05-20\nreview_interval_months: 6\n")
    result = build(project, folder / "site", POLICYSITE_EDITION="internal", SOURCE_DATE_EPOCH=VARIANT_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def internal(tmp_path_factory) -> Path:
    return shared(tmp_path_factory, "calendar-internal", make_internal_site)


@pytest.fixture(scope="module")
def editions(variant, internal) -> dict[str, tuple[Path, Path]]:
    """edition -> (project, site)."""
    return {"public": (variant.project, variant.site), "internal": (internal / "project", internal / "site")}


def expected_reviews(project: Path, edition: str, language: str) -> set[tuple[str, dt.date]]:
    """(id, due day) of every document of the edition and language with a computed next review, from the sources."""
    corpus, _ = load_corpus(project / "docs", frozenset(load_roles(project / "data" / "roles.yml")), project)
    return {(doc.id, next_review(doc).first_day) for doc in edition_corpus(corpus, edition).in_language(language)
            if next_review(doc) is not None}


def events(site: Path, language: str) -> tuple[icalendar.Calendar, list]:
    calendar = icalendar.Calendar.from_ical((site / review_calendar_path(language)).read_bytes())
    return calendar, list(calendar.walk("VEVENT"))


KNOWN = {"public": ("SAK-POL-001", dt.date(2019, 11, 1)),  # approved 2018-11, every 12 months: the first of the month
         "internal": ("SAK-RUT-001", dt.date(2025, 11, 20))}


@pytest.mark.parametrize("edition", ["public", "internal"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_calendar_lists_exactly_the_documents_with_a_computed_next_review(editions, edition, language):
    project, site = editions[edition]
    _, found = events(site, language)
    listed = {(str(event["SUMMARY"]).rsplit("(", 1)[1].rstrip(")"), event.decoded("DTSTART")) for event in found}
    assert listed == expected_reviews(project, edition, language)
    assert KNOWN[edition] in listed
    if edition == "public":
        assert "SAK-RUT-001" not in {id for id, _ in listed}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_event_is_an_all_day_review_with_owner_version_interval_and_a_link_to_its_page(editions, language):
    labels = load_labels(Path(__file__).parent.parent / "data" / "labels.yml")["calendar"]
    project, site = editions["internal"]
    calendar, found = events(site, language)
    assert str(calendar["X-WR-CALNAME"]) == labels["name_internal"][language]
    assert str(calendar["PRODID"]).startswith("-//")
    routine = next(event for event in found if "SAK-RUT-001" in str(event["SUMMARY"]))
    title = {"sv": "Rutin för att rapportera brister i säkerhet och krisberedskap",
             "en": "Routine for reporting deficiencies in security and crisis preparedness"}[language]
    assert str(routine["SUMMARY"]) == fill(labels["summary"][language], title=title, id="SAK-RUT-001")
    assert routine.decoded("DTSTART") == dt.date(2025, 11, 20)
    assert routine.decoded("DTEND") == dt.date(2025, 11, 21)
    assert routine["DTSTART"].params["VALUE"] == "DATE"
    assert routine["DTSTAMP"].to_ical().decode() == STAMP
    assert str(routine["UID"]) == f"SAK-RUT-001-2025-11-20-internal-{language}@sakerhet.regionblekinge.se"
    owner = {"sv": "Säkerhetschef", "en": "Head of Security"}[language]
    description = str(routine["DESCRIPTION"]).split("\n")
    assert description[1:4] == [fill(labels["owner"][language], owner=owner),
                                fill(labels["version"][language], version="0.1"),
                                fill(labels["interval"][language], months=6)]
    url = str(routine["URL"])
    assert url.startswith(TEST_SITE_URL)
    assert (site / urlsplit(url).path.lstrip("/") / "index.html").is_file()
    # A month-only review says that it is placed on the first of the month.
    policy = next(event for event in events(editions["public"][1], language)[1] if "SAK-POL-001" in str(event["SUMMARY"]))
    assert labels["month_only"][language] in str(policy["DESCRIPTION"])


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_every_url_leads_to_a_built_page_and_every_uid_is_unique(editions, edition):
    _, site = editions[edition]
    for language in LANGUAGES:
        _, found = events(site, language)
        assert found
        assert len({str(event["UID"]) for event in found}) == len(found)
        for event in found:
            path = urlsplit(str(event["URL"])).path.lstrip("/")
            assert (site / path / "index.html").is_file(), path


def test_lines_end_in_crlf_and_are_folded_at_75_octets(variant):
    for language in LANGUAGES:
        data = (variant.site / review_calendar_path(language)).read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        lines = data.split(b"\r\n")[:-1]
        assert max(len(line) for line in lines) <= 75
        assert any(line.startswith(b" ") for line in lines)  # the long descriptions are folded
        for line in lines:
            line.decode("utf-8")  # never split inside a character


def test_the_footer_and_the_change_log_link_the_calendar_in_their_language(variant):
    for language, root in (("sv", variant.site), ("en", variant.site / "en")):
        for page in (root / "index.html", root / "andringslogg" / "index.html"):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            links = soup.select('a[type="text/calendar"]')
            assert links, page
            for link in links:
                assert (page.parent / link["href"]).resolve() == (variant.site / review_calendar_path(language)).resolve()


# --- RFC 5545 text, as pure functions ---------------------------------------------------------------------

@pytest.mark.parametrize("value, escaped", [
    ("Rutin; steg, ett", "Rutin\\; steg\\, ett"),
    ("a\\b", "a\\\\b"),
    ("rad ett\nrad två\r\nrad tre\u2028fyra", "rad ett\\nrad två\\nrad tre\\nfyra"),
    ("tab\tkvar, \x07 bort", "tab\tkvar\\,  bort"),
    ('<script>"&"</script>', '<script>"&"</script>'),
])
def test_ics_text_escapes_backslash_semicolon_comma_and_line_breaks(value, escaped):
    assert ics_text(value) == escaped


def test_folding_splits_at_75_octets_never_inside_a_character():
    line = "DESCRIPTION:" + "å" * 100
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded) and all(part.startswith(b" ") for part in folded[1:])
    assert b"".join(part[1:] if i else part for i, part in enumerate(folded)).decode("utf-8") == line
    assert fold("A" * 75) == "A" * 75


def test_content_lines_drop_blank_lines_and_end_each_with_crlf():
    assert content_lines("BEGIN:VCALENDAR\n\n  \nEND:VCALENDAR\n") == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
