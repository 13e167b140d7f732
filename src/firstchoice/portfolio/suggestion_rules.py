"""Pure rules of tier suggestions from sales data (M1, M3, M9): which customers fit tiers A,
B and C and why. No Django imports: unit-tested without a database."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Generic, TypeVar

from firstchoice.customers.rules import headroom, wallet_share
from firstchoice.lib.money import ZERO
from firstchoice.portfolio.rules import TIERS
from firstchoice.sales.rules import Figures, yoy_growth

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
Amount = TypeVar("Amount", int, Decimal)  # money, or integer cents (the batch's unit)

SUGGESTIONS_PER_TIER = 10
TOP_SEGMENTS = 3
# Below this year-over-year growth a large account is not growing by itself: worth a plan.
WEAK_GROWTH = Decimal("10.0")
# An account taken off a list is not proposed again for this many days…
RECENT_REMOVAL_DAYS = 90
# …unless it was taken off for a reason that says nothing against the account.
REPROPOSABLE = frozenset({"made_room"})


@dataclass(frozen=True)
class Removal:
    """The latest time the account was taken off the salesperson's list."""

    on: dt.date
    reason: str = ""  # a RemovalReason value; "" when none was given


@dataclass(frozen=True)
class HeldBack(Generic[K]):
    """An account that fits a tier but is not proposed, and why: the salesperson ignored
    it ("ignored"), or took it off the list recently ("removed", proposed again on `until`)."""

    key: K
    tier: str
    kind: str
    removal: Removal | None = None
    until: dt.date | None = None


def recently_removed(removal: Removal | None, today: dt.date | None) -> dt.date | None:
    """The day a removed account may be proposed again, while that is still ahead; None when
    it may be proposed now (never removed, long ago, or for a reason that allows it)."""
    if removal is None or today is None or removal.reason in REPROPOSABLE:
        return None
    until = removal.on + dt.timedelta(days=RECENT_REMOVAL_DAYS)
    return until if today < until else None


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
    ignored: bool = False  # the salesperson chose "ignore" for this account
    removal: Removal | None = None  # the latest removal from their list, if any

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
    on: dt.date | None = None


@dataclass(frozen=True, eq=False)
class Suggestion(Generic[K]):
    """One account proposed for a tier. Its `reasons` (the facts behind it) are gathered
    when first read: a whole company's batch proposes 27,000 accounts, a page shows a few.
    Equal when account, tier, score and reasons are."""

    key: K
    tier: str
    score: Decimal  # orders suggestions within a tier: the larger, the more at stake
    candidate: Candidate[K] = field(repr=False)
    context: SuggestionContext = field(repr=False)

    @cached_property
    def reasons(self) -> list[Fact]:
        return _reasons(self.candidate, self.tier, self.context)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Suggestion):
            return NotImplemented
        mine = (self.key, self.tier, self.score, self.reasons)
        return mine == (other.key, other.tier, other.score, other.reasons)

    __hash__ = None  # type: ignore[assignment]  # as before: the reasons are a list


@dataclass(frozen=True)
class SuggestionContext:
    """Figures of the whole company and of the salesperson's own customers."""

    threshold: Decimal | None  # smallest T12M in the company's top 10%
    own_median: Decimal | None  # median T12M of the salesperson's customers with sales
    top_segments: tuple[str, ...] = ()
    today: dt.date | None = None  # for "removed in the last 90 days"


def top_segments(
    amounts: Iterable[tuple[str, Amount]], count: int = TOP_SEGMENTS
) -> tuple[str, ...]:
    """The `count` segments with the most T12M sales (segments with sales only)."""
    totals: dict[str, Amount] = {}
    for segment, amount in amounts:
        if not segment:
            continue
        if segment in totals:
            totals[segment] += amount
        else:
            totals[segment] = amount
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


def fitting_tier(
    current: tuple[Amount, int],
    previous: tuple[Amount, int],
    earlier: tuple[Amount, int],
    segment: str,
    threshold: Amount | None,
    own_median: Amount | None,
    top_segments: tuple[str, ...],
) -> tuple[str, Amount] | None:
    """The tier an account's sales fit, and its score (what orders a tier), or None.

    Each window is (amount, lines); amounts and the bounds in one unit (money, or cents
    for a whole company's batch, which so need not convert 100,000 accounts to Decimal).
    The sales alone decide the tier: A or B may still be refused on the target potential
    (`suggest_and_hold_back`), C never is. A — large business (at or above the top 10%
    threshold); B — some business above the salesperson's median; C — none in the last 12
    months, but lapsed or in one of their top segments. Scores: the T12M for A and B, the
    24 months before for C.
    """
    amount, lines = current
    if lines > 0 and amount > 0:
        if threshold is not None and amount >= threshold:
            return "A", amount
        if own_median is not None and amount > own_median:
            return "B", amount
        return None
    lapsed = (previous[1] > 0 and previous[0] > 0) or (earlier[1] > 0 and earlier[0] > 0)
    if lapsed or (segment and segment in top_segments):
        before = previous[0] + earlier[0]
        return "C", before if before > 0 else before * 0  # credit notes: no score below 0
    return None


def _sales(figures: Figures) -> tuple[Decimal, int]:
    return figures.amount, figures.lines


def _placed(c: Candidate[K], ctx: SuggestionContext) -> str | None:
    """The tier `c` fits, once its target potential is taken into account (M3)."""
    fit = fitting_tier(
        _sales(c.current),
        _sales(c.previous),
        _sales(c.earlier),
        c.segment,
        ctx.threshold,
        ctx.own_median,
        ctx.top_segments,
    )
    if fit is None:
        return None
    tier = fit[0]
    if tier == "C":
        return tier
    room = c.headroom
    if room is None or room > 0:
        return tier
    if tier == "A":
        growth = c.growth
        if growth is None or growth < WEAK_GROWTH:
            return tier  # large and not growing by itself: worth a plan even at its potential
    return None  # already buys its whole known potential from us (A: and grows fast)


def _score(c: Candidate[K], tier: str) -> Decimal:
    if tier == "C":
        return max(c.previous.amount + c.earlier.amount, ZERO)
    return c.current.amount


def _reasons(c: Candidate[K], tier: str, ctx: SuggestionContext) -> list[Fact]:
    """The facts behind suggesting `c` for `tier`, in the order they are told."""
    if tier == "A":
        reasons = [*_sales_facts(c), *_potential_facts(c), *_terms(c)]
    elif tier == "B":
        reasons = [
            *_sales_facts(c),
            Fact("above_median", amount=ctx.own_median),
            *_potential_facts(c),
            *_terms(c),
        ]
    else:
        reasons = (
            [Fact("lapsed", amount=c.previous.amount + c.earlier.amount)]
            if c.lapsed
            else [Fact("no_sales")]
        )
        if c.segment and c.segment in ctx.top_segments:
            reasons.append(Fact("segment", text=c.segment))
        reasons += [*_potential_facts(c), *_terms(c)]
    if (
        c.removal is not None
        and ctx.today is not None
        and c.removal.on + dt.timedelta(days=RECENT_REMOVAL_DAYS) > ctx.today
    ):
        reasons.append(Fact("removed_may_return", text=c.removal.reason, on=c.removal.on))
    return reasons


def _suggestion(c: Candidate[K], tier: str, ctx: SuggestionContext) -> Suggestion[K]:
    return Suggestion(c.key, tier, _score(c, tier), c, ctx)


def shortlist(entries: Iterable[tuple[T, str, Amount, bool]], limit: int) -> list[T]:
    """Which accounts `suggest_and_hold_back` must see to give its full answer.

    `entries`: (account, tier, score, settled) in the candidates' order, from
    `fitting_tier`, for the accounts not excluded (listed, inactive, COD). Settled: the
    rules will surely propose it (no target potential that could refuse it, neither
    ignored nor ever removed). Kept: every unsettled account, and the best `limit` settled
    ones of each tier (ties in order), in the given order; a settled account below those
    cannot be among a tier's best `limit`. So a batch words and converts only these.
    """
    kept: list[tuple[int, T]] = []
    settled: dict[str, list[tuple[Amount, int, T]]] = defaultdict(list)
    for place, (item, tier, score, sure) in enumerate(entries):
        if sure:
            settled[tier].append((-score, place, item))
        else:
            kept.append((place, item))
    for found in settled.values():
        kept += ((place, item) for _score, place, item in heapq.nsmallest(limit, found))
    kept.sort(key=lambda pair: pair[0])
    return [item for _place, item in kept]


def suggest_tiers(
    candidates: Iterable[Candidate[K]],
    context: SuggestionContext,
    *,
    limit: int = SUGGESTIONS_PER_TIER,
) -> dict[str, list[Suggestion[K]]]:
    """Which customers fit tier A, B or C, best first, at most `limit` per tier
    (`suggest_and_hold_back` without the accounts held back)."""
    return suggest_and_hold_back(candidates, context, limit=limit)[0]


def suggest_and_hold_back(
    candidates: Iterable[Candidate[K]],
    context: SuggestionContext,
    *,
    limit: int = SUGGESTIONS_PER_TIER,
) -> tuple[dict[str, list[Suggestion[K]]], list[HeldBack[K]]]:
    """Which customers fit tier A, B or C, best first, at most `limit` per tier; and those
    that fit but are held back, with why.

    A — large business: in the company's top 10% by T12M, and growth weak (< 10%) or the
        potential unknown or headroom left.
    B — some business: T12M > 0, below the top 10% but above the median of the
        salesperson's own customers.
    C — no business in the last 12 months, but lapsed (bought in the 24 months before) or in
        one of the salesperson's top-3 segments.
    Never suggested: accounts already in the portfolio, inactive or blocked customers, and
    customers on cash-on-delivery terms (M8: they fail the top-customer test).
    Held back: accounts the salesperson ignored, and accounts taken off their list in the
    last 90 days, unless the removal's reason allows it (`REPROPOSABLE`: then the suggestion
    says so). Ties keep the order of `candidates`.
    """
    fitting: dict[str, list[tuple[Decimal, int, Candidate[K]]]] = {tier: [] for tier in TIERS}
    held: list[HeldBack[K]] = []
    for place, c in enumerate(candidates):
        if c.in_portfolio or not c.active or c.cod:
            continue
        tier = _placed(c, context)
        if tier is None:
            continue
        if c.ignored:
            held.append(HeldBack(c.key, tier, "ignored", c.removal))
            continue
        until = recently_removed(c.removal, context.today)
        if until is not None:
            held.append(HeldBack(c.key, tier, "removed", c.removal, until))
            continue
        fitting[tier].append((-_score(c, tier), place, c))
    # The facts are gathered for the chosen alone: most accounts that fit are not.
    chosen = {
        tier: [_suggestion(c, tier, context) for _s, _p, c in heapq.nsmallest(limit, found)]
        for tier, found in fitting.items()
    }
    return chosen, held
