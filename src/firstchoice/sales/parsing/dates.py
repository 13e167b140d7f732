"""Dates from cells: ISO, Chinese, compact, dotted, slashed and spreadsheet serials."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal

from firstchoice.sales.parsing.cells import FULLWIDTH

# An optional time of day after the date, ignored: " 00:00:00", "T10:30", " 9:05 PM", "Z"…
_TIME = (
    r"(?:[T ]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
    r"\s*(?:[AaPp]\.?[Mm]\.?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_YMD = re.compile(rf"([0-9]{{4}})([-/.])([0-9]{{1,2}})\2([0-9]{{1,2}}){_TIME}")
_YMD_CN = re.compile(rf"([0-9]{{4}})\s*年\s*([0-9]{{1,2}})\s*月\s*([0-9]{{1,2}})\s*[日号]?{_TIME}")
_YMD_COMPACT = re.compile(rf"([0-9]{{4}})([0-9]{{2}})([0-9]{{2}}){_TIME}")
_DMY_DOTTED = re.compile(rf"([0-9]{{1,2}})\.([0-9]{{1,2}})\.([0-9]{{4}}){_TIME}")
_XY_SLASHED = re.compile(rf"([0-9]{{1,2}})([/-])([0-9]{{1,2}})\2([0-9]{{4}}){_TIME}")

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_FIRST = 61  # 1900-03-01: serials below it are skewed by Excel's 1900 leap-year bug
_EXCEL_LAST = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days
_fromisoformat = dt.date.fromisoformat


def _make_date(year: int, month: int, day: int, text: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"no such date: {text}") from None


def parse_date(value: object, *, day_first: bool | None = None) -> dt.date:
    """A date from a cell. Raises ValueError with the reason.

    `day_first` decides slash (or dash) dates like 03/04/2026; None: only unambiguous ones.
    """
    if type(value) is str:
        # Fast path: 2026-01-31, optionally followed by 00:00:00.
        n = len(value)
        if n == 10 and value[4] == "-" and value[7] == "-":
            try:
                return _fromisoformat(value)
            except ValueError:
                pass
        elif n == 19 and value[4] == "-" and value[7] == "-" and value[13] == ":" == value[16]:
            try:
                return _fromisoformat(value[:10])
            except ValueError:
                pass
        return _parse_date_text(value.strip(), day_first)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("not a date")
    return _date_from_number(value)


def _date_from_number(value: int | float | Decimal) -> dt.date:
    if not (math.isfinite(value) if isinstance(value, float) else Decimal(value).is_finite()):
        raise ValueError("not a date")
    whole = int(value)
    if whole == value and 1000_01_01 <= whole <= 9999_12_31:  # 20260131 typed as a number
        return _make_date(whole // 10000, whole // 100 % 100, whole % 100, whole)
    if not _EXCEL_FIRST <= whole <= _EXCEL_LAST:
        raise ValueError("not a date (number out of the range of spreadsheet dates)")
    return _EXCEL_EPOCH + dt.timedelta(days=whole)


def _parse_date_text(s: str, day_first: bool | None) -> dt.date:
    if not s:
        raise ValueError("empty")
    text = s.translate(FULLWIDTH)
    for pattern in (_YMD, _YMD_CN):
        m = pattern.fullmatch(text)
        if m:
            groups = m.groups()
            return _make_date(int(groups[0]), int(groups[-2]), int(groups[-1]), s)
    m = _YMD_COMPACT.fullmatch(text)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), s)
    m = _DMY_DOTTED.fullmatch(text)
    if m:  # 31.01.2026: the dotted form is day-first wherever it is used
        return _make_date(int(m[3]), int(m[2]), int(m[1]), s)
    m = _XY_SLASHED.fullmatch(text)
    if m:
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if day_first is None:
            if first > 12 or first == second:
                day_first = True
            elif second > 12:
                day_first = False
            else:
                raise ValueError(
                    f"ambiguous date {s!r} (day or month first?); give --day-first or --month-first"
                )
        if day_first:
            return _make_date(year, second, first, s)
        return _make_date(year, first, second, s)
    raise ValueError("not a date (expected e.g. 2026-01-31)")


def detect_day_first(samples: Iterable[object]) -> bool | None:
    """Whether slash dates like 31/01/2026 put the day first, judged from sample cells.

    True once a first part exceeds 12, False once a second part does; None if no sample
    decides (or the samples contradict each other).
    """
    verdict: bool | None = None
    for value in samples:
        if not isinstance(value, str):
            continue
        m = _XY_SLASHED.fullmatch(value.strip().translate(FULLWIDTH))
        if not m:
            continue
        first, second = int(m[1]), int(m[3])
        this = True if first > 12 else False if second > 12 else None
        if this is None:
            continue
        if verdict is not None and verdict != this:
            return None
        verdict = this
    return verdict
