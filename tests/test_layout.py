"""Every page of both languages, in a real Chromium at a phone's, a tablet's and a desktop's width: no table, code
block or diagram has content cut off without a cue.

An element counts as clipped when its own content is wider than its box (text cut short or spilling over its
neighbours), or when it reaches past the right (or left) edge of the viewport or of an ancestor that clips
horizontally. Clipping is allowed only inside a scroll region that is visibly marked as one. The cue, set by
overrides/assets/javascripts/focusable-scroll-regions.js and overrides/assets/stylesheets/tables.css, is:
the region scrolls sideways (overflow-x auto or scroll), carries `data-policy-scroll-focus` (so it is in the tab
order and shows a focus ring) and is drawn with a shadow at each edge where content continues (a background
gradient). At a phone's width no table cell may be out of view, scroll region or not: every table stacks its
rows, and every data cell names its column (`data-label`, shown before the cell's text); the column headings
themselves are then visually hidden (a 1 px box, for screen readers), which is not clipping.
"""

from __future__ import annotations

import markdown
import pytest

from browsing import every_page, url_for
from conftest import open_page
from policysite.model import LANGUAGES

WIDTHS = (390, 768, 1280)
PHONE_WIDTH = 390  # tables are stacked rows at this width (tables.css switches at 37.5em = 600 px)
HEIGHT = 900

# One call per page: what is clipped, as "element: problem" lines. Runs after the theme has mounted the page
# and the scroll-region script has marked what overflows (both wait for an animation frame).
CLIPPED = r"""async (phone) => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const viewport = document.documentElement.clientWidth;
  const found = [];
  const describe = el => {
    const classes = [...el.classList].filter(c => !c.startsWith("md-typeset__")).join(".");
    const text = el.textContent.trim().replace(/\s+/g, " ").slice(0, 50);
    return `<${el.tagName.toLowerCase()}${classes ? "." + classes : ""}> "${text}"`;
  };
  const scrolls = style => style.overflowX === "auto" || style.overflowX === "scroll";
  const cued = el => {
    const style = getComputedStyle(el);
    return scrolls(style) && el.hasAttribute("data-policy-scroll-focus") && el.tabIndex === 0
      && style.backgroundImage.includes("gradient");
  };
  if (document.documentElement.scrollWidth > viewport + 1) {
    found.push(`the page itself is ${document.documentElement.scrollWidth} px wide and scrolls sideways`);
  }
  const content = document.querySelector("article.md-content__inner");
  if (!content) return found;
  const targets = content.querySelectorAll(
    "table, caption, th, td, pre, pre > code, .policy-chart, .policy-chart__role, .policy-chart__relation, "
    + ".policy-chart__level-name, .policy-chart figcaption");
  for (const el of targets) {
    if (!el.getClientRects().length) continue;  // not shown (a filtered row, a closed <details>)
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Its own content wider than its box: cut short (overflow hidden, an ellipsis) or spilling over.
    if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== "TABLE" && !(scrolls(style) && cued(el))) {
      found.push(`${describe(el)}: its content is ${el.scrollWidth} px wide in a box of ${el.clientWidth} px`
                 + (scrolls(style) ? ", in a scroll region with no visible cue" : ""));
      continue;
    }
    // Out of sight: past the edge of the nearest ancestor that clips it, or of the viewport.
    let clipper = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === "visible") continue;
      const r = a.getBoundingClientRect();
      const left = r.left + a.clientLeft;
      if (box.right > left + a.clientWidth + 1 || box.left < left - 1) { clipper = a; break; }
    }
    if (clipper && clipper.getBoundingClientRect().width <= 1 && clipper.getBoundingClientRect().height <= 1) {
      continue;  // visually hidden on purpose, for screen readers (a stacked table's column headings)
    }
    if (clipper && !cued(clipper)) {
      found.push(`${describe(el)}: cut off at the edge of ${describe(clipper).split(" ")[0]}, which has no visible cue`);
    } else if (clipper && phone && el.tagName === "TD") {
      found.push(`${describe(el)}: out of view in a scroll region; at a phone's width every cell must be in view`);
    } else if (!clipper && (box.right > viewport + 1 || box.left < -1)) {
      found.push(`${describe(el)}: spans x ${Math.round(box.left)}–${Math.round(box.right)}, outside the viewport `
                 + `(0–${viewport})`);
    }
    if (phone && el.tagName === "TD" && !(el.getAttribute("data-label") || "").trim()) {
      found.push(`${describe(el)}: a stacked cell without data-label does not say which column it is`);
    }
  }
  return found;
}"""


def pages_of_the_site(site, server) -> list[str]:
    """Every page of both languages, as the built site holds them (comparisons and the 404 pages included)."""
    return [url_for(site, server, path) for language in LANGUAGES for path in every_page(site, language)]


@pytest.mark.browser
@pytest.mark.slow
def test_no_table_code_block_or_diagram_is_clipped_without_a_cue(browser, site, server):
    urls = pages_of_the_site(site, server)
    assert len(urls) >= 40, urls
    problems = []
    for width in WIDTHS:
        page = open_page(browser, server, viewport={"width": width, "height": HEIGHT})
        try:
            for url in urls:
                # The theme and our scripts lay the page out on DOMContentLoaded; the site loads no web fonts or
                # images that could move it later (CLIPPED also waits two frames for the scroll-region script).
                page.goto(url, wait_until="domcontentloaded")
                problems += [f"{url} at {width} px: {line}" for line in page.evaluate(CLIPPED, width == PHONE_WIDTH)]
        finally:
            page.context.close()
    assert problems == [], f"{len(problems)} clipped element(s):\n" + "\n".join(problems)


def test_every_cell_of_a_markdown_table_names_its_column():
    # policysite.tables (added to the site's Markdown by hooks/documents.py): each column's heading as the reader
    # sees it, with inline markup, a glossary abbreviation, an escaped character and raw HTML reduced to text.
    text = (r"| *Roll* \| ansvar | Vad <span>policyn</span> säger | Källa |" "\n"
            "|---|---|---|\n"
            "| Medarbetare | Rapporterar brister. | 1.0 |\n"
            "| [Chef](chef.md) | Ansvarar. | 2018 |\n"
            "\n"
            "*[Roll]: en funktion i organisationen\n")
    html = markdown.markdown(text, extensions=["tables", "abbr", "attr_list", "md_in_html", "policysite.tables"])
    cells = [line for line in html.splitlines() if line.startswith("<td")]
    assert cells == [
        '<td data-label="Roll | ansvar">Medarbetare</td>',
        '<td data-label="Vad policyn säger">Rapporterar brister.</td>',
        '<td data-label="Källa">1.0</td>',
        '<td data-label="Roll | ansvar"><a href="chef.md">Chef</a></td>',
        '<td data-label="Vad policyn säger">Ansvarar.</td>',
        '<td data-label="Källa">2018</td>',
    ]
