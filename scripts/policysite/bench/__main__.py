"""Benchmark the check, the HTML build and the PDF stage on generated corpora: `python -m policysite.bench`.

`make bench` runs it with the defaults.

For each size N (default 50, 200 and 400 documents, each in Swedish and English)
a corpus is generated once (policysite.bench.corpus) and each step below runs
RUNS times as a subprocess; the table shows the median wall time with the range:

  check        python -m policysite.validate --root CORPUS
  build        python -m mkdocs build --site-dir SITE, SITE removed first
  rebuild      the same command again into the same SITE, nothing changed
  edit         one Swedish page changed, then the same command into the same SITE

At the PDF sizes (default 50 and 200) the same build also runs with the PDF
stage on (POLICYSITE_PDF=1), into its own site directory and PDF cache, and the
peer, mkdocs-pdf-export-plugin, runs from its own environment (bench/.peer-venv,
made on first use):

  pdf-build    PDFs on, site directory and PDF cache emptied first
  pdf-rebuild  the same again, nothing changed: every PDF must come from the cache
  pdf-edit     one Swedish governing document changed: its PDF and the handbook render
  peer         the peer's build, one PDF per page, site directory emptied first

The PDF stage writes what it did (POLICYSITE_PDF_REPORT); the peer prints it.
Peak RSS is each child's ru_maxrss (os.wait4 reports it per child); for the PDF
builds, whose renderer runs in several processes at once, the total VmRSS of the
whole process tree is also sampled from /proc (policysite.bench.memory). The
results are printed and written to bench/results.md. This is a benchmark, not a
test: nothing here passes or fails on time; the report says which of the team's
targets are met.
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
from . import peer as peer_module
from .figures import peer_errors, peer_figures, stage_figures
from .memory import INTERVAL_SECONDS, TreeMemorySampler

REPO = Path(__file__).resolve().parents[3]
DEFAULT_SIZES = (50, 200, 400)
DEFAULT_PDF_SIZES = (50, 200)  # the peer takes minutes per run at N=200; N=400 would take most of an hour
DEFAULT_RUNS = 3
PEER_VENV = REPO / "bench" / ".peer-venv"
TARGET_SIZE = 400
TARGET_PERCENT = 5.0
PDF_TARGET_SIZE = 200
TARGET_PEER_RATIO = 5.0  # the peer's PDF time over ours, at least
TARGET_REBUILD_RATIO = 1.3  # a no-change build with PDFs over the HTML-only build, at most
TARGET_MEMORY_KIB = 2**20  # 1 GiB, peak of the PDF build's process tree
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown",
            "Jinja2", "PyYAML", "Babel", "weasyprint", "pydyf", "fonttools", "policysite")


class BenchError(Exception):
    """A step's command failed; the corpus or the build is broken, so no figures are reported."""


@dataclass
class Run:
    seconds: float
    max_rss_kib: int  # ru_maxrss of the child (KiB on Linux)
    tree_rss_kib: int = 0  # largest sampled VmRSS total of the child and its descendants, if sampled
    figures: dict[str, float] = field(default_factory=dict)  # what the build reported about its PDFs


@dataclass
class Context:
    """One corpus and the directories its builds write into."""

    size: int
    corpus: Path
    site: Path
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


def measure(argv: list[str], cwd: Path, env: dict[str, str], sample_tree: bool = False) -> tuple[Run, str]:
    """Run argv to completion; its wall time, peak RSS and output. Raise BenchError if it fails."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        if sample_tree:
            with TreeMemorySampler(process.pid) as sampler:
                _, status, usage = os.wait4(process.pid, 0)
        else:
            sampler = None
            _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise BenchError(f"{' '.join(argv)} (in {cwd}) exited with {process.returncode}:\n{text[-4000:]}")
    return Run(seconds, usage.ru_maxrss, sampler.peak_kib if sampler else 0), text


def without_pdf_settings(env: dict[str, str]) -> dict[str, str]:
    """The HTML steps and the peer must not run our PDF stage, whatever the caller's shell has set."""
    return {key: value for key, value in env.items() if not key.startswith("POLICYSITE_PDF")}


def bench_size(size: int, workdir: Path, runs: int, repo: Path, pdf: bool = False, peer_runs: int = 0,
               peer_python: Path | None = None) -> SizeResult:
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
    context = Context(size, corpus_dir, workdir / f"site-{size}",
                      without_pdf_settings(corpus_module.environment()), corpus_dir / "docs" / "sv" / edited_path,
                      pdf_site=workdir / f"site-pdf-{size}", pdf_cache=workdir / f"pdf-cache-{size}",
                      pdf_report=workdir / f"pdf-report-{size}.jsonl", peer_site=workdir / f"site-peer-{size}",
                      peer_config=peer_config, peer_python=peer_python)
    context.pdf_report.unlink(missing_ok=True)
    result = SizeResult(size, pages, generated, edited)
    _progress(f"N={size}: generated {pages} pages in {generated:.2f} s into {corpus_dir}")
    for step in STEPS:
        count = {"html": runs, "pdf": runs if pdf else 0, "peer": peer_runs if pdf and peer_python else 0}[step.kind]
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
    ("HTML rebuild, nothing changed", ("rebuild",), lambda r: _seconds(r.runs["rebuild"])),
    ("HTML rebuild, one Swedish page edited", ("edit",), lambda r: _seconds(r.runs["edit"])),
    ("Peak RSS, check", ("check",), lambda r: _mib(r.peak_rss_kib("check"))),
    ("Peak RSS, HTML build", ("build",), lambda r: _mib(r.peak_rss_kib("build"))),
    ("Built site size (HTML only)", ("build",), lambda r: f"{r.site_bytes / 2**20:.0f} MiB"),
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


def report(results: list[SizeResult], runs: int, peer_runs: int, children_max_rss_kib: int) -> str:
    pdf_sizes = [r.size for r in results if r.measured("pdf-build")]
    peer_sizes = [r.size for r in results if r.measured("peer")]
    edited = sorted({r.edited_document for r in results}, key=lambda n: n or 0)
    edited_text = ", ".join("the start page" if n is None else f"document {n}" for n in edited)
    peer_note = "" if peer_runs == runs or not peer_sizes else f" ({_plural(peer_runs, 'run')} for the peer)"
    lines = [
        "# Benchmark: check, HTML build and PDF stage",
        "",
        "Written by `make bench` (`python -m policysite.bench`); regenerate it rather than editing it.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine()),
        "",
        "## Results",
        "",
        f"Median of {_plural(runs, 'run')} per step{peer_note}, with the fastest and slowest run in parentheses.",
        "Each corpus is generated once (`policysite.bench.corpus`): N documents in Swedish and",
        "English plus the start page, about 400 words each, with a table, an admonition and two",
        "cross-document links; three in four are governing documents (policy, guideline, routine).",
        f"Check and HTML build at every size; the PDF steps at {_sizes_text(pdf_sizes)}, the peer at",
        f"{_sizes_text(peer_sizes)} (`--pdf-sizes`, `--peer-runs`). {NOT_MEASURED}: not measured at that size. By",
        "default N=400 gets no PDF steps: the peer's time grows with every page, and three peer runs there",
        "would make `make bench` much longer.",
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
        "",
    ]
    return "\n".join(lines)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=_sizes, default=DEFAULT_SIZES, metavar="N,N,…",
                        help="corpus sizes for the check and the HTML builds "
                             f"(default: {','.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--pdf-sizes", type=_sizes, default=DEFAULT_PDF_SIZES, metavar="N,N,…",
                        help="sizes that also get the PDF steps and the peer; added to --sizes if missing; "
                             f"'' for none (default: {','.join(map(str, DEFAULT_PDF_SIZES))})")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"runs per step (default: {DEFAULT_RUNS})")
    parser.add_argument("--peer-runs", type=int, metavar="RUNS",
                        help="runs of the peer per PDF size; 0 skips the peer (default: --runs)")
    parser.add_argument("--peer-venv", type=Path, default=PEER_VENV,
                        help="the peer's virtual environment, made on first use (default: bench/.peer-venv)")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results.md",
                        help="Markdown report (default: bench/results.md)")
    parser.add_argument("--workdir", type=Path,
                        help="keep corpora and sites here (default: a temporary directory, removed afterwards)")
    args = parser.parse_args(argv)
    peer_runs = args.runs if args.peer_runs is None else args.peer_runs
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if peer_runs < 0:
        parser.error("--peer-runs must be 0 or more")
    sizes = sorted({*args.sizes, *args.pdf_sizes})
    if not sizes:
        parser.error("give at least one size")

    peer_python = None
    if args.pdf_sizes and peer_runs:
        try:  # before any timing, so a missing registry fails in seconds rather than after an hour
            peer_python = peer_module.ensure_venv(args.peer_venv.resolve(), REPO, _progress)
        except peer_module.PeerSetupError as exc:
            print(f"bench: the peer's environment could not be made (use --peer-runs 0 to skip the peer): {exc}",
                  file=sys.stderr)
            return 1

    with tempfile.TemporaryDirectory(prefix="policysite-bench-") as temporary:
        workdir = (args.workdir or Path(temporary)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            results = [bench_size(size, workdir, args.runs, REPO, pdf=size in args.pdf_sizes, peer_runs=peer_runs,
                                  peer_python=peer_python) for size in sizes]
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1

    text = report(results, args.runs, peer_runs, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(table(results)))
    print()
    print("\n".join(target_lines(results)))
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
