"""The project's data files: roles, glossary and interface labels, each in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import sources, yamlsource
from .findings import Finding, FindingsError, display_path
from .model import LANGUAGES
from .text import placeholder_findings

ROLE_LEVELS = ("politics", "management", "operations", "everyone")
# Where a role's facts come from: source id -> (document id, version) of the decided text that states them.
# The 1.0 policy is the county council's security and crisis-preparedness policy, the 2018 one Region Blekinge's.
ROLE_SOURCES = {"county-council-policy": ("SAK-POL-001", "1.0"), "policy-2018": ("SAK-POL-001", "2.0")}
# How a source words a relation between two roles (labels: roles.relations). A line no source states is not drawn.
RELATION_KINDS = ("assists", "reports-deficiencies-to")


@dataclass(frozen=True)
class Responsibility:
    text: dict[str, str]
    source: str  # a key of ROLE_SOURCES


@dataclass(frozen=True)
class Relation:
    kind: str  # one of RELATION_KINDS, worded from the role that has the relation
    to: str  # a current role's key
    source: str  # a key of ROLE_SOURCES


@dataclass(frozen=True)
class Role:
    key: str
    name: dict[str, str]
    level: str
    responsibilities: tuple[Responsibility, ...]
    relations: tuple[Relation, ...] = ()
    name_in_policy_1_0: dict[str, str] | None = None  # the county council's policy's name, where it differs
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


ROLE_FIELDS = ("name", "name_in_policy_1_0", "level", "historical", "successor", "relations", "responsibilities")
ITEM_FIELDS = (*LANGUAGES, "source")
RELATION_FIELDS = ("kind", "to", "source")
WRITE_ROLE = "give name, level and responsibilities (and relations where a policy states one)"


def load_roles(path: Path) -> dict[str, Role]:
    """data/roles.yml, checked: every responsibility and relation names the policy that states it."""
    data = load_yaml(path)
    where = display_path(path)
    if not isinstance(data, dict) or not data:
        raise FindingsError([Finding(where, 1, "the roles file must map role keys to roles", f"write 'key:', then {WRITE_ROLE}")])
    findings: list[Finding] = []
    roles: dict[str, Role] = {}
    for key, entry in data.items():
        line = line_of(data, key)
        if not isinstance(entry, dict):
            findings.append(Finding(where, line, f"role '{key}' is not a mapping", WRITE_ROLE))
            continue
        problems = _role_problems(where, key, entry, line)
        if problems:
            findings += problems
            continue
        roles[key] = Role(
            key=key,
            name={lang: entry["name"][lang] for lang in LANGUAGES},
            level=entry["level"],
            responsibilities=tuple(Responsibility({lang: item[lang] for lang in LANGUAGES}, item["source"])
                                   for item in entry["responsibilities"]),
            relations=tuple(Relation(item["kind"], item["to"], item["source"]) for item in entry.get("relations") or ()),
            name_in_policy_1_0=({lang: entry["name_in_policy_1_0"][lang] for lang in LANGUAGES}
                                if entry.get("name_in_policy_1_0") is not None else None),
            historical=bool(entry.get("historical", False)),
            successor=entry.get("successor"),
        )
    findings += _link_problems(roles, data, where)
    if findings:
        raise FindingsError(findings)
    return roles


def _role_problems(where: str, key: str, entry: dict, line: int) -> list[Finding]:
    """What is wrong with one role on its own (the roles it names are checked by _link_problems)."""
    problems = [
        Finding(where, line_of(entry, field), f"role '{key}' has reports_to, which does not say which policy states "
                "the line", "write relations: [{kind: …, to: …, source: …}] for a line a policy states, or remove it")
        if field == "reports_to" else
        Finding(where, line_of(entry, field), f"role '{key}' has the unknown field '{str(field):.40}'",
                f"remove it or use one of: {', '.join(ROLE_FIELDS)}")
        for field in entry if field not in ROLE_FIELDS]
    for field in ("name", "name_in_policy_1_0"):
        problem = bilingual_problem(entry.get(field))
        if problem and (field == "name" or entry.get(field) is not None):
            problems.append(Finding(where, line_of(entry, field, line), f"role '{key}' lacks {field} in both languages: "
                                    f"{field} {problem}", f"write {field}: {{sv: …, en: …}}"))
    if entry.get("level") not in ROLE_LEVELS:
        problems.append(Finding(where, line_of(entry, "level", line), f"role '{key}' has level {yamlsource.shown(entry.get('level'))}",
                                f"use one of: {', '.join(ROLE_LEVELS)}"))
    if not isinstance(entry.get("historical", False), bool):
        problems.append(Finding(where, line_of(entry, "historical", line), f"role '{key}' has historical "
                                f"{yamlsource.shown(entry.get('historical'))}", "write true or false"))
    if entry.get("successor") is not None and not isinstance(entry.get("successor"), str):
        problems.append(Finding(where, line_of(entry, "successor", line),
                                f"role '{key}' has successor {yamlsource.shown(entry.get('successor'))}",
                                "write one role key of this file, or ~"))
    problems += _items_problems(where, key, entry, "responsibilities", line, required=True)
    problems += _items_problems(where, key, entry, "relations", line, required=False)
    return problems


def _items_problems(where: str, key: str, entry: dict, field: str, line: int, *, required: bool) -> list[Finding]:
    """A role's responsibilities ({sv, en, source} each) or relations ({kind, to, source} each), checked."""
    items = entry.get(field)
    shape = "{sv: …, en: …, source: …}" if field == "responsibilities" else "{kind: …, to: …, source: …}"
    if items is None and not required:
        return []
    if not isinstance(items, list) or (required and not items):
        given = f"no {field}" if items == [] or items is None else f"{field} {yamlsource.shown(items)}, not a list"
        return [Finding(where, line_of(entry, field, line), f"role '{key}' has {given}", f"write {field} as a list of {shape}")]
    known = ITEM_FIELDS if field == "responsibilities" else RELATION_FIELDS
    problems = []
    for number, item in enumerate(items, start=1):
        at = line_of(items, number - 1, line_of(entry, field, line))
        what = f"role '{key}' {field[:-1] if field == 'relations' else 'responsibility'} {number}"
        if not isinstance(item, dict):
            problems.append(Finding(where, at, f"{what} is {_kind(item)}", f"write it as {shape}"))
            continue
        problems += _unknown_keys(where, item, known, what)
        if field == "responsibilities":
            problem = bilingual_problem({lang: item.get(lang) for lang in LANGUAGES})
            if problem:
                problems.append(Finding(where, at, f"{what} {problem}", f"write it as {shape}"))
        else:
            if item.get("kind") not in RELATION_KINDS:
                problems.append(Finding(where, line_of(item, "kind", at), f"{what} has kind "
                                        f"{yamlsource.shown(item.get('kind'))}, which is not how a policy words a relation",
                                        f"use one of: {', '.join(RELATION_KINDS)}; leave out a line no policy states"))
            if not is_text(item.get("to")):
                problems.append(Finding(where, line_of(item, "to", at), f"{what} has to {yamlsource.shown(item.get('to'))}",
                                        "write the key of the role the relation leads to"))
        if not isinstance(item.get("source"), str) or item["source"] not in ROLE_SOURCES:
            given = item.get("source") is not None
            problems.append(Finding(where, line_of(item, "source", at), f"{what} has source "
                                    f"{yamlsource.shown(item['source'])}, which is not a decided text the site records"
                                    if given else f"{what} has no source",
                                    f"{'use' if given else 'add source: with'} one of: {', '.join(ROLE_SOURCES)} "
                                    "(the policy that states it)"))
    return problems


def _link_problems(roles: dict[str, Role], data: dict, where: str) -> list[Finding]:
    """Successors name roles; relations name other current roles, and no chain of relations loops."""
    findings = []
    for role in roles.values():
        entry = data[role.key]
        if role.successor is not None and role.successor not in data:
            findings.append(Finding(where, line_of(entry, "successor"), f"role '{role.key}' has successor '{role.successor}', "
                                    "which is not a role", "use one of the role keys in this file, or ~"))
        for number, relation in enumerate(role.relations, start=1):
            at = line_of(entry["relations"][number - 1], "to")
            target = roles.get(relation.to)
            if relation.to not in data:
                findings.append(Finding(where, at, f"role '{role.key}' relation {number} leads to '{relation.to}', which is "
                                        "not a role", "use one of the role keys in this file"))
            elif relation.to == role.key or (target is not None and target.historical and not role.historical):
                findings.append(Finding(where, at, f"role '{role.key}' relation {number} leads to "
                                        f"{'itself' if relation.to == role.key else 'the former body ' + repr(relation.to)}",
                                        "a relation leads from a role to another current role"))
    for role in roles.values():
        seen, current = {role.key}, _parent(roles, role.key)
        while current is not None:
            if current in seen:
                findings.append(Finding(where, line_of(data, role.key), f"role '{role.key}' leads back to itself through "
                                        "its relations", "remove the relation that closes the loop"))
                break
            seen.add(current)
            current = _parent(roles, current)
    return findings


def _parent(roles: dict[str, Role], key: str) -> str | None:
    """The role a role's first relation leads to: where the roles diagram draws it."""
    role = roles.get(key)
    parent = role.relations[0].to if role is not None and role.relations else None
    return parent if parent != key else None  # a relation to itself is reported as such


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
  decision not_decided
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
roles: name responsibilities relation no_relation name_in_policy_1_0 historical successor sources_heading
  diagram_label diagram_caption
roles.legend: politics management operations everyone
roles.levels: politics management operations everyone
roles.relations: assists reports-deficiencies-to
roles.sources: county-council-policy policy-2018
roles.source_names: county-council-policy policy-2018
contacts: role unit mailbox phone editor_title editor_text
glossary: term translation definition
language: switch
footer: accessibility
not_found: title text home
layout: short_title metadata_brief metadata_more footer_nav contact register changelog feed
register: id title type status version owner approved_by approved next_review flags overdue stale none caption downloads
pdf: download download_detail handbook_title handbook_download handbook_file contents page_footer
  watermark online tab
history: heading caption version decision_date decision_body case_number change_type summary commit documents in_force
  pdf pdf_label diff diff_label none last_changed last_changed_commit not_committed recorded_here withdrawn
  withdrawn_note corrected_note reason
history.change_types: substantive editorial
history.archived: watermark notice
diff: title intro legend legend_inserted legend_deleted example_inserted example_deleted legend_blocks counts
  text_heading inserted deleted changed inserted_start deleted_start end identical back decided
  legend_moved moved moved_changed moved_from only_changes skipped_one skipped_many
changes: heading heading_dated note comparison
changelog: caption filter date correction_date withdrawn corrected document type decision feed feed_title
  empty
audiences: caption document id version status code no_code no_code_information none drafts codes_heading codes_explanation codes_record
  codes_list bundle_download bundle_subtitle bundle_contents page internal
audiences.groups: policy guideline routine information
audiences.files: employees contractors governance
print: compiled handbook_one handbook_many handbook_empty and document_title running running_internal
print.one: policy guideline routine information
print.many: policy guideline routine information
print.form: heading advice_title advice confirms documents name company assignment date signature recipient
search: dialog help help_text contact home audience
tables: technical_details register_document
offline: title internal open offline copy copy_modified authoritative authoritative_at
calendar: name name_internal description summary due owner version interval month_only link footer
proposal: mark kind title notice document proposed_version decides decides_missing replaces replaces_version
  replaces_none basis basis_uncommitted summary_heading summary_note summary_none changes_heading changes_intro
  first_version text_heading preview version_not_higher editor_title editor_text editor_link back
statements: goal requirement link_title downloads
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
        else:
            findings += placeholder_findings(label, container[leaf], where, line_of(container, leaf, line))
    return findings


def _extra_labels(data: dict, path: tuple[str, ...], where: str) -> list[Finding]:
    known, groups = _known_labels(LABEL_KEYS)
    findings = []
    for key, value in data.items():
        label = ".".join((*path, key))
        if label in groups and isinstance(value, dict):
            findings += _extra_labels(value, (*path, key), where)
        elif label not in known and label not in groups:
            findings.append(Finding(where, line_of(data, key), f"the label '{label}' is not used by the site",
                                    "remove it, or add it to LABEL_KEYS in scripts/policysite/data.py where the code uses it"))
    return findings


@lru_cache(maxsize=2)
def _known_labels(spec: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every label path of spec, and every group that holds labels ('metadata' for 'metadata.heading')."""
    known = frozenset(label_paths(spec))
    return known, frozenset(".".join(label.split(".")[:depth]) for label in known for depth in range(1, label.count(".") + 1))


def localise(value: Any, language: str) -> Any:
    """Resolve every {sv: …, en: …} leaf of a labels tree to one language.

    A tree loaded from a data file (a yamlsource.Mapping) is resolved once per language and the result shared:
    every page asks for the labels, and nothing changes them. Treat the result as read-only.
    """
    if not isinstance(value, yamlsource.Mapping):
        return _localise(value, language)
    key = (id(value), language)
    cached = _LOCALISED.get(key)
    if cached is None or cached[0] is not value:  # the id of a tree that is gone may be another tree's now
        if len(_LOCALISED) >= LOCALISED_TREES:
            _LOCALISED.clear()
        cached = _LOCALISED[key] = (value, _localise(value, language))
    return cached[1]


LOCALISED_TREES = 256  # localised trees kept; `make serve` loads the labels again on every rebuild
_LOCALISED: dict[tuple[int, str], tuple[Any, Any]] = {}
_LANGUAGE_KEYS = frozenset(LANGUAGES)


def _localise(value: Any, language: str) -> Any:
    if isinstance(value, dict):
        if value.keys() == _LANGUAGE_KEYS:
            return value[language]
        return {key: _localise(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_localise(item, language) for item in value]
    return value
