"""The subject form of the desk: a ``SubjectRecord`` as the controls of a page, and back.

A form holds what the user typed, as typed (strings), so that a refused form is shown again with
every value kept. Names, birth dates and documents are rows (``names-1-full`` is the text of
the second name); a row left blank is no row, so clearing a row removes it.

``to_data`` gives the fields of the record. When an existing record is edited (``base``),
everything the form does not show is taken from it unchanged: listings, links, places of
birth, addresses; a name whose text is unchanged keeps its parts, script and provenance; a
document of the same type, number and country keeps its issue date, flags, note and
provenance; a birth date keeps its note. What the user adds carries ``added`` as provenance
when a source is stated (else the hub's own: who, when, ``hub:<agency>``).

Errors land next to their control: a pydantic error's ``loc`` names it (``('names', 1,
'full')`` is ``names-1-full``; a row's own error goes to the row's first control), and so does a
hub error's ``field: message``. An error that fits no control is a notice at the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pydantic
from starlette.datastructures import FormData

from interlink.domain import dates
from interlink.domain.codes import Classification
from interlink.domain.subjects import (
    BirthDateKind,
    SubjectRecord,
    normalise_document_number,
)

__all__ = ["FIELDS", "MAX_ROWS", "ROWS", "SubjectForm", "blank_row"]

# The columns of each kind of row, its first column first (where a row's own error goes).
ROWS: dict[str, tuple[str, ...]] = {
    "names": ("full", "kind", "lang"),
    "birth_dates": ("value", "value_to", "approximate"),
    "documents": ("type", "number", "issuing_country", "expires_on"),
}
FIELDS = (
    "uid",
    "kind",
    "gender",
    "nationalities",
    "handling_code",
    "handling_note",
    "classification",
    "review_by",
    "notes",
    "source",
    "reason",
)
CHOICES = ("topics", "categories")
# Rows shown at least, blank ones included; rows accepted at most.
SHOWN_ROWS = {"names": 3, "birth_dates": 1, "documents": 1}
MAX_ROWS = {"names": 200, "birth_dates": 20, "documents": 100}
_LONGEST = {"notes": 10_000}
_LONG = 1000
_ROW_KEY = re.compile(r"(names|birth_dates|documents)-(\d{1,3})-([a-z_]+)")
# Errors of the record as a whole (``loc`` empty), by what their message says.
_RECORD_RULES = (
    ("primary name", "names-0-kind"),
    ("organization has no birth date", "kind"),
    ("handling_note", "handling_note"),
)


def _fold(value: str) -> str:
    return " ".join(value.split())


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def blank_row(section: str, index: int) -> dict[str, str]:
    """A row to type in: the first name is the primary one, a document a passport."""
    row = dict.fromkeys(ROWS[section], "")
    if section == "names":
        row["kind"] = "primary" if index == 0 else "alias"
    elif section == "documents":
        row["type"] = "passport"
    return row


def _filled(section: str, row: dict[str, str]) -> bool:
    """A row with something typed in a text control; a choice alone (a name's kind, a
    document's type) does not make a row."""
    typed = {
        "names": ("full", "lang"),
        "birth_dates": ("value", "value_to"),
        "documents": ("number", "issuing_country", "expires_on"),
    }[section]
    return any(row.get(column, "").strip() for column in typed)


def _birth_kind(value: str, value_to: str | None, approximate: bool) -> str:
    if value_to:
        return BirthDateKind.RANGE.value
    if approximate:
        return BirthDateKind.APPROXIMATE.value
    try:
        precision = dates.precision(dates.parse_partial_date(value))
    except ValueError:
        return BirthDateKind.FULL.value  # the value's own check names the mistake
    return {"day": "full", "month": "year_month"}.get(precision, "year")


def _message(error: Any) -> str:
    """A pydantic error in words for the person at the form."""
    kind, message = error["type"], str(error["msg"])
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "string_too_short" and error.get("ctx", {}).get("min_length") == 1:
        return "This cannot be blank."
    if kind == "too_short" and tuple(error["loc"]) == ("names",):
        return "Give at least one name."
    if kind == "string_pattern_mismatch" and tuple(error["loc"]) == ("uid",):
        return "A uid has no spaces."
    if kind.startswith("date_"):
        return "Give a date as YYYY-MM-DD."
    return message


@dataclass
class SubjectForm:
    """What the form holds: its fields, its rows and checked choices, as typed, and the
    messages of a refused save (``errors`` by control id, ``notices`` for the top)."""

    new: bool = True
    fields: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {section: [] for section in ROWS}
    )
    chosen: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CHOICES})
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    # Blank rows asked for beyond the usual ("add a name" without HTMX).
    more: dict[str, int] = field(default_factory=dict)

    @classmethod
    def blank(cls) -> SubjectForm:
        form = cls(new=True)
        form.fields.update(
            kind="person", handling_code="H0", classification=Classification.UNCLASSIFIED.value
        )
        return form

    @classmethod
    def from_record(cls, record: SubjectRecord) -> SubjectForm:
        form = cls(new=False)
        form.fields.update(
            uid=record.uid,
            kind=record.kind.value,
            gender=record.gender.value if record.gender else "",
            nationalities=", ".join(record.nationalities),
            handling_code=record.handling_code.value,
            handling_note=record.handling_note or "",
            classification=record.classification.value,
            review_by=record.review_by.isoformat() if record.review_by else "",
            notes=record.notes or "",
        )
        form.rows["names"] = [
            {"full": n.full, "kind": n.kind.value, "lang": n.lang or ""} for n in record.names
        ]
        form.rows["birth_dates"] = [
            {
                "value": b.value,
                "value_to": b.value_to or "",
                "approximate": "on" if b.kind is BirthDateKind.APPROXIMATE else "",
            }
            for b in record.birth_dates
        ]
        form.rows["documents"] = [
            {
                "type": d.type.value,
                "number": d.number,
                "issuing_country": d.issuing_country or "",
                "expires_on": d.expires_on.isoformat() if d.expires_on else "",
            }
            for d in record.documents
        ]
        form.chosen = {
            "topics": [t.value for t in record.topics],
            "categories": [c.value for c in record.categories],
        }
        return form

    @classmethod
    def from_form(cls, data: FormData, *, new: bool) -> SubjectForm:
        """The form as posted; rows in the order of their numbers, blank ones left out, values
        over their length noted as errors."""
        form = cls(new=new)
        for name in FIELDS:
            form.fields[name] = _text(data.get(name))
        form.chosen = {c: [v for v in data.getlist(c) if isinstance(v, str)] for c in CHOICES}
        found: dict[str, dict[int, dict[str, str]]] = {section: {} for section in ROWS}
        for key, value in data.multi_items():
            match = _ROW_KEY.fullmatch(key)
            if match and match.group(3) in ROWS[match.group(1)] and isinstance(value, str):
                section, index, column = match.groups()
                found[section].setdefault(int(index), {})[column] = value
        for section, by_index in found.items():
            rows = [by_index[i] for i in sorted(by_index)]
            form.rows[section] = [
                {column: row.get(column, "") for column in ROWS[section]}
                for row in rows
                if _filled(section, row)
            ]
        form._check_lengths()
        return form

    def _check_lengths(self) -> None:
        for name, value in self.fields.items():
            limit = _LONGEST.get(name, _LONG)
            if len(value) > limit:
                self.errors[name] = f"At most {limit} characters."
        for section, rows in self.rows.items():
            if len(rows) > MAX_ROWS[section]:
                label = section.replace("_", " ")
                self.notices.append(f"At most {MAX_ROWS[section]} {label}.")
            for index, row in enumerate(rows):
                for column, value in row.items():
                    if len(value) > _LONG:
                        self.errors[f"{section}-{index}-{column}"] = f"At most {_LONG} characters."

    # Reading the form in a template.

    def value(self, name: str) -> str:
        return self.fields.get(name, "")

    def shown(self, section: str) -> list[tuple[int, dict[str, str]]]:
        """The rows to show: those typed, then blank ones to type in (one at least)."""
        rows = list(self.rows[section])
        blanks = max(1, SHOWN_ROWS[section] - len(rows)) + self.more.get(section, 0)
        rows += [blank_row(section, len(rows) + i) for i in range(blanks)]
        return list(enumerate(rows))

    def has_errors(self) -> bool:
        return bool(self.errors or self.notices)

    # Building the record.

    def to_data(self, base: SubjectRecord | None, added: dict[str, Any] | None) -> dict[str, Any]:
        """The record's fields: the form's over ``base``'s (when editing). ``added`` is the
        provenance of the names and documents this save adds, if a source is stated."""
        f = self.fields
        data: dict[str, Any] = base.model_dump() if base is not None else {}
        data.update(
            uid=base.uid if base is not None else (f["uid"].strip() or "new"),
            kind=f["kind"],
            names=self._names(base, added),
            birth_dates=self._birth_dates(base),
            nationalities=[c.upper() for c in re.split(r"[\s,;]+", f["nationalities"]) if c],
            gender=f["gender"] or None,
            documents=self._documents(base, added),
            categories=self.chosen["categories"],
            topics=self.chosen["topics"],
            handling_code=f["handling_code"],
            handling_note=f["handling_note"].strip() or None,
            classification=f["classification"],
            review_by=f["review_by"].strip() or None,
            notes=f["notes"].strip() or None,
        )
        return data

    def _names(self, base: SubjectRecord | None, added: dict[str, Any] | None) -> list[Any]:
        pool = list(base.names) if base is not None else []
        out: list[Any] = []
        for row in self.rows["names"]:
            shown = {"kind": row["kind"], "lang": row["lang"].strip() or None}
            same = next((n for n in pool if n.full == _fold(row["full"])), None)
            if same is not None:
                pool.remove(same)
                out.append(same.model_dump() | shown)
            else:
                new = {"full": row["full"], **shown}
                out.append(new | {"provenance": added} if added else new)
        return out

    def _birth_dates(self, base: SubjectRecord | None) -> list[Any]:
        pool = list(base.birth_dates) if base is not None else []
        out: list[Any] = []
        for row in self.rows["birth_dates"]:
            value, value_to = row["value"].strip(), row["value_to"].strip() or None
            item: dict[str, Any] = {
                "kind": _birth_kind(value, value_to, bool(row["approximate"])),
                "value": value,
                "value_to": value_to,
            }
            same = next((b for b in pool if (b.value, b.value_to) == (value, value_to)), None)
            if same is not None:
                pool.remove(same)
                item["note"] = same.note
            out.append(item)
        return out

    def _documents(self, base: SubjectRecord | None, added: dict[str, Any] | None) -> list[Any]:
        pool = list(base.documents) if base is not None else []
        out: list[Any] = []
        for row in self.rows["documents"]:
            country = row["issuing_country"].strip().upper() or None
            item: dict[str, Any] = {
                "type": row["type"],
                "number": row["number"],
                "issuing_country": country,
                "expires_on": row["expires_on"].strip() or None,
            }
            key = (row["type"], normalise_document_number(row["number"]), country)
            same = next(
                (d for d in pool if (d.type.value, d.normalised_number, d.issuing_country) == key),
                None,
            )
            if same is not None:
                pool.remove(same)
                item = same.model_dump() | item
            elif added:
                item["provenance"] = added
            out.append(item)
        return out

    # The messages of a refused save.

    def check_clearance(self, clearance: Classification) -> None:
        """A subject classified above the user's clearance would be hidden from the user."""
        chosen = self.fields.get("classification", "")
        known = chosen in {c.value for c in Classification}
        if known and Classification(chosen).rank > clearance.rank:
            self.errors["classification"] = (
                f"Your clearance is {clearance.value}: a subject classified above it "
                "would be hidden from you."
            )

    def control(self, loc: tuple[str | int, ...]) -> str | None:
        """The id of the control an error at ``loc`` concerns, if the form has one."""
        parts = [str(p) for p in loc]
        if not parts:
            return None
        head = parts[0]
        if head in ROWS:
            index = parts[1] if len(parts) > 1 and parts[1].isdigit() else "0"
            column = parts[2] if len(parts) > 2 and parts[2] in ROWS[head] else ROWS[head][0]
            return f"{head}-{index}-{column}"
        if head == "uid" and not self.new:
            return None  # the address names the subject; there is no control for it
        if head in FIELDS or head in CHOICES:
            return head
        return None

    def add_error(self, loc: tuple[str | int, ...], message: str) -> None:
        message = message[:1].upper() + message[1:]
        control = self.control(loc)
        if control is None and not loc:
            control = next((c for words, c in _RECORD_RULES if words in message), None)
        if control is None:
            where = ".".join(str(p) for p in loc)
            self.notices.append(f"{where}: {message}" if where else message)
        elif control in self.errors:
            self.errors[control] += " " + message
        else:
            self.errors[control] = message

    def take_validation(self, error: pydantic.ValidationError) -> None:
        for item in error.errors():
            self.add_error(tuple(item["loc"]), _message(item))

    def take_hub_error(self, message: str) -> None:
        """A hub ``ValidationError``: ``field: message``, the field dotted under ``body``
        (``body.names.0.full``) when the hub checked the record as a whole."""
        where, _, said = message.partition(": ")
        if not said or " " in where:
            self.notices.append(message)
            return
        loc = tuple(p for p in where.removeprefix("body.").split(".") if p != "body")
        self.add_error(loc, said)
