"""Benchmark the check and the HTML build on generated corpora: `python -m policysite.bench` (make bench).

For each size N (default 50, 200 and 400 documents, each in Swedish and English)
a corpus is generated once (policysite.bench.corpus) and each step below runs
RUNS times as a subprocess; the table shows the median wall time with the range:

  check    python -m policysite.validate --root CORPUS
  build    python -m mkdocs build --site-dir SITE, SITE removed first
  rebuild  the same command again into the same SITE, nothing changed
  edit     one Swedish page changed, then the same command into the same SITE

Peak RSS is each child's ru_maxrss (os.wait4 reports it per child; the
RUSAGE_CHILDREN figure from resource.getrusage is the maximum over all children
and is shown as a cross-check). The results are printed and written to
bench/results.md. This is a benchmark, not a test: nothing here passes or fails
on time, except that the report says whether the team's target (check under 5 %
of the HTML build at N=400) is met.
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

REPO = Path(__file__).resolve().parents[3]
DEFAULT_SIZES = (50, 200, 400)
DEFAULT_RUNS = 3
TARGET_SIZE = 400
TARGET_PERCENT = 5.0
EDITED_DOCUMENT = 1  # the generated document the edit step changes (its Swedish page)
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown",
            "Jinja2", "PyYAML", "Babel", "policysite")


class BenchError(Exception):
    """A step's command failed; the corpus or the build is broken, so no figures are reported."""


@dataclass
class Run:
    seconds: float
    max_rss_kib: int  # ru_maxrss of the child (KiB on Linux)


@dataclass
class Context:
    """One corpus and its site directory."""

    size: int
    corpus: Path
    site: Path
    env: dict[str, str]
    edited_page: Path
    original_text: str = ""


@dataclass(frozen=True)
class Step:
    """One measured command. `prepare` runs (untimed) before each run, `finish` once after the last."""

    key: str
    label: str
    command: Callable[[Context], list[str]]
    prepare: Callable[[Context, int], None] = lambda context, run: None
    finish: Callable[[Context], None] = lambda context: None
    rss_row: str | None = None  # label of a peak-RSS row for this step, if any


def _check_command(context: Context) -> list[str]:
    return [sys.executable, "-m", "policysite.validate", "--root", str(context.corpus)]


def _build_command(context: Context) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(context.site)]


def _empty_site(context: Context, run: int) -> None:
    shutil.rmtree(context.site, ignore_errors=True)


def _edit_page(context: Context, run: int) -> None:
    if not context.original_text:
        context.original_text = context.edited_page.read_text(encoding="utf-8")
    # A new last paragraph: changes the page's text but not its headings or links.
    context.edited_page.write_text(context.original_text + f"\nÄndrad i mätning {run + 1}.\n", encoding="utf-8")


def _restore_page(context: Context) -> None:
    if context.original_text:
        context.edited_page.write_text(context.original_text, encoding="utf-8")


# The measured steps, in order; each becomes a row of the table.
# PDF stage: add its steps here (e.g. Step("pdf", "PDF build, all documents", …)) and
# remove the matching entry from PENDING_ROWS.
STEPS: tuple[Step, ...] = (
    Step("check", "Check (`policysite.validate`)", _check_command, rss_row="Peak RSS, check"),
    Step("build", "HTML build, empty site dir", _build_command, prepare=_empty_site, rss_row="Peak RSS, HTML build"),
    Step("rebuild", "HTML rebuild, nothing changed", _build_command),
    Step("edit", "HTML rebuild, one Swedish page edited", _build_command, prepare=_edit_page, finish=_restore_page),
)
# Rows a later stage will measure; shown as "not measured yet" so the table's shape is stable.
PENDING_ROWS: tuple[str, ...] = ("PDF build (later stage)",)


@dataclass
class SizeResult:
    size: int
    pages: int
    generate_seconds: float
    runs: dict[str, list[Run]] = field(default_factory=dict)
    site_bytes: int = 0

    def median(self, key: str) -> float:
        return statistics.median(run.seconds for run in self.runs[key])

    def peak_rss_kib(self, key: str) -> int:
        return max(run.max_rss_kib for run in self.runs[key])


def measure(argv: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run argv to completion; its wall time and peak RSS. Raise BenchError if it fails."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
        if process.returncode != 0:
            output.seek(0)
            tail = output.read().decode("utf-8", "replace")[-4000:]
            raise BenchError(f"{' '.join(argv)} (in {cwd}) exited with {process.returncode}:\n{tail}")
    return Run(seconds, usage.ru_maxrss)


def bench_size(size: int, workdir: Path, runs: int, repo: Path) -> SizeResult:
    corpus_dir = workdir / f"corpus-{size}"
    shutil.rmtree(corpus_dir, ignore_errors=True)
    start = time.perf_counter()
    corpus_module.generate(corpus_dir, size, repo)
    generated = time.perf_counter() - start
    pages = sum(1 for _ in (corpus_dir / "docs").rglob("*.md"))
    edited = corpus_module.document_path(EDITED_DOCUMENT) if size >= EDITED_DOCUMENT else corpus_module.INDEX_PATH
    edited_page = corpus_dir / "docs" / "sv" / edited
    context = Context(size, corpus_dir, workdir / f"site-{size}", corpus_module.environment(), edited_page)
    result = SizeResult(size, pages, generated)
    _progress(f"N={size}: generated {pages} pages in {generated:.2f} s into {corpus_dir}")
    for step in STEPS:
        result.runs[step.key] = []
        try:
            for run in range(runs):
                step.prepare(context, run)
                measured = measure(step.command(context), corpus_dir, context.env)
                result.runs[step.key].append(measured)
                _progress(f"N={size}: {step.label}, run {run + 1}/{runs}: {measured.seconds:.2f} s, "
                          f"{_mib(measured.max_rss_kib)}")
        finally:
            step.finish(context)
    result.site_bytes = sum(p.stat().st_size for p in context.site.rglob("*") if p.is_file())
    return result


# --- report ---------------------------------------------------------------------------------


def _seconds(runs: list[Run]) -> str:
    times = [run.seconds for run in runs]
    median = statistics.median(times)
    return f"{median:.2f} s ({min(times):.2f}–{max(times):.2f})" if len(times) > 1 else f"{median:.2f} s"


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB"


def share(result: SizeResult) -> float:
    """The check's median time as a percentage of the HTML build's."""
    return 100 * result.median("check") / result.median("build")


def table(results: list[SizeResult]) -> list[str]:
    header = ["Measurement", *(f"N={r.size}" for r in results)]
    rows = [
        ["Pages (sv + en, incl. start page)", *(str(r.pages) for r in results)],
        ["Corpus generation (once)", *(f"{r.generate_seconds:.2f} s" for r in results)],
    ]
    for step in STEPS:
        rows.append([step.label, *(_seconds(r.runs[step.key]) for r in results)])
    for step in STEPS:
        if step.rss_row:
            rows.append([step.rss_row, *(_mib(r.peak_rss_kib(step.key)) for r in results)])
    rows.append(["Built site size", *(f"{r.site_bytes / 2**20:.0f} MiB" for r in results)])
    rows.append(["Check as % of HTML build", *(f"{share(r):.1f} %" for r in results)])
    rows += [[label, *("not measured yet" for _ in results)] for label in PENDING_ROWS]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(row) for row in rows)]


def target_line(results: list[SizeResult]) -> str:
    at_target = next((r for r in results if r.size == TARGET_SIZE), None)
    if at_target is None:
        return f"N={TARGET_SIZE} was not measured, so the target (check under {TARGET_PERCENT:g} % of the HTML build) is not assessed."
    percent = share(at_target)
    verdict = "met" if percent < TARGET_PERCENT else "NOT met"
    return (f"At N={TARGET_SIZE} the check takes {percent:.1f} % of the HTML build "
            f"({at_target.median('check'):.2f} s against {at_target.median('build'):.2f} s); "
            f"target under {TARGET_PERCENT:g} %: {verdict}.")


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


def report(results: list[SizeResult], runs: int, children_max_rss_kib: int) -> str:
    lines = [
        "# Benchmark: check and HTML build",
        "",
        "Written by `make bench` (`python -m policysite.bench`); regenerate it rather than editing it.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine()),
        "",
        "## Results",
        "",
        f"Median of {runs} runs per step, with the fastest and slowest run in parentheses. Each corpus is",
        "generated once (`policysite.bench.corpus`): N documents in Swedish and English plus the start",
        "page, about 400 words each, with a table, an admonition and two cross-document links.",
        "",
        *table(results),
        "",
        target_line(results),
        "",
        "## How it is measured",
        "",
        "- **Check**: `python -m policysite.validate --root <corpus>`, a whole process including Python start-up.",
        "- **HTML build**: `python -m mkdocs build --site-dir <site>` with `NO_MKDOCS_2_WARNING=1`, the site",
        "  directory removed before each run.",
        "- **Rebuild, nothing changed**: the same command again into the same site directory.",
        f"- **Rebuild, one page edited**: a paragraph appended to the Swedish page of document {EDITED_DOCUMENT}, then",
        "  the same command. MkDocs has no incremental build, so both rebuilds redo every page.",
        "- **Peak RSS**: `ru_maxrss` of each child process (from `os.wait4`); the largest over the runs.",
        f"  Cross-check: `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` over the whole run: {_mib(children_max_rss_kib)}.",
        f"- Checks and builds run with `SOURCE_DATE_EPOCH` set to {corpus_module.REFERENCE_DATE.isoformat()} so review",
        "  dates are judged the same way on every day.",
        "",
        "## PDF",
        "",
        "Not measured yet. The PDF stage adds its steps to `STEPS` in",
        "`scripts/policysite/bench/__main__.py` (and removes its entry from `PENDING_ROWS`); each step",
        "becomes a row of the table above, measured the same way.",
        "",
    ]
    return "\n".join(lines)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sizes(text: str) -> tuple[int, ...]:
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
                        help=f"corpus sizes in documents (default: {','.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"runs per step (default: {DEFAULT_RUNS})")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results.md",
                        help="Markdown report (default: bench/results.md)")
    parser.add_argument("--workdir", type=Path,
                        help="keep corpora and sites here (default: a temporary directory, removed afterwards)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="policysite-bench-") as temporary:
        workdir = (args.workdir or Path(temporary)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            results = [bench_size(size, workdir, args.runs, REPO) for size in args.sizes]
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1

    text = report(results, args.runs, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(table(results)))
    print()
    print(target_line(results))
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
