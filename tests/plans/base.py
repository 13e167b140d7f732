"""A small company with alice's full 5+5+5 portfolio, sales last year, and a key person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from firstchoice.customers.models import Customer
from firstchoice.people.models import KeyPerson
from firstchoice.plans.actions import plans
from firstchoice.plans.models import Plan
from tests.base import TODAY, YEAR, BaseTestCase, fill_portfolio, sell


def sell_on(customer: Customer, day: dt.date, amount: str, margin: str) -> None:
    sell(customer, amount, margin, days_ago=(TODAY - day).days)


class PlanTestCase(BaseTestCase):
    """alice's tier A account AL001 sold 120,000 last year (10,000 a month, more in
    December); its buyer Wu has pains a plan can address."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fill_portfolio(cls.alice_sp, cls.alice_customers, actor=cls.root)
        fill_portfolio(cls.charlie_sp, cls.charlie_customers, actor=cls.root)
        cls.account = cls.alice_customers[0]
        cls.tier_b = cls.alice_customers[5]
        cls.tier_c = cls.alice_customers[10]
        for month in range(1, 13):
            amount = "20000.00" if month == 12 else "9090.91"
            sell_on(cls.account, dt.date(YEAR - 1, month, 10), amount, "2000.00")
        cls.buyer = KeyPerson.objects.create(
            customer=cls.account, name="Wu Buyer", title="Purchasing", pains="Late deliveries"
        )
        cls.other_person = KeyPerson.objects.create(customer=cls.tier_b, name="Other Person")

    def start(self, customer: Customer | None = None, start: str = "A") -> Plan:
        return plans.start_plan(
            actor=self.alice,
            salesperson=self.alice_sp,
            customer=customer or self.account,
            year=YEAR,
            start=start,
        )

    def plan_url(self, code: str = "AL001", suffix: str = "") -> str:
        return f"/plans/alice/{YEAR}/{code}/{suffix}"


def d(value: str) -> Decimal:
    return Decimal(value)
