"""The issue's targets, one row each: the value this run measured, the target, and met / NOT met / not measured.

Every value comes from the run's own results; a target whose measurement did not run (a size left out, a part
skipped) is "not measured", never met. Ratios are against the plain stack measured in the same run.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

BUILD_RATIO = 1.3  # our HTML build ÷ the plain stack's, at most
BUILD_RATIO_SIZE = 200
SERVE_SECONDS = 3.0  # save-to-rebuilt under make serve, median, at most
PDF_TARGET_SIZE = 200
TARGET_MEMORY_KIB = 2**20  # 1 GiB, peak of the PDF build's process tree, under
TARGET_PEER_RATIO = 5.0  # the peer's PDF time over ours, at least
CLONE_SECONDS = 8 * 60  # fresh-clone make test, at most, and it must pass
PAGE_SIZES = (50, 400)
PAGE_RATIO = 1.2  # a document page's median bytes at N=400 ÷ at N=50, at most

NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class Target:
    what: str
    value: str  # what this run measured, or why it did not
    target: str
    met: bool | None  # None: not measured


def verdict(target: Target) -> str:
    return NOT_MEASURED if target.met is None else ("met" if target.met else "NOT met")


def target_table(targets: list[Target]) -> list[str]:
    return ["| Target | This run | Target | Verdict |", "|---|---|---|---|",
            *(f"| {t.what} | {t.value} | {t.target} | {verdict(t)} |" for t in targets)]


def _median(runs) -> float:
    return statistics.median(run.seconds for run in runs)


def _build_ratio(what: str, ours: list, plain: list) -> Target:
    goal = f"≤ {BUILD_RATIO:g}"
    if not ours or not plain:
        return Target(what, "—", goal, None)
    ratio = _median(ours) / _median(plain)
    return Target(what, f"{ratio:.2f} ({_median(ours):.2f} s ÷ {_median(plain):.2f} s)", goal, ratio <= BUILD_RATIO)


def issue_targets(results: list, real=None, clone=None) -> list[Target]:
    """The rows of the issue's target table. `results` are SizeResults, `real` a RealSiteResult (or None if
    the real site was not measured), `clone` a CloneResult (or None)."""
    by_size = {r.size: r for r in results}
    rows = [_build_ratio("HTML build ÷ plain stack (Material + static-i18n + search), real site",
                         real.build if real else [], real.plain if real else [])]
    at = by_size.get(BUILD_RATIO_SIZE)
    rows.append(_build_ratio(f"HTML build ÷ plain stack, N={BUILD_RATIO_SIZE}",
                             at.runs.get("build", []) if at else [], at.runs.get("plain", []) if at else []))

    serve = real.serve_seconds if real else []
    rows.append(Target("Save-to-rebuilt under `make serve`, real site (median)",
                       f"{statistics.median(serve):.2f} s ({len(serve)} edits, {min(serve):.2f}–{max(serve):.2f})"
                       if serve else "—", f"≤ {SERVE_SECONDS:g} s",
                       statistics.median(serve) <= SERVE_SECONDS if serve else None))

    pdf = by_size.get(PDF_TARGET_SIZE)
    if pdf is not None and pdf.runs.get("pdf-build"):
        peak = max(run.tree_rss_kib for run in pdf.runs["pdf-build"])
        rows.append(Target(f"Peak memory, build with PDFs, N={PDF_TARGET_SIZE}", f"{peak / 1024:.0f} MiB", "< 1 GiB",
                           peak < TARGET_MEMORY_KIB))
    else:
        rows.append(Target(f"Peak memory, build with PDFs, N={PDF_TARGET_SIZE}", "—", "< 1 GiB", None))
    if pdf is not None and pdf.runs.get("peer") and pdf.runs.get("pdf-build"):
        ratio = pdf.figure("peer", "stage_seconds") / pdf.figure("pdf-build", "stage_seconds")
        rows.append(Target(f"PDF stage vs mkdocs-pdf-export-plugin, N={PDF_TARGET_SIZE}", f"{ratio:.1f}× faster",
                           f"≥ {TARGET_PEER_RATIO:g}×", ratio >= TARGET_PEER_RATIO))
    else:
        rows.append(Target(f"PDF stage vs mkdocs-pdf-export-plugin, N={PDF_TARGET_SIZE}", "—",
                           f"≥ {TARGET_PEER_RATIO:g}×", None))

    if clone is None:
        rows.append(Target("Fresh-clone `make test` on 2 cores", "—", f"≤ {CLONE_SECONDS // 60} min, passing",
                           None))
    else:
        state = "passed" if clone.passed else f"FAILED (exit {clone.returncode})"
        rows.append(Target("Fresh-clone `make test` on 2 cores",
                           f"{clone.seconds / 60:.1f} min, {state}: {clone.summary} (commit {clone.commit})",
                           f"≤ {CLONE_SECONDS // 60} min, passing", clone.passed and clone.seconds <= CLONE_SECONDS))

    small, large = (by_size.get(size) for size in PAGE_SIZES)
    what = f"Per-page HTML size, N={PAGE_SIZES[1]} ÷ N={PAGE_SIZES[0]} (median document page)"
    if small is not None and large is not None and small.page_bytes and large.page_bytes:
        ratio = large.page_bytes / small.page_bytes
        sizes = f"{large.page_bytes / 1024:.1f} KiB ÷ {small.page_bytes / 1024:.1f} KiB"
        rows.append(Target(what, f"{ratio:.2f} ({sizes})", f"≤ {PAGE_RATIO:g}", ratio <= PAGE_RATIO))
    else:
        rows.append(Target(what, "—", f"≤ {PAGE_RATIO:g}", None))

    engine = real.engine if real else None
    if engine is None:
        rows.append(Target("ProperDocs builds the real site (engine fallback)", "—", "succeeds", None))
    elif not engine.available:
        rows.append(Target("ProperDocs builds the real site (engine fallback)", engine.detail, "succeeds", None))
    else:
        rows.append(Target("ProperDocs builds the real site (engine fallback)",
                           f"built in {engine.seconds:.2f} s" if engine.succeeded else f"failed: {engine.detail}",
                           "succeeds", engine.succeeded))
    return rows
