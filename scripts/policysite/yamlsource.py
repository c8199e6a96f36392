"""Strict YAML for every source the project reads: front matter, data files and mkdocs.yml.

PyYAML's safe loader lets the last of two equal keys win without a word, expands aliases (a few lines can
expand into gigabytes), merges mappings with `<<` and nests as deep as the input does. Sources here are
written by people and read as untrusted input, so this loader refuses all of that, each at its line:

- a key given twice in one mapping;
- anchors (`&name`), aliases (`*name`) and merge keys (`<<`): nothing here needs them;
- keys that are not text (`1:`, `yes:`, `? [a, b]`);
- nesting deeper than MAX_DEPTH (a line of ten thousand `[` would otherwise overflow the stack).

Every mapping it returns is a `Mapping` (a dict that knows the line of each key) and every list a `Sequence`
(a list that knows the line of each item), so a schema check can report the line of any value.

libyaml, PyYAML's C parser, reads the text when PyYAML has it; the rules above are applied in Python to its
events. Whatever libyaml refuses, or might read otherwise than PyYAML's own parser, is read again by the latter,
whose findings are the ones reported: both paths give the same values, lines and messages (tests/test_yamlsource.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .findings import Finding

MAX_DEPTH = 20
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
KEY_KINDS = {"bool": "true or false", "int": "a number", "float": "a number", "null": "empty"}


class Mapping(dict):
    """A YAML mapping with the 1-based line of the mapping and of each of its keys."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class Sequence(list):
    """A YAML sequence with the 1-based line of the sequence and of each of its items."""

    line: int = 1
    item_lines: list

    def line_of(self, index: int) -> int:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


@dataclass(frozen=True)
class Tagged:
    """A value behind a local tag (mkdocs.yml's `!ENV [NAME, default]`): its value is only known to MkDocs."""

    tag: str
    line: int


class YamlError(Exception):
    """A defect in YAML text: its 1-based line (in the file), what is wrong and how to fix it."""

    def __init__(self, line: int, message: str, fix: str):
        super().__init__(message)
        self.line = line
        self.message = message
        self.fix = fix

    def finding(self, path: str) -> Finding:
        return Finding(path, self.line, self.message, self.fix)


class _Strict:
    """The rules above, for a loader that composes nodes in Python (yaml.composer.Composer): refuses duplicates,
    aliases, merges and odd keys, keeps dates as text, and gives every mapping and list its lines."""

    local_tags = False  # mkdocs.yml: keep `!ENV …` values as Tagged instead of refusing them

    def _start(self, first_line: int) -> None:
        self._depth = 0
        self._offset = first_line  # 0-based marks plus this are the file's 1-based lines

    def _line(self, node_or_event) -> int:
        return node_or_event.start_mark.line + self._offset

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlError(self._line(event), f"the alias '*{event.anchor}' repeats another value",
                            "write the value out; anchors and aliases are not allowed here")
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise YamlError(self._line(event), f"the anchor '&{event.anchor}' is not allowed here",
                            "remove it and write every value out where it is used")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlError(self._line(event), f"the values are nested more than {MAX_DEPTH} levels deep",
                                "write a flatter structure")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            line = self._line(key_node)
            if key_node.tag == MERGE_TAG:
                raise YamlError(line, "the merge key '<<' is not allowed here", "write every key out in this mapping")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(line, f"a key is a {key_node.id}, not text", "write keys as plain words")
            if key_node.tag != STR_TAG:
                kind = KEY_KINDS.get(key_node.tag.rsplit(":", 1)[-1], "something other than text")
                raise YamlError(line, f"the key '{key_node.value:.40}' is read as {kind}, not as text",
                                f"write keys as plain words, or quote it: '{key_node.value:.40}':")
            if key_node.value in seen:
                raise YamlError(line, f"the key '{key_node.value:.60}' is given twice (also on line {seen[key_node.value]})",
                                "remove one of them; YAML would silently keep only the last")
            seen[key_node.value] = line
        mapping = Mapping(super().construct_mapping(node, deep=True))
        mapping.line = self._line(node)
        mapping.key_lines = seen
        return mapping

    def construct_yaml_map(self, node):
        yield self.construct_mapping(node)

    def construct_yaml_seq(self, node):
        sequence = Sequence(self.construct_sequence(node, deep=True))
        sequence.line = self._line(node)
        sequence.item_lines = [self._line(item) for item in node.value]
        yield sequence


class _PythonLoader(_Strict, yaml.SafeLoader):
    """PyYAML's pure-Python reader, scanner and parser: slow, and the one whose error messages the findings quote."""

    def __init__(self, stream: str, first_line: int = 1):
        yaml.SafeLoader.__init__(self, stream)
        self._start(first_line)


# libyaml reads the text into events; the nodes are still composed and checked here, in Python, from those events,
# so every rule above holds and deep nesting stops at MAX_DEPTH before any recursion. About five times faster than
# the pure-Python loader on the project's sources. Without libyaml (`yaml.__with_libyaml__` false) the pure-Python
# loader does everything.
FAST = bool(getattr(yaml, "__with_libyaml__", False))
_CParser = yaml.cyaml.CParser if FAST else None
# Characters libyaml reads where the pure-Python parser refuses them (a tab inside a plain key or value, a
# byte-order mark at the start of a later line): texts with one go to the pure-Python parser directly, so the fast
# path accepts nothing the findings would refuse.
_LIBYAML_DIFFERS = re.compile("[\t\ufeff]")


def _tagged(loader, suffix, node):
    return Tagged(node.tag, loader._line(node))


def _rules(cls: type, config: bool) -> type:
    """Give a loader class the strict constructors and resolvers (and, for mkdocs.yml, MkDocs' tags)."""
    cls.add_constructor("tag:yaml.org,2002:map", _Strict.construct_yaml_map)
    cls.add_constructor("tag:yaml.org,2002:seq", _Strict.construct_yaml_seq)
    # Dates stay text, so an impossible or out-of-range date is a finding of ours, not a crash in PyYAML.
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    if config:  # mkdocs.yml: MkDocs' own tags (`!ENV`, `!relative`, `!!python/name:`) are MkDocs' business
        cls.add_multi_constructor("!", _tagged)
        cls.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)
    return cls


class _Unsure(Exception):
    """libyaml read something the pure-Python parser may read otherwise: let that one decide."""


class _LibyamlRules(_Strict):
    """Where libyaml and PyYAML's own parser disagree, the text goes to the latter (policysite.yamlsource.load).

    Inside a flow collection (`[…]`, `{…}`) PyYAML takes every unquoted '?' as a key indicator; libyaml keeps it in
    the plain value ('[x ? y]' is one item to libyaml, an error to PyYAML).
    """

    _flow = 0

    def compose_scalar_node(self, anchor):
        event = self.peek_event()
        if self._flow and not event.style and "?" in event.value:
            raise _Unsure
        return super().compose_scalar_node(anchor)

    def compose_sequence_node(self, anchor):
        return self._in_flow(super().compose_sequence_node, anchor)

    def compose_mapping_node(self, anchor):
        return self._in_flow(super().compose_mapping_node, anchor)

    def _in_flow(self, compose, anchor):
        flow = bool(self.peek_event().flow_style)
        self._flow += flow
        try:
            return compose(anchor)
        finally:
            self._flow -= flow


def _fast_loader(config: bool) -> type | None:
    if not FAST:
        return None

    def __init__(self, stream: str, first_line: int = 1):
        _CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._start(first_line)

    # Composer before CParser: its Python compose_node (and so _Strict's) runs over CParser's events.
    bases = (_LibyamlRules, yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver)
    return _rules(type("_LibyamlLoader", bases, {"__init__": __init__}), config)


_LOADERS = {  # config? -> (fast loader or None, pure-Python loader)
    False: (_fast_loader(False), _rules(type("_PythonDataLoader", (_PythonLoader,), {}), False)),
    True: (_fast_loader(True), _rules(type("_PythonConfigLoader", (_PythonLoader,), {}), True)),
}


def load(text: str, *, first_line: int = 1, config: bool = False, fast: bool | None = None) -> Any:
    """Parse one YAML document strictly; lines in values and errors count from first_line.

    With libyaml (`fast`, by default FAST), the text is read by its C parser; a text it refuses in any way is read
    again by the pure-Python parser, whose finding is the one reported (libyaml words its errors differently).
    Raises YamlError for any defect, never another exception.
    """
    fast_loader, python_loader = _LOADERS[config]
    if (FAST if fast is None else fast) and fast_loader is not None and not _LIBYAML_DIFFERS.search(text):
        try:
            return _load_with(fast_loader, text, first_line)
        except (_Unsure, YamlError, ValueError, TypeError, UnicodeError):
            pass  # the pure-Python parser decides, and words the problem as the findings always have
    return _load_with(python_loader, text, first_line)


def _load_with(loader_class: type, text: str, first_line: int) -> Any:
    loader = None
    try:
        loader = loader_class(text, first_line)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unreadable YAML"
        raise YamlError((mark.line + first_line) if mark else first_line, f"not valid YAML: {problem}",
                        "fix the YAML syntax (quote values that contain ':', '[', '{', '&', '*' or '#')") from None
    except yaml.reader.ReaderError as exc:  # a control character PyYAML refuses to read
        line = text.count("\n", 0, max(exc.position, 0)) + first_line
        raise YamlError(line, f"the character U+{exc.character:04X} is not allowed in YAML",
                        "remove it (control characters are invisible and have no place in the metadata)") from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"not valid YAML: {str(exc).splitlines()[0]}", "fix the YAML syntax") from None
    except RecursionError:
        raise YamlError(first_line, "the values are nested too deeply", "write a flatter structure") from None
    finally:
        if loader is not None:
            loader.dispose()


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message may quote it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
