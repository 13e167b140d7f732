"""Named users and a small company shared by the tests (after healthchecks' hc/test.py).

- alice, bob: salespeople in team Alpha (bob is read-only on alice's board)
- charlie: salesperson in team Beta (another team: sees nothing of Alpha)
- mary: manager of team Alpha
- root: administrator (staff)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.test import TestCase
from django.utils import timezone

from firstchoice.customers.models import Customer
from firstchoice.portfolio import actions
from firstchoice.sales.actions import refresh_rollups
from firstchoice.sales.models import SalesLine
from firstchoice.teams.models import Salesperson, Team, User

PASSWORD = "correct horse battery"
TODAY = timezone.localdate()
YEAR = TODAY.year


def make_user(username: str, **extra: object) -> User:
    return User.objects.create(username=username, password=make_password(PASSWORD), **extra)


def make_customers(owner: Salesperson | None, prefix: str, count: int) -> list[Customer]:
    return Customer.objects.bulk_create(
        [
            Customer(code=f"{prefix}{i:03d}", name=f"{prefix} Customer {i}", owner=owner)
            for i in range(1, count + 1)
        ]
    )


def sell(
    customer: Customer, amount: str, margin: str, *, days_ago: int = 30, **extra: object
) -> SalesLine:
    """Record one invoice line and refresh its month's roll-up, as an import would."""
    line = SalesLine.objects.create(
        invoice_date=TODAY - dt.timedelta(days=days_ago),
        customer=customer,
        salesperson=customer.owner,
        amount=Decimal(amount),
        margin=Decimal(margin),
        payment_terms=customer.payment_terms,
        **extra,
    )
    refresh_rollups(months=[line.invoice_date])
    return line


def fill_portfolio(
    salesperson: Salesperson, customers: list[Customer], *, actor: User, year: int = YEAR
) -> None:
    """A full 5+5+5 portfolio from the first 15 customers: five to A, five to B, five to C."""
    for index, customer in enumerate(customers[:15]):
        actions.add_entry(
            actor=actor,
            salesperson=salesperson,
            year=year,
            customer=customer,
            tier="ABC"[index // 5],
            reason="set up by the test",
        )


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.alpha = Team.objects.create(name="Alpha", slug="alpha")
        cls.beta = Team.objects.create(name="Beta", slug="beta")
        cls.alice = make_user("alice", first_name="Alice")
        cls.bob = make_user("bob", first_name="Bob")
        cls.charlie = make_user("charlie", first_name="Charlie")
        cls.mary = make_user("mary", first_name="Mary")
        cls.root = make_user("root", is_staff=True, is_superuser=True)
        cls.alpha.managers.add(cls.mary)
        cls.alice_sp = Salesperson.objects.create(
            code="alice", name="Alice A", user=cls.alice, team=cls.alpha
        )
        cls.bob_sp = Salesperson.objects.create(
            code="bob", name="Bob B", user=cls.bob, team=cls.alpha
        )
        cls.charlie_sp = Salesperson.objects.create(
            code="charlie", name="Charlie C", user=cls.charlie, team=cls.beta
        )
        cls.alice_customers = make_customers(cls.alice_sp, "AL", 20)
        cls.bob_customers = make_customers(cls.bob_sp, "BO", 5)
        cls.charlie_customers = make_customers(cls.charlie_sp, "CH", 5)

    def login(self, user: User) -> None:
        self.client.force_login(user)

    def add(
        self, salesperson: Salesperson, customer: Customer, tier: str, *, year: int = YEAR
    ) -> None:
        actions.add_entry(
            actor=salesperson.user or self.root,
            salesperson=salesperson,
            year=year,
            customer=customer,
            tier=tier,
            reason="set up by the test",
        )

    def fill(
        self, salesperson: Salesperson, customers: list[Customer], *, year: int = YEAR
    ) -> None:
        """A full 5+5+5 portfolio from the first 15 customers."""
        fill_portfolio(salesperson, customers, actor=salesperson.user or self.root, year=year)
