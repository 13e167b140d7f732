"""The review month in URLs: YYYY-MM, as the first day of the month."""

from __future__ import annotations

import datetime as dt


class MonthConverter:
    """2026-03 ↔ date(2026, 3, 1); anything else (2026-13, 26-03) is not a page (404)."""

    regex = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])"

    def to_python(self, value: str) -> dt.date:
        return dt.date(int(value[:4]), int(value[5:7]), 1)

    def to_url(self, value: dt.date | str) -> str:
        if isinstance(value, str):
            return value
        return f"{value.year:04d}-{value.month:02d}"
