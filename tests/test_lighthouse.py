"""`make lighthouse` (tools/lighthouse/run.py): how a Lighthouse report becomes a verdict.

Lighthouse itself is not run here: it is installed by `make lighthouse` only (npm ci and six runs take minutes, and
its performance score depends on the machine's load). The report is a real one of the Swedish start page, trimmed to
the categories and audits the script reads (tests/lighthouse-fixture/)."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

RUN_PY = Path(__file__).resolve().parent.parent / "tools" / "lighthouse" / "run.py"
REPORT = Path(__file__).parent / "lighthouse-fixture" / "start-sv.report.json"


@pytest.fixture(scope="module")
def lighthouse():
    spec = importlib.util.spec_from_file_location("lighthouse_run", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture
def report():
    return json.loads(REPORT.read_text(encoding="utf-8"))


def with_scores(report: dict, **scores: float) -> dict:
    changed = copy.deepcopy(report)
    for name, score in scores.items():
        changed["categories"][name.replace("_", "-")]["score"] = score
    return changed


def test_a_report_below_the_thresholds_fails_naming_each_category_and_each_failing_audit(lighthouse, report):
    run = lighthouse.read_run(report)
    assert run.scores == {"performance": 0.62, "accessibility": 0.93, "best-practices": 1}
    assert lighthouse.shortfalls(lighthouse.page_scores([run])) == ["performance 0.62 < 0.95",
                                                                    "accessibility 0.93 < 1.00"]
    lines = [audit.line() for audit in run.failing]
    assert ("accessibility: aria-dialog-name (0.00) Elements with `role=\"dialog\"` or `role=\"alertdialog\"` do not "
            "have accessible names. — body > header.md-header > nav.md-header__inner > div.md-search") in lines
    assert ("accessibility: color-contrast (0.00) Background and foreground colors do not have a sufficient contrast "
            "ratio. — div.md-footer-meta__inner > div.md-copyright > p.policy-footer__organisation > "
            "span.policy-footer__owner") in lines
    assert "performance: total-blocking-time (0.02) Total Blocking Time — 3,170\xa0ms" in lines
    # Passing, informative, manual and not-applicable audits are never listed.
    ids = {audit.id for audit in run.failing}
    assert not ids & {"first-contentful-paint", "cumulative-layout-shift", "document-title", "errors-in-console",
                      "is-on-https", "diagnostics", "metrics", "focus-traps", "video-caption"}
    assert run.metrics == "FCP 1.6\xa0s, LCP 3.4\xa0s, SI 2.5\xa0s, TBT 3,170\xa0ms, CLS 0"


def test_performance_is_the_median_of_the_runs_and_the_other_categories_their_lowest(lighthouse, report):
    runs = [lighthouse.read_run(with_scores(report, performance=p, accessibility=a, best_practices=1))
            for p, a in ((0.97, 1), (0.80, 1), (0.95, 0.98))]
    assert lighthouse.page_scores(runs) == {"performance": 0.95, "accessibility": 0.98, "best-practices": 1}
    assert lighthouse.shortfalls(lighthouse.page_scores(runs)) == ["accessibility 0.98 < 1.00"]
    assert lighthouse.shortfalls(lighthouse.page_scores(runs[:2])) == ["performance 0.89 < 0.95"]
    passing = [lighthouse.read_run(with_scores(report, performance=0.95, accessibility=1, best_practices=1))]
    assert lighthouse.shortfalls(lighthouse.page_scores(passing)) == []


def test_a_report_without_a_score_stops_the_run_with_lighthouse_s_reason(lighthouse, report):
    broken = with_scores(report, performance=None)
    broken["audits"]["largest-contentful-paint"]["errorMessage"] = "NO_LCP"
    with pytest.raises(lighthouse.Failure, match=r"^Lighthouse gave no performance score for "
                                                 r"http://127\.0\.0\.1:50573/: largest-contentful-paint: NO_LCP$"):
        lighthouse.read_run(broken)


def test_a_folder_without_a_built_site_is_refused_with_a_message(lighthouse, tmp_path, capsys):
    assert lighthouse.main(["--site", str(tmp_path), "--no-summary"]) == 2
    out = capsys.readouterr()
    assert out.err == f"make lighthouse: {tmp_path}: no index.html — give the folder of a built site\n"
    assert "Traceback" not in out.out + out.err
