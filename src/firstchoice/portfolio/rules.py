"""Pure rules of the 5+5+5 portfolio (M1). No Django imports: unit-tested without a database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
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
    """How tier C turned over: what came in, what was won (promoted), what was dropped."""

    added: int = 0
    promoted: int = 0
    dropped: int = 0

    @property
    def total(self) -> int:
        return self.added + self.promoted + self.dropped


def rotation(changes: Iterable[tuple[str, str, str]], tier: str = "C") -> Rotation:
    """Summarise (kind, from_tier, to_tier) changes for one tier.

    Moving out of C into A or B is a win (the account now buys); moving out to any lower
    tier or removing it is a drop.
    """
    added = promoted = dropped = 0
    for kind, from_tier, to_tier in changes:
        if to_tier == tier and from_tier != tier:
            added += 1
        elif from_tier == tier and to_tier != tier:
            if kind == "moved" and to_tier and TIERS.index(to_tier) < TIERS.index(tier):
                promoted += 1
            else:
                dropped += 1
    return Rotation(added=added, promoted=promoted, dropped=dropped)
