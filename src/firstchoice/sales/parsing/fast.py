"""The happy path of an import: a CSV row of plain cells straight to its database row.

ERP exports are mostly uniform: ISO (or one other) date format, amounts like 1234.56, no
currency marks. For such a row, `row_builder` makes the database row in one pass, with
integer cents and no Decimal. Anything else (an empty required cell, a grouped or signed
amount, a cell too long, a spreadsheet's typed cell…) is not judged here: the builder
answers None and the importer takes the full path (`rows.parse_row`), which accepts every
written form and words every error. So a row the builder takes gives exactly the row
parse_row would, and a row it declines loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from firstchoice.sales.parsing.dates import parse_date
from firstchoice.sales.parsing.headers import MAX_LENGTH
from firstchoice.sales.parsing.rows import currency_code

# Exactly what parse_amount reads as itself: up to 16 digits, optionally with 2 places.
_PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,16}(?:\.[0-9]{2})?")
# A quantity parse_quantity keeps as written (up to 4 places, below its limit).
_PLAIN_QUANTITY = re.compile(r"-?[0-9]{1,10}(?:\.[0-9]{1,4})?")
_DATE_CACHE = 100_000  # distinct date cells remembered (a file has a few thousand)

# customer and salesperson: an id, or the code when the database has no such row yet
DbRow = list[Any]
Builder = Callable[[Sequence[object]], DbRow | None]


def row_builder(
    mapping: Mapping[str, int],
    *,
    day_first: bool | None,
    customers: dict[str, int],
    salespeople: dict[str, int],
    new_customers: dict[str, tuple[str, str]],
    new_salespeople: set[str],
    batch_id: int,
) -> Builder:
    """A function from a row's cells to its database row (sales.models.LINE_COLUMNS order), or None.

    Unknown customer and salesperson codes are noted in `new_customers` (code → name and
    first seller, as the file first gives them) and `new_salespeople`, and their code stands
    in the row until the writer has created them.
    """
    get = mapping.get
    i_date, i_code, i_seller, i_amount = (
        mapping["invoice_date"],
        mapping["customer_code"],
        mapping["salesperson"],
        mapping["amount"],
    )
    optional = (
        "customer_name",
        "margin",
        "payment_terms",
        "invoice_no",
        "line_no",
        "product",
        "quantity",
        "currency",
    )
    i_name, i_margin, i_terms, i_invoice, i_line, i_product, i_quantity, i_currency = (
        get(name, -1) for name in optional
    )
    # A row shorter than the mapped columns, or a cell not str (a spreadsheet's): the
    # full path.
    need = max(mapping.values()) + 1
    dates: dict[str, str] = {}
    currencies: dict[str, str] = {"": ""}
    amount_ok = _PLAIN_AMOUNT.fullmatch
    quantity_ok = _PLAIN_QUANTITY.fullmatch
    code_max, name_max, seller_max = (
        MAX_LENGTH["customer_code"],
        MAX_LENGTH["customer_name"],
        MAX_LENGTH["salesperson"],
    )
    terms_max, invoice_max, line_max, product_max = (
        MAX_LENGTH["payment_terms"],
        MAX_LENGTH["invoice_no"],
        MAX_LENGTH["line_no"],
        MAX_LENGTH["product"],
    )

    # The optional text fields: (index, longest allowed); an unmapped one is "".
    texts = (
        (i_name, name_max),
        (i_terms, terms_max),
        (i_invoice, invoice_max),
        (i_line, line_max),
        (i_product, product_max),
    )

    def build(cells: Sequence[Any]) -> DbRow | None:
        if len(cells) < need:
            return None
        raw = cells[i_date]
        day = dates.get(raw)
        if day is None:
            if type(raw) is not str:
                return None
            try:
                day = parse_date(raw, day_first=day_first).isoformat()
            except (ValueError, TypeError, ArithmeticError):
                return None
            if len(dates) < _DATE_CACHE:
                dates[raw] = day
        raw = cells[i_amount]
        if type(raw) is not str or not amount_ok(raw):
            return None
        amount = int(raw.replace(".", "")) if "." in raw else int(raw) * 100
        margin: int | None = None
        if i_margin >= 0:
            raw = cells[i_margin]
            if type(raw) is not str:
                return None
            if amount_ok(raw):
                margin = int(raw.replace(".", "")) if "." in raw else int(raw) * 100
            elif raw.strip():
                return None
        code = cells[i_code]
        seller = cells[i_seller]
        if type(code) is not str or type(seller) is not str:
            return None
        code, seller = code.strip(), seller.strip()
        if not code or not seller or len(code) > code_max or len(seller) > seller_max:
            return None
        if "\x00" in code or "\x00" in seller:
            return None
        values: list[str] = []
        for index, limit in texts:
            if index < 0:
                values.append("")
                continue
            raw = cells[index]
            if type(raw) is not str:
                return None
            raw = raw.strip()
            if len(raw) > limit or "\x00" in raw:
                return None
            values.append(raw)
        name, terms, invoice_no, line_no, product = values
        quantity: str | None = None
        if i_quantity >= 0:
            raw = cells[i_quantity]
            if type(raw) is not str:
                return None
            if raw:
                if not quantity_ok(raw):
                    return None
                quantity = raw
        currency = ""
        if i_currency >= 0:
            raw = cells[i_currency]
            found = currencies.get(raw)
            if found is None:
                if type(raw) is not str:
                    return None
                found = currency_code(raw.strip())
                if found is None:
                    return None  # not a currency: the full path words the error
                currencies[raw] = found
            currency = found
        customer: int | str | None = customers.get(code)
        if customer is None:
            customer = code
            if code not in new_customers:
                new_customers[code] = (name, seller)
        salesperson: int | str | None = salespeople.get(seller)
        if salesperson is None:
            salesperson = seller
            new_salespeople.add(seller)
        return [
            day,
            customer,
            salesperson,
            amount,
            margin,
            terms,
            invoice_no,
            line_no,
            product,
            quantity,
            currency,
            batch_id,
        ]

    return build
