"""Search assets: Swedish prefix queries are stemmed like the Swedish index."""

from __future__ import annotations

from pathlib import Path

SWEDISH_LUNR = Path("assets/javascripts/lunr/min/lunr.sv.min.js")
PATCH = Path("search") / "stem-prefix-queries.js"


def _first_in(theme_dirs: list[str], relative: Path) -> Path:
    found = next((Path(d) / relative for d in theme_dirs if (Path(d) / relative).exists()), None)
    if found is None:
        raise FileNotFoundError(f"no theme directory has {relative}; revisit overrides/{PATCH}")
    return found


def write_stemmed_swedish_lunr(site_dir: Path, theme_dirs: list[str]) -> None:
    """Replace the built lunr.sv.min.js with the theme's original followed by our prefix-stemming patch."""
    original = _first_in(theme_dirs, SWEDISH_LUNR).read_text(encoding="utf-8")
    patch = _first_in(theme_dirs, PATCH).read_text(encoding="utf-8")
    (site_dir / SWEDISH_LUNR).write_text(original + "\n" + patch, encoding="utf-8")
