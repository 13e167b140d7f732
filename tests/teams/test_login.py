"""Logging in, with throttling of repeated failures (django-axes)."""

from __future__ import annotations

from io import StringIO

from axes.models import AccessAttempt
from django.core.management import call_command
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


@override_settings(AXES_FAILURE_LIMIT=3)
class LockoutAddressTestCase(BaseTestCase):
    """Lockout is per username + client address, and the address is not the client's to pick."""

    def fail(self, username: str, **meta: str) -> None:
        self.client.logout()  # a signed-in client is redirected before any password check
        for _ in range(3):
            self.client.post("/login/", {"username": username, "password": "wrong"}, **meta)

    def log_in(self, username: str, **meta: str) -> int:
        self.client.logout()
        response = self.client.post("/login/", {"username": username, "password": PASSWORD}, **meta)
        return response.status_code

    def test_it_ignores_a_spoofed_forwarded_for_without_a_proxy_setting(self) -> None:
        for i in range(3):
            self.client.post(
                "/login/",
                {"username": "alice", "password": "wrong"},
                REMOTE_ADDR="198.51.100.9",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
            )
        attempt = AccessAttempt.objects.get(username="alice")
        assert attempt.ip_address == "198.51.100.9"
        assert attempt.failures_since_start == 3
        spoofed = {"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
        assert self.log_in("alice", **spoofed) == 429
        # The victim, from their own address, still logs in.
        assert self.log_in("alice", REMOTE_ADDR="192.0.2.1") == 302

    @override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
    def test_it_locks_clients_behind_the_proxy_independently(self) -> None:
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        # The attacker also writes the victim's address first; the proxy appends the real one.
        self.fail("alice", **proxy, HTTP_X_FORWARDED_FOR="192.0.2.7, 198.51.100.9")
        assert AccessAttempt.objects.get(username="alice").ip_address == "198.51.100.9"
        assert self.log_in("alice", **proxy, HTTP_X_FORWARDED_FOR="198.51.100.9") == 429
        # The victim behind the same proxy, from another address, is not locked out.
        assert self.log_in("alice", **proxy, HTTP_X_FORWARDED_FOR="192.0.2.7") == 302
        # A second client locks on its own.
        self.fail("bob", **proxy, HTTP_X_FORWARDED_FOR="192.0.2.8")
        assert self.log_in("bob", **proxy, HTTP_X_FORWARDED_FOR="192.0.2.8") == 429
        assert self.log_in("bob", **proxy, HTTP_X_FORWARDED_FOR="192.0.2.9") == 302

    @override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=2)
    def test_it_reads_the_address_the_outermost_proxy_saw(self) -> None:
        meta = {
            "REMOTE_ADDR": "10.0.0.2",
            "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.9, 10.0.0.1",
        }
        self.fail("alice", **meta)
        assert AccessAttempt.objects.get(username="alice").ip_address == "198.51.100.9"

    def test_it_lets_an_administrator_unlock(self) -> None:
        self.fail("alice", REMOTE_ADDR="192.0.2.7")
        assert self.log_in("alice", REMOTE_ADDR="192.0.2.7") == 429
        out = StringIO()
        call_command("axes_reset_username", "alice", stdout=out)
        assert self.log_in("alice", REMOTE_ADDR="192.0.2.7") == 302
        # The attempts are also in the admin, for an administrator.
        self.fail("bob", REMOTE_ADDR="192.0.2.7")
        self.login(self.root)
        response = self.client.get("/admin/axes/accessattempt/")
        self.assertContains(response, "192.0.2.7")
