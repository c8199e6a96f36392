"""policysite.rendered: one render of a page body serves its links (policysite.links) and the allow-list."""

from __future__ import annotations

import markdown
import pytest

from policysite import links, rendered, structure


@pytest.fixture
def conversions(monkeypatch):
    """The bodies Markdown converts from here on."""
    bodies: list[str] = []
    convert = markdown.Markdown.convert

    def counting(self, source):
        bodies.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    return bodies


def test_a_body_is_rendered_once_for_its_links_and_its_allow_list(conversions):
    body = "# Rubrik {#rubrik-unik-for-testet}\n\nSe [policyn](sakerhetspolicy.md#mal) och ![karta](karta.png).\n"
    found = structure.parse(body, 5)
    checker = rendered.PageRenderer(rendered.markdown_settings(rendered.DEFAULT_CONFIG), frozenset({"__search"}))
    assert checker.findings(body, 5, "p.md") == []
    assert structure.parse(body, 5) == found  # a second load of the same page (make serve) renders nothing again
    assert conversions == [body]
    assert [(link.target, link.anchor, link.line, link.image) for link in found.links] == [
        ("sakerhetspolicy.md", "mal", 7, False), ("karta.png", None, 7, True)]


def test_the_permalinks_the_render_adds_are_no_links_but_an_authors_headerlink_is_one():
    body = ("# Rubrik\n\n## Avsnitt\n\n[dold](hemlig.md){: .headerlink }\n"
            "[också](intern.md){: .toclink .footnote-ref-nej }\n")
    assert [(link.target, link.line) for link in links.page_links(body, 1)] == [("hemlig.md", 5), ("intern.md", 6)]
    assert 'class="headerlink ' + rendered.GENERATED_LINK_CLASS in rendered.render(body, rendered.site_settings())


def test_a_toc_marker_is_text_and_a_reference_named_toc_is_a_link():
    body = "[TOC]\n\n# Rubrik\n\n[toc]: hemlig.md\n"
    assert [(link.target, link.line) for link in links.page_links(body, 1)] == [("hemlig.md", 5)]


def test_the_allow_list_still_sees_the_heading_ids_the_render_gives():
    checker = rendered.PageRenderer(rendered.site_settings(), frozenset({"__search"}), ("term-",))
    found = [str(f) for f in checker.findings("# Rubrik {#rubrik}\n\n## Annan {#rubrik}\n\n## term-x\n", 3, "p.md")]
    assert found == ["p.md:5: the id 'rubrik' is used twice on the page — give every heading its own id",
                     "p.md:7: the id 'term-x' is reserved by the site's templates — choose another id; ids starting "
                     "with '__' and the templates' ids (overrides/, the theme) would break the page's search, menus "
                     "or links"]


def test_the_render_cache_keeps_at_most_its_size(monkeypatch, conversions):
    monkeypatch.setattr(rendered, "RENDER_CACHE_SIZE", 3)
    monkeypatch.setattr(rendered, "_RENDERED", {})
    settings = rendered.site_settings()
    for number in range(5):
        rendered.render(f"Sida {number}\n", settings)
    assert len(rendered._RENDERED) == 3
    rendered.render("Sida 4\n", settings)  # kept
    rendered.render("Sida 0\n", settings)  # dropped, rendered again
    assert conversions == [f"Sida {number}\n" for number in range(5)] + ["Sida 0\n"]
