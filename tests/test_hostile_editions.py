"""Hostile and mistaken input against links, navigation and the public edition (issue 12, items 5 and 6).

Cases are real file trees under tests/hostile/{links,leaks,strict}/, laid out like the repository. The
check cases are overlaid together on one copy of the project and checked once; each probe page's findings
are asserted exactly. The build cases run the real `make site` / `make offline` on a project copy. The
edition leak test itself (an internal canary with a './' nav entry and an image only it shows) is in
tests/test_editions.py, which builds both editions once.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from conftest import HOSTILE, REPO, overlay, run_check, run_make, with_make
from helpers import edit
from policysite import editions, links, rendered
from policysite.findings import FindingsError

FIX_LEAVES = "link to the page in the same language; the language link in the header leads to the other one"
FIX_INTERNAL_LINK = "remove the link, or classify this document as internal too"
FIX_MENTION = ("remove the mention (the public edition leaves that document out), "
               "or classify this page as internal too")
FIX_NAV = "write the path of a page relative to docs/sv/ (e.g. 'kontakt.md'); the navigation lists pages only"

# Links the old line regex missed or misread; each is now read from the rendered Markdown.
LINKS = {
    "reference-style": ["docs/sv/prov-referens.md:17: link 'rutin-finns-inte.md' points to a page that does not exist "
                        "— fix the path, or create docs/sv/rutin-finns-inte.md"],
    "titled-anchor": ["docs/sv/prov-rubrik.md:15: link '#finns-inte' points to a heading that does not exist — "
                      "use one of the heading ids of docs/sv/prov-rubrik.md: prov-med-rubriklank, steg"],
    "angle-target": ["docs/sv/prov-vinkel.md:15: link 'ny rutin.md' points to a page that does not exist — "
                     "fix the path, or create docs/sv/ny rutin.md"],
    "split-over-lines": [f"docs/sv/prov-radbrytning.md:16: link '../en/kontakt.md' leaves the sv pages — {FIX_LEAVES}"],
    "missing-image": ["docs/sv/prov-bild.md:17: image 'bild-finns-inte.png' points to a file that does not exist — "
                      "fix the path, or add docs/sv/bild-finns-inte.png"],
    "reference-image": ["docs/sv/prov-referensbild.md:17: image 'bilder/karta-saknas.svg' points to a file that does "
                        "not exist — fix the path, or add docs/sv/bilder/karta-saknas.svg"],
    "absolute-path": ["docs/sv/prov-absolut.md:15: link '/kontakt/' is an absolute path — write the path relative to "
                      "this page (e.g. 'kontakt.md'); an absolute path breaks under another SITE_URL and in the offline copy"],
    "folder": ["docs/sv/prov-mapp.md:15: link 'principer/' points to a folder — "
               "link to the page's Markdown file, e.g. 'principer/index.md'"],
}

# What a public page must not carry: links to, and names of, internal documents; files no page uses.
LEAKS = {
    "internal-id-in-text": [f"docs/en/prov-id.md:4: public page names internal document SAK-RUT-001 — {FIX_MENTION}",
                            f"docs/sv/prov-id.md:15: public page names internal document SAK-RUT-001 — {FIX_MENTION}"],
    "internal-title-in-text": ["docs/en/prov-titel.md:10: public page names internal document SAK-RUT-001 by its title "
                               "'Routine for reporting deficiencies in security and crisis preparedness' — " + FIX_MENTION],
    "reference-link-to-internal": ["docs/sv/prov-intern-referens.md:17: public document links to internal document "
                                   f"SAK-RUT-001 — {FIX_INTERNAL_LINK}"],
    "footnote-link-to-internal": [f"docs/sv/prov-fotnot.md:17: public document links to internal document SAK-RUT-001 "
                                  f"— {FIX_INTERNAL_LINK}"],
    "attribute-link-to-internal": [f"docs/sv/prov-attribut.md:15: public document links to internal document "
                                   f"SAK-RUT-001 — {FIX_INTERNAL_LINK}"],
    "unlinked-file": [f"docs/{path}:1: no page links to or shows this file — link it from the page that needs it, or "
                      "delete it; each edition publishes a file with the pages that use it"
                      for path in ("en/bilder/oanvand.svg", "sv/bilaga-utan-lank.pdf")],
}


def case_files(folder: Path) -> set[str]:
    """The repository paths a hostile case adds (docs/sv/prov-id.md, …)."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def check_cases(project: Path, kind: str, cases: dict[str, list[str]]) -> None:
    """Overlay every case of a class, check once, and compare each case's findings with the expected ones."""
    probes = set()
    for case in cases:
        overlay(project, HOSTILE / kind / case)
        probes |= case_files(HOSTILE / kind / case)
    result = run_check(project)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output
    found = [line for line in result.stdout.splitlines() if line.split(":", 1)[0] in probes]
    assert sorted(found) == sorted(line for lines in cases.values() for line in lines)
    assert sorted(HOSTILE.joinpath(kind).iterdir()) == sorted(HOSTILE / kind / case for case in cases)


def test_links_are_read_from_the_rendered_markdown(project_copy):
    check_cases(project_copy, "links", LINKS)


def test_a_public_page_carries_nothing_internal_and_every_file_is_used(project_copy):
    check_cases(project_copy, "leaks", LEAKS)


def test_the_real_site_has_no_finding_about_links_or_leaks():
    result = run_check(REPO)
    assert "Traceback" not in result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines()
            if any(text in line for text in (": link '", ": image '", "internal document", "no page links"))] == []


def test_every_kind_of_link_is_found_with_its_line():
    body = ("[a][ref] and [b](<med mellanrum.md> \"Titel\") and <https://example.org/>\n"  # line 10
            "[delad\n"
            "länk](rutin.md#steg) ![bild](bilder/karta.png){ width=3 } text[^1]\n"  # line 12
            "\n"
            "```\n[kod](kod.md)\n```\n"  # lines 14-16: code, not a link
            "`[inline](inline.md)` [post](mailto:a@example.org) [igen](rutin.md)\n"  # line 17
            "\n"
            "[ref]: ref%C3%A4.md\n"  # line 19
            "[^1]: Se [fotnoten](fot.md).\n")  # line 20
    found = [(link.target, link.anchor, link.line, link.image) for link in links.page_links(body, 10)]
    assert found == [("refä.md", None, 19, False), ("med mellanrum.md", None, 10, False),
                     ("rutin.md", "steg", 12, False), ("bilder/karta.png", None, 12, True),
                     ("rutin.md", None, 17, False), ("fot.md", None, 20, False)]


def test_the_link_parser_renders_with_the_sites_markdown_extensions():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    assert rendered.site_settings().extensions == [*rendered.MKDOCS_EXTENSIONS,
                                                   *(name for name in names if name not in rendered.MKDOCS_EXTENSIONS)]


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_nav_entries_are_normalised_and_must_name_a_page():
    config = HOSTILE / "strict" / "nav-entries" / "mkdocs.yml"
    nav = yaml.safe_load(config.read_text(encoding="utf-8"))["nav"]
    pages = {p.relative_to(REPO / "docs" / "sv").as_posix() for p in (REPO / "docs" / "sv").rglob("*.md")}
    try:
        editions.checked_nav(nav, pages, config)
    except FindingsError as exc:
        found = [str(finding) for finding in exc.findings]
    else:
        raise AssertionError("the hostile nav entries were accepted")
    lines = config.read_text(encoding="utf-8").splitlines()
    refused = ("sv/kontakt.md", "kontakt.md#rapportera-en-brist", "finns-inte.md", "https://example.org/",
               "javascript:alert(1)", "../en/kontakt.md")
    assert found == [f"mkdocs.yml:{next(n for n, line in enumerate(lines, 1) if line.rstrip().endswith(entry))}: "
                     f"nav entry '{entry}' names no page — {FIX_NAV}" for entry in refused]  # in the file's order
    accepted = [nav[0], nav[1], {"Principer": [nav[2]["Principer"][0]]}]
    assert editions.checked_nav(accepted, pages, config) == ["index.md", "rutin-rapportera-brister.md",
                                                             {"Principer": ["principer/index.md"]}]
    assert editions.prune_nav(editions.checked_nav(accepted, pages, config), {"rutin-rapportera-brister.md"}) == [
        "index.md", {"Principer": ["principer/index.md"]}]


# --- `make site` and `make offline` -------------------------------------------------------------------

def make(project: Path, target: str, cache: Path) -> subprocess.CompletedProcess:
    return run_make(project, target, POLICYSITE_PDF_CACHE=str(cache))


def test_make_site_and_make_offline_stop_on_a_broken_image_and_a_bad_nav_entry(project_copy, tmp_path):
    with_make(project_copy)
    previous = project_copy / "site"
    previous.mkdir()
    (previous / "index.html").write_text("last good site", encoding="utf-8")

    # A broken image path: the check stops `make site` at the image's line.
    case = HOSTILE / "links" / "missing-image"
    overlay(project_copy, case)
    result = make(project_copy, "site", tmp_path / "cache")
    assert result.returncode != 0
    assert LINKS["missing-image"][0] in result.stdout.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    for path in case_files(case):
        (project_copy / path).unlink()

    # A nav entry that names no page passes the check and stops the build at its line, before any output.
    edit(project_copy / "mkdocs.yml", "  - kontakt.md\n", "  - kontakt.md\n  - sv/kontakt.md\n")
    line = next(n for n, text in enumerate((project_copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text == "  - sv/kontakt.md")
    expected = f"mkdocs.yml:{line}: nav entry 'sv/kontakt.md' names no page — {FIX_NAV}"
    for target in ("site", "offline"):
        result = make(project_copy, target, tmp_path / "cache")
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert expected in output and "Traceback" not in output
        assert "INFO" not in output  # quiet: warnings and errors only
    assert (previous / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in previous.iterdir()) == ["index.html"]
    assert not (project_copy / "site.new").exists() and not (project_copy / "dist").exists()


def test_the_publishing_build_refuses_options_that_hide_warnings():
    from policysite.build import main

    for option in ("--quiet", "-q", "--no-strict"):
        assert main(["--site-dir", "x", option]) == 2


def test_make_check_refuses_a_nav_entry_that_names_no_page(project_copy):
    edit(project_copy / "mkdocs.yml", "  - kontakt.md\n", "  - kontakt.md\n  - ./sv/kontakt.md\n")
    line = (project_copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines().index("  - ./sv/kontakt.md") + 1
    result = run_check(project_copy)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"mkdocs.yml:{line}: nav entry './sv/kontakt.md' names no page — {FIX_NAV}"
    assert "Traceback" not in result.stdout + result.stderr
