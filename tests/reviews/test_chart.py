"""The 15-account chart page: /reviews/<handle>/<YYYY-MM>/ (M7)."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import Customer
from firstchoice.reviews.queries import review_chart
from firstchoice.sales.actions import refresh_rollups
from tests.reviews.helpers import MONTH, MONTH_URL, ReviewCase, Y, sell_on

URL = f"/reviews/alice/{MONTH_URL}/"


class ChartTests(ReviewCase):
    def test_it_shows_every_account_with_expected_and_actual(self) -> None:
        self.login(self.alice)
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        self.assertEqual(body.count('class="tier-row'), 15)
        self.assertIn('data-customer="AL001"', body)
        chart = r.context["chart"]
        first = chart.rows[0]
        self.assertEqual(first.customer.code, "AL001")
        self.assertEqual(first.figures.expected_month, Decimal(1000))
        self.assertEqual(first.figures.actual_month, Decimal(1200))
        self.assertEqual(first.figures.expected_ytd, Decimal(6000))
        self.assertEqual(first.figures.actual_ytd, Decimal(7200))
        self.assertEqual(first.figures.ytd_variance.percent, Decimal("20.0"))
        self.assertIsNotNone(first.status)

    def test_it_keeps_a_credit_note_month_negative(self) -> None:
        self.login(self.alice)
        chart = self.client.get(URL).context["chart"]
        second = next(r for r in chart.rows if r.customer.code == "AL002")
        self.assertEqual(second.figures.actual_month, Decimal(-300))
        self.assertEqual(second.figures.actual_ytd, Decimal(200))
        self.assertIsNone(second.figures.expected_ytd)  # no plan: unknown, not zero
        self.assertIsNone(second.status)

    def test_it_totals_per_tier_and_overall(self) -> None:
        self.login(self.alice)
        chart = self.client.get(URL).context["chart"]
        self.assertEqual(list(chart.tier_totals), ["A", "B", "C"])
        a = chart.tier_totals["A"]
        self.assertEqual((a.accounts, a.with_expected), (5, 1))
        # Beside expected, the actual of the account compared; all accounts apart.
        self.assertEqual((a.actual_ytd, a.actual_ytd_all), (Decimal(7200), Decimal(7400)))
        self.assertEqual(chart.total.expected_ytd, Decimal(6000))
        self.assertEqual(chart.total.actual_month, Decimal(1200))
        self.assertEqual(chart.total.actual_month_all, Decimal(900))
        self.assertEqual(chart.total.month_variance.amount, Decimal(200))

    def test_it_shows_figures_that_reconcile_and_labels_all_accounts(self) -> None:
        self.login(self.alice)
        body = self.client.get(URL).content.decode()
        # Total: expected 1,000, actual compared 1,200, variance +200; all 15: 900.
        self.assertInHTML(
            '<span class="all-accounts small muted" title="Actual of all the accounts, '
            'including those without expected sales (not in the variance)">all 15: 900</span>',
            body,
        )
        self.assertIn("compared: 1 of 15 accounts · all 15: 900", body)

    def test_it_counts_sales_by_anyone_to_the_account(self) -> None:
        Customer.objects.filter(code="AL003").update(owner=self.bob_sp)
        sell_on(Customer.objects.get(code="AL003"), MONTH.replace(day=20), "250.00")
        refresh_rollups()
        self.login(self.alice)
        chart = self.client.get(URL).context["chart"]
        third = next(r for r in chart.rows if r.customer.code == "AL003")
        self.assertEqual(third.figures.actual_month, Decimal(250))

    def test_it_draws_the_svg_charts_without_external_scripts(self) -> None:
        self.login(self.alice)
        body = self.client.get(URL).content.decode()
        self.assertEqual(body.count("<svg"), 4)
        # pygal's tooltip script would be linked from a public CDN: js=[] links none.
        self.assertNotIn("kozea.github.io", body)
        self.assertNotIn('<script type="text/javascript" xlink:href', body)

    def test_it_links_the_months_of_the_year(self) -> None:
        self.login(self.alice)
        body = self.client.get(URL).content.decode()
        self.assertIn(f'href="/reviews/alice/{Y}-05/"', body)
        self.assertIn(f'href="/reviews/alice/{Y}-12/"', body)
        self.assertIn(f'href="/reviews/alice/{Y}-01/"', body)
        january = self.client.get(f"/reviews/alice/{Y}-01/").content.decode()
        self.assertIn(f'rel="prev" href="/reviews/alice/{Y - 1}-12/"', january)

    def test_it_shows_the_trend_across_months(self) -> None:
        self.login(self.alice)
        chart = self.client.get(URL).context["chart"]
        self.assertEqual(len(chart.trend), 6)
        month, may = chart.trend[4]
        # May: AL001 (planned) sold 1,200 against 1,000; AL002 (no plan) 500 more in all.
        self.assertEqual(month.month, 5)
        self.assertEqual(
            (may.expected, may.actual, may.variance.amount, may.actual_all),
            (Decimal(1000), Decimal(1200), Decimal(200), Decimal(1700)),
        )

    def test_it_says_when_there_is_no_portfolio(self) -> None:
        self.login(self.alice)
        r = self.client.get(f"/reviews/alice/{Y - 3}-02/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "No focus portfolio")

    def test_it_lets_a_teammate_read(self) -> None:
        self.login(self.bob)
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        self.assertIsNone(r.context["statement_form"])

    def test_it_lets_the_manager_read(self) -> None:
        self.login(self.mary)
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        self.assertIsNone(r.context["statement_form"])

    def test_it_hides_other_teams(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(URL).status_code, 404)

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(URL).status_code, 405)

    def test_it_is_not_a_page_for_a_bad_month(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/reviews/alice/{Y}-13/").status_code, 404)

    def test_it_reads_the_chart_in_a_fixed_number_of_queries(self) -> None:
        def count(month: str) -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(f"/reviews/alice/{month}/").status_code, 200)
            return len(ctx.captured_queries)

        self.login(self.alice)

        def start(customer: Customer) -> None:
            r = self.client.post(f"/plans/alice/{Y}/{customer.code}/start", {"start": "A"})
            self.assertEqual(r.status_code, 302)

        start(self.alice_customers[1])
        few = count(MONTH_URL)
        # Plans, objectives and actions on more accounts cost no more queries.
        for customer in self.alice_customers[2:10]:
            start(customer)
        self.assertEqual(count(MONTH_URL), few)
        with self.assertNumQueries(few):
            self.client.get(URL)

    def test_it_reads_the_chart_query_in_constant_queries(self) -> None:
        review_chart(self.alice_sp, MONTH)  # warm CompanySettings
        with CaptureQueriesContext(connection) as ctx:
            review_chart(self.alice_sp, MONTH)
        self.assertLessEqual(len(ctx.captured_queries), 20)
