"""GET /api/v1/portfolios/{handle}/{year} and .../history: who may read, and what they read."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import Customer
from firstchoice.portfolio import actions
from firstchoice.teams.actions import create_token, revoke_token
from firstchoice.teams.models import ApiToken, CompanySettings
from tests.base import YEAR, BaseTestCase, sell


def portfolio_url(handle: str = "alice", year: int = YEAR) -> str:
    return f"/api/v1/portfolios/{handle}/{year}"


class GetPortfolioTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.cod, self.net30 = self.alice_customers[0], self.alice_customers[1]
        Customer.objects.filter(pk=self.cod.pk).update(payment_terms="COD")
        Customer.objects.filter(pk=self.net30.pk).update(payment_terms="Net 30")
        self.cod.refresh_from_db()
        self.net30.refresh_from_db()
        self.add(self.alice_sp, self.cod, "A")
        self.add(self.alice_sp, self.net30, "B")

    def get(self, url: str = "", **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(url or portfolio_url(), **kwargs)

    def test_it_shows_the_owner_their_portfolio(self) -> None:
        self.login(self.alice)
        r = self.get()
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["user"], "alice")
        self.assertEqual(data["year"], YEAR)
        self.assertEqual(data["team"], "alpha")
        self.assertEqual(set(data["tiers"]), {"A", "B", "C"})
        self.assertEqual([e["customer_code"] for e in data["tiers"]["A"]], ["AL001"])
        self.assertEqual([e["customer_code"] for e in data["tiers"]["B"]], ["AL002"])
        self.assertEqual(data["tiers"]["C"], [])
        self.assertEqual(data["capacities"], {"A": 5, "B": 5, "C": 5})

    def test_it_has_the_documented_entry_shape(self) -> None:
        self.login(self.alice)
        entry = self.get().json()["tiers"]["A"][0]
        self.assertEqual(entry["customer_code"], "AL001")
        self.assertEqual(entry["customer_name"], "AL Customer 1")
        self.assertEqual(entry["owner"], "alice")
        self.assertIsInstance(entry["t12m_sales"], str)
        self.assertIsInstance(entry["t12m_margin"], str)
        self.assertIsInstance(entry["since"], str)
        self.assertEqual(entry["also_listed_by"], [])

    def test_it_sums_trailing_twelve_month_sales_as_a_decimal_string(self) -> None:
        sell(self.cod, "1000.50", "200.25")
        sell(self.cod, "499.50", "99.75", days_ago=200)
        sell(self.cod, "7777.00", "1.00", days_ago=400)  # outside the trailing 12 months
        self.login(self.alice)
        entry = self.get().json()["tiers"]["A"][0]
        self.assertEqual(entry["t12m_sales"], "1500.00")
        self.assertEqual(Decimal(entry["t12m_sales"]), Decimal("1000.50") + Decimal("499.50"))
        self.assertEqual(Decimal(entry["t12m_margin"]), Decimal("300.00"))

    def test_it_gives_sales_to_the_cent(self) -> None:
        # SQLite sums decimals as floats: 0.10 + 0.20 came out as "0.300000000000000".
        sell(self.net30, "0.10", "0.05")
        sell(self.net30, "0.20", "0.05")
        self.login(self.alice)
        entry = self.get().json()["tiers"]["B"][0]
        self.assertEqual((entry["t12m_sales"], entry["t12m_margin"]), ("0.30", "0.10"))

    def test_it_shows_zero_sales_for_a_customer_without_lines(self) -> None:
        self.login(self.alice)
        entry = self.get().json()["tiers"]["B"][0]
        self.assertEqual(Decimal(entry["t12m_sales"]), Decimal("0"))
        self.assertIsNone(entry["margin_pct"])

    def test_it_reports_payment_terms_and_the_cod_flag(self) -> None:
        self.login(self.alice)
        tiers = self.get().json()["tiers"]
        self.assertEqual(tiers["A"][0]["payment_terms"], "COD")
        self.assertIs(tiers["A"][0]["cod"], True)
        self.assertEqual(tiers["B"][0]["payment_terms"], "Net 30")
        self.assertIs(tiers["B"][0]["cod"], False)

    def test_it_warns_about_short_tiers(self) -> None:
        self.login(self.alice)
        warnings = self.get().json()["warnings"]
        self.assertEqual(
            warnings,
            [
                {"tier": "A", "count": 1, "capacity": 5, "kind": "short"},
                {"tier": "B", "count": 1, "capacity": 5, "kind": "short"},
                {"tier": "C", "count": 0, "capacity": 5, "kind": "short"},
            ],
        )

    def test_it_has_no_warnings_for_a_full_portfolio(self) -> None:
        self.fill(self.alice_sp, self.alice_customers, year=YEAR - 1)
        self.login(self.alice)
        data = self.get(portfolio_url(year=YEAR - 1)).json()
        self.assertEqual([len(data["tiers"][t]) for t in "ABC"], [5, 5, 5])
        self.assertEqual(data["warnings"], [])

    def test_it_warns_about_tiers_over_capacity(self) -> None:
        for customer in self.alice_customers[2:5]:
            self.add(self.alice_sp, customer, "A")
        CompanySettings.objects.filter(pk=1).update(tier_a_capacity=2)
        self.login(self.alice)
        warnings = self.get().json()["warnings"]
        self.assertIn({"tier": "A", "count": 4, "capacity": 2, "kind": "over"}, warnings)

    def test_it_names_other_salespeople_listing_the_same_customer(self) -> None:
        self.add(self.bob_sp, self.cod, "C")
        self.login(self.alice)
        entry = self.get().json()["tiers"]["A"][0]
        self.assertEqual(entry["also_listed_by"], ["bob"])

    def test_it_returns_empty_tiers_when_there_is_no_portfolio_yet(self) -> None:
        self.login(self.alice)
        data = self.get(portfolio_url(year=YEAR + 1)).json()
        self.assertEqual(data["tiers"], {"A": [], "B": [], "C": []})
        self.assertEqual(len(data["warnings"]), 3)

    def test_it_finds_a_salesperson_by_erp_code(self) -> None:
        self.alice_sp.code = "S-0042"
        self.alice_sp.save()
        self.login(self.mary)
        r = self.get(portfolio_url("S-0042"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["user"], "alice")

    def test_it_lets_the_manager_read(self) -> None:
        self.login(self.mary)
        r = self.get()
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(r.json()["tiers"]["A"]), 1)

    def test_it_lets_a_teammate_read(self) -> None:
        self.login(self.bob)
        r = self.get()
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["tiers"]["A"][0]["customer_code"], "AL001")

    def test_it_lets_the_administrator_read(self) -> None:
        self.login(self.root)
        self.assertEqual(self.get().status_code, 200)

    def test_it_hides_the_portfolio_from_another_team(self) -> None:
        self.login(self.charlie)
        r = self.get()
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json(), {"detail": "Not found"})

    def test_it_gives_the_same_404_for_an_unknown_salesperson(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.get(portfolio_url("nobody")).json(), self.get().json())

    def test_it_requires_authentication(self) -> None:
        r = self.get()
        self.assertEqual(r.status_code, 401)
        self.assertNotIn("tiers", r.json())

    def test_it_rejects_a_year_out_of_range(self) -> None:
        self.login(self.alice)
        for year in (-1, 0, 1, 99999):
            with self.subTest(year=year):
                self.assertEqual(self.get(portfolio_url(year=year)).status_code, 422)
                self.assertEqual(self.get(portfolio_url(year=year) + "/history").status_code, 422)

    def test_it_accepts_a_bearer_token(self) -> None:
        _token, raw = create_token(user=self.alice, name="laptop")
        r = self.get(headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["user"], "alice")

    def test_it_scopes_a_bearer_token_to_its_user(self) -> None:
        _token, raw = create_token(user=self.charlie)
        r = self.get(headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(r.status_code, 404)
        _token, raw = create_token(user=self.bob)
        self.assertEqual(self.get(headers={"Authorization": f"Bearer {raw}"}).status_code, 200)

    def test_it_records_when_a_token_was_last_used(self) -> None:
        token, raw = create_token(user=self.alice)
        self.assertIsNone(token.last_used)
        self.get(headers={"Authorization": f"Bearer {raw}"})
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used)

    def test_it_rejects_a_revoked_token(self) -> None:
        token, raw = create_token(user=self.alice)
        revoke_token(token=token)
        r = self.get(headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(r.status_code, 401)

    def test_it_rejects_an_unknown_token(self) -> None:
        _token, raw = create_token(user=self.alice)
        r = self.get(headers={"Authorization": f"Bearer {raw}x"})
        self.assertEqual(r.status_code, 401)

    def test_it_rejects_the_token_of_an_inactive_user(self) -> None:
        _token, raw = create_token(user=self.alice)
        self.alice.is_active = False
        self.alice.save()
        self.assertEqual(self.get(headers={"Authorization": f"Bearer {raw}"}).status_code, 401)

    def test_it_does_not_store_the_raw_token(self) -> None:
        token, raw = create_token(user=self.alice)
        self.assertTrue(raw.startswith(token.prefix))
        self.assertFalse(ApiToken.objects.filter(token_hash=raw).exists())
        self.assertNotEqual(token.token_hash, raw)


class HistoryTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.customer = self.alice_customers[0]
        self.add(self.alice_sp, self.customer, "C")
        actions.move_entry(
            actor=self.mary,
            salesperson=self.alice_sp,
            year=YEAR,
            customer=self.customer,
            to_tier="B",
            reason="won the framework deal",
        )

    def test_it_lists_changes_newest_first(self) -> None:
        self.login(self.alice)
        r = self.client.get(portfolio_url() + "/history")
        self.assertEqual(r.status_code, 200)
        moved, added = r.json()
        self.assertEqual(moved["kind"], "moved")
        self.assertEqual((moved["from_tier"], moved["to_tier"]), ("C", "B"))
        self.assertEqual(moved["reason"], "won the framework deal")
        self.assertEqual(moved["changed_by"], "mary")
        self.assertEqual(moved["customer_code"], "AL001")
        self.assertEqual(moved["customer_name"], "AL Customer 1")
        self.assertEqual(added["kind"], "added")
        self.assertEqual((added["from_tier"], added["to_tier"]), (None, "C"))
        self.assertEqual(added["changed_by"], "alice")

    def test_it_is_empty_without_a_portfolio(self) -> None:
        self.login(self.alice)
        r = self.client.get(portfolio_url(year=YEAR + 1) + "/history")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json(), [])

    def test_it_lets_the_team_read_the_history(self) -> None:
        for user in (self.bob, self.mary, self.root):
            with self.subTest(user=user.username):
                self.login(user)
                r = self.client.get(portfolio_url() + "/history")
                self.assertEqual(r.status_code, 200)
                self.assertEqual(len(r.json()), 2)

    def test_it_hides_the_history_from_another_team(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(portfolio_url() + "/history").status_code, 404)

    def test_it_requires_authentication_for_the_history(self) -> None:
        self.assertEqual(self.client.get(portfolio_url() + "/history").status_code, 401)

    def test_it_reads_the_history_with_a_bearer_token(self) -> None:
        _token, raw = create_token(user=self.alice)
        r = self.client.get(
            portfolio_url() + "/history", headers={"Authorization": f"Bearer {raw}"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(r.json()), 2)


class QueryCountTestCase(BaseTestCase):
    def count_queries(self) -> int:
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(portfolio_url())
        self.assertEqual(r.status_code, 200)
        return len(ctx.captured_queries)

    def test_it_reads_a_full_portfolio_in_as_many_queries_as_a_small_one(self) -> None:
        for customer in self.alice_customers[:15]:
            sell(customer, "100.00", "20.00")
        self.add(self.bob_sp, self.alice_customers[0], "C")  # one shared customer
        self.login(self.alice)
        for index, customer in enumerate(self.alice_customers[:3]):
            self.add(self.alice_sp, customer, "ABC"[index])
        self.count_queries()  # warm up: session, settings row
        small = self.count_queries()

        for index, customer in enumerate(self.alice_customers[3:15]):
            self.add(self.alice_sp, customer, "ABC"[index % 3])
        full = self.count_queries()
        data = self.client.get(portfolio_url()).json()
        self.assertEqual([len(data["tiers"][t]) for t in "ABC"], [5, 5, 5])
        self.assertEqual(full, small)
        self.assertLessEqual(full, 15)
