"""What other parts of the method read from plans: the monthly review and key-people flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from firstchoice.plans.actions import action_items, objectives, plans
from firstchoice.plans.models import Action
from firstchoice.plans.queries import addressed_people, plan_status
from tests.base import YEAR
from tests.plans.base import PlanTestCase, sell_on


class PlanStatusTestCase(PlanTestCase):
    def test_it_summarises_each_plan_for_the_monthly_review(self) -> None:
        plan = self.start()
        sales = plan.objectives.get(metric="sales")
        plans.set_expected(actor=self.alice, plan=plan, version=1, months=[Decimal(1000)] * 12)
        sell_on(self.account, dt.date(YEAR, 1, 20), "80000.00", "9000.00")
        first, second, third = plan.actions.order_by("due")
        for action, month in ((first, 3), (second, 6), (third, 9)):
            Action.objects.filter(pk=action.pk).update(due=dt.date(YEAR, month, 28))
        action_items.report_progress(actor=self.alice, action=first, version=1, status="done")
        as_of = dt.date(YEAR, 7, 15)  # the June action (second) is overdue by then
        status = plan_status(self.alice_sp, YEAR, as_of=as_of)[self.account.pk]
        assert status.expected_by_month == [Decimal(1000)] * 12
        assert (status.actions_done, status.actions_open, status.actions_overdue) == (1, 2, 1)
        # sales 80,000 by mid-July against 138,000 for the year: ahead of the line
        assert status.objectives_on_track >= 1
        assert status.objectives_off_track >= 1  # margin: 9,000 of 24,150
        assert [p["code"] for p in status.problems] == ["action_overdue"]
        assert sales.pk in {o.pk for o in status.plan.objectives.all()}

    def test_it_reads_every_plan_in_a_fixed_number_of_queries(self) -> None:
        self.start()
        with self.assertNumQueries(5):
            plan_status(self.alice_sp, YEAR, as_of=dt.date(YEAR, 6, 30))
        self.start(self.tier_b, "B")
        self.start(self.tier_c, "C")
        with self.assertNumQueries(5):
            found = plan_status(self.alice_sp, YEAR, as_of=dt.date(YEAR, 6, 30))
        assert set(found) == {self.account.pk, self.tier_b.pk, self.tier_c.pk}

    def test_it_reports_no_expectation_as_none_not_zero(self) -> None:
        self.start()
        assert (
            plan_status(self.alice_sp, YEAR, as_of=dt.date(YEAR, 6, 30))[
                self.account.pk
            ].expected_by_month
            is None
        )

    def test_it_is_empty_without_plans(self) -> None:
        assert plan_status(self.bob_sp, YEAR, as_of=dt.date(YEAR, 6, 30)) == {}


class AddressedPeopleTestCase(PlanTestCase):
    def test_it_finds_the_key_people_whose_pains_are_addressed(self) -> None:
        plan = self.start()
        other = self.start(self.tier_b, "B")
        assert addressed_people([self.account.pk, self.tier_b.pk], YEAR) == {}
        objective = plan.objectives.first()
        assert objective is not None
        objectives.update_objective(
            actor=self.alice, objective=objective, version=1, addresses=[self.buyer]
        )
        action_items.add_action(
            actor=self.alice,
            plan=other,
            what="Fix their late deliveries",
            objective=None,
            purpose="Their pain",
            owner=self.alice,
            due=None,
            addresses=[self.other_person],
        )
        found = addressed_people([self.account.pk, self.tier_b.pk], YEAR)
        assert found == {self.account.pk: {self.buyer.pk}, self.tier_b.pk: {self.other_person.pk}}
        assert addressed_people([self.account.pk], YEAR - 1) == {}
        assert addressed_people([], YEAR) == {}

    def test_it_ignores_dropped_actions(self) -> None:
        plan = self.start()
        action = action_items.add_action(
            actor=self.alice,
            plan=plan,
            what="x",
            objective=None,
            purpose="y",
            owner=self.alice,
            due=None,
            addresses=[self.buyer],
        )
        action_items.update_action(
            actor=self.alice, action=action, version=1, status="dropped", reason="no"
        )
        assert addressed_people([self.account.pk], YEAR) == {}
