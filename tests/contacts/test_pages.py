import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from firstchoice.contacts.models import Contact
from firstchoice.plans.actions import calendar_tokens
from firstchoice.portfolio import actions as portfolio_actions
from firstchoice.teams.models import CompanySettings
from tests.base import TODAY, YEAR
from tests.contacts.base import ContactsTestCase


class LogPageTestCase(ContactsTestCase):
    def form(self, **extra: object) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": "call",
            "day": TODAY.isoformat(),
            "their_people": [self.li.pk],
            "our_people": [self.alice.pk],
            "notes": "Asked about the trial",
            "next_step": "Send samples",
            "next_step_owner": self.alice.pk,
            "next_step_due": (TODAY + dt.timedelta(days=5)).isoformat(),
        }
        data.update(extra)
        return data

    def url(self) -> str:
        return reverse("contact-new", args=[self.account.code])

    def test_it_logs_a_contact_and_shows_it_on_the_timeline(self) -> None:
        self.login(self.alice)
        form = self.client.get(self.url() + f"?person={self.wu.pk}")
        assert form.status_code == 200
        assert form.context["form"].initial["their_people"] == [self.wu]
        response = self.client.post(self.url(), self.form())
        assert response.status_code == 302
        assert response["Location"].endswith(f"/customers/{self.account.code}/#timeline")
        contact = Contact.objects.get()
        assert contact.kind == "call" and list(contact.their_people.all()) == [self.li]
        page = self.client.get(reverse("customer", args=[self.account.code]))
        assert page.status_code == 200
        body = page.content.decode()
        assert 'data-kind="contact"' in body and "Li Engineer" in body and "Send samples" in body

    def test_it_keeps_the_input_and_names_the_field_on_a_mistake(self) -> None:
        self.login(self.alice)
        tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
        response = self.client.post(self.url(), self.form(day=tomorrow, notes="Kept text"))
        assert response.status_code == 422
        body = response.content.decode()
        assert "A contact is logged after it happened" in body
        assert 'data-field="day"' in body and "Kept text" in body and tomorrow in body
        assert not Contact.objects.exists()

    def test_it_refuses_a_read_only_teammate_and_hides_from_another_team(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url()).status_code == 403
        assert self.client.post(self.url(), self.form()).status_code == 403
        self.login(self.charlie)
        assert self.client.post(self.url(), self.form()).status_code == 404
        assert Contact.objects.count() == 0

    def test_it_answers_405_to_a_get_on_a_write(self) -> None:
        contact = self.log()
        self.login(self.alice)
        url = reverse("contact-delete", args=[self.account.code, contact.pk])
        assert self.client.get(url).status_code == 405

    def test_it_sends_anonymous_to_the_login(self) -> None:
        assert self.client.get(self.url()).status_code == 302

    def test_it_refuses_a_stale_edit_and_keeps_the_input(self) -> None:
        contact = self.log(notes="first")
        self.login(self.alice)
        url = reverse("contact-edit", args=[self.account.code, contact.pk])
        assert self.client.get(url).status_code == 200
        data = self.form(notes="mine", version=1)
        Contact.objects.filter(pk=contact.pk).update(version=2)
        response = self.client.post(url, data)
        assert response.status_code == 422
        assert "mine" in response.content.decode()
        assert "after you opened it" in response.content.decode()
        contact.refresh_from_db()
        assert contact.notes == "first"


class FromTheLogTestCase(ContactsTestCase):
    def test_it_shows_each_persons_last_contact_and_flags_the_cold(self) -> None:
        self.log(day=TODAY - dt.timedelta(days=40), people=[self.wu])  # level 1: 30 days
        self.log(day=TODAY - dt.timedelta(days=10), people=[self.li])
        self.login(self.bob)  # a teammate reads it
        response = self.client.get(reverse("contacts-freshness", args=[self.account.code]))
        body = response.content.decode()
        assert response.status_code == 200
        assert (TODAY - dt.timedelta(days=10)).isoformat() in body
        assert body.count('class="is-overdue"') == 2  # Wu (40 > 30) and Zhao (never)

    def test_it_uses_the_companys_interval_per_level(self) -> None:
        settings = CompanySettings.load()
        settings.contact_days_1 = 60
        settings.save()
        self.log(day=TODAY - dt.timedelta(days=40), people=[self.wu])
        self.login(self.alice)
        body = self.client.get(reverse("contacts-freshness", args=[self.account.code])).content
        # Wu (level 1) is fine at 40 days now; Li and Zhao were never contacted.
        assert body.decode().count('class="is-overdue"') == 2
        assert f'data-person="{self.wu.pk}" class="is-overdue"' not in body.decode()

    def test_it_puts_next_steps_on_my_actions_and_in_the_calendar(self) -> None:
        contact = self.log(next_step="Send samples", next_step_due=TODAY + dt.timedelta(days=3))
        self.login(self.alice)
        page = self.client.get(reverse("my-actions")).content.decode()
        assert "Send samples" in page and f'data-next-step="{contact.pk}"' in page
        token = calendar_tokens.calendar_token(self.alice).token
        feed = self.client.get(reverse("calendar-feed", args=[token])).content.decode()
        assert f"UID:next-step-{contact.pk}@firstchoice" in feed
        done = self.client.post(reverse("next-step-done", args=[contact.pk]), {"version": 1})
        assert done.status_code == 302
        contact.refresh_from_db()
        assert contact.next_step_done_on == TODAY
        assert "Send samples" not in self.client.get(reverse("my-actions")).content.decode()

    def test_it_lets_only_the_owner_mark_a_next_step_done(self) -> None:
        contact = self.log(next_step="Send samples")
        self.login(self.bob)
        assert self.client.post(reverse("next-step-done", args=[contact.pk])).status_code == 404

    def test_it_shows_the_last_contact_on_the_board_card(self) -> None:
        self.log(day=TODAY - dt.timedelta(days=3))
        self.login(self.alice)
        body = self.client.get(reverse("board", args=["alice", YEAR])).content.decode()
        last = (TODAY - dt.timedelta(days=3)).isoformat()
        assert f'data-last-contact="{last}"' in body

    def test_it_exports_the_log_as_csv_and_xlsx(self) -> None:
        self.log(notes="=HYPERLINK(1)")
        self.login(self.alice)
        csv = self.client.get(reverse("contacts-export", args=[self.account.code, "csv"]))
        assert csv.status_code == 200 and "'=HYPERLINK(1)" in csv.content.decode()
        xlsx = self.client.get(reverse("contacts-export", args=[self.account.code, "xlsx"]))
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][0] == TODAY.isoformat() and rows[1][5] == "=HYPERLINK(1)"
        self.login(self.charlie)
        assert (
            self.client.get(reverse("contacts-export", args=[self.account.code, "csv"])).status_code
            == 404
        )


class TimelineTestCase(ContactsTestCase):
    def test_it_mixes_the_kinds_newest_first_and_filters(self) -> None:
        self.log(day=TODAY - dt.timedelta(days=1), notes="yesterday's visit")
        self.login(self.alice)
        url = reverse("customer-timeline", args=[self.account.code])
        body = self.client.get(url).content.decode()
        kinds = {k for k in ("contact", "tier", "plan") if f'data-kind="{k}"' in body}
        assert kinds == {"contact", "tier", "plan"}
        only = self.client.get(url + "?kind=contact", HTTP_HX_REQUEST="true").content.decode()
        assert 'data-kind="contact"' in only and 'data-kind="tier"' not in only

    def test_it_reads_a_fixed_number_of_queries_whatever_the_history(self) -> None:
        self.login(self.alice)
        url = reverse("customer-timeline", args=[self.account.code])
        self.log()
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for day in range(1, 30):
            self.log(day=TODAY - dt.timedelta(days=day), people=[self.wu, self.li])
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        assert len(many) == len(few)
        assert response.content.decode().count('class="timeline-item"') == 25
        assert "page=2" in response.content.decode()

    def test_it_reads_a_fixed_number_of_queries_whatever_the_tier_history(self) -> None:
        # Each tier change links to its owner's board by the owner's login name: that
        # login must come with the row, not be loaded once per change.
        self.login(self.alice)
        url = reverse("customer-timeline", args=[self.account.code])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for years_ago in range(1, 6):
            portfolio_actions.add_entry(
                actor=self.alice,
                salesperson=self.alice_sp,
                year=YEAR - years_ago,
                customer=self.account,
                tier="B",
                reason="an earlier year's list",
            )
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        assert f"{YEAR - 5} list" in response.content.decode()
        assert len(many) == len(few)
