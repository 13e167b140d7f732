"""The team's monthly meeting: /meetings/<team>/<YYYY-MM>/ (M7)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.portfolio.actions import add_entry
from firstchoice.reviews import actions
from firstchoice.reviews.models import Meeting, MeetingNote
from firstchoice.teams.models import Salesperson
from tests.base import make_customers
from tests.reviews.helpers import MONTH, MONTH_URL, ReviewCase, Y

URL = f"/meetings/alpha/{MONTH_URL}/"
NOTE = {
    "difficulties": "Long approval cycles.",
    "ideas": "Bob: invite their engineers to our plant.",
    "decisions": "Mary joins the next AL001 visit.",
    "kudos": "Alice won the trial order!",
    "version": "0",
}


class MeetingTests(ReviewCase):
    def open(self) -> Meeting:
        return actions.open_meeting(actor=self.mary, team=self.alpha, month=MONTH)

    def test_it_walks_through_each_salesperson(self) -> None:
        self.write_statement("Won the ACME trial.")
        self.login(self.mary)
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        self.assertIn('id="alice"', body)
        self.assertIn('id="bob"', body)
        self.assertIn("Won the ACME trial.", body)
        self.assertIn('id="open-meeting"', body)
        self.assertEqual(r.context["view"].total.accounts, 18)

    def test_it_lets_a_manager_open_the_meeting_once(self) -> None:
        self.login(self.mary)
        r = self.client.post(URL + "open")
        self.assertRedirects(r, URL)
        self.client.post(URL + "open")
        meeting = Meeting.objects.get()
        self.assertEqual(
            (meeting.team, meeting.month, meeting.opened_by), (self.alpha, MONTH, self.mary)
        )
        self.assertContains(self.client.get(URL), "Opened by Mary")

    def test_it_records_notes_per_salesperson(self) -> None:
        self.open()
        self.login(self.mary)
        r = self.client.post(URL + "notes/alice", NOTE, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "reviews/_note.html")
        note = MeetingNote.objects.get()
        self.assertEqual(
            (note.salesperson, note.kudos, note.version), (self.alice_sp, NOTE["kudos"], 1)
        )
        self.assertEqual(note.history.count(), 1)

    def test_it_asks_to_open_the_meeting_before_notes(self) -> None:
        self.login(self.mary)
        r = self.client.post(URL + "notes/alice", NOTE, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, "Open the meeting first", status_code=422)
        self.assertFalse(MeetingNote.objects.exists())

    def test_it_refuses_a_stale_note(self) -> None:
        self.open()
        self.login(self.mary)
        self.client.post(URL + "notes/alice", NOTE, HTTP_HX_REQUEST="true")
        r = self.client.post(URL + "notes/alice", {**NOTE, "kudos": "x"}, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 422)
        self.assertEqual(MeetingNote.objects.get().kudos, NOTE["kudos"])

    def test_it_refuses_notes_on_someone_outside_the_team(self) -> None:
        self.open()
        self.login(self.mary)
        r = self.client.post(URL + "notes/charlie", NOTE)
        self.assertEqual(r.status_code, 404)

    def test_it_lets_teammates_read_but_not_run_the_meeting(self) -> None:
        self.open()
        actions.save_note(
            actor=self.mary,
            meeting=Meeting.objects.get(),
            salesperson=self.alice_sp,
            difficulties="",
            ideas="",
            decisions="",
            kudos="Great month, Alice.",
        )
        self.login(self.bob)
        r = self.client.get(URL)
        self.assertContains(r, "Great month, Alice.")
        self.assertNotContains(r, 'name="kudos"')
        self.assertEqual(self.client.post(URL + "open").status_code, 403)
        self.assertEqual(self.client.post(URL + "notes/alice", NOTE).status_code, 403)
        self.assertEqual(MeetingNote.objects.get().kudos, "Great month, Alice.")

    def test_it_hides_other_teams(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(URL).status_code, 404)
        self.assertEqual(self.client.post(URL + "open").status_code, 404)
        self.assertEqual(self.client.get(URL + "present/").status_code, 404)
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.mary)
        self.assertEqual(self.client.post(URL).status_code, 405)
        self.assertEqual(self.client.get(URL + "open").status_code, 405)
        self.assertEqual(self.client.get(URL + "notes/alice").status_code, 405)

    def test_it_keeps_past_meetings_readable(self) -> None:
        actions.open_meeting(actor=self.mary, team=self.alpha, month=MONTH.replace(month=5))
        self.login(self.bob)
        r = self.client.get(URL)
        self.assertContains(r, f'href="/meetings/alpha/{Y}-05/"')
        self.assertEqual(self.client.get(f"/meetings/alpha/{Y}-05/").status_code, 200)

    def test_it_presents_one_salesperson_per_screen(self) -> None:
        self.login(self.mary)
        r = self.client.get(URL + "present/?p=2")
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        self.assertIn('class="slide active" data-step="2" data-salesperson="bob"', body)
        self.assertIn('id="prev"', body)
        self.assertIn("firstchoice/present.js", body)  # keys and steps: a static script
        self.assertEqual(r.context["step"], 2)
        # Out-of-range steps land on the last screen.
        self.assertEqual(self.client.get(URL + "present/?p=99").context["step"], 2)

    def test_it_reads_a_step_of_other_digits_as_the_first_screen(self) -> None:
        self.login(self.mary)
        for odd in ("%C2%B2", "%D9%A2", "99999999999999999999999"):  # ², Arabic-Indic 2
            r = self.client.get(URL + f"present/?p={odd}")
            self.assertEqual(r.status_code, 200, odd)

    def test_it_reads_the_meeting_in_the_same_queries_whatever_the_team_size(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(URL).status_code, 200)
            return len(ctx.captured_queries)

        self.login(self.mary)
        two = count()
        with self.assertNumQueries(two):
            self.client.get(URL)
        dave = Salesperson.objects.create(code="dave", name="Dave D", team=self.alpha)
        for customer in make_customers(dave, "DV", 3):
            add_entry(
                actor=self.root,
                salesperson=dave,
                year=Y,
                customer=customer,
                tier="B",
                reason="test",
            )
        three = count()
        erin = Salesperson.objects.create(code="erin", name="Erin E", team=self.alpha)
        for customer in make_customers(erin, "ER", 5):
            add_entry(
                actor=self.root,
                salesperson=erin,
                year=Y,
                customer=customer,
                tier="C",
                reason="test",
            )
        # The team's charts are read together: a larger team costs no query more (issue 13).
        self.assertEqual((three, count()), (two, two))
