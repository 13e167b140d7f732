"""Every write to a portfolio (M1). Views, the API, the CLI and imports all call these.

Callers obtain `salesperson` and `customer` through the permission-scoped lookups in
`teams.queries` / `portfolio.scoping`; these functions enforce the method's rules
(capacity, one entry per customer, a reason for every change) and record the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.portfolio import reasons, rules
from firstchoice.portfolio.lists import ListFile, ListRow, check_fits, new_rows
from firstchoice.portfolio.models import (
    IgnoredSuggestion,
    Portfolio,
    PortfolioEntry,
    RemovalReason,
    TierChange,
)
from firstchoice.teams.models import CompanySettings, Salesperson, User


@dataclass
class EntryResult:
    entry: PortfolioEntry | None
    change: TierChange
    # Other salespeople who list the same customer this year (a warning, not an error).
    also_listed_by: list[Salesperson] = field(default_factory=list)


def _require_reason(reason: str | None) -> str:
    text = rules.clean_reason(reason)
    if text is None:
        raise ValidationError(
            {
                "reason": _("Give a reason (at least %(n)d characters).")
                % {"n": rules.MIN_REASON_LENGTH}
            }
        )
    return text


def _require_tier(tier: str | None, field_name: str = "tier") -> str:
    if tier not in rules.TIERS:
        raise ValidationError({field_name: _("Choose tier A, B or C.")})
    return tier


def _locked_portfolio(salesperson: Salesperson, year: int) -> Portfolio:
    """The portfolio row, created if needed and locked for the rest of the transaction.

    The lock serialises concurrent changes so two requests cannot both take the last
    slot of a tier (SQLite serialises writers anyway: transactions start IMMEDIATE).
    """
    portfolio, _created = Portfolio.objects.get_or_create(salesperson=salesperson, year=year)
    return Portfolio.objects.select_for_update().get(pk=portfolio.pk)


def _check_room(portfolio: Portfolio, tier: str) -> None:
    capacity = CompanySettings.load().capacities()[tier]
    count = portfolio.entries.filter(tier=tier).count()
    if not rules.has_room(count, capacity):
        raise ValidationError(
            {
                "tier": _(
                    "Tier %(tier)s is full (%(count)d of %(capacity)d). "
                    "Move or remove an account first."
                )
                % {"tier": tier, "count": count, "capacity": capacity}
            }
        )


def _also_listed_by(portfolio: Portfolio, customer: Customer) -> list[Salesperson]:
    return list(
        Salesperson.objects.filter(
            portfolios__year=portfolio.year, portfolios__entries__customer=customer
        )
        .exclude(pk=portfolio.salesperson_id)
        .select_related("user", "team")
    )


@transaction.atomic
def add_entry(
    *,
    actor: User,
    salesperson: Salesperson,
    year: int,
    customer: Customer,
    tier: str,
    reason: str,
    at: datetime | None = None,
    reason_code: str = "",
    reason_params: dict[str, Any] | None = None,
) -> EntryResult:
    """Put `customer` in `tier`. `at` backdates the change (imports of past lists, demo).
    `reason_code` and `reason_params`: the product wrote the reason (`portfolio.reasons`);
    it is then worded in each reader's language."""
    tier = _require_tier(tier)
    reason = _require_reason(reason)
    if reason_code and reason_code not in reasons.CODES:
        raise ValueError(f"unknown reason code {reason_code!r}")
    portfolio = _locked_portfolio(salesperson, year)
    existing = portfolio.entries.filter(customer=customer).first()
    if existing is not None:
        raise ValidationError(
            {
                "customer": _("%(customer)s is already in tier %(tier)s of this portfolio.")
                % {"customer": customer.name, "tier": existing.tier}
            }
        )
    _check_room(portfolio, tier)
    now = at or timezone.now()
    entry = PortfolioEntry.objects.create(
        portfolio=portfolio, customer=customer, tier=tier, since=now
    )
    change = TierChange.objects.create(
        portfolio=portfolio,
        customer=customer,
        kind=TierChange.Kind.ADDED,
        from_tier="",
        to_tier=tier,
        reason=reason,
        reason_code=reason_code,
        reason_params=reason_params or {},
        changed_by=actor,
        changed_at=now,
    )
    return EntryResult(entry, change, _also_listed_by(portfolio, customer))


def _entry_of(portfolio: Portfolio, customer: Customer) -> PortfolioEntry:
    entry = portfolio.entries.filter(customer=customer).first()
    if entry is None:
        raise ValidationError(
            {"customer": _("%(customer)s is not in this portfolio.") % {"customer": customer.name}}
        )
    return entry


@transaction.atomic
def move_entry(
    *,
    actor: User,
    salesperson: Salesperson,
    year: int,
    customer: Customer,
    to_tier: str,
    reason: str,
    at: datetime | None = None,
) -> EntryResult:
    to_tier = _require_tier(to_tier)
    reason = _require_reason(reason)
    portfolio = _locked_portfolio(salesperson, year)
    entry = _entry_of(portfolio, customer)
    if entry.tier == to_tier:
        raise ValidationError(
            {
                "tier": _("%(customer)s is already in tier %(tier)s.")
                % {"customer": customer.name, "tier": to_tier}
            }
        )
    _check_room(portfolio, to_tier)
    now = at or timezone.now()
    from_tier = entry.tier
    entry.tier = to_tier
    entry.since = now
    entry.save(update_fields=["tier", "since"])
    change = TierChange.objects.create(
        portfolio=portfolio,
        customer=customer,
        kind=TierChange.Kind.MOVED,
        from_tier=from_tier,
        to_tier=to_tier,
        reason=reason,
        changed_by=actor,
        changed_at=now,
    )
    return EntryResult(entry, change)


@transaction.atomic
def remove_entry(
    *,
    actor: User,
    salesperson: Salesperson,
    year: int,
    customer: Customer,
    reason: str,
    removal_reason: str = "",
    at: datetime | None = None,
) -> EntryResult:
    """Take an account off the list. `removal_reason` (a RemovalReason) decides whether tier
    suggestions may propose it again within 90 days (only "made room" does)."""
    reason = _require_reason(reason)
    if removal_reason and removal_reason not in RemovalReason.values:
        raise ValidationError({"removal_reason": _("Choose one of the listed reasons.")})
    portfolio = _locked_portfolio(salesperson, year)
    entry = _entry_of(portfolio, customer)
    change = TierChange.objects.create(
        portfolio=portfolio,
        customer=customer,
        kind=TierChange.Kind.REMOVED,
        from_tier=entry.tier,
        to_tier="",
        reason=reason,
        removal_reason=removal_reason,
        changed_by=actor,
        changed_at=at or timezone.now(),
    )
    entry.delete()
    return EntryResult(None, change)


@transaction.atomic
def carry_over(
    *, actor: User, salesperson: Salesperson, from_year: int, to_year: int
) -> list[EntryResult]:
    """Start `to_year` with last year's accounts in the same tiers (each change recorded).

    Only into an empty portfolio: merging two plans silently would hide decisions.
    """
    target = _locked_portfolio(salesperson, to_year)
    if target.entries.exists():
        raise ValidationError(
            {"year": _("The %(year)d portfolio already has accounts.") % {"year": to_year}}
        )
    source = Portfolio.objects.filter(salesperson=salesperson, year=from_year).first()
    entries = (
        # An imported list's untiered accounts stay behind: the new year starts tiered.
        list(
            source.entries.exclude(tier=rules.UNTIERED)
            .select_related("customer")
            .order_by("tier", "since", "id")
        )
        if source
        else []
    )
    if not entries:
        raise ValidationError(
            {"year": _("There is no %(year)d portfolio to carry over.") % {"year": from_year}}
        )
    reason = _("Carried over from %(year)d") % {"year": from_year}
    return [
        add_entry(
            actor=actor,
            salesperson=salesperson,
            year=to_year,
            customer=entry.customer,
            tier=entry.tier,
            reason=reason,
            reason_code=reasons.CARRIED_OVER,
            reason_params={"year": from_year},
        )
        for entry in entries
    ]


@transaction.atomic
def import_lists(
    *, actor: User | None, rows: list[ListRow], source: str, at: datetime | None = None
) -> int:
    """Add validated list rows (see `portfolio.lists.read_lists`) to the portfolios, at once.

    Each new entry is recorded as a tier change like a board edit. The portfolios are locked
    and the rows re-checked inside the transaction, so a board edit made since validation
    cannot be overfilled or duplicated; any conflict rolls the whole import back.
    Returns the number of entries added (rows already listed are skipped).
    """
    when = at or timezone.now()
    portfolios: dict[tuple[int, int], Portfolio] = {}
    for row in rows:
        key = (row.salesperson.pk, row.year)
        if key not in portfolios:
            portfolios[key] = _locked_portfolio(row.salesperson, row.year)
    check = ListFile(rows=rows)
    check_fits(check)
    if check.errors:
        raise ValidationError(check.errors)
    fresh = new_rows(check)
    reason = _("Imported from %(source)s") % {"source": source}
    PortfolioEntry.objects.bulk_create(
        PortfolioEntry(
            portfolio=portfolios[(row.salesperson.pk, row.year)],
            customer=row.customer,
            tier=row.tier,
            since=when,
        )
        for row in fresh
    )
    TierChange.objects.bulk_create(
        TierChange(
            portfolio=portfolios[(row.salesperson.pk, row.year)],
            customer=row.customer,
            kind=TierChange.Kind.ADDED,
            to_tier=row.tier,
            reason=reason,
            reason_code=reasons.IMPORTED,
            reason_params={"source": source},
            changed_by=actor,
            changed_at=when,
        )
        for row in fresh
    )
    return len(fresh)


@transaction.atomic
def ignore_suggestion(*, actor: User, salesperson: Salesperson, customer: Customer) -> None:
    """Stop proposing `customer` to `salesperson` (until `undo_ignore`); doing it twice is
    the same as once."""
    IgnoredSuggestion.objects.get_or_create(
        salesperson=salesperson,
        customer=customer,
        defaults={"ignored_by": actor, "ignored_at": timezone.now()},
    )


@transaction.atomic
def undo_ignore(*, actor: User, salesperson: Salesperson, customer: Customer) -> None:
    """Propose `customer` to `salesperson` again when it fits a tier."""
    IgnoredSuggestion.objects.filter(salesperson=salesperson, customer=customer).delete()
