"""/api/v1/plans/…: the same lookups and actions as the pages, stale edits answer 409."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from firstchoice.plans.actions import action_items, contacts, plans
from firstchoice.plans.models import Action, Objective, Plan
from firstchoice.teams.actions import create_token
from firstchoice.teams.models import User
from tests.base import YEAR
from tests.plans.base import PlanTestCase

URL = f"/api/v1/plans/alice/{YEAR}/AL001"


class PlanApiTestCase(PlanTestCase):
    def bearer(self, user: User) -> dict[str, str]:
        _token, raw = create_token(user=user)
        return {"Authorization": f"Bearer {raw}"}

    def send(self, method: str, url: str, user: User, body: Any = None) -> Any:
        return getattr(self.client, method)(
            url,
            data=json.dumps(body or {}),
            content_type="application/json",
            headers=self.bearer(user),
        )

    def test_it_reads_a_plan_with_current_values(self) -> None:
        plan = self.start()
        plans.set_expected(
            actor=self.alice, plan=plan, version=1, phase_from=plan.objectives.get(metric="sales")
        )
        r = self.client.get(URL, headers=self.bearer(self.alice))
        assert r.status_code == 200
        data = r.json()
        assert (data["user"], data["customer_code"], data["tier"], data["started_from"]) == (
            "alice",
            "AL001",
            "A",
            "A",
        )
        sales = next(o for o in data["objectives"] if o["metric"] == "sales")
        assert sales["baseline"] == "120000.01" and sales["target"] == "138000.01"
        assert sales["current"] is not None and sales["current_on"]
        assert len(data["expected_by_month"]) == 12
        assert len(data["actions"]) == 3 and data["actions"][0]["status"] == "accepted"
        assert data["contacts"] == [] and data["problems"] == []

    def test_it_scopes_reads_like_the_pages(self) -> None:
        self.start()
        assert (
            self.client.get(URL, headers=self.bearer(self.bob)).status_code == 200
        )  # teammate reads
        assert self.client.get(URL, headers=self.bearer(self.mary)).status_code == 200
        assert self.client.get(URL, headers=self.bearer(self.charlie)).status_code == 404
        assert self.client.get(URL).status_code == 401
        assert (
            self.client.get(
                f"/api/v1/plans/alice/{YEAR}/AL002", headers=self.bearer(self.alice)
            ).status_code
            == 404
        )

    def test_it_starts_a_plan(self) -> None:
        r = self.send("post", URL, self.alice, {"start": "C"})
        assert r.status_code == 201
        assert r.json()["started_from"] == "C"
        r = self.send("post", URL, self.alice, {"start": "C"})
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["body", "start"]

    def test_it_refuses_writes_from_a_read_only_teammate(self) -> None:
        self.start()
        r = self.send("post", URL + "/objectives", self.bob, {"title": "x", "metric": "custom"})
        assert r.status_code == 403
        assert not Objective.objects.filter(title="x").exists()
        assert self.send("post", URL, self.charlie, {"start": "A"}).status_code == 404

    def test_it_adds_an_objective_and_an_action_for_a_colleague(self) -> None:
        self.start(start="blank")
        r = self.send(
            "post",
            URL + "/objectives",
            self.alice,
            {
                "title": "Two new lines",
                "metric": "custom",
                "target": "2",
                "unit": "lines",
                "due": f"{YEAR}-10-31",
                "owner": "alice",
                "addresses": [self.buyer.pk],
            },
        )
        assert r.status_code == 201, r.json()
        objective = r.json()["objectives"][0]
        assert objective["addresses"] == [self.buyer.pk]
        r = self.send(
            "post",
            URL + "/actions",
            self.alice,
            {
                "what": "Trial",
                "objective_id": objective["id"],
                "owner": "bob",
                "due": f"{YEAR}-06-30",
            },
        )
        assert r.status_code == 201
        action = r.json()["actions"][0]
        assert (action["owner"], action["status"]) == ("bob", "proposed")
        r = self.send(
            "post",
            f"/api/v1/plans/my-actions/{action['id']}/respond",
            self.bob,
            {"version": 1, "accept": True},
        )
        assert r.status_code == 200 and r.json()["status"] == "accepted"
        mine = self.client.get("/api/v1/plans/my-actions", headers=self.bearer(self.bob)).json()
        assert [a["what"] for a in mine] == ["Trial"]

    def test_it_names_unknown_owners_and_objectives(self) -> None:
        self.start(start="blank")
        r = self.send("post", URL + "/actions", self.alice, {"what": "x", "owner": "charlie"})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "owner"]
        r = self.send("post", URL + "/actions", self.alice, {"what": "x", "objective_id": 999999})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "objective_id"]
        assert not Action.objects.exists()

    def test_it_answers_409_to_a_stale_edit(self) -> None:
        plan = self.start()
        objective = plan.objectives.get(metric="share")
        r = self.send(
            "patch", f"{URL}/objectives/{objective.pk}", self.mary, {"version": 1, "target": "45"}
        )
        assert r.status_code == 200
        r = self.send(
            "patch", f"{URL}/objectives/{objective.pk}", self.alice, {"version": 1, "target": "50"}
        )
        assert r.status_code == 409
        body = r.json()
        assert (body["changed_by"], body["current_version"]) == ("mary", 2)
        objective.refresh_from_db()
        assert str(objective.target) == "45.00"

    def test_it_patches_an_action_status_with_a_reason(self) -> None:
        plan = self.start()
        action = plan.actions.first()
        assert action is not None
        r = self.send(
            "patch", f"{URL}/actions/{action.pk}", self.alice, {"version": 1, "status": "dropped"}
        )
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reason"]
        r = self.send(
            "patch",
            f"{URL}/actions/{action.pk}",
            self.alice,
            {"version": 1, "status": "dropped", "reason": "No budget"},
        )
        assert r.status_code == 200
        action.refresh_from_db()
        assert action.status == "dropped"

    def test_it_sets_expected_months_and_records_values(self) -> None:
        plan = self.start()
        r = self.send("put", URL + "/expected", self.alice, {"version": 1, "months": ["100"] * 12})
        assert r.status_code == 200 and r.json()["expected_by_month"] == ["100.00"] * 12
        share = plan.objectives.get(metric="share")
        r = self.send(
            "post",
            f"{URL}/objectives/{share.pk}/value",
            self.alice,
            {"version": 1, "value": "31.5", "on": f"{YEAR}-03-01"},
        )
        assert r.status_code == 200
        got = next(o for o in r.json()["objectives"] if o["id"] == share.pk)
        assert (got["current"], got["current_on"]) == ("31.50", f"{YEAR}-03-01")

    def test_it_adds_a_contact_objective(self) -> None:
        self.start()
        r = self.send(
            "post",
            URL + "/contacts",
            self.alice,
            {"key_person_id": self.buyer.pk, "goal": "Agree the trial", "date": f"{YEAR}-04-01"},
        )
        assert r.status_code == 201
        assert r.json()["contacts"][0]["key_person"] == "Wu Buyer"
        r = self.send(
            "post",
            URL + "/contacts",
            self.alice,
            {"key_person_id": self.other_person.pk, "goal": "x"},
        )
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "key_person"]

    def test_it_needs_csrf_with_a_session(self) -> None:
        self.start()
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.alice)
        r = client.post(
            URL + "/actions", data=json.dumps({"what": "x"}), content_type="application/json"
        )
        assert r.status_code == 403
        assert Plan.objects.get().actions.count() == 3

    def test_it_refuses_the_wrong_method(self) -> None:
        assert self.send("delete", URL, self.alice).status_code == 405
        _ = dt


class PlanApiQueriesTestCase(PlanTestCase):
    def test_it_reads_a_plan_in_a_fixed_number_of_queries(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        plan = self.start()
        self.login(self.alice)
        self.client.get(URL)
        with CaptureQueriesContext(connection) as small:
            self.client.get(URL)
        for i in range(5):
            action_items.add_action(
                actor=self.alice,
                plan=plan,
                what=f"More {i}",
                objective=None,
                purpose="p",
                owner=self.bob,
                due=None,
                addresses=[self.buyer],
            )
            contacts.add_contact(
                actor=self.alice,
                plan=plan,
                key_person=self.buyer,
                goal="g",
                date=None,
                owner=self.bob,
            )
        with CaptureQueriesContext(connection) as big:
            assert self.client.get(URL).status_code == 200
        assert len(big) == len(small)


class PlanAdminTestCase(PlanTestCase):
    def test_it_lists_plans_read_only_for_the_administrator(self) -> None:
        plan = self.start()
        self.login(self.root)
        assert self.client.get("/admin/plans/plan/").status_code == 200
        assert self.client.get(f"/admin/plans/plan/{plan.pk}/history/").status_code == 200
        assert self.client.get("/admin/plans/plan/add/").status_code == 403
