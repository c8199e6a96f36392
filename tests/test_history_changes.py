"""The comparison of SAK-POL-001 1.0 -> 2.0 in a built site: reworded and moved goals are paired, a reader can see
only the changes, and the editors' account of version 2.0 (front matter `changes:`) is shown on the comparison and
on the policy page, in both languages, as their summary and never as decided text.

One build of a clone of the project (its own Git record of the two decisions) with the working files on top, and
`changes:` items of the test's own, one of them hostile, in place of whatever the policy lists.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gitrepo
from conftest import PROJECT_PARTS, REPO, build, shared
from helpers import normalise_space
from policysite.data import load_labels
from policysite.history.views import changes_view
from policysite.model import Document, PartialDate

HOSTILE = 'Text med <script>window.__pwned = 1</script> & "citat" visas som text.'
CHANGES = {
    "sv": ["Mål 1 omfattar nu också resande.", HOSTILE],
    "en": ["Goal 1 now also covers travellers.", HOSTILE],
}
COMPARISON = Path("historik/sak-pol-001/v1.0-v2.0/index.html")
POLICY = Path("sakerhetspolicy/index.html")


def with_changes(page: Path, items: list[str]) -> None:
    """The page's front matter with `changes:` listing exactly `items` (any list it had is replaced)."""
    _, front, body = page.read_text(encoding="utf-8").split("---\n", 2)
    kept, skipping = [], False
    for line in front.splitlines():
        skipping = line.startswith("changes:") or (skipping and line.startswith((" ", "-")))
        if not skipping:
            kept.append(line)
    block = ["changes:", *(f"  - {json.dumps(item, ensure_ascii=False)}" for item in items)]
    page.write_text("---\n" + "\n".join([*kept, *block]) + "\n---\n" + body, encoding="utf-8")


# A routine of the test's own whose paragraph moves from under a heading with a script (as code) to another heading.
PROBE = "rutin-prov.md"
SCRIPT_TEXT = "<script>window.__pwned = 1</script>"
PROBE_FRONT = {
    "sv": "---\nid: SAK-RUT-951\ntitle: Provrutin\ntype: routine\nstatus: approved\nversion: \"{version}\"\n"
          "owner: sakerhetschef\napproved_by: regiondirektor\napproved: {date}\nclassification: public\n"
          "audience: [employees]\n---\n\n# Provrutin\n\n",
    "en": "---\nid: SAK-RUT-951\ntitle: Probe routine\ntranslation_of_version: \"{version}\"\n---\n\n"
          "# Probe routine\n\n",
}
PROBE_BODY = {
    ("sv", "1.0"): "## Steg med `{script}` {{#steg}}\n\nBrickan lämnas tillbaka i receptionen vid utgången.\n\n"
                   "## Ansvar {{#ansvar}}\n\nVärden ansvarar för besökaren.\n",
    ("sv", "2.0"): "## Ansvar {{#ansvar}}\n\nVärden ansvarar för besökaren.\n\n"
                   "Brickan lämnas tillbaka i receptionen vid utgången.\n",
    ("en", "1.0"): "## Steps with `{script}` {{#steg}}\n\nThe badge is returned at reception on the way out.\n\n"
                   "## Responsibility {{#ansvar}}\n\nThe host is responsible for the visitor.\n",
    ("en", "2.0"): "## Responsibility {{#ansvar}}\n\nThe host is responsible for the visitor.\n\n"
                   "The badge is returned at reception on the way out.\n",
}


def write_probe(project: Path, version: str, date: str) -> None:
    for language in ("sv", "en"):
        (project / "docs" / language / PROBE).write_text(
            PROBE_FRONT[language].format(version=version, date=date)
            + PROBE_BODY[(language, version)].format(script=SCRIPT_TEXT), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if f"  - {PROBE}\n" not in text:
        config.write_text(text.replace("\nnav:\n  - index.md\n", f"\nnav:\n  - index.md\n  - {PROBE}\n", 1),
                          encoding="utf-8")


@pytest.fixture(scope="session")
def changes_site(tmp_path_factory) -> Path:
    return shared(tmp_path_factory, "changes", make_changes_site) / "site"


def make_changes_site(folder: Path) -> None:
    project = folder / "project"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(project)], check=True, capture_output=True)
    for version, date in (("1.0", "2024-03-12"), ("2.0", "2025-01")):
        write_probe(project, version, date)
        gitrepo.commit_all(project, f"Provrutin {version}\n\nDecision: SAK-RUT-951/v{version}; regiondirektor; {date}; "
                                    f"unknown\nChange-type: substantive")
    for part in PROJECT_PARTS:  # the working files, as the other builds use them
        target = project / part
        if target.is_dir():
            shutil.rmtree(target)
            shutil.copytree(REPO / part, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / part, target)
    write_probe(project, "2.0", "2025-01")
    for language, items in CHANGES.items():
        with_changes(project / "docs" / language / "sakerhetspolicy.md", items)
    result = build(project, folder / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return normalise_space(element.get_text(" "))


@pytest.mark.parametrize("language, goal", [
    ("", "Flyttat och ändrat (tidigare under ”Mål”) Korrekt information ska [borttagen text: komma fram till slut på "
         "ändring] [tillagd text: nå slut på ändring] rätt mottagare i rätt tid. [borttagen text: Den slut på ändring] "
         "[tillagd text: Informationen slut på ändring] ska vara skyddad mot obehörig åtkomst och mot förstörelse."),
    ("en", "Moved and changed (previously under “Goals”) Correct information shall reach the right recipient at the "
           "right time. [removed text: It end of change] [added text: The information end of change] shall be "
           "protected against unauthorised access and against destruction."),
])
def test_the_comparison_pairs_the_reworded_and_moved_goals(changes_site, language, goal):
    page = soup(changes_site / language / COMPARISON)
    items = [block for block in page.select(".policy-diff .policy-diff__kind--li")
             if block.find(class_="policy-diff__moved-from")]
    assert len(items) == 5
    assert all("policy-diff__block--changed" in block["class"] for block in items)
    assert text(items[1]) == goal


@pytest.mark.parametrize("language, counts", [
    ("", "11 ändrade stycken (varav 7 flyttade), 0 flyttade men oförändrade, 20 tillagda och 39 borttagna; "
         "2 oförändrade på samma plats."),
    ("en", "12 changed paragraphs (7 of them moved), 0 moved but unchanged, 19 added and 38 removed; "
           "2 unchanged in place."),
])
def test_the_counts_name_every_kind_of_change(changes_site, language, counts):
    assert text(soup(changes_site / language / COMPARISON).select_one(".policy-diff__counts")) == counts


@pytest.mark.parametrize("language, label, skipped", [
    ("", "Visa bara ändringarna", "1 oförändrat stycke"),
    ("en", "Show only the changes", "1 unchanged paragraph"),
])
def test_only_the_changes_is_a_checkbox_and_css_without_script(changes_site, language, label, skipped):
    page = soup(changes_site / language / COMPARISON)
    view = page.select_one(".policy-diff-view")
    box = view.select_one('label > input[type="checkbox"]#diff-only-changes')
    assert text(box.parent) == label
    # Each run of unchanged blocks ("Omfattning", "Planering och uppföljning") has its count, which the view shows.
    assert [text(p) for p in view.select(".policy-diff__skipped")] == [skipped, skipped]
    assert [b.find_previous_sibling().get("class") for b in view.select(".policy-diff__block--equal")] == \
        [["policy-diff__skipped"]] * 2
    assert not view.select("script, style, [style], [onclick], [onchange]")
    css = (changes_site / "assets" / "stylesheets" / "policy.css").read_text(encoding="utf-8")
    assert ".policy-diff-view:has(#diff-only-changes:checked) .policy-diff__block--equal { display: none; }" in css
    assert ".policy-diff-view:has(#diff-only-changes:checked) .policy-diff__skipped { display: block; }" in css


EDITORS = {
    "": ("Vad ändrades i version 2.0 (november 2018)?",
         "Redaktionens sammanfattning. Den är inte en del av den beslutade texten.",
         "Jämför version 1.0 och 2.0 ord för ord"),
    "en": ("What changed in version 2.0 (November 2018)?",
           "The editors' summary. It is not part of the decided text.",
           "Compare versions 1.0 and 2.0 word by word"),
}


def editors_box(page: BeautifulSoup) -> tuple:
    (box,) = page.select("section.policy-changes")
    return (text(box.h2), text(box.select_one(".policy-changes__note")), [li.get_text() for li in box.select("li")],
            [(a.get_text(), a["href"]) for a in box.select("a")], box.select("script"))


@pytest.mark.parametrize("language", ["", "en"])
def test_the_editors_account_heads_the_comparison(changes_site, language):
    page = soup(changes_site / language / COMPARISON)
    heading, note, _ = EDITORS[language]
    assert editors_box(page) == (heading, note, CHANGES[language or "sv"], [], [])
    box = page.select_one("section.policy-changes")
    assert box.find_next("h2", id="text") is not None and box.find_previous(class_="policy-diff") is None


@pytest.mark.parametrize("language", ["", "en"])
def test_the_editors_account_is_on_the_policy_page_before_its_history(changes_site, language):
    page = soup(changes_site / language / POLICY)
    heading, note, link = EDITORS[language]
    href = "../historik/sak-pol-001/v1.0-v2.0/"
    assert editors_box(page) == (heading, note, CHANGES[language or "sv"], [(link, href)], [])
    assert (changes_site / language / POLICY).parent.joinpath(href, "index.html").resolve().is_file()
    box = page.select_one("section.policy-changes")
    assert box.find_next("section", class_="policy-history") is not None
    assert box.find_previous("h2", id="mal") is not None  # after the text
    assert "window.__pwned" not in " ".join(script.get_text() for script in page.select("script"))


def test_a_document_without_changes_has_no_editors_box(changes_site):
    assert not soup(changes_site / "sakerhetsprocessen" / "index.html").select("section.policy-changes")


@pytest.mark.parametrize("language, moved", [
    ("", "Flyttat (tidigare under ”Steg med <script>window.__pwned = 1</script>”) Brickan lämnas tillbaka i "
         "receptionen vid utgången."),
    ("en", "Moved (previously under “Steps with <script>window.__pwned = 1</script>”) The badge is returned at "
           "reception on the way out."),
])
def test_the_heading_a_block_moved_from_is_shown_as_text(changes_site, language, moved):
    page = soup(changes_site / language / "historik" / "sak-rut-951" / "v1.0-v2.0" / "index.html")
    (block,) = page.select(".policy-diff .policy-diff__block--moved")
    assert text(block) == moved
    assert not page.select(".policy-diff script") and "__pwned" not in " ".join(s.get_text() for s in page("script"))


# --- The box's heading and note, without a build --------------------------------------------------------------------

def document(language: str, changes: tuple[str, ...]) -> Document:
    return Document(id="SAK-RUT-951", language=language, path="rutin-prov.md", title="Provrutin", description=None,
                    type="routine", status="approved", version="1.0", owner="sakerhetschef",
                    approved_by="regiondirektor", approved=PartialDate(2024, 3, 12), case_number=None,
                    valid_from=None, review_interval_months=None, last_reviewed=None, classification="public",
                    audience=("employees",), changes=changes)


def test_the_heading_names_the_decision_month_and_never_the_day():
    labels = load_labels(REPO / "data" / "labels.yml")
    sv, en = (changes_view(document(language, ("Ny punkt.",)), "1.0", PartialDate(2024, 3, 12),
                           {"changes": {key: value[language] for key, value in labels["changes"].items()}})
              for language in ("sv", "en"))
    assert (sv.heading, sv.items, sv.comparison_url) == ("Vad ändrades i version 1.0 (mars 2024)?", ("Ny punkt.",), None)
    assert en.heading == "What changed in version 1.0 (March 2024)?"


def test_without_a_decision_date_the_heading_has_none_and_without_changes_there_is_no_box():
    labels = {"changes": {"heading": "Vad ändrades i version {version}?", "heading_dated": "–", "note": "Not",
                          "comparison": "Jämför {old} och {new}"}}
    assert changes_view(document("sv", ("Punkt.",)), "1.0", None, labels).heading == "Vad ändrades i version 1.0?"
    assert changes_view(document("sv", ()), "1.0", None, labels) is None
