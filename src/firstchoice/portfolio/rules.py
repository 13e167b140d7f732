"""Pure rules of the 5+5+5 portfolio (M1). No Django imports: unit-tested without a database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from firstchoice.customers.rules import headroom, wallet_share
from firstchoice.lib.money import ZERO
from firstchoice.sales.rules import Figures, yoy_growth

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


# --- Tier suggestions from sales data (M1, M3, M9) ----------------------------------------

SUGGESTIONS_PER_TIER = 10
TOP_SEGMENTS = 3
# Below this year-over-year growth a large account is not growing by itself: worth a plan.
WEAK_GROWTH = Decimal("10.0")


@dataclass(frozen=True)
class Candidate(Generic[K]):
    """What the rules need to know about one customer of a salesperson, as of a date.

    current / previous: the trailing 12 months and the 12 months before; earlier: the 12
    months before those. percentile and top_share place `current.amount` among all the
    company's customers with sales (None when it has none). potential: the target
    potential (M3), None while nobody has recorded one.
    """

    key: K
    current: Figures
    previous: Figures = field(default_factory=Figures)
    earlier: Figures = field(default_factory=Figures)
    percentile: Decimal | None = None
    top_share: Decimal | None = None
    cod: bool = False
    segment: str = ""
    payment_terms: str = ""
    in_portfolio: bool = False
    active: bool = True
    owned: bool = True  # False: nobody owns the customer yet
    potential: Decimal | None = None

    @property
    def sold_last_36_months(self) -> bool:
        return any(f.has_business for f in (self.current, self.previous, self.earlier))

    @property
    def lapsed(self) -> bool:
        """No business in the last 12 months, but some in the 24 months before."""
        return not self.current.has_business and (
            self.previous.has_business or self.earlier.has_business
        )

    @property
    def growth(self) -> Decimal | None:
        return yoy_growth(self.current.amount, self.previous.amount)

    @property
    def headroom(self) -> Decimal | None:
        return headroom(self.current.amount, self.potential)


@dataclass(frozen=True)
class Fact:
    """One short fact behind a suggestion; the caller words it in the user's language.

    kind: sales, margin, growth, new, terms, potential_unknown, headroom, above_median,
    lapsed, no_sales, segment, unowned. Amounts are Decimal, shares are percent.
    """

    kind: str
    amount: Decimal | None = None
    share: Decimal | None = None
    text: str = ""


@dataclass(frozen=True)
class Suggestion(Generic[K]):
    key: K
    tier: str
    score: Decimal  # orders suggestions within a tier: the larger, the more at stake
    reasons: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class SuggestionContext:
    """Figures of the whole company and of the salesperson's own customers."""

    threshold: Decimal | None  # smallest T12M in the company's top 10%
    own_median: Decimal | None  # median T12M of the salesperson's customers with sales
    top_segments: tuple[str, ...] = ()


def top_segments(
    amounts: Iterable[tuple[str, Decimal]], count: int = TOP_SEGMENTS
) -> tuple[str, ...]:
    """The `count` segments with the most T12M sales (segments with sales only)."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for segment, amount in amounts:
        if segment:
            totals[segment] += amount
    ranked = sorted((s for s, a in totals.items() if a > 0), key=lambda s: (-totals[s], s))
    return tuple(ranked[:count])


# "Top 70% of customers" says nothing useful: below the top half, the amount speaks alone.
TOP_SHARE_SHOWN = Decimal("50")


def _sales_facts(c: Candidate[K]) -> list[Fact]:
    share = c.top_share if c.top_share is not None and c.top_share <= TOP_SHARE_SHOWN else None
    facts = [Fact("sales", amount=c.current.amount, share=share)]
    growth = c.growth
    if growth is not None:
        facts.append(Fact("growth", share=growth))
    elif c.current.has_business:
        facts.append(Fact("new"))
    if c.current.margin_pct is not None:
        facts.append(Fact("margin", share=c.current.margin_pct))
    return facts


def _potential_facts(c: Candidate[K]) -> list[Fact]:
    room = c.headroom
    if room is None:
        return [Fact("potential_unknown")]
    return [Fact("headroom", amount=room, share=wallet_share(c.current.amount, c.potential))]


def _terms(c: Candidate[K]) -> list[Fact]:
    facts = [Fact("terms", text=c.payment_terms)] if c.payment_terms else []
    if not c.owned:
        facts.append(Fact("unowned"))
    return facts


def _tier_a(c: Candidate[K], ctx: SuggestionContext) -> Suggestion[K] | None:
    if ctx.threshold is None or not c.current.has_business or c.current.amount < ctx.threshold:
        return None
    growth = c.growth
    weak = growth is None or growth < WEAK_GROWTH
    room = c.headroom
    if not (weak or room is None or room > 0):
        return None  # growing fast and already at its known potential
    return Suggestion(
        c.key, "A", c.current.amount, [*_sales_facts(c), *_potential_facts(c), *_terms(c)]
    )


def _tier_b(c: Candidate[K], ctx: SuggestionContext) -> Suggestion[K] | None:
    if not c.current.has_business or ctx.own_median is None:
        return None
    if ctx.threshold is not None and c.current.amount >= ctx.threshold:
        return None
    if c.current.amount <= ctx.own_median:
        return None
    room = c.headroom
    if room is not None and room <= 0:
        return None  # already buys its whole known potential from us
    reasons = [
        *_sales_facts(c),
        Fact("above_median", amount=ctx.own_median),
        *_potential_facts(c),
        *_terms(c),
    ]
    return Suggestion(c.key, "B", c.current.amount, reasons)


def _tier_c(c: Candidate[K], ctx: SuggestionContext) -> Suggestion[K] | None:
    if c.current.has_business:
        return None
    fits = bool(c.segment) and c.segment in ctx.top_segments
    if not (c.lapsed or fits):
        return None
    before = c.previous.amount + c.earlier.amount
    reasons = [Fact("lapsed", amount=before)] if c.lapsed else [Fact("no_sales")]
    if fits:
        reasons.append(Fact("segment", text=c.segment))
    reasons += [*_potential_facts(c), *_terms(c)]
    return Suggestion(c.key, "C", max(before, ZERO), reasons)


def suggest_tiers(
    candidates: Iterable[Candidate[K]],
    context: SuggestionContext,
    *,
    limit: int = SUGGESTIONS_PER_TIER,
) -> dict[str, list[Suggestion[K]]]:
    """Which customers fit tier A, B or C, best first, at most `limit` per tier.

    A — large business: in the company's top 10% by T12M, and growth weak (< 10%) or the
        potential unknown or headroom left.
    B — some business: T12M > 0, below the top 10% but above the median of the
        salesperson's own customers.
    C — no business in the last 12 months, but lapsed (bought in the 24 months before) or in
        one of the salesperson's top-3 segments.
    Never suggested: accounts already in the portfolio, inactive or blocked customers, and
    customers on cash-on-delivery terms (M8: they fail the top-customer test).
    Ties keep the order of `candidates`.
    """
    tiers: dict[str, list[Suggestion[K]]] = {tier: [] for tier in TIERS}
    for c in candidates:
        if c.in_portfolio or not c.active or c.cod:
            continue
        found = _tier_a(c, context) or _tier_b(c, context) or _tier_c(c, context)
        if found is not None:
            tiers[found.tier].append(found)
    return {tier: sorted(found, key=lambda s: -s.score)[:limit] for tier, found in tiers.items()}


# --- The top-customer audit (M8) ------------------------------------------------------------

REVENUE, MARGIN, POTENTIAL = "revenue", "margin", "potential"
CRITERIA = (REVENUE, MARGIN, POTENTIAL)
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
    margin: Decimal
    potential: Decimal | None  # latest target potential; None = never estimated
    cod: bool


@dataclass(frozen=True)
class AuditThresholds:
    top_revenue: Decimal | None
    min_margin_percent: Decimal
    min_potential: Decimal


def failing_criteria(facts: AuditFacts, thresholds: AuditThresholds) -> frozenset[str]:
    """The top-customer criteria (M8) a listed customer fails, each named separately.

    - revenue: below the top-N% threshold (no one bought at all: everyone fails);
    - margin: margin % below the company minimum, or no positive revenue to earn one on;
    - potential: target potential unknown, zero, or below the company minimum.
    Tier C accounts are, by the method's definition, ones we do not sell to yet: they are
    judged on potential alone, so the audit does not punish prospecting.
    """
    reasons: set[str] = set()
    if facts.tier != "C":
        top = thresholds.top_revenue
        if top is None or facts.revenue < top:
            reasons.add(REVENUE)
        if facts.revenue <= 0 or facts.margin * 100 < thresholds.min_margin_percent * facts.revenue:
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

    def add(self, cod: bool, reasons: frozenset[str]) -> None:
        self.listed += 1
        self.cod += cod
        self.failing += bool(reasons)
        for reason in reasons:
            self.by_reason[reason] += 1

    def merge(self, other: Tally) -> None:
        self.listed += other.listed
        self.cod += other.cod
        self.failing += other.failing
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
