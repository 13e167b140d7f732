"""The demo company: deterministic, idempotent, with the defects the manager views show."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase

from firstchoice.customers.models import Customer
from firstchoice.demo import generator
from firstchoice.lib.dates import add_months
from firstchoice.portfolio.models import PortfolioEntry, TierChange
from firstchoice.portfolio.queries import board
from firstchoice.sales.models import SalesLine
from firstchoice.teams.models import Salesperson, Team, User
from tests.base import TODAY
from tests.demo_company import load_demo


class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.summary = load_demo(today=TODAY, customers=400)

    def test_it_creates_the_company(self) -> None:
        assert self.summary.created
        assert Team.objects.count() == 2
        assert set(User.objects.values_list("username", flat=True)) >= {
            "manager",
            "manager1",
            "manager2",
            "admin",
            *(f"rep{i}" for i in range(1, 11)),
        }
        assert Customer.objects.count() == 400
        assert SalesLine.objects.count() == self.summary.sales_lines > 10_000
        manager = User.objects.get(username="manager")
        assert manager.managed_teams.count() == 2
        assert User.objects.get(username="rep1").check_password("demo")

    def test_it_names_customers_in_chinese_and_english(self) -> None:
        names = list(Customer.objects.values_list("name", flat=True))
        assert any("有限公司" in n for n in names)
        assert any(n.endswith(("Ltd", "Inc.", "GmbH", "Co.", "Pte Ltd")) for n in names)

    def test_it_covers_three_years_of_sales(self) -> None:
        dates = SalesLine.objects.order_by("invoice_date").values_list("invoice_date", flat=True)
        assert dates.first() <= add_months(TODAY.replace(day=1), -35) + dt.timedelta(days=30)
        assert dates.last() <= TODAY

    def test_it_has_mostly_complete_portfolios_with_defects(self) -> None:
        shapes = {}
        for person in Salesperson.objects.all():
            b = board(person, TODAY.year, TODAY)
            shapes[person.code] = [len(col.cards) for col in b.columns]
        complete = [code for code, shape in shapes.items() if shape == [5, 5, 5]]
        assert len(complete) >= 6
        assert shapes["rep3"][1] == 4  # the short tier B
        rep5_a = PortfolioEntry.objects.filter(
            portfolio__salesperson__code="rep5", portfolio__year=TODAY.year, tier="A"
        ).select_related("customer")
        assert any(e.customer.is_cod for e in rep5_a)
        listed_twice = (
            PortfolioEntry.objects.filter(portfolio__year=TODAY.year)
            .values("customer")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert listed_twice.exists()

    def test_it_shows_tier_c_rotation(self) -> None:
        rep1 = Salesperson.objects.get(code="rep1")
        rotation = board(rep1, TODAY.year, TODAY).rotation
        assert rotation.promoted >= 1 and rotation.dropped >= 1 and rotation.added >= 1
        assert TierChange.objects.filter(kind="moved", portfolio__salesperson=rep1).exists()

    def test_it_is_idempotent(self) -> None:
        counts = (User.objects.count(), Customer.objects.count(), SalesLine.objects.count())
        out = StringIO()
        call_command("demo", stdout=out)
        assert "already loaded" in out.getvalue()
        assert (User.objects.count(), Customer.objects.count(), SalesLine.objects.count()) == counts


class DeterminismTestCase(TestCase):
    def test_it_generates_the_same_data_from_the_same_seed(self) -> None:
        generator.load(today=TODAY, customers=30)
        first = list(Customer.objects.order_by("code").values_list("code", "name", "payment_terms"))
        total = sum(SalesLine.objects.values_list("amount", flat=True))
        SalesLine.objects.all().delete()
        TierChange.objects.all().delete()
        PortfolioEntry.objects.all().delete()
        Customer.objects.all().delete()
        Salesperson.objects.all().delete()
        User.objects.all().delete()
        Team.objects.all().delete()
        generator.load(today=TODAY, customers=30)
        assert (
            list(Customer.objects.order_by("code").values_list("code", "name", "payment_terms"))
            == first
        )
        assert sum(SalesLine.objects.values_list("amount", flat=True)) == total
