"""The benchmark's generated corpus is a valid project: the check passes and the strict build succeeds.

Timing belongs to `make bench`; nothing here depends on how long anything takes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.corpus import DOCUMENTS_SECTION, NAV_SECTION_SIZE, TYPE_SECTIONS, corpus_nav, corpus_specs, environment, generate
from bench.plain import PLAIN_FILE, plain_config
from bench.serve import save_to_rebuilt, serve_environment
from policysite.model import ID_PATTERN

REPO = Path(__file__).resolve().parent.parent
COUNT = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("bench") / "corpus", COUNT, REPO)


def front_matter(page: Path) -> dict:
    return yaml.safe_load(page.read_text(encoding="utf-8").split("---\n", 2)[1])


def pages(corpus: Path, language: str) -> dict[str, dict]:
    root = corpus / "docs" / language
    return {p.relative_to(root).as_posix(): front_matter(p) for p in sorted(root.rglob("*.md"))}


def test_the_check_passes(corpus):
    result = subprocess.run([sys.executable, "-m", "policysite.validate", "--root", str(corpus)],
                            cwd=corpus, env=environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout


def build(corpus: Path, site: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *options, "--site-dir", str(site)],
                          cwd=corpus, env=environment(), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def ours(corpus, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    site = tmp_path_factory.mktemp("ours") / "site"
    return build(corpus, site), site


def test_the_strict_build_succeeds(corpus, ours):
    result, site = ours
    assert result.returncode == 0, result.stdout + result.stderr
    for path in pages(corpus, "sv"):
        built = Path(path).with_suffix("") / "index.html" if path != "index.md" else Path("index.html")
        assert (site / built).is_file() and (site / "en" / built).is_file(), path


def test_both_languages_have_the_same_pages_and_ids(corpus):
    sv, en = pages(corpus, "sv"), pages(corpus, "en")
    assert sorted(sv) == sorted(en)
    assert len(sv) == COUNT + 1
    assert {path: meta["id"] for path, meta in sv.items()} == {path: meta["id"] for path, meta in en.items()}
    ids = [meta["id"] for meta in sv.values()]
    assert len(set(ids)) == len(ids) and all(ID_PATTERN.match(i) for i in ids)
    assert sv["index.md"]["id"] == "SAK-INF-000"
    assert all(set(meta) == {"id", "title", "description", "translation_of_version"} for meta in en.values())


def test_generation_is_deterministic(corpus, tmp_path):
    again = generate(tmp_path / "again", COUNT, REPO)

    def files(root: Path) -> list[Path]:  # what generate wrote, not what builds of the corpus cache (.cache/)
        return sorted(p.relative_to(root) for p in root.rglob("*")
                      if p.is_file() and not {".git", ".cache"} & set(p.relative_to(root).parts))

    assert files(corpus) == files(again)
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files(corpus))
    assert head(corpus) == head(again)  # the same commit: same content, author and date


def head(repo: Path) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_the_plain_stack_builds_the_same_pages_without_any_of_ours(corpus, ours, tmp_path):
    plain_file = corpus / PLAIN_FILE  # next to mkdocs.yml, as the benchmark writes it; removed afterwards
    plain_file.write_text(plain_config((corpus / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    site = tmp_path / "plain"
    try:
        result = build(corpus, site, "-f", PLAIN_FILE)
    finally:
        plain_file.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    assert html_pages(site) == html_pages(ours[1])
    assert len(html_pages(site)) >= 2 * (COUNT + 1)
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "Styrande dokument för säkerhet" in start  # the same page, in the plain theme
    assert "policy.css" not in start and "sortable-tables.js" not in start  # none of our CSS or JavaScript
    assert "policy.css" in (ours[1] / "index.html").read_text(encoding="utf-8")


def test_the_nav_has_a_section_per_type_in_sections_of_at_most_twenty(corpus):
    specs = corpus_specs(200)
    nav = corpus_nav(specs)
    config = yaml.safe_load("\n".join(nav.lines))
    assert config["nav"][0] == "index.md" and len(config["nav"]) == 2
    assert list(config["nav"][1]) == [DOCUMENTS_SECTION[0]]
    by_type = {next(iter(section)): next(iter(section.values())) for section in config["nav"][1][DOCUMENTS_SECTION[0]]}
    assert list(by_type) == [sv for sv, _ in TYPE_SECTIONS.values()]
    assert list(by_type["Policyer"][0]) == ["Policyer 1–20"] and len(by_type["Policyer"]) == 3  # 50 policies
    chunks = [next(iter(chunk.values())) for sections in by_type.values() for chunk in sections]
    assert all(1 <= len(chunk) <= NAV_SECTION_SIZE for chunk in chunks)
    assert sorted(path for chunk in chunks for path in chunk) == sorted(spec.path for spec in specs)
    assert ("Policyer 41–50", "Policies 41–50") in nav.translations and DOCUMENTS_SECTION in nav.translations
    loader = type("AnyTagLoader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    written = yaml.load((corpus / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    (documents,) = written["nav"][1:]
    assert [next(iter(s)) for s in documents[DOCUMENTS_SECTION[0]]] == ["Policyer", "Riktlinjer", "Rutiner"]  # COUNT = 3


def test_a_save_under_mkdocs_serve_is_timed_until_the_page_shows_it(corpus):
    page = corpus / "docs" / "sv" / "index.md"
    before = page.read_text(encoding="utf-8")
    times = save_to_rebuilt(corpus, page, "/", 2, serve_environment(environment(), edition="internal"))
    assert len(times) == 2 and all(seconds > 0 for seconds in times)
    assert page.read_text(encoding="utf-8") == before  # restored
