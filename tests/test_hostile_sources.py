"""Hostile and mistaken sources (issue 12, items 1, 2 and 9): files, encodings, schemas, data, dates and limits.

Each class is a folder tests/hostile/<class>/ with one case per subfolder, laid out like the repository. All
cases of a class are laid over one copy of the project and checked together, as `make check` checks it: every
case's exact `path:line: problem — fix` must be in the output, every error must name a file of the class's
tree, and nothing may print a traceback. What Git cannot hold well (symbolic links, pipes, files of a megabyte)
is made by the test code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CHECK, HOSTILE, build, overlay, run_check

CLASSES = ("files", "encoding", "schema", "data", "dates", "limits")
TODAY = "2026-12-01"  # the dates class is checked on this day; no date in the real content is later

EXPECTED: dict[str, dict[str, list[str]]] = {
    "files": {
        "outside-language-folders": [
            "docs/anteckning.md:1: the file is outside the language folders — move it under one of: docs/sv/, docs/en/, or remove it"],
        "other-language-folder": [
            "docs/fr/kontakt.md:1: the file is outside the language folders — move it under one of: docs/sv/, docs/en/, or remove it"],
        "hidden-file-in-docs": [
            "docs/.htaccess:1: the file is outside the language folders — move it under one of: docs/sv/, docs/en/, or remove it"],
        "markdown-suffix": ["docs/sv/rutin-ny.markdown:1: the page ends in '.markdown', not '.md' — rename it to rutin-ny.md"],
        "uppercase-suffix": ["docs/en/Contact.MD:1: the page ends in '.MD', not '.md' — rename it to Contact.md"],
        "mkd-suffix": ["docs/sv/principer/ny.mkd:1: the page ends in '.mkd', not '.md' — rename it to ny.md"],
    },
    "encoding": {
        "latin1-page": ["docs/sv/kontakt.md:4: the file is not UTF-8: byte 0xE4 cannot be read (it looks like Windows-1252 "
                        "or Latin-1) — save it as UTF-8 without BOM"],
        "utf8-bom-page": ["docs/en/kontakt.md:1: the file is saved as UTF-8 with a byte-order mark — save it as UTF-8 without BOM"],
        "utf16-page": ["docs/sv/sakerhetsfunktionen.md:1: the file is saved as UTF-16 LE (it starts with a byte-order mark) "
                       "— save it as UTF-8 without BOM"],
        "nul-byte-page": ["docs/en/sakerhetsfunktionen.md:10: the file contains a NUL byte — remove it; a text file never "
                          "contains one (was a binary file saved here?)"],
        "control-character-in-front-matter": [
            "docs/sv/sakerhetsprocessen.md:3: front matter: the character U+001B is not allowed in YAML — remove it "
            "(control characters are invisible and have no place in the metadata)"],
        "cp1252-data-file": ["data/roles.yml:4: the file is not UTF-8: byte 0xE4 cannot be read (it looks like "
                             "Windows-1252 or Latin-1) — save it as UTF-8 without BOM"],
        "utf16-be-data-file": ["data/glossary.yml:1: the file is saved as UTF-16 BE (it starts with a byte-order mark) "
                               "— save it as UTF-8 without BOM"],
        "cp1252-mkdocs-yml": ["mkdocs.yml:1: the file is not UTF-8: byte 0x97 cannot be read (it looks like Windows-1252 "
                              "or Latin-1) — save it as UTF-8 without BOM"],
    },
    "schema": {
        "duplicate-key-publishes": [
            "docs/sv/sakerhetsprocessen.md:10: front matter: the key 'classification' is given twice (also on line 9) "
            "— remove one of them; YAML would silently keep only the last"],
        "template-key": ["docs/sv/ansvar-och-roller.md:10: the theme key 'template' is not allowed: a page cannot choose "
                         "the template it is rendered with — remove it"],
        "search-key": ["docs/en/ansvar-och-roller.md:5: the theme key 'search' is not allowed: every document is "
                       "searchable in its language — remove it"],
        "hide-metadata-on-a-draft": [
            "docs/sv/rutin-rapportera-brister.md:10: 'hide: [metadata]' would hide the metadata and banner of this "
            "routine, which is draft — remove 'metadata' from hide; only published information pages may leave out the "
            "metadata panel"],
        "hide-metadata-on-a-policy": [
            "docs/en/sakerhetspolicy.md:6: 'hide: [metadata]' would hide the metadata and banner of this policy, which is "
            "approved — remove 'metadata' from hide; only published information pages may leave out the metadata panel"],
        "hide-unknown-part": ["docs/en/sakerhetsprocessen.md:5: 'hide' has an invalid value ['banner'] — 'banner' cannot "
                              "be hidden; use one or more of: navigation, toc, footer, path, metadata"],
        "anchor-and-alias": ["docs/en/principer/ansvarsprincipen.md:3: front matter: the anchor '&title' is not allowed "
                             "here — remove it and write every value out where it is used"],
        "alias-bomb": ["docs/sv/principer/narhetsprincipen.md:2: front matter: the anchor '&a' is not allowed here — "
                       "remove it and write every value out where it is used"],
        "merge-key": ["docs/en/principer/narhetsprincipen.md:5: front matter: the merge key '<<' is not allowed here — "
                      "write every key out in this mapping"],
        "escaped-control-character": [
            "docs/en/kontakt.md:3: 'title' has an invalid value 'Contact\\x07' — remove the control character "
            "'\\x07' (an escape such as \\x01 in quotes writes one)",
            "docs/sv/riktlinje-sakerhet-och-krisberedskap.md:11: 'change_summary' has an invalid value "
            "'Riktlinjen\\x1b[2J registreras.' — remove the control character '\\x1b' (an escape such as \\x01 in "
            "quotes writes one)"],
        "mapping-for-text": ["docs/sv/principer/likhetsprincipen.md:3: 'title' has an invalid value "
                             "{'sv': 'Likhetsprincipen'} — write it as non-empty text"],
        "list-for-version": ["docs/sv/leverantorer-och-konsulter.md:7: 'version' has an invalid value ['1.0', '2.0'] — "
                             "write MAJOR.MINOR in quotes, e.g. \"2.0\""],
        "key-that-is-not-text": ["docs/en/leverantorer-och-konsulter.md:5: front matter: the key 'yes' is read as true or "
                                 "false, not as text — write keys as plain words, or quote it: 'yes':"],
        "duplicate-role": ["data/roles.yml:130: the key 'regionfullmaktige' is given twice (also on line 10) — remove one "
                           "of them; YAML would silently keep only the last"],
        "alias-in-glossary": ["data/glossary.yml:14: the anchor '&riktlinje' is not allowed here — remove it and write "
                              "every value out where it is used"],
        "duplicate-key-in-extra": ["mkdocs.yml:107: the key 'edition' is given twice (also on line 92) — remove one of "
                                   "them; YAML would silently keep only the last"],
    },
    "data": {
        "glossary-schema": [
            "data/glossary.yml:7: glossary entry 'sakerhetspolicy' has sv forms 'säkerhetspolicyn', not a list of words — "
            "write forms as a list, e.g. forms: [riktlinjen, riktlinjer], or forms: []",
            "data/glossary.yml:20: glossary entry 'riktlinje' (en) has the unknown field 'example' — remove it or use one "
            "of: term, definition, forms",
            "data/glossary.yml:24: glossary id 'riktlinje' is also used on line 13 — give every entry its own id"],
        "labels-schema": [
            "data/labels.yml:3: the label 'permalink' is a text, not {sv: …, en: …} — write it as {sv: …, en: …} with a "
            "non-empty text in each language",
            "data/labels.yml:6: the label 'metadata.secret' is not used by the site — remove it, or add it to LABEL_KEYS "
            "in scripts/policysite/data.py where the code uses it",
            "data/labels.yml:13: the label 'metadata.case_number' has no en text — write it as {sv: …, en: …} with a "
            "non-empty text in each language",
            "data/labels.yml:120: the label 'history.diff_label' is missing; the templates and the code use it — add "
            "diff_label: {sv: …, en: …} under history"],
        "roles-schema": [
            "data/roles.yml:19: role 'regionstyrelsen' lacks name in both languages: name has no en text — write name: "
            "{sv: …, en: …}",
            "data/roles.yml:41: role 'regiondirektor' has the unknown field 'email' — remove it or use one of: name, "
            "name_in_policy_1_0, level, historical, successor, relations, responsibilities",
            "data/roles.yml:55: role 'sakerhetschef' has historical 'ja' — write true or false",
            "data/roles.yml:57: role 'sakerhetschef' relation 1 has kind 'reports-to', which is not how a policy words a "
            "relation — use one of: assists, reports-deficiencies-to; leave out a line no policy states",
            "data/roles.yml:76: role 'forvaltningschef' has reports_to, which does not say which policy states the line — "
            "write relations: [{kind: …, to: …, source: …}] for a line a policy states, or remove it",
            "data/roles.yml:105: role 'medarbetare' relation 1 leads to 'linjechef', which is not a role — use one of the "
            "role keys in this file",
            "data/roles.yml:121: role 'den-som-anlitar' responsibility 1 has source 'vgr-webbsida', which is not a decided "
            "text the site records — use one of: county-council-policy, policy-2018 (the policy that states it)"],
        "extra-schema": [
            "mkdocs.yml:81: extra.alternate[1].link 'javascript:alert(document.cookie)' leaves the site — link to the "
            "language's root relative to the site, e.g. ./ or en/",
            "mkdocs.yml:87: extra.contacts[0].unit has no en text — write unit: {sv: …, en: …}",
            "mkdocs.yml:89: extra.contacts[0].mailbox 'javascript:alert(1)' is not an e-mail address — write one address, "
            "e.g. sakerhet@example.se, or \"\" while none is decided",
            "mkdocs.yml:92: extra.contacts[1] has the unknown field 'fax' — remove it or use one of: role, unit, mailbox, "
            "phone",
            "mkdocs.yml:93: extra.generator is 'no' — write true or false (or !ENV [NAME, false])",
            "mkdocs.yml:94: extra.analytics is not a setting this site reads — remove it or use one of: alternate, "
            "contacts, generator, pdf, offline, edition"],
    },
    "dates": {
        "future-review-postpones": [
            "docs/sv/riktlinje-sakerhet-och-krisberedskap.md:12: 'last_reviewed' is 2099-01-01, after the check's date "
            "2026-12-01: a review in the future postpones the next review — set the date of the review that took place"],
        "review-before-approval": [
            "docs/sv/sakerhetspolicy.md:12: 'last_reviewed' (2018-10-15) is before 'approved' (2018-11) — the next review "
            "counts from the later date; set the date of the review that took place after the decision, or remove "
            "last_reviewed"],
        "future-approval": [
            "docs/sv/sakerhetsfunktionen.md:10: 'approved' is 2027-03, after the check's date 2026-12-01 — set the date of "
            "the decision that was taken; approve the document when the decision is made"],
        "future-assessment": [
            "docs/sv/tillganglighetsredogorelse.md:11: 'assessed' is 2027-01-10, after the check's date 2026-12-01 — set "
            "the date of the assessment that took place"],
        "far-future-review-overflows": [
            "docs/sv/kontakt.md:10: 'last_reviewed' has an invalid value '9999-12-01' — write a date with a year between "
            "1900 and 2100",
            "docs/sv/kontakt.md:11: 'review_interval_months' has an invalid value 1200 — write a whole number of months "
            "from 1 to 120, e.g. 12"],
        "five-digit-year": [
            "docs/sv/sakerhetsprocessen.md:10: 'valid_from' has an invalid value '10002-01-01' — write a real date as "
            "YYYY-MM-DD, or YYYY-MM when the source gives only the month"],
        "year-before-1900": ["docs/sv/ansvar-och-roller.md:10: 'valid_from' has an invalid value '1850-01' — write a date "
                             "with a year between 1900 and 2100"],
        "interval-as-text": ["docs/sv/rutin-rapportera-brister.md:10: 'review_interval_months' has an invalid value '12' — "
                             "write a whole number of months from 1 to 120, e.g. 12"],
        "interval-zero": ["docs/sv/leverantorer-och-konsulter.md:10: 'review_interval_months' has an invalid value 0 — "
                          "write a whole number of months from 1 to 120, e.g. 12"],
    },
    "limits": {
        "deep-nesting": ["docs/sv/principer/index.md:10: front matter: the values are nested more than 20 levels deep — "
                         "write a flatter structure"],
        "deep-block-nesting": ["data/glossary.yml:29: the values are nested more than 20 levels deep — write a flatter "
                               "structure"],
    },
}
CHECK_ARGS = {"dates": ("--today", TODAY)}


def case_files(cls: str) -> set[str]:
    return {path.relative_to(case).as_posix() for case in (HOSTILE / cls).iterdir()
            for path in case.rglob("*") if path.is_file()}


def assert_reported(result: subprocess.CompletedProcess, expected: list[str], files: set[str]) -> None:
    """Exit 1, every expected line, no error about a file outside the case, and no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    lines = result.stdout.splitlines()
    missing = [line for line in expected if line not in lines]
    assert not missing, "\n".join(["missing:", *missing, "output:", result.stdout])
    errors = [line for line in lines[:-1] if ": warning: " not in line and ": notice: " not in line]
    strays = [line for line in errors if line.split(":", 1)[0] not in files]
    assert not strays, "\n".join(strays)


def test_every_case_folder_has_its_expected_messages():
    for cls in CLASSES:
        assert sorted(p.name for p in (HOSTILE / cls).iterdir()) == sorted(EXPECTED[cls]), cls
        assert all(len(lines) >= 1 for lines in EXPECTED[cls].values())
        assert len(EXPECTED[cls]) > 1, f"{cls} needs more than one member"


@pytest.mark.parametrize("cls", CLASSES)
def test_each_hostile_class_is_reported_at_its_source(project_copy, cls):
    for case in sorted((HOSTILE / cls).iterdir()):
        overlay(project_copy, case)
    result = run_check(project_copy, *CHECK_ARGS.get(cls, ()))
    assert_reported(result, [line for lines in EXPECTED[cls].values() for line in lines], case_files(cls))


# --- What Git cannot hold well: links, pipes and large files, made here -----------------------------------------

LINK_MESSAGE = ("this is a symbolic link; only regular files of the repository are read or published — replace it with "
                "the file itself, or remove it")


def make_links(project: Path, outside: Path) -> list[str]:
    """Symbolic links of every kind the issue names, in docs/, data/ and overrides/; the lines the check must print."""
    outside.mkdir()
    (outside / "hemlig.md").write_text("# Hemlig\n", encoding="utf-8")
    (project / "docs" / "sv" / "miljo.txt").symlink_to("/proc/self/environ")
    (project / "docs" / "en" / "config.txt").symlink_to("../../.git/config")
    (project / "docs" / "sv" / "bilagor").symlink_to(outside, target_is_directory=True)
    (project / "docs" / "en" / "dangling.png").symlink_to(outside / "missing.png")
    (project / "overrides" / "assets" / "host.txt").symlink_to("/etc/hostname")
    roles = project / "data" / "roles.yml"
    shutil.copy2(roles, outside / "roles.yml")
    roles.unlink()
    roles.symlink_to(outside / "roles.yml")
    return [f"{path}:1: {LINK_MESSAGE}" for path in (
        "data/roles.yml", "docs/en/config.txt", "docs/en/dangling.png", "docs/sv/bilagor", "docs/sv/miljo.txt",
        "overrides/assets/host.txt")]


def test_symbolic_links_and_pipes_are_refused_by_the_check(project_copy, tmp_path):
    expected = make_links(project_copy, tmp_path / "outside")
    os.mkfifo(project_copy / "docs" / "sv" / "ror.md")  # reading it would wait for a writer forever
    expected.append("docs/sv/ror.md:1: this is not a regular file but a device, pipe or socket — remove it")
    result = run_check(project_copy)
    assert_reported(result, expected, {line.split(":", 1)[0] for line in expected})
    assert sorted(result.stdout.splitlines()[:-1]) == sorted(expected)


def test_a_symbolic_link_or_misplaced_page_is_never_published(project_copy, tmp_path):
    expected = make_links(project_copy, tmp_path / "outside")
    for case in sorted((HOSTILE / "files").iterdir()):  # the build reads the project as the check does
        overlay(project_copy, case)
    expected += [line for lines in EXPECTED["files"].values() for line in lines]
    site = tmp_path / "site"
    result = build(project_copy, site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for line in expected:
        assert line in result.stderr.splitlines()
    published = [p for p in site.rglob("*")] if site.exists() else []
    assert not [p for p in published if p.name in ("miljo.txt", "config.txt", "host.txt", "hemlig.md", "rutin-ny.markdown")
                or p.suffix.lower() in (".markdown", ".mkd")], published
    assert "PATH=" not in "".join(p.read_text(errors="replace") for p in published if p.is_file())


def test_files_over_the_size_limits_are_refused(project_copy):
    page = project_copy / "docs" / "sv" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + ("Lång rad. " * 100_000) + "\n", encoding="utf-8")
    glossary = project_copy / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "# " + "x" * 300_000 + "\n", encoding="utf-8")
    result = run_check(project_copy)
    assert_reported(result, [
        f"data/glossary.yml:1: the file is {glossary.stat().st_size // 1024} KB, more than the limit of 256 KB — split "
        "it into smaller files",
        f"docs/sv/kontakt.md:1: the file is {page.stat().st_size // 1024} KB, more than the limit of 1024 KB — split it "
        "into smaller files",
    ], {"data/glossary.yml", "docs/sv/kontakt.md"})


# --- No input makes the check hang ------------------------------------------------------------------------------

LONG_LINE = 200_000  # characters, as in the issue
TIME_LIMIT = 20  # seconds; the check takes one to five on the real content


def add_long_lines(project: Path, lines: dict[str, str]) -> None:
    """A 200 KB line of one pattern at the end of a page, one page per pattern."""
    for page, pattern in lines.items():
        path = project / "docs" / "sv" / page
        path.write_text(path.read_text(encoding="utf-8") + "\n" + pattern * (LONG_LINE // len(pattern)) + "\n",
                        encoding="utf-8")


def test_long_lines_of_backticks_hashes_braces_and_underscores_finish_in_bounded_time(project_copy):
    add_long_lines(project_copy, {"kontakt.md": "`", "sakerhetsprocessen.md": "#", "ansvar-och-roller.md": "{",
                                  "sakerhetsfunktionen.md": "_"})
    result = run_check(project_copy, "--today", TODAY)  # run_check's timeout fails the test when it hangs
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode in (0, 1), result.stdout  # policysite.rendered refuses over-long blocks; time matters here


# Python-Markdown, which the check uses to render each page (policysite.links, policysite.rendered) as the build
# does, is quadratic in the unclosed '[' of one block (Python-Markdown issue #798) and in the '<a' of one block
# (md_in_html's HTML parser re-reads the rest of the block at every '<'): policysite.rendered refuses over-long
# blocks before rendering. A heading's attribute list is read without a regular expression (structure.attribute_list).


@pytest.mark.parametrize("heading, pattern", [("", "<a"), ("", "["), ("", "!["), ("", "*["),
                                              ("## ", "{"), ("## ", "{#"), ("## ", "[a](")])
def test_a_long_line_of_unclosed_brackets_or_tags_finishes_in_bounded_time(project_copy, heading, pattern):
    path = project_copy / "docs" / "sv" / "sakerhetsprocessen.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + heading + pattern * (LONG_LINE // len(pattern)) + "\n",
                    encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*CHECK, "--root", str(project_copy), "--today", TODAY], cwd=project_copy, env=env,
                            capture_output=True, text=True, timeout=TIME_LIMIT)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode in (0, 1), result.stdout  # refusing it is fine; what matters here is the time
