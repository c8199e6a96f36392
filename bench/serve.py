"""Save-to-rebuilt under `make serve`: the time from saving a page to the server answering with the change.

`mkdocs serve` (with livereload, as `make serve` runs it) holds every request while a rebuild is under way
(mkdocs.livereload answers only once the site it serves is the one last wanted), so polling the page over
HTTP until it carries a new marker measures save → rebuilt → served, as an editor's browser sees it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from .measure import BenchError

START_TIMEOUT = 600.0  # the first build of the real site, on a busy machine
EDIT_TIMEOUT = 120.0
SETTLE_SECONDS = 1.0  # after a change is served, so a late file event's rebuild is not timed into the next edit
POLL_SECONDS = 0.05


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_command(port: int) -> list[str]:
    """`make serve`'s command (Makefile: mkdocs serve --dev-addr 127.0.0.1:8000) on another port."""
    return [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]


def serve_environment(base: dict[str, str], edition: str = "public") -> dict[str, str]:
    """`make serve`'s environment: the user's, without PDFs or a published address, the edition set."""
    env = {key: value for key, value in base.items() if not key.startswith("POLICYSITE_") and key != "SITE_URL"}
    return {**env, "POLICYSITE_EDITION": edition, "NO_MKDOCS_2_WARNING": "1"}


def _get(url: str, timeout: float = 60.0) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def save_to_rebuilt(project: Path, page: Path, path: str, edits: int, env: dict[str, str]) -> list[float]:
    """Serve `project`, then `edits` times append a unique marker to `page` (a Markdown source) and time until
    the served `path` (e.g. '/sakerhetsprocessen/') contains it. The page is restored and the server stopped,
    whatever happens."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{path}"
    original = page.read_text(encoding="utf-8")
    token = uuid.uuid4().hex[:8]
    times: list[float] = []
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(serve_command(port), cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            _wait_until_served(process, url, log)
            for edit in range(1, edits + 1):
                marker = f"benchmark-save-{token}-{edit}"
                page.write_text(original + f"\nÄndrad vid mätning: {marker}.\n", encoding="utf-8")
                start = time.perf_counter()
                while True:
                    body = _get(url)
                    if body is not None and marker in body:
                        times.append(time.perf_counter() - start)
                        break
                    if process.poll() is not None or time.perf_counter() - start > EDIT_TIMEOUT:
                        raise BenchError(f"mkdocs serve did not show edit {edit} of {page} within "
                                         f"{EDIT_TIMEOUT:.0f} s:\n{_tail(log)}")
                    time.sleep(POLL_SECONDS)
                time.sleep(SETTLE_SECONDS)
                _get(url)  # held until any rebuild still under way has finished
        finally:
            page.write_text(original, encoding="utf-8")
            _stop(process)
    return times


def _wait_until_served(process: subprocess.Popen, url: str, log) -> None:
    start = time.perf_counter()
    while _get(url, timeout=10.0) is None:
        if process.poll() is not None:
            raise BenchError(f"mkdocs serve exited with {process.returncode} before serving {url}:\n{_tail(log)}")
        if time.perf_counter() - start > START_TIMEOUT:
            raise BenchError(f"mkdocs serve did not serve {url} within {START_TIMEOUT:.0f} s:\n{_tail(log)}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as an editor stops it; then the server's own process group, if it does not exit."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _tail(log) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-3000:]
