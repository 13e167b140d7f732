"""A reviewed year for the review tests: alice's full 5+5+5 of last year with sales, a plan
with expected sales, and bob's smaller portfolio (both in team Alpha)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from firstchoice.customers.models import Customer
from firstchoice.plans.actions.plans import set_expected, start_plan
from firstchoice.portfolio.actions import add_entry
from firstchoice.reviews import actions
from firstchoice.sales.actions import refresh_rollups
from firstchoice.sales.models import SalesLine
from tests.base import YEAR, BaseTestCase, fill_portfolio

# A whole past year, so the figures do not depend on today's date.
Y = YEAR - 1
MONTH = dt.date(Y, 6, 1)
MONTH_URL = f"{Y}-06"


def sell_on(customer: Customer, day: dt.date, amount: str) -> None:
    SalesLine.objects.create(
        invoice_date=day,
        customer=customer,
        salesperson=customer.owner,
        amount=Decimal(amount),
        margin=Decimal(amount) / 5,
    )


class ReviewCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fill_portfolio(cls.alice_sp, cls.alice_customers, actor=cls.alice, year=Y)
        for customer in cls.bob_customers[:3]:
            add_entry(
                actor=cls.bob,
                salesperson=cls.bob_sp,
                year=Y,
                customer=customer,
                tier="A",
                reason="set up by the test",
            )
        first, second = cls.alice_customers[0], cls.alice_customers[1]
        for month in range(1, 7):
            sell_on(first, dt.date(Y, month, 15), "1200.00")
        sell_on(second, dt.date(Y, 5, 3), "500.00")
        sell_on(second, dt.date(Y, 6, 9), "-300.00")  # a credit note: a negative month
        sell_on(cls.bob_customers[0], dt.date(Y, 6, 1), "999.00")
        refresh_rollups()
        cls.plan = start_plan(
            actor=cls.alice, salesperson=cls.alice_sp, customer=first, year=Y, start="blank"
        )
        cls.plan = set_expected(
            actor=cls.alice,
            plan=cls.plan,
            version=cls.plan.version,
            months=[Decimal(1000)] * 12,
        )

    def write_statement(self, text: str = "Won the ACME trial.") -> None:
        actions.save_statement(
            actor=self.alice,
            salesperson=self.alice_sp,
            month=MONTH,
            progress=text,
            difficulties="Pricing pressure 价格压力",
            help_needed="A visit by the product manager.",
        )
