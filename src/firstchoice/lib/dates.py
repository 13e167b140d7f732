"""Calendar helpers that know no model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


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


def merged_ranges(ranges: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Inclusive date ranges joined where they touch or overlap, in order.

    The same days in fewer ranges: a query filtering on several windows' edges reads
    them through the date index (SQLite scans the whole table for four ORed ranges).
    """
    joined: list[tuple[dt.date, dt.date]] = []
    for first, last in sorted(ranges):
        if joined and first <= joined[-1][1] + dt.timedelta(days=1):
            joined[-1] = (joined[-1][0], max(last, joined[-1][1]))
        else:
            joined.append((first, last))
    return joined


def split_by_whole_months(
    first: dt.date, last: dt.date
) -> tuple[list[dt.date], list[tuple[dt.date, dt.date]]]:
    """Split the inclusive range into whole calendar months and the partial edges.

    Monthly roll-ups answer the whole months; only the edges need the raw lines. Returns
    (first days of the whole months, [(from, to), …] inclusive edge ranges).
    """
    if first > last:
        return [], []
    whole_from = first if first.day == 1 else add_months(month_start(first), 1)
    last_is_month_end = last.day == last_day_of_month(last.year, last.month)
    whole_to = last if last_is_month_end else month_start(last) - dt.timedelta(days=1)
    if whole_from > whole_to:  # no whole month inside: the range is its own edge
        return [], [(first, last)]
    edges = []
    if first < whole_from:
        edges.append((first, whole_from - dt.timedelta(days=1)))
    if whole_to < last:
        edges.append((whole_to + dt.timedelta(days=1), last))
    return months_in_range(whole_from, whole_to), edges
