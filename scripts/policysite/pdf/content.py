"""A page's HTML made fit for print: absolute links, tabs as labelled sections, no site decoration."""

from __future__ import annotations

from urllib.parse import urljoin, urldefrag

from bs4 import BeautifulSoup

LINK_ATTRIBUTES = (("a", "href"), ("img", "src"), ("source", "src"))


def print_body(html: str, page_url: str, *, chapters: dict[str, str] | None = None, anchor: str = "",
               unlink: str | None = None) -> str:
    """The page body for print, without its H1 (the cover or chapter heading replaces it).

    `page_url` is the page's absolute site URL. Links are made absolute against it, so
    they work from a downloaded file. In the handbook, `chapters` maps the absolute URL
    of every included page to its chapter anchor, and ids are prefixed with this page's
    `anchor` to keep chapters apart; links between included pages then stay inside the PDF.
    `unlink` is the site's address while it has no public one (`make serve`): links to it become plain text,
    so a PDF never points at an address only the build's machine knows.
    """
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select("a.headerlink"):
        element.decompose()
    heading = soup.find("h1")
    if heading:
        heading.decompose()
    _absolutise(soup, page_url)
    if chapters is not None:
        _link_chapters(soup, chapters, chapter_id_prefix(anchor))
    if unlink:
        _unlink(soup, unlink)
    _tabs_as_sections(soup)
    for details in soup.find_all("details"):
        details["open"] = ""
    return str(soup)


def _absolutise(soup: BeautifulSoup, page_url: str) -> None:
    for name, attribute in LINK_ATTRIBUTES:
        for element in soup.find_all(name, attrs={attribute: True}):
            value = element[attribute]
            if value.startswith("#"):
                continue
            element[attribute] = urljoin(page_url, value)


def _unlink(soup: BeautifulSoup, site_url: str) -> None:
    for link in soup.find_all("a", href=True):
        if link["href"].startswith(site_url):
            link.unwrap()


def _link_chapters(soup: BeautifulSoup, chapters: dict[str, str], id_prefix: str) -> None:
    for element in soup.find_all(id=True):
        element["id"] = id_prefix + element["id"]
    for link in soup.find_all("a", href=True):
        href = link["href"]
        if href.startswith("#"):
            link["href"] = "#" + id_prefix + href[1:]
            continue
        url, fragment = urldefrag(href)
        if url in chapters:
            anchor = chapters[url]
            link["href"] = f"#{chapter_id_prefix(anchor)}{fragment}" if fragment else f"#{anchor}"


def chapter_id_prefix(anchor: str) -> str:
    return f"{anchor}--"


def _tabs_as_sections(soup: BeautifulSoup) -> None:
    """pymdownx.tabbed (alternate style): radio inputs, a row of labels, then one block per tab."""
    for tab_set in soup.select("div.tabbed-set"):
        labels = [label.get_text(" ", strip=True) for label in tab_set.select(":scope > .tabbed-labels > label")]
        blocks = tab_set.select(":scope > .tabbed-content > .tabbed-block")
        if len(labels) != len(blocks):
            raise ValueError(f"a tab set has {len(labels)} labels but {len(blocks)} panels")
        replacement = soup.new_tag("div", attrs={"class": "tab-sections"})
        for label, block in zip(labels, blocks):
            section = soup.new_tag("section", attrs={"class": "tab-section", "aria-label": label})
            title = soup.new_tag("p", attrs={"class": "tab-section__label"})
            title.string = label
            section.append(title)
            for child in list(block.contents):
                section.append(child.extract())
            replacement.append(section)
        tab_set.replace_with(replacement)

