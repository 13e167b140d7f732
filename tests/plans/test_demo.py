"""The demo's plans: most portfolio accounts have one, and the checks find the planted defects."""

from __future__ import annotations

from django.db.models import F
from django.test import TestCase

from firstchoice.plans.models import Action, Comment, Plan
from firstchoice.plans.queries import addressed_people, plan_status
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.teams.models import Salesperson
from tests.base import TODAY
from tests.demo_company import load_demo


class DemoPlansTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(today=TODAY, customers=400)

    def test_it_plans_most_portfolio_accounts(self) -> None:
        entries = PortfolioEntry.objects.filter(portfolio__year=TODAY.year).count()
        plans = Plan.objects.filter(year=TODAY.year).count()
        assert entries * 0.7 <= plans < entries

    def test_it_plants_defects_the_checks_catch(self) -> None:
        codes: dict[str, set[str]] = {}
        for person in Salesperson.objects.filter(code__in=["rep1", "rep2", "rep6"]):
            found = plan_status(person, TODAY.year, as_of=TODAY)
            codes[person.code] = {p["code"] for s in found.values() for p in s.problems}
        assert {
            "objective_no_target",
            "objective_no_due",
            "action_no_owner",
            "action_no_due",
            "action_no_purpose",
        } <= codes["rep1"]
        assert "owner_overloaded" in codes["rep2"]
        if Action.objects.filter(due__lt=TODAY).exists():  # nothing can be overdue before then
            assert any("action_overdue" in c for c in codes.values())

    def test_it_has_actions_waiting_declined_and_comments(self) -> None:
        assert Action.objects.filter(owner__username="rep7", status="proposed").exists()
        assert Action.objects.filter(owner__username="rep3", status="declined").exists()
        # Most of what fell due so far is done, whatever the day of the year the demo is made.
        # (Early in the year, e.g. on 29 February, nothing planned in January has fallen due.)
        due = Action.objects.filter(due__lt=TODAY, owner=F("plan__salesperson__user"))
        assert due.filter(status="done").count() >= 0.6 * due.count()
        assert Comment.objects.filter(author__username="manager1").exists()

    def test_it_links_pains_to_objectives(self) -> None:
        ids = list(Plan.objects.filter(year=TODAY.year).values_list("customer_id", flat=True))
        assert len(addressed_people(ids, TODAY.year)) >= 5

    def test_it_sets_expected_sales_by_month(self) -> None:
        with_months = [p for p in Plan.objects.filter(year=TODAY.year) if p.expected_by_month]
        assert len(with_months) > 20
