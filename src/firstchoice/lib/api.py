"""What every API router shares: bounded input types, the error answers, a stale edit's 409.

Input is bounded in the schema as in the database, so a request the database could not
store is a 422 naming the field, never a 500: text without control characters (PostgreSQL
refuses NUL, and a spreadsheet or terminal shows the others as garbage) and within its
column's length, ids within 64 bits.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.http import MAX_ID
from firstchoice.lib.numbers import NotANumber, parse_number

# C0 controls except tab, newline and carriage return; DEL. The same in the OpenAPI document.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PRINTABLE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

# A TextField has no length of its own; an API answer this long is a mistake or an attack.
LONG_TEXT = 20_000


class _Printable:
    """Refuses control characters other than tab, newline and CR, and says so in the schema."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_printable, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        found["pattern"] = PRINTABLE_PATTERN
        return found


def _printable(value: str) -> str:
    if CONTROL.search(value):
        raise PydanticCustomError(
            "control_character",
            "Remove control characters (such as NUL); only tab and line breaks are allowed.",
        )
    return value


def _printable_deep(value: Any) -> Any:
    """The strings inside a JSON value (a dossier answer: text, list, table rows), checked."""
    if isinstance(value, str):
        _printable(value)
        if len(value) > LONG_TEXT:
            raise PydanticCustomError(
                "string_too_long", "Keep each answer within {n} characters.", {"n": LONG_TEXT}
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _printable_deep(key)
            _printable_deep(item)
    elif isinstance(value, list):
        for item in value:
            _printable_deep(item)
    return value


# Every text an API client sends: bound it with Field(max_length=…) as its column is.
Text = Annotated[str, _Printable()]
# A text read into a TextField (no column length).
LongText = Annotated[str, _Printable(), Field(max_length=LONG_TEXT)]
# A customer or salesperson code, a team slug, a login: the longest such column is 150.
Code = Annotated[str, _Printable(), Field(max_length=150)]
# Any JSON value whose strings are Text (a dossier answer).
Answer = Annotated[Any, AfterValidator(_printable_deep)]
# A row id named in a path or body.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def omissible(**constraints: Any) -> Any:
    """A PATCH field that may be left out (the value stays) but is not nullable, as its
    column is NOT NULL: `null` is a 422 naming the field, not a database error."""
    return Field(None, **constraints)


class ErrorOut(Schema):
    detail: str


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="where: path, query or body, then the field")
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ErrorItem]


# The answers every operation may give besides its own: declared once for the whole API
# (firstchoice/api.py adds them to each operation of the OpenAPI document).
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,  # a body that is not JSON
    401: ErrorOut,  # no or a revoked token, no session
    403: ErrorOut,  # read-only on the record
    404: ErrorOut,  # no such record, or not yours to see
    422: ValidationErrorOut,  # a field the schema or the method refuses, named in `loc`
}


class ConflictOut(Schema):
    detail: str
    changed_by: str | None
    changed_at: dt.datetime | None
    current_version: int


CONFLICT = {409: ConflictOut}


def conflict(exc: StaleEdit) -> ConflictOut:
    """The body of a 409: who saved in between, when, and the version to start again from."""
    who = exc.changed_by
    return ConflictOut(
        detail=_("Changed by someone else since your version: nothing was saved."),
        changed_by=getattr(who, "username", None) or (str(who) if who else None),
        changed_at=exc.changed_at,
        current_version=exc.version,
    )


def _number(value: Any, *, percent: bool) -> Any:
    """A string the way the product writes numbers (`lib.numbers`) becomes its Decimal; a
    JSON number passes on to the Decimal/int validation as before."""
    if not isinstance(value, str):
        return value
    try:
        return parse_number(value, percent=percent)
    except NotANumber:
        example = "98%" if percent else "12,500"
        raise PydanticCustomError(
            "number", "Enter a number such as {example}.", {"example": example}
        ) from None


def _whole(value: Any) -> Any:
    number = _number(value, percent=True)
    if isinstance(number, Decimal) and number == number.to_integral_value():
        return int(number)
    return number


# Decimal fields that also read "2,500,000", "2 500 000", full-width digits (and, for
# Percent, "98%"): the same reading as the pages' `lib.fields.NumberField`.
Amount = Annotated[Decimal, BeforeValidator(lambda v: _number(v, percent=False))]
Percent = Annotated[Decimal, BeforeValidator(lambda v: _number(v, percent=True))]
WholePercent = Annotated[int, BeforeValidator(_whole)]
