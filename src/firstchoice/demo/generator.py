"""A deterministic demo company: 2 teams, 13 users, ~600 customers, 3 years of sales.

Development data only (passwords are `demo`). The same seed and the same `today` give the
same data. Portfolios are written through the portfolio actions, like any user's change,
and carry realistic defects for the manager views to find: a short tier, a COD customer
in tier A, a customer on two salespeople's lists.

The parts, in order: staff, customers, sales, portfolios (modules of those names), then the
research, key people, plans, coaching and reviews built on them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from firstchoice.demo import coaching as demo_coaching
from firstchoice.demo import contacts as demo_contacts
from firstchoice.demo import people as demo_people
from firstchoice.demo import plans as demo_plans
from firstchoice.demo import research
from firstchoice.demo import reviews as demo_reviews
from firstchoice.demo.customers import create_customers
from firstchoice.demo.portfolios import create_portfolios, link_duplicate
from firstchoice.demo.sales import create_sales
from firstchoice.demo.staff import create_staff
from firstchoice.sales.actions import refresh_rollups
from firstchoice.sales.models import SalesLine
from firstchoice.teams.models import CompanySettings, Salesperson

SEED = 5155


@dataclass
class Summary:
    created: bool
    users: int = 0
    customers: int = 0
    sales_lines: int = 0
    portfolio_entries: int = 0


def already_loaded() -> bool:
    return Salesperson.objects.filter(code="rep1").exists()


def load(*, today: dt.date | None = None, customers: int = 600, seed: int = SEED) -> Summary:
    """Create the demo company unless it exists (idempotent)."""
    if already_loaded():
        return Summary(created=False)
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        settings = CompanySettings.load()
        settings.company_name = "Demo Industrial Supply 示范工业供应"
        # A real company sets a floor under "worth the resources?" (M3) and the audit (M8).
        settings.min_target_potential = Decimal(100_000)
        settings.save()
        users, salespeople, admin = create_staff()
        made = create_customers(rng, customers, salespeople)
        create_sales(rng, made, today)
        refresh_rollups()
        entries = create_portfolios(admin, salespeople, made, today)
        link_duplicate(today)
        refresh_rollups()
        research.load(today=today)
        demo_people.load(today=today)
        demo_plans.load(today=today)
        demo_contacts.load(today=today)
        demo_coaching.load(today=today)
        demo_reviews.load(today=today)
    return Summary(
        created=True,
        users=len(users),
        customers=len(made),
        sales_lines=SalesLine.objects.count(),
        portfolio_entries=entries,
    )
