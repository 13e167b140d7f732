"""Money is stored as cents so that sums are exact on SQLite and PostgreSQL alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from firstchoice.lib.fields import MoneyField
from firstchoice.sales.models import SalesLine
from tests.base import BaseTestCase, sell


class MoneyFieldTestCase(BaseTestCase):
    def test_it_sums_to_the_cent(self) -> None:
        customer = self.alice_customers[0]
        for _ in range(1000):
            sell(customer, "0.10", "0.01")
        sell(customer, "-12345678901.23", "0.00")  # a large credit note
        totals = SalesLine.objects.aggregate(amount=Sum("amount"), margin=Sum("margin"))
        assert totals == {"amount": Decimal("-12345678801.23"), "margin": Decimal("10.00")}
        assert str(totals["amount"]) == "-12345678801.23"

    def test_it_round_trips_values(self) -> None:
        line = sell(self.alice_customers[0], "1234.5", "-0.05")
        line.refresh_from_db()
        assert (line.amount, line.margin) == (Decimal("1234.50"), Decimal("-0.05"))
        assert SalesLine.objects.filter(amount__gt=Decimal("1234.49")).count() == 1


def test_it_refuses_sub_cent_amounts() -> None:
    with pytest.raises(ValidationError, match="more than two decimal places"):
        MoneyField().get_prep_value("0.001")
    with pytest.raises(ValidationError, match="not an amount"):
        MoneyField().get_prep_value("12,5x")
    assert MoneyField().get_prep_value(None) is None
    assert MoneyField().get_prep_value(Decimal("-3.2")) == -320
