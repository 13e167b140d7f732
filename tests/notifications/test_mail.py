"""E-mail through a real SMTP server (aiosmtpd): immediate mails, the daily digest in both
languages, preferences, signed unsubscribe links, retries without duplicates (issue 19)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from firstchoice.notifications import mail
from firstchoice.notifications.actions import notify
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import (
    Digest,
    MailState,
    Notification,
    NotificationSettings,
    Preference,
)
from firstchoice.notifications.tokens import read_token
from tests.base import BaseTestCase
from tests.notifications.smtp import SmtpServer, parts


def at(hour: int, minute: int = 0, days: int = 0) -> dt.datetime:
    """Today's local `hour:minute` (the company's time zone), `days` later."""
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


class MailTestCase(BaseTestCase):
    server: SmtpServer

    def setUp(self) -> None:
        self.server = SmtpServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        overrides = override_settings(**self.server.settings(), SITE_URL="https://fc.example")
        overrides.enable()
        self.addCleanup(overrides.disable)
        for user, address in ((self.alice, "alice@example.com"), (self.bob, "bob@example.com")):
            user.email = address
            user.save()

    @property
    def received(self) -> list[Any]:
        return self.server.inbox.messages

    def assigned(self, user=None, what: str = "Visit the plant", created=None) -> Notification:  # type: ignore[no-untyped-def]
        found = notify(
            user=user or self.alice,
            kind=Kind.ACTION_ASSIGNED,
            params={"actor": "Mary", "what": what, "customer": "Acme <Ltd>"},
            link="/my-actions/#action-1",
            actor=self.mary,
        )
        assert found is not None
        if created is not None:
            Notification.objects.filter(pk=found.pk).update(created=created)
        return found

    def commented(self, user=None, created=None) -> Notification:  # type: ignore[no-untyped-def]
        found = notify(
            user=user or self.alice,
            kind=Kind.PLAN_COMMENTED,
            params={"actor": "Mary", "customer": "Acme <Ltd>"},
            link="/plans/alice/2026/AL001/",
            actor=self.mary,
        )
        assert found is not None
        if created is not None:
            Notification.objects.filter(pk=found.pk).update(created=created)
        return found


class ImmediateMailTest(MailTestCase):
    def test_it_mails_a_kind_picked_for_immediate_mail_once(self) -> None:
        notice = self.assigned()
        self.assertEqual(notice.mail_state, MailState.PENDING)
        self.assertEqual(mail.send_immediate(), 1)
        self.assertEqual(mail.send_immediate(), 0)  # a second run (job delivered twice)
        self.assertEqual(len(self.received), 1)
        message = self.received[0]
        self.assertEqual(message["To"], "alice@example.com")
        self.assertIn("Visit the plant", message["Subject"])
        text, html = parts(message)
        self.assertIn("https://fc.example/my-actions/#action-1", text)
        self.assertIn("Acme <Ltd>", text)  # plain text is not HTML-escaped
        self.assertIn("Acme &lt;Ltd&gt;", html)  # the HTML is
        self.assertIn("/notifications/unsubscribe/", message["List-Unsubscribe"])
        notice.refresh_from_db()
        self.assertEqual(notice.mail_state, MailState.SENT)

    def test_it_does_not_mail_at_once_a_kind_not_picked(self) -> None:
        self.assertEqual(self.commented().mail_state, MailState.NONE)
        self.assertEqual(mail.send_immediate(), 0)
        self.assertEqual(self.received, [])

    def test_it_respects_e_mail_off(self) -> None:
        Preference.objects.create(user=self.alice, email_enabled=False)
        self.assigned()
        mail.send_immediate()
        self.assertEqual(self.received, [])

    def test_the_company_can_turn_e_mail_off(self) -> None:
        company = NotificationSettings.load()
        company.email_enabled = False
        company.save()
        self.assigned()
        mail.send_immediate()
        self.assertEqual(self.received, [])

    def test_a_refused_send_is_retried_and_delivered_once(self) -> None:
        self.server.inbox.refuse = 1
        notice = self.assigned()
        self.assertEqual(mail.send_immediate(), 0)
        notice.refresh_from_db()
        self.assertEqual((notice.mail_state, notice.mail_attempts), (MailState.PENDING, 1))
        self.assertEqual(mail.send_immediate(), 1)
        self.assertEqual(mail.send_immediate(), 0)
        self.assertEqual(len(self.received), 1)
        notice.refresh_from_db()
        self.assertEqual((notice.mail_state, notice.mail_attempts), (MailState.SENT, 2))

    def test_it_gives_up_after_the_last_attempt(self) -> None:
        self.server.inbox.refuse = mail.MAX_ATTEMPTS + 1
        notice = self.assigned()
        for _ in range(mail.MAX_ATTEMPTS + 1):
            mail.send_immediate()
        notice.refresh_from_db()
        self.assertEqual(notice.mail_state, MailState.FAILED)
        self.assertEqual(self.received, [])

    def test_a_mail_claimed_by_another_worker_is_not_sent_again(self) -> None:
        notice = self.assigned()
        Notification.objects.filter(pk=notice.pk).update(mail_state=MailState.SENDING)
        self.assertEqual(mail.send_immediate(), 0)
        self.assertEqual(self.received, [])

    def test_a_crash_after_sending_never_sends_twice(self) -> None:
        self.assigned()
        with (
            mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=KeyboardInterrupt),
            self.assertRaises(KeyboardInterrupt),
        ):
            mail.send_immediate()  # the worker dies mid-send: the row stays "sending"
        self.assertEqual(mail.send_immediate(), 0)
        self.assertEqual(Notification.objects.get().mail_state, MailState.SENDING)

    def test_it_writes_in_the_users_language(self) -> None:
        self.alice.language = "zh-hans"
        self.alice.save()
        self.assigned()
        mail.send_immediate()
        message = self.received[0]
        text, html = parts(message)
        self.assertIn("请你", message["Subject"])
        self.assertIn("退订", text)
        self.assertIn('lang="zh-Hans"', html)


class DigestTest(MailTestCase):
    def test_it_sends_the_digest_at_the_users_time_only_when_something_is_new(self) -> None:
        self.commented(created=at(7) - dt.timedelta(hours=2))
        self.commented(user=self.bob, created=at(7) - dt.timedelta(hours=2))
        Preference.objects.create(user=self.bob, digest_time=dt.time(9, 30))
        self.assertEqual(mail.plan_digests(now=at(7, 59)), 0)  # before 08:00
        self.assertEqual(mail.plan_digests(now=at(8, 1)), 1)  # alice at the company's time
        self.assertEqual(mail.plan_digests(now=at(8, 2)), 0)  # once a day
        self.assertEqual(mail.send_digests(), 1)
        self.assertEqual(mail.plan_digests(now=at(9, 31)), 1)  # bob at his time
        self.assertEqual(mail.send_digests(), 1)
        self.assertEqual(
            sorted(m["To"] for m in self.received), ["alice@example.com", "bob@example.com"]
        )
        # Nothing new the next day: no digest.
        self.assertEqual(mail.plan_digests(now=at(8, 5, days=1)), 0)

    def test_the_digest_lists_whats_new_in_english(self) -> None:
        self.commented(created=at(7))
        self.assigned(what="Call the buyer", created=at(7, 30))
        Notification.objects.update(mail_state=MailState.NONE)  # not mailed at once
        mail.plan_digests(now=at(8, 0))
        mail.send_digests()
        (message,) = self.received
        self.assertEqual(message["Subject"], "firstchoice: 2 new notifications")
        text, html = parts(message)
        self.assertIn("Hello Alice,", text)
        self.assertIn("Mary asked you to do “Call the buyer” (Acme <Ltd>)", text)
        self.assertIn("Mary commented on your plan for Acme <Ltd>", text)
        self.assertIn("https://fc.example/plans/alice/2026/AL001/", text)
        self.assertIn("Mary commented on your plan for Acme &lt;Ltd&gt;", html)
        self.assertIn("https://fc.example/notifications/", html)
        # One unsubscribe link per kind in it, and one for everything.
        links = re.findall(r"/notifications/unsubscribe/([^\s\"<]+)", text)
        kinds = sorted(read_token(token)[1] for token in links)  # type: ignore[index]
        self.assertEqual(kinds, ["action_assigned", "all", "plan_commented"])

    def test_the_digest_in_chinese(self) -> None:
        self.alice.language = "zh-hans"
        self.alice.save()
        self.commented(created=at(7))
        mail.plan_digests(now=at(8, 0))
        mail.send_digests()
        (message,) = self.received
        text, html = parts(message)
        self.assertIn("条新通知", message["Subject"])
        self.assertIn("Mary 评论了你在 Acme <Ltd> 的计划", text)
        self.assertIn('lang="zh-Hans"', html)

    def test_a_mail_already_sent_at_once_is_not_in_the_digest(self) -> None:
        self.assigned(created=at(7))
        mail.send_immediate()
        self.assertEqual(mail.plan_digests(now=at(8, 0)), 0)

    def test_what_was_read_in_the_product_is_not_new(self) -> None:
        Notification.objects.filter(pk=self.commented(created=at(7)).pk).update(
            read_at=timezone.now()
        )
        self.assertEqual(mail.plan_digests(now=at(8, 0)), 0)

    def test_an_unsubscribed_kind_is_left_out(self) -> None:
        self.commented(created=at(7))
        Preference.objects.create(user=self.alice, unsubscribed_kinds=[Kind.PLAN_COMMENTED])
        self.assertEqual(mail.plan_digests(now=at(8, 0)), 0)

    def test_digest_off_sends_none(self) -> None:
        self.commented(created=at(7))
        Preference.objects.create(user=self.alice, digest_enabled=False)
        self.assertEqual(mail.plan_digests(now=at(8, 0)), 0)

    def test_a_refused_digest_is_retried_and_delivered_once(self) -> None:
        self.commented(created=at(7))
        mail.plan_digests(now=at(8, 0))
        self.server.inbox.refuse = 1
        self.assertEqual(mail.send_digests(), 0)
        self.assertEqual(Digest.objects.get().state, MailState.PENDING)
        self.assertEqual(mail.plan_digests(now=at(8, 5)), 0)  # not planned twice
        self.assertEqual(mail.send_digests(), 1)
        self.assertEqual(mail.send_digests(), 0)
        self.assertEqual(len(self.received), 1)
        digest = Digest.objects.get()
        self.assertEqual((digest.state, digest.attempts, digest.count), (MailState.SENT, 2, 1))

    def test_the_next_digest_starts_where_the_last_ended(self) -> None:
        self.commented(created=at(7))
        mail.plan_digests(now=at(8, 0))
        mail.send_digests()
        self.commented(created=at(12))
        self.assertEqual(mail.plan_digests(now=at(8, 0, days=1)), 1)
        mail.send_digests()
        self.assertEqual(len(self.received), 2)
        text, _html = parts(self.received[1])
        self.assertIn("there is 1 new notification", text)
