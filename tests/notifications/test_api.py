"""GET /api/v1/notifications (unread first), POST …/{id}/read, POST …/read-all."""

from __future__ import annotations

from firstchoice.notifications.models import Notification
from firstchoice.teams.actions import create_token
from tests.notifications.test_views import InboxTestCase


class NotificationsApiTest(InboxTestCase):
    def auth(self, user) -> dict[str, str]:  # type: ignore[no-untyped-def]
        _token, raw = create_token(user=user, name="test")
        return {"Authorization": f"Bearer {raw}"}

    def test_it_lists_ones_own_unread_first(self) -> None:
        Notification.objects.filter(pk=self.second.pk).update(read_at=self.second.created)
        r = self.client.get("/api/v1/notifications", headers=self.auth(self.alice))
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["unread"], 1)
        self.assertEqual([i["id"] for i in data["items"]], [self.first.pk, self.second.pk])
        self.assertEqual(data["items"][0]["title"], "Mary commented on your plan for Acme <b>")
        self.assertIsNone(data["items"][0]["read_at"])
        r = self.client.get("/api/v1/notifications?unread=true", headers=self.auth(self.alice))
        self.assertEqual([i["id"] for i in r.json()["items"]], [self.first.pk])

    def test_it_marks_one_read(self) -> None:
        r = self.client.post(
            f"/api/v1/notifications/{self.first.pk}/read", headers=self.auth(self.alice)
        )
        self.assertEqual(r.status_code, 200)
        self.assertIsNotNone(r.json()["read_at"])

    def test_another_users_notification_answers_404(self) -> None:
        r = self.client.post(
            f"/api/v1/notifications/{self.theirs.pk}/read", headers=self.auth(self.alice)
        )
        self.assertEqual(r.status_code, 404)

    def test_it_marks_all_read(self) -> None:
        r = self.client.post(
            "/api/v1/notifications/read-all",
            {},
            content_type="application/json",
            headers=self.auth(self.alice),
        )
        self.assertEqual(r.json(), {"marked": 2})
        self.assertFalse(Notification.objects.get(pk=self.theirs.pk).is_read)

    def test_without_credentials_it_answers_401(self) -> None:
        self.assertEqual(self.client.get("/api/v1/notifications").status_code, 401)
