"""The demo company's monthly reviews: a past meeting to read, last month's to run."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase

from firstchoice.demo import generator
from firstchoice.reviews.models import Meeting, MeetingNote, Statement
from firstchoice.teams.models import User

TODAY = dt.date(2026, 11, 28)


class DemoReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        generator.load(today=TODAY, customers=150)

    def test_it_writes_statements_and_a_past_meeting(self) -> None:
        meeting = Meeting.objects.get()
        self.assertEqual((meeting.team.slug, meeting.month), ("east", dt.date(2026, 9, 1)))
        self.assertEqual(meeting.opened_by.username, "manager1")  # type: ignore[union-attr]
        self.assertEqual(MeetingNote.objects.filter(meeting=meeting).count(), 5)
        self.assertEqual(Statement.objects.filter(month=dt.date(2026, 9, 1)).count(), 5)
        # One salesperson has not written last month's statement yet.
        self.assertEqual(Statement.objects.filter(month=dt.date(2026, 10, 1)).count(), 4)

    def test_it_shows_the_demo_meeting_with_charts(self) -> None:
        self.client.force_login(User.objects.get(username="manager1"))
        r = self.client.get("/meetings/east/2026-10/")
        self.assertEqual(r.status_code, 200)
        charts = r.context["view"].charts
        self.assertEqual(len(charts), 5)
        self.assertTrue(all(c.rows for c in charts))
        self.assertTrue(any(c.total.expected_ytd for c in charts))
        self.assertContains(r, 'href="/meetings/east/2026-09/"')
