"""The demo company's sales lines: three years of invoices by customer size and growth, with a
few credit notes; and the first orders of an account won during the year."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from firstchoice.customers.models import Customer
from firstchoice.lib.dates import add_months, last_day_of_month
from firstchoice.sales.models import SalesLine
from firstchoice.teams.models import Salesperson


def create_sales(
    rng: random.Random, customers: list[tuple[Customer, float, int]], today: dt.date
) -> int:
    first_month = add_months(today.replace(day=1), -35)
    lines: list[SalesLine] = []
    total = 0
    invoice = 0
    for customer, size, lapsed in customers:
        if size <= 0:
            continue
        growth = rng.uniform(-0.15, 0.35)
        for m in range(36):
            month = add_months(first_month, m)
            months_back = 35 - m
            if lapsed > 0 and months_back < lapsed:
                continue
            yearly = size * (1 + growth) ** ((m - 18) / 12)
            n_lines = max(1, round(rng.gauss(6.5, 2.5)))
            last_day = (
                today.day
                if month.year == today.year and month.month == today.month
                else last_day_of_month(month.year, month.month)
            )
            for line in range(n_lines):
                if line % 3 == 0:
                    invoice += 1
                amount = Decimal(str(round(yearly / 12 / n_lines * rng.uniform(0.4, 1.6), 2)))
                if rng.random() < 0.01:
                    amount = -amount  # a credit note
                margin = (amount * Decimal(str(round(rng.uniform(0.08, 0.32), 3)))).quantize(
                    Decimal("0.01")
                )
                lines.append(
                    SalesLine(
                        invoice_date=month.replace(day=rng.randint(1, last_day)),
                        customer=customer,
                        salesperson=customer.owner,
                        amount=amount,
                        margin=margin,
                        payment_terms=customer.payment_terms,
                        invoice_no=f"INV{month:%y%m}-{invoice:06d}",
                        line_no=str(line % 3 + 1),
                    )
                )
            if len(lines) >= 20_000:
                SalesLine.objects.bulk_create(lines, batch_size=2_000)
                total += len(lines)
                lines = []
    SalesLine.objects.bulk_create(lines, batch_size=2_000)
    return total + len(lines)


def first_orders(customer: Customer, person: Salesperson, since: dt.date, until: dt.date) -> None:
    """A won account starts buying: a couple of invoice lines a month since the win."""
    rng = random.Random(customer.code)
    lines = []
    day = since
    while day <= until:
        for line in (1, 2):
            amount = Decimal(str(round(rng.uniform(3_000, 9_000), 2)))
            lines.append(
                SalesLine(
                    invoice_date=day,
                    customer=customer,
                    salesperson=person,
                    amount=amount,
                    margin=(amount * Decimal("0.22")).quantize(Decimal("0.01")),
                    payment_terms=customer.payment_terms,
                    invoice_no=f"INV{day:%y%m}-W{customer.pk:05d}",
                    line_no=str(line),
                )
            )
        day += dt.timedelta(days=30)
    SalesLine.objects.bulk_create(lines)
    Customer.objects.filter(pk=customer.pk).update(status=Customer.Status.ACTIVE)
