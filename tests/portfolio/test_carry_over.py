"""Starting a new year from last year's portfolio."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from firstchoice.portfolio import actions
from firstchoice.portfolio.models import PortfolioEntry, TierChange
from tests.base import YEAR, BaseTestCase

URL = f"/board/alice/{YEAR + 1}/carry-over"


class CarryOverTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)

    def test_it_copies_every_account_in_its_tier_and_records_why(self) -> None:
        results = actions.carry_over(
            actor=self.alice, salesperson=self.alice_sp, from_year=YEAR, to_year=YEAR + 1
        )
        assert len(results) == 15
        next_year = PortfolioEntry.objects.filter(portfolio__year=YEAR + 1)
        this_year = PortfolioEntry.objects.filter(portfolio__year=YEAR)
        assert sorted(next_year.values_list("customer_id", "tier")) == sorted(
            this_year.values_list("customer_id", "tier")
        )
        reasons = set(
            TierChange.objects.filter(portfolio__year=YEAR + 1).values_list("reason", flat=True)
        )
        assert reasons == {f"Carried over from {YEAR}"}

    def test_it_refuses_to_merge_into_a_started_portfolio(self) -> None:
        self.add(self.alice_sp, self.alice_customers[19], "A", year=YEAR + 1)
        with self.assertRaises(ValidationError) as ctx:
            actions.carry_over(
                actor=self.alice, salesperson=self.alice_sp, from_year=YEAR, to_year=YEAR + 1
            )
        assert "already has accounts" in ctx.exception.message_dict["year"][0]
        assert PortfolioEntry.objects.filter(portfolio__year=YEAR + 1).count() == 1

    def test_it_refuses_when_there_is_nothing_to_carry(self) -> None:
        with self.assertRaises(ValidationError):
            actions.carry_over(
                actor=self.alice, salesperson=self.alice_sp, from_year=YEAR - 3, to_year=YEAR - 2
            )
        assert not PortfolioEntry.objects.filter(portfolio__year=YEAR - 2).exists()

    def test_it_offers_the_carry_over_on_an_empty_board(self) -> None:
        self.login(self.alice)
        html = self.client.get(f"/board/alice/{YEAR + 1}/").content.decode()
        assert (
            "Start from last year&#x27;s 15 accounts" in html or "last year's 15 accounts" in html
        )
        self.login(self.bob)  # read-only teammates get no button
        html = self.client.get(f"/board/alice/{YEAR + 1}/").content.decode()
        assert "Carry over last year" not in html

    def test_it_carries_over_from_the_page(self) -> None:
        self.login(self.mary)
        r = self.client.post(URL, HTTP_HX_REQUEST="true")
        assert r.status_code == 200
        assert "15 accounts carried over" in r.content.decode()
        assert PortfolioEntry.objects.filter(portfolio__year=YEAR + 1).count() == 15
        r = self.client.post(URL, HTTP_HX_REQUEST="true")
        assert r.status_code == 422
        assert "Year: The" in r.content.decode()

    def test_it_checks_who_asks(self) -> None:
        self.login(self.bob)
        assert self.client.post(URL).status_code == 403
        self.login(self.charlie)
        assert self.client.post(URL).status_code == 404
        self.login(self.alice)
        assert self.client.get(URL).status_code == 405
        self.client.logout()
        assert self.client.post(URL).status_code == 302
        assert not PortfolioEntry.objects.filter(portfolio__year=YEAR + 1).exists()


class CarryOverApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)

    def test_it_carries_over_through_the_api(self) -> None:
        self.login(self.alice)
        r = self.client.post(f"/api/v1/portfolios/alice/{YEAR + 1}/carry-over")
        assert r.status_code == 201
        assert [len(r.json()["tiers"][t]) for t in "ABC"] == [5, 5, 5]
        r = self.client.post(f"/api/v1/portfolios/alice/{YEAR + 1}/carry-over")
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["body", "year"]

    def test_it_checks_who_asks_through_the_api(self) -> None:
        url = f"/api/v1/portfolios/alice/{YEAR + 1}/carry-over"
        self.login(self.bob)
        assert self.client.post(url).status_code == 403
        self.login(self.charlie)
        assert self.client.post(url).status_code == 404
        self.client.logout()
        assert self.client.post(url).status_code == 401
        assert not PortfolioEntry.objects.filter(portfolio__year=YEAR + 1).exists()
