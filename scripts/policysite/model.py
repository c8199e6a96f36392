"""The document contract: the one definition of a page's front matter.

FIELDS lists every field once; the checks (parse_fields), the typed Document and build_document, the register's
export columns and the YAML of generated pages derive from it (CONTRIBUTING.md, "Adding a front-matter field").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, make_dataclass
from dataclasses import field as dataclass_field
from typing import Any, Callable, Mapping, get_type_hints

from .findings import Finding
from .yamlsource import shown

SOURCE_LANGUAGE = "sv"
TRANSLATION_LANGUAGES = ("en",)
LANGUAGES = (SOURCE_LANGUAGE, *TRANSLATION_LANGUAGES)

DOCUMENT_TYPES = ("policy", "guideline", "routine", "information")
GOVERNING_TYPES = ("policy", "guideline", "routine")
STATUSES = ("draft", "approved", "published", "retired")
# A decision makes a governing document `approved`; an information page is never decided, so it is `published`
# (shown everywhere as "information, not a decision"). status_findings enforces the pairing.
STATUSES_BY_KIND = {"governing": ("draft", "approved", "retired"), "information": ("draft", "published", "retired")}
CLASSIFICATIONS = ("public", "internal")
AUDIENCES = ("employees", "contractors", "governance")

# Of the keys MkDocs and Material read from front matter, only `hide` is allowed, with these values.
# `metadata` (ours: no metadata panel) is for published information pages only (the start pages), so a
# draft's banner and a governing document's metadata can never be hidden.
HIDE_VALUES = ("navigation", "toc", "footer", "path", "metadata")
# Theme keys that are refused, and why (any other unknown key gets the general message).
REFUSED_THEME_KEYS = {
    "template": "a page cannot choose the template it is rendered with",
    "search": "every document is searchable in its language",
    "icon": "the navigation shows titles only",
    "tags": "the site has no tags",
    "comments": "the site has no comments",
}
YEARS = (1900, 2100)  # any date in the sources; later ones come from typing errors, and overflow downstream
REVIEW_INTERVAL_MONTHS = (1, 120)

ID_PATTERN = re.compile(r"^[A-Z]{3}-[A-Z]{3}-\d{3}$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+$")
PARTIAL_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, or only to the month (the sources often say 'November 2018')."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        match = PARTIAL_DATE_PATTERN.match(str(value).strip())
        if not match:
            raise ValueError(f"'{value}' is not a date")
        year, month, day = (int(g) if g else None for g in match.groups())
        dt.date(year, month, day or 1)  # raises ValueError for impossible dates
        return cls(year, month, day)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def add_months(self, months: int) -> "PartialDate":
        index = self.year * 12 + (self.month - 1) + months
        year, month = divmod(index, 12)
        month += 1
        day = self.day
        if day is not None:
            day = min(day, _days_in_month(year, month))
        return PartialDate(year, month, day)

    def isoformat(self) -> str:
        text = f"{self.year:04d}-{self.month:02d}"
        return f"{text}-{self.day:02d}" if self.day else text

    def __str__(self) -> str:
        return self.isoformat()


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


# --- field parsers: each returns the typed value or raises ValueError(fix) ---


# Characters no text of ours may carry: XML (the feeds), CSV and PDF metadata cannot hold them, and a reader cannot see them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("write it as non-empty text")
    control = CONTROL_CHARACTERS.search(value)
    if control:
        raise ValueError(f"remove the control character {control.group()!r} (an escape such as \\x01 in quotes "
                         "writes one)")
    return value.strip()


def _document_id(value: Any) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ValueError("use three capital letters, a dash, three capital letters, a dash and three digits, e.g. SAK-POL-001")
    return value


def _version(value: Any) -> str:
    if isinstance(value, float):
        raise ValueError(f'quote it so YAML keeps it as text, e.g. version: "{value}"')
    if not isinstance(value, str) or not VERSION_PATTERN.match(value):
        raise ValueError('write MAJOR.MINOR in quotes, e.g. "2.0"')
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"use one of: {', '.join(choices)}")
        return value

    return parse


def _choices(choices: tuple[str, ...]) -> Callable[[Any], tuple[str, ...]]:
    def parse(value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            raise ValueError(f"give a list with one or more of: {', '.join(choices)}")
        unknown = [item for item in items if item not in choices]
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not allowed; use one or more of: {', '.join(choices)}")
        return tuple(dict.fromkeys(items))

    return parse


def _partial_date(value: Any) -> PartialDate:
    try:
        date = PartialDate.parse(value) if isinstance(value, (str, dt.date)) else None
    except (ValueError, TypeError):
        date = None
    if date is None:
        raise ValueError("write a real date as YYYY-MM-DD, or YYYY-MM when the source gives only the month")
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise ValueError(f"write a date with a year between {YEARS[0]} and {YEARS[1]}")
    return date


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError("write a list with one item per change, each as plain text")
    return tuple(_text(item) for item in value)


def _months(value: Any) -> int:
    low, high = REVIEW_INTERVAL_MONTHS
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"write a whole number of months from {low} to {high}, e.g. 12")
    return value


def _hide(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise ValueError(f"write a list with one or more of: {', '.join(HIDE_VALUES)}")
    unknown = [item for item in value if item not in HIDE_VALUES]
    if unknown:
        raise ValueError(f"'{unknown[0]:.40}' cannot be hidden; use one or more of: {', '.join(HIDE_VALUES)}")
    return tuple(dict.fromkeys(value))


def _role(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("write a role key from data/roles.yml")
    return value  # membership in the roles file is checked with the roles at hand


# --- the fields: the one definition; Document, build_document, parse_fields, the register and YAML derive from it ---

SHARED = "shared"  # governance facts: set once, on the Swedish page; every language's Document carries them
OWN = "own"  # set on every page in its own language (the title, what a version changed)
TRANSLATION = "translation"  # set on translations only
THEME = "theme"  # read by the theme, checked like a field, not part of the Document


def _never(meta: Mapping) -> bool:
    return False


def _always(meta: Mapping) -> bool:
    return True


def _approved_governing(meta: Mapping) -> bool:
    return meta.get("status") == "approved" and meta.get("type") in GOVERNING_TYPES


@dataclass(frozen=True)
class Field:
    """One front-matter field: how it is read, when it is required, where it lives and where it is shown."""

    name: str
    parse: Callable[[Any], Any]  # the typed value (its return annotation is the Document's type), or ValueError(fix)
    description: str  # ends "add 'name:' with the …" and "give the …"
    required: Callable[[Mapping], bool] = _never
    nullable: bool = False  # '~' records that the source does not give the fact
    scope: str = SHARED
    is_role: bool = False  # a key of data/roles.yml
    register: bool = False  # a column of the document register's exports (policysite.register)
    label: str | None = None  # its name in the metadata panel and PDF cover: a key of data/labels.yml
    example: Any = None  # a typed value that passes the checks (the bench corpus, the tests)
    empty: Any = None  # the Document's value when the page leaves the field out

    @property
    def value_type(self) -> Any:
        """The type of the Document attribute: what `parse` returns, or that or None when a page may leave it out."""
        returned = get_type_hints(self.parse)["return"]
        return returned if self.always_set or self.empty is not None else returned | None

    @property
    def always_set(self) -> bool:
        """Whether every Document has a value: required on every page that carries the field."""
        return self.required is _always and self.scope in (SHARED, OWN)


FIELDS: tuple[Field, ...] = (
    Field("id", _document_id, "stable document id, the same in both languages", _always, scope=OWN, register=True,
          label="metadata.id", example="SAK-RUT-001"),
    Field("title", _text, "the title; equals the page's H1", _always, scope=OWN, register=True,
          example="Rutin för besök"),
    Field("description", _text, "one sentence for search results and link previews", scope=OWN,
          example="Hur besökare tas emot i regionens lokaler."),
    Field("type", _choice(DOCUMENT_TYPES), "kind of document", _always, register=True, label="metadata.type",
          example="routine"),
    Field("status", _choice(STATUSES), "lifecycle state", _always, register=True, label="metadata.status",
          example="approved"),
    Field("version", _version, "approved version, MAJOR.MINOR", _always, register=True, label="metadata.version",
          example="1.0"),
    Field("owner", _role, "role that maintains the document", _always, is_role=True, register=True,
          label="metadata.owner", example="sakerhetschef"),
    Field("approved_by", _role, "role (decision body) that approved it", _approved_governing, is_role=True,
          register=True, label="metadata.approved_by", example="regiondirektor"),
    Field("approved", _partial_date, "decision date", _approved_governing, nullable=True, register=True,
          label="metadata.approved", example=PartialDate(2024, 3, 12)),
    Field("case_number", _text, "diarienummer of the decision", nullable=True, label="metadata.case_number",
          example="RB 2024/0123"),
    Field("change_summary", _text, "one line on what this version changed, in the page's language", scope=OWN,
          example="Första versionen."),
    Field("changes", _text_list, "what this version changed against the previous one, one substantive change per "
          "item, written by the editors (shown as their account, not as decided text)", scope=OWN,
          example=("Besökare registreras i receptionen.",), empty=()),
    Field("valid_from", _partial_date, "date from which the document applies", nullable=True,
          label="metadata.valid_from", example=PartialDate(2024, 4, 1)),
    Field("review_interval_months", _months, "months between reviews", nullable=True, example=24),
    Field("last_reviewed", _partial_date, "date of the last review without a new version "
          "(on the accessibility statement: the date it was last reviewed and updated)", nullable=True,
          label="metadata.last_reviewed", example=PartialDate(2025, 3)),
    Field("assessed", _partial_date, "date of the last assessment of the site's accessibility "
          "(set on the accessibility statement)", label="metadata.assessed", example=PartialDate(2026, 11, 23)),
    Field("classification", _choice(CLASSIFICATIONS), "public or internal", _always, register=True,
          label="metadata.classification", example="public"),
    Field("audience", _choices(AUDIENCES), "who the document is for", _always, label="metadata.audience",
          example=("employees",)),
    Field("translation_of_version", _version, "version of the Swedish page that this page translates", _always,
          scope=TRANSLATION, label="metadata.translation", example="1.0"),
)

# The theme keys a page may set, checked like fields; not part of the Document.
THEME_FIELDS: tuple[Field, ...] = (
    Field("hide", _hide, "parts of the page the theme leaves out", scope=THEME, example=("toc",)),
)

FIELDS_BY_NAME = {f.name: f for f in FIELDS}
REGISTER_FIELDS = tuple(f for f in FIELDS if f.register)


def front_matter_fields(*, translation: bool) -> tuple[Field, ...]:
    """The fields a Swedish page (translation=False) or a translation may set, in the contract's order."""
    scopes = (OWN, TRANSLATION, THEME) if translation else (SHARED, OWN, THEME)
    return tuple(f for f in FIELDS + THEME_FIELDS if f.scope in scopes)


# Plain scalars YAML reads as something other than text: numbers, dates, booleans, null.
_NOT_TEXT = re.compile(r"^(?:[-+]?[\d.]|~$|null$|true$|false$|yes$|no$|on$|off$|y$|n$)", re.IGNORECASE)


def yaml_value(value: Any) -> str:
    """A typed field value as YAML text that reads back as the same value (strings are quoted where YAML would
    read them as something else, e.g. a version "2.0")."""
    if value is None:
        return "~"
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, bool):
        raise TypeError("no field holds a yes/no value")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    plain = (value == value.strip() and value and ": " not in value and " #" not in value and "," not in value
             and value[:1] not in tuple("[]{},&*!|>'\"%@`#-?:") and not _NOT_TEXT.match(value))
    return value if plain else json.dumps(value, ensure_ascii=False)


def front_matter(values: Mapping[str, Any]) -> str:
    """A page's front matter block ('---' … '---' and a blank line) from typed values, in the order given.

    A name that is not a field is a KeyError: a generator writes only what the contract allows."""
    lines = [f"{_field(name).name}: {yaml_value(value)}" for name, value in values.items()]
    return "\n".join(["---", *lines, "---", "", ""])


def _field(name: str) -> Field:
    found = FIELDS_BY_NAME.get(name) or next((f for f in THEME_FIELDS if f.name == name), None)
    if found is None:
        raise KeyError(f"'{name}' is not a front-matter field")
    return found


class DocumentFacts:
    """What a Document tells beyond its fields; Document (below) is the frozen dataclass made from FIELDS."""

    __slots__ = ()

    @property
    def is_translation(self) -> bool:
        return self.language != SOURCE_LANGUAGE

    @property
    def is_governing(self) -> bool:
        return self.type in GOVERNING_TYPES

    @property
    def is_exported(self) -> bool:
        """Published as a PDF: governing documents, unless retired."""
        return self.is_governing and self.status != "retired"

    @property
    def in_handbook(self) -> bool:
        """The handbook collects what applies: approved governing documents."""
        return self.is_governing and self.status == "approved"

    @property
    def translation_is_current(self) -> bool:
        return not self.is_translation or self.translation_of_version == self.version


def _document_class() -> type:
    attributes: list[tuple] = [
        ("language", str),
        ("path", str),  # relative to the language folder, e.g. 'principer/ansvarsprincipen.md'
    ]
    for spec in FIELDS:
        default = () if spec.always_set else (dataclass_field(default=spec.empty),)
        attributes.append((spec.name, spec.value_type, *default))
    return make_dataclass("Document", attributes, bases=(DocumentFacts,), frozen=True, kw_only=True,
                          namespace={"__module__": __name__, "__qualname__": "Document", "__doc__":
                                     "One document in one language, with governance facts taken from the Swedish "
                                     "source; one attribute per field of FIELDS, plus its language and path."})


Document = _document_class()


def next_review(document: Document) -> PartialDate | None:
    """The date of the next review; the one place this is computed.

    Counted from the last review, or else the approval, plus the review interval.
    None when the interval or the starting date is not recorded.
    """
    start = document.last_reviewed or document.approved
    if start is None or document.review_interval_months is None:
        return None
    return start.add_months(document.review_interval_months)


def parse_fields(
    meta: dict,
    key_lines: dict[str, int],
    path: str,
    *,
    is_translation: bool,
    role_keys: frozenset[str] | None,
) -> tuple[dict[str, Any], list[Finding]]:
    """Check one page's front matter against the contract; return typed values and findings.

    role_keys None: the roles file could not be read (its own findings say why), so roles are not checked.
    """
    findings: list[Finding] = []
    values: dict[str, Any] = {}
    allowed = {f.name: f for f in front_matter_fields(translation=is_translation)}
    first_line = min(key_lines.values(), default=1)

    for key, value in meta.items():
        line = key_lines.get(key, first_line)
        spec = allowed.get(key)
        if spec is None:
            if REFUSED_THEME_KEYS.get(key):
                findings.append(Finding(path, line, f"the theme key '{key}' is not allowed: {REFUSED_THEME_KEYS[key]}",
                                        "remove it"))
            elif is_translation and key in FIELDS_BY_NAME:
                findings.append(Finding(path, line, f"'{key}' is set on a translation",
                                        "set governance metadata only on the Swedish page; the translation inherits it"))
            elif not is_translation and key in FIELDS_BY_NAME:
                findings.append(Finding(path, line, f"'{key}' belongs on translations only",
                                        "remove it from the Swedish page"))
            else:
                findings.append(Finding(path, line, f"unknown front-matter field '{key:.40}'",
                                        f"remove it or use one of: {', '.join(sorted(allowed))}"))
            continue
        if value is None:
            if spec.nullable:
                values[key] = None
            else:
                findings.append(Finding(path, line, f"'{key}' is empty", f"give the {spec.description}"))
            continue
        try:
            values[key] = spec.parse(value)
        except ValueError as exc:
            findings.append(Finding(path, line, f"'{key}' has an invalid value {shown(value)}", str(exc)))
            continue
        if spec.is_role and role_keys is not None and values[key] not in role_keys:
            findings.append(Finding(path, line, f"'{key}' names unknown role '{value:.40}'",
                                    f"use a key from data/roles.yml: {', '.join(sorted(role_keys))}"))

    context = {**meta, **values}
    for spec in allowed.values():
        if spec.name not in meta and spec.required(context):
            when = "" if spec.required is _always else " for an approved " + str(meta.get("type"))
            findings.append(Finding(path, first_line, f"required field '{spec.name}' is missing{when}",
                                    f"add '{spec.name}:' with the {spec.description}"
                                    + (" ('~' if the source does not record it)" if spec.nullable else "")))
    return values, findings


def hide_findings(own_values: dict, source_values: dict, line: int, path: str) -> list[Finding]:
    """`hide: [metadata]` only on a published information page: a banner or a decision is never hidden."""
    if "metadata" not in own_values.get("hide", ()):
        return []
    if source_values.get("type") == "information" and source_values.get("status") == "published":
        return []
    return [Finding(path, line, f"'hide: [metadata]' would hide the metadata and banner of this {source_values.get('type')}, "
                                f"which is {source_values.get('status')}", "remove 'metadata' from hide; only published "
                                "information pages may leave out the metadata panel")]


def status_findings(values: dict, key_lines: dict[str, int], path: str) -> list[Finding]:
    """Only a decision approves: a governing document is `approved`, an information page `published`."""
    kind = values.get("type")
    status = values.get("status")
    if kind is None or status is None:
        return []
    allowed = STATUSES_BY_KIND["governing" if kind in GOVERNING_TYPES else "information"]
    if status in allowed:
        return []
    line = key_lines.get("status", min(key_lines.values(), default=1))
    if kind == "information":
        return [Finding(path, line, "an information page cannot be 'approved': no decision adopts it",
                        "write 'status: published' (shown as information, not a decision); a text that needs a "
                        "decision is a policy, guideline or routine")]
    return [Finding(path, line, f"a {kind} cannot be '{status}': that status is for information pages",
                    "write 'status: draft' until the decision is taken, then 'approved' with its Decision trailer")]


def timeline_findings(values: dict, key_lines: dict[str, int], path: str, on: dt.date) -> list[Finding]:
    """Dates of the Swedish page that cannot be true on `on` (the check's date), or that contradict each other."""
    findings = []

    def line(key: str) -> int:
        return key_lines.get(key, min(key_lines.values(), default=1))

    future = {
        "approved": "set the date of the decision that was taken; approve the document when the decision is made",
        "last_reviewed": "a review in the future postpones the next review — set the date of the review that took place",
        "assessed": "set the date of the assessment that took place",
    }
    for key, fix in future.items():
        date = values.get(key)
        if date is not None and date.first_day > on:
            message = f"'{key}' is {date}, after the check's date {on.isoformat()}"
            if key == "last_reviewed":
                message, fix = f"{message}: {fix.split(' — ')[0]}", fix.split(" — ")[1]
            findings.append(Finding(path, line(key), message, fix))
    reviewed, approved = values.get("last_reviewed"), values.get("approved")
    if reviewed is not None and approved is not None and _before(reviewed, approved):
        findings.append(Finding(path, line("last_reviewed"),
                                f"'last_reviewed' ({reviewed}) is before 'approved' ({approved})",
                                "the next review counts from the later date; set the date of the review that took "
                                "place after the decision, or remove last_reviewed"))
    return findings


def _before(first: PartialDate, second: PartialDate) -> bool:
    """Whether first is surely earlier than second (a month-only date is not before a day in that month)."""
    if (first.year, first.month) != (second.year, second.month):
        return (first.year, first.month) < (second.year, second.month)
    return first.day is not None and second.day is not None and first.day < second.day


def build_document(path: str, language: str, source_values: Mapping, own_values: Mapping) -> Document:
    """Combine the Swedish page's governance facts (SHARED fields) with a page's own values."""
    values = {spec.name: (source_values if spec.scope == SHARED else own_values).get(spec.name, spec.empty)
              for spec in FIELDS}
    return Document(language=language, path=path, **values)
