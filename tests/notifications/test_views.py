"""The bell, the list page, marking read, preferences and the signed unsubscribe link."""

from __future__ import annotations

from firstchoice.notifications.actions import notify
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import Notification, Preference
from firstchoice.notifications.tokens import unsubscribe_token
from tests.base import BaseTestCase


class InboxTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.first = self.notice(Kind.PLAN_COMMENTED, customer="Acme <b>")
        self.second = self.notice(Kind.ACTION_ASSIGNED, what="Call", customer="Beta")
        self.theirs = self.notice(Kind.PLAN_COMMENTED, user=self.charlie, customer="Gamma")

    def notice(self, kind: str, user=None, **params: str) -> Notification:  # type: ignore[no-untyped-def]
        found = notify(
            user=user or self.alice,
            kind=kind,
            params={"actor": "Mary", **params},
            link="/my-actions/",
            actor=self.mary,
        )
        assert found is not None
        return found


class InboxPageTest(InboxTestCase):
    def test_it_lists_ones_own_unread_first(self) -> None:
        Notification.objects.filter(pk=self.second.pk).update(read_at=self.second.created)
        self.login(self.alice)
        # session, user, page count, unread count, the settings, the navigation (2), the page
        with self.assertNumQueries(8):
            r = self.client.get("/notifications/")
        body = r.content.decode()
        self.assertEqual(r.status_code, 200)
        self.assertLess(body.index("Acme &lt;b&gt;"), body.index("Call"))  # escaped, unread first
        self.assertNotIn("Gamma", body)
        self.assertIn("1 unread", body)

    def test_it_filters_by_kind_and_unread(self) -> None:
        self.login(self.alice)
        body = self.client.get("/notifications/?kind=action_assigned").content.decode()
        self.assertIn("Call", body)
        self.assertNotIn("Acme", body)
        Notification.objects.filter(pk=self.second.pk).update(read_at=self.second.created)
        body = self.client.get("/notifications/?show=unread").content.decode()
        self.assertNotIn("“Call”", body)
        self.assertIn("Acme", body)

    def test_anonymous_is_sent_to_log_in(self) -> None:
        self.assertEqual(self.client.get("/notifications/").status_code, 302)

    def test_the_wrong_method_is_refused(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post("/notifications/").status_code, 405)
        self.assertEqual(self.client.get("/notifications/read-all").status_code, 405)
        self.assertEqual(self.client.get(f"/notifications/{self.first.pk}/read").status_code, 405)

    def test_the_bell_counts_unread(self) -> None:
        self.login(self.alice)
        body = self.client.get("/notifications/bell").content.decode()
        self.assertIn('class="bell-count">2<', body)
        self.login(self.bob)
        self.assertNotIn("bell-count", self.client.get("/notifications/bell").content.decode())

    def test_every_page_carries_the_bell(self) -> None:
        self.login(self.alice)
        body = self.client.get("/notifications/").content.decode()
        self.assertIn('hx-get="/notifications/bell"', body)


class MarkReadTest(InboxTestCase):
    def test_it_marks_one_read(self) -> None:
        self.login(self.alice)
        r = self.client.post(f"/notifications/{self.first.pk}/read", {"next": "/notifications/"})
        self.assertRedirects(r, "/notifications/", fetch_redirect_response=False)
        self.first.refresh_from_db()
        self.assertTrue(self.first.is_read)

    def test_htmx_gets_the_row_back(self) -> None:
        self.login(self.alice)
        r = self.client.post(f"/notifications/{self.first.pk}/read", headers={"HX-Request": "true"})
        self.assertContains(r, f'id="notification-{self.first.pk}"')
        self.assertNotContains(r, "Mark read")

    def test_opening_one_marks_it_read_and_follows_its_link(self) -> None:
        self.login(self.alice)
        r = self.client.get(f"/notifications/{self.first.pk}/open")
        self.assertRedirects(r, "/my-actions/", fetch_redirect_response=False)
        self.first.refresh_from_db()
        self.assertTrue(self.first.is_read)

    def test_someone_elses_answers_404(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(f"/notifications/{self.theirs.pk}/read").status_code, 404)
        self.assertEqual(self.client.get(f"/notifications/{self.theirs.pk}/open").status_code, 404)
        self.theirs.refresh_from_db()
        self.assertFalse(self.theirs.is_read)

    def test_it_marks_all_read_or_one_kind(self) -> None:
        self.login(self.alice)
        self.client.post("/notifications/read-all", {"kind": "action_assigned"})
        self.assertEqual(
            list(Notification.objects.filter(user=self.alice, read_at=None)), [self.first]
        )
        self.client.post("/notifications/read-all", {})
        self.assertFalse(Notification.objects.filter(user=self.alice, read_at=None).exists())
        self.assertFalse(Notification.objects.get(pk=self.theirs.pk).is_read)


class PreferencesTest(BaseTestCase):
    def test_it_shows_the_company_defaults(self) -> None:
        self.login(self.alice)
        r = self.client.get("/notifications/settings")
        self.assertContains(r, 'value="action_assigned" id="id_immediate_kinds_0" checked')
        self.assertContains(r, 'value="import_failed" id="id_immediate_kinds_13" checked')
        self.assertNotContains(r, 'id="id_muted_kinds_0" checked')

    def test_it_saves_ones_choices(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            "/notifications/settings",
            {
                "email_enabled": "on",
                "digest_time": "07:30",
                "immediate_kinds": ["plan_commented"],
                "muted_kinds": ["import_done"],
                "version": "0",
            },
        )
        self.assertEqual(r.status_code, 302)
        pref = Preference.objects.get(user=self.alice)
        self.assertEqual(str(pref.digest_time), "07:30:00")
        self.assertFalse(pref.digest_enabled)
        self.assertEqual(pref.immediate_kinds, ["plan_commented"])
        self.assertEqual(pref.muted_kinds, ["import_done"])

    def test_bad_input_names_the_field_keeps_the_input_and_changes_nothing(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            "/notifications/settings",
            {"digest_time": "25:99", "immediate_kinds": ["nope"], "email_enabled": "on"},
        )
        self.assertEqual(r.status_code, 422)
        body = r.content.decode()
        self.assertIn("Enter a valid time", body)
        self.assertIn("Select a valid choice", body)
        self.assertIn('value="25:99"', body)
        self.assertFalse(Preference.objects.exists())

    def test_a_stale_version_is_refused(self) -> None:
        Preference.objects.create(user=self.alice, version=3)
        self.login(self.alice)
        r = self.client.post("/notifications/settings", {"version": "1"})
        self.assertEqual(r.status_code, 422)
        self.assertEqual(Preference.objects.get().version, 3)


class UnsubscribeTest(BaseTestCase):
    def test_the_signed_link_works_without_logging_in(self) -> None:
        url = f"/notifications/unsubscribe/{unsubscribe_token(self.alice.pk, 'plan_commented')}"
        r = self.client.get(url)
        self.assertContains(r, "Manager&#x27;s comment on your plan")
        self.assertFalse(Preference.objects.exists())  # GET only asks
        r = self.client.post(url)
        self.assertContains(r, "Unsubscribed")
        self.assertEqual(
            Preference.objects.get(user=self.alice).unsubscribed_kinds, ["plan_commented"]
        )

    def test_all_turns_e_mail_off(self) -> None:
        self.client.post(f"/notifications/unsubscribe/{unsubscribe_token(self.bob.pk, 'all')}")
        self.assertFalse(Preference.objects.get(user=self.bob).email_enabled)

    def test_an_altered_link_does_nothing(self) -> None:
        token = unsubscribe_token(self.alice.pk, "all")
        r = self.client.post(f"/notifications/unsubscribe/{token[:-2]}xx")
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Preference.objects.exists())
