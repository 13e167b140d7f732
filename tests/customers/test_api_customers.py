"""GET /api/v1/customers and /api/v1/customers/{code}: search, scope, pagination."""

from __future__ import annotations

from typing import Any

from firstchoice.customers.models import Customer
from firstchoice.pages.customers import api as customers_api
from firstchoice.teams.actions import create_token
from tests.base import BaseTestCase, make_customers, sell

CUSTOMERS = "/api/v1/customers"


class CustomerApiTestCase(BaseTestCase):
    def search(self, **params: Any) -> Any:
        return self.client.get(CUSTOMERS, params)

    def codes(self, response: Any) -> list[str]:
        return [row["code"] for row in response.json()["results"]]


class ListCustomersTestCase(CustomerApiTestCase):
    def test_it_finds_by_code(self) -> None:
        self.login(self.alice)
        r = self.search(search="al001")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.codes(r), ["AL001"])
        self.assertEqual(r.json()["count"], 1)

    def test_it_finds_by_name(self) -> None:
        Customer.objects.filter(code="AL007").update(name="Huangpu Steel Works")
        self.login(self.alice)
        self.assertEqual(self.codes(self.search(search="steel")), ["AL007"])

    def test_it_has_the_documented_row_shape(self) -> None:
        Customer.objects.filter(code="AL003").update(payment_terms="Cash on delivery")
        sell(Customer.objects.get(code="AL003"), "250.10", "50.05")
        sell(Customer.objects.get(code="AL003"), "0.20", "0.05")
        self.login(self.alice)
        row = self.search(search="AL003").json()["results"][0]
        self.assertEqual(
            row,
            {
                "code": "AL003",
                "name": "AL Customer 3",
                "owner": "alice",
                "segment": "",
                "payment_terms": "Cash on delivery",
                "cod": True,
                "status": "active",
                "t12m_sales": "250.30",
                "t12m_margin": "50.10",
            },
        )

    def test_it_shows_the_own_and_teammates_customers_and_unowned_prospects(self) -> None:
        make_customers(None, "PR", 2)
        self.login(self.alice)
        r = self.search(limit=200)
        codes = self.codes(r)
        self.assertEqual(r.json()["count"], 20 + 5 + 2)
        self.assertIn("AL001", codes)
        self.assertIn("BO001", codes)
        self.assertIn("PR001", codes)

    def test_it_hides_another_teams_customers(self) -> None:
        self.login(self.alice)
        r = self.search(search="CH", limit=200)
        self.assertEqual(r.json()["count"], 0)
        self.assertEqual(r.json()["results"], [])
        self.assertNotIn("CH001", self.codes(self.search(limit=200)))

    def test_it_hides_another_teams_customers_from_the_owner_filter(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.search(owner="charlie").json()["count"], 0)
        self.assertEqual(self.search(owner="bob").json()["count"], 5)

    def test_it_shows_charlie_only_his_team(self) -> None:
        self.login(self.charlie)
        codes = self.codes(self.search(limit=200))
        self.assertEqual(codes, [f"CH{i:03d}" for i in range(1, 6)])

    def test_it_shows_the_administrator_every_customer(self) -> None:
        self.login(self.root)
        r = self.search(limit=200)
        self.assertEqual(r.json()["count"], 30)
        self.assertIn("CH001", self.codes(r))
        self.assertIn("AL001", self.codes(r))

    def test_it_shows_the_manager_the_team(self) -> None:
        self.login(self.mary)
        r = self.search(limit=200)
        self.assertEqual(r.json()["count"], 25)
        self.assertNotIn("CH001", self.codes(r))

    def test_it_pages_with_offset_and_limit(self) -> None:
        self.login(self.alice)
        first = self.search(search="AL", limit=5)
        second = self.search(search="AL", limit=5, offset=5)
        last = self.search(search="AL", limit=5, offset=18)
        self.assertEqual(first.json()["count"], 20)
        self.assertEqual(self.codes(first), [f"AL{i:03d}" for i in range(1, 6)])
        self.assertEqual(self.codes(second), [f"AL{i:03d}" for i in range(6, 11)])
        self.assertEqual(self.codes(last), ["AL019", "AL020"])
        self.assertEqual((second.json()["offset"], second.json()["limit"]), (5, 5))
        self.assertEqual(self.search(search="AL", offset=100).json()["results"], [])

    def test_it_refuses_a_limit_beyond_the_cap(self) -> None:
        self.assertEqual(customers_api.MAX_LIMIT, 500)
        self.login(self.alice)
        self.assertEqual(self.search(limit=10_000).status_code, 422)
        r = self.search(limit=500)
        self.assertEqual(r.json()["limit"], 500)
        self.assertEqual(len(r.json()["results"]), 20 + 5)

    def test_it_refuses_nonsense_paging(self) -> None:
        self.login(self.alice)
        for query in ({"limit": 0}, {"offset": -5}, {"limit": "many"}):
            self.assertEqual(self.search(**query).status_code, 422, query)

    def test_it_defaults_to_fifty(self) -> None:
        make_customers(None, "ZZ", 60)
        self.login(self.alice)
        r = self.search()
        self.assertEqual(r.json()["limit"], 50)
        self.assertEqual(len(r.json()["results"]), 50)

    def test_it_requires_authentication(self) -> None:
        r = self.search(search="AL")
        self.assertEqual(r.status_code, 401)
        self.assertNotIn("results", r.json())

    def test_it_accepts_a_bearer_token(self) -> None:
        _token, raw = create_token(user=self.charlie)
        r = self.client.get(CUSTOMERS, headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["count"], 5)


class GetCustomerTestCase(CustomerApiTestCase):
    def test_it_returns_one_customer(self) -> None:
        sell(self.alice_customers[1], "99.99", "10.01")
        self.login(self.alice)
        r = self.client.get(f"{CUSTOMERS}/AL002")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["code"], "AL002")
        self.assertEqual(r.json()["t12m_sales"], "99.99")
        self.assertEqual(r.json()["t12m_margin"], "10.01")

    def test_it_lets_a_teammate_read_a_customer(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(f"{CUSTOMERS}/AL002").status_code, 200)

    def test_it_hides_another_teams_customer(self) -> None:
        self.login(self.alice)
        r = self.client.get(f"{CUSTOMERS}/CH001")
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json(), self.client.get(f"{CUSTOMERS}/NOPE").json())

    def test_it_shows_the_administrator_any_customer(self) -> None:
        self.login(self.root)
        self.assertEqual(self.client.get(f"{CUSTOMERS}/CH001").status_code, 200)

    def test_it_requires_authentication_for_a_customer(self) -> None:
        self.assertEqual(self.client.get(f"{CUSTOMERS}/AL001").status_code, 401)
