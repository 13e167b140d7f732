"""Coaching pages: who sees what, htmx partials, errors as 422, and a fixed query count."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from firstchoice.coaching import actions, rules
from firstchoice.coaching.models import Comment, LearningGoal, Rating, Trait
from tests.coaching.helpers import CoachingTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class PersonPageTestCase(CoachingTestCase):
    url = "/coaching/alice/"

    def test_it_shows_the_salesperson_their_coaching(self) -> None:
        self.start()
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Personal learning plan")
        self.assertContains(r, rules.quarter_of(timezone.localdate()).label)
        self.assertContains(r, "Start an assessment")
        self.assertContains(r, "<svg", msg_prefix="the trend chart")

    def test_it_shows_the_manager_their_team_members(self) -> None:
        self.login(self.mary)
        self.assertContains(self.client.get(self.url), "You are the coach")

    def test_it_hides_coaching_from_a_teammate_and_another_team(self) -> None:
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_lets_an_administrator_read_only(self) -> None:
        self.login(self.root)
        r = self.client.get(self.url)
        self.assertContains(r, "read-only")
        self.assertNotContains(r, "Start an assessment")

    def test_it_redirects_anonymous_users_to_login(self) -> None:
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        self.assertEqual(self.client.get("/coaching/alice/start").status_code, 405)

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        first = self.start()
        self.rate_all(first, rules.SELF, 3, self.alice)
        trait = Trait.objects.get(number=2)
        goal = actions.add_goal(actor=self.alice, salesperson=self.alice_sp, trait=trait, goal="G")
        actions.add_activity(actor=self.alice, goal=goal, kind="training", description="x")
        self.login(self.alice)
        self.client.get(self.url)  # warm caches (content types, session)
        # 11: the goal form's trait select reuses the page's traits (issue 13).
        with self.assertNumQueries(11):
            self.client.get(self.url)
        for i in range(4):
            goal = actions.add_goal(
                actor=self.alice, salesperson=self.alice_sp, trait=trait, goal=f"Goal {i}"
            )
            actions.add_activity(actor=self.alice, goal=goal, kind="training", description="x")
        actions.start_assessment(
            actor=self.alice,
            salesperson=self.alice_sp,
            period_start=rules.previous_quarter(rules.quarter_of(first.period_start)).start,
            period_end=first.period_start - dt.timedelta(days=1),
        )
        with self.assertNumQueries(11):
            self.client.get(self.url)

    def test_it_starts_an_assessment(self) -> None:
        self.login(self.mary)
        r = self.client.post(
            "/coaching/alice/start", {"period_start": "2026-01-01", "period_end": "2026-03-31"}
        )
        assessment = self.alice_sp.assessments.get()
        self.assertRedirects(r, f"/coaching/alice/{assessment.pk}/")
        self.assertEqual(assessment.period_label, "2026 Q1")

    def test_it_names_the_field_of_a_bad_period(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            "/coaching/alice/start", {"period_start": "2026-04-01", "period_end": "2026-01-01"}
        )
        self.assertContains(r, "Period end: The period must end", status_code=422)
        r = self.client.post("/coaching/alice/start", {"period_start": "soon", "period_end": ""})
        self.assertContains(r, "Period start: Enter a valid date.", status_code=422)
        self.assertFalse(self.alice_sp.assessments.exists())

    def test_it_refuses_writes_from_a_teammate_and_an_administrator(self) -> None:
        data = {"period_start": "2026-01-01", "period_end": "2026-03-31"}
        self.login(self.bob)
        self.assertEqual(self.client.post("/coaching/alice/start", data).status_code, 404)
        self.login(self.root)
        self.assertEqual(self.client.post("/coaching/alice/start", data).status_code, 403)
        self.assertFalse(self.alice_sp.assessments.exists())


class LearningPlanPageTestCase(CoachingTestCase):
    def test_it_adds_a_goal_and_an_activity_with_htmx(self) -> None:
        self.login(self.alice)
        trait = Trait.objects.get(number=4)
        r = self.client.post(
            "/coaching/alice/goals", {"trait": trait.pk, "goal": "Learn pricing"}, **HTMX
        )
        self.assertContains(r, "Learn pricing")
        self.assertTemplateUsed(r, "coaching/_plan.html")
        self.assertTemplateNotUsed(r, "coaching/person.html")
        goal = LearningGoal.objects.get()
        r = self.client.post(
            f"/coaching/alice/goals/{goal.pk}/activities",
            {"kind": "product_show", "description": "Hannover fair", "planned_on": "2026-04-20"},
            **HTMX,
        )
        self.assertContains(r, "Hannover fair")
        activity = goal.activities.get()
        r = self.client.post(
            f"/coaching/alice/activities/{activity.pk}/status", {"status": "done"}, **HTMX
        )
        self.assertEqual(r.status_code, 200)
        activity.refresh_from_db()
        self.assertEqual(activity.status, "done")

    def test_it_answers_422_naming_the_field(self) -> None:
        self.login(self.alice)
        r = self.client.post("/coaching/alice/goals", {"trait": "", "goal": ""}, **HTMX)
        self.assertContains(r, "Goal: This field is required.", status_code=422)
        self.assertFalse(LearningGoal.objects.exists())

    def test_it_hides_another_salespersons_goal(self) -> None:
        goal = actions.add_goal(
            actor=self.charlie,
            salesperson=self.charlie_sp,
            trait=Trait.objects.get(number=1),
            goal="Mine",
        )
        self.login(self.alice)
        r = self.client.post(f"/coaching/alice/goals/{goal.pk}/status", {"status": "done"})
        self.assertEqual(r.status_code, 404)


class AssessmentPageTestCase(CoachingTestCase):
    def setUp(self) -> None:
        self.assessment = self.start()
        self.url = f"/coaching/alice/{self.assessment.pk}/"

    def ratings_post(self, side: str, score: str = "4", **extra: str) -> dict[str, str]:
        data = {"side": side}
        for pk in self.assessment.ratings.values_list("behaviour_id", flat=True):
            data[f"score_{pk}"] = score
            data[f"note_{pk}"] = f"{side} evidence"
        data.update(extra)
        return data

    def test_it_shows_the_sheet_with_radar_and_self_inputs(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Know the customer&#x27;s business")  # the trait's heading
        self.assertContains(r, 'class="chart radar"')
        self.assertContains(r, "Save my ratings")
        self.assertContains(r, 'aria-label="Self rating"', count=35)
        self.assertNotContains(r, 'aria-label="Coach rating"')

    def test_it_shows_the_coach_coach_inputs_and_the_close_button(self) -> None:
        self.login(self.mary)
        r = self.client.get(self.url)
        self.assertContains(r, 'aria-label="Coach rating"', count=35)
        self.assertContains(r, "Close assessment")

    def test_it_hides_the_assessment_from_others(self) -> None:
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
        other = self.start(self.charlie_sp, self.charlie)
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/coaching/alice/{other.pk}/").status_code, 404)

    def test_it_saves_self_ratings_with_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url + "rate", self.ratings_post("self", "3"), **HTMX)
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "coaching/_sheet.html")
        self.assertTemplateNotUsed(r, "coaching/assessment.html")
        self.assertEqual(Rating.objects.filter(self_score=3).count(), 35)
        self.assertEqual(Rating.objects.exclude(coach_score=None).count(), 0)

    def test_it_refuses_a_salesperson_posting_coach_ratings(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url + "rate", self.ratings_post("coach"), **HTMX)
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Rating.objects.exclude(coach_score=None).exists())

    def test_it_refuses_a_coach_posting_self_ratings(self) -> None:
        self.login(self.mary)
        r = self.client.post(self.url + "rate", self.ratings_post("self"), **HTMX)
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Rating.objects.exclude(self_score=None).exists())

    def test_it_answers_422_and_keeps_the_input(self) -> None:
        self.login(self.alice)
        data = self.ratings_post("self", "4")
        first = self.behaviour().pk
        data[f"score_{first}"] = "9"
        r = self.client.post(self.url + "rate", data, **HTMX)
        self.assertContains(r, "Rating: Select a valid choice.", status_code=422)
        self.assertContains(r, "self evidence", status_code=422)
        self.assertFalse(Rating.objects.exclude(self_score=None).exists())

    def test_it_shows_gaps_after_both_sides_rate(self) -> None:
        self.rate_all(self.assessment, rules.SELF, 4, self.alice)
        self.rate_all(self.assessment, rules.COACH, 2, self.mary)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, '<td class="num gap gap-notable">-2.0</td>', count=6, html=False)

    def test_it_adds_a_comment_with_htmx(self) -> None:
        self.login(self.mary)
        r = self.client.post(self.url + "comment", {"text": "Let's visit a plant"}, **HTMX)
        self.assertContains(r, "Let&#x27;s visit a plant")
        self.assertTemplateUsed(r, "coaching/_comments.html")
        r = self.client.post(self.url + "comment", {"text": ""}, **HTMX)
        self.assertContains(r, "Comment: This field is required.", status_code=422)
        self.assertEqual(Comment.objects.count(), 1)

    def test_it_closes_and_becomes_read_only(self) -> None:
        self.login(self.mary)
        r = self.client.post(self.url + "close")
        self.assertContains(r, "35 not rated yet", status_code=422)
        self.rate_all(self.assessment, rules.COACH, 3, self.mary)
        self.assertRedirects(self.client.post(self.url + "close"), self.url)
        r = self.client.get(self.url)
        self.assertNotContains(r, "Save coach ratings")
        self.assertNotContains(r, "Close assessment")
        r = self.client.post(self.url + "rate", self.ratings_post("coach", "5"), **HTMX)
        self.assertContains(r, "closed", status_code=422)
        self.assertFalse(Rating.objects.filter(coach_score=5).exists())

    def test_it_refuses_closing_by_the_salesperson(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url + "close").status_code, 403)

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        self.assertEqual(self.client.get(self.url + "rate").status_code, 405)
        self.assertEqual(self.client.get(self.url + "close").status_code, 405)

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        # A past quarter: whole months only, so the sales look-ups do not depend on today.
        past = rules.previous_quarter(rules.quarter_of(self.assessment.period_start))
        earlier = actions.start_assessment(
            actor=self.alice,
            salesperson=self.alice_sp,
            period_start=past.start,
            period_end=past.end,
        )
        url = f"/coaching/alice/{earlier.pk}/"
        self.add(self.alice_sp, self.alice_customers[0], "A", year=past.end.year)
        actions.add_comment(actor=self.alice, assessment=earlier, text="First")
        self.login(self.alice)
        self.client.get(url)
        # 24, plus trait 6: follow-ups from the contact log (the company settings and the
        # own salesperson profile are read once per request: issue 13).
        with self.assertNumQueries(25):
            self.client.get(url)
        for customer in self.alice_customers[1:5]:
            self.add(self.alice_sp, customer, "A", year=past.end.year)
        self.rate_all(earlier, rules.SELF, 3, self.alice)
        actions.add_comment(actor=self.mary, assessment=earlier, text="Second")
        with self.assertNumQueries(25):
            self.client.get(url)


class TeamHeatmapTestCase(CoachingTestCase):
    url = "/teams/alpha/coaching/"

    def test_it_shows_the_manager_salespeople_by_traits(self) -> None:
        a = self.start()
        self.rate_all(a, rules.SELF, 4, self.alice)
        self.rate_all(a, rules.COACH, 2, self.mary)
        self.login(self.mary)
        r = self.client.get(self.url)
        self.assertContains(r, 'data-salesperson="alice"')
        self.assertContains(r, 'data-salesperson="bob"')
        self.assertContains(r, "heat-low", count=7)  # six cells and the legend
        self.assertContains(r, "heat-low focus", count=2)  # coach first: the two weakest
        self.assertContains(r, "no assessment")

    def test_it_hides_the_heatmap_from_salespeople_and_other_managers(self) -> None:
        for user in (self.alice, self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        self.rate_all(self.start(), rules.SELF, 3, self.alice)
        self.login(self.mary)
        self.client.get(self.url)
        with self.assertNumQueries(9):
            self.client.get(self.url)
        self.rate_all(self.start(self.bob_sp, self.bob), rules.SELF, 3, self.bob)
        with self.assertNumQueries(9):
            self.client.get(self.url)


class HomeTestCase(CoachingTestCase):
    def test_it_sends_each_user_to_their_coaching(self) -> None:
        self.login(self.alice)
        self.assertRedirects(self.client.get("/coaching/"), "/coaching/alice/")
        self.login(self.mary)
        self.assertRedirects(self.client.get("/coaching/"), "/teams/alpha/coaching/")


class ChineseTestCase(CoachingTestCase):
    def test_it_fills_the_period_dates_as_iso_in_chinese(self) -> None:
        self.alice.language = "zh-hans"
        self.alice.save()
        self.login(self.alice)
        quarter = rules.quarter_of(timezone.localdate())
        r = self.client.get("/coaching/alice/")
        self.assertContains(r, f'value="{quarter.start.isoformat()}"')
        self.assertContains(r, "了解客户的业务")


class NextPeriodTestCase(CoachingTestCase):
    def test_it_proposes_the_next_quarter_without_an_assessment(self) -> None:
        current = self.start()
        following = rules.quarter_of(current.period_end + dt.timedelta(days=1))
        self.login(self.alice)
        r = self.client.get("/coaching/alice/")
        self.assertContains(r, f'name="period_start" value="{following.start.isoformat()}"')


class LearningPlanOnMyActionsTestCase(CoachingTestCase):
    """Issue 8: the learning plan is shown with the salesperson's actions."""

    def setUp(self) -> None:
        trait = self.behaviour(4).trait
        goal = actions.add_goal(
            actor=self.alice, salesperson=self.alice_sp, trait=trait, goal="Know our pricing"
        )
        actions.add_activity(
            actor=self.alice, goal=goal, kind="training", description="Pricing course <b>"
        )
        done = actions.add_activity(
            actor=self.alice, goal=goal, kind="expert", description="Shadow the engineer"
        )
        actions.set_activity_status(actor=self.alice, activity=done, status="done")

    def test_my_actions_lists_my_open_learning_activities(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get("/my-actions/")
        self.assertContains(r, "Learning activities")
        self.assertContains(r, "Pricing course &lt;b&gt;")
        self.assertContains(r, "Know our pricing")
        self.assertNotContains(r, "Shadow the engineer")

    def test_a_colleague_does_not_see_them(self) -> None:
        self.client.force_login(self.bob)
        r = self.client.get("/my-actions/")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "Pricing course")
