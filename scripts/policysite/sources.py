"""The one place that lists and reads the project's source files, which are untrusted input.

Only regular files of the repository are read or published: a symbolic link (to /proc/self/environ, to
.git/config, to a folder elsewhere) or a device or pipe in docs/, data/ or overrides/ is an error at its path,
before anything is read. Pages live in docs/sv and docs/en only and end in `.md`. Every text file is UTF-8
without a byte-order mark, has no NUL byte and stays under a size limit; anything else is a finding that says
what was found, never a traceback.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from .findings import Finding, FindingsError, display_path
from .model import LANGUAGES

PAGE_SUFFIX = ".md"
# Suffixes Markdown tools (MkDocs among them) read as Markdown; only `.md` is a page here.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"})
# Folders whose files the build reads or publishes (relative to the repository root; docs is docs_dir).
READ_FOLDERS = ("data", "overrides")
PAGE_LIMIT = 1024 * 1024  # bytes; the longest page today is about 30 KB
DATA_LIMIT = 256 * 1024  # data files and mkdocs.yml; the largest today is about 20 KB
# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
BOMS = ((codecs.BOM_UTF32_LE, "UTF-32 LE"), (codecs.BOM_UTF32_BE, "UTF-32 BE"), (codecs.BOM_UTF8, "UTF-8"),
        (codecs.BOM_UTF16_LE, "UTF-16 LE"), (codecs.BOM_UTF16_BE, "UTF-16 BE"))


def read_text(path: Path, where: str, limit: int) -> str:
    """The text of a regular UTF-8 source file, or FindingsError with one finding at where:line."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise FindingsError([Finding(where, 1, "the file is missing", "restore it from Git")]) from None
    problem = _not_regular(info)
    if problem:
        raise FindingsError([Finding(where, 1, *problem)])
    if info.st_size > limit:
        raise FindingsError([Finding(where, 1, f"the file is {info.st_size // 1024} KB, more than the limit of "
                                               f"{limit // 1024} KB", "split it into smaller files")])
    return decode(path.read_bytes(), where)


def decode(data: bytes, where: str) -> str:
    """UTF-8 text without a byte-order mark or NUL bytes, or FindingsError naming what was found."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            if encoding == "UTF-8":
                raise FindingsError([Finding(where, 1, "the file is saved as UTF-8 with a byte-order mark",
                                             "save it as UTF-8 without BOM")])
            raise FindingsError([Finding(where, 1, f"the file is saved as {encoding} (it starts with a byte-order mark)",
                                         "save it as UTF-8 without BOM")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        guess = " (it looks like Windows-1252 or Latin-1)" if _looks_single_byte(data[exc.start:exc.end + 1]) else ""
        raise FindingsError([Finding(where, line, f"the file is not UTF-8: byte 0x{data[exc.start]:02X} cannot be "
                                                  f"read{guess}", "save it as UTF-8 without BOM")]) from None
    nul = text.find("\0")
    if nul >= 0:
        raise FindingsError([Finding(where, text.count("\n", 0, nul) + 1, "the file contains a NUL byte",
                                     "remove it; a text file never contains one (was a binary file saved here?)")])
    return text


def _looks_single_byte(chunk: bytes) -> bool:
    return bool(chunk) and 0x80 <= chunk[0] <= 0xFF


def _not_regular(info: os.stat_result) -> tuple[str, str] | None:
    if stat.S_ISLNK(info.st_mode):
        return ("this is a symbolic link; only regular files of the repository are read or published",
                "replace it with the file itself, or remove it")
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        return ("this is not a regular file but a device, pipe or socket", "remove it")
    return None


def tree_findings(root: Path, docs_dir: Path) -> list[Finding]:
    """Everything in docs/, data/ and overrides/ that the build must not read or publish."""
    findings = []
    for folder in (docs_dir, *(root / name for name in READ_FOLDERS)):
        findings += _walk_findings(folder, root, is_docs=folder == docs_dir)
    return sorted(findings)


def _walk_findings(folder: Path, root: Path, *, is_docs: bool) -> list[Finding]:
    findings: list[Finding] = []
    top = _entry_finding(folder, root)
    if top or not folder.is_dir():
        return [top] if top else []
    for current, folders, files in os.walk(folder, followlinks=False):
        base = Path(current)
        for name in sorted(folders + files):
            path = base / name
            problem = _entry_finding(path, root)
            if problem:
                findings.append(problem)
                if name in folders:
                    folders.remove(name)  # never walk into a linked folder
                continue
            if is_docs and name in files:
                findings += _page_place_findings(path.relative_to(folder), link_path(path, root))
    return findings


def link_path(path: Path, root: Path) -> str:
    """A path as the user types it, relative to root, without following a link in its last part."""
    folder = display_path(path.parent, root)
    return path.name if folder in (".", "") else f"{folder.rstrip('/')}/{path.name}"


def _entry_finding(path: Path, root: Path) -> Finding | None:
    try:
        problem = _not_regular(path.lstat())
    except FileNotFoundError:
        return None
    return Finding(link_path(path, root), 1, *problem) if problem else None


def _page_place_findings(relative: Path, where: str) -> list[Finding]:
    """A file in docs/ outside the language folders, or a page with another Markdown suffix."""
    if len(relative.parts) < 2 or relative.parts[0] not in LANGUAGES:
        return [Finding(where, 1, "the file is outside the language folders",
                        f"move it under one of: {', '.join(f'docs/{lang}/' for lang in LANGUAGES)}, or remove it")]
    if relative.suffix.lower() in MARKDOWN_SUFFIXES and relative.suffix != PAGE_SUFFIX:
        return [Finding(where, 1, f"the page ends in '{relative.suffix}', not '{PAGE_SUFFIX}'",
                        f"rename it to {relative.with_suffix(PAGE_SUFFIX).name}")]
    return []


def page_paths(docs_dir: Path, language: str) -> list[str]:
    """The pages of one language (paths relative to its folder): regular `.md` files, links never followed."""
    root = docs_dir / language
    if root.is_symlink() or not root.is_dir():
        return []
    pages = []
    for current, folders, files in os.walk(root, followlinks=False):
        folders[:] = [name for name in folders if not (Path(current) / name).is_symlink()]
        for name in files:
            path = Path(current) / name
            if name.endswith(PAGE_SUFFIX) and stat.S_ISREG(path.lstat().st_mode):
                pages.append(path.relative_to(root).as_posix())
    return sorted(pages)
