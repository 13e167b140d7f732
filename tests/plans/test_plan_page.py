"""The plan page and its htmx writes: who sees and changes what, stale edits, no N+1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.plans.actions import action_items, comments, contacts, objectives
from firstchoice.plans.models import Action, Comment, Objective, Plan
from tests.base import YEAR
from tests.plans.base import PlanTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class PlanPageTestCase(PlanTestCase):
    def test_it_offers_the_tier_template_when_there_is_no_plan(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.plan_url())
        assert r.status_code == 200
        html = r.content.decode()
        assert "No plan yet for this account" in html
        assert 'value="A" checked' in html
        assert "Copy of last year" not in html  # there is no plan to copy

    def test_it_starts_a_plan_from_the_template(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.plan_url(suffix="start"), {"start": "A"})
        self.assertRedirects(r, self.plan_url(), fetch_redirect_response=False)
        html = self.client.get(self.plan_url()).content.decode()
        assert "Grow sales by 15% over last year" in html
        assert "Plan started." in html

    def test_it_shows_objectives_with_current_sales_and_checks(self) -> None:
        plan = self.start(start="blank")
        objectives.add_objective(
            actor=self.alice,
            plan=plan,
            title="Brief management",
            metric="custom",
            target=None,
            due=None,
            owner=None,
        )
        self.login(self.alice)
        html = self.client.get(self.plan_url()).content.decode()
        assert "Objective “Brief management” has no target value." in html
        assert "Objective “Brief management” has no due date." in html

    def test_it_is_read_only_for_a_teammate(self) -> None:
        self.start()
        self.login(self.bob)
        r = self.client.get(self.plan_url())
        assert r.status_code == 200
        html = r.content.decode()
        assert "read-only" in html and "Add an objective" not in html and "Edit action" not in html
        r = self.client.post(
            self.plan_url(suffix="objectives/add"), {"title": "x", "metric": "custom"}
        )
        assert r.status_code == 403
        assert Objective.objects.filter(title="x").count() == 0

    def test_it_hides_the_plan_from_another_team(self) -> None:
        self.start()
        self.login(self.charlie)
        assert self.client.get(self.plan_url()).status_code == 404
        assert self.client.post(self.plan_url(suffix="start"), {"start": "A"}).status_code == 404

    def test_it_answers_404_for_an_account_off_the_portfolio(self) -> None:
        self.login(self.alice)
        assert self.client.get(self.plan_url("AL020")).status_code == 404

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        r = self.client.get(self.plan_url())
        assert r.status_code == 302 and "/login/" in r["Location"]

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.alice)
        assert self.client.post(self.plan_url()).status_code == 405
        assert self.client.get(self.plan_url(suffix="start")).status_code == 405

    def test_it_lets_the_manager_edit_and_comment(self) -> None:
        plan = self.start()
        self.login(self.mary)
        html = self.client.get(self.plan_url()).content.decode()
        assert "Add an objective" in html and "Add comment" in html
        action = plan.actions.first()
        assert action is not None
        r = self.client.post(
            self.plan_url(suffix="comments/add"),
            {"on": "action", "ref": action.pk, "text": "Take the director along"},
            **HTMX,
        )
        assert r.status_code == 200
        assert "Take the director along" in r.content.decode()
        assert Comment.objects.get().author == self.mary

    def test_it_refuses_a_comment_from_a_teammate(self) -> None:
        self.start()
        self.login(self.bob)
        r = self.client.post(self.plan_url(suffix="comments/add"), {"on": "plan", "text": "hi"})
        assert r.status_code == 403
        assert not Comment.objects.exists()

    def test_it_costs_the_same_queries_whatever_the_plan_size(self) -> None:
        plan = self.start()
        self.login(self.alice)
        self.client.get(self.plan_url())
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.plan_url())
        objective = plan.objectives.first()
        for i in range(8):
            action = action_items.add_action(
                actor=self.alice,
                plan=plan,
                what=f"Extra {i}",
                objective=objective,
                owner=self.bob,
                due=dt.date(YEAR, 4, 1 + i),
                addresses=[self.buyer],
            )
            comments.add_comment(actor=self.mary, plan=plan, on="action", ref=action.pk, text="ok")
            contacts.add_contact(
                actor=self.alice,
                plan=plan,
                key_person=self.buyer,
                goal=f"Goal {i}",
                date=None,
                owner=self.alice,
            )
        with CaptureQueriesContext(connection) as big:
            r = self.client.get(self.plan_url())
        assert r.status_code == 200
        assert len(big) == len(small), [q["sql"] for q in big.captured_queries]


class PlanWritesTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start()
        self.login(self.alice)

    def test_it_adds_an_objective_and_answers_with_the_fragment(self) -> None:
        r = self.client.post(
            self.plan_url(suffix="objectives/add"),
            {
                "title": "Share of wallet 50%",
                "metric": "share",
                "baseline": "30",
                "target": "50",
                "unit": "%",
                "due": f"{YEAR}-12-31",
                "owner": self.alice.pk,
                "addresses": [self.buyer.pk],
            },
            **HTMX,
        )
        assert r.status_code == 200
        html = r.content.decode()
        assert html.lstrip().startswith('<div id="plan"')
        assert "Share of wallet 50%" in html and "Objective added." in html
        assert list(Objective.objects.get(title="Share of wallet 50%").addresses.all()) == [
            self.buyer
        ]

    def test_it_names_the_field_of_a_mistake_and_saves_nothing(self) -> None:
        r = self.client.post(
            self.plan_url(suffix="objectives/add"),
            {"title": "", "metric": "share", "target": "lots"},
            **HTMX,
        )
        assert r.status_code == 422
        html = r.content.decode()
        assert "Objective: This field is required." in html
        assert "Target: enter a number such as 12,500 or 98%." in html
        assert self.plan.objectives.count() == 3

    def test_it_refuses_an_owner_outside_the_team(self) -> None:
        r = self.client.post(
            self.plan_url(suffix="actions/add"), {"what": "Call", "owner": self.charlie.pk}, **HTMX
        )
        assert r.status_code == 422
        assert "Who: Select a valid choice." in r.content.decode()

    def test_it_adds_an_action_for_a_colleague_to_accept(self) -> None:
        objective = self.plan.objectives.first()
        assert objective is not None
        r = self.client.post(
            self.plan_url(suffix="actions/add"),
            {
                "what": "Trial run",
                "objective": objective.pk,
                "how": "On site",
                "owner": self.bob.pk,
                "due": f"{YEAR}-05-31",
            },
            **HTMX,
        )
        assert r.status_code == 200
        assert "Bob is asked to accept it" in r.content.decode()
        assert Action.objects.get(what="Trial run").status == "proposed"

    def test_it_refuses_a_stale_edit_showing_both_versions(self) -> None:
        objective = self.plan.objectives.get(metric="share")
        objectives.update_objective(
            actor=self.mary, objective=objective, version=1, target=Decimal(45)
        )
        r = self.client.post(
            self.plan_url(suffix=f"objectives/{objective.pk}/edit"),
            {
                "version": 1,
                "title": objective.title,
                "metric": "share",
                "target": "55",
                "unit": "%",
                "due": f"{YEAR}-12-31",
            },
            **HTMX,
        )
        assert r.status_code == 422
        html = r.content.decode()
        assert "Someone saved this before you" in html
        assert "Mary changed it at" in html
        assert '<td class="theirs">45.00</td>' in html
        assert '<td class="yours">55</td>' in html
        # Nothing lost: the form to save mine carries my input and the new version.
        assert 'name="version" value="2"' in html and 'name="target" value="55"' in html
        objective.refresh_from_db()
        assert objective.target == Decimal(45)
        r = self.client.post(
            self.plan_url(suffix=f"objectives/{objective.pk}/edit"),
            {
                "version": 2,
                "title": objective.title,
                "metric": "share",
                "target": "55",
                "unit": "%",
            },
            **HTMX,
        )
        assert r.status_code == 200
        objective.refresh_from_db()
        assert (objective.target, objective.version) == (Decimal(55), 3)

    def test_it_sets_expected_sales_from_the_sales_objective(self) -> None:
        sales = self.plan.objectives.get(metric="sales")
        r = self.client.post(
            self.plan_url(suffix="expected"),
            {"version": 1, "mode": "phase", "phase_from": sales.pk, "seasonal": "1"},
            **HTMX,
        )
        assert r.status_code == 200
        self.plan.refresh_from_db()
        assert sum(self.plan.expected_by_month or []) == sales.target

    def test_it_names_the_missing_month(self) -> None:
        data = {"version": 1, "mode": "months", **{f"month_{m}": "100" for m in range(1, 12)}}
        r = self.client.post(self.plan_url(suffix="expected"), data, **HTMX)
        assert r.status_code == 422
        assert "December: enter an amount such as 12,500." in r.content.decode()
        self.plan.refresh_from_db()
        assert self.plan.expected_by_month is None

    def test_it_adds_and_completes_a_contact_objective(self) -> None:
        r = self.client.post(
            self.plan_url(suffix="contacts/add"),
            {
                "key_person": self.buyer.pk,
                "goal": "Agree trial dates",
                "date": f"{YEAR}-04-10",
                "owner": self.alice.pk,
            },
            **HTMX,
        )
        assert r.status_code == 200
        contact = self.plan.contacts.get()
        r = self.client.post(
            self.plan_url(suffix=f"contacts/{contact.pk}/edit"),
            {
                "version": 1,
                "key_person": self.buyer.pk,
                "goal": "Agree trial dates",
                "date": f"{YEAR}-04-10",
                "outcome": "Trial booked for May",
            },
            **HTMX,
        )
        assert r.status_code == 200
        contact.refresh_from_db()
        assert contact.outcome == "Trial booked for May"

    def test_it_refuses_a_part_of_another_plan(self) -> None:
        other = self.start(self.tier_b, "B")
        foreign = other.objectives.first()
        assert foreign is not None
        r = self.client.post(
            self.plan_url(suffix=f"objectives/{foreign.pk}/edit"),
            {"version": 1, "title": "hijack", "metric": "custom"},
        )
        assert r.status_code == 404

    def test_it_shows_the_history(self) -> None:
        objective = self.plan.objectives.first()
        assert objective is not None
        objectives.update_objective(
            actor=self.mary, objective=objective, version=1, title="Renamed"
        )
        html = self.client.get(self.plan_url(suffix="history/")).content.decode()
        assert "Renamed" in html and "Mary" in html

    def test_it_lets_a_plain_form_post_redirect(self) -> None:
        r = self.client.post(
            self.plan_url(suffix="actions/add"), {"what": "Call the buyer", "purpose": "Trial"}
        )
        self.assertRedirects(r, self.plan_url())
        assert Plan.objects.get().actions.filter(what="Call the buyer").exists()


class PlanUrlTestCase(PlanTestCase):
    def test_it_names_the_plan_url_for_the_board_card(self) -> None:
        from django.urls import reverse

        assert reverse("plan", args=["alice", YEAR, "AL001"]) == self.plan_url()
