"""A sales history in 1995–1998 (like the TPC-H benchmark's), for suggestions as of 1998-08-02.

Company: 48 customers with sales in the trailing 12 months, so the top 10% is the best 5
(100,000 · 90,000 · 85,000 · 30,000 · 30,000): the threshold is 30,000.
Alice's customers with T12M sales: 1k 2k 3k 5k 20k 85k 90k 100k, median 12,500; her top
segments Steel (100k), Auto (90k), Food (85k).

Expected suggestions for alice, 1998:
  A  AL001 (100k, +5.3%), AL002 (90k, +80%: potential unknown)
  B  AL004 (20k > median 12.5k, < 30k)
  C  AL007 (lapsed, 30k), AL008 (lapsed, 12k), UN001 (lapsed, 8k, nobody owns it),
     AL011 (Steel, no sales), PR001 (Steel prospect nobody owns)
Never: AL003 (COD), AL009 (blocked), AL010 (already in tier A), BO005 (bob's, though
alice sold to it), AL006 (1k), AL005 (5k), AL012 (Toys).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from firstchoice.customers.models import Customer
from firstchoice.sales.actions import refresh_rollups
from firstchoice.sales.models import SalesLine
from firstchoice.teams.models import Salesperson
from tests.base import TODAY, BaseTestCase, sell

AS_OF = dt.date(1998, 8, 2)
YEAR = 1998
CURRENT = dt.date(1998, 3, 15)
PREVIOUS = dt.date(1997, 3, 15)
EARLIER = dt.date(1995, 12, 1)
T12M = (dt.date(1997, 8, 3), AS_OF)
P12M = (dt.date(1996, 8, 3), dt.date(1997, 8, 2))


def sell_on(customer: Customer, day: dt.date, amount: str, margin: str = "0.00") -> SalesLine:
    """One line sold by the customer's owner on `day` (tests.base.sell refreshes roll-ups)."""
    return sell(customer, amount, margin, days_ago=(TODAY - day).days)


def sell_as(
    salesperson: Salesperson | None,
    customer: Customer,
    day: dt.date,
    amount: str,
    *,
    terms: str = "",
) -> SalesLine:
    """One line sold by `salesperson` (anyone, or nobody) on `day`; refreshes its roll-up."""
    line = SalesLine.objects.create(
        invoice_date=day,
        customer=customer,
        salesperson=salesperson,
        amount=Decimal(amount),
        margin=Decimal("0.00"),
        payment_terms=terms,
    )
    refresh_rollups(months=[day])
    return line


class HistoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        al = {c.code: c for c in cls.alice_customers}
        segments = {"AL001": "Steel", "AL002": "Auto", "AL004": "Chem", "AL005": "Toys"}
        segments |= {"AL010": "Food", "AL011": "Steel", "AL012": "Toys"}
        for code, segment in segments.items():
            Customer.objects.filter(code=code).update(segment=segment)
        Customer.objects.filter(code="AL003").update(payment_terms="COD")
        Customer.objects.filter(code="AL004").update(payment_terms="NET30")
        Customer.objects.filter(code="AL009").update(status=Customer.Status.BLOCKED)
        for customer in cls.alice_customers:
            customer.refresh_from_db()

        sell_on(al["AL001"], CURRENT, "100000.00", "20000.00")
        sell_on(al["AL001"], PREVIOUS, "95000.00", "10000.00")
        sell_on(al["AL002"], CURRENT, "90000.00", "9000.00")
        sell_on(al["AL002"], PREVIOUS, "50000.00", "5000.00")
        sell_on(al["AL003"], CURRENT, "3000.00", "300.00")
        sell_on(al["AL004"], CURRENT, "20000.00", "5000.00")
        sell_on(al["AL004"], PREVIOUS, "25000.00", "5000.00")
        sell_on(al["AL005"], CURRENT, "5000.00", "500.00")
        # AL006 sells on the edges of the window: partial months come from the lines.
        sell_on(al["AL006"], dt.date(1997, 8, 2), "7777.00")  # the day before: last year
        sell_on(al["AL006"], dt.date(1997, 8, 3), "400.00", "40.00")
        sell_on(al["AL006"], dt.date(1998, 8, 2), "600.00", "60.00")
        sell_on(al["AL006"], dt.date(1998, 8, 3), "8888.00")  # the day after: not yet
        sell_on(al["AL007"], PREVIOUS, "30000.00", "3000.00")
        sell_on(al["AL008"], EARLIER, "12000.00", "1200.00")
        sell_on(al["AL009"], CURRENT, "2000.00", "200.00")
        sell_on(al["AL010"], CURRENT, "85000.00", "8500.00")
        for customer in cls.bob_customers:
            sell_on(customer, CURRENT, "3000.00", "300.00")
        for customer in cls.charlie_customers:
            sell_on(customer, CURRENT, "2000.00", "200.00")
        sell_as(cls.alice_sp, cls.bob_customers[4], CURRENT, "1000.00")

        cls.market = Customer.objects.bulk_create(
            [Customer(code=f"MK{i:03d}", name=f"Market {i}") for i in range(1, 31)]
        )
        SalesLine.objects.bulk_create(
            [
                SalesLine(
                    invoice_date=CURRENT,
                    customer=c,
                    amount=Decimal("30000.00"),
                    margin=Decimal("3000.00"),
                )
                for c in cls.market
            ]
        )
        refresh_rollups(months=[CURRENT])
        cls.pr001, cls.pr002 = Customer.objects.bulk_create(
            [
                Customer(code="PR001", name="Steel prospect", segment="Steel", status="prospect"),
                Customer(code="PR002", name="Toy prospect", segment="Toys", status="prospect"),
            ]
        )
        cls.un001 = Customer.objects.create(code="UN001", name="Unowned former customer")
        sell_as(cls.alice_sp, cls.un001, PREVIOUS, "8000.00")
        cls.add_to(cls.alice_sp, al["AL010"], "A", YEAR)

    @classmethod
    def add_to(cls, salesperson: Salesperson, customer: Customer, tier: str, year: int) -> None:
        from firstchoice.portfolio import actions

        actions.add_entry(
            actor=cls.root,
            salesperson=salesperson,
            year=year,
            customer=customer,
            tier=tier,
            reason="set up by the test",
        )
