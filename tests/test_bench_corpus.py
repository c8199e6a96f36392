"""The benchmark's generated corpus is a valid project: the check passes and the strict build succeeds.

Timing belongs to `make bench`; nothing here depends on how long anything takes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policysite.bench.corpus import environment, generate
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


def test_the_strict_build_succeeds(corpus, tmp_path):
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
                            cwd=corpus, env=environment(), capture_output=True, text=True, timeout=300)
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

    def files(root: Path) -> list[Path]:
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts)

    assert files(corpus) == files(again)
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files(corpus))
    assert head(corpus) == head(again)  # the same commit: same content, author and date


def head(repo: Path) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
