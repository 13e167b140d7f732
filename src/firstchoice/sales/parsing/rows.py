"""One data row in, a ParsedLine or its RowErrors out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from firstchoice.sales.parsing.cells import cell_text
from firstchoice.sales.parsing.dates import parse_date
from firstchoice.sales.parsing.errors import RowError
from firstchoice.sales.parsing.headers import MAX_LENGTH
from firstchoice.sales.parsing.numbers import parse_amount, parse_quantity


class ParsedLine(NamedTuple):
    """One valid invoice line. A named tuple: immutable, and cheap to build millions of."""

    invoice_date: dt.date
    customer_code: str
    customer_name: str
    salesperson: str
    amount: Decimal
    margin: Decimal | None  # None: the file gives no margin for this line (unknown, not 0)
    payment_terms: str
    invoice_no: str = ""
    line_no: str = ""
    product: str = ""
    quantity: Decimal | None = None
    currency: str = ""


CURRENCY_NAMES = {
    "人民币": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "港币": "HKD",
    "港元": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
}


def currency_code(text: str) -> str | None:
    """A trimmed cell as a currency code ("" when empty; names such as 人民币 mapped), or
    None when it is not one."""
    code = text.upper()
    code = CURRENCY_NAMES.get(code, code)
    if code and not (len(code) <= 3 and code.isascii() and code.isalpha()):
        return None
    return code


# The text fields in ParsedLine order: (field, longest allowed, must be non-empty).
_TEXT_FIELDS = tuple(
    (field, MAX_LENGTH[field], field in ("customer_code", "salesperson"))
    for field in (
        "customer_code",
        "customer_name",
        "salesperson",
        "payment_terms",
        "invoice_no",
        "line_no",
        "product",
    )
)
_VALUE_SHOWN = 200  # characters of a bad cell kept in its error
_CELL_ERRORS = (ValueError, ArithmeticError, TypeError)


def _row_error(
    errors: list[tuple[int, RowError]] | None,
    field: str,
    raw: object,
    reason: str,
    row: int,
    mapping: Mapping[str, int],
    header: Sequence[str],
) -> list[tuple[int, RowError]]:
    """`errors` plus this one, keyed by its column's position (None: a new list)."""
    index = mapping.get(field, -1)
    column = header[index] if 0 <= index < len(header) and header[index] else field
    try:
        shown = raw if isinstance(raw, str) else cell_text(raw)
    except Exception:  # a cell whose str() fails still gets its error
        shown = "?"
    if len(shown) > _VALUE_SHOWN:
        shown = shown[:_VALUE_SHOWN] + "…"
    error = (index, RowError(row=row, column=column, value=shown, reason=reason))
    if errors is None:
        return [error]
    errors.append(error)
    return errors


def parse_row(
    cells: Sequence[object],
    mapping: Mapping[str, int],
    header: Sequence[str],
    *,
    row: int,
    day_first: bool | None,
) -> ParsedLine | list[RowError]:
    """One data row as a ParsedLine, or every problem in it as RowErrors (never raises)."""
    count = len(cells)
    get = mapping.get
    errors: list[tuple[int, RowError]] | None = None

    index = get("invoice_date")
    raw = cells[index] if index is not None and index < count else None
    invoice_date: dt.date | None = None
    try:
        invoice_date = parse_date(raw, day_first=day_first)
    except _CELL_ERRORS as exc:
        reason = "empty" if raw is None else str(exc)
        errors = _row_error(errors, "invoice_date", raw, reason, row, mapping, header)

    money: list[Decimal | None] = []
    for name in ("amount", "margin"):
        index = get(name)
        raw = cells[index] if index is not None and index < count else None
        if name == "margin" and (raw is None or (type(raw) is str and not raw.strip())):
            money.append(None)  # no margin column, or an empty cell: unknown
            continue
        try:
            money.append(parse_amount(raw))
        except _CELL_ERRORS as exc:
            money.append(None)
            errors = _row_error(errors, name, raw, str(exc), row, mapping, header)

    texts: list[str] = []
    for name, limit, required in _TEXT_FIELDS:
        index = get(name)
        if index is None or index >= count:
            raw, value = None, ""
        else:
            raw = cells[index]
            try:
                value = raw.strip() if type(raw) is str else cell_text(raw)
            except Exception:  # an object whose str() fails: never from a file
                errors = _row_error(errors, name, raw, "not text", row, mapping, header)
                raw, value = None, "?"
        if value:
            if len(value) > limit:
                reason = f"longer than {limit} characters"
                errors = _row_error(errors, name, raw, reason, row, mapping, header)
            elif "\x00" in value:
                reason = "contains a NUL character"
                errors = _row_error(errors, name, raw, reason, row, mapping, header)
        elif required:
            errors = _row_error(errors, name, raw, "empty", row, mapping, header)
        texts.append(value)

    quantity: Decimal | None = None
    index = get("quantity")
    if index is not None and index < count:
        raw = cells[index]
        try:
            quantity = parse_quantity(raw)
        except _CELL_ERRORS as exc:
            errors = _row_error(errors, "quantity", raw, str(exc), row, mapping, header)

    currency = ""
    index = get("currency")
    if index is not None and index < count:
        raw = cells[index]
        try:
            code = currency_code(cell_text(raw))
        except Exception:
            code = None
        if code is None:
            reason = "not a currency code (e.g. CNY)"
            errors = _row_error(errors, "currency", raw, reason, row, mapping, header)
        else:
            currency = code

    if errors is not None:  # in the file's column order
        return [error for _index, error in sorted(errors, key=lambda pair: pair[0])]
    amount, margin = money
    # No errors means every required value parsed.
    assert invoice_date is not None and amount is not None
    code, name, salesperson, terms, invoice_no, line_no, product = texts
    return ParsedLine(
        invoice_date,
        code,
        name,
        salesperson,
        amount,
        margin,
        terms,
        invoice_no,
        line_no,
        product,
        quantity,
        currency,
    )
