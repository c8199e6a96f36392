"""Figures a build reports about its PDF work: our stage's JSON lines and the peer plugin's summary line."""

from __future__ import annotations

import json
import re


def stage_figures(report_text: str) -> dict[str, float]:
    """Sum over languages of the lines POLICYSITE_PDF_REPORT collects (one JSON object per language build).

    `stage_seconds` is the stage's own time (cache lookup, parallel render, writes),
    the part of the build the PDFs cost.
    """
    languages = [json.loads(line) for line in report_text.splitlines() if line.strip()]
    if not languages:
        raise ValueError("the PDF report is empty: did the build run with POLICYSITE_PDF=1?")
    return {
        "languages": len(languages),
        "stage_seconds": sum(entry["seconds"] for entry in languages),
        "rendered": sum(len(entry["rendered"]) for entry in languages),
        "cached": sum(len(entry["cached"]) for entry in languages),
        "pdf_bytes": sum(sum(entry["sizes"].values()) for entry in languages),
    }


# mkdocs-pdf-export-plugin 0.5.10, on_post_build: print('Converting {} files to PDF took {:.1f}s'.format(…))
_PEER_SUMMARY = re.compile(r"^Converting (\d+) files to PDF took (\d+(?:\.\d+)?)s$", re.MULTILINE)
_PEER_ERRORS = re.compile(r"^(\d+) conversion errors occurred", re.MULTILINE)
_PEER_ERROR_LINE = re.compile(r"^Error converting .*$", re.MULTILINE)


def peer_errors(output: str) -> list[str]:
    """The peer's own lines about each page it failed to convert."""
    return _PEER_ERROR_LINE.findall(output)


def peer_figures(output: str) -> dict[str, float]:
    """The peer's conversions, the seconds it spent converting and its conversion errors, from its output.

    The plugin prints its summary after each language build (mkdocs-static-i18n
    builds each language with the same plugin instance) and never resets its
    counters, so the last summary covers the whole build.
    """
    summaries = _PEER_SUMMARY.findall(output)
    if not summaries:
        raise ValueError("the peer printed no 'Converting N files to PDF took X.Xs' line: was the plugin enabled?")
    count, seconds = summaries[-1]
    errors = _PEER_ERRORS.findall(output)
    return {
        "conversions": int(count),
        "stage_seconds": float(seconds),
        "errors": int(errors[-1]) if errors else 0,
    }
