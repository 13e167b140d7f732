"""Issue 12: a plan template starts from figures that reconcile with the board (a full twelve
months of sales, the card's wallet share), dates are checked when entered, and a plan
started late is never born past due."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from firstchoice.plans import rules
from firstchoice.plans.actions import action_items, objectives, plans
from firstchoice.plans.models import Metric, Objective
from firstchoice.plans.queries import plan_view
from firstchoice.portfolio.queries import board
from firstchoice.sales.queries import figures_between
from firstchoice.teams.actions import create_token
from tests.base import TODAY, YEAR, sell
from tests.customers.research import estimate
from tests.plans.base import PlanTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_reads_the_baseline_from_a_full_twelve_months() -> None:
    # The plan's year has not begun: the twelve months to today, not January to today.
    assert rules.baseline_window(2027, dt.date(2026, 11, 30)) == (
        dt.date(2025, 12, 1),
        dt.date(2026, 11, 30),
    )
    # Last year is over: last year.
    assert rules.baseline_window(2026, dt.date(2026, 6, 16)) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert rules.baseline_window(2025, dt.date(2024, 2, 29)) == (
        dt.date(2023, 3, 1),
        dt.date(2024, 2, 29),
    )


def test_it_says_an_objective_past_due_and_not_reached_is_a_problem() -> None:
    late = rules.ObjectiveFacts(1, "First order", Decimal(1), dt.date(2026, 6, 30))
    reached = rules.ObjectiveFacts(2, "Won", Decimal(1), dt.date(2026, 6, 30), reached=True)
    found = rules.check_plan([late, reached], [], as_of=dt.date(2026, 7, 1))
    assert [(p.code, p.ref) for p in found] == [("objective_overdue", 1)]
    assert rules.check_plan([late], [], as_of=dt.date(2026, 6, 30)) == []


class TemplateStartTests(PlanTestCase):
    def test_it_takes_the_baseline_of_a_plan_started_before_its_year_from_twelve_months(
        self,
    ) -> None:
        # Started on 30 November of the year before: December has not been sold yet, so the
        # baseline is December two years back to November, not January to November.
        plan = plans.start_plan(
            actor=self.alice,
            salesperson=self.alice_sp,
            customer=self.account,
            year=YEAR,
            start="A",
            today=dt.date(YEAR - 1, 11, 30),
        )
        sales = plan.objectives.get(metric=Metric.SALES)
        window = figures_between(
            dt.date(YEAR - 2, 12, 1), dt.date(YEAR - 1, 11, 30), customer_ids=[self.account.pk]
        )[self.account.pk]
        assert sales.baseline == window.amount == Decimal("100000.01")  # 11 × 9,090.91 + 0

    def test_it_starts_the_share_from_the_wallet_share_the_board_card_shows(self) -> None:
        estimate(self.alice, self.account, total="250000.00", other="50000.00")
        # A sale inside the trailing 12 months whatever day it is (the other sales of this
        # case lie in last year, outside the window on 31 December).
        sell(self.account, "20000.00", "2000.00", days_ago=20)
        plan = self.start()
        share = plan.objectives.get(metric=Metric.SHARE)
        card = next(
            c
            for col in board(self.alice_sp, YEAR, TODAY).columns
            for c in col.cards
            if c.customer == self.account
        )
        assert card.wallet_share is not None
        assert share.baseline == card.wallet_share.quantize(Decimal("0.01"))
        assert share.current_value == share.baseline  # where the account stands today
        assert share.baseline > 0

    def test_it_leaves_the_share_baseline_unknown_without_a_potential(self) -> None:
        plan = self.start()
        assert plan.objectives.get(metric=Metric.SHARE).baseline is None

    def test_it_never_starts_a_plan_with_an_objective_or_action_past_due(self) -> None:
        late = dt.date(YEAR, 7, 1)  # the tier C template wants the first order by June
        plan = plans.start_plan(
            actor=self.alice,
            salesperson=self.alice_sp,
            customer=self.tier_c,
            year=YEAR,
            start="C",
            today=late,
        )
        dues = [o.due for o in plan.objectives.all()] + [a.due for a in plan.actions.all()]
        assert dues and all(d is not None and late <= d <= dt.date(YEAR, 12, 31) for d in dues)
        for a in plan.actions.all():
            assert a.objective is not None and a.due <= a.objective.due
        view = plan_view(plan, late)
        assert not [p for p in view.problems if p["code"].endswith("overdue")]

    def test_it_does_not_say_passed_while_an_objective_is_past_due(self) -> None:
        plan = self.start(start="blank")
        objectives.add_objective(
            actor=self.alice,
            plan=plan,
            title="First order",
            metric="custom",
            target=Decimal(1),
            due=TODAY - dt.timedelta(days=1),
            owner=self.alice,
        )
        self.login(self.alice)
        html = self.client.get(self.plan_url()).content.decode()
        assert "Plan checks passed" not in html
        assert 'data-code="objective_overdue"' in html
        assert "“First order” is past its due date" in html


class DueDateTests(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start(start="blank")

    def add_action(self, due: dt.date, **extra: object) -> object:
        return action_items.add_action(
            actor=self.alice,
            plan=self.plan,
            what="Trial",
            objective=None,
            purpose="learn",
            owner=self.alice,
            due=due,
            **extra,  # type: ignore[arg-type]
        )

    def test_it_refuses_a_due_date_outside_the_plans_year(self) -> None:
        for due in (dt.date(YEAR - 1, 12, 31), dt.date(YEAR + 1, 1, 15)):
            with pytest.raises(ValidationError) as err:
                self.add_action(due)
            assert list(err.value.message_dict) == ["due"]
            assert str(YEAR) in err.value.message_dict["due"][0]
        with pytest.raises(ValidationError) as err:
            objectives.add_objective(
                actor=self.alice,
                plan=self.plan,
                title="x",
                metric="custom",
                target=None,
                due=dt.date(YEAR + 1, 3, 1),
                owner=None,
            )
        assert "Due next year" in err.value.message_dict["due"][0]
        assert not self.plan.actions.exists() and not self.plan.objectives.exists()

    def test_it_allows_next_year_when_asked_and_keeps_a_stored_date(self) -> None:
        action = self.add_action(dt.date(YEAR + 1, 1, 15), next_year=True)
        # Editing another field keeps the date already stored.
        changed = action_items.update_action(
            actor=self.alice,
            action=action,  # type: ignore[arg-type]
            version=1,
            what="Trial run",
        )
        assert changed.due == dt.date(YEAR + 1, 1, 15)
        with pytest.raises(ValidationError):
            action_items.update_action(
                actor=self.alice, action=changed, version=2, due=dt.date(YEAR + 1, 2, 1)
            )
        with pytest.raises(ValidationError):  # two years on: never
            self.add_action(dt.date(YEAR + 2, 1, 15), next_year=True)

    def test_it_names_the_due_field_on_the_page_and_keeps_nothing(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.plan_url(suffix="objectives/add"),
            {"title": "New line", "metric": "custom", "due": f"{YEAR + 1}-02-01"},
            **HTMX,
        )
        assert r.status_code == 422
        assert "Due next year" in r.content.decode()
        assert not Objective.objects.filter(title="New line").exists()
        r = self.client.post(
            self.plan_url(suffix="objectives/add"),
            {
                "title": "New line",
                "metric": "custom",
                "due": f"{YEAR + 1}-02-01",
                "next_year": "on",
            },
            **HTMX,
        )
        assert r.status_code == 200
        assert Objective.objects.get(title="New line").due == dt.date(YEAR + 1, 2, 1)

    def test_it_says_so_in_chinese(self) -> None:
        with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
            self.add_action(dt.date(YEAR + 1, 1, 15))
        assert "明年" in err.value.message_dict["due"][0]

    def test_it_answers_the_api_with_the_field(self) -> None:
        _token, raw = create_token(user=self.alice)
        url = f"/api/v1/plans/alice/{YEAR}/AL001/actions"
        body = {"what": "Trial", "purpose": "learn", "due": f"{YEAR + 1}-01-15"}
        r = self.client.post(
            url,
            data=json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["body", "due"]
        r = self.client.post(
            url,
            data=json.dumps({**body, "next_year": True}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert r.status_code == 201
