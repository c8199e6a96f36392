"""Hostile and mistaken PDF caches (issue 12, item 8): a corrupt entry is rendered again, never published;
an unusable cache folder is a clear error before any work is done.

The damaged entries are made here, from the entries a first run writes: their names hold the job's key, which
depends on the renderer and the assets, so no file committed in advance could match them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import REPO, build
from helpers import pdf_info, pdf_text
from policysite.pdf.jobs import RenderJob
from policysite.pdf.stage import PdfCacheError, run_stage

ASSETS = REPO / "overrides" / "pdf"


def job(target: str, text: str) -> RenderJob:
    html = f'<!DOCTYPE html><html lang="sv"><head><title>{target}</title></head><body><p>{text}</p></body></html>'
    return RenderJob(name=f"docs/sv/{target}.md", html=html, page_url="https://sakerhet.example.se/",
                     target=f"{target}.pdf", assets=ASSETS)


JOBS = [job("a", "Åtgärder vid brand"), job("b", "Övning i receptionen")]


def truncate(entry: Path, other: Path) -> None:
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])


def garbage(entry: Path, other: Path) -> None:
    entry.write_bytes(b"<!DOCTYPE html><p>not a PDF</p>")


def empty(entry: Path, other: Path) -> None:
    entry.write_bytes(b"")


def swapped(entry: Path, other: Path) -> None:
    """A valid PDF, but another document's: only the recorded hash tells."""
    entry.write_bytes(other.read_bytes())


@pytest.mark.parametrize("damage", [truncate, garbage, empty, swapped])
def test_a_corrupt_cache_entry_is_rendered_again_and_never_published(tmp_path, damage):
    cache = tmp_path / "cache"
    first = run_stage(JOBS, tmp_path / "first", cache, workers=1)
    assert sorted(first.rendered) == ["a.pdf", "b.pdf"] and first.corrupt == []
    [entry_a] = [p for p in cache.iterdir() if "Åtgärder" in pdf_text(p)]
    [entry_b] = [p for p in cache.iterdir() if p != entry_a]
    damage(entry_a, entry_b)

    again = run_stage(JOBS, tmp_path / "site", cache, workers=1)
    assert (again.corrupt, again.rendered, again.cached) == (["a.pdf"], ["a.pdf"], ["b.pdf"])
    published = tmp_path / "site" / "a.pdf"
    assert pdf_info(published)["Pages"] == "1"  # pdfinfo reads it: a whole PDF
    assert "Åtgärder vid brand" in pdf_text(published)
    assert published.read_bytes() == (tmp_path / "first" / "a.pdf").read_bytes()
    assert not entry_a.exists() or entry_a.read_bytes() == published.read_bytes()  # the bad bytes are gone
    assert len(list(cache.iterdir())) == 2

    third = run_stage(JOBS, tmp_path / "third", cache, workers=1)
    assert (third.corrupt, third.rendered, sorted(third.cached)) == ([], [], ["a.pdf", "b.pdf"])


FIX = "make it a folder the build can write, or point POLICYSITE_PDF_CACHE (or extra.pdf.cache in mkdocs.yml) at one"


def a_file_in_place(tmp_path: Path) -> tuple[Path, str]:
    cache = tmp_path / "cache"
    cache.write_text("not a folder\n", encoding="utf-8")
    return cache, f"{cache.as_posix()}: the PDF cache must be a folder, but this is a file — {FIX}"


def under_a_file(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "blocker").write_text("a file\n", encoding="utf-8")
    cache = tmp_path / "blocker" / "pdf"
    return cache, (f"{cache.as_posix()}: the PDF cache folder cannot be made, because "
                   f"{(tmp_path / 'blocker').as_posix()} is a file — {FIX}")


def read_only(tmp_path: Path) -> tuple[Path, str]:
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder; the two cases before this one stop root too")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o500)
    return cache, f"{cache.as_posix()}: the PDF cache folder cannot be written (Permission denied) — {FIX}"


@pytest.mark.parametrize("unusable", [a_file_in_place, under_a_file, read_only])
def test_an_unusable_cache_is_an_error_before_anything_is_rendered(tmp_path, unusable):
    cache, message = unusable(tmp_path)
    with pytest.raises(PdfCacheError) as error:
        run_stage(JOBS, tmp_path / "site", cache, workers=1)
    assert str(error.value) == message
    assert not (tmp_path / "site").exists()


def test_a_build_with_an_unusable_cache_stops_before_any_page_or_pdf(tmp_path):
    (tmp_path / "blocker").write_text("a file\n", encoding="utf-8")
    cache = tmp_path / "blocker" / "pdf"
    result = build(REPO, tmp_path / "site", POLICYSITE_PDF="1", POLICYSITE_PDF_CACHE=str(cache))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert (f"{cache.as_posix()}: the PDF cache folder cannot be made, because {(tmp_path / 'blocker').as_posix()} "
            f"is a file — {FIX}") in output
    assert not (tmp_path / "site").exists()  # stopped before any page was written, let alone rendered
    assert not list(tmp_path.rglob("*.pdf"))
    assert (tmp_path / "blocker").read_text(encoding="utf-8") == "a file\n"
