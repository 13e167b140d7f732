"""Tier suggestions from the sales data: the query, the board's panel, as of a past date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from firstchoice.customers.models import Customer
from firstchoice.portfolio import suggestions, windows
from firstchoice.portfolio.models import PortfolioEntry, TierChange
from firstchoice.sales.models import SalesLine
from firstchoice.teams.models import CompanySettings, Salesperson
from tests.base import YEAR as THIS_YEAR
from tests.base import BaseTestCase, make_customers, sell
from tests.portfolio.history import (
    AS_OF,
    P12M,
    T12M,
    YEAR,
    HistoryTestCase,
    sell_as,
    sell_on,
)

PANEL = f"/board/alice/{YEAR}/suggestions?as_of={AS_OF.isoformat()}"
HTMX = {"HX-Request": "true"}


def codes(found: suggestions.Suggestions) -> dict[str, list[str]]:
    return {tier: [v.customer.code for v in views] for tier, views in found.tiers.items()}


def flat(found: suggestions.Suggestions) -> tuple[object, ...]:
    """Everything a page, the API or the CLI shows of the suggestions."""
    return (
        found.salesperson.pk,
        found.context,
        found.customers_with_sales,
        found.room,
        {
            tier: [
                (v.customer.code, v.customer.owner_id, str(v.score), v.explanation, v.candidate)
                for v in views
            ]
            for tier, views in found.tiers.items()
        },
    )


def line_sum(customer: Customer, first: dt.date, last: dt.date) -> tuple[Decimal, Decimal]:
    totals = SalesLine.objects.filter(
        customer=customer, invoice_date__range=(first, last)
    ).aggregate(amount=Sum("amount"), margin=Sum("margin"))
    return totals["amount"] or Decimal("0.00"), totals["margin"] or Decimal("0.00")


class SuggestionsQueryTestCase(HistoryTestCase):
    def suggest(self, **kwargs: object) -> suggestions.Suggestions:
        return suggestions.suggestions(self.alice_sp, YEAR, AS_OF, **kwargs)  # type: ignore[arg-type]

    def test_it_suggests_each_tier_from_the_sales_as_of_the_date(self) -> None:
        self.assertEqual(
            codes(self.suggest()),
            {
                "A": ["AL001", "AL002"],
                "B": ["AL004"],
                "C": ["AL007", "AL008", "UN001", "AL011", "PR001"],
            },
        )

    def test_it_ranks_among_every_customer_of_the_company(self) -> None:
        found = self.suggest()
        self.assertEqual(found.customers_with_sales, 48)
        self.assertEqual(found.context.threshold, Decimal("30000.00"))
        self.assertEqual(found.context.own_median, Decimal("12500.00"))
        self.assertEqual(found.context.top_segments, ("Steel", "Auto", "Food"))
        first = found.tiers["A"][0].candidate
        self.assertEqual((first.percentile, first.top_share), (Decimal("100.0"), Decimal("2.1")))

    def test_it_explains_each_suggestion_with_its_figures(self) -> None:
        found = self.suggest()
        self.assertEqual(
            found.tiers["A"][0].explanation,
            "T12M 100,000 (top 2.1% of customers), +5.3% year on year, margin 20%, "
            "potential unknown",
        )
        self.assertEqual(
            found.tiers["B"][0].explanation,
            "T12M 20,000, -20% year on year, margin 25%, above your median 12,500, "
            "potential unknown, NET30",
        )
        self.assertEqual(
            found.tiers["C"][2].explanation,
            "No sales in the last 12 months, 8,000 in the 24 months before, potential unknown, "
            "nobody owns this customer yet",
        )
        self.assertIn("segment Steel is one of your top 3", found.tiers["C"][3].explanation)

    def test_it_explains_in_chinese(self) -> None:
        with translation.override("zh-hans"):
            explanation = self.suggest().tiers["A"][0].explanation
        self.assertIn("100,000", explanation)
        self.assertNotIn("year on year", explanation)
        self.assertNotIn("potential unknown", explanation)

    def test_it_words_each_explanation_when_read_in_the_language_it_was_asked_in(self) -> None:
        for language, other in (("en", "zh-hans"), ("zh-hans", "en")):
            with self.subTest(language=language), translation.override(language):
                found = self.suggest()
                views = [v for items in found.tiers.values() for v in items]
                self.assertTrue(views)
                self.assertFalse(any("explanation" in vars(v) for v in views))  # not yet
                eager = [suggestions.explain(v.facts) for v in views]
                with translation.override(other):  # read later, in another request's language
                    self.assertEqual([v.explanation for v in views], eager)
                self.assertEqual([v.explanation for v in views], eager)

    def test_it_words_the_same_explanations_for_a_batch_as_for_one(self) -> None:
        with translation.override("zh-hans"):
            one = self.suggest()
            batch = suggestions.suggestions_for([self.alice_sp, self.bob_sp], YEAR, AS_OF)
        self.assertEqual(flat(batch[self.alice_sp.pk]), flat(one))
        self.assertIn("同比", one.tiers["A"][0].explanation)

    def test_it_reproduces_every_figure_from_the_raw_lines_to_the_cent(self) -> None:
        for views in self.suggest().tiers.values():
            for view in views:
                with self.subTest(customer=view.customer.code):
                    current = line_sum(view.customer, *T12M)
                    previous = line_sum(view.customer, *P12M)
                    self.assertEqual((view.figures.amount, view.figures.margin), current)
                    self.assertEqual(view.previous.amount, previous[0])

    def test_it_sums_the_partial_months_at_the_edges_from_the_lines(self) -> None:
        edge = Customer.objects.get(code="AL006")
        self.add_to(self.alice_sp, Customer.objects.get(code="AL004"), "B", YEAR)  # median moves
        found = suggestions.suggestions(self.alice_sp, YEAR, AS_OF)
        everyone = windows.amounts_by_customer(*T12M)
        self.assertEqual(everyone[edge.pk], Decimal("1000.00"))  # 400 + 600, not 7,777 or 8,888
        self.assertEqual(line_sum(edge, *T12M)[0], Decimal("1000.00"))
        self.assertNotIn("AL004", codes(found)["B"])

    def test_it_excludes_cod_blocked_listed_and_other_owners_customers(self) -> None:
        suggested = {code for found in codes(self.suggest()).values() for code in found}
        for code in ("AL003", "AL009", "AL010", "BO005", "AL005", "AL006", "AL012", "PR002"):
            self.assertNotIn(code, suggested)

    def test_it_treats_customers_buying_mostly_on_cod_terms_as_cod(self) -> None:
        al004 = Customer.objects.get(code="AL004")  # NET30 in the master, 20,000 T12M
        sell_as(self.alice_sp, al004, dt.date(1998, 5, 1), "21000.00", terms="货到付款")
        found = codes(self.suggest())
        self.assertNotIn("AL004", found["A"] + found["B"])

    def test_it_keeps_customers_paying_cod_now_and_then(self) -> None:
        al004 = Customer.objects.get(code="AL004")
        sell_as(self.alice_sp, al004, dt.date(1998, 8, 1), "5000.00", terms="COD")  # edge month
        self.assertIn("AL004", codes(self.suggest())["B"])

    def test_it_excludes_inactive_customers(self) -> None:
        Customer.objects.filter(code="AL001").update(status=Customer.Status.INACTIVE)
        self.assertEqual(codes(self.suggest())["A"], ["AL002"])

    def test_it_caps_each_tier(self) -> None:
        found = self.suggest(limit=2)
        self.assertEqual(codes(found)["C"], ["AL007", "AL008"])

    def test_it_counts_free_slots(self) -> None:
        self.assertEqual(self.suggest().room, {"A": 4, "B": 5, "C": 5})
        CompanySettings.objects.filter(pk=1).update(tier_a_capacity=1)
        self.assertEqual(self.suggest().room["A"], 0)

    def test_it_computes_a_year_earlier_from_the_data_of_that_date(self) -> None:
        found = suggestions.suggestions(self.alice_sp, YEAR - 1, dt.date(1997, 8, 2))
        # As of 1997-08-02 AL007 still bought (30,000 in March 1997): not lapsed yet.
        self.assertNotIn("AL007", codes(found)["C"])
        al007 = next(
            v for views in found.tiers.values() for v in views if v.customer.code == "AL007"
        )
        self.assertEqual(al007.figures.amount, Decimal("30000.00"))

    def test_it_suggests_nothing_without_sales_data(self) -> None:
        found = suggestions.suggestions(self.alice_sp, YEAR, dt.date(1980, 1, 31))
        self.assertEqual(found.count, 0)
        self.assertEqual(found.customers_with_sales, 0)
        self.assertIsNone(found.context.threshold)

    def test_it_runs_a_fixed_number_of_queries_whatever_the_data(self) -> None:
        CompanySettings.load()

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                suggestions.suggestions(self.alice_sp, YEAR, AS_OF)
            return len(ctx.captured_queries)

        small = count()
        many = make_customers(self.alice_sp, "XL", 60)
        Customer.objects.filter(code__startswith="XL").update(segment="Steel")
        for index, customer in enumerate(many):
            sell_on(customer, dt.date(1998, 1 + index % 7, 10), f"{1000 + index * 500}.00")
            sell_on(customer, dt.date(1996, 12, 1 + index % 28), "700.00")
        Customer.objects.bulk_create(
            [
                Customer(code=f"PX{i:03d}", name=f"P{i}", segment="Steel", status="prospect")
                for i in range(40)
            ]
        )
        self.add_to(self.alice_sp, many[0], "B", YEAR)
        large = count()
        self.assertEqual(small, large)
        self.assertLessEqual(large, 20)


class BatchTestCase(HistoryTestCase):
    """`suggestions_for`: many salespeople at once, the same answer as one at a time."""

    def test_it_gives_each_salesperson_what_they_get_alone(self) -> None:
        dave = Salesperson.objects.create(code="dave", name="Dave D")  # no customers
        unowned = Customer.objects.get(code="UN001")
        sell_as(self.bob_sp, unowned, dt.date(1996, 11, 4), "2500.00")  # both invoiced it
        people = [self.alice_sp, self.bob_sp, self.charlie_sp, dave]
        for as_of in (AS_OF, dt.date(1998, 7, 31)):
            batch = suggestions.suggestions_for(people, YEAR, as_of)
            self.assertEqual(list(batch), [p.pk for p in people])
            for person in people:
                with self.subTest(as_of=as_of, salesperson=person.code):
                    alone = suggestions.suggestions(person, YEAR, as_of)
                    self.assertEqual(flat(batch[person.pk]), flat(alone))
        self.assertIn("UN001", codes(batch[self.alice_sp.pk])["C"])
        self.assertIn("UN001", codes(batch[self.bob_sp.pk])["C"])
        self.assertEqual(batch[dave.pk].count, 0)

    def test_it_answers_nothing_for_nobody(self) -> None:
        self.assertEqual(suggestions.suggestions_for([], YEAR, AS_OF), {})

    def test_it_runs_the_same_queries_for_2_and_20_salespeople(self) -> None:
        CompanySettings.load()
        people = [self.alice_sp, self.bob_sp]
        for index in range(18):
            person = Salesperson.objects.create(code=f"SP{index:02d}", name=f"SP {index}")
            customer = make_customers(person, f"S{index:02d}-", 2)[0]
            Customer.objects.filter(pk=customer.pk).update(segment="Steel")
            sell_as(person, customer, dt.date(1998, 2, 1 + index), f"{1000 + index}.00")
            people.append(person)

        def count(batch: list[Salesperson]) -> int:
            with CaptureQueriesContext(connection) as ctx:
                found = suggestions.suggestions_for(batch, YEAR, AS_OF)
            self.assertEqual(len(found), len(batch))
            return len(ctx.captured_queries)

        self.assertEqual(count(people[:2]), count(people))
        self.assertLessEqual(count(people), 12)


class TodayTestCase(BaseTestCase):
    """Without as_of: today's trailing 12 months, like the board."""

    def test_it_uses_recent_sales_by_default(self) -> None:
        for index, customer in enumerate(self.alice_customers[:12]):
            sell(customer, f"{(index + 1) * 1000}.00", "10.00")
        sell(self.alice_customers[12], "5000.00", "5.00", days_ago=500)  # lapsed
        found = suggestions.suggestions(self.alice_sp, THIS_YEAR, timezone.localdate())
        self.assertEqual(codes(found)["A"], ["AL012", "AL011"])  # top 10% of 12, rounded up
        self.assertEqual(codes(found)["C"], ["AL013"])


class SuggestionsPanelTestCase(HistoryTestCase):
    def test_it_shows_the_owner_the_suggestions_with_add_buttons(self) -> None:
        self.login(self.alice)
        r = self.client.get(PANEL, headers=HTMX)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertNotIn("<html", html)  # the fragment only
        for code in ("AL001", "AL002", "AL004", "AL007", "PR001"):
            self.assertIn(f'data-customer="{code}"', html)
        self.assertIn("T12M 100,000 (top 2.1% of customers)", html)
        self.assertEqual(html.count("Add to tier A"), 2)
        self.assertIn(f'action="/board/alice/{YEAR}/add"', html)
        self.assertIn('name="reason" value="T12M 100,000', html)
        self.assertIn("The top 10% starts at 30,000.", html)

    def test_it_renders_a_whole_page_without_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.get(PANEL)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn("<html", html)
        self.assertIn('data-customer="AL001"', html)
        self.assertNotIn("hx-post", html.split('data-customer="AL001"')[1].split("</li>")[0])

    def test_it_lets_the_manager_add(self) -> None:
        self.login(self.mary)
        html = self.client.get(PANEL, headers=HTMX).content.decode()
        self.assertIn("Add to tier A", html)

    def test_it_is_read_only_for_a_teammate(self) -> None:
        self.login(self.bob)
        r = self.client.get(PANEL, headers=HTMX)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn('data-customer="AL001"', html)
        self.assertNotIn("Add to tier", html)
        self.assertNotIn("csrfmiddlewaretoken", html)

    def test_it_is_404_for_another_team(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(PANEL, headers=HTMX).status_code, 404)

    def test_it_redirects_anonymous_to_login(self) -> None:
        r = self.client.get(PANEL)
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/login/"))

    def test_it_refuses_post(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(PANEL).status_code, 405)

    def test_it_names_a_bad_as_of(self) -> None:
        self.login(self.alice)
        for bad in ("1998-02-30", "02.08.1998", "yesterday", "0001-01-01"):
            with self.subTest(as_of=bad):
                r = self.client.get(f"/board/alice/{YEAR}/suggestions?as_of={bad}")
                self.assertEqual(r.status_code, 400)
                self.assertIn("as_of", r.content.decode())

    def test_it_says_when_a_tier_is_full(self) -> None:
        CompanySettings.objects.filter(pk=1).update(tier_a_capacity=1)
        self.login(self.alice)
        html = self.client.get(PANEL, headers=HTMX).content.decode()
        self.assertNotIn("Add to tier A", html)
        self.assertIn("Tier A is full", html)
        self.assertIn("Add to tier B", html)

    def test_it_adds_a_suggestion_with_its_explanation_as_the_reason(self) -> None:
        self.login(self.alice)
        html = self.client.get(PANEL, headers=HTMX).content.decode()
        reason = html.split('name="reason" value="')[1].split('"')[0]
        r = self.client.post(
            f"/board/alice/{YEAR}/add",
            {"customer": "AL001", "tier": "A", "reason": reason, "from_suggestions": "1"},
            headers=HTMX,
        )
        self.assertEqual(r.status_code, 200)
        self.assertTrue(
            PortfolioEntry.objects.filter(
                portfolio__salesperson=self.alice_sp, portfolio__year=YEAR, customer__code="AL001"
            ).exists()
        )
        change = TierChange.objects.get(customer__code="AL001")
        self.assertEqual(change.reason, reason)
        self.assertEqual(change.changed_by, self.alice)
        board = r.content.decode()
        self.assertIn('id="suggestions" open', board)  # the panel stays open
        self.assertIn('hx-trigger="load"', board)
        # The next load no longer suggests it.
        self.assertNotIn(
            'data-customer="AL001"', self.client.get(PANEL, headers=HTMX).content.decode()
        )


class BoardPanelTestCase(BaseTestCase):
    def test_it_offers_the_panel_closed_and_loads_it_when_opened(self) -> None:
        self.login(self.alice)
        html = self.client.get(f"/board/alice/{THIS_YEAR}/").content.decode()
        self.assertIn("Suggestions from your sales data", html)
        self.assertIn(f'hx-get="/board/alice/{THIS_YEAR}/suggestions?as_of=', html)
        self.assertIn('hx-trigger="toggle once"', html)
        self.assertNotIn('id="suggestions" open', html)

    def test_it_passes_the_board_date_to_the_panel(self) -> None:
        self.login(self.alice)
        html = self.client.get(f"/board/alice/{THIS_YEAR}/?as_of=2024-06-30").content.decode()
        self.assertIn("suggestions?as_of=2024-06-30", html)
