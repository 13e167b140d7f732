"""Contact history rules (M5, M6, M10 trait 6): when a key person has gone cold, and whether
a follow-up was done on time. Pure functions; no Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

# Days without contact before a person is flagged, by engagement level (1 = champion). The
# company can change them (CompanySettings.contact_days_1 … _5); these are the defaults.
DEFAULT_CONTACT_DAYS: Mapping[int, int] = {1: 30, 2: 45, 3: 60, 4: 90, 5: 120}
# A person whose engagement nobody has judged yet is treated as neutral.
UNJUDGED_LEVEL = 3

OPEN, OVERDUE, ON_TIME, LATE = "open", "overdue", "on_time", "late"


def contact_limit(engagement: int | None, days_by_level: Mapping[int, int]) -> int:
    """How many days this person may go without a contact."""
    level = engagement if engagement in days_by_level else UNJUDGED_LEVEL
    return days_by_level.get(level, DEFAULT_CONTACT_DAYS[UNJUDGED_LEVEL])  # type: ignore[arg-type]


def days_since(last: dt.date | None, today: dt.date) -> int | None:
    return None if last is None else (today - last).days


def is_overdue_for_contact(
    last: dt.date | None,
    engagement: int | None,
    *,
    today: dt.date,
    days_by_level: Mapping[int, int],
) -> bool:
    """Never contacted, or not for longer than the person's level allows."""
    if last is None:
        return True
    return (today - last).days > contact_limit(engagement, days_by_level)


def follow_up_state(due: dt.date | None, done_on: dt.date | None, *, today: dt.date) -> str:
    """A next step's state: done on time, done late, open, or open past its due day.
    A step without a due day is never late."""
    if done_on is not None:
        return LATE if due is not None and done_on > due else ON_TIME
    if due is not None and due < today:
        return OVERDUE
    return OPEN
