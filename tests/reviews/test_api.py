"""GET /api/v1/reviews/{handle}/{month}: the 15-account chart (M7, M12)."""

from __future__ import annotations

from decimal import Decimal

from firstchoice.teams.actions import create_token
from firstchoice.teams.models import User
from tests.reviews.helpers import MONTH_URL, ReviewCase

URL = f"/api/v1/reviews/alice/{MONTH_URL}"


class ApiTests(ReviewCase):
    def auth(self, user: User) -> dict[str, str]:
        _token, raw = create_token(user=user)
        return {"Authorization": f"Bearer {raw}"}

    def test_it_returns_the_rows_and_totals(self) -> None:
        self.write_statement("Won the ACME trial.")
        r = self.client.get(URL, headers=self.auth(self.bob))
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual((data["user"], data["month"]), ("alice", MONTH_URL))
        self.assertEqual(len(data["rows"]), 15)
        first = data["rows"][0]
        self.assertEqual(first["customer_code"], "AL001")
        self.assertEqual(first["expected_ytd"], "6000.00")
        self.assertEqual(first["actual_ytd"], "7200.00")
        self.assertEqual(first["variance_ytd_pct"], "20.0")
        self.assertTrue(first["has_plan"])
        self.assertIn("no_coach", first["flags"])
        second = data["rows"][1]
        self.assertEqual(second["actual_month"], "-300.00")
        self.assertIsNone(second["expected_month"])
        self.assertIsNone(second["objectives_on_track"])
        self.assertEqual(list(data["tiers"]), ["A", "B", "C"])
        self.assertEqual(data["total"]["accounts"], 15)
        self.assertEqual(data["total"]["with_expected"], 1)
        self.assertEqual(data["statement"]["progress"], "Won the ACME trial.")

    def test_it_returns_figures_where_variance_is_actual_minus_expected(self) -> None:
        """Issue 12: every row, tier total and total reconciles on the fields beside it."""
        data = self.client.get(URL, headers=self.auth(self.bob)).json()
        figures = [*data["rows"], *data["tiers"].values(), data["total"]]
        checked = 0
        for f in figures:
            for period in ("month", "ytd"):
                variance = f[f"variance_{period}"]
                if variance is None:
                    self.assertIsNone(f[f"expected_{period}"])
                    continue
                expected, actual = f[f"expected_{period}"], f[f"actual_{period}"]
                self.assertEqual(Decimal(variance), Decimal(actual) - Decimal(expected))
                checked += 1
        self.assertGreaterEqual(checked, 6)
        total = data["total"]
        self.assertEqual(
            (total["expected_month"], total["actual_month"], total["variance_month"]),
            ("1000.00", "1200.00", "200.00"),
        )
        # The actual of all fifteen accounts, separately: 1,200 and a credit note of 300.
        self.assertEqual(total["actual_month_all"], "900.00")
        self.assertEqual(total["with_expected_month"], 1)
        rows_all = sum(Decimal(r["actual_ytd_all"]) for r in data["rows"])
        self.assertEqual(Decimal(total["actual_ytd_all"]), rows_all)

    def test_it_works_with_a_session(self) -> None:
        self.login(self.mary)
        self.assertEqual(self.client.get(URL).status_code, 200)

    def test_it_hides_other_teams(self) -> None:
        r = self.client.get(URL, headers=self.auth(self.charlie))
        self.assertEqual(r.status_code, 404)

    def test_it_names_a_bad_month(self) -> None:
        r = self.client.get("/api/v1/reviews/alice/2025-13", headers=self.auth(self.alice))
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"][0]["loc"][-1], "month")

    def test_it_asks_for_credentials(self) -> None:
        self.assertEqual(self.client.get(URL).status_code, 401)

    def test_it_refuses_the_wrong_method(self) -> None:
        r = self.client.post(URL, headers=self.auth(self.alice))
        self.assertEqual(r.status_code, 405)
