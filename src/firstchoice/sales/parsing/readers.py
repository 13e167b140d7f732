"""Opening an ERP export: spreadsheet or CSV, told apart by suffix or magic bytes."""

from __future__ import annotations

import os
from pathlib import Path

from firstchoice.sales.parsing.csv_reader import open_csv
from firstchoice.sales.parsing.table import Table
from firstchoice.sales.parsing.xlsx_reader import open_spreadsheet

_SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def open_table(
    path: str | os.PathLike[str], *, sheet: str | None = None, encoding: str | None = None
) -> Table:
    """Open an ERP export: a spreadsheet (first sheet unless `sheet`) or a CSV file
    (`encoding` None: detected).

    Raises ValueError for an unknown sheet, an encoding that is unknown, ambiguous or
    wrong, or a header past a sane size.
    """
    path = Path(path)
    with open(path, "rb") as probe:
        magic = probe.read(8)
    if path.suffix.lower() in _SPREADSHEET_SUFFIXES or magic.startswith(_SPREADSHEET_MAGIC):
        return open_spreadsheet(path, sheet)
    return open_csv(path, encoding)
