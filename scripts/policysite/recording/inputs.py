"""The commands' inputs on their own, before the repository is looked at: each parsed, or refused with its fix."""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from ..data import Role
from ..history.record import CHANGE_TYPES, UNKNOWN
from ..model import CONTROL_CHARACTERS, FIELDS_BY_NAME, ID_PATTERN, VERSION_PATTERN, PartialDate
from .refusals import Refusal

def id_refusals(document_id: str) -> list[Refusal]:
    if not ID_PATTERN.match(document_id):
        return [Refusal(f"the document id {document_id!r} is not an id",
                        "give the id of the document's front matter, e.g. ID=SAK-POL-001")]
    return []


def version_refusals(version: str) -> list[Refusal]:
    if not VERSION_PATTERN.match(version):
        return [Refusal(f"the version {version!r} is not MAJOR.MINOR", "give the version decided, e.g. VERSION=2.1")]
    return []


def parse_date(text: str) -> tuple[PartialDate | None, list[Refusal]]:
    """A decision date as the trailer writes it: YYYY-MM-DD, YYYY-MM, or `unknown` when the record does not say."""
    if text.strip() == UNKNOWN:
        return None, []
    try:
        return FIELDS_BY_NAME["approved"].parse(text.strip()), []
    except ValueError:
        return None, [Refusal(f"the decision date {text!r} is not a date",
                              "give it as YYYY-MM-DD (YYYY-MM if the record gives only the month, or unknown if it "
                              "gives none), e.g. DATE=2026-05-12")]


def parse_case_number(text: str) -> tuple[str | None, list[Refusal]]:
    """A case number (diarienummer), or `unknown` when the record gives none; never empty or guessed."""
    text = text.strip()
    fix = ("give the decision's case number (diarienummer), e.g. CASE=\"RS 2026/123\", or CASE=unknown if the "
           "record gives none")
    if text == UNKNOWN:
        return None, []
    if not text or text == "~":
        return None, [Refusal("the case number is missing", fix)]
    if ";" in text or "\n" in text or "\r" in text or CONTROL_CHARACTERS.search(text):
        return None, [Refusal(f"the case number {text!r} has a ';', a line break or a control character, which "
                              "the Decision trailer cannot hold", fix)]
    return text, []


def body_refusals(body: str, roles: Mapping[str, Role], *, current: bool) -> list[Refusal]:
    """The decision body is a role of data/roles.yml; with `current`, one that exists today (a new decision)."""
    keys = ", ".join(sorted(key for key, role in roles.items() if not (current and role.historical)))
    if not body:
        return [Refusal("the decision body is missing", f"give the role key of the body that decided: {keys}")]
    role = roles.get(body)
    if role is None:
        return [Refusal(f"the decision body {body!r} is not a role in data/roles.yml",
                        f"use the role key of the body that decided: {keys}")]
    if current and role.historical:
        return [Refusal(f"the decision body {body!r} no longer exists (historical in data/roles.yml)",
                        f"a new decision is taken by its successor{f' {role.successor}' if role.successor else ''}; "
                        "a past decision's facts are corrected with `make correct`")]
    return []


def change_type_refusals(change_type: str) -> list[Refusal]:
    if change_type not in CHANGE_TYPES:
        return [Refusal(f"the change type {change_type!r} is not one of {', '.join(CHANGE_TYPES)}",
                        "TYPE=substantive if the version changes what the document requires or states, "
                        "TYPE=editorial for language, structure or references")]
    return []


def future_refusals(date: PartialDate | None, on: dt.date) -> list[Refusal]:
    if date is not None and date.first_day > on:
        return [Refusal(f"the decision date {date} is after today ({on.isoformat()})",
                        "record a decision once it is taken, with the date it was taken")]
    return []
