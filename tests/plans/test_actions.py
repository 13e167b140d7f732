"""Plan writes (M6): starting a plan, objectives, actions and their owners, stale edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from firstchoice.lib.edits import StaleEdit
from firstchoice.plans.actions import action_items, comments, objectives, plans
from firstchoice.plans.models import Action, Comment, Objective, Plan
from firstchoice.plans.queries import plan_history
from tests.base import YEAR, make_user
from tests.plans.base import PlanTestCase

D = Decimal


class StartPlanTestCase(PlanTestCase):
    def test_it_starts_a_tier_a_plan_with_growth_objectives(self) -> None:
        plan = self.start()
        assert (plan.tier, plan.started_from) == ("A", "A")
        sales = plan.objectives.get(metric="sales")
        assert sales.baseline == D("120000.01")  # last year's sales
        assert sales.target == D("138000.01")  # +15%
        assert sales.due == dt.date(YEAR, 12, 31)
        assert sales.owner == self.alice
        assert plan.objectives.count() == 3
        assert plan.actions.count() == 3
        for action in plan.actions.all():
            assert action.objective_id and action.owner == self.alice and action.due and action.how
            assert action.status == "accepted"  # alice owns what she planned herself

    def test_it_starts_a_tier_b_plan_with_development_steps(self) -> None:
        plan = self.start(self.tier_b, "B")
        steps = list(plan.actions.order_by("due").values_list("what", flat=True))
        assert len(steps) == 4 and steps[0].startswith("Step 1")

    def test_it_starts_a_tier_c_win_plan(self) -> None:
        plan = self.start(self.tier_c, "C")
        assert plan.objectives.filter(title="First order", target=1).exists()

    def test_it_leaves_the_growth_target_open_without_history(self) -> None:
        plan = self.start(self.tier_b, "A")  # no sales last year: nothing to grow from
        assert plan.objectives.get(metric="sales").target is None

    def test_it_records_the_plan_in_history(self) -> None:
        plan = self.start()
        assert plan.history.get().history_user == self.alice
        assert Objective.history.filter(plan_id=plan.pk).count() == 3

    def test_it_refuses_a_second_plan_for_the_same_account(self) -> None:
        self.start()
        with pytest.raises(ValidationError) as err:
            self.start()
        assert "already has a plan" in str(err.value)
        assert Plan.objects.count() == 1

    def test_it_refuses_an_account_off_the_portfolio(self) -> None:
        with pytest.raises(ValidationError) as err:
            self.start(self.alice_customers[19])
        assert "customer" in err.value.message_dict
        assert not Plan.objects.exists()

    def test_it_refuses_an_unknown_start(self) -> None:
        with pytest.raises(ValidationError):
            self.start(start="Z")

    def test_it_copies_last_years_plan_a_year_later(self) -> None:
        self.add(self.alice_sp, self.account, "A", year=YEAR - 1)
        old = plans.start_plan(
            actor=self.alice,
            salesperson=self.alice_sp,
            customer=self.account,
            year=YEAR - 1,
            start="A",
        )
        done = old.actions.first()
        assert done is not None
        Action.objects.filter(pk=done.pk).update(status="done")
        plan = self.start(start="copy")
        assert plan.objectives.count() == 3
        assert plan.actions.count() == 2  # the done one stayed in its year
        copied = plan.objectives.get(metric="sales")
        old_sales = old.objectives.get(metric="sales")
        assert copied.baseline == old_sales.target and copied.target is None
        assert copied.due == dt.date(YEAR, 12, 31)

    def test_it_refuses_to_copy_a_missing_plan(self) -> None:
        with pytest.raises(ValidationError) as err:
            self.start(start="copy")
        assert f"no {YEAR - 1} plan" in str(err.value)


class ObjectiveTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start(start="blank")

    def add(self, **kw: object) -> Objective:  # type: ignore[override]
        values: dict[str, object] = {
            "title": "Three product lines",
            "metric": "custom",
            "target": D(3),
            "due": dt.date(YEAR, 9, 30),
            "owner": self.alice,
        }
        values.update(kw)
        return objectives.add_objective(actor=self.alice, plan=self.plan, **values)  # type: ignore[arg-type]

    def test_it_adds_an_objective_linked_to_pains(self) -> None:
        o = self.add(addresses=[self.buyer])
        assert list(o.addresses.all()) == [self.buyer]

    def test_it_refuses_an_owner_from_another_team(self) -> None:
        with pytest.raises(ValidationError) as err:
            self.add(owner=self.charlie)
        assert "owner" in err.value.message_dict
        assert not Objective.objects.exists()

    def test_it_lets_a_teammate_or_manager_own_an_objective(self) -> None:
        assert self.add(owner=self.bob).owner == self.bob
        assert self.add(owner=self.mary).owner == self.mary

    def test_it_refuses_key_people_of_another_customer(self) -> None:
        with pytest.raises(ValidationError):
            self.add(addresses=[self.other_person])
        assert not Objective.objects.exists()

    def test_it_refuses_a_blank_title_or_a_date_years_away(self) -> None:
        with pytest.raises(ValidationError) as err:
            self.add(title="  ")
        assert "title" in err.value.message_dict
        with pytest.raises(ValidationError) as err:
            self.add(due=dt.date(YEAR + 5, 1, 1))
        assert "due" in err.value.message_dict

    def test_it_refuses_a_stale_edit_and_keeps_the_other_change(self) -> None:
        o = self.add()
        objectives.update_objective(actor=self.mary, objective=o, version=1, target=D(4))
        with pytest.raises(StaleEdit) as err:
            objectives.update_objective(actor=self.alice, objective=o, version=1, target=D(5))
        assert err.value.changed_by == self.mary
        assert err.value.current.target == D(4)
        o.refresh_from_db()
        assert (o.target, o.version) == (D(4), 2)

    def test_it_records_a_hand_kept_value_with_its_date(self) -> None:
        o = self.add()
        o = objectives.record_value(
            actor=self.alice, objective=o, version=1, value=D(2), on=dt.date(YEAR, 3, 1)
        )
        assert (o.current_value, o.current_on, o.version) == (D(2), dt.date(YEAR, 3, 1), 2)

    def test_it_refuses_to_type_in_sales(self) -> None:
        o = self.add(metric="sales", target=D(100))
        with pytest.raises(ValidationError):
            objectives.record_value(
                actor=self.alice, objective=o, version=1, value=D(2), on=dt.date(YEAR, 3, 1)
            )


class ActionTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start()
        self.objective = self.plan.objectives.get(metric="sales")

    def ask_bob(self) -> Action:
        return action_items.add_action(
            actor=self.alice,
            plan=self.plan,
            what="Run the trial on line 2",
            objective=self.objective,
            owner=self.bob,
            due=dt.date(YEAR, 5, 31),
            how="Technician on site",
        )

    def test_it_asks_a_colleague_to_accept(self) -> None:
        assert self.ask_bob().status == "proposed"

    def test_it_lets_only_the_owner_accept(self) -> None:
        action = self.ask_bob()
        with pytest.raises(PermissionDenied):
            action_items.respond(actor=self.alice, action=action, version=1, accept=True)
        action = action_items.respond(actor=self.bob, action=action, version=1, accept=True)
        assert (action.status, action.version) == ("accepted", 2)
        assert action.history.first().history_user == self.bob  # type: ignore[union-attr]

    def test_it_needs_a_reason_to_decline(self) -> None:
        action = self.ask_bob()
        with pytest.raises(ValidationError) as err:
            action_items.respond(actor=self.bob, action=action, version=1, accept=False, reason=" ")
        assert "reason" in err.value.message_dict
        action = action_items.respond(
            actor=self.bob, action=action, version=1, accept=False, reason="On leave in May"
        )
        assert (action.status, action.reason) == ("declined", "On leave in May")

    def test_it_asks_again_when_the_owner_changes(self) -> None:
        action = action_items.respond(actor=self.bob, action=self.ask_bob(), version=1, accept=True)
        action = action_items.update_action(
            actor=self.alice, action=action, version=2, owner=self.mary
        )
        assert action.status == "proposed"
        action = action_items.update_action(
            actor=self.alice, action=action, version=3, owner=self.alice
        )
        assert action.status == "accepted"

    def test_it_needs_a_reason_to_drop(self) -> None:
        action = self.ask_bob()
        with pytest.raises(ValidationError) as err:
            action_items.update_action(actor=self.alice, action=action, version=1, status="dropped")
        assert "reason" in err.value.message_dict
        action = action_items.update_action(
            actor=self.alice, action=action, version=1, status="dropped", reason="Customer said no"
        )
        assert action.status == "dropped"

    def test_it_lets_the_owner_report_progress_once_accepted(self) -> None:
        action = self.ask_bob()
        with pytest.raises(ValidationError):
            action_items.report_progress(actor=self.bob, action=action, version=1, status="done")
        action = action_items.respond(actor=self.bob, action=action, version=1, accept=True)
        action = action_items.report_progress(
            actor=self.bob, action=action, version=2, status="done"
        )
        assert action.status == "done"

    def test_it_refuses_an_objective_of_another_plan(self) -> None:
        other = self.start(self.tier_b, "B")
        with pytest.raises(ValidationError) as err:
            action_items.add_action(
                actor=self.alice,
                plan=self.plan,
                what="x",
                objective=other.objectives.first(),
                owner=None,
                due=None,
            )
        assert "objective" in err.value.message_dict

    def test_it_refuses_a_stale_acceptance(self) -> None:
        action = self.ask_bob()
        action_items.update_action(
            actor=self.alice, action=action, version=1, due=dt.date(YEAR, 6, 30)
        )
        with pytest.raises(StaleEdit):
            action_items.respond(actor=self.bob, action=action, version=1, accept=True)
        action.refresh_from_db()
        assert (action.status, action.due) == ("proposed", dt.date(YEAR, 6, 30))


class ExpectedTestCase(PlanTestCase):
    def test_it_phases_the_sales_objective_like_last_year(self) -> None:
        plan = self.start()
        sales = plan.objectives.get(metric="sales")
        plan = plans.set_expected(
            actor=self.alice, plan=plan, version=1, phase_from=sales, seasonal=True
        )
        months = plan.expected_by_month
        assert months is not None and sum(months) == sales.target
        assert months[11] > months[0] * 2  # December sold twice as much last year

    def test_it_takes_months_typed_in(self) -> None:
        plan = self.start()
        values = [D(1000)] * 12
        plan = plans.set_expected(actor=self.alice, plan=plan, version=1, months=values)
        assert plan.expected_by_month == values and plan.version == 2

    def test_it_refuses_negative_or_missing_months(self) -> None:
        plan = self.start()
        with pytest.raises(ValidationError) as err:
            plans.set_expected(actor=self.alice, plan=plan, version=1, months=[D(-1)] + [D(1)] * 11)
        assert "month_1" in err.value.message_dict
        with pytest.raises(ValidationError):
            plans.set_expected(actor=self.alice, plan=plan, version=1, months=[D(1)] * 11)
        plan.refresh_from_db()
        assert plan.expected_by_month is None

    def test_it_stores_the_months_as_money_to_the_cent(self) -> None:
        plan = self.start()
        values = [D("0.01"), D("1234.5"), D("9999999999999999.99"), *[D("100.00")] * 9]
        plans.set_expected(actor=self.alice, plan=plan, version=1, months=values)
        plan.refresh_from_db()
        assert plan.expected_by_month == values
        assert [str(v) for v in plan.expected_by_month[:3]] == [
            "0.01",
            "1234.50",
            "9999999999999999.99",
        ]
        assert Plan.objects.filter(pk=plan.pk, expected_03=D("9999999999999999.99")).exists()

    def test_it_refuses_an_amount_too_large_to_keep(self) -> None:
        plan = self.start()
        with pytest.raises(ValidationError) as err:
            plans.set_expected(
                actor=self.alice, plan=plan, version=1, months=[D(10) ** 16] + [D(1)] * 11
            )
        assert "month_1" in err.value.message_dict
        plan.refresh_from_db()
        assert plan.expected_by_month is None and plan.version == 1

    def test_it_records_each_months_change_in_the_history(self) -> None:
        plan = self.start()
        plan = plans.set_expected(actor=self.alice, plan=plan, version=1, months=[D(100)] * 12)
        months = [D(100)] * 11 + [D(250)]
        plans.set_expected(actor=self.alice, plan=plan, version=2, months=months)
        latest = plan_history(plan)[0]
        assert [(c.label, c.old, c.new) for c in latest.changes] == [
            ("expected sales, December", "100.00", "250.00")
        ]

    def test_it_refuses_to_phase_a_non_sales_objective(self) -> None:
        plan = self.start()
        share = plan.objectives.get(metric="share")
        with pytest.raises(ValidationError):
            plans.set_expected(actor=self.alice, plan=plan, version=1, phase_from=share)


class CommentTestCase(PlanTestCase):
    def test_it_lets_the_manager_comment_on_an_action(self) -> None:
        plan = self.start()
        action = plan.actions.first()
        assert action is not None
        c = comments.add_comment(
            actor=self.mary, plan=plan, on="action", ref=action.pk, text="Bring the director"
        )
        assert (c.author, c.on, c.ref) == (self.mary, "action", action.pk)

    def test_it_refuses_comments_from_a_teammate_or_another_team(self) -> None:
        plan = self.start()
        for user in (self.bob, self.charlie, make_user("outsider")):
            with pytest.raises(PermissionDenied):
                comments.add_comment(actor=user, plan=plan, text="hi")
        assert not Comment.objects.exists()

    def test_it_refuses_a_comment_on_a_part_of_another_plan(self) -> None:
        plan = self.start()
        other = self.start(self.tier_b, "B")
        with pytest.raises(ValidationError):
            comments.add_comment(
                actor=self.mary,
                plan=plan,
                on="action",
                ref=other.actions.first().pk,
                text="x",  # type: ignore[union-attr]
            )
