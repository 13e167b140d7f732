"""Calendar helpers that know no model."""

from __future__ import annotations

import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = last_day_of_month(year, month)
    return dt.date(year, month, min(day.day, last))


def last_day_of_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_in_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from `first`'s month through `last`'s month, inclusive."""
    months = []
    current = month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def trailing_twelve_months(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Inclusive window of the twelve months that end on `as_of`."""
    return add_months(as_of, -12) + dt.timedelta(days=1), as_of
