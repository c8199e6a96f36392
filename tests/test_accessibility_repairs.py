"""policysite.accessibility without a browser: task-list checkboxes get their item's own text as their name."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import REPO
from policysite import accessibility, rendered

TASKS = ("Ett stycke med radbrytningstecken\u2028och\r\nsådant.\n\n"
         "- [ ] Läs *policyn* &amp; rutinen &lt;här&gt; <!-- inte synlig -->\n"
         "- [x] Ge koderna\n"
         "    - [ ] Inre punkt\n"
         "    - en vanlig punkt\n"
         "\n"
         "    Stycke efter den inre listan.\n")


def names(html: str) -> list[str]:
    """The aria-label of every checkbox, as a browser's parser reads the page."""
    return [box.get("aria-label") for box in BeautifulSoup(html, "html.parser").find_all("input")
            if box.get("type", "").lower() == "checkbox"]


def test_each_checkbox_is_named_by_its_items_own_text():
    html = rendered.render(TASKS, rendered.site_settings())
    labelled = accessibility.label_task_list_checkboxes(html)
    assert names(labelled) == ["Läs policyn & rutinen <här> inte synlig",
                               "Ge koderna Stycke efter den inre listan.", "Inre punkt"]
    assert re.sub(r' aria-label="[^"]*"', "", labelled) == html  # nothing else on the page changes


def test_a_named_checkbox_and_a_page_without_tasks_are_left_alone():
    named = '<ul class="task-list"><li class="task-list-item"><input aria-label="Egen" type="checkbox"> Text</li></ul>'
    assert accessibility.label_task_list_checkboxes(named) == named
    page = (REPO / "docs" / "sv" / "kontakt.md").read_text(encoding="utf-8")
    assert accessibility.label_task_list_checkboxes(page) is page


def test_an_item_without_its_own_checkbox_names_the_first_one_inside_it():
    html = ('<ul><li class="task-list-item">Yttre<ul><li class="task-list-item"><input type="CHECKBOX"/> inre'
            '</li></ul></li></ul>')
    assert names(accessibility.label_task_list_checkboxes(html)) == ["Yttre"]
