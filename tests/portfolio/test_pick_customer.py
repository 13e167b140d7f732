"""A customer is named by code or by name wherever one is picked (the board's add form)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from firstchoice.customers.models import Customer
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.portfolio.scoping import pick_customer
from tests.base import YEAR, BaseTestCase

BASE = f"/board/alice/{YEAR}"
HTMX = {"HTTP_HX_REQUEST": "true"}


class PickCustomerTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Customer.objects.filter(code="AL001").update(name="Shanghai Steel Works")
        Customer.objects.filter(code="AL002").update(name="Ningbo Port Logistics")
        Customer.objects.filter(code="AL003").update(name="Ningbo Port Logistics")
        Customer.objects.filter(code="CH001").update(name="Secret Beta Account")

    def test_it_finds_by_code_name_or_the_suggestion_label(self) -> None:
        for text in ("AL001", "al001", "Shanghai Steel Works", " shanghai  steel works ",
                     "AL001 — Shanghai Steel Works"):  # fmt: skip
            with self.subTest(text):
                assert pick_customer(self.alice, text).code == "AL001"

    def test_it_lists_the_candidates_of_a_shared_name(self) -> None:
        with pytest.raises(ValidationError) as caught:
            pick_customer(self.alice, "ningbo port logistics")
        message = caught.value.messages[0]
        assert "Ningbo Port Logistics (AL002)" in message
        assert "Ningbo Port Logistics (AL003)" in message
        assert "Enter the code" in message

    def test_it_offers_close_names_and_never_another_teams_customers(self) -> None:
        with pytest.raises(ValidationError) as caught:
            pick_customer(self.alice, "Steel")
        assert "Did you mean: Shanghai Steel Works (AL001)" in caught.value.messages[0]
        for text in ("CH001", "Secret Beta Account", "Secret"):
            with self.subTest(text), pytest.raises(ValidationError) as caught:
                pick_customer(self.alice, text)
            assert "Secret" not in caught.value.messages[0].replace(text, "")
            assert "CH001" not in caught.value.messages[0].replace(text, "")

    def test_the_board_adds_by_name_and_keeps_the_form_when_ambiguous(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{BASE}/add",
            {"customer": "Ningbo Port Logistics", "tier": "A", "reason": "biggest port"},
            **HTMX,
        )
        assert r.status_code == 422
        html = r.content.decode()
        assert 'value="Ningbo Port Logistics"' in html  # the name typed, kept
        assert 'value="biggest port"' in html  # and the reason
        assert "Ningbo Port Logistics (AL002)" in html
        assert not PortfolioEntry.objects.exists()
        r = self.client.post(
            f"{BASE}/add",
            {"customer": "shanghai steel works", "tier": "A", "reason": "biggest steel"},
        )
        assert r.status_code == 302
        assert PortfolioEntry.objects.get().customer.code == "AL001"
