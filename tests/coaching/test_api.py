"""GET /api/v1/coaching/{username} and the writes through the same actions."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from firstchoice.coaching import actions, rules
from firstchoice.coaching.models import Assessment, LearningGoal, Rating, Trait
from firstchoice.teams.actions import create_token
from tests.coaching.helpers import CoachingTestCase

URL = "/api/v1/coaching/alice"
# No portfolio: the evidence stops at "no 5+5+5 portfolio"; one read of contact follow-ups.
NUM_QUERIES = 16


def messages(response: Any) -> dict[str, str]:
    return {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}


class ReadTestCase(CoachingTestCase):
    def test_it_returns_periods_ratings_gaps_evidence_and_the_plan(self) -> None:
        a = self.start()
        self.rate_all(a, rules.SELF, 4, self.alice)
        self.rate_all(a, rules.COACH, 3, self.mary)
        actions.add_comment(actor=self.mary, assessment=a, text="Plant visits next quarter")
        goal = actions.add_goal(
            actor=self.alice,
            salesperson=self.alice_sp,
            trait=Trait.objects.get(number=4),
            goal="Pricing",
        )
        actions.add_activity(actor=self.alice, goal=goal, kind="training", description="Course")
        self.login(self.alice)
        body = self.client.get(URL).json()
        self.assertEqual((body["user"], body["team"], body["role"]), ("alice", "alpha", "self"))
        period = body["periods"][0]
        self.assertEqual(period["period"], a.period_label)
        self.assertEqual(len(period["ratings"]), 35)
        self.assertEqual(period["ratings"][0]["gap"], -1)
        self.assertEqual(period["traits"][0]["gap"], "-1.0")
        self.assertEqual(period["comments"][0]["role"], "coach")
        codes = {e["code"] for e in period["evidence"]}
        self.assertIn("no_portfolio", codes)
        urls = {e["code"]: e["url"] for e in period["evidence"]}
        self.assertTrue(urls["no_portfolio"].startswith("/board/alice/"))
        self.assertEqual(urls["learning_plan"], "/coaching/alice/#plan")
        plan = body["learning_plan"][0]
        self.assertEqual((plan["trait"], plan["activities"][0]["kind"]), (4, "training"))

    def test_it_reads_every_period_in_a_fixed_number_of_queries(self) -> None:
        current = self.start()
        self.rate_all(current, rules.SELF, 3, self.alice)
        self.login(self.alice)
        self.client.get(URL)
        with self.assertNumQueries(NUM_QUERIES):
            body = self.client.get(URL).json()
        self.assertEqual(len(body["periods"]), 1)
        quarter = rules.quarter_of(current.period_start)
        for _ in range(3):
            quarter = rules.previous_quarter(quarter)
            older = actions.start_assessment(
                actor=self.alice,
                salesperson=self.alice_sp,
                period_start=quarter.start,
                period_end=quarter.end,
            )
            actions.add_comment(actor=self.mary, assessment=older, text="Earlier")
        with self.assertNumQueries(NUM_QUERIES):
            body = self.client.get(URL).json()
        self.assertEqual(len(body["periods"]), 4)
        self.assertIsNotNone(body["periods"][0]["evidence"])
        self.assertIsNone(body["periods"][1]["evidence"])  # one by one: …/assessments/{id}
        self.assertEqual(body["periods"][3]["comments"][0]["text"], "Earlier")
        r = self.client.get(f"{URL}/assessments/{older.pk}")
        self.assertIsNotNone(r.json()["evidence"])

    def test_it_answers_the_coach_and_hides_from_others(self) -> None:
        self.login(self.mary)
        self.assertEqual(self.client.get(URL).json()["role"], "coach")
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(URL).status_code, 404)

    def test_it_needs_credentials(self) -> None:
        self.assertEqual(self.client.get(URL).status_code, 401)

    def test_it_reads_with_a_bearer_token(self) -> None:
        _token, raw = create_token(user=self.mary)
        r = self.client.get(URL, headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(r.status_code, 200)


class WriteTestCase(CoachingTestCase):
    def post(self, url: str, data: dict[str, Any], method: str = "post") -> Any:
        return getattr(self.client, method)(url, data=data, content_type="application/json")

    def test_it_runs_a_whole_assessment(self) -> None:
        self.login(self.alice)
        r = self.post(URL + "/assessments", {})
        self.assertEqual(r.status_code, 201, r.content)
        pk = r.json()["id"]
        b = self.behaviour().pk
        r = self.post(
            f"{URL}/assessments/{pk}/ratings/self",
            {"ratings": [{"behaviour_id": b, "score": 4, "note": "annual report"}]},
            "put",
        )
        self.assertEqual(r.json()["ratings"][0]["self_score"], 4)
        self.login(self.mary)
        r = self.post(
            f"{URL}/assessments/{pk}/ratings/coach",
            {"ratings": [{"behaviour_id": b, "score": 2}]},
            "put",
        )
        self.assertEqual(r.json()["ratings"][0]["gap"], -2)
        r = self.post(f"{URL}/assessments/{pk}/comments", {"text": "Let's talk"})
        self.assertEqual(r.status_code, 201)
        r = self.post(f"{URL}/assessments/{pk}/close", {})
        self.assertEqual(r.status_code, 422)
        self.assertIn("34 not rated", messages(r)["coach_score"])
        self.rate_all(Assessment.objects.get(pk=pk), rules.COACH, 3, self.mary)
        r = self.post(f"{URL}/assessments/{pk}/close", {})
        self.assertTrue(r.json()["closed"])

    def test_it_refuses_writing_the_other_side(self) -> None:
        a = self.start()
        b = self.behaviour().pk
        body = {"ratings": [{"behaviour_id": b, "score": 5}]}
        self.login(self.alice)
        r = self.post(f"{URL}/assessments/{a.pk}/ratings/coach", body, "put")
        self.assertEqual(r.status_code, 403)
        self.login(self.mary)
        r = self.post(f"{URL}/assessments/{a.pk}/ratings/self", body, "put")
        self.assertEqual(r.status_code, 403)
        self.login(self.bob)
        r = self.post(f"{URL}/assessments/{a.pk}/ratings/self", body, "put")
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Rating.objects.filter(score_filter()).exists())

    def test_it_answers_422_naming_the_field(self) -> None:
        a = self.start()
        b = self.behaviour().pk
        self.login(self.alice)
        r = self.post(
            f"{URL}/assessments/{a.pk}/ratings/self",
            {"ratings": [{"behaviour_id": b, "score": 7}]},
            "put",
        )
        self.assertEqual(r.status_code, 422)
        self.assertIn(f"score_{b}", messages(r))
        r = self.post(URL + "/assessments", {"period_start": "2026-01-01"})
        self.assertIn("period_end", messages(r))
        r = self.post(URL + "/goals", {"trait": 9, "goal": "x"})
        self.assertIn("trait", messages(r))
        self.assertFalse(Rating.objects.filter(score_filter()).exists())
        self.assertEqual(Assessment.objects.count(), 1)

    def test_it_writes_the_learning_plan(self) -> None:
        self.login(self.mary)
        r = self.post(URL + "/goals", {"trait": 4, "goal": "Know competitors' pricing"})
        self.assertEqual(r.status_code, 201)
        goal_id = r.json()["id"]
        r = self.post(
            f"{URL}/goals/{goal_id}/activities",
            {"kind": "success_story", "description": "Bob's win at BO001", "date": "2026-05-01"},
        )
        activity = r.json()["activities"][0]
        r = self.post(f"{URL}/activities/{activity['id']}", {"status": "done"}, "patch")
        self.assertEqual(r.json()["activities"][0]["status"], "done")
        r = self.post(f"{URL}/goals/{goal_id}", {"status": "finished"}, "patch")
        self.assertIn("status", messages(r))
        self.assertEqual(LearningGoal.objects.get().status, "planned")

    def test_it_needs_csrf_with_a_session(self) -> None:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.alice)
        r = browser.post(URL + "/assessments", data={}, content_type="application/json")
        self.assertEqual(r.status_code, 403)
        request = RequestFactory().get("/")
        request.COOKIES = {}
        token = get_token(request)
        browser.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
        r = browser.post(
            URL + "/assessments",
            data={},
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        self.assertEqual(r.status_code, 201, r.content)


def score_filter() -> Any:
    from django.db.models import Q

    return ~Q(self_score=None) | ~Q(coach_score=None)
