"""`make lighthouse`: Lighthouse on the Swedish and English start pages, served by the project's own nginx.

The public site is built (HTML only) into a temporary folder with the public SITE_URL, served by Debian's nginx
with hosting/nginx.conf exactly as the browser tests serve it (tests/browsing.py, imported, not copied), and
Lighthouse (pinned in tools/lighthouse/package-lock.json, installed by `npm ci`) audits each start page RUNS times
with its defaults: mobile emulation and simulated throttling, Debian's Chromium. The median performance score
(it varies with the machine's load) and the lowest accessibility and best-practices scores must reach THRESHOLDS;
every score and every audit that did not pass is printed. The JSON reports go to tests/artifacts/lighthouse/ (not
committed), the summary to tools/lighthouse/results.md (committed, like bench/results.md).

    .venv/bin/python tools/lighthouse/run.py [--site DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tests"))  # tests/browsing.py: the nginx that serves the site, as in the tests

from browsing import CHROMIUM, CHROMIUM_ARGS, NGINX, serve  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = REPO / "tests" / "artifacts" / "lighthouse"
SUMMARY = HERE / "results.md"
SITE_URL = "https://sakerhet.regionblekinge.se/"  # at the server's root, as hosting/nginx.conf serves it (a test value)
PAGES = {"sv": "/", "en": "/en/"}  # the start pages, as paths on the server
CATEGORIES = ("performance", "accessibility", "best-practices")
THRESHOLDS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0}
RUNS = 3
# An audit "did not pass" below this score (Lighthouse's own report shows numeric audits under 0.9 as failing).
PASSING = {"performance": 0.9, "accessibility": 1.0, "best-practices": 1.0}
SCORED_MODES = ("binary", "numeric", "metricSavings")
RUN_SECONDS = 180
METRICS = (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"), ("SI", "speed-index"),
           ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"))


class Failure(Exception):
    """A step that could not run; its message says what to do."""


@dataclass
class Audit:
    category: str
    id: str
    title: str
    score: float
    detail: str

    def line(self) -> str:
        detail = f" — {self.detail}" if self.detail else ""
        return f"{self.category}: {self.id} ({self.score:.2f}) {self.title}{detail}"


@dataclass
class Run:
    scores: dict[str, float]
    metrics: str = ""  # the measured values behind the performance score
    benchmark: float = 0.0  # Lighthouse's measure of the machine's speed under the load of the moment
    failing: list[Audit] = field(default_factory=list)

    def line(self) -> str:
        return (", ".join(f"{name} {self.scores[name]:.2f}" for name in CATEGORIES)
                + f" ({self.metrics}; benchmark index {self.benchmark:.0f})")


def build_site(site_dir: Path) -> None:
    """The public site, HTML only, as `make site` builds it (policysite.build, strict) with the public address."""
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "POLICYSITE_EDITION": "public"}
    env.pop("POLICYSITE_PDF", None)
    result = subprocess.run([sys.executable, "-m", "policysite.build", "--site-dir", str(site_dir)], cwd=REPO,
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"the site did not build:\n{result.stdout}{result.stderr}".rstrip())


def lighthouse(url: str, output: Path) -> dict:
    """One Lighthouse run with its defaults (mobile, simulated throttling); the parsed JSON report."""
    if not LIGHTHOUSE.exists():
        raise Failure(f"{LIGHTHOUSE.relative_to(REPO)} is missing — run `make lighthouse` (it runs `npm ci` in "
                      f"{HERE.relative_to(REPO)})")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
               "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={flags}"]
    try:
        result = subprocess.run(command, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True,
                                text=True, timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise Failure(f"Lighthouse took more than {RUN_SECONDS} s on {url}") from exc
    if result.returncode != 0 or not output.exists():
        raise Failure(f"Lighthouse failed on {url} (exit {result.returncode}):\n{result.stderr.strip()}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise Failure(f"Lighthouse could not audit {url}: {report['runtimeError'].get('message')}")
    return report


def read_run(report: dict) -> Run:
    """The category scores of a report and every scored audit of those categories that did not pass."""
    missing = [name for name in CATEGORIES if report["categories"][name]["score"] is None]
    if missing:
        raise Failure(f"Lighthouse gave no {' or '.join(missing)} score for {report.get('requestedUrl')}: "
                      + "; ".join(f"{audit['id']}: {audit.get('errorMessage')}" for audit in report["audits"].values()
                                  if audit.get("errorMessage")))
    run = Run({name: report["categories"][name]["score"] for name in CATEGORIES},
              ", ".join(f"{short} {report['audits'][audit].get('displayValue', '?')}" for short, audit in METRICS),
              report.get("environment", {}).get("benchmarkIndex", 0.0))
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if (audit.get("scoreDisplayMode") in SCORED_MODES and audit.get("score") is not None
                    and audit["score"] < PASSING[name]):
                run.failing.append(Audit(name, audit["id"], audit["title"], audit["score"], describe(audit)))
    return run


def describe(audit: dict) -> str:
    """The audit's value and the first few things it names (elements, resources)."""
    parts = [audit["displayValue"]] if audit.get("displayValue") else []
    items = (audit.get("details") or {}).get("items") or []
    for item in items[:3]:
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        source = item.get("source") if isinstance(item.get("source"), dict) else {}
        what = node.get("selector") or item.get("url") or source.get("url")
        if what:
            parts.append(str(what))
    if len(items) > 3:
        parts.append(f"… {len(items) - 3} more")
    return "; ".join(parts)


def page_scores(runs: list[Run]) -> dict[str, float]:
    """A page's score per category: the median for performance, which varies with the machine's load; the lowest
    for the others, whose audits do not vary with it, so a failure in any run counts."""
    return {name: (statistics.median if name == "performance" else min)([run.scores[name] for run in runs])
            for name in CATEGORIES}


def shortfalls(score: dict[str, float]) -> list[str]:
    return [f"{name} {score[name]:.2f} < {THRESHOLDS[name]:.2f}" for name in CATEGORIES
            if score[name] < THRESHOLDS[name]]


def failing_audits(runs: list[Run]) -> list[tuple[Audit, int]]:
    """Every audit that failed in some run, with in how many runs, in the order first seen."""
    seen: dict[tuple[str, str], tuple[Audit, int]] = {}
    for run in runs:
        for audit in run.failing:
            key = (audit.category, audit.id)
            seen[key] = (seen[key][0] if key in seen else audit, seen[key][1] + 1 if key in seen else 1)
    return list(seen.values())


def command_output(*command: str) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, cwd=REPO).stdout.strip()
    except OSError:
        return "?"


def summary(results: dict[str, list[Run]], version: str) -> str:
    commit = command_output("git", "log", "-1", "--format=%h")
    dirty = " (with uncommitted changes)" if command_output("git", "status", "--porcelain") else ""
    chromium = command_output(str(CHROMIUM), "--version").splitlines()
    lines = [
        "# Lighthouse: the start pages served by hosting/nginx.conf", "",
        "Written by `make lighthouse` (`tools/lighthouse/run.py`); regenerate it rather than editing it.", "",
        "| | |", "|---|---|",
        f"| Date | {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC |",
        f"| Machine | nproc {os.cpu_count()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} |",
        f"| System | {platform.platform()} |",
        f"| Lighthouse | {version} (mobile emulation, simulated throttling) |",
        f"| Browser | {chromium[-1] if chromium else '?'} ({CHROMIUM}, headless) |",
        f"| Repository | {commit}{dirty} |",
        f"| Site | HTML build with SITE_URL={SITE_URL}, served at the server's root |", "",
        f"{len(next(iter(results.values())))} runs per page: the median performance score and the lowest "
        "accessibility and best-practices scores, each run's in parentheses; required: "
        + ", ".join(f"{name} ≥ {THRESHOLDS[name]:.2f}" for name in CATEGORIES) + ".", "",
        "| Page | " + " | ".join(CATEGORIES) + " | Result |",
        "|---|" + "---|" * len(CATEGORIES) + "---|",
    ]
    for language, runs in results.items():
        score = page_scores(runs)
        cells = [f"**{score[name]:.2f}** ({', '.join(f'{run.scores[name]:.2f}' for run in runs)})"
                 for name in CATEGORIES]
        lines.append(f"| {language} `{PAGES[language]}` | " + " | ".join(cells)
                     + f" | {'fails: ' + '; '.join(shortfalls(score)) if shortfalls(score) else 'passes'} |")
    lines += ["", "## Runs", ""]
    for language, runs in results.items():
        lines += [f"- {language} `{PAGES[language]}` run {number}: {run.line()}" for number, run in enumerate(runs, 1)]
    for language, runs in results.items():
        lines += ["", f"## Audits that did not pass: {language} `{PAGES[language]}`", ""]
        audits = failing_audits(runs)
        lines += [f"- {audit.line()} ({count}/{len(runs)} runs)".replace("|", "\\|") for audit, count in audits] \
            or ["None."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/lighthouse/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="serve this built site instead of building one")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per page (default {RUNS})")
    parser.add_argument("--no-summary", action="store_true", help=f"do not write {SUMMARY.relative_to(REPO)}")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    REPORTS.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
            site = args.site.resolve() if args.site else Path(tmp) / "site"
            if not args.site:
                print(f"Building the public site (HTML, SITE_URL={SITE_URL}) …", flush=True)
                build_site(site)
            elif not (site / "index.html").is_file():
                raise Failure(f"{args.site}: no index.html — give the folder of a built site")
            results: dict[str, list[Run]] = {}
            version = "?"
            with serve(site) as server:
                for language, path in PAGES.items():
                    results[language] = []
                    for number in range(1, args.runs + 1):
                        output = REPORTS / f"start-{language}-{number}.json"
                        report = lighthouse(server + path, output)
                        version = report.get("lighthouseVersion", version)
                        run = read_run(report)
                        results[language].append(run)
                        print(f"{language} {path} run {number}: {run.line()}", flush=True)
    except (Failure, RuntimeError, ValueError) as exc:
        print(f"make lighthouse: {exc}", file=sys.stderr)
        return 2
    text = summary(results, version)
    if not args.no_summary:
        SUMMARY.write_text(text, encoding="utf-8")
    (REPORTS / "summary.md").write_text(text, encoding="utf-8")
    print()
    failed = False
    for language, runs in results.items():
        score = page_scores(runs)
        problems = shortfalls(score)
        failed = failed or bool(problems)
        print(f"{language} {PAGES[language]}: " + ", ".join(f"{name} {score[name]:.2f}" for name in CATEGORIES)
              + (f" — FAILS: {'; '.join(problems)}" if problems else " — passes"))
        for audit, count in failing_audits(runs):
            print(f"  {audit.line()} ({count}/{len(runs)} runs)")
    print(f"\nReports: {REPORTS.relative_to(REPO)}/; summary: "
          f"{(REPORTS / 'summary.md' if args.no_summary else SUMMARY).relative_to(REPO)}")
    return 1 if failed else 0


if __name__ == "__main__":
    missing = [name for name, found in (("node", shutil.which("node")), (str(NGINX), NGINX.exists()),
                                        (str(CHROMIUM), CHROMIUM.exists())) if not found]
    if missing:
        print(f"make lighthouse: {', '.join(missing)} missing — `make system-deps` installs nginx and Chromium; "
              "node comes with Debian's nodejs and npm", file=sys.stderr)
        sys.exit(2)
    sys.exit(main())
