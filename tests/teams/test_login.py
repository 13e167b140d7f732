"""Logging in, with throttling of repeated failures (django-axes)."""

from __future__ import annotations

from django.test import override_settings

from tests.base import PASSWORD, YEAR, BaseTestCase


class LoginTestCase(BaseTestCase):
    def test_it_logs_in_and_lands_on_my_board(self) -> None:
        r = self.client.post("/login/", {"username": "alice", "password": PASSWORD})
        assert r.status_code == 302
        r = self.client.get(r["Location"])
        assert r.status_code == 302 and r["Location"] == f"/board/alice/{YEAR}/"

    def test_it_sends_a_manager_to_the_team(self) -> None:
        self.login(self.mary)
        r = self.client.get("/")
        assert r["Location"] == f"/teams/alpha/{YEAR}/"

    def test_it_explains_a_wrong_password(self) -> None:
        r = self.client.post("/login/", {"username": "alice", "password": "wrong"})
        assert r.status_code == 200
        assert "Please enter a correct username and password" in r.content.decode()

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_it_locks_out_after_repeated_failures(self) -> None:
        for _ in range(3):
            self.client.post("/login/", {"username": "alice", "password": "wrong"})
        r = self.client.post("/login/", {"username": "alice", "password": PASSWORD})
        assert r.status_code == 429
        assert "Too many failed log-in attempts" in r.content.decode()
        assert "_auth_user_id" not in self.client.session

    def test_it_logs_out_only_by_post(self) -> None:
        self.login(self.alice)
        assert self.client.get("/logout/").status_code == 405
        r = self.client.post("/logout/")
        assert r.status_code == 302
        assert self.client.get(f"/board/alice/{YEAR}/").status_code == 302
