"""Pure rules of coaching (M10): scores, gaps, trait averages, periods, roles.

No Django import: tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SCORE_MIN, SCORE_MAX = 1, 5
SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))

SELF, COACH = "self", "coach"
ROLES = (SELF, COACH)

# A gap this large (in either direction) is worth a conversation.
NOTABLE_GAP = Decimal(1)

_ONE_PLACE = Decimal("0.1")


def is_score(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in SCORES


def gap(self_score: int | None, coach_score: int | None) -> int | None:
    """Coach minus self: positive when the coach sees more than the salesperson does.

    Unknown is not zero: without both ratings there is no gap.
    """
    if self_score is None or coach_score is None:
        return None
    return coach_score - self_score


def average(scores: Iterable[int | None]) -> Decimal | None:
    """The mean of the given scores to one decimal place, ignoring behaviours not rated."""
    rated = [s for s in scores if s is not None]
    if not rated:
        return None
    mean = Decimal(sum(rated)) / Decimal(len(rated))
    return mean.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TraitScore:
    trait: int
    self_score: Decimal | None
    coach_score: Decimal | None
    rated_by_self: int
    rated_by_coach: int
    behaviours: int
    # The mean of the behaviours' own gaps, over those both sides rated: comparing the two
    # averages would mislead while the coach has rated only some behaviours.
    gap: Decimal | None = None

    @property
    def notable_gap(self) -> bool:
        return self.gap is not None and abs(self.gap) >= NOTABLE_GAP

    @property
    def best(self) -> Decimal | None:
        """The coach's view once given, else the salesperson's own (for trends and heatmaps)."""
        return self.coach_score if self.coach_score is not None else self.self_score


def trait_scores(
    ratings: Iterable[tuple[int, int | None, int | None]],
) -> dict[int, TraitScore]:
    """(trait, self score, coach score) per rated behaviour → a TraitScore per trait."""
    by_trait: dict[int, list[tuple[int | None, int | None]]] = {}
    for trait, self_score, coach_score in ratings:
        by_trait.setdefault(trait, []).append((self_score, coach_score))
    return {
        trait: TraitScore(
            trait=trait,
            self_score=average(s for s, _c in rows),
            coach_score=average(c for _s, c in rows),
            rated_by_self=sum(1 for s, _c in rows if s is not None),
            rated_by_coach=sum(1 for _s, c in rows if c is not None),
            behaviours=len(rows),
            gap=average(c - s for s, c in rows if s is not None and c is not None),
        )
        for trait, rows in sorted(by_trait.items())
    }


def missing_ratings(scores: Iterable[int | None]) -> int:
    return sum(1 for s in scores if s is None)


def role(*, is_salesperson: bool, is_coach: bool) -> str | None:
    """Which side of the assessment a user writes: their own, or as the coach.

    A manager who is also assessed (their own Salesperson profile) writes the self side of
    their own assessment only; the coach side belongs to the manager of their team.
    """
    if is_salesperson:
        return SELF
    if is_coach:
        return COACH
    return None


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


def quarter_of(day: dt.date) -> Period:
    """The calendar quarter containing `day` (the default assessment period)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    following = (
        dt.date(day.year + 1, 1, 1) if first_month == 10 else dt.date(day.year, first_month + 3, 1)
    )
    return Period(start, following - dt.timedelta(days=1))


def previous_quarter(period: Period) -> Period:
    return quarter_of(period.start - dt.timedelta(days=1))


def period_label(start: dt.date, end: dt.date) -> str:
    """'2026 Q3' for a calendar quarter, '2026-07' for a month, else the date range."""
    if quarter_of(start) == Period(start, end):
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    next_month = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if start.day == 1 and end == next_month - dt.timedelta(days=1):
        return f"{start:%Y-%m}"
    return f"{start.isoformat()} – {end.isoformat()}"


def heat(score: Decimal | None) -> str:
    """A band for the team heatmap: where to coach first."""
    if score is None:
        return "none"
    if score < Decimal("2.5"):
        return "low"
    if score < Decimal("3.5"):
        return "mid"
    return "high"


def weakest_traits(scores: Mapping[int, TraitScore], count: int = 2) -> list[int]:
    """Traits to coach first: the lowest scores (coach's view, else self), ties by number."""
    known = [(s.best, t) for t, s in scores.items() if s.best is not None]
    return [t for _score, t in sorted(known)[:count]]
