"""'My actions', accepting and declining, and the calendar files (parsed with icalendar)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from firstchoice.plans.actions import action_items, calendar_tokens, contacts
from firstchoice.plans.models import Action, CalendarToken
from tests.base import TODAY, YEAR
from tests.plans.base import PlanTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class MyActionsTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start()
        self.objective = self.plan.objectives.first()
        self.later = self.ask(self.bob, "Later one", TODAY + dt.timedelta(days=20))
        self.overdue = self.ask(self.bob, "Overdue one", TODAY - dt.timedelta(days=3))

    def ask(self, owner: object, what: str, due: dt.date | None) -> Action:
        return action_items.add_action(
            next_year=True,  # a due date may fall past 31 December (CI's year-end instant)
            actor=self.alice,
            plan=self.plan,
            what=what,
            objective=self.objective,
            owner=owner,
            due=due,  # type: ignore[arg-type]
        )

    def test_it_lists_my_actions_across_accounts_overdue_first(self) -> None:
        self.login(self.bob)
        r = self.client.get("/my-actions/")
        assert r.status_code == 200
        html = r.content.decode()
        assert html.index("Overdue one") < html.index("Later one")
        assert "overdue" in html
        assert "Grow sales by 15%" in html  # the why
        assert "Run a business review" not in html  # alice's own actions are not bob's

    def test_it_lets_the_owner_accept(self) -> None:
        self.login(self.bob)
        r = self.client.post(
            f"/my-actions/{self.later.pk}/respond", {"version": 1, "decision": "accept"}, **HTMX
        )
        assert r.status_code == 200
        assert "Action accepted." in r.content.decode()
        self.later.refresh_from_db()
        assert self.later.status == "accepted"

    def test_it_needs_a_reason_to_decline(self) -> None:
        self.login(self.bob)
        r = self.client.post(
            f"/my-actions/{self.later.pk}/respond", {"version": 1, "decision": "decline"}, **HTMX
        )
        assert r.status_code == 422
        assert "Reason: Say why you decline" in r.content.decode()
        r = self.client.post(
            f"/my-actions/{self.later.pk}/respond",
            {"version": 1, "decision": "decline", "reason": "Not my territory"},
            **HTMX,
        )
        assert r.status_code == 200
        self.later.refresh_from_db()
        assert (self.later.status, self.later.reason) == ("declined", "Not my territory")
        # The plan now says the action needs an owner.
        self.login(self.alice)
        assert (
            "“Later one” has no owner who accepted it"
            in self.client.get(self.plan_url()).content.decode()
        )

    def test_it_refuses_a_stale_answer(self) -> None:
        action_items.update_action(
            actor=self.alice, action=self.later, version=1, what="Later one, moved"
        )
        self.login(self.bob)
        r = self.client.post(
            f"/my-actions/{self.later.pk}/respond", {"version": 1, "decision": "accept"}, **HTMX
        )
        assert r.status_code == 422
        assert "Alice changed this action" in r.content.decode()
        self.later.refresh_from_db()
        assert self.later.status == "proposed"

    def test_it_refuses_someone_elses_action(self) -> None:
        self.login(self.charlie)
        r = self.client.post(
            f"/my-actions/{self.later.pk}/respond", {"version": 1, "decision": "accept"}
        )
        assert r.status_code == 404
        # alice (the plan's owner) may see it, but only bob may accept it
        self.login(self.alice)
        r = self.client.post(
            f"/my-actions/{self.later.pk}/respond", {"version": 1, "decision": "accept"}
        )
        assert r.status_code == 403
        self.later.refresh_from_db()
        assert self.later.status == "proposed"

    def test_it_records_progress(self) -> None:
        action_items.respond(actor=self.bob, action=self.later, version=1, accept=True)
        self.login(self.bob)
        r = self.client.post(
            f"/my-actions/{self.later.pk}/progress", {"version": 2, "status": "done"}, **HTMX
        )
        assert r.status_code == 200
        self.later.refresh_from_db()
        assert self.later.status == "done"

    def test_it_refuses_the_wrong_method_and_anonymous(self) -> None:
        assert self.client.get("/my-actions/").status_code == 302
        self.login(self.bob)
        assert self.client.post("/my-actions/").status_code == 405
        assert self.client.get(f"/my-actions/{self.later.pk}/respond").status_code == 405

    def test_it_does_not_n_plus_one(self) -> None:
        self.login(self.bob)
        self.client.get("/my-actions/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/my-actions/")
        other = self.start(self.tier_b, "B")
        for i in range(6):
            action_items.add_action(
                next_year=True,  # a due date may fall past 31 December (CI's year-end instant)
                actor=self.alice,
                plan=other,
                what=f"More {i}",
                objective=None,
                owner=self.bob,
                due=TODAY,
                purpose="x",
            )
        with CaptureQueriesContext(connection) as many:
            self.client.get("/my-actions/")
        assert len(many) == len(few)


class CalendarTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start()
        self.action = self.plan.actions.order_by("due").first()
        assert self.action is not None
        self.contact = contacts.add_contact(
            actor=self.alice,
            plan=self.plan,
            key_person=self.buyer,
            goal="Learn how they judge suppliers",
            date=dt.date(YEAR, 4, 15),
            owner=self.alice,
        )

    def test_it_downloads_one_action_as_ics(self) -> None:
        self.login(self.alice)
        r = self.client.get(f"/my-actions/{self.action.pk}.ics")
        assert r.status_code == 200
        assert r["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(r.content)
        (event,) = cal.walk("VEVENT")
        assert str(event["UID"]) == f"action-{self.action.pk}@firstchoice"
        assert event.decoded("DTSTART") == self.action.due
        assert self.action.what in str(event["SUMMARY"])
        assert "AL Customer 1" in str(event["SUMMARY"])
        assert "Why: " in str(event["DESCRIPTION"])

    def test_it_hides_an_action_ics_from_another_team(self) -> None:
        self.login(self.charlie)
        assert self.client.get(f"/my-actions/{self.action.pk}.ics").status_code == 404

    def test_it_serves_a_private_feed_by_token_and_revokes_it(self) -> None:
        self.login(self.alice)
        page = self.client.get("/my-actions/").content.decode()
        token = CalendarToken.objects.get(user=self.alice).token
        assert f"/calendar/{token}.ics" in page
        self.client.logout()
        r = self.client.get(f"/calendar/{token}.ics")
        assert r.status_code == 200
        assert r["Cache-Control"] == "private, no-store"
        cal = Calendar.from_ical(r.content)
        uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
        assert f"contact-{self.contact.pk}@firstchoice" in uids
        assert len(uids) == 1 + self.plan.actions.count()
        contact_event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("contact"))
        assert contact_event.decoded("DTSTART") == dt.date(YEAR, 4, 15)
        assert "Wu Buyer" in str(contact_event["SUMMARY"])

        self.login(self.alice)
        r = self.client.post("/my-actions/calendar/renew", **HTMX)
        assert r.status_code == 200
        assert self.client.get(f"/calendar/{token}.ics").status_code == 404
        new = CalendarToken.objects.get(user=self.alice).token
        assert new != token and self.client.get(f"/calendar/{new}.ics").status_code == 200

    def test_it_answers_404_for_a_wrong_token(self) -> None:
        assert self.client.get("/calendar/guess.ics").status_code == 404

    def test_it_leaves_dropped_actions_out_of_the_feed(self) -> None:
        action_items.update_action(
            actor=self.alice, action=self.action, version=1, status="dropped", reason="No budget"
        )
        token = calendar_tokens.calendar_token(self.alice).token
        cal = Calendar.from_ical(self.client.get(f"/calendar/{token}.ics").content)
        assert f"action-{self.action.pk}@firstchoice" not in [
            str(e["UID"]) for e in cal.walk("VEVENT")
        ]
