"""Pure rules of the 5+5+5 portfolio (M1). No Django imports: unit-tested without a database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

TIERS = ("A", "B", "C")
MIN_REASON_LENGTH = 3

K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable)


@dataclass(frozen=True)
class ShapeWarning:
    tier: str
    count: int
    capacity: int

    @property
    def kind(self) -> str:
        return "short" if self.count < self.capacity else "over"


def shape_warnings(counts: Mapping[str, int], capacities: Mapping[str, int]) -> list[ShapeWarning]:
    """Every tier whose size differs from its capacity (the 5+5+5 shape)."""
    return [
        ShapeWarning(tier, counts.get(tier, 0), capacities[tier])
        for tier in TIERS
        if counts.get(tier, 0) != capacities[tier]
    ]


def has_room(count: int, capacity: int) -> bool:
    return count < capacity


def listed_more_than_once(listings: Iterable[tuple[K, V]]) -> dict[V, list[K]]:
    """Customers (V) that appear in more than one salesperson's (K) list, with those lists."""
    by_customer: dict[V, list[K]] = defaultdict(list)
    for owner, customer in listings:
        if owner not in by_customer[customer]:
            by_customer[customer].append(owner)
    return {customer: owners for customer, owners in by_customer.items() if len(owners) > 1}


def clean_reason(reason: str | None) -> str | None:
    """The reason, trimmed, or None when it is too short to explain anything."""
    text = (reason or "").strip()
    return text if len(text) >= MIN_REASON_LENGTH else None


@dataclass(frozen=True)
class Rotation:
    """How a tier turned over during the year.

    planned: accounts put in on the day the portfolio was set up; added: new ones since;
    promoted: won and moved up (C → B/A); dropped: removed or moved down.
    """

    planned: int = 0
    added: int = 0
    promoted: int = 0
    dropped: int = 0

    @property
    def turnover(self) -> int:
        return self.added + self.promoted + self.dropped


def rotation(changes: Iterable[tuple[str, str, str, date]], tier: str = "C") -> Rotation:
    """Summarise (kind, from_tier, to_tier, day) changes for one tier.

    Additions on the first day of the portfolio's history are the plan, later ones are
    rotation. Moving up a tier (C → B or A) is a win; removal or moving down is a drop.
    """
    rows = list(changes)
    if not rows:
        return Rotation()
    setup_day = min(day for _k, _f, _t, day in rows)
    planned = added = promoted = dropped = 0
    for kind, from_tier, to_tier, day in rows:
        if to_tier == tier and from_tier != tier:
            if day == setup_day:
                planned += 1
            else:
                added += 1
        elif from_tier == tier and to_tier != tier:
            if kind == "moved" and to_tier and TIERS.index(to_tier) < TIERS.index(tier):
                promoted += 1
            else:
                dropped += 1
    return Rotation(planned=planned, added=added, promoted=promoted, dropped=dropped)
