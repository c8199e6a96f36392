"""Whether two builds of one site are the same site: `make properdocs` compares MkDocs' build with ProperDocs'.

    python tools/engine/compare.py EXPECTED_SITE ACTUAL_SITE

The same set of files, and every file equal byte for byte, except what names the engine: the generator <meta> of
an HTML page (ALLOWED). Build dates are not masked: both builds get the same SOURCE_DATE_EPOCH, so a date that
differs is a difference. Prints every difference found; exits 1 if one was not allowed, 2 if a folder is missing.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# What may differ between engines, in HTML pages only: (what it is, the pattern that masks it).
ALLOWED = (
    ("generator <meta> (names the engine and its version)", re.compile(rb'<meta name="generator" content="[^"]*">')),
)
SHOWN = 160  # characters of a differing line shown in the report


@dataclass
class Comparison:
    only_expected: list[str] = field(default_factory=list)
    only_actual: list[str] = field(default_factory=list)
    differing: dict[str, str] = field(default_factory=dict)  # path: where it first differs
    allowed: dict[str, int] = field(default_factory=dict)  # what differed as allowed: in how many files
    compared: int = 0

    @property
    def same(self) -> bool:
        return not (self.only_expected or self.only_actual or self.differing)


def read_site(folder: Path) -> dict[str, bytes]:
    """{path relative to the folder, with /: content} of every file in a built site."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def masked(path: str, content: bytes) -> tuple[bytes, list[str]]:
    """The content with what ALLOWED lets differ replaced by its name, and the names that were replaced."""
    if not path.endswith(".html"):
        return content, []
    found = []
    for name, pattern in ALLOWED:
        content, count = pattern.subn(b"<!-- " + name.encode() + b" -->", content)
        if count:
            found.append(name)
    return content, found


def first_difference(expected: bytes, actual: bytes) -> str:
    """Line number and both versions of the first line that differs; for a binary file, the first byte."""
    try:
        left, right = expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        offset = next((index for index, (one, other) in enumerate(zip(expected, actual)) if one != other),
                      min(len(expected), len(actual)))
        return f"binary, first differs at byte {offset} ({len(expected)} bytes, {len(actual)} bytes)"
    for number, (one, other) in enumerate(zip(left, right), start=1):
        if one != other:
            return f"line {number}: {one.strip()[:SHOWN]!r} != {other.strip()[:SHOWN]!r}"
    if len(left) != len(right):
        return f"{len(left)} lines != {len(right)} lines"
    return f"{len(expected)} bytes != {len(actual)} bytes (line endings or a final newline)"


def compare_sites(expected: Mapping[str, bytes], actual: Mapping[str, bytes]) -> Comparison:
    """How ACTUAL differs from EXPECTED, two sites as {path: content}."""
    result = Comparison(only_expected=sorted(expected.keys() - actual.keys()),
                        only_actual=sorted(actual.keys() - expected.keys()))
    for path in sorted(expected.keys() & actual.keys()):
        result.compared += 1
        if expected[path] == actual[path]:
            continue
        left, _ = masked(path, expected[path])
        right, names = masked(path, actual[path])
        if left != right:
            result.differing[path] = first_difference(left, right)
            continue
        for name in names:
            if pattern_differs(name, expected[path], actual[path]):
                result.allowed[name] = result.allowed.get(name, 0) + 1
    return result


def pattern_differs(name: str, expected: bytes, actual: bytes) -> bool:
    """Whether the parts ALLOWED calls NAME differ between the two contents."""
    pattern = dict(ALLOWED)[name]
    return pattern.findall(expected) != pattern.findall(actual)


def report(result: Comparison) -> list[str]:
    """The comparison in lines, differences first, then a verdict."""
    lines = [f"only in the expected site: {path}" for path in result.only_expected]
    lines += [f"only in the actual site: {path}" for path in result.only_actual]
    lines += [f"differs: {path}: {where}" for path, where in result.differing.items()]
    lines += [f"differs as allowed in {count} file(s): {name}" for name, count in result.allowed.items()]
    unexpected = len(result.only_expected) + len(result.only_actual) + len(result.differing)
    verdict = "the same site" if result.same else f"{unexpected} unexpected difference(s)"
    return [*lines, f"{result.compared} files compared: {verdict}"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: compare.py EXPECTED_SITE ACTUAL_SITE", file=sys.stderr)
        return 2
    folders = [Path(arg) for arg in args]
    for folder in folders:
        if not folder.is_dir():
            print(f"compare.py: {folder} is not a folder", file=sys.stderr)
            return 2
    result = compare_sites(*(read_site(folder) for folder in folders))
    print("\n".join(report(result)))
    return 0 if result.same else 1


if __name__ == "__main__":
    sys.exit(main())
