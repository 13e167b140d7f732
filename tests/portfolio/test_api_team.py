"""GET /api/v1/teams/{slug}/{year}: the team overview through the API."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import Customer
from tests.base import YEAR, BaseTestCase, make_customers

URL = f"/api/v1/teams/alpha/{YEAR}"


class TeamApiTestCase(BaseTestCase):
    def test_it_lists_every_portfolio_with_warnings_and_duplicates(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        shared = self.alice_customers[0]
        Customer.objects.filter(pk=shared.pk).update(payment_terms="COD")
        self.add(self.bob_sp, shared, "B")
        self.login(self.mary)
        data = self.client.get(URL).json()
        assert (data["team"], data["year"]) == ("alpha", YEAR)
        by_user = {p["user"]: p for p in data["portfolios"]}
        assert set(by_user) == {"alice", "bob"}
        assert by_user["alice"]["warnings"] == []
        bob_b = by_user["bob"]["tiers"]["B"][0]
        assert bob_b["customer_code"] == "AL001" and bob_b["cod"] is True
        assert bob_b["also_listed_by"] == ["alice"]
        assert {(w["tier"], w["count"]) for w in by_user["bob"]["warnings"]} == {
            ("A", 0),
            ("B", 1),
            ("C", 0),
        }

    def test_it_scopes_the_team(self) -> None:
        self.login(self.charlie)
        assert self.client.get(URL).status_code == 404
        self.login(self.bob)
        assert self.client.get(URL).status_code == 200
        self.client.logout()
        assert self.client.get(URL).status_code == 401
        self.login(self.mary)
        assert self.client.post(URL).status_code == 405
        assert self.client.get("/api/v1/teams/alpha/0").status_code == 422

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        self.login(self.mary)
        self.add(self.alice_sp, self.alice_customers[0], "A")
        with CaptureQueriesContext(connection) as small:
            self.client.get(URL)
        for index, customer in enumerate(make_customers(self.bob_sp, "BX", 15)):
            self.add(self.bob_sp, customer, "ABC"[index // 5])
        with CaptureQueriesContext(connection) as full:
            self.client.get(URL)
        assert len(full) == len(small)
