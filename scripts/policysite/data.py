"""The project's data files: roles, glossary and interface labels, each in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import sources, yamlsource
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


def load_yaml(path: Path, limit: int = sources.DATA_LIMIT, *, config: bool = False) -> Any:
    """A data file read as untrusted input (policysite.sources, policysite.yamlsource), or FindingsError."""
    where = sources.link_path(path, Path.cwd())
    if not path.exists() and not path.is_symlink():
        raise FindingsError([Finding(where, 1, "the data file is missing",
                                     "restore it from Git; the site cannot be built without it")])
    text = sources.read_text(path, where, limit)
    try:
        return yamlsource.load(text, config=config)
    except yamlsource.YamlError as exc:
        raise FindingsError([exc.finding(where)]) from None


def line_of(container: Any, key: Any, default: int = 1) -> int:
    """The line of a key (or list index) in a loaded mapping (or list), else of the container, else default."""
    if isinstance(container, (yamlsource.Mapping, yamlsource.Sequence)):
        return container.line_of(key)
    return default


def is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def bilingual_problem(value: Any, *, lists: bool = False) -> str | None:
    """Why value is not {sv: text, en: text} (or, with lists, {sv: [text, …], en: [text, …]}); None if it is."""
    if not isinstance(value, dict):
        return f"is {_kind(value)}, not {{sv: …, en: …}}"
    unknown = [key for key in value if key not in LANGUAGES]
    if unknown:
        return f"has the unknown language '{str(unknown[0]):.20}'"
    for lang in LANGUAGES:
        item = value.get(lang)
        if lists:
            if not isinstance(item, list) or not item or not all(is_text(entry) for entry in item):
                return f"has no {lang} list of non-empty texts"
        elif not is_text(item):
            return f"has no {lang} text" if item is None else f"has {_kind(item)} as its {lang} text"
    return None


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "empty text" if not value.strip() else "a text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"the {type(value).__name__} {yamlsource.shown(value, 30)}"


def _unknown_keys(where: str, entry: dict, known: tuple[str, ...], what: str) -> list[Finding]:
    return [Finding(where, line_of(entry, key), f"{what} has the unknown field '{str(key):.40}'",
                    f"remove it or use one of: {', '.join(known)}")
            for key in entry if key not in known]


ROLE_FIELDS = ("name", "reports_to", "level", "historical", "successor", "responsibilities")


def load_roles(path: Path) -> dict[str, Role]:
    data = load_yaml(path)
    where = display_path(path)
    if not isinstance(data, dict) or not data:
        raise FindingsError([Finding(where, 1, "the roles file must map role keys to roles",
                                     "write 'key:' followed by name, reports_to, level and responsibilities")])
    findings: list[Finding] = []
    roles: dict[str, Role] = {}
    for key, entry in data.items():
        line = line_of(data, key)
        if not isinstance(entry, dict):
            findings.append(Finding(where, line, f"role '{key}' is not a mapping", "give name, reports_to, level and responsibilities"))
            continue
        problems = _unknown_keys(where, entry, ROLE_FIELDS, f"role '{key}'")
        problem = bilingual_problem(entry.get("name"))
        if problem:
            problems.append(Finding(where, line_of(entry, "name", line), f"role '{key}' lacks a name in both languages: the name {problem}",
                                    "add name: {sv: …, en: …}"))
        responsibilities = entry.get("responsibilities")
        problem = bilingual_problem(responsibilities, lists=True)
        if problem:
            problems.append(Finding(where, line_of(entry, "responsibilities", line),
                                    f"role '{key}' lacks responsibilities in both languages: responsibilities {problem}",
                                    "add responsibilities: {sv: [...], en: [...]}"))
        elif len(responsibilities["sv"]) != len(responsibilities["en"]):
            problems.append(Finding(where, line, f"role '{key}' has a different number of responsibilities in sv and en",
                                    "translate each Swedish responsibility into one English item"))
        if entry.get("level") not in ROLE_LEVELS:
            problems.append(Finding(where, line_of(entry, "level", line), f"role '{key}' has level {yamlsource.shown(entry.get('level'))}",
                                    f"use one of: {', '.join(ROLE_LEVELS)}"))
        if not isinstance(entry.get("historical", False), bool):
            problems.append(Finding(where, line_of(entry, "historical", line), f"role '{key}' has historical "
                                    f"{yamlsource.shown(entry.get('historical'))}", "write true or false"))
        for attribute in ("reports_to", "successor"):
            if entry.get(attribute) is not None and not isinstance(entry.get(attribute), str):
                problems.append(Finding(where, line_of(entry, attribute, line),
                                        f"role '{key}' has {attribute} {yamlsource.shown(entry.get(attribute))}",
                                        "write one role key of this file, or ~"))
        if problems:
            findings += problems
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
    lines = {key: line_of(data, key) for key in data}
    for role in roles.values():
        for attribute in ("reports_to", "successor"):
            target = getattr(role, attribute)
            if target is not None and target not in data:
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


GLOSSARY_FIELDS = ("id", *LANGUAGES)
TERM_FIELDS = ("term", "definition", "forms")


def load_glossary(path: Path) -> list[GlossaryEntry]:
    data = load_yaml(path)
    where = display_path(path)
    if not isinstance(data, list):
        raise FindingsError([Finding(where, 1, "the glossary must be a list of entries", "start each entry with '- id: …'")])
    findings: list[Finding] = []
    entries: list[GlossaryEntry] = []
    seen_terms: dict[tuple[str, str], str] = {}
    seen_ids: dict[str, int] = {}
    for index, entry in enumerate(data):
        line = line_of(data, index)
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if not is_text(entry_id) or not all(isinstance(entry.get(lang), dict) for lang in LANGUAGES):
            findings.append(Finding(where, line_of(entry, "id", line), f"glossary entry {yamlsource.shown(entry_id)} lacks an id or a language",
                                    "give id, sv: {term, definition} and en: {term, definition}"))
            continue
        line = line_of(entry, "id", line)
        problems = _unknown_keys(where, entry, GLOSSARY_FIELDS, f"glossary entry '{entry_id}'")
        if entry_id in seen_ids:
            problems.append(Finding(where, line, f"glossary id '{entry_id}' is also used on line {seen_ids[entry_id]}",
                                    "give every entry its own id"))
        seen_ids.setdefault(entry_id, line)
        for lang in LANGUAGES:
            problems += _unknown_keys(where, entry[lang], TERM_FIELDS, f"glossary entry '{entry_id}' ({lang})")
            forms = entry[lang].get("forms", [])
            if forms is not None and (not isinstance(forms, list) or not all(is_text(form) for form in forms)):
                problems.append(Finding(where, line_of(entry[lang], "forms", line),
                                        f"glossary entry '{entry_id}' has {lang} forms {yamlsource.shown(forms)}, not a list of words",
                                        "write forms as a list, e.g. forms: [riktlinjen, riktlinjer], or forms: []"))
        incomplete = [lang for lang in LANGUAGES if not all(is_text(entry[lang].get(k)) for k in ("term", "definition"))]
        if incomplete:
            problems.append(Finding(where, line, f"glossary entry '{entry_id}' lacks a term or definition in {', '.join(incomplete)}",
                                    "give both term and definition in every language"))
        if problems:
            findings += problems
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


# The labels the templates and the code use: every one must be in data/labels.yml as {sv: …, en: …}, and
# labels.yml has no others. One line per group: "group.subgroup: key key …" (": key …" for the top level).
LABEL_KEYS = """
: not_recorded permalink
metadata: heading id type status version approved_by approved case_number owner valid_from next_review assessed
  last_reviewed classification audience acknowledgement translation translation_of source_text source_link
values.type: policy guideline routine information
values.status: draft approved published retired
values.classification: public internal
values.audience: employees contractors governance
banner.draft: title text
banner.retired: title text
review_overdue: title text
stale_translation: title text
internal: short title text handbook
roles: name responsibilities reports_to top historical successor diagram_label
roles.legend: politics management operations everyone
contacts: role unit mailbox
glossary: term translation definition
language: switch
footer: accessibility
not_found: title text home
register: id title type status version owner approved_by approved next_review flags overdue stale none caption downloads
pdf: download download_detail handbook_title handbook_subtitle handbook_download handbook_file contents page_footer
  watermark online tab
history: heading caption version decision_date decision_body case_number change_type summary commit documents in_force
  pdf pdf_label diff diff_label none last_changed last_changed_commit not_committed
history.change_types: substantive editorial
history.archived: watermark notice
diff: title intro legend legend_inserted legend_deleted example_inserted example_deleted legend_blocks counts
  text_heading inserted deleted changed inserted_start deleted_start end identical back decided
changelog: caption filter recorded document type decision feed feed_title empty
audiences: caption document id version status code no_code no_code_information none drafts codes_heading codes_explanation codes_record
  codes_list bundle_download bundle_subtitle bundle_contents page internal
audiences.groups: policy guideline routine information
audiences.files: employees contractors governance
"""


def label_paths(spec: str = LABEL_KEYS) -> tuple[str, ...]:
    """Every label's key path ('metadata.heading'), from LABEL_KEYS."""
    paths: list[str] = []
    group = None
    for line in spec.strip().splitlines():
        if not line.startswith(" "):
            group, _, line = line.partition(":")
        paths += [f"{group}.{key}" if group else key for key in line.split()]
    return tuple(paths)


def load_labels(path: Path) -> dict:
    """data/labels.yml, checked: every label in LABEL_KEYS is there with a non-empty text in each language."""
    data = load_yaml(path)
    where = display_path(path)
    if not isinstance(data, dict):
        raise FindingsError([Finding(where, 1, "the labels file must map label keys to texts",
                                     "write 'key: {sv: …, en: …}', grouped under headings")])
    findings = [*_missing_labels(data, where), *_extra_labels(data, (), where)]
    if findings:
        raise FindingsError(findings)
    return data


def _missing_labels(data: dict, where: str) -> list[Finding]:
    findings = []
    for label in label_paths():
        container, line = data, 1
        *groups, leaf = label.split(".")
        for group in groups:
            line = line_of(container, group, line)
            container = container.get(group) if isinstance(container, dict) else None
        if not isinstance(container, dict) or leaf not in container:
            findings.append(Finding(where, line, f"the label '{label}' is missing; the templates and the code use it",
                                    f"add {leaf}: {{sv: …, en: …}} under {'.'.join(groups) or 'the top level'}"))
            continue
        problem = bilingual_problem(container[leaf])
        if problem:
            findings.append(Finding(where, line_of(container, leaf, line), f"the label '{label}' {problem}",
                                    "write it as {sv: …, en: …} with a non-empty text in each language"))
    return findings


def _extra_labels(data: dict, path: tuple[str, ...], where: str) -> list[Finding]:
    known = set(label_paths())
    groups = {".".join(label.split(".")[:depth]) for label in known for depth in range(1, label.count(".") + 1)}
    findings = []
    for key, value in data.items():
        label = ".".join((*path, key))
        if label in groups and isinstance(value, dict):
            findings += _extra_labels(value, (*path, key), where)
        elif label not in known and label not in groups:
            findings.append(Finding(where, line_of(data, key), f"the label '{label}' is not used by the site",
                                    "remove it, or add it to LABEL_KEYS in scripts/policysite/data.py where the code uses it"))
    return findings


def localise(value: Any, language: str) -> Any:
    """Resolve every {sv: …, en: …} leaf of a labels tree to one language."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return value[language]
        return {key: localise(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [localise(item, language) for item in value]
    return value
