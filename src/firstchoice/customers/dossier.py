"""The research dossier's questions (M2): eleven sections, each a few structured fields.

The structure lives here, in code, because later reports read it (completeness on the
board, "top 5 customers" in the account brief); administrators add their own questions
on top (`DossierQuestion`). Answers are stored per section as JSON keyed by field key, so
the same keys name the fields in the page, the API and the import columns.

`clean()` is the one validation for all three: it takes native values (str, int, list)
and returns the stored form or raises ValidationError({field key: message}).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from firstchoice.lib.numbers import NotANumber, parse_number

TEXT_MAX = 300
LONG_MAX = 4000
INT_MAX = 100_000


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str = "text"  # text, choice, percent
    choices: tuple[tuple[str, str | Promise], ...] = ()


@dataclass(frozen=True)
class Field:
    key: str
    label: str | Promise
    kind: str  # text, long, int, yesno, choice, checks, list
    choices: tuple[tuple[str, str | Promise], ...] = ()
    columns: tuple[Column, ...] = ()
    max_items: int = 10
    unit: str | Promise = ""
    help: str | Promise = ""

    @property
    def choice_keys(self) -> list[str]:
        return [key for key, _label in self.choices]


@dataclass(frozen=True)
class Section:
    key: str
    number: int
    title: str | Promise
    fields: tuple[Field, ...]


YES_NO = (("yes", _("Yes")), ("no", _("No")), ("unknown", _("Unknown")))
TRENDS = (("growing", _("growing")), ("steady", _("steady")), ("shrinking", _("shrinking")))
PRESSURE = (("high", _("high")), ("medium", _("medium")), ("low", _("low")))
SPECIAL = (
    ("packaging", _("Packaging")),
    ("proof_of_delivery", _("Proof of delivery")),
    ("ecommerce", _("E-commerce")),
    ("seasonality", _("Seasonal needs")),
    ("other", _("Other")),
)
NAME_NOTES = (Column("name", _("Name")), Column("notes", _("Notes")))

SECTIONS: tuple[Section, ...] = (
    Section(
        "profile",
        1,
        _("Customer profile"),
        (
            Field("company_type", _("What kind of company"), "text"),
            Field("ownership", _("Ownership"), "text"),
            Field("history", _("History"), "long"),
        ),
    ),
    Section(
        "market",
        2,
        _("Market profile"),
        (
            Field(
                "markets",
                _("Markets served"),
                "list",
                columns=(
                    Column("name", _("Market")),
                    Column("trend", _("Trend"), "choice", TRENDS),
                    Column("share", _("Their market share %"), "percent"),
                ),
                max_items=8,
            ),
            Field("new_markets", _("New markets they are entering"), "long"),
            Field("customer_types", _("Customer types they pursue"), "text"),
            Field("how_they_win", _("How they win new business"), "long"),
            Field("large_small_ratio", _("Ratio of large to small customers"), "text"),
            Field("competitors", _("Their competitors"), "list", columns=NAME_NOTES, max_items=8),
            Field("price_pressure", _("Price and margin pressure"), "choice", PRESSURE),
        ),
    ),
    Section(
        "delivery",
        3,
        _("Their customers' order-to-delivery cycle"),
        (
            Field("delivery_days", _("Order to delivery"), "int", unit=_("days")),
            Field("shorten_cycle", _("What we could do to shorten it"), "long"),
            Field("pain_points", _("Their pain points"), "long"),
            Field(
                "top_customers",
                _("Their top 5 customers"),
                "list",
                columns=NAME_NOTES,
                max_items=5,
            ),
        ),
    ),
    Section(
        "technical",
        4,
        _("Technical capability"),
        (
            Field("needs_support", _("Do they need technical support?"), "yesno", YES_NO),
            Field("support_kind", _("What kind of support"), "long"),
        ),
    ),
    Section(
        "design",
        5,
        _("Design cycle"),
        (Field("design_weeks", _("From model to finished design (OEMs)"), "int", unit=_("weeks")),),
    ),
    Section(
        "forecasting",
        6,
        _("Forecasting and ordering practice"),
        (Field("forecasting", _("How they schedule production against orders"), "long"),),
    ),
    Section(
        "supplier_reduction",
        7,
        _("Supplier reduction"),
        (
            Field(
                "supplier_reduction",
                _("Supplier-reduction programme?"),
                "yesno",
                YES_NO,
            ),
            Field("purchasing_programmes", _("Programmes affecting purchasing"), "long"),
        ),
    ),
    Section(
        "special",
        8,
        _("Special requirements"),
        (Field("special_requirements", _("Requirements"), "checks", SPECIAL),),
    ),
    Section(
        "credit",
        9,
        _("Credit"),
        (
            Field("pays_on_time", _("Do they pay on time?"), "yesno", YES_NO),
            Field("credit_terms", _("Terms"), "text"),
            Field("special_terms", _("Special terms"), "text"),
        ),
    ),
    Section(
        "product_cycle",
        10,
        _("Product cycle"),
        (Field("product_cycle", _("From order receipt to shipment"), "long"),),
    ),
    Section(
        "critical",
        11,
        _("Critical operations"),
        (
            Field("critical_operations", _("Most critical parts of their business"), "long"),
            Field("disruption", _("How prepared they are for stoppages or disruption"), "long"),
        ),
    ),
)

SECTION_KEYS = tuple(s.key for s in SECTIONS)
BY_KEY = {s.key: s for s in SECTIONS}
FIELD_SECTION = {f.key: s.key for s in SECTIONS for f in s.fields}
# Column names an import may use besides the field keys: each section's notes.
NOTES_SUFFIX = "_notes"


def section(key: str) -> Section:
    return BY_KEY[key]


# --- Cleaning: one validation for page, API and import --------------------------------------


def _text(value: object, limit: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise ValueError(_("Keep it under %(limit)d characters.") % {"limit": limit})
    return text


def _int(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_("Enter a whole number."))
    try:
        # "1,200" and "１２００" as the product writes numbers (lib.numbers).
        number = value if isinstance(value, int | Decimal) else parse_number(str(value))
        number = Decimal(number)
    except (NotANumber, InvalidOperation):
        raise ValueError(_("Enter a whole number.")) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(_("Enter a whole number."))
    if not 0 <= number <= INT_MAX:
        raise ValueError(_("Enter a number between 0 and %(max)d.") % {"max": INT_MAX})
    return int(number)


def _percent(value: object) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    try:
        number = parse_number(text, percent=True)  # "35%", "３５％"
    except NotANumber:
        raise ValueError(_("Enter a percentage between 0 and 100.")) from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValueError(_("Enter a percentage between 0 and 100."))
    return f"{number.normalize():f}"


def _choice(value: object, choices: Iterable[tuple[str, Any]]) -> str:
    text = "" if value is None else str(value).strip().lower()
    keys = [key for key, _label in choices]
    if text and text not in keys:
        raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(keys)})
    return text


def clean_value(field: Field, value: object) -> object:
    """The stored form of one field's value; ValueError with the user's message otherwise."""
    kind = field.kind
    if kind == "text":
        return _text(value, TEXT_MAX)
    if kind == "long":
        return _text(value, LONG_MAX)
    if kind == "int":
        return _int(value)
    if kind in ("yesno", "choice"):
        return _choice(value, field.choices)
    if kind == "checks":
        items = [] if value in (None, "") else value
        if not isinstance(items, list | tuple):
            raise ValueError(_("Give a list of choices."))
        picked = {_choice(item, field.choices) for item in items} - {""}
        return [key for key in field.choice_keys if key in picked]
    if kind == "list":
        rows = [] if value in (None, "") else value
        if not isinstance(rows, list | tuple):
            raise ValueError(_("Give a list of rows."))
        cleaned = []
        for number, row in enumerate(rows, start=1):
            if isinstance(row, str):
                row = {"name": row}
            if not isinstance(row, Mapping):
                raise ValueError(_("Row %(row)d: give the columns by name.") % {"row": number})
            item = {}
            for column in field.columns:
                raw = row.get(column.key)
                try:
                    if column.kind == "choice":
                        item[column.key] = _choice(raw, column.choices)
                    elif column.kind == "percent":
                        item[column.key] = _percent(raw)
                    else:
                        item[column.key] = _text(raw, TEXT_MAX)
                except ValueError as exc:
                    raise ValueError(
                        _("Row %(row)d, %(column)s: %(reason)s")
                        % {"row": number, "column": column.label, "reason": exc}
                    ) from None
            if any(item.values()):
                if not item.get("name"):
                    raise ValueError(_("Row %(row)d: the name is missing.") % {"row": number})
                cleaned.append(item)
        if len(cleaned) > field.max_items:
            raise ValueError(_("At most %(count)d rows.") % {"count": field.max_items})
        return cleaned
    raise AssertionError(f"unknown field kind {kind}")


def clean(
    section_key: str,
    values: Mapping[str, object],
    questions: Iterable[Field] = (),
) -> dict[str, object]:
    """All fields of a section (and its custom questions) cleaned; unknown keys refused."""
    spec = BY_KEY[section_key]
    fields = [*spec.fields, *questions]
    known = {f.key for f in fields} | {"notes"}
    errors: dict[str, list[str]] = {}
    for key in values:
        if key not in known:
            errors[key] = [str(_("No such field in this section."))]
    cleaned: dict[str, object] = {}
    for field in fields:
        try:
            cleaned[field.key] = clean_value(field, values.get(field.key))
        except ValueError as exc:
            errors[field.key] = [str(exc)]
    try:
        cleaned["notes"] = _text(values.get("notes"), LONG_MAX)
    except ValueError as exc:
        errors["notes"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return cleaned


def from_text(field: Field, text: str) -> object:
    """A spreadsheet cell's text in the native form `clean_value` takes.

    Lists: one row per line or ';', columns separated by '|' in the field's column order
    ("Acme | biggest OEM; Beta"). Checks: keys separated by ',' or ';'.
    """
    if field.kind == "checks":
        return [item for item in re.split(r"[,;\n]", text) if item.strip()]
    if field.kind == "list":
        rows = []
        for line in re.split(r"[;\n]", text):
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split("|")]
            rows.append(
                {col.key: cells[i] if i < len(cells) else "" for i, col in enumerate(field.columns)}
            )
        return rows
    return text


def section_values(
    spec: Section, data: Mapping[str, object], questions: Iterable[Field]
) -> list[object]:
    """The answers that count towards completeness: every field and custom question (free
    notes are welcome but do not make a section complete)."""
    return [*(data.get(f.key) for f in spec.fields), *(data.get(q.key) for q in questions)]
