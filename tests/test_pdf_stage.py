"""The PDF stage on small real jobs: WeasyPrint renders, the cache and the atomic writes are real."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from helpers import pdf_text
from policysite.pdf.jobs import RenderJob
from policysite.pdf.stage import PdfStageError, run_stage

ASSETS = REPO / "overrides" / "pdf"


def job(target: str, body: str) -> RenderJob:
    html = f'<!DOCTYPE html><html lang="sv"><head><title>{target}</title></head><body>{body}</body></html>'
    return RenderJob(name=f"docs/sv/{target}.md", html=html, page_url="https://sakerhet.example.se/", target=f"{target}.pdf",
                     assets=ASSETS)


def test_renders_in_parallel_then_takes_everything_from_the_cache(tmp_path):
    jobs = [job("a", "<p>Åtgärder för säkerhet</p>"), job("b", "<p>Övning</p>"), job("c", "<p>Ärende</p>")]
    first = run_stage(jobs, tmp_path / "site", tmp_path / "cache", workers=2)
    assert sorted(first.rendered) == ["a.pdf", "b.pdf", "c.pdf"] and first.cached == []
    assert "Åtgärder för säkerhet" in pdf_text(tmp_path / "site" / "a.pdf")

    again = run_stage(jobs, tmp_path / "again", tmp_path / "cache", workers=2)
    assert again.rendered == [] and sorted(again.cached) == ["a.pdf", "b.pdf", "c.pdf"]
    assert (tmp_path / "again" / "b.pdf").read_bytes() == (tmp_path / "site" / "b.pdf").read_bytes()

    changed = run_stage([job("a", "<p>Åtgärder</p>"), *jobs[1:]], tmp_path / "site", tmp_path / "cache", workers=2)
    assert changed.rendered == ["a.pdf"]
    assert changed.sizes["a.pdf"] == (tmp_path / "site" / "a.pdf").stat().st_size


@pytest.mark.parametrize("body, problem", [
    ('<img alt="Logo" src="https://cdn.example.org/logo.png">',
     "https://cdn.example.org/logo.png is not a file of this site, and PDFs never load anything from the network"),
    ('<p style="colour: red">Text</p>', "Ignored `colour: red` at 1:1, unknown property."),
])
def test_a_job_that_fails_or_warns_names_its_document_and_leaves_no_file(tmp_path, body, problem):
    with pytest.raises(PdfStageError) as failure:
        run_stage([job("good", "<p>Bra</p>"), job("bad", body)], tmp_path / "site", tmp_path / "cache", workers=2)
    assert str(failure.value) == (f"docs/sv/bad.md:1: the PDF cannot be rendered: {problem} — use only the site's own "
                                  "files (no other hosts) and markup that renders without warnings")
    assert not (tmp_path / "site" / "bad.pdf").exists()
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [p.name for p in (tmp_path / "cache").glob("*.pdf")]
    assert len(list((tmp_path / "cache").glob("*.pdf"))) == 1  # the good one is kept for next time
    assert not list(Path(tmp_path).rglob("*.partial"))


def test_long_tables_break_across_pages_and_repeat_their_header(tmp_path):
    rows = "".join(f"<tr><td>Rad {n}</td><td>Åtgärd {n}</td></tr>" for n in range(1, 121))
    table = f"<table><thead><tr><th>Rubrik ett</th><th>Rubrik två</th></tr></thead><tbody>{rows}</tbody></table>"
    run_stage([job("tabell", table)], tmp_path / "site", tmp_path / "cache", workers=1)
    pdf = tmp_path / "site" / "tabell.pdf"
    pages = [pdf_text(pdf, page, page) for page in (1, 2)]
    assert "Rad 120" not in pages[0]
    assert all("Rubrik ett" in text and "Rubrik två" in text for text in pages)
    assert "Rad 1\n" not in pages[1]  # the second page continues the rows, under a repeated header
