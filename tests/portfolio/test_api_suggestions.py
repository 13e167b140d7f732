"""GET /api/v1/portfolios/{handle}/{year}/suggestions and ?as_of= on the portfolio endpoints."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import Customer
from firstchoice.lib.http import today
from firstchoice.teams.actions import create_token
from tests.base import YEAR as THIS_YEAR
from tests.base import make_customers
from tests.portfolio.history import AS_OF, P12M, T12M, YEAR, HistoryTestCase, sell_on
from tests.portfolio.test_suggestions import line_sum

URL = f"/api/v1/portfolios/alice/{YEAR}/suggestions?as_of={AS_OF.isoformat()}"


class SuggestionsApiTestCase(HistoryTestCase):
    def get(self, url: str = URL, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(url, **kwargs)

    def test_it_gives_the_owner_the_suggestions_per_tier(self) -> None:
        self.login(self.alice)
        r = self.get()
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual((data["user"], data["year"], data["as_of"]), ("alice", 1998, "1998-08-02"))
        self.assertEqual(
            {tier: [s["customer_code"] for s in found] for tier, found in data["tiers"].items()},
            {
                "A": ["AL001", "AL002"],
                "B": ["AL004"],
                "C": ["AL007", "AL008", "UN001", "AL011", "PR001"],
            },
        )
        self.assertEqual(data["customers_with_sales"], 48)
        self.assertEqual(data["top_threshold"], "30000.00")
        self.assertEqual(data["own_median"], "12500.00")
        self.assertEqual(data["top_segments"], ["Steel", "Auto", "Food"])
        self.assertEqual(data["room"], {"A": 4, "B": 5, "C": 5})

    def test_it_has_the_documented_suggestion_shape(self) -> None:
        self.login(self.alice)
        first = self.get().json()["tiers"]["A"][0]
        self.assertEqual(
            first,
            {
                "customer_code": "AL001",
                "customer_name": "AL Customer 1",
                "owner": "alice",
                "segment": "Steel",
                "payment_terms": "",
                "tier": "A",
                "score": "100000.00",
                "t12m_sales": "100000.00",
                "t12m_margin": "20000.00",
                "margin_pct": "20.0",
                "t12m_lines": 1,
                "previous_12m_sales": "95000.00",
                "yoy_growth_pct": "5.3",
                "percentile": "100.0",
                "top_pct": "2.1",
                "potential": None,
                "wallet_share_pct": None,
                "headroom": None,
                "explanation": "T12M 100,000 (top 2.1% of customers), +5.3% year on year, "
                "margin 20%, potential unknown",
                "reasons": [
                    {"kind": "sales", "text": "T12M 100,000 (top 2.1% of customers)"},
                    {"kind": "growth", "text": "+5.3% year on year"},
                    {"kind": "margin", "text": "margin 20%"},
                    {"kind": "potential_unknown", "text": "potential unknown"},
                ],
            },
        )

    def test_it_reproduces_the_amounts_from_the_raw_lines(self) -> None:
        self.login(self.alice)
        for found in self.get().json()["tiers"].values():
            for s in found:
                customer = Customer.objects.get(code=s["customer_code"])
                amount, margin = line_sum(customer, *T12M)
                self.assertEqual(Decimal(s["t12m_sales"]), amount)
                self.assertEqual(Decimal(s["t12m_margin"]), margin)
                self.assertEqual(Decimal(s["previous_12m_sales"]), line_sum(customer, *P12M)[0])

    def test_it_marks_customers_nobody_owns(self) -> None:
        self.login(self.alice)
        c = {s["customer_code"]: s for s in self.get().json()["tiers"]["C"]}
        self.assertIsNone(c["UN001"]["owner"])
        self.assertEqual(c["AL007"]["yoy_growth_pct"], "-100.0")  # lost it all
        self.assertIsNone(c["AL008"]["yoy_growth_pct"])  # nothing to grow from: unknown
        self.assertEqual(c["AL008"]["t12m_sales"], "0.00")

    def test_it_lets_the_manager_and_a_teammate_read(self) -> None:
        for user in (self.mary, self.bob, self.root):
            with self.subTest(user=user.username):
                self.login(user)
                r = self.get()
                self.assertEqual(r.status_code, 200)
                self.assertEqual(len(r.json()["tiers"]["A"]), 2)

    def test_it_hides_suggestions_from_another_team(self) -> None:
        self.login(self.charlie)
        r = self.get()
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json(), {"detail": "Not found"})

    def test_it_requires_authentication(self) -> None:
        self.assertEqual(self.get().status_code, 401)

    def test_it_accepts_a_bearer_token(self) -> None:
        _token, raw = create_token(user=self.alice)
        r = self.get(headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(r.status_code, 200)

    def test_it_refuses_other_methods(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(URL).status_code, 405)
        self.assertEqual(self.client.delete(URL).status_code, 405)

    def test_it_names_a_bad_as_of(self) -> None:
        self.login(self.alice)
        for bad in ("1998-13-01", "1998-8-2", "tomorrow", "0999-01-01"):
            with self.subTest(as_of=bad):
                r = self.get(f"/api/v1/portfolios/alice/{YEAR}/suggestions?as_of={bad}")
                self.assertEqual(r.status_code, 422)
                (error,) = r.json()["detail"]
                self.assertEqual(error["loc"], ["query", "as_of"])
                self.assertTrue(error["msg"])

    def test_it_defaults_to_the_end_of_a_past_year(self) -> None:
        self.login(self.alice)
        data = self.get(f"/api/v1/portfolios/alice/{YEAR}/suggestions").json()
        self.assertEqual(data["as_of"], "1998-12-31")
        self.assertEqual(
            self.get(f"/api/v1/portfolios/alice/{THIS_YEAR}/suggestions").json()["as_of"],
            today().isoformat(),
        )

    def test_it_answers_in_the_same_number_of_queries_for_more_data(self) -> None:
        _token, raw = create_token(user=self.alice)
        auth = {"Authorization": f"Bearer {raw}"}

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.get(headers=auth).status_code, 200)
            return len(ctx.captured_queries)

        count()
        small = count()
        for index, customer in enumerate(make_customers(self.alice_sp, "XL", 40)):
            sell_on(customer, AS_OF.replace(month=1 + index % 7), f"{100 + index}.00")
        self.assertEqual(count(), small)


class PortfolioAsOfTestCase(HistoryTestCase):
    def test_it_computes_the_portfolio_figures_as_of_a_date(self) -> None:
        self.login(self.alice)
        url = f"/api/v1/portfolios/alice/{YEAR}"
        entry = self.client.get(url, {"as_of": "1998-08-02"}).json()["tiers"]["A"][0]
        self.assertEqual(entry["customer_code"], "AL010")
        self.assertEqual(entry["t12m_sales"], "85000.00")
        later = self.client.get(url, {"as_of": "1999-04-01"}).json()
        self.assertEqual(later["as_of"], "1999-04-01")
        self.assertEqual(later["tiers"]["A"][0]["t12m_sales"], "0.00")  # March 1998 is out

    def test_it_names_a_bad_as_of_on_the_portfolio_and_team(self) -> None:
        self.login(self.alice)
        for url in (f"/api/v1/portfolios/alice/{YEAR}", f"/api/v1/teams/alpha/{YEAR}"):
            with self.subTest(url=url):
                r = self.client.get(url, {"as_of": "2-8-1998"})
                self.assertEqual(r.status_code, 422)
                self.assertEqual(r.json()["detail"][0]["loc"], ["query", "as_of"])

    def test_it_computes_the_team_figures_as_of_a_date(self) -> None:
        self.login(self.mary)
        data = self.client.get(f"/api/v1/teams/alpha/{YEAR}", {"as_of": "1998-08-02"}).json()
        alice = next(p for p in data["portfolios"] if p["user"] == "alice")
        self.assertEqual(alice["as_of"], "1998-08-02")
        self.assertEqual(alice["tiers"]["A"][0]["t12m_sales"], "85000.00")
