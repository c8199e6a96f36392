"""Benchmark the issue's targets, the check, the HTML build and the PDF stage: `python -m bench`.

`make bench` runs it with the defaults, from the repository root; it writes bench/results.md.

For each size N (default 50, 200 and 400 documents, each in Swedish and English)
a corpus is generated once (bench.corpus) and each step below runs RUNS times as a
subprocess; the report shows the median wall time with the range:

  check        python -m policysite.validate --root CORPUS
  build        python -m mkdocs build --site-dir SITE, SITE removed first
  plain        the plain stack on the same corpus (bench.plain: no hooks, no custom_dir, none of our
               CSS or JavaScript, strict off): mkdocs build -f mkdocs-plain.yml, its SITE removed first
  rebuild      the same command again into the same SITE, nothing changed
  edit         one Swedish page changed, then the same command into the same SITE

and the median size of a built document page (bench.pages). At the PDF sizes
(default 200) the same build also runs with the PDF stage on (POLICYSITE_PDF=1),
PDF_RUNS times (default 1), into its own site directory and PDF cache, and the
peer, mkdocs-pdf-export-plugin, from its own environment (bench/.peer-venv, made
on first use):

  pdf-build    PDFs on, site directory and PDF cache emptied first
  pdf-rebuild  the same again, nothing changed: every PDF must come from the cache
  pdf-edit     one Swedish governing document changed: its PDF and the handbook render
  peer         the peer's build, one PDF per page, site directory emptied first

Then, on a copy of the repository as it is (bench.realsite): our HTML build and the
plain stack's, alternately, RUNS times; save-to-rebuilt under `mkdocs serve`
(bench.serve); the ProperDocs build (bench.engine). Last, `make test` in a fresh
clone of HEAD (bench.fresh_clone); a failing suite makes the exit status 1 after the
report is written. `--skip` leaves parts out; their targets are then "not measured".

The PDF stage writes what it did (POLICYSITE_PDF_REPORT); the peer prints it.
Peak RSS is each child's ru_maxrss (os.wait4 reports it per child); for the PDF
builds, whose renderer runs in several processes at once, the total VmRSS of the
whole process tree is also sampled from /proc (bench.memory). This is a benchmark,
not a test: nothing here passes or fails on time; the report says which of the
issue's targets (bench.targets) are met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import corpus as corpus_module
from . import engine as engine_module
from . import peer as peer_module
from . import realsite as realsite_module
from .figures import peer_errors, peer_figures, stage_figures
from .fresh_clone import CloneResult, fresh_clone_test
from .measure import BenchError, Run, measure, without_pdf_settings
from .memory import INTERVAL_SECONDS
from .pages import document_pages, median_page_bytes
from .plain import PLAIN_FILE, plain_config
from .realsite import RealSiteResult, bench_real_site
from .targets import PDF_TARGET_SIZE, TARGET_MEMORY_KIB, TARGET_PEER_RATIO, issue_targets, target_table

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (50, 200, 400)
DEFAULT_PDF_SIZES = (200,)  # the targets' size; the peer takes a quarter of an hour per run there
DEFAULT_RUNS = 3
DEFAULT_PDF_RUNS = 1  # the PDF steps and the peer, so `make bench` stays within about 45 minutes
DEFAULT_SERVE_EDITS = 5
OPTIONAL_PARTS = ("real-site", "serve", "properdocs", "fresh-clone")
PEER_VENV = REPO / "bench" / ".peer-venv"
TARGET_SIZE = 400
TARGET_PERCENT = 5.0
TARGET_REBUILD_RATIO = 1.3  # a no-change build with PDFs over the HTML-only build, at most
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown",
            "Jinja2", "PyYAML", "Babel", "weasyprint", "pydyf", "fonttools", "policysite")


@dataclass
class Context:
    """One corpus and the directories its builds write into."""

    size: int
    corpus: Path
    site: Path
    plain_site: Path  # the plain stack's build (bench.plain) of the same corpus
    env: dict[str, str]  # without the PDF stage; PDF steps add to it
    edited_page: Path
    pdf_site: Path
    pdf_cache: Path
    pdf_report: Path
    peer_site: Path
    peer_config: Path
    peer_python: Path | None
    original_text: str = ""
    edits: int = 0


@dataclass(frozen=True)
class Step:
    """One measured command. `prepare` runs (untimed) before each run, `finish` once after the last;
    `observe` turns a finished run's output into figures. PDF and peer steps run only at PDF sizes."""

    key: str
    command: Callable[[Context], list[str]]
    prepare: Callable[[Context, int], None] = lambda context, run: None
    finish: Callable[[Context], None] = lambda context: None
    kind: str = "html"  # "html", "pdf" or "peer"
    environment: Callable[[Context], dict[str, str]] = lambda context: {}
    observe: Callable[[Context, str], dict[str, float]] = lambda context, output: {}
    sample_tree: bool = False


def _check_command(context: Context) -> list[str]:
    return [sys.executable, "-m", "policysite.validate", "--root", str(context.corpus)]


def _build_command(context: Context) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(context.site)]


def _plain_build_command(context: Context) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-f", PLAIN_FILE, "--site-dir", str(context.plain_site)]


def _pdf_build_command(context: Context) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(context.pdf_site)]


def _peer_command(context: Context) -> list[str]:
    return [str(context.peer_python), "-m", "mkdocs", "build", "-f", str(context.peer_config),
            "--site-dir", str(context.peer_site)]


def _pdf_environment(context: Context) -> dict[str, str]:
    return {"POLICYSITE_PDF": "1", "POLICYSITE_PDF_CACHE": str(context.pdf_cache),
            "POLICYSITE_PDF_REPORT": str(context.pdf_report)}


def _empty_site(context: Context, run: int) -> None:
    shutil.rmtree(context.site, ignore_errors=True)


def _empty_plain_site(context: Context, run: int) -> None:
    shutil.rmtree(context.plain_site, ignore_errors=True)


def _empty_pdf_site_and_cache(context: Context, run: int) -> None:
    shutil.rmtree(context.pdf_site, ignore_errors=True)
    shutil.rmtree(context.pdf_cache, ignore_errors=True)


def _empty_peer_site(context: Context, run: int) -> None:
    shutil.rmtree(context.peer_site, ignore_errors=True)


def _edit_page(context: Context, run: int) -> None:
    if not context.original_text:
        context.original_text = context.edited_page.read_text(encoding="utf-8")
    # A new last paragraph: changes the page's text but not its headings or links. Numbered over the
    # whole benchmark, so no edit repeats an earlier one that the PDF cache could still hold.
    context.edits += 1
    context.edited_page.write_text(context.original_text + f"\nÄndrad i mätning {context.edits}.\n",
                                   encoding="utf-8")


def _restore_page(context: Context) -> None:
    if context.original_text:
        context.edited_page.write_text(context.original_text, encoding="utf-8")


def _stage_report(context: Context, output: str) -> dict[str, float]:
    """Our stage's figures for the run; the report file is consumed, so the next run starts a new one."""
    try:
        text = context.pdf_report.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BenchError(f"the build wrote no PDF report ({context.pdf_report}): is the PDF stage hooked in?") from None
    context.pdf_report.unlink()
    try:
        return stage_figures(text)
    except (ValueError, KeyError) as exc:
        raise BenchError(f"the PDF report {context.pdf_report} is not what the stage writes: {exc}") from None


def _peer_output(context: Context, output: str) -> dict[str, float]:
    try:
        figures = peer_figures(output)
    except ValueError as exc:
        raise BenchError(f"peer: {exc}\n{output[-4000:]}") from None
    if figures["errors"]:
        # A peer that fails is no comparison: its time is the time it took to fail.
        raise BenchError(f"peer: {figures['errors']:.0f} of {figures['conversions']:.0f} pages failed to convert, so "
                         "its time compares nothing — make the pages render in the peer's WeasyPrint:\n"
                         + "\n".join(peer_errors(output)[:3]))
    # Cross-check: a page converted twice would be counted twice but written once.
    figures["pdf_files"] = sum(1 for _ in context.peer_site.rglob("*.pdf"))
    return figures


# The measured steps, in order.
STEPS: tuple[Step, ...] = (
    Step("check", _check_command),
    Step("build", _build_command, prepare=_empty_site),
    Step("plain", _plain_build_command, prepare=_empty_plain_site),
    Step("rebuild", _build_command),
    Step("edit", _build_command, prepare=_edit_page, finish=_restore_page),
    Step("pdf-build", _pdf_build_command, prepare=_empty_pdf_site_and_cache, kind="pdf",
         environment=_pdf_environment, observe=_stage_report, sample_tree=True),
    Step("pdf-rebuild", _pdf_build_command, kind="pdf", environment=_pdf_environment, observe=_stage_report,
         sample_tree=True),
    Step("pdf-edit", _pdf_build_command, prepare=_edit_page, finish=_restore_page, kind="pdf",
         environment=_pdf_environment, observe=_stage_report, sample_tree=True),
    Step("peer", _peer_command, prepare=_empty_peer_site, kind="peer", observe=_peer_output, sample_tree=True),
)


@dataclass
class SizeResult:
    size: int
    pages: int
    generate_seconds: float
    edited_document: int | None  # None: the start page was edited
    runs: dict[str, list[Run]] = field(default_factory=dict)
    site_bytes: int = 0
    page_bytes: float = 0.0  # median size of a built document page (HTML build)

    def measured(self, key: str) -> bool:
        return bool(self.runs.get(key))

    def median(self, key: str) -> float:
        return statistics.median(run.seconds for run in self.runs[key])

    def figure(self, key: str, name: str) -> float:
        """Median over the runs of a figure the build reported."""
        return statistics.median(run.figures[name] for run in self.runs[key])

    def peak_rss_kib(self, key: str) -> int:
        return max(run.max_rss_kib for run in self.runs[key])

    def peak_tree_kib(self, key: str) -> int:
        return max(run.tree_rss_kib for run in self.runs[key])


def bench_size(size: int, workdir: Path, runs: int, repo: Path, pdf: bool = False, peer_runs: int = 0,
               peer_python: Path | None = None, pdf_runs: int | None = None) -> SizeResult:
    """Every step at one size; the PDF steps only if `pdf`, the peer only if also peer_runs > 0."""
    corpus_dir = workdir / f"corpus-{size}"
    shutil.rmtree(corpus_dir, ignore_errors=True)
    start = time.perf_counter()
    corpus_module.generate(corpus_dir, size, repo)
    generated = time.perf_counter() - start
    pages = sum(1 for _ in (corpus_dir / "docs").rglob("*.md"))
    # A document with a PDF and a handbook chapter, so the PDF edit step re-renders both.
    edited = corpus_module.first_in_handbook(corpus_dir, size)
    edited_path = corpus_module.document_path(edited) if edited else corpus_module.INDEX_PATH
    peer_config = corpus_dir / "mkdocs-peer.yml"
    peer_config.write_text(peer_module.peer_config((corpus_dir / "mkdocs.yml").read_text(encoding="utf-8")),
                           encoding="utf-8")
    (corpus_dir / PLAIN_FILE).write_text(plain_config((corpus_dir / "mkdocs.yml").read_text(encoding="utf-8")),
                                         encoding="utf-8")
    context = Context(size, corpus_dir, workdir / f"site-{size}", workdir / f"site-plain-{size}",
                      without_pdf_settings(corpus_module.environment()), corpus_dir / "docs" / "sv" / edited_path,
                      pdf_site=workdir / f"site-pdf-{size}", pdf_cache=workdir / f"pdf-cache-{size}",
                      pdf_report=workdir / f"pdf-report-{size}.jsonl", peer_site=workdir / f"site-peer-{size}",
                      peer_config=peer_config, peer_python=peer_python)
    context.pdf_report.unlink(missing_ok=True)
    result = SizeResult(size, pages, generated, edited)
    _progress(f"N={size}: generated {pages} pages in {generated:.2f} s into {corpus_dir}")
    for step in STEPS:
        pdf_count = runs if pdf_runs is None else pdf_runs
        count = {"html": runs, "pdf": pdf_count if pdf else 0,
                 "peer": peer_runs if pdf and peer_python else 0}[step.kind]
        if not count:
            continue
        result.runs[step.key] = []
        env = {**context.env, **step.environment(context)}
        try:
            for run in range(count):
                step.prepare(context, run)
                measured, output = measure(step.command(context), corpus_dir, env, step.sample_tree)
                measured.figures = step.observe(context, output)
                result.runs[step.key].append(measured)
                _progress(f"N={size}: {step.key}, run {run + 1}/{count}: {measured.seconds:.2f} s, "
                          f"{_mib(measured.max_rss_kib)}" + _progress_details(measured))
        finally:
            step.finish(context)
    result.site_bytes = sum(p.stat().st_size for p in context.site.rglob("*") if p.is_file())
    result.page_bytes = median_page_bytes(document_pages(context.site, corpus_dir)) if size else 0.0
    return result


def _progress_details(run: Run) -> str:
    details = [f"tree {_mib(run.tree_rss_kib)}"] if run.tree_rss_kib else []
    if "rendered" in run.figures:
        details.append(f"PDF stage {run.figures['stage_seconds']:.2f} s, {run.figures['rendered']:.0f} rendered, "
                       f"{run.figures['cached']:.0f} from cache")
    if "conversions" in run.figures:
        details.append(f"peer converted {run.figures['conversions']:.0f} in {run.figures['stage_seconds']:.1f} s")
    return "".join(f", {detail}" for detail in details)


# --- report ---------------------------------------------------------------------------------

NOT_MEASURED = "—"


def _seconds(runs: list[Run]) -> str:
    return _spread([run.seconds for run in runs])


def _spread(values: list[float]) -> str:
    """Median seconds with the range, e.g. '4.78 s (4.71–4.79)'."""
    median = statistics.median(values)
    return f"{median:.2f} s ({min(values):.2f}–{max(values):.2f})" if len(values) > 1 else f"{median:.2f} s"


def _counts(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.0f}" if low == high else f"{low:.0f}–{high:.0f}"


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB"


def share(result: SizeResult) -> float:
    """The check's median time as a percentage of the HTML build's."""
    return 100 * result.median("check") / result.median("build")


def plain_ratio(result: SizeResult) -> float:
    """Our HTML build over the plain stack's on the same corpus, both medians."""
    return result.median("build") / result.median("plain")


def rebuild_ratio(result: SizeResult) -> float:
    """The no-change build with PDFs over the HTML-only build, both medians."""
    return result.median("pdf-rebuild") / result.median("build")


def files_per_second(result: SizeResult, key: str, count: str) -> float:
    return result.figure(key, count) / result.figure(key, "stage_seconds")


def added_by_pdfs(result: SizeResult, key: str) -> float:
    """What making PDFs adds to the whole build: a build with PDFs less the HTML-only build (medians)."""
    return result.median(key) - result.median("build")


def peer_ratio(result: SizeResult) -> float:
    """The peer's PDF time over our stage's with an empty cache, both medians."""
    return result.figure("peer", "stage_seconds") / result.figure("pdf-build", "stage_seconds")


def _figures(key: str, name: str) -> Callable[[SizeResult], list[float]]:
    return lambda r: [run.figures[name] for run in r.runs[key]]


# (label, the steps it needs, the cell): one row each; a size without those steps shows NOT_MEASURED.
ROWS: tuple[tuple[str, tuple[str, ...], Callable[[SizeResult], str]], ...] = (
    ("Pages (sv + en, incl. start page)", (), lambda r: str(r.pages)),
    ("Corpus generation (once)", (), lambda r: f"{r.generate_seconds:.2f} s"),
    ("Check (`policysite.validate`)", ("check",), lambda r: _seconds(r.runs["check"])),
    ("HTML build, empty site dir", ("build",), lambda r: _seconds(r.runs["build"])),
    ("Plain stack HTML build (Material + static-i18n + search), empty site dir", ("plain",),
     lambda r: _seconds(r.runs["plain"])),
    ("HTML build ÷ plain stack (target ≤ 1.3)", ("build", "plain"), lambda r: f"{plain_ratio(r):.2f}"),
    ("HTML rebuild, nothing changed", ("rebuild",), lambda r: _seconds(r.runs["rebuild"])),
    ("HTML rebuild, one Swedish page edited", ("edit",), lambda r: _seconds(r.runs["edit"])),
    ("Peak RSS, check", ("check",), lambda r: _mib(r.peak_rss_kib("check"))),
    ("Peak RSS, HTML build", ("build",), lambda r: _mib(r.peak_rss_kib("build"))),
    ("Built site size (HTML only)", ("build",), lambda r: f"{r.site_bytes / 2**20:.0f} MiB"),
    ("Document page, median size (HTML only)", ("build",), lambda r: f"{r.page_bytes / 1024:.1f} KiB"),
    ("Check as % of HTML build", ("check", "build"), lambda r: f"{share(r):.1f} %"),
    ("**PDF (ours)**: build with PDFs, empty cache", ("pdf-build",), lambda r: _seconds(r.runs["pdf-build"])),
    ("PDF stage (ours, empty cache), sv + en", ("pdf-build",),
     lambda r: _spread(_figures("pdf-build", "stage_seconds")(r))),
    ("PDFs rendered (ours), total size", ("pdf-build",),
     lambda r: f"{_counts(_figures('pdf-build', 'rendered')(r))} PDFs, "
               f"{r.figure('pdf-build', 'pdf_bytes') / 2**20:.1f} MiB"),
    ("PDF files per second (ours)", ("pdf-build",), lambda r: f"{files_per_second(r, 'pdf-build', 'rendered'):.1f}"),
    ("Build with PDFs, nothing changed (PDFs rendered)", ("pdf-rebuild",),
     lambda r: f"{_seconds(r.runs['pdf-rebuild'])}; {_counts(_figures('pdf-rebuild', 'rendered')(r))} rendered"),
    (f"No-change build with PDFs ÷ HTML build (target ≤ {TARGET_REBUILD_RATIO:g})", ("pdf-rebuild", "build"),
     lambda r: f"{rebuild_ratio(r):.2f}"),
    ("Build with PDFs, one Swedish document edited (PDFs rendered)", ("pdf-edit",),
     lambda r: f"{_seconds(r.runs['pdf-edit'])}; {_counts(_figures('pdf-edit', 'rendered')(r))} rendered"),
    ("Peak memory, build with PDFs (process tree; target < 1 GiB)", ("pdf-build",),
     lambda r: _mib(r.peak_tree_kib("pdf-build"))),
    ("Added by PDFs (ours): build with PDFs − HTML build", ("pdf-build", "build"),
     lambda r: f"{added_by_pdfs(r, 'pdf-build'):.2f} s"),
    ("**Peer** (mkdocs-pdf-export-plugin): whole build", ("peer",), lambda r: _seconds(r.runs["peer"])),
    ("Peer PDF time (conversions, PDF files written)", ("peer",), lambda r: _peer_time(r)),
    ("Peer PDF files per second", ("peer",), lambda r: f"{files_per_second(r, 'peer', 'conversions'):.1f}"),
    ("Peak memory, peer build (process tree)", ("peer",), lambda r: _mib(r.peak_tree_kib("peer"))),
    ("Added by PDFs (peer): peer build − HTML build", ("peer", "build"),
     lambda r: f"{added_by_pdfs(r, 'peer'):.2f} s"),
    (f"Peer ÷ ours, PDF time (target ≥ {TARGET_PEER_RATIO:g} at N={PDF_TARGET_SIZE})", ("peer", "pdf-build"),
     lambda r: f"{peer_ratio(r):.1f}"),
)


def _peer_time(result: SizeResult) -> str:
    conversions, files = _figures("peer", "conversions")(result), _figures("peer", "pdf_files")(result)
    errors = max(_figures("peer", "errors")(result))
    return (f"{_spread(_figures('peer', 'stage_seconds')(result))}; {_counts(conversions)} conversions, "
            f"{_counts(files)} files" + (f", {errors:.0f} conversion errors" if errors else ""))


def table(results: list[SizeResult]) -> list[str]:
    header = ["Measurement", *(f"N={r.size}" for r in results)]
    rows = [[label, *(cell(r) if all(r.measured(key) for key in needs) else NOT_MEASURED for r in results)]
            for label, needs, cell in ROWS]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(row) for row in rows)]


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def target_lines(results: list[SizeResult]) -> list[str]:
    """One sentence per target: met, not met, or not assessed because its size was not measured."""
    by_size = {r.size: r for r in results}
    lines = []

    check = by_size.get(TARGET_SIZE)
    if check is None:
        lines.append(f"Check: N={TARGET_SIZE} was not measured, so the target (under {TARGET_PERCENT:g} % of the "
                     "HTML build) is not assessed.")
    else:
        lines.append(f"Check: at N={TARGET_SIZE} it takes {share(check):.1f} % of the HTML build "
                     f"({check.median('check'):.2f} s against {check.median('build'):.2f} s); "
                     f"target under {TARGET_PERCENT:g} %: {_verdict(share(check) < TARGET_PERCENT)}.")

    with_pdf = [r for r in results if r.measured("pdf-build")]
    if not with_pdf:
        lines.append("PDF: not measured, so its targets are not assessed.")
        return lines
    ratios = ", ".join(f"{rebuild_ratio(r):.2f} at N={r.size}" for r in with_pdf)
    lines.append(f"No-change build with PDFs ÷ HTML-only build: {ratios}; target at most {TARGET_REBUILD_RATIO:g}: "
                 f"{_verdict(all(rebuild_ratio(r) <= TARGET_REBUILD_RATIO for r in with_pdf))}.")
    lines.append(_renders_line("the no-change build", "pdf-rebuild", 0, with_pdf,
                               "none, as it must", "it must render none, so the cache is NOT working"))
    # Only if the edited page is a document with a handbook chapter (not the start page of a tiny corpus).
    edited = [r for r in with_pdf if r.edited_document is not None]
    if edited:
        lines.append(_renders_line("the one-document edit", "pdf-edit", 2, edited,
                                   "its PDF and the Swedish handbook, as expected",
                                   "expected 2 (its PDF and the Swedish handbook)"))

    pdf_target = by_size.get(PDF_TARGET_SIZE)
    if pdf_target is None or not pdf_target.measured("pdf-build"):
        lines.append(f"Memory and peer: N={PDF_TARGET_SIZE} was not measured with PDFs, so these targets are "
                     "not assessed.")
        return lines
    peak = pdf_target.peak_tree_kib("pdf-build")
    lines.append(f"Memory: the build with PDFs peaks at {_mib(peak)} at N={PDF_TARGET_SIZE} (whole process tree); "
                 f"target under 1 GiB: {_verdict(peak < TARGET_MEMORY_KIB)}.")
    if not pdf_target.measured("peer"):
        lines.append(f"Peer: not measured at N={PDF_TARGET_SIZE}, so the target (≥ {TARGET_PEER_RATIO:g}× faster) "
                     "is not assessed.")
    else:
        ratio = peer_ratio(pdf_target)
        lines.append(f"Peer: at N={PDF_TARGET_SIZE} the peer's PDF time is {ratio:.1f}× our stage's "
                     f"({pdf_target.figure('peer', 'stage_seconds'):.1f} s against "
                     f"{pdf_target.figure('pdf-build', 'stage_seconds'):.1f} s); target at least "
                     f"{TARGET_PEER_RATIO:g}×: {_verdict(ratio >= TARGET_PEER_RATIO)}.")
    return lines


def _renders_line(what: str, key: str, expected: int, results: list[SizeResult], good: str, bad: str) -> str:
    counts = ", ".join(f"{_counts(_figures(key, 'rendered')(r))} at N={r.size}" for r in results)
    as_expected = all(run.figures["rendered"] == expected for r in results for run in r.runs[key])
    return f"Cache: {what} rendered {counts}; {good if as_expected else bad}."


def machine() -> list[tuple[str, str]]:
    def first(path: str, key: str) -> str:
        try:
            for text in Path(path).read_text().splitlines():
                if text.startswith(key):
                    return text.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    memory = first("/proc/meminfo", "MemTotal")
    if memory.endswith("kB"):
        memory = f"{int(memory.split()[0]) / 2**20:.1f} GiB"
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return [
        ("Date", dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("Machine", f"nproc {len(os.sched_getaffinity(0))}, {first('/proc/cpuinfo', 'model name')}, {memory} RAM"),
        ("System", platform.platform()),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("Packages", ", ".join(versions)),
        ("Peer", f"{peer_module.PLUGIN} in a benchmark-only environment, the same pinned packages"),
        ("Repository", _commit()),
    ]


def _commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{head}" + (" with uncommitted changes" if dirty else "")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _sizes_text(sizes) -> str:
    return ", ".join(f"N={size}" for size in sizes) or "none"


def report(results: list[SizeResult], runs: int, peer_runs: int, children_max_rss_kib: int, *,
           pdf_runs: int | None = None, real: RealSiteResult | None = None, clone: CloneResult | None = None,
           skipped: tuple[str, ...] = ()) -> str:
    pdf_runs = runs if pdf_runs is None else pdf_runs
    pdf_sizes = [r.size for r in results if r.measured("pdf-build")]
    peer_sizes = [r.size for r in results if r.measured("peer")]
    edited = sorted({r.edited_document for r in results}, key=lambda n: n or 0)
    edited_text = ", ".join("the start page" if n is None else f"document {n}" for n in edited)
    notes = [f"{_plural(pdf_runs, 'run')} for the PDF steps" if pdf_runs != runs and pdf_sizes else "",
             f"{_plural(peer_runs, 'run')} for the peer" if peer_runs != runs and peer_sizes else ""]
    peer_note = f" ({', '.join(filter(None, notes))})" if any(notes) else ""
    lines = [
        "# Benchmark: the issue's targets, the check, the HTML build and the PDF stage",
        "",
        "Written by `make bench` (`python -m bench`); regenerate it rather than editing it.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine()),
        "",
        "## Targets",
        "",
        "Every value below was measured in this run; ratios are against the plain stack measured in the same run.",
        "A target whose measurement did not run here is *not measured*, never met"
        + (f" (skipped in this run: {', '.join(skipped)})." if skipped else "."),
        f"Medians of {_plural(runs, 'run')} for the HTML builds"
        + (f"; at {_sizes_text(pdf_sizes)}, {_plural(pdf_runs, 'run')} of each PDF step" if pdf_sizes else "")
        + (f" and {_plural(peer_runs, 'run')} of the peer" if peer_sizes else "")
        + (" (fewer runs there keep `make bench` within about 45 minutes)." if pdf_sizes else "."),
        "",
        *target_table(issue_targets(results, real, clone)),
        "",
        *real_site_lines(real),
        *clone_lines(clone),
        "## Generated corpora",
        "",
        f"Median of {_plural(runs, 'run')} per step{peer_note}, with the fastest and slowest run in parentheses.",
        "Each corpus is generated once (`bench.corpus`): N documents in Swedish and",
        "English plus the start page, about 400 words each, with a table, an admonition and two",
        "cross-document links; three in four are governing documents (policy, guideline, routine).",
        f"The navigation has one section of documents holding a section per type, in sections of at most {corpus_module.NAV_SECTION_SIZE}",
        "documents, and the theme features of the project's `mkdocs.yml`.",
        f"Check and HTML builds at every size; the PDF steps at {_sizes_text(pdf_sizes)}, the peer at",
        f"{_sizes_text(peer_sizes)} (`--pdf-sizes`, `--pdf-runs`, `--peer-runs`). {NOT_MEASURED}: not measured at",
        "that size. By default only N=200, the targets' size, gets the PDF steps: the peer's time grows with",
        "every page.",
        "",
        *table(results),
        "",
        *(f"- {line}" for line in target_lines(results)),
        "",
        "## How it is measured",
        "",
        "Every step is a whole process, Python start-up included, run in the corpus directory with",
        f"`NO_MKDOCS_2_WARNING=1` and `SOURCE_DATE_EPOCH` set to {corpus_module.REFERENCE_DATE.isoformat()} so review",
        "dates are judged the same way on every day.",
        "",
        "- **Check**: `python -m policysite.validate --root <corpus>`.",
        "- **HTML build**: `python -m mkdocs build --site-dir <site>`, the site directory removed before each run;",
        "  every `POLICYSITE_PDF*` variable is removed from the environment, so the PDF stage is off.",
        "- **Plain stack**: `python -m mkdocs build -f mkdocs-plain.yml --site-dir <site>`, emptied first.",
        "  `mkdocs-plain.yml` is made from the project's (or corpus's) `mkdocs.yml` by `bench.plain.plain_config`:",
        "  the same pages, nav, theme features, Markdown extensions and plugins (Material, static-i18n, search),",
        "  without `hooks:`, `watch:`, the theme's `custom_dir`, our `extra_css`/`extra_javascript`, strict off.",
        "- **Document page, median size**: the median byte size of every generated document's built page",
        "  (`<area>/dNNNN/index.html`, Swedish and English) after the HTML steps; the per-page target is this",
        "  figure at N=400 over N=50.",
        "- **HTML rebuild, nothing changed**: the same command again into the same site directory.",
        f"- **HTML rebuild, one page edited**: a paragraph appended to the Swedish page of {edited_text}",
        "  (the first generated document that is governing and approved), then the same command.",
        "  MkDocs has no incremental build, so both rebuilds redo every page.",
        "- **Build with PDFs, empty cache**: the same build with `POLICYSITE_PDF=1`, into its own site",
        "  directory, with `POLICYSITE_PDF_CACHE` pointing to a PDF cache that is removed, like the site",
        "  directory, before each run. `POLICYSITE_PDF_WORKERS` is left unset: one worker per CPU.",
        "  One PDF per governing document that is not retired, per language, plus one handbook per language.",
        "- **PDF stage (ours)**: the stage's own time from its report (`POLICYSITE_PDF_REPORT`, one JSON",
        "  line per language build: cache look-up, parallel WeasyPrint rendering, writing), summed over",
        "  Swedish and English. *PDF files per second* = PDFs rendered ÷ that time (files, not printed pages).",
        "- **Build with PDFs, nothing changed**: the same build again, same site directory and cache; in",
        "  parentheses the PDFs it rendered, which must be 0. Its ratio is taken against the median of the",
        "  HTML build with an empty site directory.",
        "- **Build with PDFs, one document edited**: a paragraph appended to the same Swedish page (a new",
        "  one each run), then the same build; it should render 2 PDFs: the document's and the Swedish",
        "  handbook.",
        "- **Peak RSS**: `ru_maxrss` of the child process (from `os.wait4`); the largest over the runs.",
        f"  Cross-check: `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` over the whole run: {_mib(children_max_rss_kib)}.",
        "- **Peak memory (process tree)**: the PDF stage renders in several worker processes at once, so",
        "  a thread sums VmRSS (`/proc/<pid>/status`) over the build and all its descendants every",
        f"  {INTERVAL_SECONDS * 1000:.0f} ms; the largest sum over the runs. Pages the processes share count once",
        "  per process, so this is an upper bound.",
        f"- **Peer**: `{peer_module.PLUGIN}` in a benchmark-only virtual environment",
        f"  (`{PEER_VENV.relative_to(REPO)}`, ignored by git, made on first use) with the project's pinned",
        "  requirements and every package the project's environment has held to the same version (so the same",
        "  WeasyPrint), plus the plugin and policysite (`pip install --no-deps -e`). Its configuration is the",
        f"  corpus's `mkdocs.yml` with `- {peer_module.PLUGIN_ENTRY}` appended to `plugins:`, default options",
        "  (one PDF per page, not `combined`); no other change was needed. It runs `mkdocs build -f mkdocs-peer.yml` into",
        "  its own, emptied site directory without our PDF stage. *Peer PDF time* and *conversions* are parsed",
        "  from its last `Converting N files to PDF took X.Xs` line (its counters run on across the language",
        "  builds); a page converted twice would show as more conversions than PDF files written. That time",
        "  covers its rewriting of each page's HTML and WeasyPrint; our stage's covers cache look-up,",
        "  WeasyPrint and writing but not filling the print templates, which is why the *added by PDFs* rows",
        "  (whole build less the HTML build) are shown too.",
        "- **What each side makes**: the peer converts every page, information pages and the start page",
        "  included, from the theme's screen HTML; our stage makes one PDF per governing document from print",
        "  templates plus a handbook per language that collects every approved governing document. Files",
        "  per second are therefore not the same unit of work on both sides.",
        "- **Peer limitation seen with these versions** (mkdocs-material 9.8, WeasyPrint 70): every peer",
        "  PDF has two pages, the first holding only the skip link, the second the title, the metadata and",
        "  the opening paragraph; the rest of the document is missing, because WeasyPrint does not split",
        "  Material's flex containers (`.md-main__inner`) across pages and the plugin's print stylesheet",
        "  leaves them flex. The peer is measured as configured by default all the same. When this benchmark",
        "  was written, a theme handler (`theme_handler_path`) adding `display: block` for those containers",
        "  gave complete PDFs and converted *faster* (6.1 s against 7.7 s for 12 pages at N=5): flex layout",
        "  costs WeasyPrint more than the pages it drops. Against such a repaired peer the peer ÷ ours ratio",
        "  would be lower, by about a fifth at N=5.",
        "- **The real site** is a copy of the repository as it is (a clone of HEAD with the working tree laid",
        "  over it, so its Git history is there for the build). Our build and the plain stack's alternate, the",
        f"  public edition, HTML only, `SITE_URL={realsite_module.SITE_URL}`.",
        "- **Save-to-rebuilt**: `mkdocs serve --dev-addr 127.0.0.1:<free port>` in that copy, as `make serve` runs",
        "  it (livereload on, the public edition, no `SITE_URL`, no PDFs). Once it serves, a line with a new marker",
        f"  is appended to `{realsite_module.EDITED_PAGE.as_posix()}` and `{realsite_module.EDITED_URL}` is requested",
        "  until the answer holds the marker (the server holds a request while it rebuilds); the time from the",
        "  write to that answer, per edit, with a second's pause between edits. The page is restored and the",
        "  server stopped with Ctrl-C (SIGINT) afterwards.",
        f"- **ProperDocs**: `python {engine_module.TOOL.as_posix()} --root <copy> --site-dir <dir>` (the engine",
        "  fallback, in its own pinned environment), after an untimed `--setup-only`; success is exit status 0.",
        "  It is the publishing build (`policysite.build`, strict), HTML only, with the same `SITE_URL`, so its time",
        "  is shown next to our HTML build, not as a ratio.",
        "- **Fresh-clone `make test`**: `git clone --no-local` of the repository's HEAD (committed code only)",
        "  into a temporary directory, then `make test` there with the user's environment (the clone makes its",
        "  own `.venv`, so the time includes installing the pinned packages); it runs last. A failing suite",
        "  makes `python -m bench` exit 1 after this report is written.",
        "",
    ]
    return "\n".join(lines)


def real_site_lines(real: RealSiteResult | None) -> list[str]:
    if real is None:
        return []
    lines = ["## The real site", "", "| Measurement | Value |", "|---|---|"]
    if real.build:
        ratio = statistics.median(r.seconds for r in real.build) / statistics.median(r.seconds for r in real.plain)
        lines += [f"| HTML build, ours ({real.pages} HTML files) | {_seconds(real.build)} |",
                  f"| HTML build, plain stack ({real.plain_pages} HTML files) | {_seconds(real.plain)} |",
                  f"| Ours ÷ plain stack | {ratio:.2f} |",
                  f"| Peak RSS, our build | {_mib(max(r.max_rss_kib for r in real.build))} |"]
    if real.serve_seconds:
        lines.append(f"| Save-to-rebuilt under `make serve`, each edit | "
                     f"{', '.join(f'{s:.2f} s' for s in real.serve_seconds)} |")
    if real.engine is not None:
        state = (f"{real.engine.seconds:.2f} s, succeeded" if real.engine.succeeded
                 else f"failed: {real.engine.detail}" if real.engine.available else real.engine.detail)
        lines.append(f"| ProperDocs build (engine fallback) | {state} |")
    return [*lines, ""]


def clone_lines(clone: CloneResult | None) -> list[str]:
    if clone is None:
        return []
    return ["## Fresh-clone `make test`", "",
            f"Commit {clone.commit}: `make test` took {clone.seconds / 60:.1f} min ({clone.seconds:.0f} s) and "
            f"exited with {clone.returncode}. pytest: {clone.summary}.", ""]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sizes(text: str) -> tuple[int, ...]:
    if text.strip() == "":
        return ()  # allowed for --pdf-sizes: no PDF steps
    try:
        sizes = tuple(dict.fromkeys(int(part) for part in text.split(",") if part.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of numbers, e.g. 50,200,400") from None
    if not sizes or any(not 1 <= size <= corpus_module.MAX_DOCUMENTS for size in sizes):
        raise argparse.ArgumentTypeError(f"give sizes between 1 and {corpus_module.MAX_DOCUMENTS}, e.g. 50,200,400")
    return sizes


def _parts(text: str) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in parts if part not in OPTIONAL_PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown part {', '.join(unknown)}: choose from {', '.join(OPTIONAL_PARTS)}")
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=_sizes, default=DEFAULT_SIZES, metavar="N,N,…",
                        help="corpus sizes for the check and the HTML builds "
                             f"(default: {','.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--pdf-sizes", type=_sizes, default=DEFAULT_PDF_SIZES, metavar="N,N,…",
                        help="sizes that also get the PDF steps and the peer; added to --sizes if missing; "
                             f"'' for none (default: {','.join(map(str, DEFAULT_PDF_SIZES))})")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS,
                        help=f"runs per HTML step, corpora and real site (default: {DEFAULT_RUNS})")
    parser.add_argument("--pdf-runs", type=int, default=DEFAULT_PDF_RUNS,
                        help=f"runs per PDF step (default: {DEFAULT_PDF_RUNS})")
    parser.add_argument("--peer-runs", type=int, metavar="RUNS",
                        help="runs of the peer per PDF size; 0 skips the peer (default: --pdf-runs)")
    parser.add_argument("--peer-venv", type=Path, default=PEER_VENV,
                        help="the peer's virtual environment, made on first use (default: bench/.peer-venv)")
    parser.add_argument("--serve-edits", type=int, default=DEFAULT_SERVE_EDITS,
                        help=f"edits timed under mkdocs serve on the real site (default: {DEFAULT_SERVE_EDITS})")
    parser.add_argument("--skip", type=_parts, default=(), metavar="PART,…",
                        help=f"leave out some of: {', '.join(OPTIONAL_PARTS)} (their targets are then not measured)")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results.md",
                        help="Markdown report (default: bench/results.md)")
    parser.add_argument("--workdir", type=Path,
                        help="keep corpora and sites here (default: a temporary directory, removed afterwards)")
    args = parser.parse_args(argv)
    peer_runs = args.pdf_runs if args.peer_runs is None else args.peer_runs
    if args.runs < 1 or args.pdf_runs < 1:
        parser.error("--runs and --pdf-runs must be at least 1")
    if peer_runs < 0 or args.serve_edits < 0:
        parser.error("--peer-runs and --serve-edits must be 0 or more")
    sizes = sorted({*args.sizes, *args.pdf_sizes})
    if not sizes:
        parser.error("give at least one size")
    skipped = tuple(dict.fromkeys([*args.skip, *(["serve"] if args.serve_edits == 0 else []),
                                   *(["serve", "properdocs"] if "real-site" in args.skip else [])]))

    peer_python = None
    if args.pdf_sizes and peer_runs:
        try:  # before any timing, so a missing registry fails in seconds rather than after an hour
            peer_python = peer_module.ensure_venv(args.peer_venv.resolve(), REPO, _progress)
        except peer_module.PeerSetupError as exc:
            print(f"bench: the peer's environment could not be made (use --peer-runs 0 to skip the peer): {exc}",
                  file=sys.stderr)
            return 1

    real, clone = None, None
    with tempfile.TemporaryDirectory(prefix="policysite-bench-") as temporary:
        workdir = (args.workdir or Path(temporary)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            results = [bench_size(size, workdir, args.runs, REPO, pdf=size in args.pdf_sizes, peer_runs=peer_runs,
                                  peer_python=peer_python, pdf_runs=args.pdf_runs) for size in sizes]
            if "real-site" not in skipped:
                real = bench_real_site(REPO, workdir, args.runs, 0 if "serve" in skipped else args.serve_edits,
                                       "properdocs" not in skipped, _progress)
            if "fresh-clone" not in skipped:  # last: the longest step, and one that may fail on its own
                _progress("fresh clone: make test (the whole suite; minutes)")
                clone = fresh_clone_test(REPO, workdir, dict(os.environ))
                _progress(f"fresh clone: make test exited with {clone.returncode} after {clone.seconds:.0f} s: "
                          f"{clone.summary}")
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1

    text = report(results, args.runs, peer_runs, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  pdf_runs=args.pdf_runs, real=real, clone=clone, skipped=skipped)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(target_table(issue_targets(results, real, clone))))
    print()
    print("\n".join(table(results)))
    print()
    print("\n".join(target_lines(results)))
    print(f"Written to {args.output}")
    if clone is not None and not clone.passed:
        print(f"bench: make test failed in a fresh clone of {clone.commit}:\n{clone.tail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
