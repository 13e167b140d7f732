"""The demo company's 5+5+5 portfolios of last year and this, written through the portfolio
actions like any user's change, with the defects the manager views find: a short tier, a COD
customer in tier A, tier C rotating during the year, a customer on two salespeople's lists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from firstchoice.customers.models import Customer
from firstchoice.demo.sales import first_orders
from firstchoice.portfolio import actions
from firstchoice.sales.queries import trailing_figures
from firstchoice.teams.models import Salesperson, User


def _t12m(customers: list[tuple[Customer, float, int]], as_of: dt.date) -> dict[int, Decimal]:
    figures = trailing_figures([c.pk for c, _s, _l in customers], as_of)
    return {pk: f.amount for pk, f in figures.items()}


def create_portfolios(
    admin: User,
    salespeople: dict[str, Salesperson],
    customers: list[tuple[Customer, float, int]],
    today: dt.date,
) -> int:
    entries = 0
    for year in (today.year - 1, today.year):
        as_of = min(today, dt.date(year, 12, 31))
        sales = _t12m(customers, dt.date(year - 1, 12, 31))
        planning = timezone.make_aware(dt.datetime(year, 1, 6, 9, 30))
        # Prospects nobody owns yet: tier C candidates for reps short of their own.
        unowned = [c for c, _s, _l in customers if c.owner_id is None and sales.get(c.pk, 0) <= 0]
        for person in salespeople.values():
            entries += _one_portfolio(
                admin, person, year, customers, sales, planning, as_of, unowned
            )
    return entries


def _one_portfolio(
    admin: User,
    person: Salesperson,
    year: int,
    customers: list[tuple[Customer, float, int]],
    sales: dict[int, Decimal],
    planning: dt.datetime,
    as_of: dt.date,
    unowned: list[Customer],
) -> int:
    actor = person.user or admin
    owned = [c for c, _s, _l in customers if c.owner_id == person.pk]
    buying = sorted((c for c in owned if sales.get(c.pk, 0) > 0), key=lambda c: -sales[c.pk])
    not_buying = [c for c in owned if sales.get(c.pk, 0) <= 0]
    tier_a = [c for c in buying if not c.is_cod][:5]
    tier_b = [c for c in buying[len(buying) // 3 :] if c not in tier_a and not c.is_cod][:5]
    tier_c = not_buying[:8]
    while len(tier_c) < 7 and unowned:
        tier_c.append(unowned.pop())

    handle = person.code
    if handle == "rep5":  # defect: a cash-on-delivery customer in tier A
        cod = next((c for c in buying if c.is_cod), None)
        if cod is not None:
            tier_a = [*tier_a[:4], cod]
    if handle == "rep3":  # defect: a short tier B
        tier_b = tier_b[:4]

    def add(customer: Customer, tier: str, reason: str, at: dt.datetime) -> None:
        actions.add_entry(
            actor=actor,
            salesperson=person,
            year=year,
            customer=customer,
            tier=tier,
            reason=reason,
            at=at,
        )

    count = 0
    for customer in tier_a:
        add(customer, "A", "Annual planning: large account, below potential", planning)
        count += 1
    for customer in tier_b:
        add(customer, "B", "Annual planning: some business, real potential much higher", planning)
        count += 1
    for customer in tier_c[:5]:
        add(customer, "C", "Annual planning: no business yet, fits our segments", planning)
        count += 1

    if year == as_of.year and handle in ("rep1", "rep2", "rep6", "rep7") and len(tier_c) >= 7:
        # Tier C rotates: one account won and promoted, one dropped, two new ones in.
        won_at = planning + dt.timedelta(days=150)
        if len(tier_b) >= 5:
            actions.remove_entry(
                actor=actor,
                salesperson=person,
                year=year,
                customer=tier_b[-1],
                reason="Potential re-estimated: smaller than thought",
                at=won_at - dt.timedelta(days=1),
            )
        actions.move_entry(
            actor=actor,
            salesperson=person,
            year=year,
            customer=tier_c[0],
            to_tier="B",
            reason="Won: first orders placed after the trial",
            at=won_at,
        )
        first_orders(tier_c[0], person, won_at.date(), as_of)
        add(tier_c[5], "C", "New prospect from the trade show", won_at + dt.timedelta(days=3))
        actions.remove_entry(
            actor=actor,
            salesperson=person,
            year=year,
            customer=tier_c[1],
            reason="Dropped: chose a competitor on a 3-year contract",
            at=won_at + dt.timedelta(days=60),
        )
        add(
            tier_c[6],
            "C",
            "Referred by our coach at a tier A account",
            won_at + dt.timedelta(days=62),
        )
        count += 1
    return count


def link_duplicate(today: dt.date) -> None:
    """Put one of rep2's tier A customers on rep4's list too (the two-lists defect)."""
    rep2 = Salesperson.objects.get(code="rep2")
    rep4 = Salesperson.objects.get(code="rep4")
    entry = rep2.portfolios.get(year=today.year).entries.filter(tier="A").order_by("id").first()
    portfolio = rep4.portfolios.get(year=today.year)
    if entry is None or rep4.user is None:
        return
    # Make room in rep4's tier B so the demo keeps its 5+5+5 shape apart from the duplicate.
    last_b = portfolio.entries.filter(tier="B").order_by("-id").first()
    if last_b is not None:
        actions.remove_entry(
            actor=rep4.user,
            salesperson=rep4,
            year=today.year,
            customer=last_b.customer,
            reason="Handed over to the key-account team",
        )
    actions.add_entry(
        actor=rep4.user,
        salesperson=rep4,
        year=today.year,
        customer=entry.customer,
        tier="B",
        reason="Their new plant is in my territory",
    )
