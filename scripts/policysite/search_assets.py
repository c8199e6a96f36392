"""Search assets: the rules by which this site's search reads a query (overrides/search/query-rules.js).

The rules run inside the theme's search worker, so they are appended to the built copy of it; every language's
pages start the same worker, which loads that language's lunr scripts for its index.
"""

from __future__ import annotations

from pathlib import Path

from .urls import SEARCH_QUERY_RULES, SEARCH_WORKER_PATTERN, SEARCH_WORKERS

WORKERS = Path(SEARCH_WORKERS)
WORKER_PATTERN = SEARCH_WORKER_PATTERN
PATCH = Path(SEARCH_QUERY_RULES)


def _theme_worker(theme_dirs: list[str]) -> Path:
    """The theme's own search worker: the one file matching WORKER_PATTERN in the first theme folder that has any."""
    for folder in theme_dirs:
        found = sorted((Path(folder) / WORKERS).glob(WORKER_PATTERN))
        if found:
            if len(found) > 1:
                raise FileNotFoundError(f"{Path(folder) / WORKERS} has {len(found)} search workers, expected one; "
                                        f"revisit overrides/{PATCH}")
            return found[0]
    raise FileNotFoundError(f"no theme folder has {WORKERS / WORKER_PATTERN}; revisit overrides/{PATCH}")


def _patch(theme_dirs: list[str]) -> Path:
    found = next((Path(d) / PATCH for d in theme_dirs if (Path(d) / PATCH).exists()), None)
    if found is None:
        raise FileNotFoundError(f"no theme folder has {PATCH}")
    return found


def write_search_worker(site_dir: Path, theme_dirs: list[str]) -> None:
    """Replace the built search worker with the theme's original followed by this site's query rules."""
    worker = _theme_worker(theme_dirs)
    original = worker.read_text(encoding="utf-8")
    rules = _patch(theme_dirs).read_text(encoding="utf-8")
    # After the theme's source-map comment, on a line of its own: the map still covers the theme's lines.
    (site_dir / WORKERS / worker.name).write_text(original.rstrip("\n") + "\n" + rules, encoding="utf-8")
