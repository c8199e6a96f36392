"""The PDF stage: reuse what the cache has, render the rest in parallel, write every file atomically.

A cache entry is `<job key>-<SHA-256 of its bytes>.pdf`: the name records the hash of what was written, so a
truncated or changed entry is noticed, removed and rendered again instead of being published.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .jobs import PDF_VARIANT, RenderError, RenderJob

# Bump when the way PDFs are made changes in a way the hashed inputs do not show.
RENDERER_REVISION = "1"


@dataclass
class StageReport:
    rendered: list[str] = field(default_factory=list)  # targets, inside the site directory
    cached: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)  # targets whose cache entry did not match its hash
    sizes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class PdfCacheError(Exception):
    """The cache folder cannot be used; raised before anything is rendered."""

    def __init__(self, path: str, problem: str):
        self.path, self.problem = path, problem
        self.fix = ("make it a folder the build can write, or point POLICYSITE_PDF_CACHE (or extra.pdf.cache in "
                    "mkdocs.yml) at one")
        super().__init__(f"{path}: {problem} — {self.fix}")


def check_cache(cache_dir: Path, shown: str | None = None) -> None:
    """Make sure the cache folder exists and takes files, or raise PdfCacheError naming it (`shown`: as users
    name it). A probe file is written, because permissions alone do not say it (root ignores them)."""
    shown = shown or cache_dir.as_posix()
    if cache_dir.exists() and not cache_dir.is_dir():
        raise PdfCacheError(shown, "the PDF cache must be a folder, but this is a file")
    blocker = next((parent for parent in cache_dir.parents if parent.exists()), None)
    if not cache_dir.exists() and blocker is not None and not blocker.is_dir():
        raise PdfCacheError(shown, f"the PDF cache folder cannot be made, because {blocker.as_posix()} is a file")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=".probe-"):
            pass
    except OSError as exc:
        raise PdfCacheError(shown, f"the PDF cache folder cannot be written ({exc.strerror or exc})") from None


def cache_entry(cache_dir: Path, key: str, data: bytes) -> Path:
    return cache_dir / f"{key}-{hashlib.sha256(data).hexdigest()}.pdf"


def read_cache(cache_dir: Path, key: str) -> tuple[bytes | None, bool]:
    """(the cached PDF, whether an entry was found corrupt). Entries whose bytes do not match the hash in their
    name are removed, so the next build does not trip over them again."""
    corrupt = False
    for entry in sorted(cache_dir.glob(f"{key}-*.pdf")):
        data = entry.read_bytes()
        if entry.name == cache_entry(cache_dir, key, data).name:
            return data, corrupt
        corrupt = True
        entry.unlink(missing_ok=True)
    return None, corrupt


class PdfStageError(Exception):
    def __init__(self, errors: list[RenderError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def assets_digest(assets: Path) -> str:
    """Everything besides the HTML that shapes the output: print CSS, fonts, renderer versions, variant."""
    digest = hashlib.sha256()
    for name in ("weasyprint", "pydyf", "fonttools"):
        digest.update(f"{name}={metadata.version(name)};".encode())
    digest.update(f"{PDF_VARIANT};{RENDERER_REVISION};".encode())
    for path in sorted(p for p in assets.rglob("*") if p.is_file() and p.suffix != ".html"):
        digest.update(path.relative_to(assets).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def job_key(job: RenderJob, assets: str) -> str:
    digest = hashlib.sha256(assets.encode())
    digest.update(job.html.encode())
    digest.update(job.page_url.encode())
    for url, local in job.resources:
        digest.update(url.encode() + b"\0" + Path(local).read_bytes())
    return digest.hexdigest()


def run_stage(jobs: list[RenderJob], site_dir: Path, cache_dir: Path, workers: int | None = None) -> StageReport:
    """Write every job's PDF into site_dir. Raises PdfStageError naming each failed document, PdfCacheError
    (before any work) when the cache folder cannot be written."""
    started = time.perf_counter()
    check_cache(cache_dir)
    report = StageReport()
    assets = assets_digest(jobs[0].assets) if jobs else ""
    pending: dict[str, tuple[RenderJob, str]] = {}
    for job in jobs:
        key = job_key(job, assets)
        data, corrupt = read_cache(cache_dir, key)
        if corrupt:
            report.corrupt.append(job.target)
        if data is not None:
            _write_atomically(site_dir / job.target, data)
            report.cached.append(job.target)
        else:
            pending[job.target] = (job, key)
    errors: list[RenderError] = []
    for job, outcome in _render_all([job for job, _ in pending.values()], workers or os.cpu_count() or 1):
        if isinstance(outcome, RenderError):
            errors.append(outcome)
            continue
        _write_atomically(cache_entry(cache_dir, pending[job.target][1], outcome), outcome)
        _write_atomically(site_dir / job.target, outcome)
        report.rendered.append(job.target)
    if errors:
        raise PdfStageError(sorted(errors, key=lambda e: e.name))
    report.sizes = {job.target: (site_dir / job.target).stat().st_size for job in jobs}
    report.seconds = time.perf_counter() - started
    return report


def _render_all(jobs: list[RenderJob], workers: int):
    """(job, PDF bytes or RenderError) for each job; the largest first, so the handbook does not finish last."""
    jobs = sorted(jobs, key=lambda job: len(job.html), reverse=True)
    if len(jobs) <= 1 or workers <= 1:
        for job in jobs:
            yield job, _render_or_error(job)
        return
    # A fresh interpreter per worker (not fork): `mkdocs serve` runs threads, which fork does not survive safely.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["policysite.pdf.render"])
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        futures = {pool.submit(_render_or_error, job): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _render_or_error(job: RenderJob) -> bytes | RenderError:
    from .render import render  # WeasyPrint loads only when something is rendered, not in HTML-only builds

    try:
        return render(job)
    except RenderError as exc:
        return exc


def _write_atomically(target: Path, data: bytes) -> None:
    """A reader (or a failed build) never sees half a PDF: write beside it, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
