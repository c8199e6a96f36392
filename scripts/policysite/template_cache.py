"""Compiled templates shared by every Jinja environment of the process, so each template is compiled once.

A build has several environments (MkDocs' theme environment per language, the PDF stage's), and `make serve`
makes new ones on every rebuild; all of them load the same templates. Jinja's bytecode cache keys a template by
its name and file and checks its source's checksum, so a changed template is compiled again. The key here also
holds what changes the compiled code (the environment's syntax, extensions, escaping, filters and tests), so
environments that compile a template differently never share it.

With a folder (`.cache/jinja` next to mkdocs.yml, set by the build session), compiled templates also outlive the
process, as Python's own __pycache__ does: the next build, and every rebuild of `make serve`, loads them instead of
compiling Material's templates again. A file that cannot be read back as this Python's bytecode of the same source
(another Python version, a changed template, a truncated or foreign file) is compiled again and replaced; a folder
that cannot be written only makes the cache in-memory.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


def compile_settings(env: Environment) -> str:
    """What, besides the source, decides a template's compiled code in this environment."""
    return repr((env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                 env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                 env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                 env.keep_trailing_newline, env.optimized, env.autoescape, sorted(env.extensions),
                 sorted(env.filters), sorted(env.tests)))


class SharedBytecodeCache(BytecodeCache):
    """A bytecode cache in memory (a dict) and, with a folder, on disk; shared by environments of the same
    compile settings."""

    def __init__(self, directory: Path | None = None) -> None:
        self.code: dict[str, bytes] = {}
        self.directory = directory

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = self.get_cache_key(f"{compile_settings(environment)}\0{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is None:
            code = self._read(bucket.key)
        if code is not None:
            try:
                bucket.bytecode_from_string(code)  # a stale checksum or Python resets the bucket: compiled again
            except Exception:  # not a bytecode file at all (truncated, foreign): compile again and replace it
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        self.code[bucket.key] = code
        self._write(bucket.key, code)

    def _read(self, key: str) -> bytes | None:
        if self.directory is None:
            return None
        try:
            return (self.directory / f"{key}.cache").read_bytes()
        except OSError:
            return None

    def _write(self, key: str, code: bytes) -> None:
        if self.directory is None:
            return
        try:  # whole files only: written aside, then renamed into place
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.directory, suffix=".tmp", delete=False) as file:
                file.write(code)
            os.replace(file.name, self.directory / f"{key}.cache")
        except OSError:
            self.directory = None  # cannot write there: keep compiling into memory only

    def clear(self) -> None:
        self.code.clear()


SHARED = SharedBytecodeCache()


def share(env: Environment, directory: Path | None = None) -> Environment:
    """Give env the process's shared bytecode cache, kept in directory too when one is given; returns env."""
    if directory is not None:
        SHARED.directory = directory
    env.bytecode_cache = SHARED
    return env
