"""The document contract: the one definition of a page's front matter.

The validator, the build hooks, the metadata panel and (later) PDF covers and
history pages all read documents through this module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

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


@dataclass(frozen=True)
class Field:
    name: str
    parse: Callable[[Any], Any]
    description: str
    required: Callable[[dict], bool] = lambda meta: False
    nullable: bool = False  # '~' records that the source does not give the fact
    source_only: bool = True  # governance facts live once, on the Swedish page
    is_role: bool = False


def _always(meta: dict) -> bool:
    return True


def _approved_governing(meta: dict) -> bool:
    return meta.get("status") == "approved" and meta.get("type") in GOVERNING_TYPES


FIELDS: tuple[Field, ...] = (
    Field("id", _document_id, "stable document id, the same in both languages", _always, source_only=False),
    Field("title", _text, "the title; equals the page's H1", _always, source_only=False),
    Field("description", _text, "one sentence for search results and link previews", source_only=False),
    Field("type", _choice(DOCUMENT_TYPES), "kind of document", _always),
    Field("status", _choice(STATUSES), "lifecycle state", _always),
    Field("version", _version, "approved version, MAJOR.MINOR", _always),
    Field("owner", _role, "role that maintains the document", _always, is_role=True),
    Field("approved_by", _role, "role (decision body) that approved it", _approved_governing, is_role=True),
    Field("approved", _partial_date, "decision date", _approved_governing, nullable=True),
    Field("case_number", _text, "diarienummer of the decision", nullable=True),
    Field("change_summary", _text, "one line on what this version changed, in the page's language",
          source_only=False),
    Field("changes", _text_list, "what this version changed against the previous one, one substantive change per "
          "item, written by the editors (shown as their account, not as decided text)", source_only=False),
    Field("valid_from", _partial_date, "date from which the document applies", nullable=True),
    Field("review_interval_months", _months, "months between reviews", nullable=True),
    Field("last_reviewed", _partial_date, "date of the last review without a new version "
          "(on the accessibility statement: the date it was last reviewed and updated)", nullable=True),
    Field("assessed", _partial_date, "date of the last assessment of the site's accessibility "
          "(set on the accessibility statement)"),
    Field("classification", _choice(CLASSIFICATIONS), "public or internal", _always),
    Field("audience", _choices(AUDIENCES), "who the document is for", _always),
)

# The theme keys a page may set, checked like fields; not part of the Document.
THEME_FIELDS: tuple[Field, ...] = (
    Field("hide", _hide, "parts of the page the theme leaves out", source_only=False),
)

TRANSLATION_FIELDS: tuple[Field, ...] = (
    Field("translation_of_version", _version, "version of the Swedish page that this page translates", _always, source_only=False),
)

FIELDS_BY_NAME = {f.name: f for f in FIELDS + TRANSLATION_FIELDS}


@dataclass(frozen=True)
class Document:
    """One document in one language, with governance facts taken from the Swedish source."""

    id: str
    language: str
    path: str  # relative to the language folder, e.g. 'principer/ansvarsprincipen.md'
    title: str
    description: str | None
    type: str
    status: str
    version: str
    owner: str
    approved_by: str | None
    approved: PartialDate | None
    case_number: str | None
    valid_from: PartialDate | None
    review_interval_months: int | None
    last_reviewed: PartialDate | None
    classification: str
    audience: tuple[str, ...]
    translation_of_version: str | None = None
    change_summary: str | None = None
    changes: tuple[str, ...] = ()
    assessed: PartialDate | None = None

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
    allowed = {f.name: f for f in FIELDS + THEME_FIELDS if not (is_translation and f.source_only)}
    if is_translation:
        allowed.update({f.name: f for f in TRANSLATION_FIELDS})
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


def build_document(path: str, language: str, source_values: dict, own_values: dict) -> Document:
    """Combine the Swedish page's governance facts with a page's own title and description."""
    return Document(
        id=own_values["id"],
        language=language,
        path=path,
        title=own_values["title"],
        description=own_values.get("description"),
        type=source_values["type"],
        status=source_values["status"],
        version=source_values["version"],
        owner=source_values["owner"],
        approved_by=source_values.get("approved_by"),
        approved=source_values.get("approved"),
        case_number=source_values.get("case_number"),
        valid_from=source_values.get("valid_from"),
        review_interval_months=source_values.get("review_interval_months"),
        last_reviewed=source_values.get("last_reviewed"),
        classification=source_values["classification"],
        audience=source_values["audience"],
        translation_of_version=own_values.get("translation_of_version"),
        change_summary=own_values.get("change_summary"),
        changes=own_values.get("changes", ()),
        assessed=source_values.get("assessed"),
    )
