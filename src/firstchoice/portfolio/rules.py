"""Pure rules of the 5+5+5 portfolio (M1) and of the top-customer audit (M8); the tier
suggestions have their own (`suggestion_rules`). No Django imports: unit-tested without a
database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
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


# --- The top-customer audit (M8) ------------------------------------------------------------

REVENUE, MARGIN, POTENTIAL = "revenue", "margin", "potential"
CRITERIA = (REVENUE, MARGIN, POTENTIAL)
# Not a failure: the ERP gave no margin for the customer's lines, so the margin criterion
# cannot be judged. Counted on its own, never as a pass or a fail.
MARGIN_UNKNOWN = "margin_unknown"
# Neither the invoice lines nor the customer master give payment terms: not counted as COD,
# and counted on their own.
TERMS_UNKNOWN = "terms_unknown"
# An imported legacy list ("our top 20") may carry no tier: such entries are listed, not tiered.
UNTIERED = "U"


def top_revenue_threshold(revenues: Iterable[Decimal], percent: int) -> Decimal | None:
    """The annual revenue a customer needs to be among the top `percent` % of customers.

    The population is every customer that bought in the window (revenue > 0): a customer
    master full of dormant accounts must not lower the bar. None when nobody bought.
    """
    ranked = sorted((r for r in revenues if r > 0), reverse=True)
    if not ranked:
        return None
    return ranked[max(1, -(-len(ranked) * percent // 100)) - 1]


@dataclass(frozen=True)
class AuditFacts:
    """What the audit knows of one listed customer."""

    tier: str
    revenue: Decimal  # trailing 12 months; negative when credit notes outweigh invoices
    margin: Decimal | None  # None: no line gives a margin (unknown)
    potential: Decimal | None  # latest target potential; None = never estimated
    cod: bool
    # The revenue of the lines whose margin is known (None: all of it): the margin % base.
    margin_base: Decimal | None = None


def margin_unknown(facts: AuditFacts) -> bool:
    """The margin criterion cannot be judged: revenue, but no margin known for it."""
    return facts.tier != "C" and facts.revenue > 0 and facts.margin is None


@dataclass(frozen=True)
class AuditThresholds:
    top_revenue: Decimal | None
    min_margin_percent: Decimal
    min_potential: Decimal


def failing_criteria(facts: AuditFacts, thresholds: AuditThresholds) -> frozenset[str]:
    """The top-customer criteria (M8) a listed customer fails, each named separately.

    - revenue: below the top-N% threshold (no one bought at all: everyone fails);
    - margin: margin % below the company minimum, or no positive revenue to earn one on
      (a margin the ERP does not give is not judged: see `margin_unknown`);
    - potential: target potential unknown, zero, or below the company minimum.
    Tier C accounts are, by the method's definition, ones we do not sell to yet: they are
    judged on potential alone, so the audit does not punish prospecting.
    """
    reasons: set[str] = set()
    if facts.tier != "C":
        top = thresholds.top_revenue
        if top is None or facts.revenue < top:
            reasons.add(REVENUE)
        base = facts.revenue if facts.margin_base is None else facts.margin_base
        if facts.revenue <= 0 or (
            facts.margin is not None
            and (base <= 0 or facts.margin * 100 < thresholds.min_margin_percent * base)
        ):
            reasons.add(MARGIN)
    potential = facts.potential
    if potential is None or potential <= 0 or potential < thresholds.min_potential:
        reasons.add(POTENTIAL)
    return frozenset(reasons)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction with four places; None for an empty whole."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


@dataclass
class Tally:
    """Counts of one audited list (or of many added up)."""

    listed: int = 0
    cod: int = 0
    failing: int = 0
    by_reason: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERIA, 0))
    margin_unknown: int = 0
    terms_unknown: int = 0

    def add(
        self,
        cod: bool,
        reasons: frozenset[str],
        *,
        margin_unknown: bool = False,
        terms_unknown: bool = False,
    ) -> None:
        self.listed += 1
        self.cod += cod
        self.failing += bool(reasons)
        self.margin_unknown += margin_unknown
        self.terms_unknown += terms_unknown
        for reason in reasons:
            self.by_reason[reason] += 1

    def merge(self, other: Tally) -> None:
        self.listed += other.listed
        self.cod += other.cod
        self.failing += other.failing
        self.margin_unknown += other.margin_unknown
        self.terms_unknown += other.terms_unknown
        for reason, count in other.by_reason.items():
            self.by_reason[reason] += count

    @property
    def cod_share(self) -> Decimal | None:
        return share(self.cod, self.listed)

    @property
    def failing_share(self) -> Decimal | None:
        return share(self.failing, self.listed)


def list_shape(tiers: Iterable[str], capacities: Mapping[str, int]) -> dict[str, int] | None:
    """Counts per tier (and untiered) when a list breaks the configured shape, else None."""
    counts = dict.fromkeys((*TIERS, UNTIERED), 0)
    for tier in tiers:
        counts[tier] = counts.get(tier, 0) + 1
    broken = counts[UNTIERED] > 0 or bool(shape_warnings(counts, capacities))
    return counts if broken else None
