"""The project's data files: roles, glossary and interface labels, each in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding, FindingsError, display_path
from .model import LANGUAGES

ROLE_LEVELS = ("politics", "management", "operations", "everyone")


@dataclass(frozen=True)
class Role:
    key: str
    name: dict[str, str]
    reports_to: str | None
    level: str
    responsibilities: dict[str, tuple[str, ...]]
    historical: bool = False
    successor: str | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: dict[str, str]
    definition: dict[str, str]
    forms: dict[str, tuple[str, ...]]


def _load_yaml_with_lines(path: Path) -> tuple[Any, dict[str, int]]:
    """Load a YAML file and the line of each top-level key (or list item id)."""
    if not path.exists():
        raise FindingsError([Finding(display_path(path), 1, "the data file is missing",
                                     "restore it from Git; the site cannot be built without it")])
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise FindingsError([Finding(display_path(path), (mark.line + 1) if mark else 1,
                                     f"not valid YAML: {exc.problem}", "fix the YAML syntax")]) from None
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                for k, v in item.value:
                    if k.value == "id" and isinstance(v, yaml.ScalarNode):
                        lines[v.value] = k.start_mark.line + 1
    return data, lines


def _bilingual_text(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES)


def load_roles(path: Path) -> dict[str, Role]:
    data, lines = _load_yaml_with_lines(path)
    where = display_path(path)
    if not isinstance(data, dict) or not data:
        raise FindingsError([Finding(where, 1, "the roles file must map role keys to roles",
                                     "write 'key:' followed by name, reports_to, level and responsibilities")])
    findings: list[Finding] = []
    roles: dict[str, Role] = {}
    for key, entry in data.items():
        line = lines.get(key, 1)
        if not isinstance(entry, dict):
            findings.append(Finding(where, line, f"role '{key}' is not a mapping", "give name, reports_to, level and responsibilities"))
            continue
        if not _bilingual_text(entry.get("name")):
            findings.append(Finding(where, line, f"role '{key}' lacks a name in both languages", "add name: {sv: …, en: …}"))
            continue
        responsibilities = entry.get("responsibilities") or {}
        if not all(isinstance(responsibilities.get(lang), list) and responsibilities[lang] for lang in LANGUAGES):
            findings.append(Finding(where, line, f"role '{key}' lacks responsibilities in both languages",
                                    "add responsibilities: {sv: [...], en: [...]}"))
            continue
        if len(responsibilities["sv"]) != len(responsibilities["en"]):
            findings.append(Finding(where, line, f"role '{key}' has a different number of responsibilities in sv and en",
                                    "translate each Swedish responsibility into one English item"))
        if entry.get("level") not in ROLE_LEVELS:
            findings.append(Finding(where, line, f"role '{key}' has level {entry.get('level')!r}",
                                    f"use one of: {', '.join(ROLE_LEVELS)}"))
            continue
        roles[key] = Role(
            key=key,
            name={lang: entry["name"][lang] for lang in LANGUAGES},
            reports_to=entry.get("reports_to"),
            level=entry["level"],
            responsibilities={lang: tuple(responsibilities[lang]) for lang in LANGUAGES},
            historical=bool(entry.get("historical", False)),
            successor=entry.get("successor"),
        )
    for role in roles.values():
        for attribute in ("reports_to", "successor"):
            target = getattr(role, attribute)
            if target is not None and target not in roles:
                findings.append(Finding(where, lines.get(role.key, 1), f"role '{role.key}' has {attribute} '{target}', which is not a role",
                                        "use one of the role keys in this file, or ~"))
    findings.extend(_reporting_cycles(roles, where, lines))
    if findings:
        raise FindingsError(findings)
    return roles


def _reporting_cycles(roles: dict[str, Role], where: str, lines: dict[str, int]) -> list[Finding]:
    findings = []
    for role in roles.values():
        seen = {role.key}
        current = role.reports_to
        while current in roles:
            if current in seen:
                findings.append(Finding(where, lines.get(role.key, 1), f"role '{role.key}' reports to itself through a loop",
                                        "make the reports_to chain end at a role with reports_to: ~"))
                break
            seen.add(current)
            current = roles[current].reports_to
    return findings


def load_glossary(path: Path) -> list[GlossaryEntry]:
    data, lines = _load_yaml_with_lines(path)
    where = display_path(path)
    if not isinstance(data, list):
        raise FindingsError([Finding(where, 1, "the glossary must be a list of entries", "start each entry with '- id: …'")])
    findings: list[Finding] = []
    entries: list[GlossaryEntry] = []
    seen_terms: dict[tuple[str, str], str] = {}
    for entry in data:
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        line = lines.get(entry_id, 1)
        if not entry_id or not all(isinstance(entry.get(lang), dict) for lang in LANGUAGES):
            findings.append(Finding(where, line, f"glossary entry {entry_id!r} lacks an id or a language",
                                    "give id, sv: {term, definition} and en: {term, definition}"))
            continue
        incomplete = [lang for lang in LANGUAGES
                      if not all(isinstance(entry[lang].get(k), str) and entry[lang][k].strip() for k in ("term", "definition"))]
        if incomplete:
            findings.append(Finding(where, line, f"glossary entry '{entry_id}' lacks a term or definition in {', '.join(incomplete)}",
                                    "give both term and definition in every language"))
            continue
        for lang in LANGUAGES:
            term_key = (lang, entry[lang]["term"].casefold())
            if term_key in seen_terms:
                findings.append(Finding(where, line, f"the {lang} term '{entry[lang]['term']}' is defined twice",
                                        f"merge this entry with '{seen_terms[term_key]}'"))
            seen_terms[term_key] = entry_id
        entries.append(GlossaryEntry(
            id=entry_id,
            term={lang: entry[lang]["term"] for lang in LANGUAGES},
            definition={lang: entry[lang]["definition"].strip() for lang in LANGUAGES},
            forms={lang: tuple(entry[lang].get("forms") or ()) for lang in LANGUAGES},
        ))
    if findings:
        raise FindingsError(findings)
    return entries


def load_labels(path: Path) -> dict:
    data, _ = _load_yaml_with_lines(path)
    return data


def localise(value: Any, language: str) -> Any:
    """Resolve every {sv: …, en: …} leaf of a labels tree to one language."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return value[language]
        return {key: localise(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [localise(item, language) for item in value]
    return value
