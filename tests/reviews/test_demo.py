"""The demo company's monthly reviews: a past meeting to read, last month's to run."""

from __future__ import annotations

from django.test import TestCase

from firstchoice.lib.dates import add_months
from firstchoice.reviews.models import Meeting, MeetingNote, Statement
from firstchoice.teams.models import User
from tests.base import TODAY
from tests.demo_company import load_demo

LAST_MONTH = add_months(TODAY.replace(day=1), -1)
PAST_MONTH = add_months(LAST_MONTH, -1)


class DemoReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(today=TODAY, customers=400)

    def test_it_writes_statements_and_a_past_meeting(self) -> None:
        meeting = Meeting.objects.get()
        self.assertEqual((meeting.team.slug, meeting.month), ("east", PAST_MONTH))
        self.assertEqual(meeting.opened_by.username, "manager1")  # type: ignore[union-attr]
        self.assertEqual(MeetingNote.objects.filter(meeting=meeting).count(), 5)
        self.assertEqual(Statement.objects.filter(month=PAST_MONTH).count(), 5)
        # One salesperson has not written last month's statement yet.
        self.assertEqual(Statement.objects.filter(month=LAST_MONTH).count(), 4)

    def test_it_shows_the_demo_meeting_with_charts(self) -> None:
        self.client.force_login(User.objects.get(username="manager1"))
        r = self.client.get(f"/meetings/east/{LAST_MONTH:%Y-%m}/")
        self.assertEqual(r.status_code, 200)
        charts = r.context["view"].charts
        self.assertEqual(len(charts), 5)
        self.assertTrue(all(c.rows for c in charts))
        self.assertTrue(any(c.total.expected_ytd for c in charts))
        self.assertContains(r, f'href="/meetings/east/{PAST_MONTH:%Y-%m}/"')
