"""Print HTML from real pymdownx/MkDocs output: links, tabs, headings and ids."""

from __future__ import annotations

import markdown
import pytest

from policysite.model import PartialDate
from policysite.pdf.content import print_body
from policysite.pdf.export import footer_parts
from policysite.present import format_date, format_size

PAGE = "https://sakerhet.example.se/sakerhetspolicy/"
TABBED = """# Titel

=== "Medarbetare"

    Rapportera till din chef.

=== "Chefer"

    Rapportera vidare.
"""


def rendered(source: str) -> str:
    return markdown.markdown(source, extensions=["toc", "attr_list", "pymdownx.superfences", "pymdownx.tabbed"],
                             extension_configs={"pymdownx.tabbed": {"alternate_style": True},
                                                "toc": {"permalink": True}})


def test_tabs_become_labelled_sections_in_order():
    html = print_body(rendered(TABBED), PAGE)
    assert "tabbed" not in html and "<input" not in html
    assert html.index("Medarbetare") < html.index("Rapportera till din chef.") < html.index("Chefer") < html.index(
        "Rapportera vidare.")
    assert '<section aria-label="Medarbetare" class="tab-section"><p class="tab-section__label">Medarbetare</p>' in html


def test_title_and_permalinks_are_removed():
    html = print_body(rendered("# Titel\n\n## Mål {#mal}\n\nText."), PAGE)
    assert "<h1" not in html and "headerlink" not in html and "¶" not in html
    assert '<h2 id="mal">Mål</h2>' in html


def test_links_and_images_become_absolute_site_urls_and_fragments_stay():
    html = print_body('<p><a href="../riktlinje/#mal">R</a> <a href="#mal">M</a> <img alt="" src="bild.png"></p>', PAGE)
    assert 'href="https://sakerhet.example.se/riktlinje/#mal"' in html
    assert 'href="#mal"' in html
    assert 'src="https://sakerhet.example.se/sakerhetspolicy/bild.png"' in html


def test_handbook_chapters_link_internally_with_ids_kept_apart():
    chapters = {"https://sakerhet.example.se/riktlinje/": "doc-SAK-RIK-001", PAGE: "doc-SAK-POL-001"}
    source = '<h2 id="mal">Mål</h2><p><a href="../riktlinje/#syfte">R</a> <a href="#mal">M</a> <a href="../annat/">A</a></p>'
    html = print_body(source, PAGE, chapters=chapters, anchor="doc-SAK-POL-001")
    assert 'id="doc-SAK-POL-001--mal"' in html
    assert 'href="#doc-SAK-RIK-001--syfte"' in html
    assert 'href="#doc-SAK-POL-001--mal"' in html
    assert 'href="https://sakerhet.example.se/annat/"' in html  # not in the handbook: stays a web link


def test_footer_parts_split_the_localised_page_counter():
    assert footer_parts("Sida {page} av {pages}") == ("Sida ", " av ", "")
    assert footer_parts("{page}/{pages} pages") == ("", "/", " pages")
    with pytest.raises(ValueError, match="needs both"):
        footer_parts("Sida {page}")


@pytest.mark.parametrize("size, sv, en", [(480, "1 kB", "1 kB"), (84_400, "84 kB", "84 kB"),
                                           (1_250_000, "1,2 MB", "1.2 MB")])
def test_format_size(size, sv, en):
    assert (format_size(size, "sv"), format_size(size, "en")) == (sv, en)


@pytest.mark.parametrize("value, sv, en", [(PartialDate(2018, 11, 5), "5 november 2018", "5 November 2018"),
                                           (PartialDate(2026, 5), "maj 2026", "May 2026")])
def test_format_date(value, sv, en):
    assert (format_date(value, "sv"), format_date(value, "en")) == (sv, en)
