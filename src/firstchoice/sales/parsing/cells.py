"""Cells as text: trimming, spreadsheet numbers, full-width look-alikes, blank rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

# Full-width forms (common in Chinese input) and other look-alikes, mapped to ASCII.
FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "－": "-",
        "−": "-",
        "／": "/",
        "（": "(",
        "）": ")",
        "＋": "+",
        "：": ":",
        "＄": "$",
        "＇": "'",
        "’": "'",
        "\u3000": " ",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def cell_text(value: object) -> str:
    """A cell as trimmed text; spreadsheet numbers like 1001.0 read as "1001"."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def header_cells(cells: Sequence[object]) -> list[str]:
    header = [cell_text(c).replace("\ufeff", "").strip() for c in cells]
    while header and not header[-1]:
        header.pop()
    return header


def is_blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
