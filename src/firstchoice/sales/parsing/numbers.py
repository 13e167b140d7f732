"""Amounts and quantities from cells: signs, currency marks, grouping, decimal commas."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from firstchoice.sales.parsing.cells import FULLWIDTH

_Decimal = Decimal
_CENT = Decimal("0.01")
_ZERO_AMOUNT = Decimal("0.00")
_TEN_THOUSANDTH = Decimal("0.0001")
_ZERO_QUANTITY = Decimal("0.0000")
_AMOUNT_LIMIT = Decimal(10) ** 16  # 18 digits with two places
_QUANTITY_LIMIT = Decimal(10) ** 14  # 18 digits with four places
_CURRENCY_MARK = r"(?:US\$|HK\$|[$¥￥€£元]|人民币|RMB|CNY|USD|EUR|GBP|HKD|JPY|CHF)"
_PREFIX_MARK = re.compile(rf"{_CURRENCY_MARK}\s*", re.IGNORECASE)
_SUFFIX_MARK = re.compile(rf"\s*{_CURRENCY_MARK}$", re.IGNORECASE)
_NUMBER_BODY = re.compile(r"[0-9][0-9.,' ]*")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:[,.' ][0-9]{3})+")  # not 0,123: that is a fraction


def _unsigned_text_number(body: str) -> str:
    """'1.234,56' → '1234.56'. Raises ValueError when the separators make no sense."""
    if not _NUMBER_BODY.fullmatch(body) or not body[-1].isdigit():
        raise ValueError("not a number")
    dots, commas = body.count("."), body.count(",")
    spaced = " " in body or "'" in body
    if dots and commas:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
    elif dots + commas == 0:
        decimal_sep = ""
    else:
        sep = "." if dots else ","
        count = dots or commas
        if count > 1:
            decimal_sep = ""  # 1,234,567 or 1.234.567: thousands only
        elif spaced or sep == ".":
            decimal_sep = sep  # 1 234,56 / 12.5
        else:  # a single comma: 1,234 is thousands; 12,5 or 1234,56 a decimal comma
            decimal_sep = "" if _GROUPED.fullmatch(body) else ","
    if decimal_sep:
        if body.count(decimal_sep) > 1:
            raise ValueError("not a number")
        whole, fraction = body.split(decimal_sep)
    else:
        whole, fraction = body, ""
    if not whole.isdigit():  # separators inside: they must group by three
        if not _GROUPED.fullmatch(whole) or len({c for c in whole if not c.isdigit()}) > 1:
            raise ValueError("not a number (misplaced thousands separator)")
        whole = re.sub(r"[,.' ]", "", whole)
    if fraction and not fraction.isdigit():
        raise ValueError("not a number")
    return f"{whole}.{fraction}" if fraction else whole


def _text_number(s: str) -> Decimal:
    """The slow path for numbers written for people: signs, currency, grouping, commas."""
    text = s.translate(FULLWIDTH).strip()
    if not text:
        raise ValueError("empty")
    negatives = 0
    while True:  # peel parentheses, signs and currency marks from both ends
        before = text
        if text.startswith("(") and text.endswith(")"):
            negatives += 1
            text = text[1:-1].strip()
        if text and text[0] in "+-":
            negatives += text[0] == "-"
            text = text[1:].lstrip()
        if text.endswith("-"):  # SAP writes credits as 1,234.56-
            negatives += 1
            text = text[:-1].rstrip()
        m = _PREFIX_MARK.match(text)
        if m:
            text = text[m.end() :]
        m = _SUFFIX_MARK.search(text)
        if m:
            text = text[: m.start()]
        if text == before or not text:
            break
    if negatives > 1 or not text:
        raise ValueError("not a number")
    number = Decimal(_unsigned_text_number(text))
    return -number if negatives else number


def _to_places(
    number: Decimal, quantum: Decimal, limit: Decimal, value: object, places: str
) -> Decimal:
    if not number.is_finite():
        raise ValueError("not a number")
    if abs(number) >= limit:
        raise ValueError("too large")
    fixed = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if fixed != number:
        if isinstance(value, float):  # float noise such as 12.340000000000001
            shown = Decimal(format(value, ".15g"))  # what a spreadsheet shows: 15 digits
            fixed = shown.quantize(quantum, rounding=ROUND_HALF_UP)
            if fixed == shown:
                return fixed if fixed else fixed.copy_abs()
        raise ValueError(f"more than {places} decimal places")
    return fixed if fixed else fixed.copy_abs()  # no "-0.00"


def _decimal(value: object, quantum: Decimal, limit: Decimal, places: str) -> Decimal:
    if type(value) is str:
        try:
            number = Decimal(value)  # fast path: 1234.56 (Decimal also takes 1e5, 1_000, NaN)
        except InvalidOperation:
            number = _text_number(value)
        else:
            if "e" in value or "E" in value:
                raise ValueError("not a number (write it without an exponent)")
            if "_" in value:
                raise ValueError("not a number")
    elif isinstance(value, bool):
        raise ValueError("not a number")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a number")
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif value is None:
        raise ValueError("empty")
    else:
        raise ValueError("not a number")
    try:
        return _to_places(number, quantum, limit, value, places)
    except InvalidOperation:
        raise ValueError("too large") from None


def parse_amount(value: object) -> Decimal:
    """An amount of money with exactly two places. Raises ValueError with the reason."""
    # Fast path: "1234.56", at most 16 digits before the point (so below the limit).
    if type(value) is str and 3 < len(value) <= 19 and value[-3] == "." and "0" <= value[-1] <= "9":
        try:
            number = _Decimal(value)
        except InvalidOperation:
            pass
        else:
            if "_" not in value:
                return number if number else _ZERO_AMOUNT
    return _decimal(value, _CENT, _AMOUNT_LIMIT, "two")


def parse_quantity(value: object) -> Decimal | None:
    """A quantity with four places, or None when the cell is empty."""
    if type(value) is str:
        # Fast path: "12", "17.00"; at most 14 characters, so below the limit.
        if 0 < len(value) <= 14 and "0" <= value[-1] <= "9":
            try:
                number = _Decimal(value)
            except InvalidOperation:
                pass
            else:
                if "e" not in value and "E" not in value and "_" not in value:
                    fixed = number.quantize(_TEN_THOUSANDTH)
                    if fixed == number:
                        return fixed if fixed else _ZERO_QUANTITY
        if not value.strip():
            return None
    elif value is None:
        return None
    return _decimal(value, _TEN_THOUSANDTH, _QUANTITY_LIMIT, "four")
